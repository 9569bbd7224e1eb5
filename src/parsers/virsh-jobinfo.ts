/**
 * `virsh domjobinfo DOM [--completed]`: `Label:<pad>value[<pad>unit]` lines.
 * Keys become camelCase with the unit converted and named in a suffix:
 * `Time elapsed: 294154 ms` → timeElapsedMs, `Data remaining: 26.287 GiB` →
 * dataRemainingBytes, `Memory bandwidth: 101.960 MiB/s` → memoryBandwidthBytesPerS,
 * `Dirty rate: 31340 pages/s` → dirtyRatePagesPerS. Text values stay strings.
 */
import { fields, issue, lines, parseSize, type Parsed, type ParseIssue } from './types.js';

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

export function parseDomjobinfo(input: string): Parsed<DomJobInfo> {
  const info: Record<string, string | number> = {};
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
    if (converted) info[key + converted[0]] = converted[1];
    else info[key] = rest;
  });
  return { value: info, issues };
}
