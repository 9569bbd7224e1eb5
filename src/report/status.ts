/** Statuses and the contract's exit codes (monitoring-plugin style). */
import type { SkipReason, Status } from '../engine/types.js';

export const STATUSES: readonly Status[] = ['ok', 'warn', 'fail', 'unknown', 'skipped', 'error', 'waived'];

export const EXIT_USAGE = 64;

/**
 * Worst status over all results: 0 all ok/skipped, 1 some warn, 2 some fail,
 * 3 some unknown/error and no fail. A waived finding counts as ok.
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

/** A result counts as checked when a check looked at the host (a not-applicable skip looked too). */
export function wasChecked(r: { readonly status: Status; readonly skipReason?: SkipReason | undefined }): boolean {
  return r.status !== 'skipped' || r.skipReason === 'not-applicable';
}

/**
 * The exit status of a run: exitCodeFor its results, and 3 (unknown) when
 * no check looked at any host (a check without a module, a guide-only entry,
 * a check for another role): "nothing found" would be a lie.
 */
export function runExitCode(results: readonly { readonly status: Status; readonly skipReason?: SkipReason | undefined }[]): number {
  const code = exitCodeFor(results.map((r) => r.status));
  return code === 0 && results.length > 0 && !results.some(wasChecked) ? 3 : code;
}

/** Severity for sorting findings (fail first). */
export function severity(s: Status): number {
  return { fail: 0, error: 1, unknown: 2, warn: 3, ok: 4, waived: 5, skipped: 6 }[s];
}

export function countStatuses(statuses: Iterable<Status>): Record<Status, number> {
  const c: Record<Status, number> = { ok: 0, warn: 0, fail: 0, unknown: 0, skipped: 0, error: 0, waived: 0 };
  for (const s of statuses) c[s]++;
  return c;
}
