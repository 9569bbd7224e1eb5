/**
 * The report as one self-contained HTML file: inline CSS, no script, no
 * external resource (fonts, images, stylesheets), so it opens offline from
 * a mail or a USB stick and prints. Incidents first, each with its culprit,
 * hosts, evidence folded in <details> (unfolded when printed), and its
 * recovery; then the hosts × checks matrix (cells link to their incident)
 * and the hosts.
 */
import type { Status } from '../engine/types.js';
import { msg } from '../i18n/messages.js';
import type { Lang } from '../i18n/text.js';
import { stepLines } from '../kb/render-steps.js';
import type { ReportIncident } from './incidents.js';
import { reportText } from './messages.js';
import type { Report, ReportEvidence } from './model.js';
import { incidentFacts, incidentHosts, matrixColumns, MATRIX_CELL, MATRIX_MAX_HOSTS, nothingCheckedLines, skippedSummary, statusLabel, noFindingsLine, totalsLine, waiverLine, waiverResults, matrixLegend } from './view.js';

export interface HtmlOptions {
  readonly lang: Lang;
}

/** Text as HTML character data or an attribute value. */
export function esc(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
:root { --fail: #b00020; --warn: #8a5a00; --unknown: #6a1b9a; --error: #6a1b9a; --ok: #1b5e20; --skipped: #666; --line: #d0d0d0; --soft: #f5f5f5; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 1100px; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 0 0 .5rem; }
h4 { font-size: .95rem; margin: .8rem 0 .3rem; }
.meta { color: #555; margin: 0; }
.totals { font-weight: 600; }
.interrupted { border: 2px solid var(--warn); padding: .5rem .8rem; font-weight: 600; }
code, pre, kbd { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .88em; }
pre { background: var(--soft); border: 1px solid var(--line); padding: .5rem .7rem; margin: .2rem 0 .6rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.cmd { background: #eef3fb; border-color: #b7c7e4; white-space: pre; overflow-x: auto; }
.incident { border: 1px solid var(--line); border-left: 6px solid var(--skipped); border-radius: 4px; padding: .8rem 1rem; margin: 1rem 0; }
.incident.fail { border-left-color: var(--fail); } .incident.warn { border-left-color: var(--warn); }
.incident.unknown, .incident.error { border-left-color: var(--unknown); }
.badge { display: inline-block; min-width: 4.2em; text-align: center; font-size: .78rem; font-weight: 700; color: #fff; border-radius: 3px; padding: .05rem .4rem; margin-right: .35rem; vertical-align: .1em; }
.badge.fail { background: var(--fail); } .badge.warn { background: var(--warn); } .badge.unknown, .badge.error { background: var(--unknown); }
.badge.ok { background: var(--ok); } .badge.skipped { background: var(--skipped); }
.num { color: #555; font-weight: 600; margin-right: .3rem; }
.section { color: #555; font-weight: 400; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; margin: .3rem 0 .6rem; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
.root { font-weight: 600; }
.summary { margin: .4rem 0; }
details.evidence { margin: .4rem 0; }
details.evidence > summary { cursor: pointer; font-weight: 600; }
figure { margin: .4rem 0 0; }
figcaption code { font-weight: 600; }
.note { color: #555; font-style: italic; }
ol.steps { padding-left: 1.6rem; margin: .2rem 0; }
ol.steps li { margin: .35rem 0; }
ol.steps li.changing > .text { color: #7a3e00; }
.kind { font-size: .8rem; font-weight: 700; text-transform: uppercase; color: #555; margin-right: .3rem; }
li.changing .kind { color: #7a3e00; }
.shown { color: #555; font-style: italic; }
.caution { margin: .1rem 0 .2rem; color: #7a3e00; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .2rem .45rem; }
table.matrix td { text-align: center; font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: 700; min-width: 1.8rem; }
table.matrix thead th { vertical-align: bottom; }
table.matrix thead th.check { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-weight: 500; font-size: .85rem; padding: .4rem .2rem; }
td.fail { background: #fbe3e6; color: var(--fail); } td.warn { background: #fff3d6; color: var(--warn); }
td.unknown, td.error { background: #f1e4f7; color: var(--unknown); } td.ok { color: var(--ok); } td.skipped { color: #999; }
td a { color: inherit; text-decoration: none; display: block; }
.legend, .muted { color: #555; font-size: .9rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  /* An incident longer than a page breaks between its parts, never inside an output or a step. */
  figure, ol.steps li, dl.facts, tr { break-inside: avoid; }
  h2, h3, h4, figcaption { break-after: avoid; }
  details.evidence > summary { list-style: none; }
  details.evidence::details-content { content-visibility: visible; display: block; height: auto; }
  details.evidence > :not(summary) { display: block !important; }
  pre.cmd, pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  .badge, td.fail, td.warn, td.unknown, td.error, .incident { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;

export function renderHtml(report: Report, opts: HtmlOptions): string {
  const { lang } = opts;
  const title = reportText(lang, 'reportTitle');
  const body: string[] = [];
  body.push('<header>', `<h1>${esc(title)}</h1>`);
  body.push(`<p class="meta">${esc(reportText(lang, 'generated', { version: report.version, startedAt: report.startedAt, finishedAt: report.finishedAt, hosts: report.hosts.length }))}</p>`);
  body.push(`<p class="totals">${esc(totalsLine(report, lang))}</p>`);
  if (report.interrupted) body.push(`<p class="interrupted">${esc(msg('interrupted', lang))}</p>`);
  body.push('</header>', '<main>');

  body.push('<section id="incidents">', `<h2>${esc(reportText(lang, 'incidents'))}</h2>`);
  const nothing = nothingCheckedLines(report, lang);
  if (nothing) body.push(`<p class="nothing">${esc(nothing[0]!)}</p>`, '<ul>', ...nothing.slice(1).map((l) => `<li>${esc(l)}</li>`), '</ul>');
  else if (report.incidents.length === 0) body.push(`<p class="none">${esc(noFindingsLine(report, lang))}</p>`);
  for (const i of report.incidents) body.push(...incident(report, i, lang));
  body.push('</section>');

  body.push(...matrix(report, lang));
  body.push(...waiverTable(report, lang));
  body.push(...hostTable(report, lang));
  body.push('</main>');

  return [
    '<!DOCTYPE html>',
    `<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing is fetched: no scripts, images, fonts or stylesheets from anywhere.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${esc(`${title}: ${report.hosts.map((h) => h.name).slice(0, 6).join(', ')}${report.hosts.length > 6 ? ', …' : ''}`)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function badge(s: Status, lang: Lang): string {
  return `<span class="badge ${s}">${esc(statusLabel(s, lang))}</span>`;
}

function incident(report: Report, i: ReportIncident, lang: Lang): string[] {
  const out: string[] = [`<article class="incident ${i.status}" id="incident-${i.id}" data-kind="${esc(i.kind)}">`];
  const num = `<span class="num">#${i.id}</span>`;
  if (i.kind === 'host-unreachable' || i.kind === 'host-stuck') {
    out.push(`<h3>${badge(i.status, lang)}${num}${esc(i.hosts[0]!)}: ${esc(i.title)}</h3>`, `<p class="summary">${esc(i.summary)}</p>`, '</article>');
    return out;
  }
  const where = i.hosts.length === 1 ? `${esc(i.hosts[0]!)}: ` : '';
  out.push(`<h3>${badge(i.status, lang)}${num}${where}${esc(i.title)} <code>${esc(i.check ?? '')}</code> <span class="section">${esc(i.section ?? '')}</span></h3>`);
  const facts = incidentFacts(report, i, lang).map((f) => {
    // The hosts with their status as badges; every other fact as text.
    const value = f.kind === 'hosts'
      ? incidentHosts(i).map((h) => `<span class="${h.root ? 'root' : ''}">${esc(h.host)} ${badge(h.status, lang)}${h.root ? esc(lang === 'zh' ? `（${reportText(lang, 'rootCause')}）` : `(${reportText(lang, 'rootCause')})`) : ''}</span>`).join(' ')
      : esc(f.text);
    return `<dt>${esc(f.label)}</dt><dd class="${f.kind}">${value}</dd>`;
  });
  if (facts.length) out.push(`<dl class="facts">${facts.join('')}</dl>`);
  out.push(`<p class="summary">${esc(i.summary)}</p>`);
  if (i.evidence.length) {
    out.push('<details class="evidence">', `<summary>${esc(reportText(lang, 'evidenceCount', { count: i.evidence.length }))}</summary>`);
    for (const e of i.evidence) out.push(evidence(e));
    out.push('</details>');
  }
  if (i.recoverySteps.length) {
    out.push(`<h4>${esc(msg('recovery', lang))}</h4>`, '<ol class="steps">');
    for (const s of i.recoverySteps) {
      const [head, ...rest] = stepLines({ ...s, shown: false }, lang);
      const kindLabel = head!.slice(0, head!.indexOf(']') + 1);
      const text = head!.slice(kindLabel.length + 1);
      const li = [`<li class="${s.kind}"><span class="kind">${esc(kindLabel.replace(/^\[|\]$/g, ''))}</span><span class="text">${esc(text)}</span>`];
      if (s.shown && s.command) li.push(` <span class="shown">${esc(reportText(lang, 'shownAbove'))}</span>`);
      for (const l of rest) {
        if (l.startsWith('$ ')) {
          if (!s.shown) li.push(`<pre class="cmd"><code>${esc(l)}</code></pre>`);
        } else li.push(`<p class="caution">${esc(l)}</p>`);
      }
      li.push('</li>');
      out.push(li.join(''));
    }
    out.push('</ol>');
  }
  out.push('</article>');
  return out;
}

function evidence(e: ReportEvidence): string {
  const note = e.note ? ` <span class="note"># ${esc(e.note)}</span>` : '';
  return `<figure><figcaption><code>${esc(`${e.host}$ ${e.command}`)}</code>${note}</figcaption>${e.excerpt ? `<pre>${esc(e.excerpt)}</pre>` : ''}</figure>`;
}

function matrix(report: Report, lang: Lang): string[] {
  const columns = matrixColumns(report);
  if (columns.length === 0) return [];
  const out = ['<section id="matrix">'];
  const statuses = ['fail', 'warn', 'unknown', 'error', 'ok', 'skipped'] as const;
  if (report.hosts.length > MATRIX_MAX_HOSTS) {
    out.push(`<h2>${esc(reportText(lang, 'perCheck', { hosts: report.hosts.length }))}</h2>`, '<table class="counts">');
    out.push(`<thead><tr><th>${esc(reportText(lang, 'check'))}</th>${statuses.map((s) => `<th>${esc(statusLabel(s, lang))}</th>`).join('')}</tr></thead><tbody>`);
    for (const k of columns) out.push(`<tr><th><code>${esc(k.check)}</code></th>${statuses.map((s) => `<td>${k.counts[s]}</td>`).join('')}</tr>`);
    out.push('</tbody></table>', '</section>');
    return out;
  }
  // A cell links to the incident its finding belongs to.
  const incidentOf = new Map<string, number>();
  for (const i of report.incidents) for (const m of i.results) incidentOf.set(`${m.host}\u0000${m.check}`, i.id);
  out.push(`<h2>${esc(reportText(lang, 'matrix'))}</h2>`, '<table class="matrix">');
  out.push(`<thead><tr><th>${esc(reportText(lang, 'host'))}</th>${columns.map((k) => `<th class="check" scope="col">${esc(k.check)}</th>`).join('')}</tr></thead>`, '<tbody>');
  for (const h of report.hosts) {
    const cells = columns.map((k) => {
      const s = k.byHost.get(h.name);
      if (s === undefined) return '<td></td>';
      const id = incidentOf.get(`${h.name}\u0000${k.check}`);
      const label = `${h.name} ${k.check}: ${statusLabel(s, lang)}`;
      const cell = id === undefined ? esc(MATRIX_CELL[s]) : `<a href="#incident-${id}">${esc(MATRIX_CELL[s])}</a>`;
      return `<td class="${s}" title="${esc(label)}">${cell}</td>`;
    });
    out.push(`<tr><th scope="row">${esc(h.name)}</th>${cells.join('')}</tr>`);
  }
  out.push('</tbody></table>', `<p class="legend">${esc(matrixLegend(report, lang))}</p>`, '</section>');
  return out;
}

function okAndSkipped(mine: readonly Report['results'][number][], lang: Lang): string[] {
  const ok = mine.filter((r) => r.status === 'ok').map((r) => r.check);
  const skipped = mine.filter((r) => r.status === 'skipped');
  return [
    ...(ok.length ? [esc(reportText(lang, 'okChecks', { count: ok.length, checks: ok.join(', ') }))] : []),
    ...(skipped.length ? [`<span class="muted">${esc(skippedSummary(skipped, lang))}</span>`] : []),
  ];
}

/** Results a waiver touched: waived ones (with the status they had) and those whose waiver expired. */
function waiverTable(report: Report, lang: Lang): string[] {
  const rows = waiverResults(report);
  if (rows.length === 0) return [];
  const out = ['<section id="waivers">', `<h2>${esc(reportText(lang, 'waivers'))}</h2>`, '<table class="waivers">'];
  out.push(`<thead><tr><th>${esc(reportText(lang, 'host'))}</th><th>${esc(reportText(lang, 'check'))}</th><th>${esc(reportText(lang, 'status'))}</th><th></th></tr></thead>`, '<tbody>');
  for (const r of rows) {
    out.push(`<tr><th scope="row">${esc(r.host)}</th><td><code>${esc(r.check)}</code></td><td>${badge(r.status, lang)}</td><td>${esc(waiverLine(r, lang)!)}</td></tr>`);
  }
  out.push('</tbody></table>', '</section>');
  return out;
}

function hostTable(report: Report, lang: Lang): string[] {
  const out = ['<section id="hosts">', `<h2>${esc(reportText(lang, 'perHost'))}</h2>`, '<table class="hosts">'];
  out.push(`<thead><tr><th>${esc(reportText(lang, 'host'))}</th><th>${esc(reportText(lang, 'address'))}</th><th>${esc(reportText(lang, 'roles'))}</th><th>${esc(reportText(lang, 'status'))}</th></tr></thead>`, '<tbody>');
  for (const h of report.hosts) {
    const mine = report.results.filter((r) => r.host === h.name);
    const roles = h.roles.length ? h.roles.join('+') : msg('roleUndetected', lang);
    const status = h.error
      ? `${badge('error', lang)}${esc(`${msg(h.problem === 'stuck' ? 'hostStuck' : 'hostUnreachable', lang)}: ${h.error}`)}`
      : [
          ...(['fail', 'warn', 'unknown', 'error', 'waived'] as const).flatMap((s) => {
            const n = mine.filter((r) => r.status === s).length;
            return n ? [`${badge(s, lang)}${n}`] : [];
          }),
          ...okAndSkipped(mine, lang),
        ].join(' ');
    out.push(`<tr><th scope="row">${esc(h.name)}</th><td>${esc(h.address)}</td><td>${esc(roles)}</td><td>${status}</td></tr>`);
  }
  out.push('</tbody></table>', '</section>');
  return out;
}
