/**
 * Which LUN a device name stands for. A multipathed LUN shows up under many
 * names: its map (/dev/dm-N, /dev/mapper/<map>, by-id dm-name-/dm-uuid-mpath-),
 * and each of its paths (/dev/sdX, which mounted.ocfs2 lists too). They are
 * one volume, keyed by the map's WWID; a single-path disk is its own key.
 */
import { type DiskLink, parseDiskLink } from '../../src/parsers/disk-links.js';
import { activePathCount, mapPaths, type MultipathMap } from '../../src/parsers/multipath.js';

export interface Volume {
  /** `wwid:<wwid>` or `dev:<device>`: equal for every name of one LUN. */
  readonly key: string;
  readonly wwid?: string | undefined;
  readonly map?: MultipathMap | undefined;
  /** How reports name it: `mpatha (3600...)`, the WWID, or the device. */
  readonly label: string;
}

const byName = (maps: readonly MultipathMap[], name: string) => maps.find((m) => m.name === name || m.alias === name || m.wwid === name);

export function volumeOf(device: string, maps: readonly MultipathMap[]): Volume {
  const base = device.replace(/^\/dev\//, '');
  let map: MultipathMap | undefined;
  let wwid: string | undefined;
  if (device.startsWith('/dev/disk/')) {
    const link = parseDiskLink(device);
    map = (link.mapName ? byName(maps, link.mapName) : undefined) ?? (link.wwid ? maps.find((m) => m.wwid === link.wwid) : undefined);
    wwid = map?.wwid ?? link.wwid;
  } else if (base.startsWith('mapper/')) {
    map = byName(maps, base.slice('mapper/'.length));
  } else if (/^dm-\d+$/.test(base)) {
    map = maps.find((m) => m.dm === base);
  } else {
    map = maps.find((m) => mapPaths(m).some((p) => p.dev === base));
  }
  wwid ??= map?.wwid;
  const label = map ? (map.name !== map.wwid ? `${map.name} (${map.wwid})` : map.wwid) : wwid ?? device;
  return { key: wwid ? `wwid:${wwid}` : `dev:${device}`, ...(wwid ? { wwid } : {}), ...(map ? { map } : {}), label };
}

export interface LunView {
  readonly link: DiskLink;
  readonly volume: Volume;
  /** Paths of its multipath map that carry IO; undefined without a map. */
  readonly usablePaths?: number | undefined;
  readonly totalPaths?: number | undefined;
}

/** What multipath knows about the LUN behind a pool's source path. */
export function lunView(sourceDevice: string, maps: readonly MultipathMap[]): LunView {
  const volume = volumeOf(sourceDevice, maps);
  const m = volume.map;
  return {
    link: parseDiskLink(sourceDevice),
    volume,
    ...(m ? { usablePaths: activePathCount(m), totalPaths: mapPaths(m).length } : {}),
  };
}
