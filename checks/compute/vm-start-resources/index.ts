/**
 * Guide 3.4.3 — a VM does not start: the host is short of CPU or memory.
 *
 * Runs: `cat /etc/cvk/cpu_mem_threshold.conf` (libvirt's start limits),
 * `cat /proc/stat` twice --sample-seconds apart (CPU use now, not since
 * boot), `cat /proc/meminfo`, `virsh -r list --all` and `virsh -r dumpxml`
 * of each VM (the memory it books), the refusals in the tail of
 * /var/log/libvirt/libvirtd.log, and the same lines in the qemu logs of the
 * VMs that would be refused (a lead: optional).
 * Decides: each shut-off VM against the platform's reservation rule (memory
 * in use + the VM's memory above 80 % of MemTotal) and libvirt's check (CPU
 * above CpuUsePercent; less than the VM's memory + MemSysReserved
 * available). A shut-off VM that would be refused fails, naming it and by
 * how much; a refusal in the libvirt log with room now warns; a host that
 * would refuse any start with no VM waiting warns.
 * Recommends: free resources, then shut down idle VMs, then migrate others
 * (the guide's order), with the memory to free filled in.
 */
import { leadContext } from '../../../src/engine/context.js';
import { defineCheck, type SayOf } from '../../../src/engine/define-check.js';
import { excerpt, readProblem } from '../../../src/engine/outputs.js';
import { secondsBetweenSamples } from '../../../src/engine/sampling.js';
import type { CommandOutput, Evidence } from '../../../src/engine/types.js';
import { list, type Msg, type MsgValue } from '../../../src/i18n/message.js';
import { cpuBusyPercent, parseCpuMemThreshold, parseMeminfo, parseProcStat } from '../../../src/parsers/proc-host.js';
import type { Span } from '../../../src/parsers/types.js';
import { elementSpans } from '../../../src/parsers/xml-lines.js';
import { type Command, cmd } from '../../../src/transport/command.js';
import { VIRSH_LIST } from '../../shared/commands.js';
import { type LogRead, readLog } from '../../shared/logs.js';
import { isActive, qemuLogPath, type VmDefinition, vmDefinitions } from '../../shared/vm-definitions.js';
import { gib, type HostLoad, judgeStart, pct, refused, RESERVATION_LIMIT, type StartJudgement, toFreeKiB } from './rules.js';

export const THRESHOLD_CONF = cmd('cat', '/etc/cvk/cpu_mem_threshold.conf');
const procStat = (sample: number): Command => ({ argv: ['cat', '/proc/stat'], ...(sample > 1 ? { sample } : {}) });
const PROC_STAT = procStat(1);
export const MEMINFO = cmd('cat', '/proc/meminfo');
const LIBVIRTD_LOG = '/var/log/libvirt/libvirtd.log';
/** libvirt's resource check and qemu's own memory failure, as far as their wording is known. */
export const REFUSAL_PATTERN = 'cpu_mem_threshold|CpuUsePercent|MemSysReserved|[Ii]nsufficient (memory|cpu|CPU)|not enough (memory|cpu|CPU)|cannot set up guest memory|Cannot allocate memory';
const LOG_OPTS = { bytes: '8M', maxLines: 40 } as const;
const VMS_NAMED = 5;
const USER_HZ = 100;
const LOG_LINES_SHOWN = 4;

const messages = {
  fits: {
    en: '{cpu}; {memory}; {vms}.',
    zh: '{cpu}；{memory}；{vms}。',
  },
  cpuNow: {
    en: 'CPU {cpu} % busy over {seconds} s (libvirt refuses starts above CpuUsePercent {limit} %)',
    zh: 'CPU 在 {seconds} 秒内的使用率为 {cpu}%（CPU 使用率超过 CpuUsePercent {limit}% 时 libvirt 拒绝启动虚拟机）',
  },
  cpuNoLimit: {
    en: 'CPU {cpu} % busy over {seconds} s (no CpuUsePercent set)',
    zh: 'CPU 在 {seconds} 秒内的使用率为 {cpu}%（未设置 CpuUsePercent）',
  },
  memoryNow: {
    en: 'memory {used} GiB of {total} GiB in use ({usedPct} %), {available} GiB available{reserved}; the platform refuses a start that takes host + VM memory above 80 % ({limit} GiB)',
    zh: '内存已用 {used} GiB / 共 {total} GiB（{usedPct}%），可用 {available} GiB{reserved}；主机内存加虚拟机内存超过 80%（{limit} GiB）时平台拒绝启动',
  },
  reserved: {
    en: ', MemSysReserved {reserved} GiB held back for the host (the guide gives no unit: read as GiB)',
    zh: '，MemSysReserved 为主机保留 {reserved} GiB（指南未注明单位，按 GiB 理解）',
  },
  noReserved: { en: ', no MemSysReserved set', zh: '，未设置 MemSysReserved' },
  noConf: { en: ' (no /etc/cvk/cpu_mem_threshold.conf: libvirt\'s own check is not configured)', zh: '（没有 /etc/cvk/cpu_mem_threshold.conf：libvirt 自身的资源检查未配置）' },
  allFit: { en: 'all {count} shut-off VM(s) would start (the largest, {vm}, books {vmMem} GiB: {afterPct} % after start)', zh: '{count} 台关机虚拟机都能启动（最大的 {vm} 需 {vmMem} GiB：启动后为 {afterPct}%）' },
  noneOff: { en: 'no VM is shut off, {running} running book {runningMem} GiB', zh: '没有关机的虚拟机，{running} 台运行中的虚拟机共占 {runningMem} GiB' },
  refusedStart: {
    en: 'VM {vm} ({vmMem} GiB) would not start on {host}: {why}.{more} Now: {cpu}; {memory}.',
    zh: '虚拟机 {vm}（{vmMem} GiB）在 {host} 上无法启动：{why}。{more}当前：{cpu}；{memory}。',
  },
  overReservation: {
    en: 'memory in use + its memory would be {afterPct} % of MemTotal, {over} GiB above the 80 % reservation limit',
    zh: '已用内存加上它的内存将达到总内存的 {afterPct}%，超出 80% 预留上限 {over} GiB',
  },
  shortForLibvirt: {
    en: 'libvirt wants its {vmMem} GiB + MemSysReserved {reserved} GiB available, only {available} GiB is: {short} GiB short',
    zh: 'libvirt 要求可用内存不少于其 {vmMem} GiB 加 MemSysReserved {reserved} GiB，但只有 {available} GiB 可用：差 {short} GiB',
  },
  cpuOver: { en: 'CPU use {cpu} % is above CpuUsePercent {limit} %', zh: 'CPU 使用率 {cpu}% 高于 CpuUsePercent {limit}%' },
  moreRefused: { en: ' {count} more shut-off VM(s) would not start either: {vms}.', zh: '另有 {count} 台关机虚拟机同样无法启动：{vms}。' },
  vmSize: { en: '{vm} ({vmMem} GiB)', zh: '{vm}（{vmMem} GiB）' },
  loggedOnly: {
    en: 'libvirt logged a refused start on {host} ("{line}"), but every shut-off VM would start now: {cpu}; {memory}.',
    zh: 'libvirt 日志记录了 {host} 上被拒绝的启动（“{line}”），但现在所有关机虚拟机都能启动：{cpu}；{memory}。',
  },
  hostFull: {
    en: 'No VM waits to start on {host}, but the next start would be refused: {why}. Now: {cpu}; {memory}.',
    zh: '{host} 上没有待启动的虚拟机，但下一次启动会被拒绝：{why}。当前：{cpu}；{memory}。',
  },
  usedOverLimit: { en: 'memory in use is already {usedPct} % of MemTotal (above 80 %)', zh: '已用内存已达总内存的 {usedPct}%（超过 80%）' },
  toFree: {
    en: 'Free at least {free} GiB of memory on {host}{andCpu} for {vm} to start.',
    zh: '要让 {vm} 启动，{host} 上至少要释放 {free} GiB 内存{andCpu}。',
  },
  andCpu: { en: ' and bring CPU use below {limit} % (now {cpu} %)', zh: '，并把 CPU 使用率降到 {limit}% 以下（当前 {cpu}%）' },
  runningVms: { en: 'Running VMs and the memory they book: {vms}.', zh: '运行中的虚拟机及其内存：{vms}。' },
  unread: { en: 'Could not read {what}: {why}', zh: '无法读取 {what}：{why}' },
  noCpuLine: { en: 'No "cpu" line in /proc/stat: CPU use is not known.', zh: '/proc/stat 中没有 "cpu" 行：无法得知 CPU 使用率。' },
  noInterval: { en: 'The two /proc/stat samples show no time passing: CPU use is not known.', zh: '两次 /proc/stat 采样之间没有时间间隔：无法得知 CPU 使用率。' },
  noMemTotal: { en: 'No MemTotal in /proc/meminfo: memory use is not known.', zh: '/proc/meminfo 中没有 MemTotal：无法得知内存使用情况。' },
  noVmMemory: { en: 'its definition has no <memory> element', zh: '其定义中没有 <memory> 元素' },
  vmUnread: { en: 'The definition of shut-off VM {vm} could not be read ({why}): whether it would start is not known.', zh: '无法读取关机虚拟机 {vm} 的定义（{why}）：无法判断它能否启动。' },
} as const;

type SayRes = SayOf<'vm-start-resources', typeof messages>;

interface Reads {
  readonly conf: CommandOutput;
  readonly first: CommandOutput;
  readonly second: CommandOutput;
  readonly mem: CommandOutput;
  readonly spans: { readonly cpu: Span[]; readonly mem: Span[]; readonly conf: Span[] };
}

export const check = defineCheck({
  id: 'vm-start-resources',
  waits: true,
  needs: [THRESHOLD_CONF, PROC_STAT, MEMINFO, VIRSH_LIST],
  messages,
  async run(ctx, say) {
    const host = ctx.host.name;
    const [conf, first, mem, defs] = await Promise.all([ctx.run(THRESHOLD_CONF), ctx.run(PROC_STAT), ctx.run(MEMINFO), vmDefinitions(ctx)]);
    // An absent threshold file is an answer (libvirt's check is not configured); a failed read is not.
    const confProblem = conf.read.kind === 'absent' ? undefined : readProblem(conf);
    for (const [what, out, why] of [['/etc/cvk/cpu_mem_threshold.conf', conf, confProblem], ['/proc/stat', first, readProblem(first)], ['/proc/meminfo', mem, readProblem(mem)]] as const) {
      if (why) return say.unknown('unread', { what, why }, { evidence: [excerpt(out, [])] });
    }
    if (defs.problem) return say.unknown('unread', { what: 'virsh -r list --all', why: defs.problem });
    const before = parseProcStat(first.stdout).value.cpu;
    if (!before) return say.unknown('noCpuLine', {}, { evidence: [excerpt(first, [1])] });
    await ctx.sleep(ctx.options.sampleSeconds * 1000);
    const second = await ctx.run(procStat(2));
    const secondProblem = readProblem(second);
    if (secondProblem) return say.unknown('unread', { what: '/proc/stat', why: secondProblem });
    const afterStat = parseProcStat(second.stdout).value;
    const after = afterStat.cpu;
    const cpuPercent = after ? cpuBusyPercent(before, after) : undefined;
    // The jiffies themselves tell the interval (USER_HZ is 100 on Linux): exact even when the
    // outputs carry no times (a capture, a simulated host); else the two reads' start times.
    const seconds = after && afterStat.cpus > 0
      ? (after.busy + after.idle - before.busy - before.idle) / afterStat.cpus / USER_HZ
      : secondsBetweenSamples(first.startedAt, second.startedAt, ctx.options.sampleSeconds);
    if (!after || cpuPercent === undefined || !seconds) return say.unknown('noInterval', {}, { evidence: [excerpt(first, [before.span]), excerpt(second, after ? [after.span] : [])] });

    const info = parseMeminfo(mem.stdout).value;
    const total = info.MemTotal;
    if (!total) return say.unknown('noMemTotal', {}, { evidence: [excerpt(mem, [])] });
    // Kernels before 3.14 have no MemAvailable: free + buffers + page cache is what free(1) showed then.
    const availableKiB = info.MemAvailable?.kib ?? (info.MemFree?.kib ?? 0) + (info.Buffers?.kib ?? 0) + (info.Cached?.kib ?? 0);
    const memSpans = [total.span, ...[info.MemAvailable ?? info.MemFree, info.MemAvailable ? undefined : info.Buffers, info.MemAvailable ? undefined : info.Cached].flatMap((v) => (v ? [v.span] : []))];
    const limits = conf.read.kind === 'absent' ? {} : parseCpuMemThreshold(conf.stdout).value;
    const load: HostLoad = {
      totalKiB: total.kib,
      availableKiB,
      cpuPercent,
      cpuLimit: limits.CpuUsePercent?.value,
      reservedKiB: limits.MemSysReserved ? limits.MemSysReserved.value * 1024 * 1024 : undefined,
    };
    const reads: Reads = {
      conf, first, second, mem,
      spans: { cpu: [before.span, after.span], mem: memSpans, conf: [limits.CpuUsePercent?.span, limits.MemSysReserved?.span].flatMap((s) => (s ? [s] : [])) },
    };
    const cpuMsg = load.cpuLimit === undefined
      ? say.msg('cpuNoLimit', { cpu: pct(cpuPercent), seconds: pct(seconds) })
      : say.msg('cpuNow', { cpu: pct(cpuPercent), seconds: pct(seconds), limit: load.cpuLimit });
    const memoryMsg = memoryNow(say, load, conf.read.kind === 'absent');

    const off = defs.vms.filter((v) => !isActive(v.state));
    const unreadOff = off.find((v) => v.problem || v.guest.memoryKiB === undefined);
    const judged = off.flatMap((v) => (v.guest.memoryKiB === undefined ? [] : [{ def: v, kib: v.guest.memoryKiB, j: judgeStart(load, v.guest.memoryKiB) }]));
    const blocked = judged.filter((x) => refused(x.j)).sort((a, b) => toFreeKiB(a.j) - toFreeKiB(b.j));
    const running = defs.vms.filter((v) => isActive(v.state));
    const runningMem = running.reduce((k, v) => k + (v.guest.memoryKiB ?? 0), 0);
    const log = await readLog(ctx, [LIBVIRTD_LOG], REFUSAL_PATTERN, LOG_OPTS);
    const data = {
      cpuPercent: pct(cpuPercent), seconds, cpuLimit: load.cpuLimit, memTotalKiB: load.totalKiB, memAvailableKiB: availableKiB,
      memSysReservedGiB: limits.MemSysReserved?.value, reservationLimit: RESERVATION_LIMIT,
      vms: defs.vms.map((v) => {
        const j = judged.find((x) => x.def.vm === v.vm)?.j;
        // For each shut-off VM: whether it would be refused, and by how much under each rule.
        return {
          vm: v.vm, state: v.state, memoryKiB: v.guest.memoryKiB, refused: j ? refused(j) : undefined,
          overReservationGiB: j?.overReservationKiB !== undefined ? gib(j.overReservationKiB) : undefined,
          shortGiB: j?.shortKiB !== undefined ? gib(j.shortKiB) : undefined,
          cpuOver: j?.cpuOver,
        };
      }),
      refusalsLogged: log.matches.length,
    };
    const baseEvidence = (): Evidence[] => [
      ...(conf.read.kind === 'absent' ? [] : [excerpt(conf, reads.spans.conf)]),
      excerpt(first, [before.span]), excerpt(second, [after.span]), excerpt(mem, reads.spans.mem),
    ];

    const worst = blocked[0];
    if (worst) {
      const vmMem = gib(worst.kib);
      const why = list(reasons(say, load, worst.j, vmMem), { en: '; ', zh: '；' });
      const rest = blocked.slice(1);
      const vmLog = await readLog(leadContext(ctx), [qemuLogPath(worst.def.vm)], REFUSAL_PATTERN, LOG_OPTS);
      const free = toFreeKiB(worst.j);
      return say.fail('refusedStart', {
        vm: worst.def.vm, vmMem, host, why,
        more: rest.length ? say.msg('moreRefused', { count: rest.length, vms: list(rest.slice(0, VMS_NAMED).map((r) => say.msg('vmSize', { vm: r.def.vm, vmMem: gib(r.kib) }))) }) : '',
        cpu: cpuMsg, memory: memoryMsg,
      }, {
        evidence: [...baseEvidence(), excerpt(worst.def.output, memorySpan(worst.def)), ...logEvidence(log), ...logEvidence(vmLog)],
        recovery: {
          steps: ['check-thresholds', 'read-libvirt-log', 'free-resources', 'shutdown-idle-vms', 'migrate-other-vms'],
          vars: { host, vm: worst.def.vm },
          found: {
            'free-resources': say.msg('toFree', {
              free: Math.max(0.1, gib(free)), host, vm: worst.def.vm,
              andCpu: worst.j.cpuOver ? say.msg('andCpu', { limit: load.cpuLimit!, cpu: pct(cpuPercent) }) : '',
            }),
            ...(running.length ? { 'shutdown-idle-vms': runningList(say, running), 'migrate-other-vms': runningList(say, running) } : {}),
          },
        },
        data,
      });
    }
    if (unreadOff) return say.unknown('vmUnread', { vm: unreadOff.vm, why: unreadOff.problem ?? say.msg('noVmMemory') }, { evidence: [excerpt(unreadOff.output, [])], data });
    const line = log.matches.at(-1);
    if (line) {
      return say.warn('loggedOnly', { host, line: line.message, cpu: cpuMsg, memory: memoryMsg }, {
        evidence: [...logEvidence(log), ...baseEvidence()],
        recovery: { steps: ['read-libvirt-log', 'check-thresholds'], vars: { host } },
        data,
      });
    }
    const usedPct = ((load.totalKiB - availableKiB) / load.totalKiB) * 100;
    const full: MsgValue[] = [
      ...(usedPct > RESERVATION_LIMIT * 100 ? [say.msg('usedOverLimit', { usedPct: pct(usedPct) })] : []),
      ...(load.cpuLimit !== undefined && cpuPercent > load.cpuLimit ? [say.msg('cpuOver', { cpu: pct(cpuPercent), limit: load.cpuLimit })] : []),
    ];
    if (full.length) {
      return say.warn('hostFull', { host, why: list(full, { en: '; ', zh: '；' }), cpu: cpuMsg, memory: memoryMsg }, {
        evidence: baseEvidence(),
        recovery: { steps: ['check-thresholds', 'free-resources', 'migrate-other-vms'], vars: { host } },
        data,
      });
    }
    const largest = [...judged].sort((a, b) => b.kib - a.kib)[0];
    const vms: Msg = largest
      ? say.msg('allFit', { count: judged.length, vm: largest.def.vm, vmMem: gib(largest.kib), afterPct: pct(largest.j.afterPercent) })
      : say.msg('noneOff', { running: running.length, runningMem: gib(runningMem) });
    return say.ok('fits', { cpu: cpuMsg, memory: memoryMsg, vms }, { data });
  },
});

function memoryNow(say: SayRes, load: HostLoad, noConf: boolean): Msg {
  const used = load.totalKiB - load.availableKiB;
  const reserved = noConf ? say.msg('noConf')
    : load.reservedKiB === undefined ? say.msg('noReserved') : say.msg('reserved', { reserved: gib(load.reservedKiB) });
  return say.msg('memoryNow', {
    used: gib(used), total: gib(load.totalKiB), usedPct: pct((used / load.totalKiB) * 100), available: gib(load.availableKiB),
    reserved, limit: gib(RESERVATION_LIMIT * load.totalKiB),
  });
}

function reasons(say: SayRes, load: HostLoad, j: StartJudgement, vmMem: number): Msg[] {
  return [
    ...(j.overReservationKiB !== undefined ? [say.msg('overReservation', { afterPct: pct(j.afterPercent), over: gib(j.overReservationKiB) })] : []),
    ...(j.shortKiB !== undefined ? [say.msg('shortForLibvirt', { vmMem, reserved: gib(load.reservedKiB!), available: gib(load.availableKiB), short: gib(j.shortKiB) })] : []),
    ...(j.cpuOver ? [say.msg('cpuOver', { cpu: pct(load.cpuPercent), limit: load.cpuLimit! })] : []),
  ];
}

function runningList(say: SayRes, running: readonly VmDefinition[]): Msg {
  const biggest = [...running].sort((a, b) => (b.guest.memoryKiB ?? 0) - (a.guest.memoryKiB ?? 0)).slice(0, VMS_NAMED);
  return say.msg('runningVms', { vms: list(biggest.map((v) => say.msg('vmSize', { vm: v.vm, vmMem: gib(v.guest.memoryKiB ?? 0) }))) });
}

/** The `<memory>` element of a definition (what the start books; the first one, before any numatune). */
function memorySpan(def: VmDefinition): Span[] {
  return elementSpans(def.output.stdout, 'memory').slice(0, 1);
}

function logEvidence(log: LogRead): Evidence[] {
  return log.output && log.matches.length ? [excerpt(log.output, log.matches.slice(-LOG_LINES_SHOWN).map((m) => m.line))] : [];
}
