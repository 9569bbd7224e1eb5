/** Line-level readers for `multipath -ll`: map header, map attributes, path group, path. */
import { bracketed, fields, lineSpan, parseSize } from './types.js';
import { keyValuePairs } from './storage-common.js';
import type { MultipathGroup, MultipathMap, MultipathPath } from './multipath-types.js';

export type MutableMap = { -readonly [K in keyof MultipathMap]: MultipathMap[K] };

const HEADER = /^(?:(?:create|reload|switchpg|rename): )?(.*?\S)\s+(dm-\d+)(?:\s+(.*))?$/;
const NAME_AND_WWID = /^(.*?\S)\s+\((.+)\)$/;
const PATH = /^[\s|`]*(?:[|`]-|\\_)\s*(\d+:\d+:\d+:\d+|#:#:#:#)\s+(\S+)\s+(\d+:\d+|#:#)\s*(.*)$/;
const GROUP_NEW = /^[\s|`]*[|`]-\+-\s*(.*)$/;
const GROUP_OLD_HEAD = /^\s*\\_\s*/;

/**
 * `\_ round-robin 0 [prio=1][active]` → [`round-robin 0`, `[prio=1][active]`]:
 * what /^\s*\\_\s*(.*?)\s*((?:\[[^\]]*\]\s*)+)$/ matched, in linear time (the
 * regex retried the chain of [...] groups from every `[`: quadratic). The
 * groups are the longest run of `[...]` (spaces between) that reaches the
 * end; valid[i] says whether one starts at i, computed right to left.
 */
function oldGroupLine(text: string): [policy: string, groups: string] | undefined {
  const head = GROUP_OLD_HEAD.exec(text);
  if (!head) return undefined;
  const n = text.length;
  const isSpace = (i: number): boolean => /\s/.test(text[i]!);
  const nextNonSpace = new Int32Array(n + 1).fill(n);
  for (let i = n - 1; i >= 0; i--) nextNonSpace[i] = isSpace(i) ? nextNonSpace[i + 1]! : i;
  const valid = new Uint8Array(n + 1);
  let close = -1;
  for (let i = n - 1; i >= head[0].length; i--) {
    if (text[i] === ']') close = i;
    else if (text[i] === '[' && close > i) {
      const q = nextNonSpace[close + 1]!;
      valid[i] = q === n || (text[q] === '[' && valid[q] === 1) ? 1 : 0;
    }
  }
  let y = head[0].length;
  while (y < n && !valid[y]) y++;
  if (y === n) return undefined;
  let x = y;
  while (x > head[0].length && isSpace(x - 1)) x--;
  return [text.slice(head[0].length, x), text.slice(y)];
}

export function parseHeader(text: string, line: number): MutableMap | undefined {
  if (/^[\s|`\\[]/.test(text)) return undefined;
  const m = HEADER.exec(text);
  if (!m) return undefined;
  const left = m[1]!;
  if (/[=:]$/.test(left) || left.includes(' = ')) return undefined;
  // Only a name that ends with `)`: else the regex retried every ` (` to the end of the line (quadratic).
  const named = left.endsWith(')') ? NAME_AND_WWID.exec(left) : null;
  const [vendor, product] = splitVendorProduct(m[3]);
  return {
    name: named ? named[1]! : left,
    ...(named ? { alias: named[1]! } : {}),
    wwid: named ? named[2]! : left,
    dm: m[2]!,
    ...(vendor !== undefined ? { vendor } : {}),
    ...(product !== undefined ? { product } : {}),
    groups: [],
    line,
    span: lineSpan(line),
  };
}

function splitVendorProduct(s: string | undefined): [string | undefined, string | undefined] {
  if (!s || !s.includes(',')) return [undefined, undefined];
  const comma = s.indexOf(',');
  const known = (v: string) => (v === '' || v === '##' ? undefined : v);
  return [known(s.slice(0, comma).trim()), known(s.slice(comma + 1).trim())];
}

/** `size=54T features='3 queue_if_no_path ...' hwhandler='1 rdac' wp=rw` or `[size=100G][features=1 queue_if_no_path][hwhandler=1 emc][rw]`. */
export function applyMapAttributes(map: MutableMap, text: string): void {
  const attrs = new Map<string, string>();
  if (text.startsWith('[')) {
    for (const { inner } of bracketed(text, '[', ']')) {
      const eq = inner.indexOf('=');
      if (eq > 0) attrs.set(inner.slice(0, eq), inner.slice(eq + 1));
      else attrs.set('wp', inner);
    }
  } else {
    for (const [k, v] of keyValuePairs(text)) attrs.set(k, v);
  }
  const size = attrs.get('size');
  if (size !== undefined) {
    map.size = size;
    const bytes = parseSize(size);
    if (bytes !== undefined) map.sizeBytes = bytes;
  }
  if (attrs.has('features')) map.features = attrs.get('features');
  if (attrs.has('hwhandler')) map.hwhandler = attrs.get('hwhandler');
  if (attrs.has('wp')) map.writePolicy = attrs.get('wp');
}

export function parseGroupLine(text: string): MultipathGroup | undefined {
  const modern = GROUP_NEW.exec(text);
  if (modern) {
    const kv = keyValuePairs(modern[1]!);
    return groupOf(kv.get('policy'), kv.get('prio'), kv.get('status'));
  }
  const old = oldGroupLine(text);
  if (!old) return undefined;
  let prio: string | undefined;
  let status: string | undefined;
  for (const { inner } of bracketed(old[1], '[', ']')) {
    if (inner.startsWith('prio=')) prio = inner.slice(5);
    else status = inner;
  }
  return groupOf(old[0] || undefined, prio, status);
}

function groupOf(policy: string | undefined, prio: string | undefined, status: string | undefined): MultipathGroup {
  const p = prio !== undefined && /^-?\d+$/.test(prio) ? Number(prio) : undefined;
  return {
    ...(policy !== undefined ? { policy } : {}),
    ...(p !== undefined ? { prio: p } : {}),
    ...(status !== undefined ? { status } : {}),
    paths: [],
  };
}

export function parsePathLine(text: string, line: number): MultipathPath | undefined {
  const m = PATH.exec(text);
  if (!m) return undefined;
  const rest = m[4]!.trim();
  let states: string[];
  if (rest.startsWith('[')) {
    states = bracketed(rest, '[', ']').map((x) => x.inner.trim());
  } else {
    const t = fields(rest);
    // The checker state can be two words ("i/o pending"): it is everything between the first and last token.
    states = t.length >= 3 ? [t[0]!, t.slice(1, -1).join(' '), t.at(-1)!] : t;
  }
  if (states.length < 2) return undefined;
  return {
    ...(m[1] !== '#:#:#:#' ? { hctl: m[1]! } : {}),
    ...(m[2] !== '-' ? { dev: m[2]! } : {}),
    ...(m[3] !== '#:#' ? { majMin: m[3]! } : {}),
    dmState: states[0]!,
    checkerState: states[1]!,
    ...(states[2] !== undefined ? { onlineState: states[2] } : {}),
    line,
    span: lineSpan(line),
  };
}
