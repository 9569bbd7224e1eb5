/**
 * Language checks that reach beyond KB entries: any structure of `Text`s
 * (the chapters file) must carry both languages, and a verbatim fact
 * (path, command, error string) must reach the English AND the Chinese text
 * of an entry. Entry-level rules live in entry-content-rules.ts.
 */
import { expect } from 'vitest';
import type { Lang, Text } from '../../src/i18n/text.js';
import type { KbEntry } from '../../src/kb/types.js';
import { placeholderNames } from './entry-content-rules.js';

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
// Han, CJK punctuation, full-width forms and curly quotes do not belong in English text.
const NOT_ENGLISH = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u201c\u201d\u2018\u2019]/;

function isText(v: unknown): v is Text {
  return typeof v === 'object' && v !== null && typeof (v as Text).en === 'string' && typeof (v as Text).zh === 'string';
}

/** Every Text inside a value, with a path naming where it sits. */
export function textsIn(value: unknown, path = ''): Array<[string, Text]> {
  if (isText(value)) return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => textsIn(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => textsIn(v, path ? `${path}.${k}` : k));
  }
  return [];
}

/** What is wrong with one Text; empty when both languages are there and each is in its own language. */
export function bilingualProblems(t: Text): string[] {
  const problems: string[] = [];
  if (t.en.trim() === '') problems.push('empty en');
  if (t.zh.trim() === '') problems.push('empty zh');
  if (!HAN.test(t.zh)) problems.push(`zh without Chinese: ${t.zh}`);
  if (NOT_ENGLISH.test(t.en)) problems.push(`en with Chinese or full-width characters: ${t.en}`);
  const en = [...new Set(placeholderNames(t.en))].sort().join(',');
  const zh = [...new Set(placeholderNames(t.zh))].sort().join(',');
  if (en !== zh) problems.push(`placeholders differ: en [${en}] zh [${zh}]`);
  return problems;
}

/** All prose of an entry in one language (fields, steps, warnings, notes). */
export function entryProse(entry: KbEntry, lang: Lang): string {
  return textsIn(entry).map(([, t]) => t[lang]).join('\n');
}

/** Asserts a verbatim fact appears in the English and in the Chinese prose of the entry. */
export function expectFactInBothLanguages(entry: KbEntry, fact: string): void {
  expect(entryProse(entry, 'en'), `${entry.id} en lacks ${fact}`).toContain(fact);
  expect(entryProse(entry, 'zh'), `${entry.id} zh lacks ${fact}`).toContain(fact);
}
