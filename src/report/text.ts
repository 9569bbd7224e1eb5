/**
 * The report for a person at a terminal at 3 a.m.: the incidents first,
 * worst first, each with its culprit, the hosts it affects, the evidence
 * once and one recovery; then per host what it has (one line per finding,
 * pointing at its incident); then a hosts × checks matrix and the totals.
 * A healthy fleet is a few lines; `--verbose` lists every check. Lines fit
 * the width given (the terminal's): summaries and evidence wrap, commands
 * never do, so they can be copied whole.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Status } from '../engine/types.js';
import { msg } from '../i18n/messages.js';
import type { Lang } from '../i18n/text.js';
import { numberedSteps } from '../kb/render-steps.js';
import type { ReportIncident } from './incidents.js';
import { reportText } from './messages.js';
import type { Report, ReportEvidence, ReportResult } from './model.js';
import { incidentFacts, matrixColumns, MATRIX_CELL, MATRIX_MAX_HOSTS, nothingCheckedLines, skippedSummary, statusLabel, noFindingsLine, totalsLine, waiverLine, matrixLegend } from './view.js';
import { displayWidth, wrap } from './wrap.js';

export interface TextOptions {
  readonly lang: Lang;
  readonly color: boolean;
  /** Show every check of every host, ok and skipped ones with their summary (`check` command, --verbose). */
  readonly showAll: boolean;
  /** Lines of each evidence excerpt to show. */
  readonly excerptLines?: number;
  /** Columns of the terminal (default 100); lines wrap to it, commands excepted. */
  readonly width?: number;
}

export const DEFAULT_WIDTH = 100;
/** Narrower than this, wrapping would make the report unreadable rather than fitting. */
const MIN_WIDTH = 40;

interface Ctx {
  readonly c: ChalkInstance;
  readonly lang: Lang;
  readonly width: number;
  readonly opts: TextOptions;
  readonly badge: (s: Status) => string;
}

export function renderText(report: Report, opts: TextOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const { lang } = opts;
  const width = Math.max(MIN_WIDTH, opts.width ?? DEFAULT_WIDTH);
  const pad = lang === 'zh' ? 4 : 7;
  const ctx: Ctx = { c, lang, width, opts, badge: (s) => paint(c, s, statusLabel(s, lang).padEnd(pad)) };
  const out: string[] = [];

  if (report.interrupted) out.push(c.yellow.bold(msg('interrupted', lang)), '');

  out.push(c.bold(reportText(lang, 'incidents')));
  const nothing = nothingCheckedLines(report, lang);
  if (nothing) out.push(...nothing.flatMap((l, i) => wrap(l, width, i ? '    ' : '  ', i ? '      ' : '    ')));
  else if (report.incidents.length === 0) out.push(`  ${noFindingsLine(report, lang)}`);
  for (const i of report.incidents) out.push(...incidentLines(report, i, ctx));
  out.push('');

  const hosts = hostLines(report, ctx);
  if (hosts.length) out.push(c.bold(reportText(lang, 'perHost')), ...hosts);
  out.push(...matrixLines(report, ctx));

  out.push(...wrap(totalsLine(report, lang), width).map((l) => c.bold(l)));
  return `${out.join('\n')}\n`;
}

function incidentLines(report: Report, i: ReportIncident, x: Ctx): string[] {
  const { c, lang, width } = x;
  const body = '     ';
  const num = `#${i.id}`.padEnd(3);
  const out: string[] = [];
  const single = i.hosts.length === 1;
  if (i.kind === 'host-unreachable' || i.kind === 'host-stuck') {
    const what = msg(i.kind === 'host-stuck' ? 'hostStuck' : 'hostUnreachable', lang);
    const head = `  ${num}${statusLabel(i.status, lang).padEnd(lang === 'zh' ? 4 : 7)} ${i.hosts[0]}  `;
    const lines = wrap(`${head}${what}: ${i.summary}`, width, '', body);
    return [lines[0]!.replace(head, `  ${num}${x.badge(i.status)} ${c.bold(i.hosts[0]!)}  `), ...lines.slice(1)];
  }
  const where = single ? `${i.hosts[0]}  ` : '';
  const plainHead = `  ${num}${statusLabel(i.status, lang).padEnd(lang === 'zh' ? 4 : 7)} ${where}${i.check} ${i.section} `;
  const head = wrap(`${plainHead}${i.title}`, width, '', body);
  out.push(head[0]!.replace(plainHead, `  ${num}${x.badge(i.status)} ${where ? c.bold(where) : ''}${c.bold(i.check ?? '')} ${c.dim(i.section ?? '')} `), ...head.slice(1).map((l) => c.dim(l)));

  for (const f of incidentFacts(report, i, lang)) out.push(...labelled(f.label, f.text, x, f.kind === 'culprit' ? (l) => c.bold(l) : undefined));
  out.push(...wrap(i.summary, width, body));
  if (i.evidence.length) {
    out.push(`${body}${c.bold(msg('evidence', lang))}${lang === 'zh' ? '：' : ':'}`);
    for (const e of i.evidence) out.push(...evidenceLines(e, x, `${body}  `));
  }
  if (i.recoverySteps.length) {
    out.push(`${body}${c.bold(msg('recovery', lang))}${lang === 'zh' ? '：' : ':'}`);
    out.push(...numberedSteps(i.recoverySteps, lang, `${body}  `, c, width));
  }
  return out;
}

/** `Label: value` wrapped under the incident, the label in bold. */
function labelled(label: string, value: string, x: Ctx, style: (s: string) => string = (s) => s): string[] {
  const body = '     ';
  const sep = x.lang === 'zh' ? '：' : ': ';
  const lines = wrap(`${label}${sep}${value}`, x.width, body, `${body}  `);
  const first = lines[0]!.slice(body.length + label.length + sep.length);
  return [`${body}${x.c.bold(label)}${sep}${style(first)}`, ...lines.slice(1).map(style)];
}

/** The command and host it came from (never cut), its note, then the excerpt wrapped. */
function evidenceLines(e: ReportEvidence, x: Ctx, indent: string): string[] {
  const { c, width } = x;
  const cmd = `${indent}${e.host}$ ${e.command}`;
  const out: string[] = [];
  const note = e.note ? `  # ${e.note}` : '';
  if (!note || displayWidth(cmd + note) <= width) out.push(c.cyan(cmd) + c.dim(note));
  else out.push(c.cyan(cmd), ...wrap(`# ${e.note}`, width, `${indent}  `).map((l) => c.dim(l)));
  const max = x.opts.excerptLines ?? 12;
  const ex = e.excerpt === '' ? [] : e.excerpt.split('\n');
  for (const l of ex.slice(0, max)) out.push(...wrap(l, width, `${indent}  `, `${indent}      `));
  if (ex.length > max) out.push(c.dim(`${indent}  ${msg('excerptCut', x.lang, { count: ex.length - max })}`));
  return out;
}

/** Per host: a line per finding pointing at its incident; with showAll, every check with its summary. */
function hostLines(report: Report, x: Ctx): string[] {
  const { c, lang, width, opts } = x;
  const incidentOf = new Map<number, number>();
  for (const i of report.incidents) for (const m of i.results) incidentOf.set(m.index, i.id);
  const out: string[] = [];
  report.hosts.forEach((h) => {
    const mine = report.results.map((r, index) => ({ r, index })).filter(({ r }) => r.host === h.name);
    const findings = mine.filter(({ r, index }) => incidentOf.has(index) || r.status === 'waived');
    if (!opts.showAll && findings.length === 0 && !h.error) return;
    const roles = h.roles.length ? h.roles.join('+') : msg('roleUndetected', lang);
    const roleNote = h.roleSource === 'detected' ? ` ${msg('roleDetected', lang)}` : '';
    out.push(`  ${c.bold.underline(h.name)}${c.dim(` (${h.address}, ${roles}${roleNote})`)}`);
    if (h.error) {
      const id = incidentOf.get(mine.find(({ index }) => incidentOf.has(index))?.index ?? -1);
      const what = `${msg(h.problem === 'stuck' ? 'hostStuck' : 'hostUnreachable', lang)}${id ? `, ${reportText(lang, 'seeIncident', { id })}` : ''}`;
      out.push(`    ${paint(c, 'error', what)}`, c.dim(`    ${msg('hostNotChecked', lang, { count: mine.filter(({ r }) => r.status === 'error').length })}`), '');
      return;
    }
    const checkWidth = Math.max(0, ...mine.map(({ r }) => r.check.length));
    for (const { r, index } of mine) {
      const id = incidentOf.get(index);
      if (id !== undefined) {
        out.push(`    ${x.badge(r.status)} ${r.check.padEnd(checkWidth)}  ${reportText(lang, 'seeIncident', { id })}`);
        const expired = waiverLine(r, lang);
        if (expired) out.push(...wrap(expired, width, '      ', '        ').map((l) => c.dim(l)));
      } else if (r.status === 'waived') {
        out.push(...resultLine(r, x, checkWidth));
        out.push(...wrap(waiverLine(r, lang)!, width, '      ', '        ').map((l) => c.dim(l)));
      } else if (opts.showAll && (r.status === 'ok' || r.status === 'skipped')) {
        out.push(...resultLine(r, x, checkWidth));
        // A guide-only entry: its steps are all usdiag can give.
        if (r.status === 'skipped' && r.recoverySteps.length) out.push(...numberedSteps(r.recoverySteps, lang, '      ', c, width));
      }
    }
    if (!opts.showAll) {
      const ok = mine.filter(({ r }) => r.status === 'ok').map(({ r }) => r.check);
      if (ok.length) out.push(...wrap(reportText(lang, 'okChecks', { count: ok.length, checks: ok.join(', ') }), width, '    ', '      ').map((l) => c.dim(l)));
      const skipped = mine.filter(({ r }) => r.status === 'skipped').map(({ r }) => r);
      if (skipped.length) out.push(...wrap(skippedSummary(skipped, lang), width, '    ', '      ').map((l) => c.dim(l)));
    }
    out.push('');
  });
  return out;
}

function resultLine(r: ReportResult, x: Ctx, checkWidth: number): string[] {
  const head = `    ${statusLabel(r.status, x.lang).padEnd(x.lang === 'zh' ? 4 : 7)} ${r.check.padEnd(checkWidth)}  `;
  const lines = wrap(`${head}${r.summary}`, x.width, '', `${' '.repeat(displayWidth(head))}`);
  return [lines[0]!.replace(head, `    ${x.badge(r.status)} ${r.check.padEnd(checkWidth)}  `), ...lines.slice(1)].map((l, i) => (i === 0 ? l : x.c.dim(l)));
}

/** Hosts × checks, one character per cell; per-check counts for a large fleet. */
function matrixLines(report: Report, x: Ctx): string[] {
  const { c, lang, width } = x;
  const columns = matrixColumns(report);
  if (columns.length === 0) return [];
  const out: string[] = [];
  if (report.hosts.length > MATRIX_MAX_HOSTS) {
    out.push(c.bold(reportText(lang, 'perCheck', { hosts: report.hosts.length })));
    const w = Math.max(...columns.map((k) => k.check.length));
    for (const k of columns) {
      const counts = (['fail', 'warn', 'unknown', 'error', 'ok', 'skipped'] as const)
        .filter((s) => k.counts[s] > 0)
        .map((s) => `${k.counts[s]} ${statusLabel(s, lang)}`);
      out.push(...wrap(`${k.check.padEnd(w)}  ${counts.join(', ')}`, width, '  ', `  ${' '.repeat(w + 2)}`));
    }
    out.push('');
    return out;
  }
  const nameWidth = Math.max(...report.hosts.map((h) => displayWidth(h.name)));
  const title = reportText(lang, 'matrix');
  const legend = `(${matrixLegend(report, lang)})`;
  if (displayWidth(`${title}  ${legend}`) <= width) out.push(c.bold(title) + c.dim(`  ${legend}`));
  else out.push(c.bold(title), ...wrap(legend, width, '  ', '   ').map((l) => c.dim(l)));
  out.push(`  ${' '.repeat(nameWidth)}  ${columns.map((k) => k.letter).join(' ')}`);
  for (const h of report.hosts) {
    const cells = columns.map((k) => {
      const s = k.byHost.get(h.name);
      return s === undefined ? ' ' : paint(c, s, MATRIX_CELL[s]);
    });
    out.push(`  ${h.name}${' '.repeat(nameWidth - displayWidth(h.name))}  ${cells.join(' ')}`);
  }
  out.push(...wrap(columns.map((k) => `${k.letter} ${k.check}`).join('   '), width, '  ', '  ').map((l) => c.dim(l)));
  out.push('');
  return out;
}

function paint(c: ChalkInstance, s: Status, label: string): string {
  switch (s) {
    case 'fail': return c.red.bold(label);
    case 'error': return c.magenta.bold(label);
    case 'unknown': return c.magenta(label);
    case 'warn': return c.yellow.bold(label);
    case 'ok': return c.green(label);
    default: return c.dim(label);
  }
}
