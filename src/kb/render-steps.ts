/**
 * Recovery steps as people read them: one line each in JSON and JUnit, or a
 * numbered list on a terminal (the step, the command to copy, the caution).
 * Check reports, `usdiag show` and `usdiag explain` all print them this way.
 */
import type { ChalkInstance } from 'chalk';
import type { Lang } from '../i18n/text.js';
import { msg } from '../i18n/messages.js';
import type { ResolvedStep } from './recovery.js';
import { redact } from '../redact/redact.js';

export interface StepLike {
  kind: 'diagnostic' | 'changing';
  text: string;
  command?: string;
  warning?: string;
}

export interface ReportStep extends StepLike {
  id: string;
}

/** A resolved step in one language, secrets masked. */
export function localizeStep(s: ResolvedStep, lang: Lang): ReportStep {
  return {
    id: s.id,
    kind: s.kind,
    text: redact(s.text[lang]),
    ...(s.command !== undefined ? { command: redact(s.command) } : {}),
    ...(s.warning ? { warning: redact(s.warning[lang]) } : {}),
  };
}

function kindLabel(s: StepLike, lang: Lang): string {
  return `[${msg(s.kind === 'changing' ? 'stepChanging' : 'stepDiagnostic', lang)}]`;
}

export function stepLine(s: StepLike, lang: Lang): string {
  const cmd = s.command ? ` → ${s.command}` : '';
  const warn = s.warning ? (lang === 'zh' ? `（${msg('caution', lang)}：${s.warning}）` : ` (${msg('caution', lang)}: ${s.warning})`) : '';
  return `${kindLabel(s, lang)} ${s.text}${cmd}${warn}`;
}

/** The step over several lines: text, then `$ command`, then the caution. */
export function stepLines(s: StepLike, lang: Lang): string[] {
  return [
    `${kindLabel(s, lang)} ${s.text}`,
    ...(s.command ? [`$ ${s.command}`] : []),
    ...(s.warning ? [`${msg('caution', lang)}${lang === 'zh' ? '：' : ': '}${s.warning}`] : []),
  ];
}

/** A numbered list of steps for a terminal; changing steps stand out, commands are easy to spot. */
export function numberedSteps(steps: readonly StepLike[], lang: Lang, indent: string, c: ChalkInstance): string[] {
  return steps.flatMap((s, i) => {
    const [first, ...rest] = stepLines(s, lang);
    const num = `${i + 1}. `;
    return [
      `${indent}${num}${s.kind === 'changing' ? c.yellow(first!) : first}`,
      ...rest.map((l) => `${indent}${' '.repeat(num.length)}${l.startsWith('$ ') ? c.cyan(l) : c.dim(l)}`),
    ];
  });
}
