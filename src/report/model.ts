/**
 * The report as the contract defines it (JSON), rendered in one language.
 * Text and JUnit output are made from this same model, so the three never
 * disagree.
 */
import type { Lang } from '../i18n/text.js';
import type { RunOutcome } from '../engine/runner.js';
import type { CheckId } from '../kb/catalog.js';
import type { KbEntry } from '../kb/types.js';
import { maskSecrets } from '../redact/secrets.js';
import { localizeStep, type ReportStep, stepLine } from './steps.js';

export type { ReportStep };
import { countStatuses } from './status.js';
import type { SkipReason, Status } from '../engine/types.js';

export interface ReportEvidence {
  host: string;
  command: string;
  excerpt: string;
  note?: string;
}


export interface ReportResult {
  host: string;
  check: string;
  section: string;
  title: string;
  status: Status;
  skipReason?: SkipReason;
  summary: string;
  evidence: ReportEvidence[];
  /** Ordered steps as single lines (the contract's field). */
  recovery: string[];
  /** The same steps with their kind, command and warning. */
  recoverySteps: ReportStep[];
  durationMs: number;
  data?: unknown;
}

export interface ReportHost {
  name: string;
  address: string;
  roles: string[];
  roleSource: string;
  error?: string;
  durationMs: number;
}

export interface Report {
  tool: 'usdiag';
  version: string;
  lang: Lang;
  startedAt: string;
  finishedAt: string;
  interrupted: boolean;
  hosts: ReportHost[];
  counts: Record<Status, number>;
  results: ReportResult[];
}

export function buildReport(
  outcome: RunOutcome,
  opts: { lang: Lang; version: string; kb: (id: CheckId) => KbEntry | undefined },
): Report {
  const { lang } = opts;
  const results = outcome.results.map((r): ReportResult => {
    const steps = r.recovery.map((x) => localizeStep(x, lang));
    return {
      host: r.host,
      check: r.check,
      section: r.section,
      title: opts.kb(r.check)?.title[lang] ?? r.check,
      status: r.status,
      ...(r.skipReason ? { skipReason: r.skipReason } : {}),
      summary: maskSecrets(r.summary[lang]),
      evidence: r.evidence.map((e) => ({
        host: e.host,
        command: e.command,
        excerpt: maskSecrets(e.excerpt),
        ...(e.note ? { note: maskSecrets(e.note[lang]) } : {}),
      })),
      recovery: steps.map((s) => stepLine(s, lang)),
      recoverySteps: steps,
      durationMs: r.durationMs,
      ...(r.data !== undefined ? { data: r.data } : {}),
    };
  });
  return {
    tool: 'usdiag',
    version: opts.version,
    lang,
    startedAt: outcome.startedAt,
    finishedAt: outcome.finishedAt,
    interrupted: outcome.interrupted,
    hosts: outcome.hosts.map((h) => ({
      name: h.name,
      address: h.address,
      roles: [...h.roles],
      roleSource: h.roleSource,
      ...(h.error ? { error: maskSecrets(h.error) } : {}),
      durationMs: h.durationMs,
    })),
    counts: countStatuses(results.map((r) => r.status)),
    results,
  };
}
