/**
 * The report for a person at a terminal: the findings first (host, check,
 * culprit, one line each), then per host the details of everything that is
 * not ok: evidence with the command and host it came from, and numbered
 * recovery steps. Healthy checks take one line; skipped ones are counted.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Status } from '../engine/types.js';
import { msg } from '../i18n/messages.js';
import type { Lang } from '../i18n/text.js';
import type { Report, ReportResult } from './model.js';
import { numberedSteps } from '../kb/render-steps.js';
import { severity } from './status.js';

export interface TextOptions {
  readonly lang: Lang;
  readonly color: boolean;
  /** Show skipped and ok checks one per line with their summary (`check` command, --verbose). */
  readonly showAll: boolean;
  /** Lines of each evidence excerpt to show. */
  readonly excerptLines?: number;
}

const STATUS_KEY = {
  ok: 'statusOk', warn: 'statusWarn', fail: 'statusFail', unknown: 'statusUnknown', skipped: 'statusSkipped', error: 'statusError',
} as const;

export function renderText(report: Report, opts: TextOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const { lang } = opts;
  const out: string[] = [];
  const badge = (s: Status) => paint(c, s, msg(STATUS_KEY[s], lang).padEnd(lang === 'zh' ? 4 : 7));

  if (report.interrupted) out.push(c.yellow.bold(msg('interrupted', lang)), '');

  // A host that could not be reached or gave no answers is one line, not one error per check.
  const downHosts = report.hosts.filter((h) => h.error);
  const down = new Set(downHosts.map((h) => h.name));
  const hostLine = (h: (typeof downHosts)[number]) =>
    `${paint(c, 'error', msg(h.problem === 'stuck' ? 'hostStuck' : 'hostUnreachable', lang))}: ${h.error}`;
  const findings = report.results
    .filter((r) => !down.has(r.host) && (r.status === 'fail' || r.status === 'warn' || r.status === 'error' || r.status === 'unknown'))
    .sort((a, b) => severity(a.status) - severity(b.status));
  out.push(c.bold(msg('findings', lang)));
  if (findings.length === 0 && downHosts.length === 0) out.push(`  ${msg('noFindings', lang)}`);
  for (const h of downHosts) out.push(`  ${badge('error')} ${c.bold(h.name)}  ${hostLine(h)}`);
  for (const r of findings) out.push(`  ${badge(r.status)} ${c.bold(r.host)}  ${r.check}: ${r.summary}`);
  out.push('');

  for (const h of report.hosts) {
    const roles = h.roles.length ? h.roles.join('+') : msg('roleUndetected', lang);
    const roleNote = h.roleSource === 'detected' ? ` ${msg('roleDetected', lang)}` : '';
    out.push(c.bold.underline(`${h.name}`) + c.dim(` (${h.address}, ${roles}${roleNote})`));
    const mine = report.results.filter((r) => r.host === h.name);
    if (h.error) {
      out.push(`  ${hostLine(h)}`, c.dim(`  ${msg('hostNotChecked', lang, { count: mine.filter((r) => r.status === 'error').length })}`), '');
      continue;
    }
    const shown = opts.showAll ? mine : mine.filter((r) => r.status !== 'skipped');
    for (const r of shown) out.push(...renderResult(r, c, badge, opts));
    if (!opts.showAll) {
      const skipped = mine.filter((r) => r.status === 'skipped');
      if (skipped.length) out.push(c.dim(`  ${skippedLine(skipped, lang)}`));
    }
    out.push('');
  }

  const n = report.counts;
  out.push(c.bold(msg('totals', lang, { hosts: report.hosts.length, checks: report.results.length, ...n })));
  return `${out.join('\n')}\n`;
}

function renderResult(r: ReportResult, c: ChalkInstance, badge: (s: Status) => string, opts: TextOptions): string[] {
  const lines = [`  ${badge(r.status)} ${c.bold(r.check)} ${c.dim(`${r.section} ${r.title}`)}`, `          ${r.summary}`];
  if (r.status === 'ok' || r.status === 'skipped') {
    if (r.status === 'skipped' && r.recovery.length && opts.showAll) lines.push(...recoveryLines(r, c, opts.lang));
    return opts.showAll || r.status !== 'ok' ? lines : [lines[0]!.replace(/\s+$/, '') + c.dim(`  ${r.summary}`)];
  }
  if (r.evidence.length) {
    lines.push(`          ${c.bold(msg('evidence', opts.lang))}:`);
    const max = opts.excerptLines ?? 12;
    for (const e of r.evidence) {
      lines.push(`            ${c.cyan(`${e.host}$ ${e.command}`)}${e.note ? c.dim(`  # ${e.note}`) : ''}`);
      const ex = e.excerpt.split('\n');
      for (const l of ex.slice(0, max)) lines.push(`              ${l}`);
      if (ex.length > max) lines.push(c.dim(`              ${msg('excerptCut', opts.lang, { count: ex.length - max })}`));
    }
  }
  lines.push(...recoveryLines(r, c, opts.lang));
  return lines;
}

function recoveryLines(r: ReportResult, c: ChalkInstance, lang: Lang): string[] {
  if (!r.recoverySteps.length) return [];
  return [
    `          ${c.bold(msg('recovery', lang))}:`,
    ...numberedSteps(r.recoverySteps, lang, '            ', c),
  ];
}

function skippedLine(skipped: readonly ReportResult[], lang: Lang): string {
  const reasons: string[] = [];
  const count = (reason: string) => skipped.filter((r) => r.skipReason === reason).length;
  const notAutomated = count('not-automated');
  const role = count('role');
  const guide = count('guide');
  const other = skipped.length - notAutomated - role - guide;
  if (notAutomated) reasons.push(msg('skipNotAutomated', lang, { count: notAutomated }));
  if (role) reasons.push(msg('skipRole', lang, { count: role }));
  if (guide) reasons.push(msg('skipGuide', lang, { count: guide }));
  if (other) reasons.push(msg('skipOther', lang, { count: other }));
  return msg('skippedCollapsed', lang, { count: skipped.length, reasons: reasons.join(lang === 'zh' ? '，' : ', ') });
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
