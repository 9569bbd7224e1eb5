/**
 * What the text, Markdown and HTML reports show the same way: status labels,
 * a culprit in words, the hosts of an incident, the summary matrix, and the
 * "nothing was checked" notice.
 */
import type { Status } from '../engine/types.js';
import { msg } from '../i18n/messages.js';
import type { Lang } from '../i18n/text.js';
import type { ReportCulprit, ReportIncident } from './incidents.js';
import { reportText } from './messages.js';
import type { Report, ReportResult } from './model.js';
import { severity, wasChecked } from './status.js';

export { wasChecked };

const STATUS_KEY = {
  ok: 'statusOk', warn: 'statusWarn', fail: 'statusFail', unknown: 'statusUnknown', skipped: 'statusSkipped', error: 'statusError', waived: 'statusWaived',
} as const;

export function statusLabel(s: Status, lang: Lang): string {
  return msg(STATUS_KEY[s], lang);
}

/**
 * What a waiver did to a result, in one line: "waived, was FAIL: reason
 * (until 2026-12-31)", or "waiver expired 2026-01-01: reason".
 */
export function waiverLine(r: ReportResult, lang: Lang): string | undefined {
  const w = r.waiver;
  if (!w) return undefined;
  if (w.expired) return reportText(lang, 'waiverExpired', { date: w.expires ?? '', reason: w.reason });
  const until = w.expires !== undefined ? reportText(lang, 'waiverUntil', { date: w.expires }) : '';
  return reportText(lang, 'waivedNote', { status: statusLabel(r.waivedStatus ?? r.status, lang), reason: w.reason, until });
}

/** The matrix legend; `w waived` only when something was waived. */
export function matrixLegend(report: Report, lang: Lang): string {
  return `${reportText(lang, 'matrixLegend')}${report.counts.waived ? reportText(lang, 'matrixLegendWaived') : ''}`;
}

/** "No faults found", saying how many were waived when some were. */
export function noFindingsLine(report: Report, lang: Lang): string {
  return report.counts.waived ? reportText(lang, 'noFindingsWaived', { count: report.counts.waived }) : msg('noFindings', lang);
}

/** The totals line, with the waived count when something was waived. */
export function totalsLine(report: Report, lang: Lang): string {
  const line = msg('totals', lang, { hosts: report.hosts.length, checks: report.results.length, ...report.counts });
  return report.counts.waived ? `${line}${reportText(lang, 'totalsWaived', { count: report.counts.waived })}` : line;
}

/** The results a waiver touched (waived, or whose waiver expired), in report order. */
export function waiverResults(report: Report): ReportResult[] {
  return report.results.filter((r) => r.waiver !== undefined);
}

/** One character per matrix cell. */
export const MATRIX_CELL: Readonly<Record<Status, string>> = { fail: 'F', warn: 'W', unknown: '?', error: 'E', ok: '.', skipped: '-', waived: 'w' };

/** Above this many hosts the matrix becomes counts per check. */
export const MATRIX_MAX_HOSTS = 40;

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The culprit in words: host, process and pid, device, VM, pool. */
export function culpritParts(c: ReportCulprit, lang: Lang): string[] {
  const parts: string[] = [];
  if (c.host) parts.push(c.host);
  if (c.process && c.pid !== undefined) parts.push(reportText(lang, 'culpritProcess', { process: c.process, pid: c.pid }));
  else if (c.process) parts.push(c.process);
  else if (c.pid !== undefined) parts.push(reportText(lang, 'culpritPid', { pid: c.pid }));
  if (c.device) parts.push(reportText(lang, 'culpritDevice', { device: c.device }));
  if (c.vm) parts.push(reportText(lang, 'culpritVm', { vm: c.vm }));
  if (c.pool) parts.push(reportText(lang, 'culpritPool', { pool: c.pool }));
  return parts;
}

/** Each host of an incident with its worst status; the host of the root cause says so. */
export function incidentHosts(i: ReportIncident): { host: string; status: Status; root: boolean }[] {
  return i.hosts.map((host) => {
    const mine = i.results.filter((m) => m.host === host);
    const status = [...mine].sort((a, b) => severity(a.status) - severity(b.status))[0]?.status ?? i.status;
    return { host, status, root: i.hosts.length > 1 && mine.some((m) => m.role === 'root') };
  });
}

export function hostsLine(i: ReportIncident, lang: Lang): string {
  const sep = lang === 'zh' ? '，' : ', ';
  return incidentHosts(i)
    .map((h) => `${h.host} ${statusLabel(h.status, lang)}${h.root ? (lang === 'zh' ? `（${reportText(lang, 'rootCause')}）` : ` (${reportText(lang, 'rootCause')})`) : ''}`)
    .join(sep);
}

/** The root cause's own verdict, when it is not the one the incident leads with (the holder's warning). */
export function rootVerdict(report: Report, i: ReportIncident): { host: string; summary: string; status: Status } | undefined {
  if (i.hosts.length < 2) return undefined;
  const m = i.results.find((x) => x.role === 'root' && report.results[x.index]?.summary !== i.summary);
  return m ? { host: m.host, summary: report.results[m.index]!.summary, status: m.status } : undefined;
}

/** A line of an incident above its summary: `Label: text`. */
export interface IncidentFact {
  readonly kind: 'culprit' | 'why' | 'alternative' | 'hosts' | 'root' | 'also' | 'unchecked' | 'waiver';
  readonly label: string;
  readonly text: string;
}

/**
 * What every format says about an incident before its summary: the culprit
 * (when it says more than the one host's name), why it was chosen and the
 * alternative, the hosts, the root cause's own verdict, and the verdicts of
 * other checks about the same fault.
 */
export function incidentFacts(report: Report, i: ReportIncident, lang: Lang): IncidentFact[] {
  const facts: IncidentFact[] = [];
  const fact = (
    kind: IncidentFact['kind'],
    label: 'culprit' | 'why' | 'alternative' | 'hosts' | 'rootCauseLabel' | 'also' | 'unchecked' | 'waivers',
    text: string,
  ) =>
    facts.push({ kind, label: reportText(lang, label), text });
  const parts = culpritParts(i.culprit, lang);
  const single = i.hosts.length === 1;
  if (parts.length && (!single || parts.length > 1 || i.culprit.host !== i.hosts[0])) fact('culprit', 'culprit', parts.join(' · '));
  if (i.reason) fact('why', 'why', i.reason);
  if (i.alternatives?.length) fact('alternative', 'alternative', i.alternatives.map((a) => culpritParts(a, lang).join(' · ')).join('; '));
  if (!single) fact('hosts', 'hosts', hostsLine(i, lang));
  const root = rootVerdict(report, i);
  if (root) fact('root', 'rootCauseLabel', `${root.host} ${statusLabel(root.status, lang)}: ${root.summary}`);
  // Other checks' verdicts on the same fault: one line per verdict said alike on several hosts
  // (the UI hangs on every node), and one line for the checks the fault kept from reading.
  const others = i.results.filter((m) => m.check !== i.check);
  const alike = new Map<string, { hosts: string[]; text: string }>();
  const unchecked = new Map<string, string[]>();
  for (const m of others) {
    if (m.status === 'unknown' && m.role === 'affected') {
      unchecked.set(m.host, [...(unchecked.get(m.host) ?? []), m.check]);
      continue;
    }
    const text = `${m.check} ${statusLabel(m.status, lang)}: ${report.results[m.index]!.summary}`;
    const g = alike.get(text) ?? { hosts: [], text };
    g.hosts.push(m.host);
    alike.set(text, g);
  }
  for (const g of alike.values()) fact('also', 'also', `${g.hosts.join(', ')} ${g.text}`);
  if (unchecked.size) fact('unchecked', 'unchecked', [...unchecked].map(([host, checks]) => `${host} ${checks.join(', ')}`).join('; '));
  // A finding back after its waiver expired says so where it is reported.
  for (const m of i.results) {
    const note = waiverLine(report.results[m.index]!, lang);
    if (note) fact('waiver', 'waivers', `${m.host} ${m.check}: ${note}`);
  }
  return facts;
}

/** When no check looked at any host: the notice and, per check, why and what to do instead. */
export function nothingCheckedLines(report: Report, lang: Lang): string[] | undefined {
  if (report.results.length === 0 || report.results.some(wasChecked)) return undefined;
  // Per check, the reason that says what to do instead: no module or guide-only first, then the role.
  const rank = (r: ReportResult) => (r.skipReason === 'not-automated' ? 0 : r.skipReason === 'guide' ? 1 : 2);
  const checks = [...new Set(report.results.map((r) => r.check))];
  return [
    reportText(lang, 'nothingChecked'),
    ...checks.map((check) => {
      const r = report.results.filter((x) => x.check === check).sort((a, b) => rank(a) - rank(b))[0]!;
      return `${check}: ${r.summary}`;
    }),
  ];
}

export interface MatrixColumn {
  readonly letter: string;
  readonly check: string;
  readonly byHost: ReadonlyMap<string, Status>;
  readonly counts: Readonly<Record<Status, number>>;
}

/** The checks that looked at some host, in report order. */
export function matrixColumns(report: Report): MatrixColumn[] {
  const checks: string[] = [];
  for (const r of report.results) if (wasChecked(r) && !checks.includes(r.check)) checks.push(r.check);
  return checks.slice(0, LETTERS.length).map((check, i) => {
    const byHost = new Map<string, Status>();
    const counts: Record<Status, number> = { ok: 0, warn: 0, fail: 0, unknown: 0, skipped: 0, error: 0, waived: 0 };
    for (const r of report.results) {
      if (r.check !== check) continue;
      byHost.set(r.host, r.status);
      counts[r.status]++;
    }
    return { letter: LETTERS[i]!, check, byHost, counts };
  });
}

/** "24 more checks skipped: 17 not automated yet, 3 not for this role, 4 guide-only". */
export function skippedSummary(skipped: readonly ReportResult[], lang: Lang): string {
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
