/**
 * Guide 3.5.3 — shared storage blocked, cluster unusable.
 *
 * Runs: `mount` (OCFS2 pools), `df -P` per pool with a short host-side limit
 * (a hang is the primary symptom), `debugfs.ocfs2 -R "fs_locks -B"` per device
 * (twice when df answers, so a transient busy lock is not a fault), then the
 * lock trace: `dlm_locks` here and on the owner node, `fs_locks -B` and `ps`
 * on the holder node (lib/lock-trace.ts).
 * Decides: a hung df or a lock waited for in both samples is a blocked pool;
 * the verdict names the holder host and the D-state process there.
 * Recommends: the guide's reboot procedure for that host.
 */
import { evidence, problem } from '../../src/engine/outputs.js';
import type { CheckContext, CheckDefinition, CheckResult, Evidence } from '../../src/engine/types.js';
import { join, text, type Text } from '../../src/i18n/text.js';
import type { RecoveryStep } from '../../src/kb/types.js';
import type { MountEntry } from '../../src/parsers/mount.js';
import { busyLocks, type FsLock, parseFsLocks } from '../../src/parsers/ocfs2.js';
import { fsLocksBusy, PROCESSES } from '../shared/commands.js';
import { probeMount } from '../shared/mount-probe.js';
import { blockedProcesses, type BlockedProcess } from './lib/blocked-processes.js';
import { lockRecordLines, type LockTrace, traceLock, waitingLocks } from './lib/lock-trace.js';
import { type ClusterView, clusterView, nodeHostName, nodeLabel, nodeLabelZh, type NodeRef } from './lib/ocfs2-cluster.js';

/** Busy locks followed per pool: the first ones usually lead to the same holder. */
const TRACES_PER_POOL = 2;

interface PoolState {
  readonly mount: MountEntry;
  /** df did not answer within the probe limit (or an earlier probe is still stuck). */
  readonly hung: boolean;
  /** Locks this node waits for, in every sample taken. */
  readonly waiting: readonly FsLock[];
  /** fs_locks could not be read: nothing can be said about locks. */
  readonly locksUnreadable?: Text | undefined;
  readonly traces: readonly LockTrace[];
  readonly evidence: readonly Evidence[];
}

async function run(ctx: CheckContext): Promise<CheckResult> {
  const [view, ps] = await Promise.all([clusterView(ctx), ctx.run(PROCESSES)]);
  if (view.mounts.length === 0) {
    if (view.problems.length && problem(view.confOutput) === undefined) {
      return { status: 'unknown', summary: view.problems[0]!, evidence: [] };
    }
    return { status: 'skipped', skipReason: 'not-applicable', summary: text('No OCFS2 storage pool is mounted on this host.', '此主机未挂载 OCFS2 共享存储池。') };
  }
  const pools: PoolState[] = await Promise.all(view.mounts.map(async (m): Promise<PoolState> => {
    // The lock state is read, and followed across the cluster, while the probe waits out its limit.
    const probing = probeMount(ctx, m.mountPoint);
    const fl = await ctx.run(fsLocksBusy(m.device));
    const parsed = parseFsLocks(fl.stdout).value;
    const unreadable = problem(fl) ?? (parsed.protoMismatch
      ? text(`debugfs.ocfs2 is older than the kernel's lock format (proto ${parsed.protoMismatch.found})`, `debugfs.ocfs2 版本低于内核锁格式（proto ${parsed.protoMismatch.found}）`)
      : parsed.unavailable ? text(parsed.unavailable.message, parsed.unavailable.message) : undefined);
    let waiting = unreadable ? [] : waitingLocks(busyLocks(parsed));
    const tracing = traceWaiting(ctx, view, m, waiting);
    const probe = await probing;
    const { df, hung } = probe;
    const stuck = probe.stuck?.process;
    if (waiting.length && !hung) {
      // df answers: only a lock still waited for a moment later is a fault, not a busy one.
      await ctx.sleep(ctx.options.sampleSeconds * 1000);
      const again = await ctx.run(fsLocksBusy(m.device, 2));
      const still = new Set(waitingLocks(busyLocks(parseFsLocks(again.stdout).value)).map((l) => l.name));
      waiting = problem(again) ? [] : waiting.filter((l) => still.has(l.name));
    }
    const traces = (await tracing).filter((t) => waiting.some((l) => l.name === t.lockres));
    const ev: Evidence[] = [];
    if (df?.timedOut) ev.push(evidence(df, '', text(`df did not answer within ${ctx.options.probeSeconds} s`, `df 在 ${ctx.options.probeSeconds} 秒内没有返回`)));
    if (stuck) ev.push(evidence(ps, [`${stuck.pid} ${stuck.stat} ${stuck.wchan ?? ''} ${stuck.args ?? ''}`], text('an earlier df probe is still stuck', '之前的 df 探测仍卡住')));
    if (waiting.length) ev.push(evidence(fl, waiting.slice(0, 2).flatMap((l) => lockRecordLines(fl.stdout, l.name))));
    return { mount: m, hung, waiting, locksUnreadable: unreadable, traces, evidence: [...ev, ...traces.flatMap((t) => t.evidence)] };
  }));

  const blocked = pools.filter((p) => p.hung || p.waiting.length);
  const data = pools.map(poolData);
  if (blocked.length === 0) {
    const local = await blockedProcesses(ctx, view.mounts[0]!.mountPoint);
    const ocfs2Waiters = local.processes.filter((p) => p.ocfs2Wait);
    if (ocfs2Waiters.length) {
      const p = ocfs2Waiters[0]!;
      return {
        status: 'warn',
        summary: text(
          `Pools answer, but ${describe(p)} waits in an OCFS2 lock on this host; if other nodes hang, this host may hold their lock.`,
          `存储池可以访问，但本机 ${describeZh(p)} 正卡在 OCFS2 锁上；若其他节点阻塞，锁可能就在本机手里。`,
        ),
        evidence: local.evidence,
        recovery: { steps: ['find-blocked-process', 'list-vms'], vars: { host: ctx.host.name, holderHost: ctx.host.name, pid: p.pid, process: p.command } },
        data,
      };
    }
    const unreadable = pools.filter((p) => p.locksUnreadable);
    if (unreadable.length) {
      return {
        status: 'unknown',
        summary: text(
          `Pools answer to df, but OCFS2 lock state could not be read: ${unreadable[0]!.locksUnreadable!.en}`,
          `存储池 df 正常，但无法读取 OCFS2 锁状态：${unreadable[0]!.locksUnreadable!.zh}`,
        ),
        evidence: [],
        data,
      };
    }
    return {
      status: 'ok',
      summary: text(
        `${pools.length} OCFS2 pool(s) answer and no lock is waited for: ${pools.map((p) => p.mount.mountPoint).join(', ')}.`,
        `${pools.length} 个 OCFS2 存储池访问正常，没有等待中的锁：${pools.map((p) => p.mount.mountPoint).join('、')}。`,
      ),
      data,
    };
  }

  const worst = [...blocked].sort((a, b) => poolRank(a) - poolRank(b))[0]!;
  const verdict = poolVerdict(ctx, worst);
  const more = blocked.length - 1;
  const summary = more
    ? join([verdict.summary, text(`(${more} more pool(s) blocked)`, `（另有 ${more} 个存储池阻塞）`)])
    : verdict.summary;
  return {
    status: blocked.some((p) => p.hung) ? 'fail' : 'warn',
    summary,
    evidence: [...worst.evidence, ...blocked.filter((p) => p !== worst).flatMap((p) => p.evidence.slice(0, 2))],
    recovery: verdict.recovery,
    data,
  };
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

function describe(p: BlockedProcess): string {
  return `${p.command} (pid ${p.pid}, ${p.stat}, ${p.wchan})`;
}

function describeZh(p: BlockedProcess): string {
  return `${p.command}（pid ${p.pid}，${p.stat}，${p.wchan}）`;
}

interface Verdict {
  readonly summary: Text;
  readonly recovery: CheckResult['recovery'];
}

function poolVerdict(ctx: CheckContext, pool: PoolState): Verdict {
  const where = `${pool.mount.mountPoint} (${pool.mount.device})`;
  const whereZh = `${pool.mount.mountPoint}（${pool.mount.device}）`;
  const state = pool.hung ? text('is blocked', '已阻塞') : text('has a lock waited for in every sample', '有一直在等待的锁');
  const trace = pool.traces.at(-1);
  const vars: Record<string, string | number> = { host: ctx.host.name, device: pool.mount.device, mount: pool.mount.mountPoint };
  if (!trace) {
    return {
      summary: text(
        `${where} ${state.en}, but no OCFS2 lock is waited for: the IO path (multipath, FC/iSCSI links, the array) is the likelier cause.`,
        `${whereZh}${state.zh}，但没有等待中的 OCFS2 锁：更可能是 IO 路径（多路径、FC/iSCSI 链路、存储设备）出了问题。`,
      ),
      recovery: {
        steps: ['find-hung-mount'],
        vars,
        first: [concreteStep('check-io-path', 'diagnostic', text(
          'Check the IO path of this pool: failed multipath paths, FC/iSCSI link and fence events (usdiag check multipath-wwid,storage-fence,disk-io-latency).',
          '检查该存储池的 IO 路径：多路径故障路径、FC/iSCSI 链路和 fence 事件（usdiag check multipath-wwid,storage-fence,disk-io-latency）。',
        ), 'multipath -ll')],
      },
    };
  }
  vars.lockres = trace.lockres;
  if (trace.owner) Object.assign(vars, { ownerNode: trace.owner.number, ownerHost: nodeHostName(trace.owner) });
  const lock = `lock ${trace.lockres}`;
  const end = trace.end;
  switch (end.kind) {
    case 'holder': {
      const h = end.holder;
      Object.assign(vars, { holderNode: h.number, holderHost: nodeHostName(h) });
      // {pid} in the reboot procedure is a VM's process, not the stuck one: the summary names that.
      const p = end.processes.find((x) => x.ocfs2Wait) ?? end.processes[0];
      const chain = trace.waiting.length > 1 ? text(` via ${trace.waiting.slice(1).map(nodeLabel).join(' → ')}`, `，经 ${trace.waiting.slice(1).map(nodeLabelZh).join(' → ')}`) : text('', '');
      const proc = p
        ? text(`; on it ${describe(p)} is stuck`, `；该节点上 ${describeZh(p)} 卡住`)
        : text(`; no D-state process found there${end.processProblem ? ` (${end.processProblem.en})` : ''}`, `；该节点上未发现 D 状态进程${end.processProblem ? `（${end.processProblem.zh}）` : ''}`);
      return {
        summary: text(
          `${where} ${state.en}: ${lock} is held by ${nodeLabel(h)}${chain.en}${proc.en}. Reboot ${nodeHostName(h)} (guide 3.5.3).`,
          `${whereZh}${state.zh}：${lock.replace('lock', '锁')} 被${nodeLabelZh(h)}持有${chain.zh}${proc.zh}。按指南 3.5.3 重启 ${nodeHostName(h)}。`,
        ),
        recovery: { steps: ['list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered'], vars },
      };
    }
    case 'holder-unreachable': {
      const h = end.holder;
      Object.assign(vars, { holderNode: h.number, holderHost: nodeHostName(h) });
      return {
        summary: text(
          `${where} ${state.en}: ${lock} is held by ${nodeLabel(h)}, but ${end.why.en}; look for the D-state process there.`,
          `${whereZh}${state.zh}：${lock.replace('lock', '锁')} 被${nodeLabelZh(h)}持有，但${end.why.zh}；请到该节点查找 D 状态进程。`,
        ),
        recovery: { steps: ['find-blocked-process', 'list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered'], vars, first: [runThere(h, 'ps -e -o pid,stat,comm,wchan=WIDE-WCHAN-COLUMN | grep D')] },
      };
    }
    case 'owner-unreachable': {
      const o = end.owner;
      return {
        summary: text(
          `${where} ${state.en}: ${lock} is mastered by ${nodeLabel(o)}, but ${end.why.en}; ask that node which node holds it.`,
          `${whereZh}${state.zh}：${lock.replace('lock', '锁')} 的 owner 是${nodeLabelZh(o)}，但${end.why.zh}；请在该节点上查询持锁节点。`,
        ),
        recovery: {
          steps: ['find-lock-holder', 'find-blocked-process', 'list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered'],
          vars,
          first: [runThere(o, `debugfs.ocfs2 -R "dlm_locks ${trace.lockres}" <device of ${pool.mount.mountPoint}>`)],
        },
      };
    }
    case 'loop': {
      const names = end.nodes.map(nodeLabel).join(' → ');
      const last = end.nodes.at(-2) ?? end.nodes[0]!;
      Object.assign(vars, { holderNode: last.number, holderHost: nodeHostName(last) });
      return {
        summary: text(
          `${where} ${state.en}: the nodes wait for each other (deadlock): ${names}. Rebooting one of them (e.g. ${nodeHostName(last)}) releases the others.`,
          `${whereZh}${state.zh}：节点之间互相等待（死锁）：${end.nodes.map(nodeLabelZh).join(' → ')}。重启其中一台（如 ${nodeHostName(last)}）即可释放其余节点。`,
        ),
        recovery: { steps: ['list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered'], vars },
      };
    }
    case 'no-holder':
      return {
        summary: text(
          `${where} ${state.en}: ${lock} on owner ${nodeLabel(end.owner)} is granted to nobody (state ${end.state}): DLM recovery or migration may be stuck.`,
          `${whereZh}${state.zh}：owner ${nodeLabelZh(end.owner)} 上的${lock.replace('lock', '锁')}没有授予任何节点（状态 ${end.state}）：DLM 恢复或迁移可能卡住。`,
        ),
        recovery: { steps: ['find-lock-holder', 'find-blocked-process', 'list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered'], vars },
      };
    case 'released':
      return {
        summary: text(`${where} ${state.en}, but ${lock} was released while usdiag followed it; run the check again.`, `${whereZh}${state.zh}，但追踪过程中${lock.replace('lock', '锁')}已释放；请再次运行检查。`),
        recovery: { steps: ['find-hung-mount', 'find-busy-locks'], vars },
      };
    case 'unreadable':
      return {
        summary: text(`${where} ${state.en}; the lock could not be followed: ${end.why.en}.`, `${whereZh}${state.zh}；无法继续追踪锁：${end.why.zh}。`),
        recovery: { steps: ['find-busy-locks', 'find-lock-owner', 'find-lock-holder', 'find-blocked-process', 'list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered'], vars },
      };
  }
}

function concreteStep(id: string, kind: RecoveryStep['kind'], t: Text, command?: string): RecoveryStep {
  return { id, kind, cost: 'short', likelihood: 'high', text: t, ...(command ? { command } : {}) };
}

function runThere(n: NodeRef, command: string): RecoveryStep {
  return concreteStep('run-on-node', 'diagnostic', text(
    `usdiag cannot look at ${nodeLabel(n)}: log in there (ssh ${n.ip ?? n.name ?? '<node>'}) and run:`,
    `usdiag 无法查看${nodeLabelZh(n)}：请登录该节点（ssh ${n.ip ?? n.name ?? '<节点>'}）并执行：`,
  ), command);
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

export const check: CheckDefinition = { id: 'storage-blocked', run, waits: true };
