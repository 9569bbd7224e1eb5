/**
 * `virsh domjobinfo DOM [--completed]`: `Label:<pad>value[<pad>unit]` lines.
 * Keys become camelCase with the unit converted and named in a suffix:
 * `Time elapsed: 294154 ms` → timeElapsedMs, `Data remaining: 26.287 GiB` →
 * dataRemainingBytes, `Memory bandwidth: 101.960 MiB/s` → memoryBandwidthBytesPerS,
 * `Dirty rate: 31340 pages/s` → dirtyRatePagesPerS. Text values stay strings.
 */
import { fields, issue, lines, lineSpan, parseSize, type Parsed, type ParseIssue, type Span } from './types.js';

export interface DomJobInfo {
  /** `None` (no job), `Unbounded` (migration running), `Completed`, `Failed`... */
  readonly jobType?: string;
  /** `Outgoing migration`, `Incoming migration`, `Save`... (newer libvirt). */
  readonly operation?: string;
  readonly timeElapsedMs?: number;
  readonly dataRemainingBytes?: number;
  readonly memoryRemainingBytes?: number;
  readonly dirtyRatePagesPerS?: number;
  readonly iteration?: number;
  readonly [key: string]: string | number | undefined;
}

/** `Time elapsed w/o network` → `timeElapsedWONetwork`. */
function camelKey(label: string): string {
  const words = label.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
}

const SIZE_UNIT = /^(?:B|bytes|[KMGTP]iB)$/;

/** The key suffix and the value in that unit, or undefined for a unit this does not know. */
function convert(value: number, unit: string): [suffix: string, n: number] | undefined {
  if (unit === '') return ['', value];
  if (unit === 'ms') return ['Ms', value];
  if (unit === '%') return ['Percent', value];
  if (unit === 'pages/s') return ['PagesPerS', value];
  if (SIZE_UNIT.test(unit)) return ['Bytes', parseSize(`${value} ${unit === 'bytes' ? 'B' : unit}`)!];
  const rate = /^(.+)\/s$/.exec(unit);
  if (rate && SIZE_UNIT.test(rate[1]!)) return ['BytesPerS', parseSize(`${value} ${rate[1]}`)!];
  return undefined;
}

/** One `Label: value [unit]` line: its key (camelCase, unit suffix), value and line number. */
interface JobField {
  readonly key: string;
  readonly value: string | number;
  readonly line: number;
}

/** The lines of a domjobinfo output, each as a field; what is not one is an issue. Linear: no backtracking regex. */
function jobFields(input: string): { fields: JobField[]; issues: ParseIssue[] } {
  const out: JobField[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    // indexOf and trim, not /^\s*([^:]+?):\s*(.*?)\s*$/: that regex backtracks
    // quadratically over a run of spaces (seconds on one 200,000-character line).
    const colon = raw.indexOf(':');
    const label = colon < 0 ? '' : raw.slice(0, colon).trim();
    if (label === '') {
      if (raw.trim() !== '') issues.push(issue(i + 1, raw, 'not a domjobinfo line'));
      return;
    }
    const rest = raw.slice(colon + 1).trim();
    if (/^error$/i.test(label)) {
      issues.push(issue(i + 1, raw, 'virsh error'));
      return;
    }
    const key = camelKey(label);
    const [first = '', unit = ''] = fields(rest, 2);
    const converted = /^-?\d+(?:\.\d+)?$/.test(first) ? convert(Number(first), unit) : undefined;
    out.push(converted ? { key: key + converted[0], value: converted[1], line: i + 1 } : { key, value: rest, line: i + 1 });
  });
  return { fields: out, issues };
}

export function parseDomjobinfo(input: string): Parsed<DomJobInfo> {
  const info: Record<string, string | number> = {};
  const { fields: all, issues } = jobFields(input);
  for (const f of all) info[f.key] = f.value;
  return { value: info, issues };
}

/**
 * A job's progress as the migration checks compare it between two samples,
 * whatever the libvirt version prints: 0.7-era outputs have only "Data" and
 * "Memory" (and "File" for a disk copy) processed/remaining/total in bytes;
 * later ones add "Operation", "Memory bandwidth", "Dirty rate", "Page size",
 * "Iteration", "Expected downtime"... Sizes are bytes, rates bytes or pages
 * per second, times milliseconds. Every field keeps its line (`spans`).
 */
export interface MigrationJob {
  /** `None`, `Unbounded`, `Bounded`, `Completed`, `Failed`, `Cancelled`; undefined when the output has no "Job type" line. */
  readonly jobType?: string | undefined;
  /** A job is running (Unbounded or Bounded). */
  readonly active: boolean;
  /** `Outgoing migration`, `Incoming migration`, `Save`...: newer libvirt only. */
  readonly operation?: string | undefined;
  /** From the operation: `outgoing`, `incoming`, `other` (save, dump...); undefined when libvirt does not say. */
  readonly direction?: 'outgoing' | 'incoming' | 'other' | undefined;
  readonly elapsedMs?: number | undefined;
  readonly dataProcessed?: number | undefined;
  readonly dataRemaining?: number | undefined;
  readonly dataTotal?: number | undefined;
  readonly memoryProcessed?: number | undefined;
  readonly memoryRemaining?: number | undefined;
  readonly memoryTotal?: number | undefined;
  /** The disk copy of a migration without shared storage ("File ..."; "Disk ..." in some builds). */
  readonly fileProcessed?: number | undefined;
  readonly fileRemaining?: number | undefined;
  readonly fileTotal?: number | undefined;
  readonly memoryBandwidth?: number | undefined;
  readonly dirtyRatePages?: number | undefined;
  readonly pageSize?: number | undefined;
  readonly iteration?: number | undefined;
  /** Line of each field above that the output had, by the field's name. */
  readonly spans: Readonly<Record<string, Span>>;
  /** Every line read. */
  readonly span?: Span | undefined;
}

/** MigrationJob field ← domjobinfo key (as parseDomjobinfo names it). */
const JOB_KEYS: ReadonlyArray<readonly [keyof MigrationJob & string, readonly string[]]> = [
  ['elapsedMs', ['timeElapsedMs']],
  ['dataProcessed', ['dataProcessedBytes']],
  ['dataRemaining', ['dataRemainingBytes']],
  ['dataTotal', ['dataTotalBytes']],
  ['memoryProcessed', ['memoryProcessedBytes']],
  ['memoryRemaining', ['memoryRemainingBytes']],
  ['memoryTotal', ['memoryTotalBytes']],
  ['fileProcessed', ['fileProcessedBytes', 'diskProcessedBytes']],
  ['fileRemaining', ['fileRemainingBytes', 'diskRemainingBytes']],
  ['fileTotal', ['fileTotalBytes', 'diskTotalBytes']],
  ['memoryBandwidth', ['memoryBandwidthBytesPerS']],
  ['dirtyRatePages', ['dirtyRatePagesPerS']],
  ['pageSize', ['pageSizeBytes']],
  ['iteration', ['iteration']],
];

export function parseMigrationJob(input: string): Parsed<MigrationJob> {
  const { fields: all, issues } = jobFields(input);
  const byKey = new Map(all.map((f) => [f.key, f]));
  const out: Record<string, unknown> = {};
  const spans: Record<string, Span> = {};
  const text = (key: string, name: string) => {
    const f = byKey.get(key);
    if (f === undefined) return undefined;
    spans[name] = lineSpan(f.line);
    return String(f.value);
  };
  const jobType = text('jobType', 'jobType');
  const operation = text('operation', 'operation');
  for (const [name, keys] of JOB_KEYS) {
    const f = keys.map((k) => byKey.get(k)).find((x) => x !== undefined && typeof x.value === 'number');
    if (!f) continue;
    out[name] = f.value;
    spans[name] = lineSpan(f.line);
  }
  const direction = operation === undefined ? undefined
    : /incoming/i.test(operation) ? 'incoming' : /outgoing|migrat/i.test(operation) ? 'outgoing' : 'other';
  const span = all.length ? { first: all[0]!.line, last: all.at(-1)!.line } : undefined;
  return {
    value: { jobType, active: jobType !== undefined && /^(?:unbounded|bounded)$/i.test(jobType), operation, direction, ...out, spans, span } as MigrationJob,
    issues,
  };
}

export interface DomainState {
  /** `running`, `paused`, `shut off`, ... */
  readonly state: string;
  /** With --reason: `migration`, `migrated`, `user`, `ioerror`, `booted`... */
  readonly reason?: string | undefined;
  readonly line: number;
}

/** `virsh domstate [--reason] DOM`: `paused (migration)`. Undefined value when no state line is there. */
export function parseDomstate(input: string): Parsed<DomainState | undefined> {
  const issues: ParseIssue[] = [];
  let value: DomainState | undefined;
  lines(input).forEach((raw, i) => {
    const t = raw.trim();
    if (t === '') return;
    if (value !== undefined || /^error\b/i.test(t)) {
      issues.push(issue(i + 1, raw, /^error\b/i.test(t) ? 'virsh error' : 'not a domstate line'));
      return;
    }
    const open = t.indexOf('(');
    const close = t.lastIndexOf(')');
    if (open > 0 && close === t.length - 1) value = { state: t.slice(0, open).trim(), reason: t.slice(open + 1, close).trim(), line: i + 1 };
    else value = { state: t, line: i + 1 };
  });
  return { value, issues };
}
