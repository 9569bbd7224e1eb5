/**
 * `stat -c '%Y %s %n' FILE...`: modification time (epoch seconds), size in
 * bytes and name of each file that exists. Missing files are reported on
 * stderr (`stat: cannot stat[x] 'F': No such file or directory`) and leave no
 * line here, so the value lists exactly the files present. The format is
 * usdiag's own choice; names keep any spaces (last field).
 */
import { fields, issue, lines, toInt, type ParseIssue, type Parsed } from './types.js';
import { endsMidLine } from './storage-common.js';

export interface StatFile {
  readonly path: string;
  readonly mtime: Date;
  readonly sizeBytes: number;
}

export function parseStatFiles(input: string): Parsed<StatFile[]> {
  const value: StatFile[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const [epoch, size, path] = fields(raw, 3);
    const seconds = toInt(epoch);
    const bytes = toInt(size);
    if (seconds === undefined || bytes === undefined || path === undefined) {
      issues.push(issue(i + 1, raw, 'expected "EPOCH SIZE NAME"'));
      return;
    }
    value.push({ path, mtime: new Date(seconds * 1000), sizeBytes: bytes });
  });
  return { value, issues, ...(endsMidLine(input) ? { incomplete: true } : {}) };
}

export const parsers = {
  'stat-mtime-size': parseStatFiles,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
