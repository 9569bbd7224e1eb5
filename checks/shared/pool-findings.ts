/**
 * The verdict of the pool checks from their findings: the worst one leads
 * (its message says how many more there are) and chooses the recovery; the
 * evidence of all of them is kept, each excerpt once.
 */
import type { RecoveryPlan, Status } from '../../src/core.js';
import type { VerdictExtras } from '../../src/engine/define-check.js';
import type { CheckResult, Evidence, IncidentLink } from '../../src/engine/types.js';
import { defineMessages, type Msg, type MsgValue } from '../../src/i18n/message.js';

const findingsMsg = defineMessages('pool-findings', {
  more: { en: ' (+{count} more)', zh: '（另有 {count} 项）' },
});

export interface Finding<StepId extends string> {
  readonly severity: 'fail' | 'warn';
  /**
   * The finding in the check's words. `more` is what the verdict appends when
   * other findings follow this one ('' when none do).
   */
  readonly message: (more: MsgValue) => Msg;
  readonly evidence: readonly Evidence[];
  readonly recovery: RecoveryPlan<StepId>;
  /** The fault it is one view of, when other hosts see the same (one LUN's paths). */
  readonly incident?: IncidentLink | undefined;
}

/** What the pool checks need of their `say`. */
interface Verdicts<StepId extends string> {
  result(status: Status, message: Msg, extras?: VerdictExtras<StepId>): CheckResult;
}

export function findingsResult<StepId extends string>(say: Verdicts<StepId>, findings: readonly Finding<StepId>[], data: unknown): CheckResult {
  const sorted = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'fail' ? -1 : 1));
  const top = sorted[0]!;
  const seen = new Set<string>();
  const evidence = sorted.flatMap((f) => f.evidence).filter((e) => {
    const id = `${e.host}\u0000${e.command}\u0000${e.excerpt}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
  const more = sorted.length - 1;
  return say.result(top.severity, top.message(more ? findingsMsg('more', { count: more }) : ''), { evidence, recovery: top.recovery, data, ...(top.incident ? { incident: top.incident } : {}) });
}
