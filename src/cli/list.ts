/**
 * `usdiag list` (the catalogue by the guide's fault types, 3.2) and
 * `usdiag show ID` (one entry in full, with its recovery in the guide's
 * 2.2.2 order).
 */
import { Chalk } from 'chalk';
import { AUTOMATED_CHECK_IDS } from '../../checks/automated.js';
import { msg, msgText } from '../i18n/messages.js';
import type { Lang, Text } from '../i18n/text.js';
import { type Area, CATALOG, catalogEntry, type CheckId, isCheckId } from '../kb/catalog.js';
import { faultTypes, recoveryOrderRule } from '../kb/chapters.js';
import { kbEntry } from '../kb/index.js';
import { resolveRecovery } from '../kb/recovery.js';
import { localizeStep, numberedSteps } from '../kb/render-steps.js';
import { validateFormat, validateLang } from './flags.js';
import { type CliIO, UsageError, wantColor } from './io.js';

interface ListFlags {
  format?: string;
  lang?: string;
  color?: boolean;
}

const AREAS: readonly Area[] = ['compute', 'storage', 'network', 'alarm', 'other'];

type How = 'automated' | 'guide' | 'manual';

function how(id: CheckId, automated: ReadonlySet<CheckId>): How {
  if (catalogEntry(id)!.observable === 'guide') return 'guide';
  return automated.has(id) ? 'automated' : 'manual';
}

function rolesOf(cat: { readonly roles: readonly string[]; readonly cluster: boolean }): string {
  return cat.roles.length ? cat.roles.join(',') + (cat.cluster ? '+cluster' : '') : '-';
}

function doesKey(h: How): 'showDoesAutomated' | 'showDoesGuide' | 'showDoesManual' {
  return h === 'automated' ? 'showDoesAutomated' : h === 'guide' ? 'showDoesGuide' : 'showDoesManual';
}

export function runList(flags: ListFlags, io: CliIO, lang: Lang): number {
  validateLang(flags);
  const format = validateFormat(flags.format, ['text', 'json']);
  const automated = new Set(AUTOMATED_CHECK_IDS);
  if (format === 'json') {
    const checks = CATALOG.map((c) => ({
      id: c.id,
      section: c.section,
      area: c.area,
      // the catalogue's own word (shared/spec/checks.md): auto = observable from a host
      mode: c.observable === 'guide' ? 'guide' : 'auto',
      observable: c.observable,
      roles: [...c.roles],
      cluster: c.cluster,
      automated: how(c.id, automated) === 'automated',
      title: kbEntry(c.id)?.title[lang] ?? c.id,
    }));
    io.stdout.write(`${JSON.stringify({ tool: 'usdiag', lang, checks }, null, 2)}\n`);
    return 0;
  }
  const c = new Chalk({ level: wantColor(io.stdout, io.env, flags.color !== false) ? 1 : 0 });
  const out: string[] = [];
  const idWidth = Math.max(...CATALOG.map((e) => e.id.length));
  for (const area of AREAS) {
    const ft = faultTypes[area];
    out.push(c.bold(`${ft.section} ${ft.title[lang]}`) + c.dim(`  ${ft.scope[lang]}`));
    for (const e of CATALOG.filter((x) => x.area === area)) {
      const h = how(e.id, automated);
      const howLabel = msg(h === 'automated' ? 'listAutomated' : h === 'guide' ? 'listGuide' : 'listManual', lang);
      const roles = rolesOf(e);
      const line = `  ${e.id.padEnd(idWidth)}  ${e.section.padEnd(6)} ${howLabel.padEnd(lang === 'zh' ? 4 : 9)} ${roles.padEnd(15)} ${kbEntry(e.id)?.title[lang] ?? ''}`;
      out.push(h === 'automated' ? line : c.dim(line));
    }
    out.push('');
  }
  out.push(msg('listLegend', lang));
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

export function runShow(id: string, flags: ListFlags, io: CliIO, lang: Lang): number {
  validateLang(flags);
  const format = validateFormat(flags.format, ['text', 'json']);
  if (!isCheckId(id)) throw new UsageError(msgText('errUnknownCheck', { id }));
  const cat = catalogEntry(id)!;
  const entry = kbEntry(id);
  if (!entry) throw new Error(`no knowledge-base entry for ${id}`);
  const steps = resolveRecovery(entry);
  const automated = new Set(AUTOMATED_CHECK_IDS);
  if (format === 'json') {
    const l = (t: Text) => t[lang];
    io.stdout.write(`${JSON.stringify({
      id, section: cat.section, area: cat.area, mode: cat.observable === 'guide' ? 'guide' : 'auto', observable: cat.observable,
      roles: [...cat.roles], cluster: cat.cluster,
      automated: how(id, automated) === 'automated',
      usdiag: msg(doesKey(how(id, automated)), lang, { id, roles: rolesOf(cat) }),
      title: l(entry.title), symptom: l(entry.symptom), impact: l(entry.impact),
      causes: entry.causes.map(l), diagnosis: entry.diagnosis.map(l),
      recovery: entry.recovery.map((s) => ({ id: s.id, kind: s.kind, cost: s.cost, likelihood: s.likelihood, text: l(s.text), ...(s.command ? { command: s.command } : {}), ...(s.warning ? { warning: l(s.warning) } : {}) })),
      notes: (entry.notes ?? []).map(l),
    }, null, 2)}\n`);
    return 0;
  }
  const c = new Chalk({ level: wantColor(io.stdout, io.env, flags.color !== false) ? 1 : 0 });
  const head = (k: Parameters<typeof msg>[0]) => c.bold(msg(k, lang));
  const bullets = (ts: readonly Text[]) => ts.map((t) => `  - ${t[lang]}`);
  const out = [
    c.bold(`${cat.section} ${entry.title[lang]}`) + c.dim(`  [${id}; ${rolesOf(cat)}]`),
    // what usdiag does for this entry today, so "How to tell" is not read as a promise
    `${head('showUsdiag')}  ${msg(doesKey(how(id, automated)), lang, { id, roles: rolesOf(cat) })}`,
    '',
    head('showSymptom'), `  ${entry.symptom[lang]}`, '',
    head('showImpact'), `  ${entry.impact[lang]}`, '',
    head('showCauses'), ...bullets(entry.causes), '',
    head('showDiagnosis'), ...bullets(entry.diagnosis), '',
    `${head('recovery')}  ${c.dim(recoveryOrderRule[lang])}`,
    ...numberedSteps(steps.map((s) => localizeStep(s, lang)), lang, '  ', c),
  ];
  if (entry.notes?.length) out.push('', head('showNotes'), ...bullets(entry.notes));
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
