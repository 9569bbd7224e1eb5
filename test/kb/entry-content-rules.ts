/**
 * The KB content rules as one pure function, so each area's test asserts
 * "no problems" and a broken sample proves the rules actually bite.
 */
import type { Text } from '../../src/i18n/text.js';
import { CATALOG, type Area } from '../../src/kb/catalog.js';
import { stepRank, type KbEntry, type RecoveryStep } from '../../src/kb/types.js';

/** The only names a check fills into step texts and commands. */
export const PLACEHOLDER_NAMES: ReadonlySet<string> = new Set([
  'host', 'hostIp', 'device', 'mount', 'pool', 'lockres', 'ownerNode', 'ownerHost', 'holderNode', 'holderHost',
  'pid', 'stuckPid', 'vmPid', 'process', 'vm', 'image', 'iface', 'bond', 'vswitch', 'wwid', 'map', 'filter', 'port', 'file', 'service', 'nodeIp',
  // alarms and platform suite: the directory a step acts on (db-connection's chown)
  'dir',
  // nic-packet-loss: the NIC's maximum receive ring (ethtool -g) for ethtool -G
  'rxMax',
]);

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff]/;
// Han plus CJK and full-width punctuation: none of it belongs in English text or in a command.
const CJK_OR_FULLWIDTH = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const PLACEHOLDER = /\{([^{}]*)\}/g;
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function placeholderNames(s: string): string[] {
  return [...s.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

function hasStrayBrace(s: string): boolean {
  return /[{}]/.test(s.replace(PLACEHOLDER, ''));
}

function entryTexts(entry: KbEntry): Array<[string, Text]> {
  return [
    ['title', entry.title],
    ['symptom', entry.symptom],
    ['impact', entry.impact],
    ...entry.causes.map((t, i): [string, Text] => [`causes[${i}]`, t]),
    ...entry.diagnosis.map((t, i): [string, Text] => [`diagnosis[${i}]`, t]),
    ...(entry.notes ?? []).map((t, i): [string, Text] => [`notes[${i}]`, t]),
  ];
}

function stepTexts(step: RecoveryStep): Array<[string, Text]> {
  const where = `step ${step.id}`;
  return step.warning ? [[`${where} text`, step.text], [`${where} warning`, step.warning]] : [[`${where} text`, step.text]];
}

function languageProblems(where: string, t: Text): string[] {
  const out: string[] = [];
  if (t.en.trim() === '') out.push(`${where}: empty en`);
  if (t.zh.trim() === '') out.push(`${where}: empty zh`);
  if (!HAN.test(t.zh)) out.push(`${where}: zh has no Chinese`);
  if (CJK_OR_FULLWIDTH.test(t.en)) out.push(`${where}: en contains CJK or full-width characters`);
  return out;
}

function placeholderProblems(where: string, t: Text): string[] {
  const out: string[] = [];
  for (const lang of ['en', 'zh'] as const) {
    for (const name of placeholderNames(t[lang])) {
      if (!PLACEHOLDER_NAMES.has(name)) out.push(`${where}: unknown placeholder {${name}} in ${lang}`);
    }
    if (hasStrayBrace(t[lang])) out.push(`${where}: stray brace in ${lang}`);
  }
  // A value a check fills in must show up in both languages.
  const en = [...new Set(placeholderNames(t.en))].sort().join(',');
  const zh = [...new Set(placeholderNames(t.zh))].sort().join(',');
  if (en !== zh) out.push(`${where}: placeholders differ between en (${en}) and zh (${zh})`);
  return out;
}

function commandProblems(step: RecoveryStep): string[] {
  const c = step.command;
  if (c === undefined) return [];
  const where = `step ${step.id} command`;
  const out: string[] = [];
  if (c.trim() === '' || c !== c.trim() || c.includes('\n')) out.push(`${where}: not a single trimmed line`);
  if (CJK_OR_FULLWIDTH.test(c)) out.push(`${where}: contains CJK or full-width characters`);
  for (const name of placeholderNames(c)) {
    if (!PLACEHOLDER_NAMES.has(name)) out.push(`${where}: unknown placeholder {${name}}`);
  }
  if (hasStrayBrace(c)) out.push(`${where}: stray brace`);
  return out;
}

/** Everything wrong with one entry against the content rules; empty when it is fine. */
export function contentProblems(entry: KbEntry): string[] {
  const out: string[] = [];
  if (entry.causes.length === 0) out.push('no causes');
  if (entry.diagnosis.length === 0) out.push('no diagnosis');
  if (entry.recovery.length === 0) out.push('no recovery steps');

  for (const [where, t] of entryTexts(entry)) {
    out.push(...languageProblems(where, t));
    // Only steps are filled by checks: a placeholder anywhere else would print raw.
    if (/[{}]/.test(t.en) || /[{}]/.test(t.zh)) out.push(`${where}: braces outside a step`);
  }

  const seen = new Set<string>();
  let previousRank = -1;
  for (const step of entry.recovery) {
    if (!KEBAB.test(step.id)) out.push(`step ${step.id}: id is not kebab-case`);
    if (seen.has(step.id)) out.push(`step ${step.id}: duplicate id`);
    seen.add(step.id);
    const rank = stepRank(step);
    if (rank < previousRank) out.push(`step ${step.id}: rank ${rank} after rank ${previousRank} (guide 2.2.2 order)`);
    previousRank = Math.max(previousRank, rank);
    for (const [where, t] of stepTexts(step)) out.push(...languageProblems(where, t), ...placeholderProblems(where, t));
    out.push(...commandProblems(step));
  }
  return out;
}

/** Catalogue ids of one area, in catalogue (= guide) order. */
export function areaIds(area: Area): string[] {
  return CATALOG.filter((c) => c.area === area).map((c) => c.id);
}

/** The step with this id; fails loudly so a fact test names the missing step. */
export function stepOf(entry: KbEntry, id: string): RecoveryStep {
  const s = entry.recovery.find((r) => r.id === id);
  if (!s) throw new Error(`${entry.id} has no step ${id} (has: ${entry.recovery.map((r) => r.id).join(', ')})`);
  return s;
}

/** All English and Chinese text of an entry, steps and commands included, for fact lookups. */
export function allText(entry: KbEntry): string {
  const parts = entryTexts(entry).map(([, t]) => `${t.en}\n${t.zh}`);
  for (const step of entry.recovery) {
    parts.push(...stepTexts(step).map(([, t]) => `${t.en}\n${t.zh}`), step.command ?? '');
  }
  return parts.join('\n');
}
