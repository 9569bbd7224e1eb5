/**
 * Runs the selected checks on every host: a bounded number of hosts at once,
 * every check of a host concurrently (the transport bounds the channels), a
 * failure of one host or check never stopping the others, and Ctrl-C leaving
 * a partial result instead of nothing.
 */
import type { CaptureWriter } from '../capture/layout.js';
import { literal, text, type Text } from '../i18n/text.js';
import { type CatalogEntry, catalogEntry, type CheckId } from '../kb/catalog.js';
import { resolveRecovery, type ResolvedStep } from '../kb/recovery.js';
import type { KbEntry } from '../kb/types.js';
import type { ExecResult, Transport } from '../transport/types.js';
import { HostSession } from './host-session.js';
import { detectRoles } from './roles.js';
import type { CheckContext, CheckDefinition, CheckOptions, CheckResult, Evidence, HostInfo, Role, SkipReason, Status } from './types.js';

export interface HostPlan {
  readonly info: HostInfo;
  readonly transport: Transport;
}

export interface RunOptions extends CheckOptions {
  readonly checks: readonly CheckId[];
  readonly registry: (id: CheckId) => CheckDefinition | undefined;
  readonly kb: (id: CheckId) => KbEntry | undefined;
  readonly timeoutSec: number;
  readonly hostTimeoutMs: number;
  readonly concurrency: number;
  readonly signal: AbortSignal;
  readonly capture?: CaptureWriter | undefined;
  readonly onCommand?: ((host: string, r: ExecResult) => void) | undefined;
  readonly onProgress?: ((p: Progress) => void) | undefined;
}

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
  readonly summary: Text;
  readonly evidence: readonly Evidence[];
  readonly recovery: readonly ResolvedStep[];
  readonly durationMs: number;
  readonly data?: unknown;
}

export type RoleSource = 'inventory' | 'detected' | 'undetected';

export interface HostRecord {
  readonly name: string;
  readonly address: string;
  readonly roles: readonly Role[];
  readonly roleSource: RoleSource;
  /** Why the host could not be reached, when it could not. */
  readonly error?: string | undefined;
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
  for (const p of plans) {
    sessions.set(p.info.name, new HostSession(p.info, p.transport, {
      timeoutSec: opts.timeoutSec,
      hostTimeoutMs: opts.hostTimeoutMs,
      signal: opts.signal,
      capture: opts.capture,
      onCommand: opts.onCommand,
    }));
  }
  const inventory = plans.map((p) => p.info);
  const hostRecords = new Map<string, HostRecord>();
  const results = new Map<string, CheckRecord[]>();
  let hostsDone = 0;
  let checksDone = 0;
  const progress = (current?: string) =>
    opts.onProgress?.({ hostsDone, hostsTotal: plans.length, checksDone, ...(current ? { current } : {}) });

  const peer = (ref: { address?: string | undefined; name?: string | undefined }) => {
    const info = inventory.find((h) => (ref.address !== undefined && h.address === ref.address) || (ref.name !== undefined && h.name === ref.name));
    return info ? sessions.get(info.name) : undefined;
  };

  const scanHost = async (plan: HostPlan) => {
    const started = Date.now();
    const session = sessions.get(plan.info.name)!;
    const records: CheckRecord[] = [];
    results.set(plan.info.name, records);
    const finishHost = (roles: readonly Role[], roleSource: RoleSource, error?: string) => {
      hostRecords.set(plan.info.name, { name: plan.info.name, address: plan.info.address, roles, roleSource, error, durationMs: Date.now() - started });
      hostsDone++;
      progress();
    };
    if (opts.signal.aborted) {
      for (const id of opts.checks) records.push(record(plan.info.name, id, interruptedResult(), 0, opts));
      finishHost(plan.info.roles, plan.info.roles.length ? 'inventory' : 'undetected');
      return;
    }
    progress(plan.info.name);
    const connErr = await session.connect();
    if (connErr) {
      session.captureUnreachable(connErr.message);
      const summary = connErr.detail ?? literal(connErr.message);
      for (const id of opts.checks) {
        const entry = catalogEntry(id)!;
        const res: CheckResult = entry.mode === 'guide' ? guideResult() : { status: 'error', summary, recovery: { steps: [] } };
        records.push(record(plan.info.name, id, res, 0, opts));
      }
      finishHost(plan.info.roles, plan.info.roles.length ? 'inventory' : 'undetected', connErr.message);
      return;
    }
    let roles = plan.info.roles;
    let roleSource: RoleSource = 'inventory';
    if (roles.length === 0) {
      const d = await detectRoles(session);
      roles = d.roles;
      roleSource = d.roles.length ? 'detected' : 'undetected';
      session.setRoles(roles);
    }
    const effectiveRoles = roles.length ? roles : ALL_ROLES;
    const waitingFirst = [...opts.checks].sort((a, b) => Number(opts.registry(b)?.waits ?? false) - Number(opts.registry(a)?.waits ?? false));
    await Promise.all(waitingFirst.map(async (id) => {
      const t0 = Date.now();
      const res = await runOne(id, session, effectiveRoles, roleSource, inventory, peer, opts);
      records.push(record(plan.info.name, id, res, Date.now() - t0, opts));
      checksDone++;
      progress(plan.info.name);
    }));
    finishHost(roles, roleSource);
  };

  await pool(plans, Math.max(1, opts.concurrency), scanHost);
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
  inventory: readonly HostInfo[],
  peer: CheckContext['peer'],
  opts: RunOptions,
): Promise<CheckResult> {
  const entry = catalogEntry(id)!;
  if (entry.mode === 'guide') return guideResult();
  if (opts.signal.aborted) return interruptedResult();
  if (!entry.roles.some((r) => roles.includes(r))) return roleSkip(entry, roles);
  const def = opts.registry(id);
  if (!def?.run) {
    return {
      status: 'skipped',
      skipReason: 'not-automated',
      summary: text(
        `Not automated in this version: read the guide entry with "usdiag show ${id}".`,
        `当前版本尚未自动检测此项，请用 "usdiag show ${id}" 查看指导内容。`,
      ),
      recovery: { steps: [] },
    };
  }
  const ctx: CheckContext = {
    host: session.host,
    run: (c) => session.run(c),
    options: { sampleSeconds: opts.sampleSeconds, probeSeconds: opts.probeSeconds },
    inventory,
    peer,
    sleep: (ms) => sleep(ms, session.signal),
    signal: session.signal,
  };
  try {
    const res = await def.run(ctx);
    if (roleSource === 'undetected' && res.status === 'ok') {
      // The host's role is a guess; an ok must not hide that the check may not apply.
      return { ...res, summary: { en: `${res.summary.en} (host role not detected)`, zh: `${res.summary.zh}（未能识别主机角色）` } };
    }
    if (opts.signal.aborted && res.status !== 'fail') return interruptedResult();
    return res;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return {
      status: 'error',
      summary: text(`The check failed internally: ${msg}`, `检查自身出错：${msg}`),
      recovery: { steps: [] },
    };
  }
}

function record(host: string, id: CheckId, res: CheckResult, durationMs: number, opts: RunOptions): CheckRecord {
  const entry = catalogEntry(id)!;
  // Healthy, unreachable or not applicable: no recovery unless the check asks for one.
  // Guide-only entries print the guide's steps: that is all usdiag can do for them.
  const none = res.status === 'ok' || res.status === 'error' || (res.status === 'skipped' && res.skipReason !== 'guide');
  const plan = res.recovery ?? (none ? { steps: [] } : undefined);
  return {
    host,
    check: id,
    section: entry.section,
    status: res.status,
    ...(res.skipReason ? { skipReason: res.skipReason } : {}),
    summary: res.summary,
    evidence: res.evidence ?? [],
    recovery: resolveRecovery(opts.kb(id), plan),
    durationMs,
    ...(res.data !== undefined ? { data: res.data } : {}),
  };
}

function guideResult(): CheckResult {
  return {
    status: 'skipped',
    skipReason: 'guide',
    summary: text(
      'Cannot be seen from the hosts (guide-only entry); follow the recovery below when the symptom matches.',
      '无法从主机侧检测（仅指导条目）；症状相符时按下列恢复步骤处理。',
    ),
  };
}

function roleSkip(entry: CatalogEntry, roles: readonly Role[]): CheckResult {
  const want = entry.roles.join('/');
  const have = roles.join('/') || '-';
  return {
    status: 'skipped',
    skipReason: 'role',
    summary: text(`Applies to ${want} hosts; this host is ${have}.`, `适用于 ${want} 主机；此主机为 ${have}。`),
    recovery: { steps: [] },
  };
}

function interruptedResult(): CheckResult {
  return {
    status: 'error',
    summary: text('Interrupted before this check finished.', '检查完成前被中断。'),
    recovery: { steps: [] },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}
