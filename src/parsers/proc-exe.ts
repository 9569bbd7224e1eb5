/**
 * Where a process's program lives, from its /proc/PID/exe link (the link is
 * read, never what it points to):
 *
 *   readlink /proc/30345/exe      →  /tmp/Fws (deleted)
 *   ls -l /proc/30345/exe         →  lrwxrwxrwx. 1 root root 0 Mar 24 08:20 /proc/30345/exe -> /tmp/Fws (deleted)
 *
 * The kernel appends ` (deleted)` when the file was removed after the process
 * started it (the program runs from memory).
 */
import { issue, lines, type Parsed, type ParseIssue, toInt } from './types.js';

export interface ProcExe {
  readonly line: number;
  readonly pid?: number;
  readonly path: string;
  readonly deleted: boolean;
}

export interface ProcExes {
  readonly links: readonly ProcExe[];
}

const DELETED = ' (deleted)';

/** One link target: the path and whether the kernel marked it deleted. */
function target(text: string): { path: string; deleted: boolean } {
  return text.endsWith(DELETED) ? { path: text.slice(0, -DELETED.length), deleted: true } : { path: text, deleted: false };
}

/** `readlink /proc/PID/exe` (a path per line) or `ls -l /proc/PID/exe...` (`... /proc/PID/exe -> TARGET`). */
export function parseProcExe(input: string): Parsed<ProcExes> {
  const links: ProcExe[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const arrow = text.indexOf(' -> ');
    if (arrow >= 0) {
      const name = text.slice(0, arrow);
      const m = /\/proc\/(\d+)\/exe$/.exec(name);
      links.push({ line: i + 1, ...(m ? { pid: toInt(m[1])! } : {}), ...target(text.slice(arrow + 4)) });
    } else if (text.startsWith('/')) links.push({ line: i + 1, ...target(text) });
    else issues.push(issue(i + 1, raw, 'not a link target'));
  });
  return { value: { links }, issues };
}

/** Directories where a program run by the platform never lives: a program there was dropped by someone. */
export const SCRATCH_DIRS: readonly string[] = ['/tmp/', '/dev/shm/', '/var/tmp/'];

export function inScratchDir(path: string): boolean {
  return SCRATCH_DIRS.some((d) => path.startsWith(d));
}

export const parsers = {
  'proc-exe-link': parseProcExe,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
