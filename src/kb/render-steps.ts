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
import { wrap } from '../report/wrap.js';
import { reportText } from '../report/messages.js';

export interface StepLike {
  kind: 'diagnostic' | 'changing';
  text: string;
  command?: string;
  warning?: string;
  /** The report shows this step's output already: its command is folded into "(shown above)". */
  shown?: boolean;
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

/** The step over several lines: text, then `$ command` (or "(shown above)"), then the caution. */
export function stepLines(s: StepLike, lang: Lang): string[] {
  const folded = s.shown === true && s.command !== undefined;
  return [
    `${kindLabel(s, lang)} ${s.text}${folded ? `${lang === 'zh' ? '' : ' '}${reportText(lang, 'shownAbove')}` : ''}`,
    ...(s.command && !folded ? [`$ ${s.command}`] : []),
    ...(s.warning ? [`${msg('caution', lang)}${lang === 'zh' ? '：' : ': '}${s.warning}`] : []),
  ];
}

/**
 * A numbered list of steps for a terminal; changing steps stand out, commands
 * are easy to spot. With `width`, texts and cautions wrap to it; commands
 * never do (they are copied whole).
 */
export function numberedSteps(steps: readonly StepLike[], lang: Lang, indent: string, c: ChalkInstance, width?: number): string[] {
  const lines = (text: string, first: string, hang: string) => (width === undefined ? [first + text] : wrap(text, width, first, hang));
  return steps.flatMap((s, i) => {
    const [head, ...rest] = stepLines(s, lang);
    const num = `${i + 1}. `;
    const hang = `${indent}${' '.repeat(num.length)}`;
    const [h1, ...hn] = lines(head!, `${indent}${num}`, hang);
    const paint = (l: string) => (s.kind === 'changing' ? c.yellow(l) : l);
    return [
      `${indent}${num}${paint(h1!.slice(indent.length + num.length))}`,
      ...hn.map((l) => `${hang}${paint(l.slice(hang.length))}`),
      ...rest.flatMap((l) => (l.startsWith('$ ') ? [`${hang}${c.cyan(l)}`] : lines(l, hang, `${hang}  `).map((x) => `${hang}${c.dim(x.slice(hang.length))}`))),
    ];
  });
}
