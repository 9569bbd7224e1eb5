/**
 * Runs the selected checks on every host: a bounded number of hosts at once,
 * every check of a host concurrently (the transport bounds the channels), a
 * failure of one host or check never stopping the others. Ctrl-C and a
 * host's spent budget end the same way: what finished is kept as it is,
 * what did not says why.
 */
import type { CaptureWriter } from '../capture/layout.js';
import type { Msg, MsgValue } from '../i18n/message.js';
import { list } from '../i18n/message.js';
import { type CatalogEntry, catalogEntry, type CheckId } from '../kb/catalog.js';
import { resolveRecovery, type ResolvedStep } from '../kb/recovery.js';
import type { KbEntry } from '../kb/types.js';
import type { ExecResult, Transport } from '../transport/types.js';
import { checkContext, earnedVerdict, type ReadRecord } from './context.js';
import { abortMessage, HOST_BUDGET, HostSession } from './host-session.js';
import { engineMsg } from './messages.js';
import { HostWork, ScanSlots } from './host-work.js';
import { detectRoles } from './roles.js';
import type { CheckDefinition, CheckOptions, CheckResult, Evidence, HostInfo, IncidentLink, Role, SkipReason, Status } from './types.js';

export interface HostPlan {
  readonly info: HostInfo;
  readonly transport: Transport;
}

export interface RunOptions extends CheckOptions {
  readonly checks: readonly CheckId[];
  readonly registry: (id: CheckId) => CheckDefinition | undefined;
  readonly kb: (id: CheckId) => KbEntry | undefined;
  /** --timeout: every command that is neither a probe nor an image check. */
  readonly timeoutSec: number;
  /** --image-timeout: qemu-img check (default 180 s). */
  readonly imageTimeoutSec?: number;
  readonly hostTimeoutMs: number;
  /** Hosts working at once (--concurrency); a host whose checks all wait does not count. */
  readonly concurrency: number;
  /** Hosts in their turn at once, each holding its connection (--max-connections; default DEFAULT_MAX_CONNECTIONS). */
  readonly maxConnections?: number | undefined;
  /** Keep every host's raw outputs until the scan ends (default: only those other hosts read; always with capture). */
  readonly keepOutputs?: boolean | undefined;
  /** Called with the scan's slots once they exist (tests and the benchmark read the peaks). */
  readonly onSlots?: ((slots: ScanSlots) => void) | undefined;
  readonly signal: AbortSignal;
  readonly capture?: CaptureWriter | undefined;
  readonly onCommand?: ((host: string, r: ExecResult) => void) | undefined;
  readonly onProgress?: ((p: Progress) => void) | undefined;
}

export const DEFAULT_IMAGE_TIMEOUT_SEC = 180;
/** Hosts in their turn at once by default: hundreds may wait between samples while --concurrency of them work. */
export const DEFAULT_MAX_CONNECTIONS = 512;

export interface Progress {
  readonly hostsDone: number;
  readonly hostsTotal: number;
  readonly checksDone: number;
  readonly current?: string;
}

export interface CheckRecord {
  readonly host: string;
  readonly check: CheckId;
  readonly section: string;
  readonly status: Status;
  readonly skipReason?: SkipReason;
  /** What was found, as a message id with values; the report renders it. */
  readonly message: Msg;
  readonly evidence: readonly Evidence[];
  readonly recovery: readonly ResolvedStep[];
  readonly durationMs: number;
  readonly data?: unknown;
  /** The fault this verdict belongs to, when the check links it to the verdicts of other hosts. */
  readonly incident?: IncidentLink;
  /** What the verdict rests on: every read the check made, here or on peer hosts. */
  readonly reads: readonly ReadSummary[];
}

export interface ReadSummary {
  readonly host: string;
  readonly command: string;
  readonly state: 'ok' | 'absent' | 'failed';
  readonly optional: boolean;
}

export type RoleSource = 'inventory' | 'detected' | 'undetected';

/** Why a whole host produced no verdicts: it could not be reached, or it stopped answering. */
export type HostProblem = 'unreachable' | 'stuck';

export interface HostRecord {
  readonly name: string;
  readonly address: string;
  readonly roles: readonly Role[];
  readonly roleSource: RoleSource;
  /** Why the host could not be reached or used, when it could not. */
  readonly error?: string | undefined;
  readonly problem?: HostProblem | undefined;
  /** `error` for reports, in both languages when the transport explains it. */
  readonly errorDetail?: MsgValue | undefined;
  readonly durationMs: number;
}

export interface RunOutcome {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly interrupted: boolean;
  readonly hosts: readonly HostRecord[];
  readonly results: readonly CheckRecord[];
}

const ALL_ROLES: readonly Role[] = ['vks', 'vms'];

export async function runChecks(plans: readonly HostPlan[], opts: RunOptions): Promise<RunOutcome> {
  const startedAt = new Date().toISOString();
  const sessions = new Map<string, HostSession>();
  const limits = { defaultSec: opts.timeoutSec, probeSec: opts.probeSeconds, imageSec: opts.imageTimeoutSec ?? DEFAULT_IMAGE_TIMEOUT_SEC };
  for (const p of plans) {
    sessions.set(p.info.name, new HostSession(p.info, p.transport, {
      limits,
      hostTimeoutMs: opts.hostTimeoutMs,
      signal: opts.signal,
      capture: opts.capture,
      onCommand: opts.onCommand,
      allowActive: opts.activeProbes === true,
    }));
  }
  const inventory = plans.map((p) => p.info);
  const hostRecords = new Map<string, HostRecord>();
  const results = new Map<string, CheckRecord[]>();
  let hostsDone = 0;
  let checksDone = 0;
  const progress = (current?: string) =>
    opts.onProgress?.({ hostsDone, hostsTotal: plans.length, checksDone, ...(current ? { current } : {}) });

  const findPeer = (ref: { address?: string | undefined; name?: string | undefined }) => {
    const info = inventory.find((h) => (ref.address !== undefined && h.address === ref.address) || (ref.name !== undefined && h.name === ref.name));
    return info ? sessions.get(info.name) : undefined;
  };
  const checkOptions: CheckOptions = {
    sampleSeconds: opts.sampleSeconds,
    probeSeconds: opts.probeSeconds,
    ...(opts.watchSeconds !== undefined ? { watchSeconds: opts.watchSeconds } : {}),
    ...(opts.activeProbes ? { activeProbes: true } : {}),
  };

  const slots = new ScanSlots(opts.concurrency, opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
  opts.onSlots?.(slots);

  const scanHost = async (plan: HostPlan, work: HostWork) => {
    const started = Date.now();
    const session = sessions.get(plan.info.name)!;
    const records: CheckRecord[] = [];
    results.set(plan.info.name, records);
    const finishHost = (host: Omit<HostRecord, 'name' | 'address' | 'durationMs'>) => {
      hostRecords.set(plan.info.name, { name: plan.info.name, address: plan.info.address, ...host, durationMs: Date.now() - started });
      hostsDone++;
      progress();
    };
    const givenRoles = plan.info.roles;
    const givenSource: RoleSource = givenRoles.length ? 'inventory' : 'undetected';
    if (opts.signal.aborted) {
      for (const id of opts.checks) records.push(record(plan.info.name, id, notRun(id, givenRoles, engineMsg('interrupted'), opts), 0, opts));
      finishHost({ roles: givenRoles, roleSource: givenSource });
      return;
    }
    progress(plan.info.name);
    const connErr = await session.connect();
    if (connErr) {
      session.captureUnreachable(connErr.message);
      const why = engineMsg('text', { text: connErr.detail ?? { en: connErr.message, zh: connErr.message } });
      for (const id of opts.checks) records.push(record(plan.info.name, id, notRun(id, givenRoles, why, opts), 0, opts));
      finishHost({ roles: givenRoles, roleSource: givenSource, error: connErr.message, problem: 'unreachable' });
      return;
    }
    let roles = givenRoles;
    let roleSource: RoleSource = givenSource;
    if (roles.length === 0) {
      const d = await detectRoles({ host: session.host, run: (c) => session.run(c) });
      roles = d.roles;
      roleSource = d.roles.length ? 'detected' : 'undetected';
      session.setRoles(roles);
    }
    const effectiveRoles = roles.length ? roles : ALL_ROLES;
    // Each check runs once per host, whether selected or asked for by another check (ctx.finding).
    const runs = new Map<CheckId, { result: Promise<CheckResult>; reads: ReadRecord[]; startedAt: number }>();
    // Who waits for whose finding right now: a wait that would close a circle is refused.
    const waitsFor = new Map<CheckId, CheckId>();
    const chainFrom = (id: CheckId): CheckId[] => {
      const chain = [id];
      for (let next = waitsFor.get(id); next !== undefined && !chain.includes(next); next = waitsFor.get(next)) chain.push(next);
      return chain;
    };
    const start = (id: CheckId) => {
      let r = runs.get(id);
      if (!r) {
        const reads: ReadRecord[] = [];
        const finding = async (other: CheckId): Promise<CheckResult> => {
          const chain = chainFrom(other);
          if (chain.includes(id)) return cycleResult([id, ...chain.slice(0, chain.indexOf(id) + 1)]);
          waitsFor.set(id, other);
          try {
            return await start(other).result;
          } finally {
            waitsFor.delete(id);
          }
        };
        const gate = work.check();
        const result = runOne(id, session, effectiveRoles, roleSource, { options: checkOptions, inventory, findPeer, finding, work: gate }, opts, reads);
        void result.finally(() => gate.end());
        r = { reads, startedAt: Date.now(), result };
        runs.set(id, r);
      }
      return r;
    };
    const waitingFirst = [...opts.checks].sort((a, b) => Number(opts.registry(b)?.waits ?? false) - Number(opts.registry(a)?.waits ?? false));
    await Promise.all(waitingFirst.map(async (id) => {
      const run = start(id);
      const res = await run.result;
      records.push(record(plan.info.name, id, res, Date.now() - run.startedAt, opts, run.reads));
      checksDone++;
      progress(plan.info.name);
    }));
    const stuck = session.stuck;
    if (stuck) {
      // One finding for the host: no check could see anything on it.
      const why = engineMsg('hostStuck', { timedOut: stuck.timedOut, finished: stuck.finished, seconds: stuck.seconds });
      records.splice(0, records.length, ...opts.checks.map((id) => record(plan.info.name, id, notRun(id, effectiveRoles, why, opts), 0, opts)));
      finishHost({ roles, roleSource, error: abortMessage(session.signal), problem: 'stuck', errorDetail: why });
      return;
    }
    finishHost({ roles, roleSource });
  };

  await schedule(plans, slots, (plan) => sessions.get(plan.info.name)!.signal, async (plan, work) => {
    const session = sessions.get(plan.info.name)!;
    // The host's budget starts with its own turn, not with the scan.
    session.startBudget();
    await scanHost(plan, work);
    // Per-host memory stays bounded on a big fleet: raw outputs no check of this host needs any more go
    // (the verdicts keep their evidence excerpts). --save-raw keeps them: a repeated read would be captured twice.
    if (!opts.capture && opts.keepOutputs !== true) session.forgetOutputs();
  });
  await Promise.all([...sessions.values()].map((s) => s.close()));

  const order = new Map(opts.checks.map((id, i) => [id, i]));
  const ordered = plans.flatMap((p) =>
    [...(results.get(p.info.name) ?? [])].sort((a, b) => order.get(a.check)! - order.get(b.check)!),
  );
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    interrupted: opts.signal.aborted,
    hosts: plans.map((p) => hostRecords.get(p.info.name) ?? {
      name: p.info.name, address: p.info.address, roles: p.info.roles, roleSource: 'undetected' as const, durationMs: 0,
    }),
    results: ordered,
  };
}

async function runOne(
  id: CheckId,
  session: HostSession,
  roles: readonly Role[],
  roleSource: RoleSource,
  deps: Parameters<typeof checkContext>[1],
  opts: RunOptions,
  reads: ReadRecord[],
): Promise<CheckResult> {
  const entry = catalogEntry(id)!;
  if (entry.observable === 'guide') return guideResult();
  if (!entry.roles.some((r) => roles.includes(r))) return roleSkip(entry, roles);
  const def = opts.registry(id);
  if (!def?.run) return notAutomated(id);
  if (session.signal.aborted) return stopped(session.signal);
  const ctx = checkContext(session, deps, reads, (def.needs ?? []).filter((n) => n.optional).map((n) => n.command));
  // What the check always reads starts at once; its run gets the same outputs.
  for (const need of def.needs ?? []) void ctx.run(need.command, { optional: need.optional === true });
  try {
    const found = await def.run(ctx);
    // Cut short by Ctrl-C or the host's budget: only a finding it already has stands.
    if (session.signal.aborted && found.status !== 'fail' && found.status !== 'warn' && reads.some((r) => r.output.failure?.kind === 'aborted')) {
      return stopped(session.signal);
    }
    const res = earnedVerdict(found, reads);
    if (roleSource === 'undetected' && res.status === 'ok') {
      // The host's role is a guess; an ok must not hide that the check may not apply.
      return { ...res, message: engineMsg('okRoleUndetected', { summary: res.message }) };
    }
    return res;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { status: 'error', message: engineMsg('checkCrashed', { detail }), recovery: { steps: [] } };
  }
}


function record(host: string, id: CheckId, res: CheckResult, durationMs: number, opts: RunOptions, reads: readonly ReadRecord[] = []): CheckRecord {
  const entry = catalogEntry(id)!;
  // Healthy, unreachable or not applicable: no recovery unless the check asks for one.
  // Guide-only entries print the guide's steps: that is all usdiag can do for them.
  const none = res.status === 'ok' || res.status === 'error' || (res.status === 'skipped' && res.skipReason !== 'guide');
  const plan = res.recovery ?? (none ? { steps: [] } : undefined);
  const message = res.message;
  return {
    host,
    check: id,
    section: entry.section,
    status: res.status,
    ...(res.skipReason ? { skipReason: res.skipReason } : {}),
    message,
    evidence: res.evidence ?? [],
    recovery: resolveRecovery(opts.kb(id), plan, opts.registry(id)?.steps),
    durationMs,
    ...(res.data !== undefined ? { data: res.data } : {}),
    ...(res.incident && res.status !== 'ok' && res.status !== 'skipped' ? { incident: res.incident } : {}),
    reads: reads.map((r) => ({ host: r.output.host, command: r.output.key, state: r.output.read.kind, optional: r.optional })),
  };
}

/**
 * A check that never ran on its host: guide-only, role and not-automated
 * skips stay what they are (they would not have run anyway), the rest says why.
 */
function notRun(id: CheckId, roles: readonly Role[], why: Msg, opts: RunOptions): CheckResult {
  const entry = catalogEntry(id)!;
  if (entry.observable === 'guide') return guideResult();
  if (roles.length && !entry.roles.some((r) => roles.includes(r))) return roleSkip(entry, roles);
  if (!opts.registry(id)?.run) return notAutomated(id);
  return { status: 'error', message: why, recovery: { steps: [] } };
}

function notAutomated(id: CheckId): CheckResult {
  return { status: 'skipped', skipReason: 'not-automated', message: engineMsg('notAutomated', { id }), recovery: { steps: [] } };
}

/** Checks that ask for each other's findings in a circle: a programming error, said rather than hung on. */
function cycleResult(chain: readonly CheckId[]): CheckResult {
  return { status: 'error', message: engineMsg('findingCycle', { chain: list(chain, ' → ') }), recovery: { steps: [] } };
}

function stopped(signal: AbortSignal): CheckResult {
  const why = abortMessage(signal);
  return { status: 'error', message: why === HOST_BUDGET ? engineMsg('hostBudget') : engineMsg('interrupted'), recovery: { steps: [] } };
}

function guideResult(): CheckResult {
  return { status: 'skipped', skipReason: 'guide', message: engineMsg('guideOnly') };
}

function roleSkip(entry: CatalogEntry, roles: readonly Role[]): CheckResult {
  return {
    status: 'skipped',
    skipReason: 'role',
    message: engineMsg('roleSkip', { want: entry.roles.join('/'), have: roles.join('/') || '-' }),
    recovery: { steps: [] },
  };
}

/**
 * Hosts take their turn in inventory order: a turn needs a connection slot
 * and a work slot. A host gives its work slot back while all its checks wait
 * (host-work.ts) and its connection slot when its turn is over.
 */
async function schedule(
  plans: readonly HostPlan[],
  slots: ScanSlots,
  signalOf: (plan: HostPlan) => AbortSignal,
  fn: (plan: HostPlan, work: HostWork) => Promise<void>,
): Promise<void> {
  const never = new AbortController().signal;
  const running: Promise<void>[] = [];
  for (const plan of plans) {
    const turn = await slots.turns.acquire(never);
    const slot = await slots.work.acquire(never);
    const work = new HostWork(slots, signalOf(plan));
    work.hold(slot);
    running.push(fn(plan, work).finally(() => {
      work.done();
      turn();
    }));
  }
  await Promise.all(running);
}
