/**
 * JUnit XML for CI: one testcase per host × check. fail → <failure>,
 * error and unknown → <error> (the check could not decide), skipped →
 * <skipped> (waived too, with the waiver's reason); warn passes but carries its summary in <system-out> and a
 * status property, so a warning is visible without breaking a build.
 */
import type { Report, ReportResult } from './model.js';
import { waiverLine } from './view.js';

function esc(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function details(r: ReportResult): string {
  const ev = r.evidence.map((e) => `${e.host}$ ${e.command}\n${e.excerpt}`).join('\n\n');
  const rec = r.recovery.map((s, i) => `${i + 1}. ${s}`).join('\n');
  return [r.summary, ev, rec].filter(Boolean).join('\n\n');
}

function testcase(r: ReportResult): string {
  const open = `    <testcase classname="usdiag.${esc(r.host)}" name="${esc(`${r.check} (${r.section})`)}" time="${(r.durationMs / 1000).toFixed(3)}">`;
  const waived = r.waivedStatus ? `<property name="waivedStatus" value="${r.waivedStatus}"/>` : '';
  const expired = r.waiver?.expired ? `<property name="waiverExpired" value="${esc(`${r.waiver.expires ?? ''}: ${r.waiver.reason}`)}"/>` : '';
  const props = `      <properties><property name="status" value="${r.status}"/>${waived}${expired}</properties>`;
  let body = '';
  switch (r.status) {
    case 'fail':
      body = `      <failure type="fail" message="${esc(r.summary)}">${esc(details(r))}</failure>`;
      break;
    case 'error':
    case 'unknown':
      body = `      <error type="${r.status}" message="${esc(r.summary)}">${esc(details(r))}</error>`;
      break;
    case 'skipped':
      body = `      <skipped message="${esc(r.summary)}"/>`;
      break;
    case 'waived':
      // Accepted by a waiver: skipped, with the waiver's reason and the status it had.
      body = `      <skipped message="${esc(`${waiverLine(r, 'en')}: ${r.summary}`)}"/>`;
      break;
    case 'warn':
      body = `      <system-out>${esc(`WARN: ${details(r)}`)}</system-out>`;
      break;
    default:
      body = '';
  }
  return [open, props, body, '    </testcase>'].filter(Boolean).join('\n');
}

export function renderJunit(report: Report): string {
  const suites = report.hosts.map((h) => {
    const cases = report.results.filter((r) => r.host === h.name);
    const count = (pred: (r: ReportResult) => boolean) => cases.filter(pred).length;
    const time = cases.reduce((t, r) => t + r.durationMs, 0) / 1000;
    return [
      `  <testsuite name="${esc(h.name)}" hostname="${esc(h.address)}" tests="${cases.length}" failures="${count((r) => r.status === 'fail')}" errors="${count((r) => r.status === 'error' || r.status === 'unknown')}" skipped="${count((r) => r.status === 'skipped' || r.status === 'waived')}" time="${time.toFixed(3)}" timestamp="${report.startedAt.replace(/Z$/, '')}">`,
      ...cases.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  const c = report.counts;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="usdiag" tests="${report.results.length}" failures="${c.fail}" errors="${c.error + c.unknown}" skipped="${c.skipped + c.waived}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
