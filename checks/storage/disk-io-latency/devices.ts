/**
 * What a block device is to the host's storage (guide 3.5.1): a multipath
 * map, a path of one (judged in its map), or a plain disk, and the mounts
 * on it; which devices are judged at all (partitions count in their disk,
 * loop and optical devices never carry pool IO).
 */
import type { MountEntry } from '../../../src/parsers/mount.js';
import { mapPaths } from '../../../src/parsers/multipath-health.js';
import type { MultipathMap } from '../../../src/parsers/multipath.js';

/** Kernel name → how the host's storage uses it. */
export interface DeviceRole {
  /** The multipath map this device is (role map) or is a path of (role path). */
  readonly map?: MultipathMap | undefined;
  readonly role: 'map' | 'path' | 'plain';
  /** Mounts on this device (by any of its names). */
  readonly mounts: readonly MountEntry[];
}

/** `sda1` of `sda`, `nvme0n1p1` of `nvme0n1`: partitions are already counted in their disk. */
export function isPartition(name: string, all: ReadonlySet<string>): boolean {
  for (const parent of all) {
    if (parent === name || !name.startsWith(parent)) continue;
    const rest = name.slice(parent.length);
    if (/\d$/.test(parent) ? /^p\d+$/.test(rest) : /^\d+$/.test(rest)) return true;
  }
  return false;
}

/** Devices that never carry VM or pool IO worth judging. */
export function isPseudoDevice(name: string): boolean {
  return /^(?:loop|ram|sr|fd|zram|nbd)\d+$/.test(name);
}

export function deviceRole(
  name: string,
  maps: readonly MultipathMap[],
  mounts: readonly MountEntry[],
  resolved: ReadonlyMap<string, string>,
): DeviceRole {
  const own = mounts.filter((m) => resolved.get(m.device) === name);
  const asMap = maps.find((m) => m.dm === name);
  if (asMap) return { map: asMap, role: 'map', mounts: own };
  const asPath = maps.find((m) => mapPaths(m).some((p) => p.dev === name));
  if (asPath) return { map: asPath, role: 'path', mounts: own };
  return { role: 'plain', mounts: own };
}

/** A pool mount: OCFS2, or anything under /vms. */
export function isPoolMount(m: MountEntry): boolean {
  return m.fsType === 'ocfs2' || m.mountPoint.startsWith('/vms');
}

/** The mount holding a file: the longest mount point that is a prefix of its path. */
export function mountOfPath(path: string, mounts: readonly MountEntry[]): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const m of mounts) {
    const prefix = m.mountPoint.endsWith('/') ? m.mountPoint : `${m.mountPoint}/`;
    if (path.startsWith(prefix) && (!best || m.mountPoint.length > best.mountPoint.length)) best = m;
  }
  return best;
}
