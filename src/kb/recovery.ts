/**
 * Turns a KB entry's recovery and a check's plan into the concrete steps a
 * report shows: chosen steps in order, placeholders filled with the host,
 * device, VM or pid the check found.
 */
import { fill, type Text, type Vars } from '../i18n/text.js';
import type { RecoveryPlan } from '../core.js';
import type { KbEntry, RecoveryStep, StepKind } from './types.js';

export interface ResolvedStep {
  readonly id: string;
  readonly kind: StepKind;
  readonly text: Text;
  readonly command?: string | undefined;
  readonly warning?: Text | undefined;
}

function fillCommand(command: string | undefined, vars: Vars): string | undefined {
  if (command === undefined) return undefined;
  return fill({ en: command, zh: command }, vars).en;
}

export function resolveStep(step: RecoveryStep, vars: Vars): ResolvedStep {
  return {
    id: step.id,
    kind: step.kind,
    text: fill(step.text, vars),
    command: fillCommand(step.command, vars),
    warning: step.warning ? fill(step.warning, vars) : undefined,
  };
}

/**
 * The steps for a finding. Unknown step ids in a plan are a programming error
 * of the check; they are skipped rather than breaking a report at 3 a.m., and
 * a test over all checks catches them.
 */
export function resolveRecovery(entry: KbEntry | undefined, plan: RecoveryPlan & { readonly first?: readonly RecoveryStep[] } = {}): ResolvedStep[] {
  const vars = plan.vars ?? {};
  const first = (plan.first ?? []).map((s) => resolveStep(s, vars));
  if (!entry) return first;
  const byId = new Map(entry.recovery.map((s) => [s.id, s]));
  const chosen = plan.steps ? plan.steps.flatMap((id) => byId.get(id) ?? []) : entry.recovery;
  return [...first, ...chosen.map((s) => resolveStep(s, vars))];
}
