/**
 * `df -P`, `df -h`, `df -PT`, `df -al` and their zh_CN headers. Columns are
 * found by header name (Use% or Capacity, 1K-blocks or 1024-blocks or Size...),
 * rows split on whitespace with the mount point as the rest of the line.
 * Plain `df` wraps a long device name onto its own line; that is rejoined.
 * `df` on a hung OCFS2 mount never returns (guide 3.5.3 step 1): error lines
 * such as `df: '/vms/x': Transport endpoint is not connected` are kept apart.
 */
import { fields, issue, lines, parseSize, toInt, type ParseIssue, type Parsed } from './types.js';
import { endsMidLine } from './storage-common.js';

export interface DfEntry {
  readonly filesystem: string;
  /** `-T` only. */
  readonly type?: string;
  /** Undefined for `-` (pseudo filesystems). */
  readonly sizeBytes?: number;
  readonly usedBytes?: number;
  readonly availBytes?: number;
  readonly usePercent?: number;
  readonly mountPoint: string;
  readonly line: number;
}

export interface DfError {
  /** Path df named, quotes removed. */
  readonly path?: string;
  readonly message: string;
  readonly line: number;
}

export interface Df {
  readonly entries: DfEntry[];
  readonly errors: DfError[];
}

type Column = 'filesystem' | 'type' | 'size' | 'used' | 'avail' | 'usePercent' | 'mountPoint';

const HEADER_NAMES: Array<[RegExp, Column]> = [
  [/^(?:Filesystem|文件系统)$/, 'filesystem'],
  [/^(?:Type|类型)$/, 'type'],
  [/^(?:\d+[KMG]?-(?:blocks|块)|Size|容量|大小)$/, 'size'],
  [/^(?:Used|已用)$/, 'used'],
  [/^(?:Avail|Available|可用)$/, 'avail'],
  [/^(?:Use%|Capacity|已用%)$/, 'usePercent'],
  [/^(?:Mounted on|挂载点)$/, 'mountPoint'],
];

interface Layout {
  readonly columns: Column[];
  /** Bytes per block for `N-blocks` columns; undefined for human-readable sizes. */
  readonly blockSize?: number;
}

function parseHeader(text: string): Layout | undefined {
  const tokens = fields(text.replace(/Mounted on/, 'Mounted_on')).map((t) => t.replace('Mounted_on', 'Mounted on'));
  const columns: Column[] = [];
  for (const t of tokens) {
    const hit = HEADER_NAMES.find(([re]) => re.test(t));
    if (!hit) return undefined;
    columns.push(hit[1]);
  }
  if (columns[0] !== 'filesystem' || columns.at(-1) !== 'mountPoint') return undefined;
  const blocks = /^(\d+)([KMG]?)-/.exec(tokens[columns.indexOf('size')] ?? '');
  const unit = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[blocks?.[2] ?? ''] ?? 1;
  return { columns, ...(blocks ? { blockSize: Number(blocks[1]) * unit } : {}) };
}

const DF_ERROR = /^df: (?:cannot access )?(?:['‘"](.+?)['’"]|(\S+?)): (.+)$/;

export function parseDf(input: string): Parsed<Df> {
  const entries: DfEntry[] = [];
  const errors: DfError[] = [];
  const issues: ParseIssue[] = [];
  let layout: Layout | undefined;
  let pending: { text: string; line: number } | undefined;

  lines(input).forEach((raw, i) => {
    const n = i + 1;
    const text = raw.trimEnd();
    if (text.trim() === '') return;
    const err = DF_ERROR.exec(text);
    if (err) {
      const path = err[1] ?? err[2];
      errors.push({ ...(path !== undefined ? { path } : {}), message: err[3]!, line: n });
      return;
    }
    if (!layout) {
      layout = parseHeader(text);
      if (!layout) issues.push(issue(n, raw, 'not a df header'));
      return;
    }
    const joined = pending ? `${pending.text} ${text.trim()}` : text;
    const line = pending?.line ?? n;
    pending = undefined;
    const f = fields(joined, layout.columns.length);
    if (f.length < layout.columns.length) {
      // a long device name printed alone on its line; the numbers follow on the next one
      if (f.length === 1) pending = { text: joined, line };
      else issues.push(issue(n, raw, `expected ${layout.columns.length} columns`));
      return;
    }
    const entry = toEntry(f, layout, line);
    if (entry) entries.push(entry);
    else issues.push(issue(n, raw, 'unreadable df numbers'));
  });

  const incomplete = endsMidLine(input) || pending !== undefined;
  return { value: { entries, errors }, issues, ...(incomplete ? { incomplete } : {}) };
}

function toEntry(f: string[], layout: Layout, line: number): DfEntry | undefined {
  const get = (c: Column) => {
    const i = layout.columns.indexOf(c);
    return i < 0 ? undefined : f[i];
  };
  let ok = true;
  const bytes = (s: string | undefined): number | undefined => {
    if (s === undefined || s === '-') return undefined;
    const v = layout.blockSize !== undefined ? mul(toInt(s), layout.blockSize) : parseSize(s);
    if (v === undefined) ok = false;
    return v;
  };
  const pct = (s: string | undefined): number | undefined => {
    if (s === undefined || s === '-') return undefined;
    const m = /^(\d+)%$/.exec(s);
    if (!m) ok = false;
    return m ? Number(m[1]) : undefined;
  };
  const type = get('type');
  const sizeBytes = bytes(get('size'));
  const usedBytes = bytes(get('used'));
  const availBytes = bytes(get('avail'));
  const usePercent = pct(get('usePercent'));
  if (!ok) return undefined;
  return {
    filesystem: get('filesystem')!,
    ...(type !== undefined ? { type } : {}),
    ...(sizeBytes !== undefined ? { sizeBytes } : {}),
    ...(usedBytes !== undefined ? { usedBytes } : {}),
    ...(availBytes !== undefined ? { availBytes } : {}),
    ...(usePercent !== undefined ? { usePercent } : {}),
    mountPoint: get('mountPoint')!,
    line,
  };
}

function mul(v: number | undefined, by: number): number | undefined {
  return v === undefined ? undefined : v * by;
}

export const parsers = {
  df: parseDf,
  'df-h': parseDf,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
