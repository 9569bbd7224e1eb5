/**
 * Deciding from `multipath -ll` path states, never from group status: a
 * failed path can sit in the group flagged active, and no group is active
 * right after multipathd restarts.
 */
import type { MultipathMap, MultipathPath } from './multipath-types.js';

export type PathHealth = 'usable' | 'failed' | 'unchecked' | 'pending';

const FAILED_CHECKER = new Set(['faulty', 'shaky', 'i/o timeout', 'disconnected']);
const FAILED_ONLINE = new Set(['offline', 'transport-offline']);

/**
 * usable: kernel active and checker ready/ghost; failed: kernel failed, checker
 * faulty/shaky/timeout/disconnected or device offline; unchecked: checker `undef`
 * (`multipath -l` does not run checkers); pending: anything transitional.
 */
export function pathHealth(p: MultipathPath): PathHealth {
  if (p.dmState === 'failed' || FAILED_CHECKER.has(p.checkerState)) return 'failed';
  if (p.onlineState !== undefined && FAILED_ONLINE.has(p.onlineState)) return 'failed';
  // blocked: the transport is recovering (iSCSI/FC); IO waits, the path may come back
  if (p.onlineState === 'blocked') return 'pending';
  if (p.checkerState === 'undef') return 'unchecked';
  if (p.dmState === 'active' && (p.checkerState === 'ready' || p.checkerState === 'ghost')) return 'usable';
  return 'pending';
}

export function mapPaths(map: MultipathMap): MultipathPath[] {
  return map.groups.flatMap((g) => g.paths);
}

export function failedPaths(map: MultipathMap): MultipathPath[] {
  return mapPaths(map).filter((p) => pathHealth(p) === 'failed');
}

/** Paths that can carry IO now (ready or ghost); `active undef` paths are not counted (never checked). */
export function activePathCount(map: MultipathMap): number {
  return mapPaths(map).filter((p) => pathHealth(p) === 'usable').length;
}
