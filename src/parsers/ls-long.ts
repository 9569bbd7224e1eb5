/**
 * Long listings (`ls -l`, `ls -ln`, `ls -la`) with owners, for the checks
 * that judge ownership (guide 3.8.2: everything under the MySQL data and log
 * directories belongs to `mysql`):
 *
 *   -rw-rw---- 1 mysql mysql 16K May 23 10:06 aria_log.00000001
 *   drwx------. 2 107 113 4096 8月  4 01:40 vservice
 *
 * Mode with an SELinux/ACL marker (`.`, `+`, `@`), owner and group as names
 * or numbers (`-n`), a size or `major, minor`, a date of three words (C and
 * zh_CN locales, time or year), the name (spaces kept; `-F` suffixes and
 * `-> target` of links split off). `total N` / `总用量 N` lines are skipped.
 * Also `id USER`: `uid=107(mysql) gid=113(mysql) groups=113(mysql)`.
 */
import { issue, lines, lineSpan, type ParseIssue, type Parsed, type Span, tokens } from './types.js';

export interface LsLongEntry {
  /** `-rw-rw----`, `drwx------` (marker removed). */
  readonly mode: string;
  readonly type: 'file' | 'dir' | 'link' | 'other';
  /** Name or number, as printed. */
  readonly owner: string;
  readonly group: string;
  readonly name: string;
  readonly target?: string;
  readonly span: Span;
}

const MODE = /^[-bcdlpsD][-rwxsStTl]{9}[.+@]?$/;

export function parseLsListing(input: string): Parsed<LsLongEntry[]> {
  const value: LsLongEntry[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const text = raw.trimEnd();
    if (text.trim() === '' || /^(?:total|总用量)\s+\S+$/.test(text.trim())) return;
    // `ls -l DIR1 DIR2` prints `DIR:` headers
    if (/^\S.*:$/.test(text) && !MODE.test(text.split(/\s/, 1)[0]!)) return;
    const t = tokens(text);
    if (t.length < 8 || !MODE.test(t[0]!.text) || !/^\d+$/.test(t[1]!.text)) {
      issues.push(issue(i + 1, raw, 'not an ls -l line'));
      return;
    }
    // size, or `major, minor` of a device
    const sizeAt = 4;
    const dateAt = t[sizeAt]!.text.endsWith(',') ? sizeAt + 2 : sizeAt + 1;
    const nameAt = dateAt + 3;
    if (t.length <= nameAt) {
      issues.push(issue(i + 1, raw, 'ls -l line without a name'));
      return;
    }
    const mode = t[0]!.text.replace(/[.+@]$/, '');
    let name = text.slice(t[nameAt]!.start);
    let target: string | undefined;
    if (mode.startsWith('l')) {
      const arrow = name.indexOf(' -> ');
      if (arrow >= 0) {
        target = name.slice(arrow + 4);
        name = name.slice(0, arrow);
      }
    }
    if (mode.startsWith('d') && name.endsWith('/') && name.length > 1) name = name.slice(0, -1);
    const type = mode.startsWith('d') ? 'dir' : mode.startsWith('-') ? 'file' : mode.startsWith('l') ? 'link' : 'other';
    value.push({ mode, type, owner: t[2]!.text, group: t[3]!.text, name, ...(target !== undefined ? { target } : {}), span: lineSpan(i + 1) });
  });
  return { value, issues };
}

export interface IdUser {
  readonly uid: number;
  readonly user?: string;
  readonly gid: number;
  readonly group?: string;
}

/** `id USER`: `uid=107(mysql) gid=113(mysql) groups=113(mysql)`. */
export function parseIdUser(input: string): Parsed<IdUser | undefined> {
  const text = input.trim().split('\n', 1)[0] ?? '';
  const m = /^uid=(\d+)(?:\(([^)]*)\))? gid=(\d+)(?:\(([^)]*)\))?/.exec(text);
  if (!m) return { value: undefined, issues: text ? [issue(1, text, 'not the output of id')] : [] };
  return {
    value: { uid: Number(m[1]), ...(m[2] !== undefined ? { user: m[2] } : {}), gid: Number(m[3]), ...(m[4] !== undefined ? { group: m[4] } : {}) },
    issues: [],
  };
}

export const parsers = {
  'ls-l': parseLsListing,
  'ls-l-var-lib-mysql': parseLsListing,
  'id-user': parseIdUser,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
