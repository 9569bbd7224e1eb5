/**
 * Small helpers shared by the storage-side parsers (multipath, OCFS2, logs,
 * ps, last). Kept apart from types.ts, which belongs to the foundation.
 */
import { stripAnsi } from './types.js';

/**
 * Command output always ends with a newline; output that does not was cut
 * inside its last line (command killed by a timeout, capture size cap).
 * Only for command output: hand-edited config files may lack the final newline.
 */
export function endsMidLine(text: string): boolean {
  const s = stripAnsi(text);
  return s.length > 0 && !s.endsWith('\n');
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "Mar", "march", "3月" (zh_CN locale) → 0-based month; undefined otherwise. */
export function monthIndex(token: string | undefined): number | undefined {
  if (!token) return undefined;
  const zh = /^(\d{1,2})月$/.exec(token);
  if (zh) {
    const m = Number(zh[1]) - 1;
    return m >= 0 && m < 12 ? m : undefined;
  }
  const i = MONTHS.indexOf(token.slice(0, 3).toLowerCase());
  return i >= 0 && /^[a-z]+$/i.test(token) ? i : undefined;
}

const WEEKDAYS = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*$|^(?:周|星期)?[一二三四五六日天]$/i;

/** "Wed", "Wednesday", "三", "周三", "星期三" (zh_CN). */
export function isWeekday(token: string | undefined): boolean {
  return token !== undefined && WEEKDAYS.test(token);
}

export interface WallClock {
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond?: number;
}

/**
 * Builds a Date from a wall-clock time. With `utcOffsetMinutes` the clock is
 * the host's local time at that offset (China: 480); without it, the local
 * zone of the machine running usdiag is assumed.
 */
export function wallClockToDate(year: number, c: WallClock, utcOffsetMinutes?: number): Date {
  const ms = c.millisecond ?? 0;
  if (utcOffsetMinutes === undefined) return new Date(year, c.month, c.day, c.hour, c.minute, c.second, ms);
  return new Date(Date.UTC(year, c.month, c.day, c.hour, c.minute, c.second, ms) - utcOffsetMinutes * 60_000);
}

/** Clock skew tolerated between the host and the reference before a date counts as "in the future". */
const FUTURE_SLACK_MS = 24 * 3600_000;

/**
 * Year-less timestamps (classic syslog, `last`): take the reference's year,
 * or the year before when that would put the line in the future.
 */
export function dateWithoutYear(c: WallClock, reference: Date, utcOffsetMinutes?: number): Date {
  // The reference's year in UTC can differ from the host's around New Year: try both neighbours.
  const year = reference.getUTCFullYear();
  const limit = reference.getTime() + FUTURE_SLACK_MS;
  for (const y of [year + 1, year, year - 1]) {
    const d = wallClockToDate(y, c, utcOffsetMinutes);
    if (d.getTime() <= limit) return d;
  }
  return wallClockToDate(year - 2, c, utcOffsetMinutes);
}

/** "14:28:52", "14:28", "14:28:52.044059" → parts; undefined when malformed. */
export function parseClock(s: string): { hour: number; minute: number; second: number; millisecond: number } | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/.exec(s);
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = m[3] === undefined ? 0 : Number(m[3]);
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const millisecond = m[4] === undefined ? 0 : Math.floor(Number(`0.${m[4]}`) * 1000);
  return { hour, minute, second, millisecond };
}

/**
 * ISO-8601 stamps as syslog/journalctl print them: "2023-05-22T14:58:22.044059+08:00",
 * "2023-05-22T14:58:22+0800", "2023-05-22 14:58:22" (no zone: local of `utcOffsetMinutes`).
 */
export function parseIsoStamp(s: string, utcOffsetMinutes?: number): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return undefined;
  const clock = parseClock(m[4]!);
  if (!clock) return undefined;
  const month = Number(m[2]) - 1;
  const day = Number(m[3]);
  if (month > 11 || day < 1 || day > 31) return undefined;
  let offset = utcOffsetMinutes;
  const zone = m[5];
  if (zone === 'Z') offset = 0;
  else if (zone) {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    offset = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  }
  return wallClockToDate(Number(m[1]), { month, day, ...clock }, offset);
}

/** Parses `key=value` / `key='quoted value'` pairs (multipath map and group lines). */
export function keyValuePairs(s: string): Map<string, string> {
  const out = new Map<string, string>();
  // (?<![\w-]): a key starts a word; else a long word without `=` was retried from each of its characters (quadratic).
  for (const m of s.matchAll(/(?<![\w-])([\w-]+)=(?:'([^']*)'|"([^"]*)"|(\S*))/g)) {
    out.set(m[1]!, m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}
