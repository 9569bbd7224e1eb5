/** One recovery step as a single line: "[changing] text: `command` (caution: ...)". */
import type { Lang } from '../i18n/text.js';
import { msg } from '../i18n/messages.js';

export interface StepLike {
  kind: 'diagnostic' | 'changing';
  text: string;
  command?: string;
  warning?: string;
}

export function stepLine(s: StepLike, lang: Lang): string {
  const kind = msg(s.kind === 'changing' ? 'stepChanging' : 'stepDiagnostic', lang);
  const cmd = s.command ? (lang === 'zh' ? `：${s.command}` : `: ${s.command}`) : '';
  const warn = s.warning ? (lang === 'zh' ? `（注意：${s.warning}）` : ` (caution: ${s.warning})`) : '';
  return `[${kind}] ${s.text}${cmd}${warn}`;
}
