/**
 * Block devices under the names the kernel counts and logs them by
 * (/proc/diskstats, `OCFS2: ERROR (device dm-0)`): `dm-0`, `sdb`. Mounts and
 * VM disks name them in many ways: /dev/dm-0, /dev/sdb, /dev/mapper/mpatha,
 * /dev/disk/by-id/dm-name-<wwid> (guide 3.5.2), dm-uuid-mpath-<wwid>.
 * `multipath -ll` says which dm-N a map is; `readlink -f` settles the rest.
 */
import { problem } from '../../../src/engine/outputs.js';
import type { HostContext } from '../../../src/engine/types.js';
import type { MountEntry } from '../../../src/parsers/mount.js';
import { mapPaths } from '../../../src/parsers/multipath-health.js';
import type { MultipathMap } from '../../../src/parsers/multipath.js';
import { cmd } from '../../../src/transport/command.js';

/** Kernel name → how the host's storage uses it. */
export interface DeviceRole {
  /** The multipath map this device is (role map) or is a path of (role path). */
  readonly map?: MultipathMap | undefined;
  readonly role: 'map' | 'path' | 'plain';
  /** Mounts on this device (by any of its names). */
  readonly mounts: readonly MountEntry[];
}

const DIRECT = /^\/dev\/([^/]+)$/;

function mapByName(maps: readonly MultipathMap[], name: string): MultipathMap | undefined {
  return maps.find((m) => m.name === name || m.alias === name || m.wwid === name);
}

/** The kernel name of a device path when the path itself (or multipath) says it; undefined otherwise. */
export function staticKernelName(path: string, maps: readonly MultipathMap[]): string | undefined {
  const direct = DIRECT.exec(path);
  if (direct) return direct[1];
  const mapped =
    /^\/dev\/mapper\/([^/]+)$/.exec(path)?.[1] ??
    /^\/dev\/mpath\/([^/]+)$/.exec(path)?.[1] ??
    /^\/dev\/disk\/by-id\/dm-name-([^/]+)$/.exec(path)?.[1] ??
    /^\/dev\/disk\/by-id\/dm-uuid-mpath-([^/]+)$/.exec(path)?.[1];
  return mapped === undefined ? undefined : mapByName(maps, mapped)?.dm;
}

export function readlinkDevice(path: string) {
  return cmd('readlink', '-f', path);
}

/**
 * Kernel names of device paths: from the path or multipath first, then
 * `readlink -f` on the host (LVM volumes, by-id/by-path links). Paths that
 * cannot be resolved are left out.
 */
export async function resolveDevicePaths(
  host: HostContext,
  paths: readonly string[],
  maps: readonly MultipathMap[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all([...new Set(paths)].filter((p) => p.startsWith('/dev/')).map(async (p) => {
    const known = staticKernelName(p, maps);
    if (known) {
      out.set(p, known);
      return;
    }
    const link = await host.run(readlinkDevice(p));
    const target = link.stdout.trim();
    const name = problem(link) === undefined ? DIRECT.exec(target)?.[1] : undefined;
    if (name) out.set(p, name);
  }));
  return out;
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

/** The mount holding a file: the longest mount point that is a prefix of its path. */
export function mountOfPath(path: string, mounts: readonly MountEntry[]): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const m of mounts) {
    const prefix = m.mountPoint.endsWith('/') ? m.mountPoint : `${m.mountPoint}/`;
    if (path.startsWith(prefix) && (!best || m.mountPoint.length > best.mountPoint.length)) best = m;
  }
  return best;
}
