/**
 * Guide 3.5.1's two remedies (move the VM to another pool, limit its IO)
 * only help when the VMs are what loads the device. This weighs the VMs'
 * own IO against the device's and looks for a pool with room to move to.
 */
import type { DiskIoRate } from '../../../src/parsers/diskstats.js';
import type { DeviceRole } from './devices.js';
import type { VmDiskRate } from './vms.js';

/** One VM's IO on one device (all its disks there). */
export interface VmLoad {
  readonly vm: string;
  readonly iops: number;
  readonly kBps: number;
  readonly latencyMs?: number | undefined;
  /** Share of the device's requests, 0..1. */
  readonly share: number;
  readonly disks: readonly VmDiskRate[];
}

export function vmLoads(device: DiskIoRate, rates: readonly VmDiskRate[]): VmLoad[] {
  const deviceIops = device.rps + device.wps;
  const byVm = new Map<string, VmDiskRate[]>();
  for (const r of rates.filter((x) => x.device === device.name)) byVm.set(r.vm, [...(byVm.get(r.vm) ?? []), r]);
  return [...byVm.entries()]
    .map(([vm, disks]) => {
      const iops = disks.reduce((s, d) => s + d.readIops + d.writeIops, 0);
      const timed = disks.filter((d) => d.latencyMs !== undefined && d.readIops + d.writeIops > 0);
      const timedIops = timed.reduce((s, d) => s + d.readIops + d.writeIops, 0);
      return {
        vm,
        iops: round(iops),
        kBps: round(disks.reduce((s, d) => s + d.readKBps + d.writeKBps, 0)),
        latencyMs: timedIops > 0 ? round(timed.reduce((s, d) => s + d.latencyMs! * (d.readIops + d.writeIops), 0) / timedIops) : undefined,
        // the VMs were sampled in a later interval than the device: cap at the whole
        share: deviceIops > 0 ? Math.min(1, iops / deviceIops) : 0,
        disks: [...disks].sort((a, b) => b.readIops + b.writeIops - (a.readIops + a.writeIops)),
      };
    })
    .sort((a, b) => b.iops - a.iops || b.kBps - a.kBps);
}

/** The VMs that make most of the VM IO: enough of the heaviest to cover 80 % of it, at most three. */
export function heaviest(loads: readonly VmLoad[]): VmLoad[] {
  const total = loads.reduce((s, l) => s + l.iops, 0);
  const out: VmLoad[] = [];
  let covered = 0;
  for (const l of loads) {
    if (out.length === 3 || (out.length > 0 && covered >= 0.8 * total) || l.iops <= 0) break;
    out.push(l);
    covered += l.iops;
  }
  return out;
}

export interface PoolCandidate {
  readonly pool: string;
  readonly device: string;
  readonly util: number;
  readonly await: number;
}

/**
 * Pools on other devices quiet enough to take the moved VMs: below
 * `maxUtil` and `maxAwait` now. Least busy first.
 */
export function movePools(
  slowDevice: string,
  devices: readonly { rate: DiskIoRate; role: DeviceRole }[],
  vmPools: ReadonlyMap<string, string>,
  maxUtil: number,
  maxAwait: number,
): PoolCandidate[] {
  const out: PoolCandidate[] = [];
  for (const d of devices) {
    if (d.rate.name === slowDevice || d.rate.util >= maxUtil || d.rate.await >= maxAwait) continue;
    const pools = new Set([
      ...d.role.mounts.filter((m) => m.fsType === 'ocfs2' || m.mountPoint.startsWith('/vms/')).map((m) => m.mountPoint),
      ...[...vmPools.entries()].filter(([, dev]) => dev === d.rate.name).map(([pool]) => pool),
    ]);
    for (const pool of pools) out.push({ pool, device: d.rate.name, util: d.rate.util, await: d.rate.await });
  }
  return out.sort((a, b) => a.util - b.util || a.await - b.await);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
