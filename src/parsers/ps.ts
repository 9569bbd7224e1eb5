/**
 * `ps` output with a header line: usdiag's own formats
 * (`ps -e -o pid,ppid,stat,wchan:32,etimes,args`) and the common ones
 * (`ps alxwww`, `ps auxcww`, `ps -ef`, `ps axo ...,lstart,...,cmd`).
 *
 * Columns are mapped by header name. Every column is one token except
 * STARTED (`lstart` is five tokens `Wed Feb  9 22:38:08 2022`, `start` can be
 * two, `Feb 09`) and the last column, which takes the rest of the line (a
 * command with its arguments). A command column that is not last (the
 * guide's `ps -e -o pid,stat,comm,wchan=WIDE-WCHAN-COLUMN`) must be one token.
 */
import { issue, lines, toInt, tokens, type ParseIssue, type Parsed } from './types.js';
import { isWeekday, monthIndex } from './storage-common.js';

export interface PsRow {
  readonly pid: number;
  readonly ppid?: number;
  /** STAT (`D`, `D<`, `Ssl`, `S<sl`) or, without it, the one-letter S column. */
  readonly stat?: string;
  /** Kernel function the task sleeps in; `-` when running. Truncated to the column width by some formats. */
  readonly wchan?: string;
  /** Command name: the comm column, or the program name taken from args (`[kworker/0:1]` → `kworker/0:1`). */
  readonly comm?: string;
  /** Full command line, when the column holds one (`args`, `cmd`, `ps aux` COMMAND). */
  readonly args?: string;
  readonly user?: string;
  readonly uid?: number;
  /** From `etimes` (seconds) or `etime` (`[[dd-]hh:]mm:ss`). */
  readonly elapsedSeconds?: number;
  /** STARTED / START / STIME as printed. */
  readonly started?: string;
  /** Every column by header name, as printed. */
  readonly columns: Readonly<Record<string, string>>;
  readonly line: number;
  /** The header line the row was read by (0 when the columns were given). */
  readonly headerLine: number;
}

export interface PsOptions {
  /** Header names for output whose header was filtered away (`ps ... | grep D`). */
  readonly columns?: readonly string[];
}

const COMMAND_HEADERS = new Set(['COMMAND', 'CMD', 'COMM', 'ARGS']);

export function parsePs(input: string, options: PsOptions = {}): Parsed<PsRow[]> {
  const value: PsRow[] = [];
  const issues: ParseIssue[] = [];
  let header: readonly string[] | undefined = options.columns;
  let headerLine = 0;
  // Joined once per header, not once per row that does not match it.
  const shown = (h: readonly string[]): string => {
    const text = h.join(' ');
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  };
  let headerText = header ? shown(header) : '';

  lines(input).forEach((raw, i) => {
    const n = i + 1;
    if (raw.trim() === '') return;
    const isHeader = isHeaderLine(raw);
    if (!header || isHeader) {
      if (isHeader) {
        headerText = shown((header = raw.trim().split(/\s+/)));
        headerLine = n;
      } else issues.push(issue(n, raw, 'ps row before any header line'));
      return;
    }
    const cells = splitRow(raw, header);
    const row = cells && toRow(cells, n, headerLine);
    if (row) value.push(row);
    else issues.push(issue(n, raw, `does not match the header ${headerText}`));
  });
  return { value, issues };
}

/** Names a PID column and holds no number (every data row has its PID). */
function isHeaderLine(raw: string): boolean {
  const tokens = raw.trim().split(/\s+/);
  return tokens.includes('PID') && !tokens.some((t) => /^\d+$/.test(t));
}

/**
 * Cuts a row into the header's columns; undefined when tokens run out. The
 * row is split into tokens once: a regex per column over the rest of the
 * line was quadratic for a header of thousands of columns.
 */
function splitRow(raw: string, header: readonly string[]): Map<string, string> | undefined {
  const cells = new Map<string, string>();
  const row = raw.trim();
  const t = tokens(row);
  let next = 0;
  for (let c = 0; c < header.length; c++) {
    const name = header[c]!;
    if (next >= t.length) return undefined;
    if (c === header.length - 1) {
      cells.set(name, row.slice(t[next]!.start));
      break;
    }
    const take = name === 'STARTED' ? startedTokens(t[next]!.text) : 1;
    if (next + take > t.length) return undefined;
    cells.set(name, t.slice(next, next + take).map((x) => x.text).join(' '));
    next += take;
  }
  return cells;
}

/** `lstart`: `Wed Feb  9 22:38:08 2022` (5 tokens); `start` older than a day: `Feb 09` (2); else `22:38:08` (1). */
function startedTokens(first: string): number {
  if (isWeekday(first)) return 5;
  if (monthIndex(first) !== undefined) return 2;
  return 1;
}

function toRow(cells: Map<string, string>, line: number, headerLine: number): PsRow | undefined {
  const pid = toInt(cells.get('PID'));
  if (pid === undefined) return undefined;
  const ppid = toInt(cells.get('PPID'));
  const stat = cells.get('STAT') ?? cells.get('S');
  const wchanKey = [...cells.keys()].find((k) => k.includes('WCHAN'));
  const wchan = wchanKey ? cells.get(wchanKey) : undefined;
  const command = commandFields(cells);
  const who = cells.get('USER') ?? cells.get('EUSER') ?? cells.get('RUSER');
  const uidText = cells.get('UID');
  const uid = toInt(uidText);
  const user = who ?? (uidText !== undefined && uid === undefined ? uidText : undefined);
  const elapsedSeconds = elapsed(cells.get('ELAPSED'));
  const started = cells.get('STARTED') ?? cells.get('START') ?? cells.get('STIME');
  return {
    pid,
    ...(ppid !== undefined ? { ppid } : {}),
    ...(stat !== undefined ? { stat } : {}),
    ...(wchan !== undefined ? { wchan } : {}),
    ...command,
    ...(user !== undefined ? { user } : {}),
    ...(uid !== undefined ? { uid } : {}),
    ...(elapsedSeconds !== undefined ? { elapsedSeconds } : {}),
    ...(started !== undefined ? { started } : {}),
    columns: Object.fromEntries(cells),
    line,
    headerLine,
  };
}

/**
 * `comm` prints the bare name, `args`/`cmd` the command line with kernel
 * threads in brackets. COMMAND is the header of both: a value with spaces,
 * a path or brackets is a command line.
 */
function commandFields(cells: Map<string, string>): { comm?: string; args?: string } {
  const key = [...cells.keys()].find((k) => COMMAND_HEADERS.has(k));
  if (!key) return {};
  const text = cells.get(key)!;
  const isArgs = key === 'CMD' || key === 'ARGS' || (key === 'COMMAND' && /\s|^\/|^\[.*\]$/.test(text));
  if (!isArgs) return { comm: text };
  const kernelThread = /^\[(.+)\]$/.exec(text);
  const program = kernelThread ? kernelThread[1]! : text.split(/\s+/, 1)[0]!.split('/').pop()!.replace(/:$/, '');
  return { comm: program, args: text };
}

/** `etimes` (plain seconds) or `etime` (`[[dd-]hh:]mm:ss`). */
function elapsed(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const secs = toInt(s);
  if (secs !== undefined) return secs;
  const m = /^(?:(?:(\d+)-)?(\d+):)?(\d+):(\d+)$/.exec(s);
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

/** Tasks in uninterruptible sleep (`D`, `D+`, `D<`): stuck on IO or a cluster lock. */
export function dStateProcesses(rows: readonly PsRow[]): PsRow[] {
  return rows.filter((r) => r.stat?.startsWith('D'));
}

export const parsers = {
  ps: (s: string) => parsePs(s),
} satisfies Record<string, (s: string) => Parsed<unknown>>;
