/**
 * `stat -c '%A %u %U %g %G %s %n' -- PATH...` (STAT_OWNER_FORMAT): mode,
 * owner and group by number and name (`UNKNOWN` when the number has no
 * name), size and path of each path that exists; missing paths are
 * reported on stderr and leave no line. The format is usdiag's own: it
 * reads metadata only, never content (the rabbitmq cookie is inspected this
 * way, its secret never read). Paths keep any spaces (last field).
 */
import { issue, lines, lineSpan, type ParseIssue, type Parsed, type Span, tokens, toInt } from './types.js';

export const STAT_OWNER_FORMAT = '%A %u %U %g %G %s %n';

export interface StatOwner {
  /** `drwxr-x---`, `-r--------`. */
  readonly mode: string;
  readonly type: 'file' | 'dir' | 'link' | 'other';
  /** Permission bits as octal digits (`400`, `750`). */
  readonly perms: string;
  readonly uid: number;
  readonly user: string;
  readonly gid: number;
  readonly group: string;
  readonly size: number;
  readonly path: string;
  readonly span: Span;
}

function octal(mode: string): string {
  const bit = (c: string, on: string) => (on.includes(c) ? 1 : 0);
  const digit = (s: string) => String(bit(s[0]!, 'r') * 4 + bit(s[1]!, 'w') * 2 + bit(s[2]!, 'xst'));
  return `${digit(mode.slice(1, 4))}${digit(mode.slice(4, 7))}${digit(mode.slice(7, 10))}`;
}

export function parseStatOwners(input: string): Parsed<StatOwner[]> {
  const value: StatOwner[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const t = tokens(text);
    const [mode, uid, user, gid, group, size] = t.slice(0, 6).map((x) => x.text);
    const uidN = toInt(uid);
    const gidN = toInt(gid);
    const sizeN = toInt(size);
    if (t.length < 7 || !/^[-bcdlps][-rwxsStT]{9}$/.test(mode ?? '') || uidN === undefined || gidN === undefined || sizeN === undefined) {
      issues.push(issue(i + 1, raw, `expected "${STAT_OWNER_FORMAT}"`));
      return;
    }
    const type = mode!.startsWith('d') ? 'dir' : mode!.startsWith('-') ? 'file' : mode!.startsWith('l') ? 'link' : 'other';
    value.push({ mode: mode!, type, perms: octal(mode!), uid: uidN, user: user!, gid: gidN, group: group!, size: sizeN, path: text.slice(t[6]!.start), span: lineSpan(i + 1) });
  });
  return { value, issues };
}

export const parsers = {
  'stat-owner': parseStatOwners,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
