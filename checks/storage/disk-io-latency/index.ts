/**
 * Guide 3.5.1 — high disk IO latency on a host makes its VMs sluggish.
 *
 * Runs: `cat /proc/diskstats` twice, --sample-seconds apart (the kernel's own
 * counters: exact, and present without sysstat), `mount`, `multipath -ll` and
 * `readlink -f` to name each device's multipath map and pool. Only when a
 * device is slow: `virsh -r list --all`, `virsh -r domblklist DOM` (at most
 * 100 running VMs) and `virsh -r domblkstat DOM DISK` twice for the disks on
 * the slow devices (at most 30 VMs, those of the slowest device first).
 * Decides, per whole device (partitions count in their disk, multipath paths
 * in their map):
 * - await (queue + service time per request, what a VM waits) of 50 ms or
 *   more fails, 20 ms or more warns: a healthy SAN LUN or SSD answers in a
 *   few ms and spinning disks in 5 to 15 ms; past 20 ms guests notice, past
 *   50 ms they stall (the usual vendor guidance: 20 ms warning, 50 ms
 *   serious). Fewer than 10 requests in the interval make the average noise,
 *   unless each took a second or more.
 * - requests in flight with none completed and %util near 100: the IO path
 *   is stuck (fail), which is storage-blocked/storage-fence territory.
 * - %util is reported but never decides alone: a LUN with many paths or an
 *   SSD serves many requests at once and shows 100 % while still fast.
 * - a slow device that holds no pool and no VM disk only warns; when what it
 *   holds cannot be known (the mount table, multipath or a readlink could
 *   not be read), it is never said to hold nothing.
 * Recommends: when the VMs on the device make at least half of its IO, the
 * guide's remedies apply: limit the heaviest VMs' IO, and move them to
 * another pool when one on another device is quiet (util < 50 %, await <
 * 20 ms); when many VMs share the load and none dominates, the pool is
 * overloaded as a whole and moving some of them comes first. When the VMs
 * make less than half, the load comes from the host itself or, on a shared
 * LUN, from other hosts, and moving or limiting these VMs will not help
 * (unless some VM disks could not be read: then that is not known).
 */
import { leadContext } from '../../../src/engine/context.js';
import { defineCheck, type VerdictExtras } from '../../../src/engine/define-check.js';
import { evidence, excerpt, grepLines, parsedOnce, readProblem } from '../../../src/engine/outputs.js';
import { secondsBetweenSamples } from '../../../src/engine/sampling.js';
import type { CheckContext, CommandOutput, Evidence } from '../../../src/engine/types.js';
import { list, type Msg, type MsgValue, msgText } from '../../../src/i18n/message.js';
import { type DiskIoRate, type DiskStat, diskstatsDelta, parseDiskstats } from '../../../src/parsers/diskstats.js';
import { parseMount } from '../../../src/parsers/mount.js';
import { mapPaths } from '../../../src/parsers/multipath-health.js';
import { parseMultipathLl } from '../../../src/parsers/multipath.js';
import type { Command } from '../../../src/transport/command.js';
import { resolveDevicePaths } from '../../shared/block-devices.js';
import { MOUNT, MULTIPATH_LL } from '../../shared/commands.js';
import { type DeviceRole, deviceRole, isPartition, isPoolMount, isPseudoDevice } from './devices.js';
import { heaviest, movePools, type PoolCandidate, type VmLoad, vmLoads } from './load.js';
import { type IoStep, messages, type SayIo, steps } from './messages.js';
import { runningVmDisks, sampleVmDisks, type VmDisks, type VmDiskRate, type VmSamples } from './vms.js';

const diskstats = (sample: number): Command => ({ argv: ['cat', '/proc/diskstats'], ...(sample > 1 ? { sample } : {}) });
const DISKSTATS = diskstats(1);

const WARN_AWAIT_MS = 20;
const FAIL_AWAIT_MS = 50;
const MIN_REQUESTS = 10;
const ALWAYS_SLOW_MS = 1000;
/** %util from which a device with IO stuck in flight counts as stalled. */
const SATURATED_UTIL = 90;
/** A pool to move VMs to must have room: below this %util and below WARN_AWAIT_MS. */
const ROOM_UTIL = 50;
const MAX_VMS_LISTED = 100;
const MAX_VMS_SAMPLED = 30;
/** VMs explain the load when they make at least this share of the device's requests. */
const VMS_EXPLAIN = 0.5;

type Recovery = VerdictExtras<IoStep>['recovery'];

interface Judged {
  readonly rate: DiskIoRate;
  readonly role: DeviceRole;
}

interface Slow extends Judged {
  readonly severity: 'fail' | 'warn';
  readonly stalled: boolean;
}

interface Verdict {
  readonly slow: Slow;
  readonly severity: 'fail' | 'warn';
  /** The finding; `notes` is what the verdict appends when it leads ('' otherwise). */
  readonly message: (notes: MsgValue) => Msg;
  readonly recovery: Recovery;
  readonly loads: readonly VmLoad[];
  readonly vmShare?: number | undefined;
  readonly moveTo?: PoolCandidate | undefined;
  readonly vmEvidence: readonly Evidence[];
  /** The message names the VM reads that failed already (no note repeats them). */
  readonly saysFailures?: boolean;
}

/** Both samples with each device's line in them (evidence). */
interface Samples {
  readonly first: CommandOutput;
  readonly second: CommandOutput;
  readonly firstLines: ReadonlyMap<string, number>;
  readonly secondLines: ReadonlyMap<string, number>;
  readonly seconds: number;
}

/** What the VMs on the slow devices were found doing. */
interface VmView {
  readonly disks: VmDisks;
  readonly sampled: VmSamples;
  readonly pools: ReadonlyMap<string, string>;
}

/** Undecided: the guide's look-for-yourself steps, for this host. */
function undecided(ctx: CheckContext): VerdictExtras<IoStep> {
  return { recovery: { steps: ['find-busy-devices', 'find-io-heavy-vms'], vars: { host: ctx.host.name } } };
}

export const check = defineCheck({
  id: 'disk-io-latency',
  waits: true,
  needs: [
    DISKSTATS,
    // Both only name devices (pool, mount point, multipath map) and place VM images on them:
    // every device is judged from /proc/diskstats alone, so an ok does not rest on them. Without
    // them no device is said to hold nothing (holdsUnknown), and the VMs are not asked without mounts.
    { command: MOUNT, optional: true },
    { command: MULTIPATH_LL, optional: true },
  ],
  messages,
  steps,
  async run(ctx, say) {
    const [first, mountOut, ll] = await Promise.all([ctx.run(DISKSTATS), ctx.run(MOUNT, { optional: true }), ctx.run(MULTIPATH_LL, { optional: true })]);
    const firstProblem = readProblem(first);
    if (firstProblem) return say.unknown('diskstatsUnreadable', { why: firstProblem }, undecided(ctx));
    const before = parseDiskstats(first.stdout).value;
    if (before.length === 0) return say.unknown('noDevicesRead', {}, { evidence: [evidence(first)], ...undecided(ctx) });
    await ctx.sleep(ctx.options.sampleSeconds * 1000);
    const second = await ctx.run(diskstats(2));
    const secondProblem = readProblem(second);
    if (secondProblem) return say.unknown('secondSampleFailed', { why: secondProblem }, undecided(ctx));
    const seconds = secondsBetweenSamples(first.startedAt, second.startedAt, ctx.options.sampleSeconds);
    if (!seconds) return say.unknown('noInterval', {}, undecided(ctx));
    const after = parseDiskstats(second.stdout).value;
    const delta = diskstatsDelta(before, after, seconds);
    const lineByName = (stats: readonly DiskStat[]) => new Map(stats.map((d) => [d.name, d.line]));
    const samples: Samples = { first, second, firstLines: lineByName(before), secondLines: lineByName(after), seconds };

    // No multipath installed (absent) is an answer: no maps. A failed read is not.
    const maps = readProblem(ll) ? [] : parseMultipathLl(ll.stdout).value.maps;
    const mountProblem = readProblem(mountOut);
    const mounts = mountProblem ? [] : parsedOnce(mountOut, parseMount).value.filter((m) => m.device.startsWith('/dev/'));
    // readlink only names a mount's device: optional like the mount table itself; its failure is said.
    const resolved = await resolveDevicePaths(leadContext(ctx), mounts.map((m) => m.device), maps);
    const placementProblem = mountProblem ?? (ll.read.kind === 'failed' ? ll.read.reason : undefined) ?? resolved.problems[0];

    const names = new Set(delta.devices.map((d) => d.name));
    const judged: Judged[] = delta.devices
      .filter((d) => !isPseudoDevice(d.name) && !isPartition(d.name, names))
      .map((rate) => ({ rate, role: deviceRole(rate.name, maps, mounts, resolved.names) }))
      .filter((d) => d.role.role !== 'path');
    const slow = judged.flatMap((d) => {
      const j = judge(d.rate, seconds);
      return j ? [{ ...d, ...j }] : [];
    });
    const devicesData = judged.map((d) => deviceData(d, slow.find((s) => s.rate.name === d.rate.name)));

    if (slow.length === 0) {
      if (judged.length === 0) return say.unknown('noDisks', {}, { ...undecided(ctx), data: { seconds, devices: devicesData } });
      const busiest = [...judged].sort((a, b) => b.rate.util - a.rate.util || b.rate.await - a.rate.await)[0]!;
      return say.ok('allInTime', {
        count: judged.length,
        seconds: fmt(seconds),
        device: busiest.rate.name,
        where: where(say, busiest),
        await: fmt(busiest.rate.await),
        util: Math.round(busiest.rate.util),
      }, { data: { seconds, devices: devicesData } });
    }

    slow.sort((a, b) => rank(a) - rank(b) || b.rate.await - a.rate.await);
    // A stalled device's VMs may not answer either (their QEMU waits on the same IO): do not ask them.
    const measured = slow.filter((s) => !s.stalled).map((s) => s.rate.name);
    const none: VmDisks = { disks: [], listed: [], unlisted: [], failures: [] };
    // Without the mount table no VM image can be placed on a device: libvirt is not asked.
    const vmDisks: VmDisks = !measured.length ? none
      : mountProblem ? { ...none, problem: mountProblem }
      : await runningVmDisks(ctx, mounts, resolved.names, maps, MAX_VMS_LISTED);
    const order = [...new Set(measured.flatMap((dev) => vmDisks.disks.filter((d) => d.device === dev).map((d) => d.vm)))];
    const sampledVms = new Set(order.slice(0, MAX_VMS_SAMPLED));
    const sampled: VmSamples = sampledVms.size
      ? await sampleVmDisks(ctx, vmDisks.disks.filter((d) => sampledVms.has(d.vm) && measured.includes(d.device ?? '')))
      : { rates: [], unreadable: 0, failed: [] };
    const vms: VmView = { disks: vmDisks, sampled, pools: new Map(vmDisks.disks.filter((d) => d.device).map((d) => [d.pool, d.device!])) };

    const verdicts = slow.map((s) => verdictFor(ctx, say, s, seconds, judged, vms, placementProblem));
    verdicts.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'fail' ? -1 : 1));
    const top = verdicts[0]!;
    const notes = leftOut(say, verdicts.length - 1, order.length, sampledVms.size, vms, top.saysFailures === true);
    return say.result(top.severity, top.message(notes.length ? say.msg('notes', { items: list(notes, { en: ' ', zh: '' }) }) : ''), {
      evidence: [
        ...verdicts.flatMap((v) => deviceEvidence(say, v.slow, samples)),
        ...top.vmEvidence,
      ],
      recovery: top.recovery,
      data: {
        seconds,
        devices: devicesData,
        slow: verdicts.map((v) => ({
          device: v.slow.rate.name,
          severity: v.severity,
          stalled: v.slow.stalled,
          vmShare: v.vmShare,
          moveTo: v.moveTo?.pool,
          vms: v.loads.map((l) => ({ vm: l.vm, iops: l.iops, kBps: l.kBps, latencyMs: l.latencyMs, share: round(l.share) })),
        })),
        vmsListed: vmDisks.listed,
        vmsNotListed: vmDisks.unlisted,
        vmsSampled: [...sampledVms],
        vmsNotSampled: order.slice(MAX_VMS_SAMPLED),
        vmDisksUnreadable: sampled.unreadable,
        vmProblem: vmDisks.problem && msgText(vmDisks.problem),
      },
    });
  },
});

/** What the leading verdict does not cover: more slow devices, VMs not listed, not measured or not read. */
function leftOut(say: SayIo, more: number, onSlow: number, sampled: number, vms: VmView, failuresSaid: boolean): Msg[] {
  const notes: Msg[] = [];
  if (more) notes.push(say.msg('moreSlow', { more }));
  if (onSlow > sampled) notes.push(say.msg('notAllSampled', { sampled, total: onSlow }));
  if (vms.disks.unlisted.length) notes.push(say.msg('notListed', { count: vms.disks.unlisted.length, limit: MAX_VMS_LISTED }));
  const failures = [...vms.disks.failures, ...vms.sampled.failed.map((f) => f.why)];
  if (failures.length && !failuresSaid) notes.push(say.msg('vmReadsFailed', { count: failures.length, why: failures[0]! }));
  return notes;
}

function judge(r: DiskIoRate, seconds: number): { severity: 'fail' | 'warn'; stalled: boolean } | undefined {
  const requests = (r.rps + r.wps) * seconds;
  if (requests === 0) return r.inFlight > 0 && r.util >= SATURATED_UTIL ? { severity: 'fail', stalled: true } : undefined;
  if (requests < MIN_REQUESTS && r.await < ALWAYS_SLOW_MS) return undefined;
  if (r.await >= FAIL_AWAIT_MS) return { severity: 'fail', stalled: false };
  if (r.await >= WARN_AWAIT_MS) return { severity: 'warn', stalled: false };
  return undefined;
}

function rank(s: Slow): number {
  return (s.severity === 'fail' ? 0 : 2) + (s.stalled ? 0 : 1);
}

/** True or false when known; undefined when libvirt or the device names could not be read. */
function holdsVmStorage(s: Judged, vmDisks: VmDisks, placementProblem: Msg | undefined): boolean | undefined {
  if (s.role.mounts.some(isPoolMount)) return true;
  if (vmDisks.disks.some((d) => d.device === s.rate.name)) return true;
  return vmDisks.problem || placementProblem ? undefined : false;
}

function verdictFor(
  ctx: CheckContext,
  say: SayIo,
  s: Slow,
  seconds: number,
  judged: readonly Judged[],
  vms: VmView,
  placementProblem: Msg | undefined,
): Verdict {
  const vars = { host: ctx.host.name, device: `/dev/${s.rate.name}` };
  const device = { device: s.rate.name, where: where(say, s) };
  const head = { ...device, metrics: metrics(say, s.rate, seconds) };
  const base = { slow: s, loads: [] as VmLoad[], vmEvidence: [] as Evidence[] };
  if (s.stalled) {
    return {
      ...base,
      severity: 'fail',
      message: (notes) => say.msg('stalled', { ...device, inFlight: s.rate.inFlight, seconds: fmt(seconds), util: Math.round(s.rate.util), notes }),
      recovery: { steps: ['check-stuck-path', 'find-busy-devices'], vars },
    };
  }
  const holds = holdsVmStorage(s, vms.disks, placementProblem);
  const severity = holds === false ? 'warn' : s.severity;
  const measure: Recovery = { steps: ['find-busy-devices', 'find-io-heavy-vms'], vars };
  const vmsProblem = vms.disks.problem;
  if (vmsProblem) return { ...base, severity, message: (notes) => say.msg('vmsUnmeasured', { ...head, why: vmsProblem, notes }), recovery: measure };
  if (holds === false) return { ...base, severity, message: (notes) => say.msg('noVmStorage', { ...head, notes }), recovery: { steps: ['find-busy-devices'], vars } };
  if (holds === undefined) {
    const why = placementProblem!;
    return { ...base, severity, message: (notes) => say.msg('holdsUnknown', { ...head, why, notes }), recovery: measure };
  }
  const onDevice = vms.disks.disks.filter((d) => d.device === s.rate.name);
  const loads = vmLoads(s.rate, vms.sampled.rates);
  if (onDevice.length && loads.length === 0) {
    return { ...base, severity, message: (notes) => say.msg('countersUnread', { ...head, count: onDevice.length, notes }), recovery: measure };
  }
  const share = Math.min(1, loads.reduce((x, l) => x + l.share, 0));
  const heavy = heaviest(loads);
  const vmEvidence = heavy.slice(0, 2).flatMap((l) => l.disks.map((d) => vmDiskEvidence(say, d)));
  const measured = { ...base, loads, vmEvidence, vmShare: share, severity };
  const pct = Math.round(share * 100);
  if (heavy.length === 0 || share < VMS_EXPLAIN) {
    // "Not the VMs" only when every VM disk that could be on this device was read.
    const failures = [...vms.disks.failures, ...vms.sampled.failed.filter((f) => f.device === s.rate.name).map((f) => f.why)];
    if (failures.length) {
      return {
        ...measured,
        saysFailures: true,
        message: (notes) => say.msg('vmsPartlyRead', { ...head, share: pct, count: failures.length, why: failures[0]!, notes }),
        recovery: measure,
      };
    }
    const sharedLun = s.role.mounts.some((m) => m.fsType === 'ocfs2');
    const elsewhere = sharedLun ? say.msg('hostOrLun') : say.msg('hostItself');
    return {
      ...measured,
      message: (notes) => (onDevice.length
        ? say.msg('vmsMakeLittle', { ...head, share: pct, elsewhere, notes })
        : say.msg('noVmOnDevice', { ...head, elsewhere, notes })),
      recovery: { steps: ['find-other-io', 'find-busy-devices'], vars: { ...vars, otherHosts: sharedLun ? say.msg('otherHosts') : '' } },
    };
  }
  const target = movePools(s.rate.name, judged, vms.pools, ROOM_UTIL, WARN_AWAIT_MS)[0];
  const heavyShare = heavy.reduce((x, l) => x + l.share, 0);
  const result = (message: Verdict['message'], planned: NonNullable<Recovery>['steps']): Verdict => ({
    ...measured,
    moveTo: target,
    message,
    recovery: { steps: planned, vars: { ...vars, vm: heavy.map((l) => l.vm).join(', ') } },
  });
  const room = target && { pool: target.pool, util: Math.round(target.util) };
  const heavyList = list(heavy.map((l) => say.msg('vmLoad', vmFigures(l))));
  if (heavyShare < VMS_EXPLAIN) {
    // Many VMs, none dominant: the pool is overloaded as a whole; limiting a few changes little.
    const move = room ? say.msg('moveSome', room) : say.msg('spreadThem');
    return result(
      (notes) => say.msg('overloaded', { ...head, count: loads.length, share: pct, heaviest: heavyList, move, notes }),
      ['find-busy-devices', 'find-io-heavy-vms', ...(target ? ['move-vm-to-other-pool' as const] : []), 'limit-vm-io'],
    );
  }
  const planned: NonNullable<Recovery>['steps'] = ['find-busy-devices', 'find-io-heavy-vms', 'limit-vm-io', ...(target ? ['move-vm-to-other-pool' as const] : [])];
  if (heavy.length === 1) {
    const remedy = room ? say.msg('limitOrMoveIt', room) : say.msg('limitIt');
    return result((notes) => say.msg('oneVmHeavy', { ...head, ...vmFigures(heavy[0]!), share: Math.round(heavyShare * 100), remedy, notes }), planned);
  }
  const remedy = room ? say.msg('limitOrMoveThem', room) : say.msg('limitThem');
  return result((notes) => say.msg('vmsHeavy', { ...head, vms: heavyList, share: Math.round(heavyShare * 100), remedy, notes }), planned);
}

function vmFigures(l: VmLoad) {
  return { vm: l.vm, iops: Math.round(l.iops), mbps: fmt(l.kBps / 1024) };
}

/** " (multipath mpatha, pool /vms/FC-St)", or nothing for a device that is nothing more than itself. */
function where(say: SayIo, d: Judged): MsgValue {
  const parts: Msg[] = [];
  if (d.role.map) parts.push(say.msg('ofMap', { map: d.role.map.name }));
  for (const m of d.role.mounts) parts.push(isPoolMount(m) ? say.msg('pool', { mount: m.mountPoint }) : say.msg('mountedOn', { mount: m.mountPoint }));
  return parts.length ? say.msg('where', { parts: list(parts, { en: ', ', zh: '，' }) }) : '';
}

function metrics(say: SayIo, r: DiskIoRate, seconds: number): Msg {
  return say.msg('metrics', {
    await: fmt(r.await),
    readAwait: fmt(r.rAwait),
    writeAwait: fmt(r.wAwait),
    util: Math.round(r.util),
    iops: Math.round(r.rps + r.wps),
    mbps: fmt((r.rkBps + r.wkBps) / 1024),
    seconds: fmt(seconds),
  });
}

/** The device's /proc/diskstats line in both samples, with its map's path lines. */
function deviceEvidence(say: SayIo, s: Slow, x: Samples): Evidence[] {
  const names = [s.rate.name, ...(s.role.map ? mapPaths(s.role.map).flatMap((p) => (p.dev ? [p.dev] : [])) : [])];
  const at = (lines: ReadonlyMap<string, number>) => names.flatMap((n) => lines.get(n) ?? []);
  return [
    excerpt(x.first, at(x.firstLines), say.msg('firstSample')),
    excerpt(x.second, at(x.secondLines), say.msg('later', { seconds: fmt(x.seconds), metrics: metrics(say, s.rate, x.seconds) })),
  ];
}

/**
 * The disk's request and byte counters in the second sample. virsh-domblkstat
 * gives no line per counter (its parser is not ours to change), so these are
 * picked with grepLines.
 */
function vmDiskEvidence(say: SayIo, d: VmDiskRate): Evidence {
  const latency = d.latencyMs === undefined ? '' : say.msg('perRequest', { ms: fmt(d.latencyMs) });
  const note = say.msg('vmDisk', {
    vm: d.vm,
    target: d.target,
    pool: d.pool,
    iops: Math.round(d.readIops + d.writeIops),
    mbps: fmt((d.readKBps + d.writeKBps) / 1024),
    latency,
  });
  return evidence(d.outputs[1], grepLines(d.outputs[1].stdout, /\b(rd|wr)_(req|bytes)\b/), note);
}

function deviceData(d: Judged, slow: Slow | undefined) {
  return {
    name: d.rate.name,
    map: d.role.map?.name,
    wwid: d.role.map?.wwid,
    mounts: d.role.mounts.map((m) => m.mountPoint),
    readIops: d.rate.rps,
    writeIops: d.rate.wps,
    readKBps: d.rate.rkBps,
    writeKBps: d.rate.wkBps,
    awaitMs: d.rate.await,
    readAwaitMs: d.rate.rAwait,
    writeAwaitMs: d.rate.wAwait,
    util: d.rate.util,
    inFlight: d.rate.inFlight,
    ...(slow ? { severity: slow.severity, stalled: slow.stalled } : {}),
  };
}

function fmt(x: number): string {
  return x >= 100 ? String(Math.round(x)) : String(Math.round(x * 10) / 10);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
