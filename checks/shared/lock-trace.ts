/**
 * Following a blocked OCFS2 lock across the cluster, the way guide 3.5.3 does
 * it by hand: ask this node's DLM who masters the lock (`dlm_locks`, Owner),
 * ask the owner who holds it granted, and on the holder look for the process
 * stuck in D state. When the holder is itself waiting for another lock, keep
 * following (a chain), and stop on a loop (a deadlock between nodes).
 */
import { leadContext } from '../../src/engine/context.js';
import { excerpt, readProblem } from '../../src/engine/outputs.js';
import type { CheckContext, Evidence, HostContext } from '../../src/engine/types.js';
import { defineMessages, type Msg } from '../../src/i18n/message.js';
import {
  busyLocks, type DlmLockRes, type FsLock, lockHolders, parseDlmLocks, parseFsLocks, waitingEntries,
} from '../../src/parsers/ocfs2.js';
import { blockedProcesses, type BlockedProcess } from './blocked-processes.js';
import { dlmLocks, fsLocksBusy } from './commands.js';
import { type ClusterView, deviceOnNode, nodeLabel, type NodeRef, ocfs2Msg, resolveNode } from './ocfs2-cluster.js';

const traceMsg = defineMessages('lock-trace', {
  noOwner: { en: 'the DLM did not name an owner node', zh: 'DLM 未给出 owner 节点' },
  itselfWaiting: { en: '{node} is itself waiting', zh: '{node} 自身也在等待' },
  gaveUp: { en: 'gave up after {hops} hops', zh: '追踪 {hops} 跳后停止' },
  toolsTooOld: { en: "ocfs2-tools on {host} are too old for the kernel's lock format", zh: '{host} 上的 ocfs2-tools 版本过旧，无法读取内核的锁格式' },
  unavailable: { en: '{host}: {why}', zh: '{host}：{why}' },
  lockGone: { en: 'lock {lockres} is no longer known on {host}', zh: '{host} 上已无锁 {lockres}' },
  moreWaiting: { en: '... {count} more waiting', zh: '……另有 {count} 个在等待' },
});

/** Hops to follow before giving up (owner migrations and holder chains together). */
const MAX_HOPS = 6;

export type TraceEnd =
  /** Found the node at the root of the chain, and what runs there. */
  | { readonly kind: 'holder'; readonly holder: NodeRef; readonly device?: string | undefined; readonly processes: readonly BlockedProcess[]; readonly processProblem?: Msg | undefined }
  /** The holder is known by number/name/IP but usdiag cannot look there. */
  | { readonly kind: 'holder-unreachable'; readonly holder: NodeRef; readonly why: Msg }
  /** The lock's master node cannot be asked who holds the lock. */
  | { readonly kind: 'owner-unreachable'; readonly owner: NodeRef; readonly why: Msg }
  /** Node A waits for B which waits (directly or further on) for A. */
  | { readonly kind: 'loop'; readonly nodes: readonly NodeRef[] }
  /** The owner grants the lock to nobody (recovery or migration in progress). */
  | { readonly kind: 'no-holder'; readonly owner: NodeRef; readonly state: string }
  /** The lock vanished between two reads: it was released meanwhile. */
  | { readonly kind: 'released' }
  | { readonly kind: 'unreadable'; readonly why: Msg };

export interface LockTrace {
  readonly mount: string;
  readonly device: string;
  readonly lockres: string;
  readonly owner?: NodeRef | undefined;
  /** Nodes that wait, in order (the checked host first). */
  readonly waiting: readonly NodeRef[];
  readonly end: TraceEnd;
  readonly evidence: readonly Evidence[];
}

/**
 * Locks this node is waiting to get: busy with a convert or attach pending.
 * A busy lock with only a downconvert pending is this node being asked to
 * release: it is a holder, not a waiter.
 */
export function waitingLocks(locks: readonly FsLock[]): FsLock[] {
  return locks.filter((l) => l.busy && (l.pendingAction === 'Convert' || l.pendingAction === 'Attach'));
}

interface Position {
  readonly node: NodeRef;
  readonly host: HostContext;
  readonly device: string;
  readonly lockres: string;
}

export async function traceLock(
  ctx: CheckContext,
  view: ClusterView,
  mount: string,
  device: string,
  lockres: string,
): Promise<LockTrace> {
  // A trace only adds to a finding (it is dropped when the lock clears): its reads cannot spoil an ok.
  ctx = leadContext(ctx);
  const ev: Evidence[] = [];
  const waiting: NodeRef[] = [];
  const self: NodeRef = { number: view.localNode ?? -1, name: ctx.host.name, ip: ctx.host.address, host: ctx };
  let pos: Position = { node: self, host: ctx, device, lockres };
  let owner: NodeRef | undefined;
  const done = (end: TraceEnd): LockTrace => ({ mount, device, lockres, owner, waiting, end, evidence: ev });

  for (let hop = 0; hop < MAX_HOPS; hop++) {
    waiting.push(pos.node);
    const mine = await readLockres(pos.host, pos.lockres, pos.device);
    if ('why' in mine) return done(mine.released ? { kind: 'released' } : { kind: 'unreadable', why: mine.why });
    ev.push(mine.evidence);

    // The master of the lock knows every node's request; follow it if it moved.
    let res = mine.res;
    owner = res.owner === undefined ? undefined : resolveNode(ctx, view, res.owner);
    for (let moves = 0; owner && owner.number !== pos.node.number && moves < 3; moves++) {
      if (!owner.host) return done({ kind: 'owner-unreachable', owner, why: notInInventory(owner) });
      const dev = await deviceOnNode(owner.host, mount);
      if (!dev.device) return done({ kind: 'owner-unreachable', owner, why: dev.problem ?? notMounted(owner, mount) });
      const theirs = await readLockres(owner.host, pos.lockres, dev.device);
      if ('why' in theirs) {
        if (theirs.released) return done({ kind: 'released' });
        return done({ kind: 'owner-unreachable', owner, why: theirs.why });
      }
      ev.push(theirs.evidence);
      res = theirs.res;
      if (res.owner === undefined || res.owner === owner.number) break;
      owner = resolveNode(ctx, view, res.owner);
    }
    if (!owner) return done({ kind: 'unreadable', why: traceMsg('noOwner') });

    const holders = lockHolders(res);
    const granted = holders.length ? holders : res.queue.filter((e) => e.queue === 'Granted' && e.node !== pos.node.number);
    if (granted.length === 0) {
      return done({ kind: 'no-holder', owner, state: [res.state, ...res.stateFlags].filter(Boolean).join(' ') || '-' });
    }
    const holder = resolveNode(ctx, view, granted[0]!.node);
    if (waiting.some((w) => w.number === holder.number)) {
      return done({ kind: 'loop', nodes: [...waiting.slice(waiting.findIndex((w) => w.number === holder.number)), holder] });
    }
    if (!holder.host) return done({ kind: 'holder-unreachable', holder, why: notInInventory(holder) });

    const dev = holder.number === pos.node.number ? { device: pos.device } : await deviceOnNode(holder.host, mount);
    if (!dev.device) return done({ kind: 'holder-unreachable', holder, why: ('problem' in dev && dev.problem) || notMounted(holder, mount) });

    // Is the holder itself waiting for another lock on this pool? Then it is not the root.
    const fl = await holder.host.run(fsLocksBusy(dev.device));
    const flProblem = readProblem(fl);
    if (flProblem && fl.failure?.kind === 'transport') return done({ kind: 'holder-unreachable', holder, why: flProblem });
    const next = waitingLocks(busyLocks(parseFsLocks(fl.stdout).value)).filter((l) => l.name !== pos.lockres);
    if (next.length && hop + 1 < MAX_HOPS) {
      ev.push(excerpt(fl, [next[0]!.span], traceMsg('itselfWaiting', { node: nodeLabel(holder) })));
      pos = { node: holder, host: holder.host, device: dev.device, lockres: next[0]!.name };
      continue;
    }
    const procs = await blockedProcesses(holder.host, mount);
    ev.push(...procs.evidence);
    return done({ kind: 'holder', holder, device: dev.device, processes: procs.processes, processProblem: procs.problem });
  }
  return done({ kind: 'unreadable', why: traceMsg('gaveUp', { hops: MAX_HOPS }) });
}

type LockresRead =
  | { readonly res: DlmLockRes; readonly evidence: Evidence }
  | { readonly why: Msg; readonly released?: boolean };

async function readLockres(host: HostContext, lockres: string, device: string): Promise<LockresRead> {
  const out = await host.run(dlmLocks(lockres, device));
  const why = readProblem(out);
  if (why) return { why };
  const parsed = parseDlmLocks(out.stdout).value;
  if (parsed.protoMismatch) return { why: traceMsg('toolsTooOld', { host: host.host.name }) };
  if (parsed.unavailable) return { why: traceMsg('unavailable', { host: host.host.name, why: parsed.unavailable.message }) };
  const res = parsed.resources.find((r) => r.name === lockres);
  if (!res) return { why: traceMsg('lockGone', { lockres, host: host.host.name }), released: true };
  return { res, evidence: dlmEvidence(out, res) };
}

/** Waiters shown per lock; the rest are counted. */
const WAITERS_SHOWN = 3;

/** The lock header and the queue rows that matter: granted, then the first waiters. */
function dlmEvidence(out: Parameters<typeof excerpt>[0], res: DlmLockRes): Evidence {
  const waits = waitingEntries(res);
  const granted = res.queue.filter((e) => e.queue === 'Granted');
  const ev = excerpt(out, [res.headerSpan, ...granted.map((e) => e.line), ...waits.slice(0, WAITERS_SHOWN).map((e) => e.line)]);
  const more = waits.length - WAITERS_SHOWN;
  return more > 0 ? { ...ev, note: traceMsg('moreWaiting', { count: more }) } : ev;
}

function notInInventory(n: NodeRef): Msg {
  return ocfs2Msg('notInInventory', { node: nodeLabel(n) });
}

function notMounted(n: NodeRef, mount: string): Msg {
  return ocfs2Msg('notMounted', { mount, node: nodeLabel(n) });
}
