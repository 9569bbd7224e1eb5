/**
 * The snapshot table of `qemu-img snapshot -l IMG` and of `qemu-img info`:
 * `ID  TAG  VM SIZE  DATE  VM CLOCK [ICOUNT]`. A long TAG pushes the other
 * columns out of alignment, so rows are read from the right.
 */
import { fields, issue, lines, parseSize, toInt, type Parsed, type ParseIssue } from './types.js';

export interface ImageSnapshot {
  readonly id: string;
  readonly tag: string;
  /** Saved VM state; 0 for disk-only snapshots. Human sizes are rounded. */
  readonly vmStateSizeBytes?: number;
  /** Human form: local time as printed (`2018-03-07 10:14:03`). */
  readonly date?: string;
  /** JSON form: seconds since the epoch. */
  readonly dateSec?: number;
  readonly vmClockS?: number;
  /** QEMU 5.x+ ICOUNT column. */
  readonly icount?: number;
}

export interface SnapshotList {
  readonly snapshots: readonly ImageSnapshot[];
}

export const SNAPSHOT_HEADER = /^ID\s+TAG\s+VM\s+SIZE\s+DATE\s+VM\s+CLOCK(?:\s+ICOUNT)?\s*$/;
const CLOCK = /^(\d+):(\d{2}):(\d{2})(?:\.(\d+))?$/;

function clockSeconds(s: string): number | undefined {
  const m = CLOCK.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(`0.${m[4] ?? '0'}`);
}

/**
 * One snapshot table row, read from the right (clock, time, date, size) because
 * a long TAG pushes the other columns out of alignment; the rest is ID and TAG.
 */
export function parseSnapshotRow(line: string): ImageSnapshot | undefined {
  const t = fields(line);
  let icount: number | undefined;
  if (t.length > 0 && clockSeconds(t[t.length - 1]!) === undefined) {
    icount = toInt(t.pop());
    if (icount === undefined) return undefined;
  }
  const clock = t.pop();
  const time = t.pop();
  const date = t.pop();
  if (clock === undefined || clockSeconds(clock) === undefined || !/^\d{2}:\d{2}:\d{2}$/.test(time ?? '') || !/^\d{4}-\d{2}-\d{2}$/.test(date ?? '')) {
    return undefined;
  }
  // `0 B` / `1.8 GiB` (new) or `0` / `1.8G` (old).
  let size = t.pop() ?? '';
  if (/^[KMGTP]?i?B$/.test(size)) size = `${t.pop() ?? ''} ${size}`;
  const [id = '', ...tag] = t;
  const bytes = parseSize(size);
  return {
    id,
    tag: tag.join(' '),
    ...(bytes !== undefined ? { vmStateSizeBytes: bytes } : {}),
    date: `${date} ${time}`,
    vmClockS: clockSeconds(clock)!,
    ...(icount !== undefined ? { icount } : {}),
  };
}

export function parseSnapshotList(input: string): Parsed<SnapshotList> {
  const snapshots: ImageSnapshot[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '' || text === 'Snapshot list:' || SNAPSHOT_HEADER.test(text)) return;
    const row = parseSnapshotRow(text);
    if (row) snapshots.push(row);
    else issues.push(issue(i + 1, raw, 'not a snapshot table row'));
  });
  return { value: { snapshots }, issues };
}

