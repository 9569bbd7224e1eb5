/**
 * Parsers are pure functions from a command's text to typed data. They never
 * throw: what they cannot read is returned as issues beside what they could.
 */
export interface ParseIssue {
  /** 1-based line number in the input. */
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

export interface Parsed<T> {
  readonly value: T;
  /** Lines that were not understood (noise, unknown format, garbage). */
  readonly issues: readonly ParseIssue[];
  /** The input ended in the middle of a record (truncated or killed output). */
  readonly incomplete?: boolean;
}

export type Parser<T> = (input: string) => Parsed<T>;

/**
 * The lines a record was read from: 1-based, `first` to `last` inclusive.
 * Evidence is cut from spans, so no check walks a tool's output a second time.
 */
export interface Span {
  readonly first: number;
  readonly last: number;
}

/** A one-line span. */
export function lineSpan(line: number): Span {
  return { first: line, last: line };
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Removes colour/bold escapes some tools print even without a TTY. */
export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

/** Splits output into lines (CRLF tolerant), without the trailing empty line. */
export function lines(s: string): string[] {
  const out = stripAnsi(s).split(/\r?\n/);
  if (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

/**
 * Splits on runs of whitespace into at most `limit` fields; the last field keeps
 * the rest of the line (a command name with spaces, a wrapped column).
 */
export function fields(line: string, limit = Infinity): string[] {
  const out: string[] = [];
  let rest = line.trim();
  while (rest !== '' && out.length < limit - 1) {
    const m = /\s+/.exec(rest);
    if (!m) break;
    out.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
  }
  if (rest !== '') out.push(rest);
  return out;
}

/** Whitespace-separated tokens with their offsets in `line`, for reading a row from the right without a backtracking regex. */
export function tokens(line: string): { readonly text: string; readonly start: number }[] {
  return Array.from(line.matchAll(/\S+/g), (m) => ({ text: m[0], start: m.index }));
}

/**
 * The matches of /\[([^\]]*)\]/g (or with `(` and `)`): each `open` up to the
 * first `close` after it, left to right. In linear time: the regex retried
 * an unclosed `[` at every later `[` (quadratic on `[[[[...`).
 */
export function bracketed(s: string, open: string, close: string): { readonly start: number; readonly end: number; readonly inner: string }[] {
  const out: { start: number; end: number; inner: string }[] = [];
  for (let from = 0; ; ) {
    const start = s.indexOf(open, from);
    const end = start < 0 ? -1 : s.indexOf(close, start + 1);
    if (end < 0) return out;
    out.push({ start, end: end + 1, inner: s.slice(start + 1, end) });
    from = end + 1;
  }
}

export function issue(line: number, text: string, reason: string): ParseIssue {
  return { line, text: text.length > 300 ? `${text.slice(0, 300)}…` : text, reason };
}

/** Parses a decimal integer; undefined for anything else. */
export function toInt(s: string | undefined): number | undefined {
  if (s === undefined || !/^-?\d+$/.test(s.trim())) return undefined;
  return Number(s.trim());
}

const UNIT: Record<string, number> = { '': 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4, P: 1024 ** 5 };

/** "10 GiB", "433M", "1.8G", "39.8 MiB", "6.04T", "512" → bytes (binary units). */
export function parseSize(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  // Trimmed first: a trailing \s*$ after the optional unit retried the whole
  // run of spaces at every space of `39.8<many spaces>x` (quadratic).
  const m = /^(\d+(?:\.\d+)?)\s*([KMGTP]?)(?:i?B)?$/i.exec(s.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNIT[m[2]!.toUpperCase()]!);
}
