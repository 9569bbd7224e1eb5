/**
 * Small text helpers shared by the OVS parsers: OVS prints nested
 * `key(value)` / `key=value` lists where commas inside brackets or quotes do
 * not separate items, and ovs-appctl prints `---- name ----` blocks.
 */
import { lines, lineSpan, type Span } from './types.js';

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * Walks `s` from `from`, calling `visit` for each character outside double
 * quotes with the bracket depth after it; `visit` returning true stops the walk
 * (its index is returned, -1 when the text ends first).
 */
function walkOutsideQuotes(s: string, from: number, visit: (i: number, c: string, depth: number, closed: boolean) => boolean): number {
  const stack: string[] = [];
  let quoted = false;
  for (let i = from; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    let closed = false;
    if (OPEN[c]) stack.push(OPEN[c]!);
    else if (stack.length && c === stack[stack.length - 1]) {
      stack.pop();
      closed = true;
    }
    if (visit(i, c, stack.length, closed)) return i;
  }
  return -1;
}

/**
 * Splits at `sep` characters that are outside (), [], {} and double quotes.
 * Unbalanced input is tolerated: whatever is left becomes the last item.
 */
export function splitTopLevel(s: string, sep = ','): string[] {
  const out: string[] = [];
  let start = 0;
  walkOutsideQuotes(s, 0, (i, c, depth) => {
    if (c === sep && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
    return false;
  });
  out.push(s.slice(start));
  return out.map((x) => x.trim()).filter((x) => x !== '');
}

/** Index of the bracket closing the one at `open`, or -1 when the text ends first. */
export function closingBracket(s: string, open: number): number {
  return walkOutsideQuotes(s, open, (_i, _c, depth, closed) => closed && depth === 0);
}

/*
 * The two line shapes below were regexes, /^-{2,}\s*(.*?)\s*-{2,}$/ and
 * /^([^:]+?)\s*:\s*(.*)$/, whose lazy group next to \s* backtracked
 * quadratically over a run of spaces (over 40 s for a 50,000-character
 * line). These functions give the same results on trimmed lines in linear time.
 */

/** `---- bond0 ----` → `bond0`: the header of each bond/port block (`text` trimmed); undefined for other lines. */
export function blockHeader(text: string): string | undefined {
  let start = 0;
  while (text[start] === '-') start++;
  let end = text.length;
  while (end > 0 && text[end - 1] === '-') end--;
  if (start < 2 || text.length - end < 2) return undefined;
  if (end <= start) return text.length >= 4 ? '' : undefined; // only dashes
  return text.slice(start, end).trim();
}

/** A non-blank line of an ovs-appctl block: as printed, trimmed, and its 1-based number. */
export interface OvsLine {
  readonly raw: string;
  readonly text: string;
  readonly n: number;
}

export interface OvsBlock {
  /** The name in its `---- name ----` header; undefined for the lines before the first header. */
  readonly name: string | undefined;
  /** From the header (or the first line) to the last non-blank line before the next header. */
  readonly span: Span;
  /** The non-blank lines after the header. */
  readonly lines: readonly OvsLine[];
}

/**
 * The one walk of the block outputs of ovs-appctl (`bond/show`, `lacp/show`):
 * a block per `---- name ----` header with the lines up to the next one,
 * the lines before the first header in a block without a name. Blank lines
 * separate members inside a block, never blocks.
 */
export function ovsBlocks(input: string): OvsBlock[] {
  const blocks: { name: string | undefined; span: Span; lines: OvsLine[] }[] = [];
  let current: (typeof blocks)[number] | undefined;
  lines(input).forEach((raw, i) => {
    const n = i + 1;
    const text = raw.trim();
    if (text === '') return;
    const name = blockHeader(text);
    if (name !== undefined) {
      current = { name, span: lineSpan(n), lines: [] };
      blocks.push(current);
      return;
    }
    if (!current) {
      current = { name: undefined, span: lineSpan(n), lines: [] };
      blocks.push(current);
    }
    current.span = { first: current.span.first, last: n };
    current.lines.push({ raw, text, n });
  });
  return blocks;
}

/** `key : value` → [`key`, `value`] at the first colon (`text` trimmed); undefined without a key. */
export function keyValue(text: string): [key: string, value: string] | undefined {
  const colon = text.indexOf(':');
  const key = colon < 0 ? '' : text.slice(0, colon).trimEnd();
  return key === '' ? undefined : [key, text.slice(colon + 1).trimStart()];
}

/** `lACP_status` (OCR'd in the guide), `bond may use recirculation`, `active slave mac` → one spelling. */
export function normaliseOvsKey(key: string): string {
  return key
    .trim()
    .toLowerCase()
    .split(/[\s_-]+/)
    .map((word) => (word === 'slave' ? 'member' : word))
    .join('_');
}

export const boolWord = (s: string): boolean | undefined => (s === 'true' ? true : s === 'false' ? false : undefined);

/** `"qg-dacc6089-be"` → `qg-dacc6089-be`; bare words are returned as they are. */
export function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/\\(.)/g, '$1');
  return t;
}

/** `{df_default="true", in_key=flow}` → `{ df_default: 'true', in_key: 'flow' }`. */
export function parseOvsMap(s: string): Record<string, string> {
  const t = s.trim();
  const body = t.startsWith('{') && t.endsWith('}') ? t.slice(1, -1) : t;
  const out: Record<string, string> = {};
  for (const item of splitTopLevel(body)) {
    const eq = item.indexOf('=');
    if (eq < 0) out[unquote(item)] = '';
    else out[unquote(item.slice(0, eq))] = unquote(item.slice(eq + 1));
  }
  return out;
}

/**
 * Conntrack zones used by `ct(...)` actions, in order: numbers for literal
 * zones, the field text for register zones (`NXM_NX_REG6[0..15]`).
 *
 * One walk over the actions (quotes and brackets as splitTopLevel reads
 * them) collects the top-level arguments of every `ct(` as it goes: finding
 * each `ct(`'s closing bracket and splitting its text again took time
 * quadratic in the nesting (minutes for a line of unclosed `ct(ct(ct(`).
 * A `ct(` inside a quoted string is text, not an action.
 */
export function ctZones(actions: string): (number | string)[] {
  type Frame = { closer: string; ct?: { zones: (number | string)[]; itemStart: number } };
  const perCt: (number | string)[][] = [];
  const stack: Frame[] = [];
  const item = (ct: NonNullable<Frame['ct']>, end: number): void => {
    const zone = /^zone=(.+)$/.exec(actions.slice(ct.itemStart, end).trim())?.[1];
    if (zone !== undefined) ct.zones.push(/^(?:\d+|0x[0-9a-f]+)$/i.test(zone) ? Number(zone) : zone);
  };
  let quoted = false;
  let lastCtEnd = 0;
  for (let i = 0; i < actions.length; i++) {
    const c = actions[i]!;
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    const top = stack[stack.length - 1];
    if (OPEN[c]) {
      // `ct(` at the start or after a non-word character that no earlier `ct(` used (as /(?:^|[^\w])ct\(/g finds them).
      const isCt = c === '(' && actions.startsWith('ct', i - 2) && (i === 2 ? lastCtEnd === 0 : i > 2 && !/\w/.test(actions[i - 3]!) && i - 3 >= lastCtEnd);
      const frame: Frame = { closer: OPEN[c]! };
      if (isCt) {
        frame.ct = { zones: [], itemStart: i + 1 };
        perCt.push(frame.ct.zones);
        lastCtEnd = i + 1;
      }
      stack.push(frame);
    } else if (top && c === top.closer) {
      stack.pop();
      if (top.ct) item(top.ct, i);
    } else if (c === ',' && top?.ct) {
      item(top.ct, i);
      top.ct.itemStart = i + 1;
    }
  }
  // Unclosed `ct(`: their last argument runs to the end.
  for (const frame of stack) if (frame.ct) item(frame.ct, actions.length);
  return perCt.flat();
}
