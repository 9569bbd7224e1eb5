/**
 * `last -x [-F]`: logins, reboots, shutdowns and runlevel changes from wtmp,
 * newest first, ending with `wtmp begins <date>`. A reboot with no shutdown
 * record between it and the previous boot was unclean: a crash, a power loss
 * or an OCFS2 fence (guide 3.5.4).
 *
 *   reboot   system boot  4.15.0-142-gener Tue Mar 14 14:29   still running
 *   shutdown system down  4.15.0-142-gener Tue Mar 14 14:20 - 14:29  (00:09)
 *   root     pts/0        10.0.0.1         Mon Mar 13 10:00 - crash  (04:29)
 *   reboot   system boot  0.0.0.0          Mon Jun 19 16:59:20 2023 - Mon Jun 19 14:35:00 2023  (-2:-24)   (-F)
 *
 * Without -F there is no year: give a reference date (when `last` ran), or
 * the `wtmp begins` line (which always has one) anchors the oldest record.
 * Columns are found around the start time, because the host column can be blank.
 */
import { fields, issue, lines, type ParseIssue, type Parsed } from './types.js';
import { dateWithoutYear, monthIndex, parseClock, parseIsoStamp, wallClockToDate, type WallClock } from './storage-common.js';
import { ctimeToDate } from './syslog.js';

export type LastKind = 'reboot' | 'shutdown' | 'runlevel' | 'user';

export interface LastRecord {
  readonly kind: LastKind;
  /** User name, or `reboot` / `shutdown` / `runlevel`. */
  readonly user: string;
  /** Terminal (`pts/0`) or `system boot` / `system down` / `(to lvl 3)`. */
  readonly tty?: string;
  /** Remote host for logins; the kernel release for reboot and shutdown records (truncated to 16 chars). */
  readonly host?: string;
  readonly start?: Date;
  readonly startText: string;
  /** From the printed end time (-F) or start + duration. */
  readonly end?: Date;
  readonly durationMinutes?: number;
  /** `still logged in` / `still running`. */
  readonly ongoing: boolean;
  /** `- crash`: the system went down while this session was open, without a shutdown. */
  readonly crash: boolean;
  /** `- down`: ended by a clean shutdown. */
  readonly down: boolean;
  /**
   * Reboot records only: true when no shutdown record (or a crashed session)
   * shows the previous boot ended uncleanly; false after a clean shutdown;
   * undefined when unknown (oldest boot, or `last` without -x).
   */
  readonly unclean?: boolean;
  readonly line: number;
}

export interface LastOutput {
  readonly records: LastRecord[];
  /** `wtmp begins ...`: records older than this are gone. */
  readonly wtmpBegins?: Date;
}

export interface LastOptions {
  /** When `last` ran; resolves year-less start times. */
  readonly reference?: Date;
  /** Host's UTC offset in minutes; default: the workstation's local zone. */
  readonly utcOffsetMinutes?: number;
}

const START = /(?:^|\s)([A-Z][a-z]{2}) ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}:\d{2}(?::\d{2})?)(?: (\d{4}))?(?=\s|$)/;
const ISO_START = /(?:^|\s)(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:?\d{2}|Z)?)(?=\s|$)/;
const DURATION = /\((-?\d+\+)?(-?\d+):(-?\d+)\)\s*$/;

type Raw = Omit<LastRecord, 'start' | 'end' | 'unclean'> & { clock?: WallClock; year?: number; iso?: Date; endIso?: Date };

export function parseLastX(input: string, options: LastOptions = {}): Parsed<LastOutput> {
  const issues: ParseIssue[] = [];
  const raws: Raw[] = [];
  let wtmpBegins: Date | undefined;

  lines(input).forEach((rawLine, i) => {
    const n = i + 1;
    const text = rawLine.trimEnd();
    if (text.trim() === '') return;
    const begins = /^wtmp begins (.+)$/.exec(text.trim());
    if (begins) {
      wtmpBegins = ctimeToDate(begins[1]!, options.utcOffsetMinutes) ?? parseIsoStamp(begins[1]!.trim(), options.utcOffsetMinutes);
      return;
    }
    const rec = parseRecordLine(text, n, options);
    if (rec) raws.push(rec);
    else issues.push(issue(n, rawLine, 'not a last record'));
  });

  const starts = resolveStarts(raws, options, wtmpBegins);
  const records: LastRecord[] = raws.map((r, i) => {
    const start = starts[i];
    const end = r.endIso ?? (start && r.durationMinutes !== undefined ? new Date(start.getTime() + r.durationMinutes * 60_000) : undefined);
    const { clock: _c, year: _y, iso: _i, endIso: _e, ...rest } = r;
    return { ...rest, ...(start ? { start } : {}), ...(end ? { end } : {}) };
  });
  const withUnclean = markUncleanReboots(records);
  return { value: { records: withUnclean, ...(wtmpBegins ? { wtmpBegins } : {}) }, issues };
}

function parseRecordLine(text: string, line: number, options: LastOptions): Raw | undefined {
  const iso = ISO_START.exec(text);
  const classic = iso ? undefined : START.exec(text);
  const m = iso ?? classic;
  if (!m) return undefined;
  const before = text.slice(0, m.index).trim();
  const after = text.slice(m.index + m[0].length).trim();
  const head = fields(before);
  const user = head[0];
  if (!user) return undefined;
  const kind: LastKind = user === 'reboot' || user === 'shutdown' || user === 'runlevel' ? user : 'user';
  // reboot/shutdown ttys are two words ("system boot"), runlevel's is "(to lvl 3)"
  const ttyWords = kind === 'user' ? 1 : kind === 'runlevel' ? 3 : 2;
  const tty = head.slice(1, 1 + ttyWords).join(' ') || undefined;
  const host = head.slice(1 + ttyWords).join(' ') || undefined;

  let clock: WallClock | undefined;
  let year: number | undefined;
  let isoStart: Date | undefined;
  if (iso) {
    isoStart = parseIsoStamp(iso[1]!, options.utcOffsetMinutes);
    if (!isoStart) return undefined;
  } else {
    const month = monthIndex(classic![2]);
    const time = parseClock(classic![4]!);
    if (month === undefined || !time) return undefined;
    clock = { month, day: Number(classic![3]), ...time };
    if (classic![5] !== undefined) year = Number(classic![5]);
  }

  const duration = DURATION.exec(after);
  const durationMinutes = duration
    ? Number((duration[1] ?? '0').replace('+', '')) * 1440 + Number(duration[2]) * 60 + Number(duration[3])
    : undefined;
  const endPart = after.replace(DURATION, '').replace(/^-\s*/, '').trim();
  const endIso = /^\S+ \S+ +\d+ [\d:]+ \d{4}$/.test(endPart)
    ? ctimeToDate(endPart, options.utcOffsetMinutes)
    : parseIsoStamp(endPart, options.utcOffsetMinutes);
  return {
    kind,
    user,
    ...(tty ? { tty } : {}),
    ...(host ? { host } : {}),
    startText: m[0].trim(),
    ...(durationMinutes !== undefined ? { durationMinutes } : {}),
    ongoing: /^still (?:logged in|running)/.test(after),
    crash: /^-\s*crash\b/.test(after),
    down: /^-\s*down\b/.test(after),
    line,
    ...(clock ? { clock } : {}),
    ...(year !== undefined ? { year } : {}),
    ...(isoStart ? { iso: isoStart } : {}),
    ...(endIso ? { endIso } : {}),
  };
}

/**
 * Year-less starts: newest first from the reference, each no later than the
 * one above it; without a reference, oldest first from `wtmp begins`.
 */
function resolveStarts(raws: Raw[], options: LastOptions, wtmpBegins: Date | undefined): Array<Date | undefined> {
  const off = options.utcOffsetMinutes;
  const out: Array<Date | undefined> = raws.map((r) =>
    r.iso ?? (r.clock && r.year !== undefined ? wallClockToDate(r.year, r.clock, off) : undefined),
  );
  if (out.every((d, i) => d !== undefined || !raws[i]!.clock)) return out;
  if (options.reference) {
    let cursor = options.reference;
    raws.forEach((r, i) => {
      if (out[i] === undefined && r.clock) out[i] = dateWithoutYear(r.clock, cursor, off);
      if (out[i]) cursor = out[i]!;
    });
  } else if (wtmpBegins) {
    let cursor = wtmpBegins;
    for (let i = raws.length - 1; i >= 0; i--) {
      const r = raws[i]!;
      if (out[i] === undefined && r.clock) out[i] = dateNotBefore(r.clock, cursor, off);
      if (out[i]) cursor = out[i]!;
    }
  }
  return out;
}

/** The first date with this wall clock that is not (more than a day) before `cursor`. */
function dateNotBefore(c: WallClock, cursor: Date, off: number | undefined): Date {
  const year = cursor.getUTCFullYear();
  for (const y of [year - 1, year, year + 1]) {
    const d = wallClockToDate(y, c, off);
    if (d.getTime() >= cursor.getTime() - 24 * 3600_000) return d;
  }
  return wallClockToDate(year + 2, c, off);
}

function markUncleanReboots(records: LastRecord[]): LastRecord[] {
  const hasX = records.some((r) => r.kind === 'shutdown' || r.kind === 'runlevel');
  return records.map((r, i) => {
    if (r.kind !== 'reboot') return r;
    let sawShutdown = false;
    let sawCrash = false;
    for (let j = i + 1; j < records.length; j++) {
      const older = records[j]!;
      if (older.kind === 'reboot') {
        const unclean = sawShutdown ? false : sawCrash || hasX ? true : undefined;
        return unclean === undefined ? r : { ...r, unclean };
      }
      if (older.kind === 'shutdown') sawShutdown = true;
      if (older.crash) sawCrash = true;
    }
    // no older boot left in wtmp: only a shutdown or a crashed session tells
    return sawShutdown ? { ...r, unclean: false } : sawCrash ? { ...r, unclean: true } : r;
  });
}

export function uncleanReboots(value: LastOutput): LastRecord[] {
  return value.records.filter((r) => r.kind === 'reboot' && r.unclean === true);
}

export const parsers = {
  'last-x': (s: string) => parseLastX(s),
} satisfies Record<string, (s: string) => Parsed<unknown>>;
