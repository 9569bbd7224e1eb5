/**
 * `debugfs.ocfs2 -R "fs_locks [-B] [-l]" DEV`: the OCFS2 cluster locks this
 * node knows about. With -B only records flagged Busy are printed, so empty
 * output means "no busy lock" (guide 3.5.3 step 3).
 *
 * Record layout (ocfs2-tools dump_fs_locks.c), one blank line between records
 * (lost in copies such as the guide's, so a `Lockres:` line also starts a record):
 *
 *   Lockres: <name>  Mode: <level>
 *   Flags: <words>
 *   RO Holders: <n>  EX Holders: <n>
 *   Pending Action: <a>  Pending Unlock Action: <u>
 *   Requested Mode: <level>  Blocking Mode: <level>
 *   PR > Gets: <n>  Fails: <n>    Waits Total: <n>us  Max: <n>us  Avg: <n>ns[  Last: <n>us]   (proto >= 2)
 *   EX > ...
 *   Disk Refreshes: <n>[  First Wait: <n>us]                                                  (Last/First Wait: proto 4)
 *
 * Older tools print `Waits (usec) Total: <n> Max: <n>` (the guide's sample).
 * Keyed on the labels, so single-spaced copies parse too.
 */
import { issue, lineSpan, type ParseIssue, type Parsed, type Span } from './types.js';
import { endsMidLine } from './storage-common.js';
import {
  walkLockres,
  lockTypeOf,
  parseLockFlags,
  parseLockLevel,
  type DebugfsNoticeFields,
  type Ocfs2LockFlag,
  type Ocfs2LockLevel,
  type Ocfs2LockType,
} from './ocfs2-debugfs.js';

/** One `PR >` / `EX >` / `CW >` statistics line. */
export interface LockWaitStats {
  readonly gets: number;
  readonly fails: number;
  readonly waitTotalUs: number;
  readonly waitMaxUs: number;
  /** Not printed by old tools. */
  readonly waitAvgNs?: number;
  /** Locking-state protocol 4 only. */
  readonly lastWaitUs?: number;
}

export interface FsLock {
  /** Lock resource name, e.g. `M000000000000000000000000020737820a41`. */
  readonly name: string;
  readonly lockType: Ocfs2LockType;
  /** Level this node holds. */
  readonly mode: Ocfs2LockLevel;
  readonly flags: Ocfs2LockFlag[];
  readonly busy: boolean;
  readonly roHolders?: number;
  readonly exHolders?: number;
  /** `None`, `Attach`, `Convert`, `Downconvert`, `Unknown`. */
  readonly pendingAction?: string;
  /** `None`, `Cancel Convert`, `Drop Lock`, `Unknown`. */
  readonly pendingUnlockAction?: string;
  /** Level being asked for (with Busy: what this node waits for). */
  readonly requestedMode?: Ocfs2LockLevel;
  /** Level another node asked this node to drop to. */
  readonly blockingMode?: Ocfs2LockLevel;
  readonly pr?: LockWaitStats;
  readonly ex?: LockWaitStats;
  readonly cw?: LockWaitStats;
  readonly diskRefreshes?: number;
  /** Protocol 4: how long the first waiter has been waiting. */
  readonly firstWaitUs?: number;
  /** `-l`: the lock value block as hex bytes. */
  readonly rawLvb?: string;
  /** The Lockres line. */
  readonly line: number;
  /** The whole record, for evidence. */
  readonly span: Span;
}

export interface FsLocks extends DebugfsNoticeFields {
  readonly locks: FsLock[];
}

type MutableLock = { -readonly [K in keyof FsLock]: FsLock[K] };

const STATS =
  /^(PR|EX|CW) > Gets:\s*(\d+)\s+Fails:\s*(\d+)\s+Waits(?:\s*\(usec\))?\s+Total:\s*(\d+)(?:us)?\s+Max:\s*(\d+)(?:us)?(?:\s+Avg:\s*(\d+)(?:ns)?)?(?:\s+Last:\s*(\d+)(?:us)?)?\s*$/;

export function parseFsLocks(input: string): Parsed<FsLocks> {
  const issues: ParseIssue[] = [];
  let lvb: 'none' | 'raw' | 'decoded' = 'none';
  let sawStats = false;
  let previous: MutableLock | undefined;
  const finish = (lock: MutableLock | undefined, n: number) => {
    if (lock && lock.requestedMode === undefined) issues.push(issue(n, lock.name, 'lock record cut short'));
  };

  const { records: locks, notices } = walkLockres<MutableLock>(input, {
    start(text, n, raw) {
      const m = /^Lockres:\s*(\S+)\s+Mode:\s*(.+)$/.exec(text);
      if (!m) return undefined;
      finish(previous, n);
      lvb = 'none';
      previous = { name: m[1]!, lockType: lockTypeOf(m[1]!), mode: parseLockLevel(m[2]!, n, raw, issues), flags: [], busy: false, line: n, span: lineSpan(n) };
      return previous;
    },
    blank() {
      lvb = 'none';
    },
    line(current, text, raw, n) {
      // `-l` prints the LVB as tab-indented continuation rows: hex bytes, then decoded fields.
      if (lvb !== 'none' && /^\s/.test(raw)) {
        if (lvb === 'raw' && /^(?:[0-9a-f]{2}\s*)+$/i.test(text)) current.rawLvb = `${current.rawLvb ?? ''} ${text}`.trim();
        return;
      }
      lvb = 'none';
      let m: RegExpExecArray | null;
      if ((m = /^Flags:(.*)$/.exec(text))) {
        current.flags = parseLockFlags(m[1]!, n, raw, issues);
        current.busy = current.flags.includes('Busy');
      } else if ((m = /^RO Holders:\s*(\d+)\s+EX Holders:\s*(\d+)$/.exec(text))) {
        current.roHolders = Number(m[1]);
        current.exHolders = Number(m[2]);
      } else if ((m = /^Pending Action:\s*(.*?)(?<!\s)\s+Pending Unlock Action:\s*(.*)$/.exec(text))) {
        current.pendingAction = m[1]!;
        current.pendingUnlockAction = m[2]!;
      } else if ((m = /^Requested Mode:\s*(.*?)(?<!\s)\s+Blocking Mode:\s*(.*)$/.exec(text))) {
        // (?<!\s) in both: the second label is looked for only where a run of spaces begins (else quadratic over long runs).
        current.requestedMode = parseLockLevel(m[1]!, n, raw, issues);
        current.blockingMode = parseLockLevel(m[2]!, n, raw, issues);
      } else if ((m = STATS.exec(text))) {
        sawStats = true;
        const stats: LockWaitStats = {
          gets: Number(m[2]),
          fails: Number(m[3]),
          waitTotalUs: Number(m[4]),
          waitMaxUs: Number(m[5]),
          ...(m[6] !== undefined ? { waitAvgNs: Number(m[6]) } : {}),
          ...(m[7] !== undefined ? { lastWaitUs: Number(m[7]) } : {}),
        };
        if (m[1] === 'PR') current.pr = stats;
        else if (m[1] === 'EX') current.ex = stats;
        else current.cw = stats;
      } else if ((m = /^Disk Refreshes:\s*(\d+)(?:\s+First Wait:\s*(\d+)(?:us)?)?$/.exec(text))) {
        current.diskRefreshes = Number(m[1]);
        if (m[2] !== undefined) current.firstWaitUs = Number(m[2]);
      } else if ((m = /^Raw LVB:\s*(.*)$/.exec(text))) {
        current.rawLvb = m[1]!.trim();
        lvb = 'raw';
      } else if (/^Decoded LVB:/.test(text)) {
        lvb = 'decoded';
      } else {
        issues.push(issue(n, raw, 'unknown fs_locks line'));
      }
    },
  }, issues);

  const last = locks.at(-1);
  const lastCut =
    last !== undefined && (last.requestedMode === undefined || (sawStats && last.diskRefreshes === undefined));
  const incomplete = endsMidLine(input) || lastCut;
  return {
    value: { locks, ...notices },
    issues,
    ...(incomplete ? { incomplete } : {}),
  };
}

/** Records flagged Busy (a lock request or convert in flight on this node). */
export function busyLocks(value: FsLocks): FsLock[] {
  return value.locks.filter((l) => l.busy);
}
