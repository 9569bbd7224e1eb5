/**
 * A check in one call, after typescript-eslint's `createRule`:
 *
 *   export const check = defineCheck({
 *     id: 'storage-blocked',
 *     needs: [MOUNT, CLUSTER_CONF],            // read on every run, started at once
 *     messages: { held: { en: '{pool} is held by {host}', zh: '{pool} 被 {host} 持有' } },
 *     steps: { checkIoPath: { kind: 'diagnostic', ... } },   // steps the guide entry lacks
 *     async run(ctx, say) {
 *       ...
 *       return say.fail('held', { pool, host }, { recovery: { steps: ['reboot-host'] } });
 *     },
 *   });
 *
 * Message ids, their placeholders and recovery step ids are checked by the
 * compiler: a message without its values, or a step the guide entry does not
 * have, does not build. Sentences live only in the table; the report layer
 * renders them in the reader's language.
 */
import type { CheckId, RecoveryPlan, Status } from '../core.js';
import { type MessageSpec, type Msg, type MsgArgs, type MsgValue, registerMessages } from '../i18n/message.js';
import type { StepIdOf } from '../kb/index.js';
import type { Command } from '../transport/command.js';
import type { CheckContext, CheckDefinition, CheckResult, Evidence, IncidentLink, Need, SkipReason, StepSpec } from './types.js';

export type { StepSpec };

/** What a verdict adds to its message. */
export interface VerdictExtras<StepId extends string> {
  readonly evidence?: readonly Evidence[];
  /** Omitted: the guide entry's whole recovery. `{ steps: [] }`: none. */
  readonly recovery?: RecoveryPlan<StepId>;
  readonly data?: unknown;
  /** The fault this verdict belongs to, shared with the verdicts of other hosts that see it. */
  readonly incident?: IncidentLink;
}

type VerdictArgs<T extends MessageSpec, StepId extends string> = [...MsgArgs<T>, extras?: VerdictExtras<StepId>];

/** The typed way a check builds messages and verdicts from its own table. */
export interface Say<M extends Readonly<Record<string, MessageSpec>>, StepId extends string> {
  /** A message of this check, for a value of another or an evidence note. */
  msg<K extends keyof M & string>(id: K, ...values: MsgArgs<M[K]>): Msg;
  ok<K extends keyof M & string>(id: K, ...args: VerdictArgs<M[K], StepId>): CheckResult;
  warn<K extends keyof M & string>(id: K, ...args: VerdictArgs<M[K], StepId>): CheckResult;
  fail<K extends keyof M & string>(id: K, ...args: VerdictArgs<M[K], StepId>): CheckResult;
  /** Ran, but cannot decide (a read failed, the output made no sense). */
  unknown<K extends keyof M & string>(id: K, ...args: VerdictArgs<M[K], StepId>): CheckResult;
  /** Nothing of this fault can exist on this host (no OCFS2 pool, no VM). */
  notApplicable<K extends keyof M & string>(id: K, ...args: VerdictArgs<M[K], StepId>): CheckResult;
  /** Any status, when a check computes it. */
  verdict<K extends keyof M & string>(status: Status, id: K, ...args: VerdictArgs<M[K], StepId>): CheckResult;
  /** A verdict whose message was built already (composed from several). */
  result(status: Status, message: Msg, extras?: VerdictExtras<StepId>): CheckResult;
}

/** The `say` of a check, by its id, message table and own steps (for helpers in the check's module). */
export type SayOf<Id extends CheckId, M extends Readonly<Record<string, MessageSpec>>, S extends Readonly<Record<string, StepSpec>> = Record<never, StepSpec>> =
  Say<M, StepIdOf<Id> | (keyof S & string)>;

export interface CheckSpec<
  Id extends CheckId,
  M extends Readonly<Record<string, MessageSpec>>,
  S extends Readonly<Record<string, StepSpec>>,
> {
  readonly id: Id;
  /** Commands every run reads; `{ command, optional: true }` for one the verdict does not rest on. */
  readonly needs?: readonly (Command | Need)[];
  /** It waits on purpose (a probe, two samples): started before the others. */
  readonly waits?: boolean;
  readonly messages: M;
  readonly steps?: S;
  run(ctx: CheckContext, say: Say<M, StepIdOf<Id> | (keyof S & string)>): Promise<CheckResult>;
}

/** A check definition as the engine sees it, with what the report layer needs to render it. */
export interface DefinedCheck extends CheckDefinition {
  readonly messages: Readonly<Record<string, MessageSpec>>;
}

export function defineCheck<
  const Id extends CheckId,
  const M extends Readonly<Record<string, MessageSpec>>,
  const S extends Readonly<Record<string, StepSpec>> = Record<never, StepSpec>,
>(spec: CheckSpec<Id, M, S>): DefinedCheck {
  registerMessages(spec.id, spec.messages);
  const say = sayFor(spec.id) as unknown as Say<M, StepIdOf<Id> | (keyof S & string)>;
  return {
    id: spec.id,
    needs: (spec.needs ?? []).map((n) => ('argv' in n ? { command: n } : n)),
    ...(spec.waits ? { waits: true } : {}),
    messages: spec.messages,
    steps: spec.steps ?? {},
    run: (ctx) => spec.run(ctx, say),
  };
}

type Loose = Readonly<Record<string, MsgValue>> | undefined;

function sayFor(scope: string) {
  const msg = (id: string, values?: Loose): Msg => ({ scope, id, ...(values && Object.keys(values).length ? { values } : {}) });
  const result = (status: Status, message: Msg, extras: VerdictExtras<string> = {}, skipReason?: SkipReason): CheckResult => ({
    status,
    ...(skipReason ? { skipReason } : {}),
    message,
    ...(extras.evidence ? { evidence: extras.evidence } : {}),
    ...(extras.recovery ? { recovery: extras.recovery } : {}),
    ...(extras.data !== undefined ? { data: extras.data } : {}),
    ...(extras.incident ? { incident: extras.incident } : {}),
  });
  const verdict = (status: Status, id: string, values?: Loose, extras?: VerdictExtras<string>, skipReason?: SkipReason) =>
    result(status, msg(id, values), extras, skipReason);
  return {
    msg,
    result: (status: Status, message: Msg, extras?: VerdictExtras<string>) => result(status, message, extras),
    ok: (id: string, values?: Loose, extras?: VerdictExtras<string>) => verdict('ok', id, values, extras),
    warn: (id: string, values?: Loose, extras?: VerdictExtras<string>) => verdict('warn', id, values, extras),
    fail: (id: string, values?: Loose, extras?: VerdictExtras<string>) => verdict('fail', id, values, extras),
    unknown: (id: string, values?: Loose, extras?: VerdictExtras<string>) => verdict('unknown', id, values, extras),
    notApplicable: (id: string, values?: Loose, extras?: VerdictExtras<string>) => verdict('skipped', id, values, extras, 'not-applicable'),
    verdict: (status: Status, id: string, values?: Loose, extras?: VerdictExtras<string>) => verdict(status, id, values, extras),
  };
}
