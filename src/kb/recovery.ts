/**
 * Turns a KB entry's recovery and a check's plan into the concrete steps a
 * report shows: chosen steps in order, placeholders filled with the host,
 * device, VM or pid the check found.
 */
import { fill, type Text, type Vars } from '../i18n/text.js';
import type { MsgValue, RecoveryPlan } from '../core.js';
import { renderValue } from '../i18n/message.js';
import type { KbEntry, RecoveryStep, StepKind } from './types.js';

export interface ResolvedStep {
  readonly id: string;
  readonly kind: StepKind;
  readonly text: Text;
  readonly command?: string | undefined;
  readonly warning?: Text | undefined;
  /** The report already shows this step's output (reports fold its command into "(shown above)"). */
  readonly shown?: boolean | undefined;
}

function fillCommand(command: string | undefined, vars: Vars): string | undefined {
  if (command === undefined) return undefined;
  return fill({ en: command, zh: command }, vars).en;
}

export function resolveStep(step: RecoveryStep, vars: Vars, found?: MsgValue): ResolvedStep {
  const text = fill(step.text, vars);
  return {
    id: step.id,
    kind: step.kind,
    text: found === undefined ? text : withFound(text, found),
    command: fillCommand(step.command, vars),
    warning: step.warning ? fill(step.warning, vars) : undefined,
  };
}

/**
 * The steps for a finding: the guide entry's, and the check's own steps
 * (concrete diagnostics the guide does not spell out). Checks name step ids
 * through typed plans (defineCheck), so an id the entry does not have does
 * not compile.
 */
export function resolveRecovery(
  entry: KbEntry | undefined,
  plan: RecoveryPlan = {},
  ownSteps: Readonly<Record<string, Omit<RecoveryStep, 'id'>>> = {},
): ResolvedStep[] {
  const vars = plan.vars ?? {};
  const shown = new Set<string>(plan.shown ?? []);
  const resolve = (s: RecoveryStep): ResolvedStep => {
    const r = resolveStep(s, vars, plan.found?.[s.id]);
    return shown.has(s.id) ? { ...r, shown: true } : r;
  };
  const byId = new Map<string, RecoveryStep>([
    ...Object.entries(ownSteps).map(([id, s]): [string, RecoveryStep] => [id, { id, ...s }]),
    ...(entry?.recovery ?? []).map((s): [string, RecoveryStep] => [s.id, s]),
  ]);
  const chosen = plan.steps ? plan.steps.flatMap((id) => byId.get(id) ?? []) : (entry?.recovery ?? []);
  return chosen.map(resolve);
}

/** A step's text with what usdiag found for it, as one more sentence. */
function withFound(text: Text, found: MsgValue): Text {
  return { en: `${text.en} ${renderValue(found, 'en')}`, zh: `${text.zh}${renderValue(found, 'zh')}` };
}
