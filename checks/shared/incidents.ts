/**
 * How a verdict joins another check's incident: the UI hangs, a VM is frozen,
 * an image cannot be checked because a pool is blocked. The report then shows
 * them under the pool's incident, not as faults of their own.
 */
import type { CheckResult, IncidentLink } from '../../src/engine/types.js';

/** A warn or fail of another check: the one to point to instead of repeating it. */
export function isFinding(f: CheckResult): boolean {
  return f.status === 'fail' || f.status === 'warn';
}

/** Another check's finding as the incident this verdict belongs to, as one it affects. */
export function affectedBy(f: CheckResult): IncidentLink | undefined {
  return f.incident && isFinding(f) ? { ...f.incident, role: 'affected' } : undefined;
}

/**
 * The mount points storage-blocked's finding names blocked (df hung, or a
 * lock waited for in every sample), from its `data`; none when it is no finding.
 */
export function blockedPools(f: CheckResult): string[] {
  if (!isFinding(f) || !Array.isArray(f.data)) return [];
  return (f.data as Array<{ mount?: unknown; hung?: unknown; waitingLocks?: unknown }>)
    .filter((p) => typeof p.mount === 'string' && (p.hung === true || (Array.isArray(p.waitingLocks) && p.waitingLocks.length > 0)))
    .map((p) => p.mount as string);
}
