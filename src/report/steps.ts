/**
 * One recovery step as a single line (JSON `recovery`, JUnit), or as the
 * few lines a terminal shows: the step, its command to copy, its caution.
 */
import type { Lang } from '../i18n/text.js';
import { msg } from '../i18n/messages.js';

export interface StepLike {
  kind: 'diagnostic' | 'changing';
  text: string;
  command?: string;
  warning?: string;
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
