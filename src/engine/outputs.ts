/**
 * Small vocabulary checks use on command outputs: did it run, why not, and
 * which lines to show as evidence.
 */
import { type Msg, type MsgValue, msgText } from '../i18n/message.js';
import type { Text } from '../i18n/text.js';
import { engineMsg } from './messages.js';
import type { Span } from '../parsers/types.js';
import type { CommandOutput, Evidence } from './types.js';

/** The command ran to completion (any exit status). */
export function ran(out: CommandOutput): boolean {
  return !out.failure && !out.timedOut && out.exitCode !== null;
}

/** The command ran and succeeded. */
export function succeeded(out: CommandOutput): boolean {
  return ran(out) && out.exitCode === 0;
}

/** The program is not installed (shell exit 127) or not runnable (126). */
export function missingProgram(out: CommandOutput): boolean {
  return out.exitCode === 127 || out.exitCode === 126;
}

/**
 * Why an output cannot be used, as a message; undefined when it can. An
 * absent file or program is a reason too (the check decides what absence means).
 */
export function readProblem(out: CommandOutput): Msg | undefined {
  const r = out.read;
  if (r.kind === 'failed') return r.reason;
  if (r.kind === 'ok') return undefined;
  const command = out.key;
  if (r.what === 'program') return engineMsg('readNoProgram', { command, host: out.host });
  return engineMsg('readFailed', { command, host: out.host, why: firstLine(out.stderr) || `exit ${out.exitCode}` });
}

/** readProblem in both languages, for checks not yet on message tables. */
export function problem(out: CommandOutput): Text | undefined {
  const m = readProblem(out);
  return m ? msgText(m) : undefined;
}

export function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

/**
 * The lines of `text` that the spans cover (parsers' records, or single line
 * numbers), in input order, each once. A span past the end is cut to it.
 */
export function linesOf(text: string, spans: readonly (Span | number)[]): string[] {
  const all = text.split('\n');
  const keep = new Set<number>();
  for (const s of spans) {
    const { first, last } = typeof s === 'number' ? { first: s, last: s } : s;
    for (let n = Math.max(1, first); n <= Math.min(last, all.length); n++) keep.add(n);
  }
  return [...keep].sort((a, b) => a - b).map((n) => all[n - 1]!).filter((l) => l.trim() !== '');
}

/** Evidence of the records a parser read from this output (by their spans). */
export function excerpt(out: CommandOutput, spans: readonly (Span | number)[], note?: MsgValue): Evidence {
  return evidence(out, linesOf(out.stdout, spans), note);
}

/** Evidence from an output: the given lines, or its first lines when none are given. */
export function evidence(out: CommandOutput, lines?: readonly string[] | string, note?: MsgValue): Evidence {
  const body =
    lines === undefined
      ? out.stdout.split('\n').slice(0, 20).join('\n')
      : typeof lines === 'string'
        ? lines
        : lines.join('\n');
  return {
    host: out.host,
    command: out.key,
    excerpt: body.replace(/\s+$/, ''),
    ...(note ? { note } : {}),
    ...(out.timedOut ? { timedOutAfterSec: Math.round(out.durationMs / 1000) } : {}),
  };
}

/** Lines of `s` matching `re`, at most `max`. */
export function grepLines(s: string, re: RegExp, max = 20): string[] {
  const out: string[] = [];
  for (const line of s.split('\n')) {
    if (re.test(line)) {
      out.push(line);
      if (out.length >= max) break;
    }
  }
  return out;
}

/**
 * `parse(out.stdout)`, computed once per output and parser. One host's output
 * object is shared by its own checks and by every other host's check that
 * reads it as a peer (ip-conflict, vm-migration-stuck, shared-pool-start), so
 * keying the result on it makes N hosts cost N parses of each file, not N².
 * Parsers are pure, so the cached value is the one a fresh parse would give.
 */
const parsedOutputs = new WeakMap<CommandOutput, Map<(input: string) => unknown, unknown>>();
let parseCalls = 0;

export function parsedOnce<T>(out: CommandOutput, parse: (input: string) => T): T {
  let byParser = parsedOutputs.get(out);
  if (!byParser) parsedOutputs.set(out, (byParser = new Map()));
  if (byParser.has(parse)) return byParser.get(parse) as T;
  parseCalls++;
  const value = parse(out.stdout);
  byParser.set(parse, value);
  return value;
}

/** How many parses parsedOnce ran so far in this process (tests count them). */
export function parsedOnceCalls(): number {
  return parseCalls;
}
