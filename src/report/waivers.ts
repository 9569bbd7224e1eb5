/**
 * Waivers (like InSpec's): a YAML list of accepted findings. A finding
 * (fail, warn, unknown, error) of a check on a host that an unexpired waiver
 * names is reported as `waived`, keeping its own status, the reason and the
 * expiry; it no longer raises the exit status. After the expiry date the
 * finding is reported as it is, with a note that its waiver expired. An `ok`
 * is never waived (there is nothing to accept).
 *
 * ```yaml
 * - check: multipath-wwid        # a catalogue id, or a glob (storage-*)
 *   host: cvknode1*              # a glob on the host's name or address
 *   reason: path sdd is being replaced (ticket 4711)
 *   expires: 2026-12-31          # optional, YYYY-MM-DD; valid through that day
 * ```
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { keyOffset, nodeOffset } from '../inventory/yaml-locate.js';
import { z } from 'zod';
import { CHECK_IDS, type Status } from '../core.js';
import { text } from '../i18n/text.js';
import { ConfigError } from '../inventory/errors.js';

/** The statuses a waiver may accept. */
export const WAIVABLE: ReadonlySet<Status> = new Set(['fail', 'warn', 'unknown', 'error']);

const GLOB_CHARS = /[*?[]/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function realDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const waiverSchema = z.strictObject({
  check: z.string().min(1).refine((v) => GLOB_CHARS.test(v) || (CHECK_IDS as readonly string[]).includes(v), {
    message: 'unknown check id (see "usdiag list"; a glob such as storage-* is allowed)',
  }),
  host: z.string().min(1),
  reason: z.string().trim().min(1),
  expires: z.string().refine(realDate, { message: 'must be a date YYYY-MM-DD' }).optional(),
});

const fileSchema = z.array(waiverSchema);

export interface Waiver {
  readonly check: string;
  readonly host: string;
  readonly reason: string;
  readonly expires?: string | undefined;
  /** Where it is written: `file:line`. */
  readonly where: string;
}

/** What a waiver did to one result. */
export interface WaiverNote {
  readonly reason: string;
  readonly expires?: string | undefined;
  /** The waiver matched but its date has passed: the finding stands. */
  readonly expired?: true | undefined;
}

export function loadWaivers(path: string): Waiver[] {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new ConfigError(path, text(`cannot read the waiver file (${code})`, `无法读取豁免文件（${code}）`));
  }
  return parseWaivers(source, path);
}

export function parseWaivers(source: string, path: string): Waiver[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined) => (offset === undefined ? path : `${path}:${lineCounter.linePos(offset).line}`);
  if (doc.errors.length) {
    const err = doc.errors[0]!;
    const m = err.message.split('\n')[0]!;
    throw new ConfigError(at(err.pos[0]), text(`not valid YAML: ${m}`, `不是有效的 YAML：${m}`));
  }
  const value: unknown = doc.toJS();
  // An empty file waives nothing.
  if (value === null || value === undefined) return [];
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const p = issue.path.map((x) => (typeof x === 'symbol' ? String(x) : x));
    if (p.length === 0) {
      throw new ConfigError(at(nodeOffset(doc, [])), text(
        'must be a list of waivers (- check: ID, host: GLOB, reason: TEXT, expires: YYYY-MM-DD)',
        '应为豁免条目的列表（- check: ID, host: GLOB, reason: 说明, expires: YYYY-MM-DD）',
      ));
    }
    const key = p.map((x) => (typeof x === 'number' ? `[${x}]` : `.${x}`)).join('');
    if (issue.code === 'unrecognized_keys') {
      const k = issue.keys[0]!;
      throw new ConfigError(at(keyOffset(doc, p, k)), text(`unknown key "${key}.${k}"`, `未知的键 "${key}.${k}"`));
    }
    const node = doc.getIn(p, true);
    const offset = nodeOffset(doc, p);
    if (node === undefined && p.length >= 2) {
      throw new ConfigError(at(offset), text(`missing required key "${key}"`, `缺少必需的键 "${key}"`));
    }
    if (issue.code === 'invalid_type') {
      throw new ConfigError(at(offset), text(`"${key}" must be ${issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`}`, `"${key}" 的类型应为 ${issue.expected}`));
    }
    const last = p[p.length - 1];
    if (last === 'check' && issue.code === 'custom') {
      throw new ConfigError(at(offset), text(`"${key}": ${issue.message}`, `"${key}"：未知的检查项（见 "usdiag list"；可用通配，如 storage-*）`));
    }
    if (last === 'expires' && issue.code === 'custom') {
      throw new ConfigError(at(offset), text(`"${key}": ${issue.message}`, `"${key}"：应为日期 YYYY-MM-DD`));
    }
    if (issue.code === 'too_small') throw new ConfigError(at(offset), text(`"${key}" must not be empty`, `"${key}" 不能为空`));
    throw new ConfigError(at(offset), text(`"${key}": ${issue.message}`, `"${key}"：${issue.message}`));
  }
  return parsed.data.map((w, i) => ({
    check: w.check,
    host: w.host,
    reason: w.reason.trim(),
    ...(w.expires !== undefined ? { expires: w.expires } : {}),
    where: at(nodeOffset(doc, [i])),
  }));
}

/** A shell-style glob (`*`, `?`, `[...]`) as an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The workstation's date, YYYY-MM-DD in its own time zone: what "expires" is compared with. */
export function localDate(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export interface WaiverMatcher {
  /** The note for a result of `check` on the host (name, address), or undefined when no waiver names it. */
  match(check: string, host: { name: string; address?: string | undefined }, status: Status): WaiverNote | undefined;
}

/**
 * Matches results against waivers on `today` (YYYY-MM-DD). The first
 * unexpired waiver that names a finding wins; an expired one only when none
 * is still valid (the note says it expired).
 */
export function waiverMatcher(waivers: readonly Waiver[], today: string): WaiverMatcher {
  const compiled = waivers.map((w) => ({ w, check: globToRegExp(w.check), host: globToRegExp(w.host) }));
  return {
    match(check, host, status) {
      if (!WAIVABLE.has(status)) return undefined;
      let expired: WaiverNote | undefined;
      for (const c of compiled) {
        if (!c.check.test(check)) continue;
        if (!c.host.test(host.name) && !(host.address !== undefined && c.host.test(host.address))) continue;
        const note = { reason: c.w.reason, ...(c.w.expires !== undefined ? { expires: c.w.expires } : {}) };
        if (c.w.expires === undefined || today <= c.w.expires) return note;
        expired ??= { ...note, expired: true };
      }
      return expired;
    },
  };
}

