/**
 * Block devices under the names the kernel counts and logs them by
 * (/proc/diskstats, `OCFS2: ERROR (device dm-0)`): `dm-0`, `sdb`. Mounts and
 * VM disks name them in many ways: /dev/dm-0, /dev/sdb, /dev/mapper/mpatha,
 * /dev/disk/by-id/dm-name-<wwid> (guide 3.5.2), dm-uuid-mpath-<wwid>.
 * `multipath -ll` says which dm-N a map is; `readlink -f` settles the rest.
 * Shared by disk-io-latency (which device a pool or a VM disk is on) and
 * ocfs2-repair (which pool a kernel log line is about).
 */
import { readProblem } from '../../src/engine/outputs.js';
import type { HostContext } from '../../src/engine/types.js';
import type { Msg } from '../../src/i18n/message.js';
import type { MultipathMap } from '../../src/parsers/multipath.js';
import { cmd } from '../../src/transport/command.js';

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

export interface KernelNames {
  /** Device path → kernel name, for the paths that could be resolved. */
  readonly names: ReadonlyMap<string, string>;
  /** Why some paths could not be resolved (a readlink that failed, not one that found nothing). */
  readonly problems: readonly Msg[];
}

/**
 * Kernel names of device paths: from the path or multipath first, then
 * `readlink -f` on the host (LVM volumes, by-id/by-path links). Paths that
 * cannot be resolved are left out; a readlink that failed says why. Whether
 * those reads are ones a verdict rests on is the caller's choice (pass a
 * lead context for names that only label).
 */
export async function resolveDevicePaths(host: HostContext, paths: readonly string[], maps: readonly MultipathMap[]): Promise<KernelNames> {
  const names = new Map<string, string>();
  const problems: Msg[] = [];
  await Promise.all([...new Set(paths)].filter((p) => p.startsWith('/dev/')).map(async (p) => {
    const known = staticKernelName(p, maps);
    if (known) {
      names.set(p, known);
      return;
    }
    const link = await host.run(readlinkDevice(p));
    if (link.read.kind === 'failed') problems.push(link.read.reason);
    const name = readProblem(link) === undefined ? DIRECT.exec(link.stdout.trim())?.[1] : undefined;
    if (name) names.set(p, name);
  }));
  return { names, problems };
}
