/**
 * Every user-facing sentence of usdiag exists in English and Chinese. A `Text`
 * carries both; the language is chosen only when something is printed, so a
 * report built once can be rendered in either language.
 */
import type { Lang, Text, Vars } from '../core.js';
import { renderValue } from './message.js';

export type { Lang, Text, Vars };

export const LANGS: readonly Lang[] = ['en', 'zh'];

/** Both languages of one message. Placeholders are written `{name}`. */
export function text(en: string, zh: string): Text {
  return { en, zh };
}

/** The same string in both languages (command lines, paths, numbers). */
export function literal(s: string): Text {
  return { en: s, zh: s };
}

/** Fills `{name}` placeholders in both languages; unknown names stay visible as `<name>`. */
export function fill(t: Text, vars: Vars): Text {
  return { en: fillOne(t.en, vars, 'en'), zh: fillOne(t.zh, vars, 'zh') };
}

function fillOne(s: string, vars: Vars, lang: Lang): string {
  return s.replace(/\{([a-zA-Z][\w]*)\}/g, (_m, name: string) => renderValue(vars[name], lang, name));
}

export function render(t: Text, lang: Lang): string {
  return t[lang];
}

/** Joins several texts per language with a separator. */
export function join(parts: readonly Text[], sep: string | Text = ' '): Text {
  const s = typeof sep === 'string' ? literal(sep) : sep;
  return {
    en: parts.map((p) => p.en).join(s.en),
    zh: parts.map((p) => p.zh).join(s.zh),
  };
}

/**
 * The language an engineer's terminal asks for, the way gettext decides:
 * LC_ALL, then LC_MESSAGES, then LANG; `zh*` means Chinese, anything else English.
 */
export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const v = env[name];
    if (v !== undefined && v !== '') return /^zh/i.test(v) ? 'zh' : 'en';
  }
  return 'en';
}

export function isLang(s: string): s is Lang {
  return s === 'en' || s === 'zh';
}
