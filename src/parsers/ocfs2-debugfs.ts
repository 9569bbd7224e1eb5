/**
 * What debugfs.ocfs2 prints around lock records: the level, lock-type and flag
 * vocabulary of ocfs2-tools (dump_fs_locks.c, ocfs2_lockid.h) and the
 * messages it prints instead of records, shared by fs_locks and dlm_locks.
 */
import { issue, lines, type ParseIssue, type Span } from './types.js';

export type Ocfs2LockLevel =
  | 'Invalid'
  | 'No Lock'
  | 'Concurrent Read'
  | 'Concurrent Write'
  | 'Protected Read'
  | 'Protected Write'
  | 'Exclusive'
  | 'Unknown';

/** From the first character of the lock name (ocfs2_lockid.h). */
export type Ocfs2LockType =
  | 'meta'
  | 'data'
  | 'super'
  | 'rename'
  | 'rw'
  | 'dentry'
  | 'open'
  | 'flock'
  | 'quota'
  | 'nfs-sync'
  | 'orphan-scan'
  | 'refcount'
  | 'unknown';

const LOCK_TYPES: Record<string, Ocfs2LockType> = {
  M: 'meta',
  D: 'data',
  S: 'super',
  R: 'rename',
  W: 'rw',
  N: 'dentry',
  O: 'open',
  F: 'flock',
  Q: 'quota',
  Y: 'nfs-sync',
  P: 'orphan-scan',
  T: 'refcount',
};

const LEVELS: readonly Ocfs2LockLevel[] = [
  'Invalid',
  'No Lock',
  'Concurrent Read',
  'Concurrent Write',
  'Protected Read',
  'Protected Write',
  'Exclusive',
  'Unknown',
];

/** Printed in this order by the tools; `Needs Refresh` is one flag of two words. */
export const OCFS2_LOCK_FLAGS = [
  'Initialized',
  'Attached',
  'Busy',
  'Blocked',
  'Local',
  'Needs Refresh',
  'Refreshing',
  'Freeing',
  'Queued',
] as const;

export type Ocfs2LockFlag = (typeof OCFS2_LOCK_FLAGS)[number];

/** From the first character of a lock name; `unknown` for anything else. */
export function lockTypeOf(name: string): Ocfs2LockType {
  return LOCK_TYPES[name[0] ?? ''] ?? 'unknown';
}

export interface DebugfsUnavailable {
  readonly reason: 'debugfs-not-mounted' | 'fs-not-mounted' | 'cannot-open';
  readonly message: string;
}

export type DebugfsNotice =
  | { readonly kind: 'proto'; readonly found: number; readonly supported: number }
  | { readonly kind: 'unavailable'; readonly unavailable: DebugfsUnavailable }
  | { readonly kind: 'continuation' };

/**
 * Messages debugfs.ocfs2 prints instead of lock records (fs_locks and dlm_locks):
 * protocol newer than the tools, debugfs not mounted, volume not mounted here,
 * device that cannot be opened.
 */
export function debugfsNotice(text: string): DebugfsNotice | undefined {
  const proto = /^(?:Debug|Lockres|Lock) string proto (\d+) found, but (\d+) is the highest I understand/.exec(text);
  if (proto) return { kind: 'proto', found: Number(proto[1]), supported: Number(proto[2]) };
  if (/^Could not locate debugfs file system/.test(text)) {
    return { kind: 'unavailable', unavailable: { reason: 'debugfs-not-mounted', message: text } };
  }
  if (/^Could not open debug state for /.test(text)) {
    return { kind: 'unavailable', unavailable: { reason: 'fs-not-mounted', message: text } };
  }
  if (/^Could not open file at /.test(text) || /^debugfs\.ocfs2:/.test(text)) {
    return { kind: 'unavailable', unavailable: { reason: 'cannot-open', message: text } };
  }
  if (/^Perhaps (?:that OCFS2 file system|it) is not mounted\?$/.test(text)) return { kind: 'continuation' };
  return undefined;
}

export function parseLockLevel(s: string, n: number, raw: string, issues: ParseIssue[]): Ocfs2LockLevel {
  const t = s.trim() as Ocfs2LockLevel;
  if (LEVELS.includes(t)) return t;
  issues.push(issue(n, raw, `unknown lock level "${s.trim()}"`));
  return 'Unknown';
}

export function parseLockFlags(s: string, n: number, raw: string, issues: ParseIssue[]): Ocfs2LockFlag[] {
  const out: Ocfs2LockFlag[] = [];
  let rest = s.trim();
  while (rest !== '') {
    const flag = OCFS2_LOCK_FLAGS.find((f) => rest === f || rest.startsWith(`${f} `));
    if (!flag) {
      const word = rest.split(/\s+/, 1)[0]!;
      issues.push(issue(n, raw, `unknown lock flag "${word}"`));
      rest = rest.slice(word.length).trim();
      continue;
    }
    out.push(flag);
    rest = rest.slice(flag.length).trim();
  }
  return out;
}

export interface DebugfsNoticeFields {
  /**
   * `Debug string proto N found, but M is the highest I understand.`: the
   * ocfs2-tools are older than the kernel's lock-state format; nothing after
   * this point was printed, so "no busy lock" cannot be concluded.
   */
  readonly protoMismatch?: { readonly found: number; readonly supported: number };
  /** The lock state could not be read at all. */
  readonly unavailable?: DebugfsUnavailable;
}

/** Collects the notices of one output; `take` tells whether a line was one. */
export function debugfsNoticeCollector(): { take(text: string): boolean; fields(): DebugfsNoticeFields } {
  let protoMismatch: DebugfsNoticeFields['protoMismatch'];
  let unavailable: DebugfsUnavailable | undefined;
  return {
    take(text) {
      const notice = debugfsNotice(text);
      if (notice?.kind === 'proto') protoMismatch = { found: notice.found, supported: notice.supported };
      else if (notice?.kind === 'unavailable') unavailable = notice.unavailable;
      return notice !== undefined;
    },
    fields: () => ({ ...(protoMismatch ? { protoMismatch } : {}), ...(unavailable ? { unavailable } : {}) }),
  };
}

/** A record of a debugfs lock dump, as the walker keeps it. */
export interface LockresRecord {
  readonly line: number;
  span: Span;
}

export interface LockresWalk<R extends LockresRecord> {
  /** A new record when `text` is its `Lockres:` line, else undefined. */
  start(text: string, n: number, raw: string): R | undefined;
  /** A line of the current record (trimmed `text`, `raw` as printed). */
  line(record: R, text: string, raw: string, n: number): void;
  /** A blank line inside the current record. */
  blank?(record: R): void;
}

/**
 * The one walk of both debugfs lock dumps (`fs_locks`, `dlm_locks`): a
 * `Lockres:` line starts a record (a blank line is not needed: the guide's
 * copies lost them), tool notices are taken anywhere, lines before the first
 * record are issues, and each record's span grows with the lines it takes.
 */
export function walkLockres<R extends LockresRecord>(input: string, walk: LockresWalk<R>, issues: ParseIssue[]): { records: R[]; notices: DebugfsNoticeFields } {
  const records: R[] = [];
  const notices = debugfsNoticeCollector();
  let current: R | undefined;
  lines(input).forEach((raw, i) => {
    const n = i + 1;
    const text = raw.trim();
    if (text === '') {
      if (current) walk.blank?.(current);
      return;
    }
    const started = walk.start(text, n, raw);
    if (started) {
      current = started;
      records.push(started);
      return;
    }
    if (notices.take(text)) return;
    if (!current) {
      issues.push(issue(n, raw, 'outside a Lockres record'));
      return;
    }
    current.span = { first: current.line, last: n };
    walk.line(current, text, raw, n);
  });
  return { records, notices: notices.fields() };
}
