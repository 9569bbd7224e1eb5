/**
 * What the alarms and platform checks (guide 3.7, 3.8) share: service
 * states, file owners, durations in both languages, another check's verdict
 * as a value, the verdict of several findings in the guide's order.
 */
import type { RecoveryPlan, Status } from '../../src/core.js';
import type { VerdictExtras } from '../../src/engine/define-check.js';
import { excerpt, readProblem } from '../../src/engine/outputs.js';
import type { CheckResult, CommandOutput, Evidence, HostContext, IncidentLink } from '../../src/engine/types.js';
import { defineMessages, list, type Msg, type MsgValue } from '../../src/i18n/message.js';
import { parseServiceStatus, type ServiceState, serviceStateOf, type ServiceStatus } from '../../src/parsers/service-status.js';
import { parseStatOwners, STAT_OWNER_FORMAT, type StatOwner } from '../../src/parsers/stat-owner.js';
import type { Command } from '../../src/transport/command.js';
import { affectedBy, isFinding } from './incidents.js';

export const platformMsg = defineMessages('platform', {
  more: { en: '{first} (+{count} more: {others})', zh: '{first}（另有 {count} 项：{others}）' },
  days: { en: '{days} d {hours} h', zh: '{days} 天 {hours} 小时' },
  hours: { en: '{hours} h {minutes} min', zh: '{hours} 小时 {minutes} 分' },
  minutes: { en: '{minutes} min {seconds} s', zh: '{minutes} 分 {seconds} 秒' },
  seconds: { en: '{seconds} s', zh: '{seconds} 秒' },
  otherCheck: { en: '{check}: {finding}', zh: '{check}：{finding}' },
  otherCheckCulprit: { en: 'found by {check} ({culprit})', zh: '已由 {check} 发现（{culprit}）' },
  culpritProcess: { en: '{process} pid {pid}', zh: '{process} 进程 {pid}' },
  owner: { en: '{user}:{group} ({uid}:{gid})', zh: '{user}:{group}（{uid}:{gid}）' },
});

/** A span of time as people say it: `3 d 4 h`, `12 min 5 s`. */
export function duration(seconds: number): Msg {
  const s = Math.max(0, Math.round(Math.abs(seconds)));
  if (s >= 86400) return platformMsg('days', { days: Math.floor(s / 86400), hours: Math.floor((s % 86400) / 3600) });
  if (s >= 3600) return platformMsg('hours', { hours: Math.floor(s / 3600), minutes: Math.floor((s % 3600) / 60) });
  if (s >= 60) return platformMsg('minutes', { minutes: Math.floor(s / 60), seconds: s % 60 });
  return platformMsg('seconds', { seconds: s });
}

/** Another check's verdict as a value: its message. */
export function findingText(f: CheckResult): MsgValue {
  return f.message;
}

/** Another check's verdict pointed to by name (`storage-blocked: /vms/x is blocked ...`). */
export function pointTo(check: string, f: CheckResult): Msg {
  // A finding of an incident is shown in full there: here it is named, not repeated.
  const c = f.incident?.culprit;
  const parts: MsgValue[] = [];
  if (c) {
    for (const v of [c.host, c.process && c.pid !== undefined ? platformMsg('culpritProcess', { process: c.process, pid: c.pid }) : c.process, c.pool, c.device, c.vm]) {
      if (v !== undefined) parts.push(v);
    }
  }
  if (parts.length) return platformMsg('otherCheckCulprit', { check, culprit: list(parts, { en: ', ', zh: '，' }) });
  return platformMsg('otherCheck', { check, finding: findingText(f) });
}

export { affectedBy, isFinding };

/**
 * `service NAME status`: every LSB exit status is an answer (0 runs, 3
 * stopped, 4 unknown; 1 and 2 dead with a pid file or lock; rabbitmqctl's
 * 69/70/75 when the node is down).
 */
export function serviceStatus(name: string): Command {
  return { argv: ['service', name, 'status'], okExit: [0, 1, 2, 3, 4, 69, 70, 75] };
}

export interface ServiceRead {
  readonly name: string;
  readonly output: CommandOutput;
  readonly status: ServiceStatus;
  readonly state: ServiceState;
  /** Why it could not be read (then `state` is unknown). */
  readonly problem?: Msg | undefined;
}

export async function readService(host: HostContext, name: string): Promise<ServiceRead> {
  const output = await host.run(serviceStatus(name));
  const problem = readProblem(output);
  const status = parseServiceStatus(`${output.stdout}\n${output.stderr}`).value;
  if (problem && output.read.kind !== 'absent') return { name, output, status, state: 'unknown', problem };
  if (output.read.kind === 'absent') return { name, output, status, state: 'missing' };
  return { name, output, status, state: serviceStateOf(status, output.exitCode) };
}

/** The status line as evidence (or the first lines when there is none). */
export function serviceEvidence(s: ServiceRead, extraLines: readonly number[] = [], note?: MsgValue): Evidence {
  const lines = [...(s.status.stateSpan ? [s.status.stateSpan] : [{ first: 1, last: 3 }]), ...extraLines];
  return excerpt(s.output, lines, note);
}

/** `stat -c '%A %u %U %g %G %s %n' -- PATH...`: owners and modes, never content. */
export function statOwners(...paths: string[]): Command {
  return { argv: ['stat', '-c', STAT_OWNER_FORMAT, '--', ...paths] };
}

export interface OwnersRead {
  readonly output: CommandOutput;
  readonly byPath: ReadonlyMap<string, StatOwner>;
  readonly problem?: Msg | undefined;
}

/** Paths that do not exist are simply not in `byPath` (stat says so on stderr). */
export async function readOwners(host: HostContext, ...paths: string[]): Promise<OwnersRead> {
  const output = await host.run(statOwners(...paths));
  const problem = output.read.kind === 'absent' ? undefined : readProblem(output);
  const rows = parseStatOwners(output.stdout).value;
  return { output, byPath: new Map(rows.map((r) => [r.path, r])), problem };
}

export function ownerMsg(o: Pick<StatOwner, 'user' | 'group' | 'uid' | 'gid'>): Msg {
  return platformMsg('owner', { user: o.user, group: o.group, uid: o.uid, gid: o.gid });
}

/** One cause a check found, in the guide's order of recovery. */
export interface Cause<StepId extends string> {
  readonly severity: 'fail' | 'warn';
  readonly message: Msg;
  readonly evidence: readonly Evidence[];
  readonly steps: readonly StepId[];
  readonly vars?: RecoveryPlan<StepId>['vars'];
  /** The cause is another check's finding: this verdict is part of its incident (see `affectedBy`). */
  readonly incident?: IncidentLink | undefined;
}

interface Verdicts<StepId extends string> {
  result(status: Status, message: Msg, extras?: VerdictExtras<StepId>): CheckResult;
}

/**
 * Several causes as one verdict: the first in the guide's order leads and
 * names the others; the status is the worst; the steps are each cause's in
 * that order, each once; the evidence of all, each excerpt once.
 */
export function causesResult<StepId extends string>(say: Verdicts<StepId>, found: readonly Cause<StepId>[], data: unknown): CheckResult {
  // the worst cause leads (stable: the check's own order among equals)
  const causes = [...found].sort((a, b) => Number(b.severity === 'fail') - Number(a.severity === 'fail'));
  const first = causes[0]!;
  const rest = causes.slice(1);
  const status: Status = causes.some((c) => c.severity === 'fail') ? 'fail' : 'warn';
  const steps = [...new Set(causes.flatMap((c) => c.steps))];
  // the leading cause fills the placeholders; later ones only add what it lacks
  const vars = Object.assign({}, ...causes.map((c) => c.vars ?? {}).reverse()) as RecoveryPlan<StepId>["vars"];
  const seen = new Set<string>();
  const evidence = causes.flatMap((c) => c.evidence).filter((e) => {
    const id = `${e.host}\u0000${e.command}\u0000${e.excerpt}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
  const message = rest.length ? platformMsg('more', { first: first.message, count: rest.length, others: list(rest.map((c) => c.message), { en: '; ', zh: '；' }) }) : first.message;
  const incident = first.incident;
  return say.result(status, message, { evidence, recovery: { steps, ...(vars ? { vars } : {}) }, data, ...(incident ? { incident } : {}) });
}
