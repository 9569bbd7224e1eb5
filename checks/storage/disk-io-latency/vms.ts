/**
 * Which VMs produce the IO on a device (guide 3.5.1): the running domains
 * (`virsh -r list --all`), their disks (`virsh -r domblklist DOM`) placed on
 * a block device through the mount holding the image, and each disk's
 * counters (`virsh -r domblkstat DOM TARGET`) read twice.
 */
import { parsedOnce, readProblem } from '../../../src/engine/outputs.js';
import { secondsBetweenSamples } from '../../../src/engine/sampling.js';
import type { CheckContext, CommandOutput, HostContext } from '../../../src/engine/types.js';
import type { Msg } from '../../../src/i18n/message.js';
import type { MountEntry } from '../../../src/parsers/mount.js';
import type { MultipathMap } from '../../../src/parsers/multipath.js';
import { parseDomblkstat, parseDomblklist, parseVirshList } from '../../../src/parsers/virsh.js';
import { type Command, cmd } from '../../../src/transport/command.js';
import { resolveDevicePaths } from '../../shared/block-devices.js';
import { VIRSH_LIST } from '../../shared/commands.js';
import { mountOfPath } from './devices.js';

export interface VmDisk {
  readonly vm: string;
  readonly target: string;
  readonly source: string;
  /** Kernel name of the block device under the image. */
  readonly device?: string | undefined;
  /** The storage pool: the mount point holding the image (its directory when that is /), or the device. */
  readonly pool: string;
}

export interface VmDisks {
  readonly disks: readonly VmDisk[];
  /** Running VMs whose disks were listed. */
  readonly listed: readonly string[];
  /** Running VMs whose disks were not listed, beyond the limit. */
  readonly unlisted: readonly string[];
  /** libvirt could not be asked at all. */
  readonly problem?: Msg | undefined;
  /**
   * Reads that failed for some VMs (domblklist) or disk sources (readlink):
   * those disks are not placed on any device, so no device can be said to
   * carry none of them.
   */
  readonly failures: readonly Msg[];
}

export function domblklist(vm: string): Command {
  return cmd('virsh', '-r', 'domblklist', vm);
}

export function domblkstat(vm: string, target: string, sample: number): Command {
  return { argv: ['virsh', '-r', 'domblkstat', vm, target], ...(sample > 1 ? { sample } : {}) };
}

/** The disks of the running VMs, at most `limit` VMs (libvirt answers these from memory: cheap). */
export async function runningVmDisks(
  host: HostContext,
  mounts: readonly MountEntry[],
  mountDevices: ReadonlyMap<string, string>,
  maps: readonly MultipathMap[],
  limit: number,
): Promise<VmDisks> {
  const list = await host.run(VIRSH_LIST);
  // No virsh (absent) or libvirtd down (failed): the VMs cannot be asked.
  const why = readProblem(list);
  if (why) return { disks: [], listed: [], unlisted: [], problem: why, failures: [] };
  // Paused domains do no IO; inactive ones have no id.
  const running = parsedOnce(list, parseVirshList).value.filter((d) => d.id !== undefined && d.state !== 'paused').map((d) => d.name);
  const listed = running.slice(0, limit);
  const failures: Msg[] = [];
  const perVm = await Promise.all(listed.map(async (vm) => {
    const out = await host.run(domblklist(vm));
    const problem = readProblem(out);
    // Its disks stay unplaced: no device can then be said to carry no VM IO.
    if (problem) failures.push(problem);
    return problem ? [] : parseDomblklist(out.stdout).value.flatMap((d) => (d.source ? [{ vm, target: d.target, source: d.source }] : []));
  }));
  const raw = perVm.flat();
  const blockSources = await resolveDevicePaths(host, raw.map((d) => d.source), maps);
  failures.push(...blockSources.problems);
  const disks = raw.map((d): VmDisk => {
    if (d.source.startsWith('/dev/')) return { ...d, device: blockSources.names.get(d.source), pool: d.source };
    const m = mountOfPath(d.source, mounts);
    const pool = !m ? dirname(d.source) : m.mountPoint === '/' ? dirname(d.source) : m.mountPoint;
    return { ...d, device: m ? mountDevices.get(m.device) : undefined, pool };
  });
  return { disks, listed, unlisted: running.slice(limit), failures };
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i > 0 ? path.slice(0, i) : '/';
}

export interface VmDiskRate {
  readonly vm: string;
  readonly target: string;
  readonly pool: string;
  readonly device?: string | undefined;
  readonly readIops: number;
  readonly writeIops: number;
  readonly readKBps: number;
  readonly writeKBps: number;
  /** Mean time per request as QEMU measures it (guest-visible latency); undefined without requests. */
  readonly latencyMs?: number | undefined;
  /** The two samples, for evidence. */
  readonly outputs: readonly [CommandOutput, CommandOutput];
}

export interface VmSamples {
  readonly rates: readonly VmDiskRate[];
  /** Disks without a rate: not read twice, or counters that went backwards (VM restarted). */
  readonly unreadable: number;
  /** Disks whose counters could not be read (a failed read, not a restarted VM), with why. */
  readonly failed: ReadonlyArray<VmDisk & { readonly why: Msg }>;
}

/**
 * Per-disk rates between two samples taken `ctx.options.sampleSeconds`
 * apart. Disks whose counters could not be read twice, or went backwards (VM
 * restarted), are counted in `unreadable`; failed reads are in `failed`.
 */
export async function sampleVmDisks(ctx: CheckContext, disks: readonly VmDisk[]): Promise<VmSamples> {
  const first = await Promise.all(disks.map((d) => ctx.run(domblkstat(d.vm, d.target, 1))));
  await ctx.sleep(ctx.options.sampleSeconds * 1000);
  const second = await Promise.all(disks.map((d) => ctx.run(domblkstat(d.vm, d.target, 2))));
  const rates: VmDiskRate[] = [];
  const failed: Array<VmDisk & { why: Msg }> = [];
  disks.forEach((d, i) => {
    const a = first[i]!;
    const b = second[i]!;
    const seconds = secondsBetweenSamples(a.startedAt, b.startedAt, ctx.options.sampleSeconds);
    const why = [a, b].find((o) => o.read.kind === 'failed');
    if (why?.read.kind === 'failed') failed.push({ ...d, why: why.read.reason });
    const before = readProblem(a) ? undefined : countersOf(a.stdout, d.target);
    const after = readProblem(b) ? undefined : countersOf(b.stdout, d.target);
    if (!seconds || !before || !after) return;
    const delta = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
    const keys = ['rd_req', 'wr_req', 'rd_bytes', 'wr_bytes', 'rd_total_times', 'wr_total_times'];
    if (keys.some((k) => delta(k) < 0)) return;
    const reqs = delta('rd_req') + delta('wr_req');
    const times = delta('rd_total_times') + delta('wr_total_times');
    const hasTimes = after.rd_total_times !== undefined || after.wr_total_times !== undefined;
    rates.push({
      vm: d.vm,
      target: d.target,
      pool: d.pool,
      device: d.device,
      readIops: round(delta('rd_req') / seconds),
      writeIops: round(delta('wr_req') / seconds),
      readKBps: round(delta('rd_bytes') / 1024 / seconds),
      writeKBps: round(delta('wr_bytes') / 1024 / seconds),
      latencyMs: reqs > 0 && hasTimes ? round(times / reqs / 1e6) : undefined,
      outputs: [a, b],
    });
  });
  return { rates, unreadable: disks.length - rates.length, failed };
}

function countersOf(stdout: string, target: string): Readonly<Record<string, number>> | undefined {
  const devices = parseDomblkstat(stdout).value.devices;
  return (devices.find((d) => d.device === target) ?? (devices.length === 1 ? devices[0] : undefined))?.counters;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
