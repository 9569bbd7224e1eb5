/**
 * `top -b -n N` (procps): summary lines, then a header row and one row per
 * task, mapped by the header's names (`PID USER PR NI VIRT RES SHR S %CPU
 * %MEM TIME+ COMMAND`; the columns differ by version and toprc). COMMAND is
 * the last column and may hold spaces (with -c, the command line). A second
 * iteration starts with a new summary: the rows of the last one are kept.
 * %CPU goes above 100 on multi-core hosts.
 */
import { issue, lines, type Parsed, type ParseIssue } from './types.js';

export interface TopTask {
  readonly line: number;
  readonly pid: number;
  readonly user?: string;
  readonly state?: string;
  readonly cpu?: number;
  readonly mem?: number;
  readonly command: string;
}

export interface TopOutput {
  readonly headerLine?: number;
  readonly tasks: readonly TopTask[];
}

function num(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = s.replace(',', '.');
  return /^\d+(?:\.\d+)?$/.test(t) ? Number(t) : undefined;
}

export function parseTop(input: string): Parsed<TopOutput> {
  let tasks: TopTask[] = [];
  const issues: ParseIssue[] = [];
  let header: string[] | undefined;
  let headerLine: number | undefined;
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    if (/^top - /.test(text)) {
      // A new iteration: its rows replace the previous one's.
      header = undefined;
      tasks = [];
      return;
    }
    const words = text.split(/\s+/);
    if (words[0] === 'PID' && words.includes('COMMAND')) {
      header = words;
      headerLine = i + 1;
      return;
    }
    if (!header) return; // summary lines (Tasks:, %Cpu(s):, MiB Mem :...)
    const commandAt = header.indexOf('COMMAND');
    const pid = words[header.indexOf('PID')];
    if (pid === undefined || !/^\d+$/.test(pid) || words.length <= commandAt) {
      issues.push(issue(i + 1, raw, 'not a top task row'));
      return;
    }
    const col = (name: string) => {
      const k = header!.indexOf(name);
      return k >= 0 && k < commandAt ? words[k] : undefined;
    };
    const user = col('USER');
    const state = col('S');
    const cpu = num(col('%CPU'));
    const mem = num(col('%MEM'));
    tasks.push({
      line: i + 1,
      pid: Number(pid),
      ...(user !== undefined ? { user } : {}),
      ...(state !== undefined ? { state } : {}),
      ...(cpu !== undefined ? { cpu } : {}),
      ...(mem !== undefined ? { mem } : {}),
      command: words.slice(commandAt).join(' '),
    });
  });
  return { value: { ...(headerLine !== undefined ? { headerLine } : {}), tasks }, issues };
}

export const parsers = {
  'top-bn1': parseTop,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
