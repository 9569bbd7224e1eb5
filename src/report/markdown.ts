/**
 * The report as Markdown, to paste into a ticket: incidents first (culprit,
 * hosts, evidence in code blocks, the recovery as a numbered list with its
 * commands), then the hosts × checks table and the totals. GitHub, GitLab
 * and most trackers render it; read raw it is still plain text.
 */
import { msg } from '../i18n/messages.js';
import type { Lang } from '../i18n/text.js';
import { stepLines } from '../kb/render-steps.js';
import type { ReportIncident } from './incidents.js';
import { reportText } from './messages.js';
import type { Report, ReportEvidence } from './model.js';
import { incidentFacts, matrixColumns, MATRIX_CELL, MATRIX_MAX_HOSTS, nothingCheckedLines, skippedSummary, statusLabel, noFindingsLine, totalsLine, waiverLine, waiverResults, matrixLegend } from './view.js';

export interface MarkdownOptions {
  readonly lang: Lang;
}

/** Text in a Markdown paragraph or table cell: nothing in it becomes markup. */
export function mdText(s: string): string {
  return s.replace(/[\\`*_{}[\]<>#|~]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}

/** Prose that may hold `code` spans (the guide's texts): the spans stay code, the rest is escaped. */
export function mdProse(s: string): string {
  return s.split(/(`[^`\n]+`)/).map((part, i) => (i % 2 === 1 ? part : mdText(part))).join('');
}

/** Inline code that holds any text: a backtick run longer than any inside it. */
export function mdCode(s: string): string {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || s.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** A fenced block that holds any text. */
function mdBlock(s: string, info = ''): string[] {
  const longest = Math.max(2, ...[...s.matchAll(/^ {0,3}(`{3,}|~{3,})/gm)].map((m) => m[1]!.length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${info}`, ...s.split('\n'), fence];
}

export function renderMarkdown(report: Report, opts: MarkdownOptions): string {
  const { lang } = opts;
  const out: string[] = [];
  const colon = lang === 'zh' ? '：' : ': ';
  out.push(`# ${reportText(lang, 'reportTitle')}`, '');
  out.push(`_${mdText(reportText(lang, 'generated', { version: report.version, startedAt: report.startedAt, finishedAt: report.finishedAt, hosts: report.hosts.length }))}_`, '');
  if (report.interrupted) out.push(`> **${mdText(msg('interrupted', lang))}**`, '');

  out.push(`## ${reportText(lang, 'incidents')}`, '');
  const nothing = nothingCheckedLines(report, lang);
  if (nothing) out.push(mdText(nothing[0]!), '', ...nothing.slice(1).map((l) => `- ${mdText(l)}`), '');
  else if (report.incidents.length === 0) out.push(mdText(noFindingsLine(report, lang)), '');
  for (const i of report.incidents) out.push(...incident(report, i, lang, colon));

  out.push(...matrix(report, lang));
  out.push(...waiverTable(report, lang));
  out.push(`**${mdText(totalsLine(report, lang))}**`, '');
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function incident(report: Report, i: ReportIncident, lang: Lang, colon: string): string[] {
  const out: string[] = [];
  const status = statusLabel(i.status, lang);
  if (i.kind === 'host-unreachable' || i.kind === 'host-stuck') {
    out.push(`### ${i.id}. ${status}: ${mdText(i.hosts[0]!)}: ${mdText(i.title)}`, '', mdText(i.summary), '');
    return out;
  }
  const where = i.hosts.length === 1 ? `${mdText(i.hosts[0]!)}: ` : '';
  out.push(`### ${i.id}. ${status}: ${where}${mdText(i.title)} (${mdCode(i.check ?? '')}, ${i.section ?? ''})`, '');
  const facts = incidentFacts(report, i, lang).map((f) => `- **${mdText(f.label)}**${colon}${mdText(f.text)}`);
  if (facts.length) out.push(...facts, '');
  out.push(mdProse(i.summary), '');
  if (i.evidence.length) {
    out.push(`**${mdText(msg('evidence', lang))}**`, '');
    for (const e of i.evidence) out.push(...evidence(e), '');
  }
  if (i.recoverySteps.length) {
    out.push(`**${mdText(msg('recovery', lang))}**`, '');
    i.recoverySteps.forEach((s, n) => {
      const [head, ...rest] = stepLines(s, lang);
      out.push(`${n + 1}. ${mdProse(head!)}`);
      for (const l of rest) out.push(l.startsWith('$ ') ? `   ${mdCode(l.slice(2))}` : `   _${mdProse(l)}_`);
    });
    out.push('');
  }
  return out;
}

function evidence(e: ReportEvidence): string[] {
  const head = `${e.host}$ ${e.command}${e.note ? `  # ${e.note}` : ''}`;
  return mdBlock([head, ...(e.excerpt ? [e.excerpt] : [])].join('\n'), 'text');
}

/** Results a waiver touched: waived ones (with the status they had) and those whose waiver expired. */
function waiverTable(report: Report, lang: Lang): string[] {
  const rows = waiverResults(report);
  if (rows.length === 0) return [];
  const out = [`## ${mdText(reportText(lang, 'waivers'))}`, '', `| ${reportText(lang, 'host')} | ${reportText(lang, 'check')} | ${reportText(lang, 'status')} | |`, '|---|---|---|---|'];
  for (const r of rows) out.push(`| ${mdText(r.host)} | ${mdCode(r.check)} | ${mdText(statusLabel(r.status, lang))} | ${mdText(waiverLine(r, lang)!)} |`);
  out.push('');
  return out;
}

function matrix(report: Report, lang: Lang): string[] {
  const columns = matrixColumns(report);
  if (columns.length === 0) return [];
  const out: string[] = [];
  if (report.hosts.length > MATRIX_MAX_HOSTS) {
    out.push(`## ${mdText(reportText(lang, 'perCheck', { hosts: report.hosts.length }))}`, '');
    out.push(`| ${reportText(lang, 'check')} | ${(['fail', 'warn', 'unknown', 'error', 'ok', 'skipped'] as const).map((s) => statusLabel(s, lang)).join(' | ')} |`);
    out.push(`|---|${'---:|'.repeat(6)}`);
    for (const k of columns) out.push(`| ${mdCode(k.check)} | ${(['fail', 'warn', 'unknown', 'error', 'ok', 'skipped'] as const).map((s) => k.counts[s]).join(' | ')} |`);
    out.push('');
    return out;
  }
  out.push(`## ${mdText(reportText(lang, 'matrix'))}`, '', `_${mdText(matrixLegend(report, lang))}_`, '');
  out.push(`| ${reportText(lang, 'host')} | ${columns.map((k) => k.letter).join(' | ')} |`);
  out.push(`|---|${columns.map(() => ':-:|').join('')}`);
  for (const h of report.hosts) {
    out.push(`| ${mdText(h.name)} | ${columns.map((k) => {
      const s = k.byHost.get(h.name);
      return s === undefined ? ' ' : mdText(MATRIX_CELL[s]);
    }).join(' | ')} |`);
  }
  out.push('', columns.map((k) => `${k.letter}: ${mdCode(k.check)}`).join(' · '), '');
  const skipped = report.results.filter((r) => r.status === 'skipped');
  if (skipped.length) out.push(mdText(skippedSummary(skipped, lang)), '');
  return out;
}
