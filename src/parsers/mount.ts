/**
 * Mounted filesystems, from `mount` (`DEV on /path type FS (opts)`) or from
 * `/proc/mounts` / `/proc/self/mounts` (`DEV /path FS opts 0 0`, spaces as `\040`).
 * Guide 3.5.3 step 2 lists the OCFS2 pools with `mount | grep ocfs2`.
 */
import { fields, issue, lines, type ParseIssue, type Parsed } from './types.js';

export interface MountEntry {
  readonly device: string;
  readonly mountPoint: string;
  readonly fsType: string;
  /** Split on commas outside double quotes: `rootcontext="a:b,c"` stays one option. */
  readonly options: string[];
  /** `mount -l` label (`[ROOT]`). */
  readonly label?: string;
  readonly line: number;
}

/**
 * `DEV on DIR type FS[ (OPTIONS)][ [LABEL]]`: the device ends at the first
 * ` on `, the mount point (which may hold spaces, even ` type `) at the last
 * ` type ` after which the line still reads `FS (OPTIONS)`. This is what
 * /^(.+?) on (.+) type (\S+)(?: \((.*)\))?(?: \[(.*)\])?$/ matched, in linear
 * time: that regex took minutes on a long line of repeated entries.
 */
function mountLine(text: string): [device: string, mountPoint: string, fsType: string, options?: string, label?: string] | undefined {
  const on = text.indexOf(' on ', 1);
  if (on < 0) return undefined;
  const rest = text.slice(on + 4);
  const optionsThenLabel = rest.lastIndexOf(') [');
  for (let p = rest.lastIndexOf(' type '); p >= 1; p = rest.lastIndexOf(' type ', p - 1)) {
    const fs = p + 6;
    let end = fs;
    while (end < rest.length && !/\s/.test(rest[end]!)) end++;
    if (end === fs) continue;
    const tail = mountTail(rest, end, optionsThenLabel);
    if (tail) return [text.slice(0, on), rest.slice(0, p), rest.slice(fs, end), ...tail];
  }
  return undefined;
}

/** What follows the filesystem type from `at` on: nothing, ` (OPTIONS)`, ` [LABEL]` or both; undefined for anything else. */
function mountTail(s: string, at: number, optionsThenLabel: number): [options?: string, label?: string] | undefined {
  const last = s.length - 1;
  if (at === s.length) return [];
  if (s.startsWith(' (', at)) {
    if (s[last] === ')' && last >= at + 2) return [s.slice(at + 2, last)];
    if (s[last] === ']' && optionsThenLabel >= at + 2) return [s.slice(at + 2, optionsThenLabel), s.slice(optionsThenLabel + 3, last)];
    return undefined;
  }
  if (s.startsWith(' [', at) && s[last] === ']' && last >= at + 2) return [undefined, s.slice(at + 2, last)];
  return undefined;
}

export function parseMount(input: string): Parsed<MountEntry[]> {
  const value: MountEntry[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const text = raw.trimEnd();
    if (text.trim() === '') return;
    const m = mountLine(text);
    if (!m) {
      issues.push(issue(i + 1, raw, 'expected "DEV on DIR type FS (OPTIONS)"'));
      return;
    }
    const [device, mountPoint, fsType, options, label] = m;
    value.push({ device, mountPoint, fsType, options: splitOptions(options ?? ''), ...(label !== undefined ? { label } : {}), line: i + 1 });
  });
  return { value, issues };
}

export function parseProcMounts(input: string): Parsed<MountEntry[]> {
  const value: MountEntry[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const f = fields(raw);
    if (f.length !== 6 || !/^\d+$/.test(f[4]!) || !/^\d+$/.test(f[5]!)) {
      issues.push(issue(i + 1, raw, 'expected "DEV DIR FS OPTIONS DUMP PASS"'));
      return;
    }
    value.push({
      device: unescapeOctal(f[0]!),
      mountPoint: unescapeOctal(f[1]!),
      fsType: f[2]!,
      options: splitOptions(unescapeOctal(f[3]!)),
      line: i + 1,
    });
  });
  return { value, issues };
}

/** The kernel writes space, tab, newline and backslash in mount fields as `\040`, `\011`, `\012`, `\134`. */
function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

function splitOptions(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      if (cur !== '') out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** Value of `key=value` among the options (`heartbeat=local`), `true` for a bare flag, undefined when absent. */
export function mountOption(entry: MountEntry, key: string): string | true | undefined {
  for (const o of entry.options) {
    if (o === key) return true;
    if (o.startsWith(`${key}=`)) return o.slice(key.length + 1);
  }
  return undefined;
}

/** The OCFS2 volumes (storage pools); the `ocfs2_dlmfs` control mount on /dlm is not one. */
export function ocfs2Mounts(entries: readonly MountEntry[]): MountEntry[] {
  return entries.filter((e) => e.fsType === 'ocfs2');
}

export const parsers = {
  mount: parseMount,
  'proc-mounts': parseProcMounts,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
