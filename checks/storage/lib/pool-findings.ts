/**
 * The verdict of the pool checks from their findings: the worst one leads the
 * summary (with how many more there are) and chooses the recovery; the
 * evidence of all of them is kept, each excerpt once.
 */
import type { CheckResult, Evidence } from '../../../src/engine/types.js';
import { text, type Text } from '../../../src/i18n/text.js';
import type { RecoveryStep } from '../../../src/kb/types.js';

export interface Finding {
  readonly severity: 'fail' | 'warn';
  readonly summary: Text;
  readonly evidence: readonly Evidence[];
  readonly steps: readonly string[];
  readonly first?: readonly RecoveryStep[] | undefined;
  readonly vars: Readonly<Record<string, string>>;
}

export function findingsResult(findings: readonly Finding[], data: unknown): CheckResult {
  const sorted = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'fail' ? -1 : 1));
  const top = sorted[0]!;
  const seen = new Set<string>();
  const evidence = sorted.flatMap((f) => f.evidence).filter((e) => {
    const id = `${e.host}\u0000${e.command}\u0000${e.excerpt}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
  const more = sorted.length - 1;
  return {
    status: top.severity,
    summary: more ? text(`${top.summary.en} (+${more} more)`, `${top.summary.zh}（另有 ${more} 项）`) : top.summary,
    evidence,
    recovery: { steps: top.steps, vars: top.vars, ...(top.first?.length ? { first: top.first } : {}) },
    data,
  };
}
