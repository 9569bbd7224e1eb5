/**
 * The OCFS2 volumes pool-no-slot judges, each once: the rows `mounted.ocfs2 -f`
 * prints for one LUN (its multipath map and its paths) taken together, with
 * the nodes in its slot map, the ones this cluster does not know, and what the
 * logs say the platform refused to mount.
 */
import { readProblem } from '../../../src/engine/outputs.js';
import type { MultipathMap } from '../../../src/parsers/multipath.js';
import { foreignNodes, type MountedOcfs2Volume } from '../../../src/parsers/ocfs2-mounted.js';
import type { ClusterView } from '../../shared/ocfs2-cluster.js';
import type { SharedPool } from '../../shared/pool-libvirt.js';
import { type LogLine, refusedDisk } from '../../shared/pool-logs.js';
import { type Volume, volumeOf } from '../../shared/pool-volume.js';

export interface VolumeView {
  readonly volume: Volume;
  readonly rows: readonly MountedOcfs2Volume[];
  readonly nodes: readonly string[];
  /** Names/numbers cluster.conf does not know. */
  readonly foreign: readonly string[];
  /** This host's own name or number on a volume it has not mounted. */
  readonly impostor?: string | undefined;
  /** This host's own name in the slot map while its own mounts could not be read: neither ours nor an impostor. */
  readonly ownNameUnjudged?: string | undefined;
  /** Cluster name in the superblock (1.8 layout) that is not ours. */
  readonly otherCluster?: string | undefined;
  readonly mountedHere: boolean;
  readonly pool?: SharedPool | undefined;
  readonly refusals: readonly LogLine[];
}

/** Each OCFS2 volume once (its map and path rows together), with who holds a slot and what the logs say of it. */
export function volumeViews(
  view: ClusterView,
  rows: readonly MountedOcfs2Volume[],
  refusals: readonly LogLine[],
  maps: readonly MultipathMap[],
  pools: readonly SharedPool[],
): VolumeView[] {
  const localKeys = new Set(view.mounts.map((m) => volumeOf(m.device, maps).key));
  // An unread `mount` lists nothing: every volume would look not mounted here.
  const mountsRead = readProblem(view.mountOutput) === undefined;
  const localNode = view.conf?.nodes.find((n) => n.number === view.localNode);
  const ourCluster = view.conf?.clusters[0]?.name;
  const poolOf = (v: Volume, mountPoint?: string) =>
    pools.find((p) => (p.sourceDevice && volumeOf(p.sourceDevice, maps).key === v.key) || p.targetPath === mountPoint);
  const refusedVolume = (l: LogLine) => volumeOf(refusedDisk(l)!, maps);

  const byKey = new Map<string, { volume: Volume; rows: MountedOcfs2Volume[] }>();
  for (const r of rows.filter((x) => x.nodes !== undefined)) {
    const volume = volumeOf(r.device, maps);
    const g = byKey.get(volume.key) ?? { volume, rows: [] };
    g.rows.push(r);
    byKey.set(volume.key, g);
  }
  for (const l of refusals) {
    const v = refusedVolume(l);
    if (!byKey.has(v.key)) byKey.set(v.key, { volume: v, rows: [] });
  }
  return [...byKey.values()].map(({ volume, rows: rs }) => {
    const nodes = [...new Set(rs.flatMap((r) => r.nodes ?? []))];
    const mountedHere = localKeys.has(volume.key);
    const ownName = localNode && nodes.find((n) => n === localNode.name || n === String(localNode.number));
    const otherCluster = rs.map((r) => r.cluster).find((c) => c && ourCluster && c !== ourCluster);
    const local = view.mounts.find((m) => volumeOf(m.device, maps).key === volume.key);
    return {
      volume,
      rows: rs,
      nodes,
      foreign: view.conf ? [...new Set(rs.flatMap((r) => foreignNodes(r, view.conf!)))] : [],
      impostor: ownName && !mountedHere && mountsRead ? ownName : undefined,
      ownNameUnjudged: ownName && !mountsRead ? ownName : undefined,
      otherCluster,
      mountedHere,
      pool: poolOf(volume, local?.mountPoint),
      refusals: refusals.filter((l) => refusedVolume(l).key === volume.key),
    };
  });
}
