/**
 * Guide 3.5.3 — shared storage blocked, cluster unusable.
 *
 * Runs: `mount` (OCFS2 pools), `df -P` per pool with the short probe limit
 * (a hang is the primary symptom), `debugfs.ocfs2 -R "fs_locks -B"` per device
 * (twice when df answers, so a transient busy lock is not a fault), then the
 * lock trace: `dlm_locks` here and on the owner node, `fs_locks -B` and `ps`
 * on the holder node (shared/lock-trace.ts).
 * Decides: a hung df or a lock waited for in both samples is a blocked pool;
 * the verdict names the holder host and the D-state process there.
 * Recommends: the guide's reboot procedure for that host.
 */
import { defineCheck, type SayOf, type VerdictExtras } from '../../src/engine/define-check.js';
import type { StepIdOf } from '../../src/kb/index.js';
import { evidence, excerpt, readProblem } from '../../src/engine/outputs.js';
import type { CheckContext, CheckResult, Evidence, HostContext, IncidentLink } from '../../src/engine/types.js';
import { list, type Msg, type MsgValues } from '../../src/i18n/message.js';
import type { MountEntry } from '../../src/parsers/mount.js';
import { busyLocks, type FsLock, parseFsLocks } from '../../src/parsers/ocfs2.js';
import { blockedProcesses, type BlockedProcess } from '../shared/blocked-processes.js';
import { type HostVms, hostVms } from '../shared/host-vms.js';
import { CLUSTER_CONF, fsLocksBusy, MOUNT, NODE_NAME, PROCESSES } from '../shared/commands.js';
import { type LockTrace, traceLock, waitingLocks } from '../shared/lock-trace.js';
import { probeMount } from '../shared/mount-probe.js';
import { type ClusterView, clusterView, nodeHostName, nodeLabel, type NodeRef } from '../shared/ocfs2-cluster.js';

/** Busy locks followed per pool: the first ones usually lead to the same holder. */
const TRACES_PER_POOL = 2;

const messages = {
  noPools: { en: 'No OCFS2 storage pool is mounted on this host.', zh: '此主机未挂载 OCFS2 共享存储池。' },
  poolsUnlisted: { en: 'The OCFS2 pools of this host cannot be listed: {why}', zh: '无法列出此主机的 OCFS2 存储池：{why}' },
  allAnswer: {
    en: '{count} OCFS2 pool(s) answer and no lock is waited for: {pools}.',
    zh: '{count} 个 OCFS2 存储池访问正常，没有等待中的锁：{pools}。',
  },
  localWaiter: {
    en: 'Pools answer, but {process} waits in an OCFS2 lock on this host; if other nodes hang, this host may hold their lock.',
    zh: '存储池可以访问，但本机 {process} 正卡在 OCFS2 锁上；若其他节点阻塞，锁可能就在本机手里。',
  },
  locksUnreadable: {
    en: 'Pools answer to df, but OCFS2 lock state could not be read: {why}',
    zh: '存储池 df 正常，但无法读取 OCFS2 锁状态：{why}',
  },
  toolsTooOld: {
    en: "debugfs.ocfs2 is older than the kernel's lock format (proto {proto})",
    zh: 'debugfs.ocfs2 版本低于内核锁格式（proto {proto}）',
  },
  debugfsSays: { en: '{text}', zh: '{text}' },
  process: { en: '{command} (pid {pid}, {stat}, {wchan})', zh: '{command}（pid {pid}，{stat}，{wchan}）' },
  pool: { en: '{mount} ({device})', zh: '{mount}（{device}）' },
  isHung: { en: 'is blocked', zh: '已阻塞' },
  isWaited: { en: 'has a lock waited for in every sample', zh: '有一直在等待的锁' },
  ioPath: {
    en: '{pool} {state}, but no OCFS2 lock is waited for: the IO path (multipath, FC/iSCSI links, the array) is the likelier cause.',
    zh: '{pool}{state}，但没有等待中的 OCFS2 锁：更可能是 IO 路径（多路径、FC/iSCSI 链路、存储设备）出了问题。',
  },
  lockHeld: {
    en: '{pool} {state}: lock {lockres} is held by {holder}{chain}{onHolder}. Reboot {holderHost} (guide 3.5.3).',
    zh: '{pool}{state}：锁 {lockres} 被{holder}持有{chain}{onHolder}。按指南 3.5.3 重启 {holderHost}。',
  },
  via: { en: ' via {nodes}', zh: '，经 {nodes}' },
  stuckThere: { en: '; on it {process} is stuck', zh: '；该节点上 {process} 卡住' },
  noneThere: { en: '; no D-state process found there', zh: '；该节点上未发现 D 状态进程' },
  noneThereWhy: { en: '; no D-state process found there ({why})', zh: '；该节点上未发现 D 状态进程（{why}）' },
  holderUnreachable: {
    en: '{pool} {state}: lock {lockres} is held by {holder}, but {why}; look for the D-state process there.',
    zh: '{pool}{state}：锁 {lockres} 被{holder}持有，但{why}；请到该节点查找 D 状态进程。',
  },
  ownerUnreachable: {
    en: '{pool} {state}: lock {lockres} is mastered by {owner}, but {why}; ask that node which node holds it.',
    zh: '{pool}{state}：锁 {lockres} 的 owner 是{owner}，但{why}；请在该节点上查询持锁节点。',
  },
  deadlock: {
    en: '{pool} {state}: the nodes wait for each other (deadlock): {nodes}. Reboot {holderHost} ({why}); rebooting {alternative} instead would release the others as well.',
    zh: '{pool}{state}：节点之间互相等待（死锁）：{nodes}。重启 {holderHost}（{why}）；改为重启 {alternative} 同样可以释放其余节点。',
  },
  fewestVms: { en: 'it runs the fewest VMs: {counts}', zh: '它运行的虚拟机最少：{counts}' },
  sameVms: {
    en: 'every node of the loop runs {count} VM(s); usdiag picks the highest node number, so every host recommends the same node',
    zh: '环中每个节点都运行 {count} 台虚拟机；usdiag 选编号最大的节点，使每台主机给出相同的建议',
  },
  vmsUnknown: {
    en: 'the VMs of {hosts} could not be listed; usdiag picks the highest node number, so every host recommends the same node',
    zh: '无法列出 {hosts} 上的虚拟机；usdiag 选编号最大的节点，使每台主机给出相同的建议',
  },
  vmCount: { en: '{host} {count}', zh: '{host} {count} 台' },
  vmsFound: { en: 'usdiag found {count} running VM(s) there: {vms}.', zh: 'usdiag 发现该主机上运行着 {count} 台虚拟机：{vms}。' },
  noVmsFound: { en: 'usdiag found no running VM there.', zh: 'usdiag 未在该主机上发现运行中的虚拟机。' },
  vmPids: { en: 'Their qemu pids: {pids}.', zh: '各虚拟机的 qemu 进程号：{pids}。' },
  vmFull: { en: '{name} (pid {pid}, VNC {vnc})', zh: '{name}（pid {pid}，VNC {vnc}）' },
  vmWithPid: { en: '{name} (pid {pid})', zh: '{name}（pid {pid}）' },
  vmPid: { en: '{name} {pid}', zh: '{name} {pid}' },
  noHolder: {
    en: '{pool} {state}: lock {lockres} on owner {owner} is granted to nobody (state {lockState}): DLM recovery or migration may be stuck.',
    zh: '{pool}{state}：owner {owner} 上的锁 {lockres} 没有授予任何节点（状态 {lockState}）：DLM 恢复或迁移可能卡住。',
  },
  released: {
    en: '{pool} {state}, but lock {lockres} was released while usdiag followed it; run the check again.',
    zh: '{pool}{state}，但追踪过程中锁 {lockres} 已释放；请再次运行检查。',
  },
  untraceable: { en: '{pool} {state}; the lock could not be followed: {why}.', zh: '{pool}{state}；无法继续追踪锁：{why}。' },
  morePools: { en: '{verdict} ({more} more pool(s) blocked)', zh: '{verdict}（另有 {more} 个存储池阻塞）' },
  dfNoAnswer: { en: 'df did not answer within {seconds} s', zh: 'df 在 {seconds} 秒内没有返回' },
  earlierProbe: { en: 'an earlier df probe is still stuck', zh: '之前的 df 探测仍卡住' },
} as const;

const steps = {
  'check-io-path': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'multipath -ll',
    text: {
      en: 'Check the IO path of this pool: failed multipath paths, FC/iSCSI link and fence events (usdiag check multipath-wwid,storage-fence,disk-io-latency).',
      zh: '检查该存储池的 IO 路径：多路径故障路径、FC/iSCSI 链路和 fence 事件（usdiag check multipath-wwid,storage-fence,disk-io-latency）。',
    },
  },
  'ps-on-holder': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'ps -e -o pid,stat,comm,wchan=WIDE-WCHAN-COLUMN | grep D',
    text: {
      en: 'usdiag cannot look at {holderNode}: log in there (ssh {holderAddress}) and list the processes in D state:',
      zh: 'usdiag 无法查看{holderNode}：请登录该节点（ssh {holderAddress}）并列出 D 状态进程：',
    },
  },
  'dlm-on-owner': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'debugfs.ocfs2 -R "dlm_locks {lockres}" <device of {mount}>',
    text: {
      en: 'usdiag cannot look at {ownerNode}: log in there (ssh {ownerAddress}) and ask which node holds the lock:',
      zh: 'usdiag 无法查看{ownerNode}：请登录该节点（ssh {ownerAddress}）并查询持锁节点：',
    },
  },
} as const;

interface PoolState {
  readonly mount: MountEntry;
  /** df did not answer within the probe limit (or an earlier probe is still stuck). */
  readonly hung: boolean;
  /** Locks this node waits for, in every sample taken. */
  readonly waiting: readonly FsLock[];
  /** Locks this node holds while others ask for them (busy, a downconvert pending). */
  readonly held: readonly FsLock[];
  /** fs_locks could not be read: nothing can be said about locks. */
  readonly locksUnreadable?: Msg | undefined;
  readonly traces: readonly LockTrace[];
  readonly evidence: readonly Evidence[];
}

type SayBlocked = SayOf<'storage-blocked', typeof messages, typeof steps>;
type Recovery = VerdictExtras<StepIdOf<'storage-blocked'> | keyof typeof steps>['recovery'];

export const check = defineCheck({
  id: 'storage-blocked',
  waits: true,
  needs: [MOUNT, CLUSTER_CONF, PROCESSES, { command: NODE_NAME, optional: true }],
  messages,
  steps,
  async run(ctx, say) {
    const view = await clusterView(ctx);
    if (view.mounts.length === 0) {
      const why = view.problems[0];
      if (why && readProblem(view.confOutput) === undefined) return say.unknown('poolsUnlisted', { why });
      return say.notApplicable('noPools');
    }
    const pools = await Promise.all(view.mounts.map((m) => poolState(ctx, say, view, m)));
    const blocked = pools.filter((p) => p.hung || p.waiting.length);
    const data = pools.map(poolData);
    if (blocked.length === 0) return unblockedVerdict(ctx, say, pools, data);

    const worst = [...blocked].sort((a, b) => poolRank(a) - poolRank(b))[0]!;
    const verdict = await poolVerdict(ctx, say, worst);
    const more = blocked.length - 1;
    return say.result(blocked.some((p) => p.hung) ? 'fail' : 'warn', more ? say.msg('morePools', { verdict: verdict.message, more }) : verdict.message, {
      evidence: [...worst.evidence, ...blocked.filter((p) => p !== worst).flatMap((p) => p.evidence.slice(0, 2))],
      recovery: verdict.recovery,
      data,
      ...(verdict.incident ? { incident: verdict.incident } : {}),
    });
  },
});
/** One pool: its probe, its busy locks (sampled twice while df answers) and where they lead. */
async function poolState(ctx: CheckContext, say: SayBlocked, view: ClusterView, m: MountEntry): Promise<PoolState> {
  // The lock state is read, and followed across the cluster, while the probe waits out its limit.
  const probing = probeMount(ctx, m.mountPoint);
  const fl = await ctx.run(fsLocksBusy(m.device));
  const parsed = parseFsLocks(fl.stdout).value;
  const unreadable = readProblem(fl) ?? (parsed.protoMismatch
    ? say.msg('toolsTooOld', { proto: parsed.protoMismatch.found })
    : parsed.unavailable ? say.msg('debugfsSays', { text: parsed.unavailable.message }) : undefined);
  let waiting = unreadable ? [] : waitingLocks(busyLocks(parsed));
  const held = unreadable ? [] : busyLocks(parsed).filter((l) => l.pendingAction === 'Downconvert');
  const tracing = traceWaiting(ctx, view, m, waiting);
  const probe = await probing;
  if (waiting.length && !probe.hung) {
    // df answers: only a lock still waited for a moment later is a fault, not a busy one.
    await ctx.sleep(ctx.options.sampleSeconds * 1000);
    const again = await ctx.run(fsLocksBusy(m.device, 2));
    const still = new Set(waitingLocks(busyLocks(parseFsLocks(again.stdout).value)).map((l) => l.name));
    waiting = readProblem(again) ? [] : waiting.filter((l) => still.has(l.name));
  }
  const traces = (await tracing).filter((t) => waiting.some((l) => l.name === t.lockres));
  const ev: Evidence[] = [];
  if (probe.df && probe.hung) ev.push(evidence(probe.df, '', say.msg('dfNoAnswer', { seconds: ctx.options.probeSeconds })));
  if (probe.stuck) ev.push(excerpt(probe.stuck.ps, [probe.stuck.process.line], say.msg('earlierProbe')));
  if (waiting.length) ev.push(excerpt(fl, waiting.slice(0, 2).map((l) => l.span)));
  return { mount: m, hung: probe.hung, waiting, held, locksUnreadable: unreadable, traces, evidence: [...ev, ...traces.flatMap((t) => t.evidence)] };
}

/**
 * No pool blocked here: a local OCFS2 waiter still matters. This host may be
 * the holder others wait for: then it is the root cause of their incident
 * (same key: the pool it holds a lock of, and this host).
 */
async function unblockedVerdict(ctx: CheckContext, say: SayBlocked, pools: readonly PoolState[], data: unknown): Promise<CheckResult> {
  const holding = pools.find((p) => p.held.length > 0);
  const local = await blockedProcesses(ctx, (holding ?? pools[0]!).mount.mountPoint);
  const waiter = local.processes.find((p) => p.ocfs2Wait);
  if (waiter) {
    const pool = holding ?? pools.find((p) => waiter.args.includes(p.mount.mountPoint)) ?? pools[0]!;
    const host = ctx.host.name;
    const vms = await hostVms(ctx);
    return say.warn('localWaiter', { process: processMsg(say, waiter) }, {
      evidence: local.evidence,
      recovery: {
        steps: ['find-blocked-process', 'list-vms'],
        vars: { host, holderHost: host, stuckPid: waiter.pid, process: waiter.command, ...vmVars(vms) },
        found: { 'list-vms': vmsFound(say, vms) },
      },
      data,
      incident: lockIncident(pool.mount.mountPoint, host, 'root', waiter),
    });
  }
  const unreadable = pools.find((p) => p.locksUnreadable);
  if (unreadable) return say.unknown('locksUnreadable', { why: unreadable.locksUnreadable! }, { data });
  return say.ok('allAnswer', { count: pools.length, pools: list(pools.map((p) => p.mount.mountPoint)) }, { data });
}

/** Every node blocked on a pool and the node holding its lock share one incident. */
function lockIncident(mount: string, holderHost: string, role: IncidentLink['role'], p?: BlockedProcess): IncidentLink {
  return {
    key: `storage-lock:${mount}:${holderHost}`,
    kind: 'storage-lock',
    culprit: { host: holderHost, ...(p ? { process: p.command, pid: p.pid } : {}), pool: mount },
    role,
  };
}

/** The VMs of the host to reboot, for the guide's "list the VMs" step: names, qemu pids, VNC displays. */
function vmsFound(say: SayBlocked, v: HostVms): Msg | undefined {
  if (v.problem) return undefined;
  if (v.vms.length === 0) return say.msg('noVmsFound');
  const one = (vm: HostVms['vms'][number]) =>
    vm.pid !== undefined && vm.vnc !== undefined ? say.msg('vmFull', { name: vm.name, pid: vm.pid, vnc: vm.vnc })
      : vm.pid !== undefined ? say.msg('vmWithPid', { name: vm.name, pid: vm.pid }) : vm.name;
  return say.msg('vmsFound', { count: v.vms.length, vms: list(v.vms.map(one)) });
}

/** `{vmPid}` of the `kill -9` step: filled when one VM runs there; the pids of several are listed in its text. */
function vmVars(v: HostVms): Record<string, MsgValues[string]> {
  const withPid = v.vms.filter((vm) => vm.pid !== undefined);
  return withPid.length === 1 && v.vms.length === 1 ? { vmPid: withPid[0]!.pid } : {};
}

function vmPidsFound(say: SayBlocked, v: HostVms): Msg | undefined {
  const withPid = v.vms.filter((vm) => vm.pid !== undefined);
  if (withPid.length < 2) return undefined;
  return say.msg('vmPids', { pids: list(withPid.map((vm) => say.msg('vmPid', { name: vm.name, pid: vm.pid! }))) });
}

/** Follows the first waited-for locks of a pool; several usually lead to the same holder. */
async function traceWaiting(ctx: CheckContext, view: ClusterView, m: MountEntry, waiting: readonly FsLock[]): Promise<LockTrace[]> {
  const traces: LockTrace[] = [];
  for (const lock of waiting.slice(0, TRACES_PER_POOL)) {
    const t = await traceLock(ctx, view, m.mountPoint, m.device, lock.name);
    traces.push(t);
    if (t.end.kind === 'holder') break;
  }
  return traces;
}

/** Pools with a named holder first, then hung ones. */
function poolRank(p: PoolState): number {
  const end = p.traces.at(-1)?.end.kind;
  return (end === 'holder' ? 0 : end === 'loop' ? 1 : 2) + (p.hung ? 0 : 3);
}

function processMsg(say: SayBlocked, p: BlockedProcess): Msg {
  return say.msg('process', { command: p.command, pid: p.pid, stat: p.stat, wchan: p.wchan });
}

const REBOOT_STEPS = ['list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered'] as const;

interface PoolVerdict {
  readonly message: Msg;
  readonly recovery: Recovery;
  readonly incident?: IncidentLink;
}

/** The verdict for the worst blocked pool: where its lock trail ends, and what to do there. */
async function poolVerdict(ctx: CheckContext, say: SayBlocked, pool: PoolState): Promise<PoolVerdict> {
  const host = ctx.host.name;
  const mount = pool.mount.mountPoint;
  const base = {
    pool: say.msg('pool', { mount, device: pool.mount.device }),
    state: pool.hung ? say.msg('isHung') : say.msg('isWaited'),
  };
  const trace = pool.traces.at(-1);
  const vars: Record<string, MsgValues[string]> = { host, device: pool.mount.device, mount };
  const plan = (steps: NonNullable<Recovery>['steps']) => ({ steps, vars });
  // The reboot procedure, with the VMs of the host to reboot filled in.
  const reboot = async (target: HostContext | undefined) => {
    const vms = target ? await hostVms(target) : undefined;
    if (vms) Object.assign(vars, vmVars(vms));
    const found = vms ? { 'list-vms': vmsFound(say, vms), 'shutdown-vms': vmPidsFound(say, vms) } : undefined;
    return { steps: REBOOT_STEPS, vars, ...(found ? { found } : {}) };
  };
  if (!trace) {
    return {
      message: say.msg('ioPath', base),
      recovery: plan(['check-io-path', 'find-hung-mount']),
      // Every node on which this pool hangs with no lock waited for points at the same IO path.
      incident: { key: `storage-io:${mount}`, kind: 'storage-io-path', culprit: { pool: mount }, role: 'affected' },
    };
  }
  const lock = { ...base, lockres: trace.lockres };
  vars.lockres = trace.lockres;
  if (trace.owner) Object.assign(vars, { ownerNode: nodeLabel(trace.owner), ownerHost: nodeHostName(trace.owner), ownerAddress: address(trace.owner) });
  const end = trace.end;
  const holderVars = (h: NodeRef) => Object.assign(vars, { holderNode: nodeLabel(h), holderHost: nodeHostName(h), holderAddress: address(h) });
  switch (end.kind) {
    case 'holder': {
      holderVars(end.holder);
      // The stuck process is named in the summary; {vmPid} in the reboot procedure is a VM's.
      const p = end.processes.find((x) => x.ocfs2Wait) ?? end.processes[0];
      if (p) Object.assign(vars, { stuckPid: p.pid, process: p.command });
      const chain = trace.waiting.length > 1 ? say.msg('via', { nodes: list(trace.waiting.slice(1).map(nodeLabel), ' → ') }) : '';
      const onHolder = p
        ? say.msg('stuckThere', { process: processMsg(say, p) })
        : end.processProblem ? say.msg('noneThereWhy', { why: end.processProblem }) : say.msg('noneThere');
      const holderHost = nodeHostName(end.holder);
      return {
        message: say.msg('lockHeld', { ...lock, holder: nodeLabel(end.holder), chain, onHolder, holderHost }),
        recovery: await reboot(end.holder.host),
        incident: lockIncident(mount, holderHost, holderHost === host ? 'root' : 'affected', p),
      };
    }
    case 'holder-unreachable':
      holderVars(end.holder);
      return {
        message: say.msg('holderUnreachable', { ...lock, holder: nodeLabel(end.holder), why: end.why }),
        recovery: plan(['ps-on-holder', 'find-blocked-process', 'list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered']),
        incident: lockIncident(mount, nodeHostName(end.holder), 'affected'),
      };
    case 'owner-unreachable':
      return {
        message: say.msg('ownerUnreachable', { ...lock, owner: nodeLabel(end.owner), why: end.why }),
        recovery: plan(['dlm-on-owner', 'find-lock-holder', 'find-blocked-process', 'list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered']),
      };
    case 'loop': {
      const choice = await breakLoop(say, end.nodes);
      holderVars(choice.node);
      const recovery = await reboot(choice.node.host);
      const nodes = uniqueNodes(end.nodes);
      const alternatives = nodes.filter((n) => n.number !== choice.node.number);
      const chosen = nodeHostName(choice.node);
      return {
        message: say.msg('deadlock', {
          ...base,
          nodes: list(end.nodes.map(nodeLabel), ' → '),
          holderHost: chosen,
          why: choice.why,
          alternative: list(alternatives.map(nodeHostName), { en: ' or ', zh: '或' }),
        }),
        recovery,
        incident: {
          key: `storage-deadlock:${mount}:${nodes.map(nodeHostName).sort().join('+')}`,
          kind: 'storage-deadlock',
          culprit: { host: chosen, pool: mount },
          role: chosen === host ? 'root' : 'affected',
          alternatives: alternatives.map((n) => ({ host: nodeHostName(n), pool: mount })),
          reason: choice.why,
        },
      };
    }
    case 'no-holder':
      return {
        message: say.msg('noHolder', { ...lock, owner: nodeLabel(end.owner), lockState: end.state }),
        recovery: plan(['find-lock-holder', 'find-blocked-process', 'list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered']),
      };
    case 'released':
      return { message: say.msg('released', lock), recovery: plan(['find-hung-mount', 'find-busy-locks']) };
    case 'unreadable':
      return {
        message: say.msg('untraceable', { ...base, why: end.why }),
        recovery: plan(['find-busy-locks', 'find-lock-owner', 'find-lock-holder', 'find-blocked-process', 'list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered']),
      };
  }
}

function uniqueNodes(nodes: readonly NodeRef[]): NodeRef[] {
  return nodes.filter((n, i) => nodes.findIndex((m) => m.number === n.number) === i);
}

/**
 * Which node of a deadlock to reboot: any one releases the others, so the
 * one whose reboot stops the fewest VMs (`virsh -r list` on each node of
 * the loop). Every blocked node makes the same choice from the same reads;
 * a tie or an unknown count goes to the highest node number.
 */
async function breakLoop(say: SayBlocked, loop: readonly NodeRef[]): Promise<{ node: NodeRef; why: Msg }> {
  const nodes = uniqueNodes(loop);
  const counts = await Promise.all(nodes.map(async (n) => {
    const v = n.host ? await hostVms(n.host) : undefined;
    return { node: n, count: v && !v.problem ? v.vms.length : undefined };
  }));
  const byNumber = [...counts].sort((a, b) => b.node.number - a.node.number);
  const unknown = counts.filter((c) => c.count === undefined);
  if (unknown.length) return { node: byNumber[0]!.node, why: say.msg('vmsUnknown', { hosts: list(unknown.map((c) => nodeHostName(c.node))) }) };
  const fewest = Math.min(...counts.map((c) => c.count!));
  const best = byNumber.filter((c) => c.count === fewest);
  if (best.length === counts.length) return { node: best[0]!.node, why: say.msg('sameVms', { count: fewest }) };
  return {
    node: best[0]!.node,
    why: say.msg('fewestVms', { counts: list(counts.map((c) => say.msg('vmCount', { host: nodeHostName(c.node), count: c.count! }))) }),
  };
}

/** How to reach a node by hand: its cluster.conf address, or its name. */
function address(n: NodeRef): string {
  return n.ip ?? n.name ?? `<node ${n.number}>`;
}

function poolData(p: PoolState) {
  return {
    mount: p.mount.mountPoint,
    device: p.mount.device,
    hung: p.hung,
    waitingLocks: p.waiting.map((l) => l.name),
    traces: p.traces.map((t) => ({
      lockres: t.lockres,
      owner: t.owner ? nodeData(t.owner) : undefined,
      waiting: t.waiting.map(nodeData),
      end: {
        kind: t.end.kind,
        ...('holder' in t.end ? { holder: nodeData(t.end.holder) } : {}),
        ...(t.end.kind === 'holder' ? { processes: t.end.processes } : {}),
        ...(t.end.kind === 'loop' ? { nodes: t.end.nodes.map(nodeData) } : {}),
      },
    })),
  };
}

function nodeData(n: NodeRef) {
  return { number: n.number, name: n.name, ip: n.ip, inventoryHost: n.host?.host.name };
}
