/**
 * The context one check gets on one host, and the rule that makes an `ok`
 * earned: every read the check made (here or on a peer host) is recorded,
 * and a verdict of "healthy" or "not applicable" that rests on a read that
 * failed becomes `unknown`, naming the reads.
 */
import { list } from '../i18n/message.js';
import { type Command, sampleKey } from '../transport/command.js';
import { sleep } from '../transport/run-control.js';
import type { HostSession } from './host-session.js';
import type { CheckWork } from './host-work.js';
import { engineMsg } from './messages.js';
import type { CheckContext, CheckOptions, CheckResult, CommandOutput, Evidence, HostContext, HostInfo, ReadOptions } from './types.js';

export interface ReadRecord {
  readonly output: CommandOutput;
  readonly optional: boolean;
}

export interface ContextDeps {
  readonly options: CheckOptions;
  readonly inventory: readonly HostInfo[];
  /** The session of another inventory host, by address or name. */
  readonly findPeer: (ref: { readonly address?: string | undefined; readonly name?: string | undefined }) => HostSession | undefined;
  /** Another check's verdict on this host (run once per host, shared). */
  readonly finding: CheckContext['finding'];
  /** The host's work slot: waits (sleeps, probes, findings) give it back, other reads take it first. */
  readonly work?: CheckWork | undefined;
}

const NO_GATE: CheckWork = { wait: (p) => p, work: (fn) => fn(), end: () => undefined };

export function checkContext(session: HostSession, deps: ContextDeps, reads: ReadRecord[], optionalNeeds: readonly Command[] = []): CheckContext {
  // Leads into other hosts run under this check's own deadline, not the peer's.
  const signal = session.signal;
  // A command the check declared an optional need stays optional when its run reads it again.
  const optionalHere = new Set(optionalNeeds.map(sampleKey));
  const gate = deps.work ?? NO_GATE;
  const reader = (s: HostSession): HostContext['run'] => async (c: Command, o?: ReadOptions) => {
    if (s !== session) s.keep(c);
    // A probe may run out its limit on purpose: waiting for it is a wait, not work.
    const output = c.kind === 'probe' ? await gate.wait(s.run(c, signal)) : await gate.work(() => s.run(c, signal));
    reads.push({ output, optional: o?.optional === true || (s === session && optionalHere.has(sampleKey(c))) });
    return output;
  };
  return {
    host: session.host,
    run: reader(session),
    options: deps.options,
    inventory: deps.inventory,
    peer: (ref) => {
      const s = deps.findPeer(ref);
      return s ? { host: s.host, run: reader(s) } : undefined;
    },
    sleep: (ms) => gate.wait(sleep(ms, signal)),
    signal,
    finding: (id) => gate.wait(deps.finding(id)),
  };
}

/** Reads of the check that failed and that its verdict rests on (once per host and command). */
export function failedReads(reads: readonly ReadRecord[]): CommandOutput[] {
  // The usual case, and a cluster check reads every peer: nothing failed, nothing to index.
  if (!reads.some((r) => r.output.read.kind === 'failed')) return [];
  const needed = new Set(reads.filter((r) => !r.optional).map((r) => `${r.output.host}\u0000${r.output.key}#${r.output.sample}`));
  const seen = new Set<string>();
  const out: CommandOutput[] = [];
  for (const r of reads) {
    const id = `${r.output.host}\u0000${r.output.key}#${r.output.sample}`;
    if (r.output.read.kind !== 'failed' || !needed.has(id) || seen.has(id)) continue;
    seen.add(id);
    out.push(r.output);
  }
  return out;
}

/** Failed reads shown as evidence at most. */
const FAILED_READS_SHOWN = 4;

/**
 * An `ok` or a not-applicable skip is only as good as the reads under it:
 * with one of them failed, the check could not see, so it cannot say.
 */
export function earnedVerdict(res: CheckResult, reads: readonly ReadRecord[]): CheckResult {
  const trusting = res.status === 'ok' || (res.status === 'skipped' && res.skipReason === 'not-applicable');
  if (!trusting) return res;
  const failed = failedReads(reads);
  if (failed.length === 0) return res;
  return {
    status: 'unknown',
    message: engineMsg('readsFailed', {
      count: failed.length,
      reads: list(failed.map((o) => (o.read.kind === 'failed' ? o.read.reason : o.key)), '; '),
    }),
    evidence: failed.slice(0, FAILED_READS_SHOWN).map(failedReadEvidence),
    recovery: { steps: [] },
    ...(res.data !== undefined ? { data: res.data } : {}),
  };
}

function failedReadEvidence(o: CommandOutput): Evidence {
  const lines = o.stderr.split('\n').filter((l) => l.trim() !== '').slice(0, 3);
  return {
    host: o.host,
    command: o.key,
    excerpt: lines.join('\n') || (o.failure?.message ?? ''),
    ...(o.timedOut ? { timedOutAfterSec: Math.round(o.durationMs / 1000) } : {}),
  };
}

/**
 * The same context, every read through it optional: for following a lead
 * whose result only ever adds to a finding (a lock trace that is dropped when
 * the lock clears), so its reads cannot turn an `ok` into `unknown`.
 */
export function leadContext(ctx: CheckContext): CheckContext {
  const optional = (h: HostContext): HostContext => ({ host: h.host, run: (c) => h.run(c, { optional: true }) });
  return {
    ...ctx,
    ...optional(ctx),
    peer: (ref) => {
      const p = ctx.peer(ref);
      return p ? optional(p) : undefined;
    },
  };
}
