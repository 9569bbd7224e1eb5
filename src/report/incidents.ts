/**
 * Incidents: the faults of a run, not its host × check lines. Verdicts that
 * carry the same incident key (the pool two nodes wait on, held by a third)
 * are one incident; a verdict without one is an incident of its own, so
 * nothing is lost. A host that could not be reached or stopped answering is
 * one incident, not one error per check.
 *
 * Each incident has its culprit (from the verdict on it, the root cause),
 * the hosts it affects, the evidence once and one recovery: the procedure of
 * its most severe verdict, with the steps whose output the evidence already
 * shows marked `shown`.
 */
import type { CheckRecord } from '../engine/runner.js';
import type { Culprit, Status } from '../engine/types.js';
import { renderValue } from '../i18n/message.js';
import type { Lang } from '../i18n/text.js';
import type { ReportStep } from '../kb/render-steps.js';
import { redact } from '../redact/redact.js';
import type { ReportEvidence, ReportHost, ReportResult } from './types.js';
import { reportText } from './messages.js';
import { severity } from './status.js';

export type ReportCulprit = Culprit;

export interface IncidentMember {
  /** Index of the result in the report's `results`. */
  readonly index: number;
  readonly host: string;
  readonly check: string;
  readonly status: Status;
  readonly role: 'root' | 'affected';
}

export interface IncidentStep extends ReportStep {
  /** The evidence above already shows what this step's command prints. */
  readonly shown?: boolean;
}

export interface ReportIncident {
  /** 1, 2, ... in the order the report shows them (worst first). */
  readonly id: number;
  readonly key: string;
  /** `storage-lock`, `storage-deadlock`, a check id, `host-unreachable`, `host-stuck`. */
  readonly kind: string;
  readonly status: Status;
  /** The check that found it (absent for a host that could not be checked). */
  readonly check?: string;
  readonly section?: string;
  readonly title: string;
  /** The summary of its most severe verdict. */
  readonly summary: string;
  readonly culprit: ReportCulprit;
  /** Other culprits that would do (the other nodes of a deadlock). */
  readonly alternatives?: readonly ReportCulprit[];
  /** Why the culprit was chosen among the alternatives. */
  readonly reason?: string;
  /** Every host with a verdict in this incident, in inventory order. */
  readonly hosts: readonly string[];
  readonly results: readonly IncidentMember[];
  readonly evidence: readonly ReportEvidence[];
  readonly recoverySteps: readonly IncidentStep[];
}

const FINDING: ReadonlySet<Status> = new Set(['fail', 'warn', 'unknown', 'error']);

interface Group {
  key: string;
  members: { record: CheckRecord; result: ReportResult; index: number; role: 'root' | 'affected' }[];
}

export function buildIncidents(records: readonly CheckRecord[], results: readonly ReportResult[], hosts: readonly ReportHost[], lang: Lang): ReportIncident[] {
  const down = new Map(hosts.filter((h) => h.error).map((h) => [h.name, h]));
  const hostOrder = new Map(hosts.map((h, i) => [h.name, i]));
  const groups = new Map<string, Group>();
  const hostProblems: ReportIncident[] = [];

  for (const h of down.values()) {
    const members = results.flatMap((r, index): IncidentMember[] =>
      r.host === h.name && r.status === 'error' ? [{ index, host: r.host, check: r.check, status: r.status, role: 'root' }] : []);
    const stuck = h.problem === 'stuck';
    hostProblems.push({
      id: 0,
      key: `host:${h.name}`,
      kind: stuck ? 'host-stuck' : 'host-unreachable',
      status: 'error',
      title: reportText(lang, stuck ? 'incidentHostStuck' : 'incidentHostUnreachable'),
      summary: h.error!,
      culprit: { host: h.name },
      hosts: [h.name],
      results: members,
      evidence: [],
      recoverySteps: [],
    });
  }

  results.forEach((result, index) => {
    if (down.has(result.host) || !FINDING.has(result.status)) return;
    const record = records[index]!;
    const link = record.incident;
    const key = link?.key ?? `${result.host}/${result.check}`;
    const g = groups.get(key) ?? { key, members: [] };
    groups.set(key, g);
    g.members.push({ record, result, index, role: link?.role ?? 'root' });
  });

  const incidents = [...groups.values()].map((g) => incidentOf(g, hostOrder, lang));
  const ordered = [...incidents, ...hostProblems].sort((a, b) =>
    severity(a.status) - severity(b.status) ||
    b.hosts.length - a.hosts.length ||
    (a.results[0]?.index ?? Infinity) - (b.results[0]?.index ?? Infinity));
  return ordered.map((x, i) => ({ ...x, id: i + 1 }));
}

function incidentOf(g: Group, hostOrder: ReadonlyMap<string, number>, lang: Lang): ReportIncident {
  // The most severe verdict leads (its summary and its recovery); the root cause names the culprit.
  const lead = [...g.members].sort((a, b) => severity(a.result.status) - severity(b.result.status) || a.index - b.index)[0]!;
  const root = g.members.find((m) => m.role === 'root') ?? lead;
  const link = root.record.incident ?? lead.record.incident;
  const status = lead.result.status;
  const evidence = root === lead ? lead.result.evidence : mergeEvidence(lead.result.evidence, root.result.evidence);
  const shownCommands = new Set(evidence.map((e) => commandShape(e.command)));
  const recoverySteps = lead.result.recoverySteps.map((s, i): IncidentStep =>
    lead.record.recovery[i]?.shown || (s.command !== undefined && shownCommands.has(commandShape(s.command))) ? { ...s, shown: true } : s);
  const hosts = [...new Set(g.members.map((m) => m.result.host))].sort((a, b) => (hostOrder.get(a) ?? 0) - (hostOrder.get(b) ?? 0));
  return {
    id: 0,
    key: g.key,
    kind: link?.kind ?? lead.result.check,
    status,
    check: lead.result.check,
    section: lead.result.section,
    title: lead.result.title,
    summary: lead.result.summary,
    culprit: cleanCulprit(link?.culprit ?? { host: root.result.host }),
    ...(link?.alternatives?.length ? { alternatives: link.alternatives.map(cleanCulprit) } : {}),
    ...(link?.reason !== undefined ? { reason: redact(renderValue(link.reason, lang)) } : {}),
    hosts,
    results: [...g.members]
      .sort((a, b) => a.index - b.index)
      .map((m) => ({ index: m.index, host: m.result.host, check: m.result.check, status: m.result.status, role: m.role })),
    evidence,
    recoverySteps,
  };
}

/**
 * The lead's evidence as its check gave it, then what the root cause's
 * verdict read that the lead did not (the same command on the same host is
 * shown once).
 */
function mergeEvidence(lead: readonly ReportEvidence[], root: readonly ReportEvidence[]): ReportEvidence[] {
  const seen = new Set(lead.map((e) => `${e.host}\u0000${e.command}`));
  return [...lead, ...root.filter((e) => !seen.has(`${e.host}\u0000${e.command}`))];
}

/** A command line compared for "the report shows this already": quoting and spacing do not count. */
export function commandShape(command: string): string {
  return command.replace(/["']/g, '').replace(/\s+/g, ' ').trim();
}

function cleanCulprit(c: Culprit): ReportCulprit {
  const out: Record<string, string | number> = {};
  for (const k of ['host', 'process', 'pid', 'device', 'vm', 'pool'] as const) {
    const v = c[k];
    if (v !== undefined && v !== '') out[k] = typeof v === 'string' ? redact(v) : v;
  }
  return out as ReportCulprit;
}
