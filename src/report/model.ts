/**
 * The report as the contract defines it (JSON), rendered in one language,
 * with the run's incidents next to its results. Text, Markdown, HTML and
 * JUnit are made from this same model, so they never disagree.
 */
import type { Lang } from '../i18n/text.js';
import type { RunOutcome } from '../engine/runner.js';
import type { CheckId } from '../kb/catalog.js';
import type { KbEntry } from '../kb/types.js';
import { redact } from '../redact/redact.js';
import { plainValues, renderMsg, renderValue } from '../i18n/message.js';
import { engineMsg } from '../engine/messages.js';
import { localizeStep, type ReportStep, stepLine } from '../kb/render-steps.js';

export type { ReportStep };
import { countStatuses } from './status.js';
import { buildIncidents, type ReportIncident } from './incidents.js';
import type { WaiverMatcher } from './waivers.js';

export type { ReportIncident };
import type { Status } from '../engine/types.js';
import type { ReportEvidence, ReportHost, ReportResult } from './types.js';

export type { ReportEvidence, ReportHost, ReportResult };

export interface Report {
  tool: 'usdiag';
  version: string;
  lang: Lang;
  startedAt: string;
  finishedAt: string;
  interrupted: boolean;
  hosts: ReportHost[];
  counts: Record<Status, number>;
  /** The faults of the run, worst first: verdicts of several hosts about one fault are one incident. */
  incidents: ReportIncident[];
  results: ReportResult[];
}

export function buildReport(
  outcome: RunOutcome,
  opts: { lang: Lang; version: string; kb: (id: CheckId) => KbEntry | undefined; waivers?: WaiverMatcher | undefined },
): Report {
  const { lang } = opts;
  const addresses = new Map(outcome.hosts.map((h) => [h.name, h.address]));
  const results = outcome.results.map((r): ReportResult => {
    const steps = r.recovery.map((x) => localizeStep(x, lang));
    const waiver = opts.waivers?.match(r.check, { name: r.host, address: addresses.get(r.host) }, r.status);
    const waived = waiver !== undefined && !waiver.expired;
    return {
      host: r.host,
      check: r.check,
      section: r.section,
      title: opts.kb(r.check)?.title[lang] ?? r.check,
      status: waived ? 'waived' : r.status,
      ...(waived ? { waivedStatus: r.status } : {}),
      ...(waiver ? { waiver } : {}),
      ...(r.skipReason ? { skipReason: r.skipReason } : {}),
      summary: redact(renderMsg(r.message, lang)),
      message: { scope: r.message.scope, id: r.message.id, values: redactValues(plainValues(r.message, lang)) },
      evidence: r.evidence.map((e) => ({
        host: e.host,
        command: redact(e.command),
        excerpt: redact([e.excerpt.replace(/\s+$/, ''), e.timedOutAfterSec !== undefined ? renderMsg(engineMsg('timedOutAfter', { seconds: e.timedOutAfterSec }), lang) : ''].filter(Boolean).join('\n')),
        ...(e.note !== undefined ? { note: redact(renderValue(e.note, lang)) } : {}),
      })),
      recovery: steps.map((s) => stepLine(s, lang)),
      recoverySteps: steps,
      durationMs: r.durationMs,
      ...(r.data !== undefined ? { data: r.data } : {}),
    };
  });
  const hosts = outcome.hosts.map((h): ReportHost => ({
    name: h.name,
    address: h.address,
    roles: [...h.roles],
    roleSource: h.roleSource,
    ...(h.error ? { error: redact(h.errorDetail !== undefined ? renderValue(h.errorDetail, lang) : h.error) } : {}),
    ...(h.problem ? { problem: h.problem } : {}),
    durationMs: h.durationMs,
  }));
  return {
    tool: 'usdiag',
    version: opts.version,
    lang,
    startedAt: outcome.startedAt,
    finishedAt: outcome.finishedAt,
    interrupted: outcome.interrupted,
    hosts,
    counts: countStatuses(results.map((r) => r.status)),
    incidents: buildIncidents(outcome.results, results, hosts, lang),
    results,
  };
}

function redactValues(values: Record<string, string | number>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? redact(v) : v]));
}
