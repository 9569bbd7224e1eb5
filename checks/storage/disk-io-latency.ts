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
 * - a slow device that holds no pool and no VM disk only warns.
 * Recommends: when the VMs on the device make at least half of its IO, the
 * guide's remedies apply: limit the heaviest VMs' IO, and move them to
 * another pool when one on another device is quiet (util < 50 %, await <
 * 20 ms); when many VMs share the load and none dominates, the pool is
 * overloaded as a whole and moving some of them comes first. When the VMs
 * make less than half, the load comes from the host itself or, on a shared
 * LUN, from other hosts, and moving or limiting these VMs will not help.
 */
import { evidence, missingProgram, problem } from '../../src/engine/outputs.js';
import type { CheckContext, CheckDefinition, CheckResult, CommandOutput, Evidence } from '../../src/engine/types.js';
import { text, type Text } from '../../src/i18n/text.js';
import { type DiskIoRate, diskstatsDelta, parseDiskstats } from '../../src/parsers/diskstats.js';
import { parseMount } from '../../src/parsers/mount.js';
import { mapPaths } from '../../src/parsers/multipath-health.js';
import { parseMultipathLl } from '../../src/parsers/multipath.js';
import type { Command } from '../../src/transport/command.js';
import { MOUNT, MULTIPATH_LL } from '../shared/commands.js';
import { type DeviceRole, deviceRole, isPartition, isPseudoDevice, resolveDevicePaths } from './lib/io-devices.js';
import { heaviest, movePools, type PoolCandidate, type VmLoad, vmLoads } from './lib/io-load.js';
import { secondsBetweenSamples } from '../../src/engine/sampling.js';
import { findingStep } from './lib/io-steps.js';
import { runningVmDisks, sampleVmDisks, type VmDisks, type VmDiskRate } from './lib/io-vms.js';

const diskstats = (sample: number): Command => ({ argv: ['cat', '/proc/diskstats'], ...(sample > 1 ? { sample } : {}) });

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
  readonly summary: Text;
  readonly recovery: CheckResult['recovery'];
  readonly loads: readonly VmLoad[];
  readonly vmShare?: number | undefined;
  readonly moveTo?: PoolCandidate | undefined;
  readonly vmEvidence: readonly Evidence[];
}

/** Undecided: the guide's look-for-yourself steps, for this host. */
function undecided(ctx: CheckContext, summary: Text, extra: Partial<CheckResult> = {}): CheckResult {
  return { status: 'unknown', summary, recovery: { steps: ['find-busy-devices', 'find-io-heavy-vms'], vars: { host: ctx.host.name } }, ...extra };
}

async function run(ctx: CheckContext): Promise<CheckResult> {
  const [first, mountOut, ll] = await Promise.all([ctx.run(diskstats(1)), ctx.run(MOUNT), ctx.run(MULTIPATH_LL)]);
  const firstProblem = problem(first);
  if (firstProblem) return undecided(ctx, firstProblem);
  const before = parseDiskstats(first.stdout).value;
  if (before.length === 0) {
    return undecided(ctx, text('/proc/diskstats lists no block device that usdiag could read.', '/proc/diskstats 中没有可读取的块设备。'), { evidence: [evidence(first)] });
  }
  await ctx.sleep(ctx.options.sampleSeconds * 1000);
  const second = await ctx.run(diskstats(2));
  const secondProblem = problem(second);
  if (secondProblem) return undecided(ctx, text(`The second sample failed: ${secondProblem.en}`, `第二次采样失败：${secondProblem.zh}`));
  const seconds = secondsBetweenSamples(first.startedAt, second.startedAt, ctx.options.sampleSeconds);
  if (!seconds) return undecided(ctx, text('The time between the two samples is unknown; no rate can be computed.', '无法确定两次采样的间隔，无法计算速率。'));
  const delta = diskstatsDelta(before, parseDiskstats(second.stdout).value, seconds);

  const maps = problem(ll) || missingProgram(ll) ? [] : parseMultipathLl(ll.stdout).value.maps;
  const mounts = problem(mountOut) ? [] : parseMount(mountOut.stdout).value.filter((m) => m.device.startsWith('/dev/'));
  const resolved = await resolveDevicePaths(ctx, mounts.map((m) => m.device), maps);
  const names = new Set(delta.devices.map((d) => d.name));
  const judged: Judged[] = delta.devices
    .filter((d) => !isPseudoDevice(d.name) && !isPartition(d.name, names))
    .map((rate) => ({ rate, role: deviceRole(rate.name, maps, mounts, resolved) }))
    .filter((d) => d.role.role !== 'path');
  const slow = judged.flatMap((d) => {
    const j = judge(d.rate, seconds);
    return j ? [{ ...d, ...j }] : [];
  });
  const devicesData = judged.map((d) => deviceData(d, slow.find((s) => s.rate.name === d.rate.name)));

  if (slow.length === 0) {
    if (judged.length === 0) {
      return undecided(ctx, text('No disk device was found in /proc/diskstats.', '/proc/diskstats 中没有磁盘设备。'), { data: { seconds, devices: devicesData } });
    }
    const busiest = [...judged].sort((a, b) => b.rate.util - a.rate.util || b.rate.await - a.rate.await)[0]!;
    return {
      status: 'ok',
      summary: text(
        `${judged.length} disk device(s) answer in time over ${fmt(seconds)} s; busiest ${label(busiest).en}: await ${fmt(busiest.rate.await)} ms, util ${Math.round(busiest.rate.util)} %.`,
        `${fmt(seconds)} 秒内 ${judged.length} 个磁盘设备响应正常；最忙的 ${label(busiest).zh}：await ${fmt(busiest.rate.await)} ms，利用率 ${Math.round(busiest.rate.util)}%。`,
      ),
      data: { seconds, devices: devicesData },
    };
  }

  slow.sort((a, b) => rank(a) - rank(b) || b.rate.await - a.rate.await);
  // A stalled device's VMs may not answer either (their QEMU waits on the same IO): do not ask them.
  const measured = slow.filter((s) => !s.stalled).map((s) => s.rate.name);
  const vmDisks: VmDisks = measured.length ? await runningVmDisks(ctx, mounts, resolved, maps, MAX_VMS_LISTED) : { disks: [], listed: [], unlisted: [] };
  const order = [...new Set(measured.flatMap((dev) => vmDisks.disks.filter((d) => d.device === dev).map((d) => d.vm)))];
  const sampledVms = new Set(order.slice(0, MAX_VMS_SAMPLED));
  const sampled = sampledVms.size
    ? await sampleVmDisks(ctx, vmDisks.disks.filter((d) => sampledVms.has(d.vm) && measured.includes(d.device ?? '')))
    : { rates: [], unreadable: 0 };
  const vmPools = new Map(vmDisks.disks.filter((d) => d.device).map((d) => [d.pool, d.device!]));

  const verdicts = slow.map((s) => verdictFor(ctx, s, seconds, judged, vmDisks, sampled.rates, vmPools));
  verdicts.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'fail' ? -1 : 1));
  const top = verdicts[0]!;
  const more = verdicts.length - 1;
  const cut = order.length - sampledVms.size;
  const notes: Text[] = [];
  if (more) notes.push(text(`(+${more} more slow device(s))`, `（另有 ${more} 个设备较慢）`));
  if (cut > 0) {
    notes.push(text(`(only ${MAX_VMS_SAMPLED} of the ${order.length} VMs on the slow device(s) were measured)`, `（慢设备上的 ${order.length} 台虚拟机只测量了 ${MAX_VMS_SAMPLED} 台）`));
  }
  if (vmDisks.unlisted.length) {
    notes.push(text(
      `(the disks of ${vmDisks.unlisted.length} running VM(s) beyond the first ${MAX_VMS_LISTED} were not looked at)`,
      `（前 ${MAX_VMS_LISTED} 台之外还有 ${vmDisks.unlisted.length} 台运行中的虚拟机，未查看其磁盘）`,
    ));
  }
  return {
    status: top.severity,
    summary: text([top.summary.en, ...notes.map((n) => n.en)].join(' '), [top.summary.zh, ...notes.map((n) => n.zh)].join('')),
    evidence: [
      ...verdicts.flatMap((v) => deviceEvidence(v.slow, first, second, seconds)),
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
      vmProblem: vmDisks.problem,
    },
  };
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

function holdsVmStorage(s: Judged, vmDisks: VmDisks): boolean | undefined {
  if (s.role.mounts.some((m) => m.fsType === 'ocfs2' || m.mountPoint.startsWith('/vms'))) return true;
  if (vmDisks.disks.some((d) => d.device === s.rate.name)) return true;
  return vmDisks.problem ? undefined : false;
}

function verdictFor(
  ctx: CheckContext,
  s: Slow,
  seconds: number,
  judged: readonly Judged[],
  vmDisks: VmDisks,
  rates: readonly VmDiskRate[],
  vmPools: ReadonlyMap<string, string>,
): Verdict {
  const dev = `/dev/${s.rate.name}`;
  const vars = { host: ctx.host.name, device: dev };
  const head = text(`${label(s).en} is slow: ${metrics(s.rate, seconds).en}`, `${label(s).zh}响应慢：${metrics(s.rate, seconds).zh}`);
  const base = { slow: s, loads: [] as VmLoad[], vmEvidence: [] as Evidence[] };
  if (s.stalled) {
    return {
      ...base,
      severity: 'fail',
      summary: text(
        `${label(s).en} does not complete IO: ${s.rate.inFlight} request(s) in flight, none finished in ${fmt(seconds)} s, util ${Math.round(s.rate.util)} %: the storage path is stuck, not merely busy.`,
        `${label(s).zh}的 IO 无法完成：${s.rate.inFlight} 个请求在途，${fmt(seconds)} 秒内一个也没有完成，利用率 ${Math.round(s.rate.util)}%：存储路径卡住了，而不只是繁忙。`,
      ),
      recovery: {
        steps: ['find-busy-devices'],
        vars,
        first: [findingStep('check-stuck-path', 'diagnostic', text(
          `IO to ${dev} on ${ctx.host.name} does not complete: look at the storage path and the shared file system first (usdiag check storage-blocked,storage-fence,multipath-wwid).`,
          `${ctx.host.name} 上 ${dev} 的 IO 无法完成：先检查存储路径和共享文件系统（usdiag check storage-blocked,storage-fence,multipath-wwid）。`,
        ), 'multipath -ll')],
      },
    };
  }
  const holds = holdsVmStorage(s, vmDisks);
  const severity = holds === false ? 'warn' : s.severity;
  if (vmDisks.problem) {
    return {
      ...base,
      severity,
      summary: text(`${head.en}; its VMs could not be measured (${vmDisks.problem.en}).`, `${head.zh}；无法测量其上的虚拟机（${vmDisks.problem.zh}）。`),
      recovery: { steps: ['find-busy-devices', 'find-io-heavy-vms'], vars },
    };
  }
  if (holds === false) {
    return {
      ...base,
      severity,
      summary: text(`${head.en}; it holds no storage pool and no VM disk, so VMs feel it only indirectly.`, `${head.zh}；该设备上没有存储池也没有虚拟机磁盘，对虚拟机只有间接影响。`),
      recovery: { steps: ['find-busy-devices'], vars },
    };
  }
  const onDevice = vmDisks.disks.filter((d) => d.device === s.rate.name);
  const loads = vmLoads(s.rate, rates);
  if (onDevice.length && loads.length === 0) {
    return {
      ...base,
      severity,
      summary: text(
        `${head.en}; the counters of its ${onDevice.length} VM disk(s) could not be read twice (virsh domblkstat).`,
        `${head.zh}；其上 ${onDevice.length} 个虚拟机磁盘的计数无法两次读取（virsh domblkstat）。`,
      ),
      recovery: { steps: ['find-busy-devices', 'find-io-heavy-vms'], vars },
    };
  }
  const share = Math.min(1, loads.reduce((x, l) => x + l.share, 0));
  const heavy = heaviest(loads);
  const vmEvidence = heavy.slice(0, 2).flatMap((l) => l.disks.map(vmDiskEvidence));
  const shared = s.role.mounts.some((m) => m.fsType === 'ocfs2');
  if (heavy.length === 0 || share < VMS_EXPLAIN) {
    const pct = Math.round(share * 100);
    const elsewhere = shared
      ? text('the host itself or other hosts on the shared LUN', '本机自身的进程，或共享该 LUN 的其他主机')
      : text('the host itself', '本机自身的进程');
    const vmsPart = onDevice.length
      ? text(`the VMs on it make only ${pct} % of its IO`, `其上的虚拟机只占其 IO 的 ${pct}%`)
      : text('no VM of this host has a disk on it', '本机没有虚拟机的磁盘在该设备上');
    return {
      ...base,
      loads,
      vmEvidence,
      vmShare: share,
      severity,
      summary: text(
        `${head.en}; ${vmsPart.en}: the rest comes from ${elsewhere.en}, so limiting or moving these VMs will not help.`,
        `${head.zh}；${vmsPart.zh}：其余来自${elsewhere.zh}，限制或迁移这些虚拟机解决不了问题。`,
      ),
      recovery: {
        steps: ['find-busy-devices'],
        vars,
        first: [findingStep('find-other-io', 'diagnostic', text(
          `Find what else does IO on ${dev}: host processes (backups, copies, image conversions: iotop -o) on ${ctx.host.name}${shared ? ', and the VMs of the other hosts using this shared LUN (usdiag check disk-io-latency on them)' : ''}.`,
          `找出 ${dev} 上其他的 IO 来源：${ctx.host.name} 上的进程（备份、拷贝、镜像转换等，可用 iotop -o 查看）${shared ? '，以及共享该 LUN 的其他主机上的虚拟机（在这些主机上运行 usdiag check disk-io-latency）' : ''}。`,
        ))],
      },
    };
  }
  const target = movePools(s.rate.name, judged, vmPools, ROOM_UTIL, WARN_AWAIT_MS)[0];
  const heavyShare = heavy.reduce((x, l) => x + l.share, 0);
  const who = heavy.map((l) => `${l.vm} (${Math.round(l.iops)} IO/s, ${fmt(l.kBps / 1024)} MB/s)`).join(', ');
  const whoZh = heavy.map((l) => `${l.vm}（${Math.round(l.iops)} 次/秒，${fmt(l.kBps / 1024)} MB/s）`).join('、');
  const recovery = (steps: string[]): CheckResult['recovery'] => ({ steps, vars: { ...vars, vm: heavy.map((l) => l.vm).join(', ') } });
  const result = (summary: Text, steps: string[]): Verdict => ({ ...base, loads, vmEvidence, vmShare: share, moveTo: target, severity, summary, recovery: recovery(steps) });
  if (heavyShare < VMS_EXPLAIN) {
    // Many VMs, none dominant: the pool is overloaded as a whole; limiting a few changes little.
    const move = target
      ? text(`move some of them to ${target.pool} (util ${Math.round(target.util)} %)`, `请把其中一部分迁移到 ${target.pool}（利用率 ${Math.round(target.util)}%）`)
      : text('no pool on another device of this host is quiet enough to move them to: spread them over other hosts\' pools or limit them all', '本机其他设备上没有足够空闲的存储池：请分散到其他存储池，或对它们统一限速');
    return result(
      text(
        `${head.en}; ${loads.length} VMs make ${Math.round(share * 100)} % of its IO, none dominant (the heaviest: ${who}): the pool is overloaded as a whole: ${move.en}.`,
        `${head.zh}；${loads.length} 台虚拟机共占其 IO 的 ${Math.round(share * 100)}%，没有哪台特别突出（最重的：${whoZh}）：存储池整体过载，${move.zh}。`,
      ),
      ['find-busy-devices', 'find-io-heavy-vms', ...(target ? ['move-vm-to-other-pool'] : []), 'limit-vm-io'],
    );
  }
  const one = heavy.length === 1;
  const remedy = target
    ? text(`limit ${one ? 'its' : 'their'} IO or move ${one ? 'it' : 'them'} to ${target.pool} (util ${Math.round(target.util)} %)`, `可限制其 IO，或迁移到 ${target.pool}（利用率 ${Math.round(target.util)}%）`)
    : text(`limit ${one ? 'its' : 'their'} IO (no pool on another device of this host is quiet enough to move ${one ? 'it' : 'them'} to)`, '可限制其 IO（本机其他设备上没有足够空闲的存储池可供迁移）');
  return result(
    text(`${head.en}; ${who} ${one ? 'makes' : 'make'} ${Math.round(heavyShare * 100)} % of it: ${remedy.en}.`, `${head.zh}；${whoZh}占其中 ${Math.round(heavyShare * 100)}%：${remedy.zh}。`),
    ['find-busy-devices', 'find-io-heavy-vms', 'limit-vm-io', ...(target ? ['move-vm-to-other-pool'] : [])],
  );
}

function label(d: Judged): Text {
  const parts: Text[] = [];
  if (d.role.map) parts.push(text(`multipath ${d.role.map.name}`, `多路径 ${d.role.map.name}`));
  for (const m of d.role.mounts) {
    parts.push(m.fsType === 'ocfs2' || m.mountPoint.startsWith('/vms')
      ? text(`pool ${m.mountPoint}`, `存储池 ${m.mountPoint}`)
      : text(`mounted on ${m.mountPoint}`, `挂载于 ${m.mountPoint}`));
  }
  if (!parts.length) return text(d.rate.name, d.rate.name);
  return text(`${d.rate.name} (${parts.map((p) => p.en).join(', ')})`, `${d.rate.name}（${parts.map((p) => p.zh).join('，')}）`);
}

function metrics(r: DiskIoRate, seconds: number): Text {
  const iops = Math.round(r.rps + r.wps);
  const mbps = fmt((r.rkBps + r.wkBps) / 1024);
  return text(
    `await ${fmt(r.await)} ms (read ${fmt(r.rAwait)} / write ${fmt(r.wAwait)}), util ${Math.round(r.util)} %, ${iops} IO/s, ${mbps} MB/s over ${fmt(seconds)} s`,
    `await ${fmt(r.await)} ms（读 ${fmt(r.rAwait)} / 写 ${fmt(r.wAwait)}），利用率 ${Math.round(r.util)}%，${fmt(seconds)} 秒内平均 ${iops} 次/秒、${mbps} MB/s`,
  );
}

/** The device's /proc/diskstats line in both samples, with its map's path lines. */
function deviceEvidence(s: Slow, first: CommandOutput, second: CommandOutput, seconds: number): Evidence[] {
  const names = [s.rate.name, ...(s.role.map ? mapPaths(s.role.map).flatMap((p) => (p.dev ? [p.dev] : [])) : [])];
  const pick = (out: CommandOutput) => out.stdout.split('\n').filter((l) => names.includes(l.trim().split(/\s+/)[2] ?? ''));
  return [
    evidence(first, pick(first), text('first sample', '第一次采样')),
    evidence(second, pick(second), text(`${fmt(seconds)} s later: ${metrics(s.rate, seconds).en}`, `${fmt(seconds)} 秒后：${metrics(s.rate, seconds).zh}`)),
  ];
}

function vmDiskEvidence(d: VmDiskRate): Evidence {
  const iops = Math.round(d.readIops + d.writeIops);
  const mbps = fmt((d.readKBps + d.writeKBps) / 1024);
  const lat = d.latencyMs === undefined ? '' : `, ${fmt(d.latencyMs)} ms per request`;
  const latZh = d.latencyMs === undefined ? '' : `，每个请求 ${fmt(d.latencyMs)} ms`;
  return evidence(d.outputs[1], d.outputs[1].stdout.split('\n').filter((l) => /\b(rd|wr)_(req|bytes)\b/.test(l)), text(
    `${d.vm} ${d.target} on ${d.pool}: ${iops} IO/s, ${mbps} MB/s${lat}`,
    `${d.vm} 的 ${d.target}（${d.pool}）：${iops} 次/秒，${mbps} MB/s${latZh}`,
  ));
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

export const check: CheckDefinition = { id: 'disk-io-latency', run, waits: true };
