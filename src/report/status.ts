/** Statuses and the contract's exit codes (monitoring-plugin style). */
import type { Status } from '../engine/types.js';

export const STATUSES: readonly Status[] = ['ok', 'warn', 'fail', 'unknown', 'skipped', 'error'];

export const EXIT_USAGE = 64;

/**
 * Worst status over all results: 0 all ok/skipped, 1 some warn, 2 some fail,
 * 3 some unknown/error and no fail.
 */
export function exitCodeFor(statuses: Iterable<Status>): number {
  let code = 0;
  for (const s of statuses) {
    if (s === 'fail') return 2;
    if (s === 'unknown' || s === 'error') code = 3;
    else if (s === 'warn' && code === 0) code = 1;
  }
  return code;
}

/** Severity for sorting findings (fail first). */
export function severity(s: Status): number {
  return { fail: 0, error: 1, unknown: 2, warn: 3, ok: 4, skipped: 5 }[s];
}

export function countStatuses(statuses: Iterable<Status>): Record<Status, number> {
  const c: Record<Status, number> = { ok: 0, warn: 0, fail: 0, unknown: 0, skipped: 0, error: 0 };
  for (const s of statuses) c[s]++;
  return c;
}
