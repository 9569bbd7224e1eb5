/**
 * A host's CPU and memory as the VM start checks read them (guide 3.4.3,
 * 3.4.9): the aggregate `cpu` line of /proc/stat (two samples give the busy
 * share), /proc/meminfo, the CPU model from `lscpu` (English or localised
 * labels, old flat and new indented layouts) or /proc/cpuinfo, and libvirt's
 * start thresholds /etc/cvk/cpu_mem_threshold.conf (`CpuUsePercent 85
 * MemSysReserved 4`, on one line or one key per line, `=` or `:` tolerated).
 * Every value keeps the line it was read from (evidence). One pass, linear.
 */
import { issue, lines, lineSpan, type ParseIssue, type Parsed, type Span } from './types.js';

/** Jiffies of the aggregate `cpu` line (user nice system idle iowait irq softirq steal ...). */
export interface ProcStatCpu {
  /** Every field but idle and iowait (guest time is already inside user). */
  readonly busy: number;
  /** idle + iowait. */
  readonly idle: number;
  readonly span: Span;
}

export interface ProcStat {
  readonly cpu?: ProcStatCpu;
  /** Per-CPU lines seen (cpu0, cpu1, ...). */
  readonly cpus: number;
}

const num = (s: string): number | undefined => (/^\d+$/.test(s) ? Number(s) : undefined);

export function parseProcStat(input: string): Parsed<ProcStat> {
  const issues: ParseIssue[] = [];
  let cpu: ProcStatCpu | undefined;
  let cpus = 0;
  lines(input).forEach((raw, i) => {
    const words = raw.trim().split(/\s+/);
    const name = words[0] ?? '';
    if (!name.startsWith('cpu')) return;
    if (name !== 'cpu') {
      if (/^cpu\d+$/.test(name)) cpus++;
      return;
    }
    const values = words.slice(1, 11).map(num);
    if (values.length < 4 || values.some((v) => v === undefined)) {
      issues.push(issue(i + 1, raw, 'expected "cpu USER NICE SYSTEM IDLE [IOWAIT ...]"'));
      return;
    }
    const v = values as number[];
    // guest and guest_nice (fields 9 and 10) are counted in user and nice already.
    const counted = v.slice(0, 8);
    const idle = v[3]! + (v[4] ?? 0);
    const total = counted.reduce((a, b) => a + b, 0);
    if (cpu === undefined) cpu = { busy: total - idle, idle, span: lineSpan(i + 1) };
  });
  if (cpu === undefined && input.trim() !== '') issues.push(issue(1, lines(input)[0] ?? '', 'no aggregate "cpu" line'));
  return { value: cpu ? { cpu, cpus } : { cpus }, issues };
}

/** Busy share of the CPU between two samples, in percent; undefined when no time passed. */
export function cpuBusyPercent(first: ProcStatCpu, second: ProcStatCpu): number | undefined {
  const busy = second.busy - first.busy;
  const total = busy + (second.idle - first.idle);
  if (!(total > 0) || busy < 0) return undefined;
  return (busy / total) * 100;
}

export interface MeminfoValue {
  readonly kib: number;
  readonly span: Span;
}

/** /proc/meminfo by key (kB values, which are KiB); HugePages_* counts are kept as numbers too. */
export type Meminfo = Readonly<Record<string, MeminfoValue>>;

export function parseMeminfo(input: string): Parsed<Meminfo> {
  const value: Record<string, MeminfoValue> = {};
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const colon = text.indexOf(':');
    const key = colon > 0 ? text.slice(0, colon).trim() : '';
    const rest = colon > 0 ? text.slice(colon + 1).trim().split(/\s+/) : [];
    const n = num(rest[0] ?? '');
    if (!/^[\w()]+$/.test(key) || n === undefined || (rest[1] !== undefined && rest[1].toLowerCase() !== 'kb') || rest.length > 2) {
      issues.push(issue(i + 1, raw, 'expected "Key: VALUE [kB]"'));
      return;
    }
    if (!(key in value)) value[key] = { kib: n, span: lineSpan(i + 1) };
  });
  return { value, issues };
}

export interface CpuModel {
  /** `Hygon C86 7280 32-core Processor`. */
  readonly model?: string;
  /** `HygonGenuine`, `GenuineIntel`, `AuthenticAMD`. */
  readonly vendor?: string;
  /** `KVM` when the "host" is itself a VM. */
  readonly hypervisor?: string;
  readonly spans: { readonly model?: Span; readonly vendor?: Span };
}

/** lscpu labels in C and zh_CN locales, and /proc/cpuinfo's keys. */
const MODEL_KEYS = new Set(['model name', '型号名称']);
const VENDOR_KEYS = new Set(['vendor id', 'vendor_id', '厂商 id']);
const HYPERVISOR_KEYS = new Set(['hypervisor vendor', '超管理器厂商']);

export function parseCpuModel(input: string): Parsed<CpuModel> {
  const found: { model?: string; vendor?: string; hypervisor?: string } = {};
  const spans: { model?: Span; vendor?: Span } = {};
  lines(input).forEach((raw, i) => {
    // ASCII colon (lscpu C locale, cpuinfo) or the full-width one of localised lscpu.
    // By index, not a regex: a lazy key before optional spaces retried the rest of a line of spaces.
    const ascii = raw.indexOf(':');
    const wide = raw.indexOf('：');
    const at = ascii < 0 ? wide : wide < 0 ? ascii : Math.min(ascii, wide);
    if (at <= 0) return;
    const key = raw.slice(0, at).trim().toLowerCase();
    if (key === '' || key.length > 40) return;
    const val = raw.slice(at + 1).trim();
    if (val === '') return;
    if (MODEL_KEYS.has(key) && found.model === undefined) {
      found.model = val;
      spans.model = lineSpan(i + 1);
    } else if (VENDOR_KEYS.has(key) && found.vendor === undefined) {
      found.vendor = val;
      spans.vendor = lineSpan(i + 1);
    } else if (HYPERVISOR_KEYS.has(key) && found.hypervisor === undefined) found.hypervisor = val;
  });
  const issues = found.model === undefined && input.trim() !== '' ? [issue(1, lines(input)[0] ?? '', 'no "Model name" line')] : [];
  return { value: { ...found, spans }, issues };
}

export interface ThresholdValue {
  readonly value: number;
  readonly span: Span;
}

/** /etc/cvk/cpu_mem_threshold.conf: libvirt's start limits, by key (CpuUsePercent, MemSysReserved, others kept). */
export type CpuMemThreshold = Readonly<Record<string, ThresholdValue>>;

export function parseCpuMemThreshold(input: string): Parsed<CpuMemThreshold> {
  const value: Record<string, ThresholdValue> = {};
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const text = raw.replace(/#.*$/, '').trim();
    if (text === '') return;
    // `Key value` pairs, any number per line; `Key=value` and `Key: value` read the same.
    const words = text.split(/[\s=:]+/).filter((w) => w !== '');
    for (let k = 0; k < words.length; k += 2) {
      const key = words[k]!;
      const n = words[k + 1] !== undefined && /^\d+(?:\.\d+)?$/.test(words[k + 1]!) ? Number(words[k + 1]) : undefined;
      if (!/^[A-Za-z_]\w*$/.test(key) || n === undefined) {
        issues.push(issue(i + 1, raw, 'expected "Key VALUE" pairs'));
        return;
      }
      if (!(key in value)) value[key] = { value: n, span: lineSpan(i + 1) };
    }
  });
  return { value, issues };
}

export const parsers = {
  'proc-stat': parseProcStat,
  'proc-meminfo': parseMeminfo,
  lscpu: parseCpuModel,
  'cpu-mem-threshold': parseCpuMemThreshold,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
