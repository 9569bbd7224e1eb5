/**
 * `/proc/diskstats`: cumulative IO counters per block device. Two samples a
 * few seconds apart give the same rates as `iostat -x` without needing
 * sysstat on the host (guide 3.5.1). Field count by kernel: 11 (< 4.18),
 * 15 (+ discards, 4.18), 17 (+ flushes, 5.5); later additions are ignored.
 */
import { fields, issue, lines, toInt, type ParseIssue, type Parsed } from './types.js';

export interface DiskStat {
  readonly major: number;
  readonly minor: number;
  readonly name: string;
  readonly readsCompleted: number;
  readonly readsMerged: number;
  readonly sectorsRead: number;
  readonly msReading: number;
  readonly writesCompleted: number;
  readonly writesMerged: number;
  readonly sectorsWritten: number;
  readonly msWriting: number;
  readonly iosInProgress: number;
  /** io_ticks: ms the device had IO in flight (basis of %util). */
  readonly msDoingIo: number;
  /** time_in_queue: weighted ms (basis of the average queue size). */
  readonly weightedMsDoingIo: number;
  readonly discardsCompleted?: number;
  readonly discardsMerged?: number;
  readonly sectorsDiscarded?: number;
  readonly msDiscarding?: number;
  readonly flushesCompleted?: number;
  readonly msFlushing?: number;
  /** Its line in the input (evidence). */
  readonly line: number;
}

const BASE_FIELDS = [
  'readsCompleted',
  'readsMerged',
  'sectorsRead',
  'msReading',
  'writesCompleted',
  'writesMerged',
  'sectorsWritten',
  'msWriting',
  'iosInProgress',
  'msDoingIo',
  'weightedMsDoingIo',
] as const;
const DISCARD_FIELDS = ['discardsCompleted', 'discardsMerged', 'sectorsDiscarded', 'msDiscarding'] as const;
const FLUSH_FIELDS = ['flushesCompleted', 'msFlushing'] as const;

export function parseDiskstats(input: string): Parsed<DiskStat[]> {
  const value: DiskStat[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const f = fields(raw);
    const major = toInt(f[0]);
    const minor = toInt(f[1]);
    const counters = f.slice(3).map(toInt);
    if (major === undefined || minor === undefined || counters.length < 11 || counters.some((c) => c === undefined)) {
      issues.push(issue(i + 1, raw, 'expected "major minor name" and at least 11 counters'));
      return;
    }
    const named = (names: readonly string[], from: number) =>
      counters.length >= from + names.length ? Object.fromEntries(names.map((k, j) => [k, counters[from + j]!])) : {};
    value.push({
      major,
      minor,
      name: f[2]!,
      ...(named(BASE_FIELDS, 0) as Pick<DiskStat, (typeof BASE_FIELDS)[number]>),
      ...named(DISCARD_FIELDS, 11),
      ...named(FLUSH_FIELDS, 15),
      line: i + 1,
    });
  });
  return { value, issues };
}

export interface DiskIoRate {
  readonly name: string;
  readonly rps: number;
  readonly wps: number;
  readonly rkBps: number;
  readonly wkBps: number;
  /** ms per completed request (reads, writes, discards), 0 without IO. */
  readonly await: number;
  readonly rAwait: number;
  readonly wAwait: number;
  /** Percent of the interval with IO in flight, at most 100. */
  readonly util: number;
  readonly aquSz: number;
  /** Requests in flight at the second sample. */
  readonly inFlight: number;
}

export interface DiskstatsDelta {
  readonly devices: DiskIoRate[];
  /** Devices whose counters went backwards (re-created device, 32-bit wrap): no rate. */
  readonly resetDevices: string[];
}

const SECTOR_KB = 0.5;

/** Rates between two samples taken `seconds` apart (a before b). Devices in only one sample are left out. */
export function diskstatsDelta(a: readonly DiskStat[], b: readonly DiskStat[], seconds: number): DiskstatsDelta {
  const devices: DiskIoRate[] = [];
  const resetDevices: string[] = [];
  if (!(seconds > 0)) return { devices, resetDevices };
  const before = new Map(a.map((d) => [d.name, d]));
  for (const now of b) {
    const then = before.get(now.name);
    if (!then) continue;
    const d = (k: keyof DiskStat) => ((now[k] as number | undefined) ?? 0) - ((then[k] as number | undefined) ?? 0);
    const deltas = [...BASE_FIELDS.filter((k) => k !== 'iosInProgress'), ...DISCARD_FIELDS].map(d);
    if (deltas.some((x) => x < 0)) {
      resetDevices.push(now.name);
      continue;
    }
    const reads = d('readsCompleted');
    const writes = d('writesCompleted');
    const discards = d('discardsCompleted');
    const ios = reads + writes + discards;
    const perIo = (ms: number, count: number) => (count > 0 ? round(ms / count) : 0);
    devices.push({
      name: now.name,
      rps: round(reads / seconds),
      wps: round(writes / seconds),
      rkBps: round((d('sectorsRead') * SECTOR_KB) / seconds),
      wkBps: round((d('sectorsWritten') * SECTOR_KB) / seconds),
      await: perIo(d('msReading') + d('msWriting') + d('msDiscarding'), ios),
      rAwait: perIo(d('msReading'), reads),
      wAwait: perIo(d('msWriting'), writes),
      util: round(Math.min(100, (d('msDoingIo') / (seconds * 1000)) * 100)),
      aquSz: round(d('weightedMsDoingIo') / (seconds * 1000)),
      inFlight: now.iosInProgress,
    });
  }
  return { devices, resetDevices };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export const parsers = {
  'proc-diskstats': parseDiskstats,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
