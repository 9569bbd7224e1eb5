/**
 * `debugfs.ocfs2 -R "dlm_locks [LOCKRES...]" DEV`: the o2dlm view of lock
 * resources. Only the master node (`Owner:`) sees every node's request; run on
 * the owner it shows who holds the lock (Granted) and who waits (Converting,
 * Blocked) - guide 3.5.3 steps b/c.
 *
 * Layout (ocfs2-tools dump_dlm_locks.c):
 *
 *   Lockres: <name>  Owner: <n>  State: 0x<hex> <words>
 *   Last Used: <n>  ASTs Reserved: <n>  Inflight: <n>  Migration Pending: Yes|No
 *   Refs: <n>  Locks: <n>  On Lists: <words>|None
 *   Reference Map: <node numbers>
 *   [Raw LVB: ...]
 *    Lock-Queue  Node  Level  Conv  Cookie  Refs  AST  BAST  Pending-Action
 *    Granted     7     EX     -1    7:1446  2     No   No    None
 *
 * The guide's copies are OCR'd: rows may lack the trailing columns.
 */
import { fields, issue, lineSpan, toInt, type ParseIssue, type Parsed, type Span } from './types.js';
import { endsMidLine } from './storage-common.js';
import { type DebugfsNoticeFields, walkLockres } from './ocfs2-debugfs.js';

export type DlmLevel = 'NL' | 'CR' | 'CW' | 'PR' | 'PW' | 'EX';
export type DlmQueue = 'Granted' | 'Converting' | 'Blocked';

export interface DlmLockEntry {
  readonly queue: DlmQueue;
  /** Node number (map to a host with cluster.conf `number =`). */
  readonly node: number;
  /** Granted level; for Blocked entries the level asked for. */
  readonly level?: DlmLevel;
  /** Level a Converting entry asks for; undefined when printed as -1. */
  readonly conv?: DlmLevel;
  /** `node:sequence`. */
  readonly cookie?: string;
  readonly refs?: number;
  readonly ast?: boolean;
  readonly bast?: boolean;
  /** `Ast Bast Convert Lock Cancel Unlock`; empty for `None`. */
  readonly pendingAction?: string[];
  readonly line: number;
}

export interface DlmLockRes {
  readonly name: string;
  /** Master node number. */
  readonly owner?: number;
  /** As printed, e.g. `0x0`. */
  readonly state?: string;
  /** `Recovering`, `Dirty`, `Migrating`, ... (empty when healthy). */
  readonly stateFlags: string[];
  readonly lastUsed?: number;
  readonly astsReserved?: number;
  readonly inflight?: number;
  readonly migrationPending?: boolean;
  readonly refs?: number;
  readonly locks?: number;
  /** `Purge`, `Dirty`, `Recovering`; empty for `None`. */
  readonly onLists: string[];
  /** Nodes holding a reference on this lock resource. */
  readonly referenceMap: number[];
  readonly rawLvb?: string;
  readonly queue: DlmLockEntry[];
  /** The Lockres line. */
  readonly line: number;
  /** The whole record. */
  readonly span: Span;
  /** The header lines (Lockres to Reference Map / LVB), before the queue rows. */
  readonly headerSpan: Span;
}

export interface DlmLocks extends DebugfsNoticeFields {
  readonly resources: DlmLockRes[];
}

type MutableRes = { -readonly [K in keyof DlmLockRes]: DlmLockRes[K] };

const NUMERIC_LEVELS: Record<string, DlmLevel> = { '0': 'NL', '1': 'CR', '2': 'CW', '3': 'PR', '4': 'PW', '5': 'EX' };
const QUEUES: readonly DlmQueue[] = ['Granted', 'Converting', 'Blocked'];

export function parseDlmLocks(input: string): Parsed<DlmLocks> {
  const issues: ParseIssue[] = [];
  let inLvb = false;
  const { records: resources, notices } = walkLockres<MutableRes>(input, {
    start(text, n) {
      const m = /^Lockres:\s*(\S+)\s+Owner:\s*(-?\d+)(?:\s+State:\s*(0x[0-9a-fA-F]+)\s*(.*))?$/.exec(text);
      if (!m) return undefined;
      inLvb = false;
      return {
        name: m[1]!,
        owner: Number(m[2]),
        ...(m[3] !== undefined ? { state: m[3] } : {}),
        stateFlags: words(m[4]),
        onLists: [],
        referenceMap: [],
        queue: [],
        line: n,
        span: lineSpan(n),
        headerSpan: lineSpan(n),
      };
    },
    line(res, text, raw, n) {
      if (inLvb && /^\s/.test(raw) && /^(?:[0-9a-f]{2}\s*)+$/i.test(text)) {
        res.rawLvb = `${res.rawLvb ?? ''} ${text}`.trim();
        res.headerSpan = res.span;
        return;
      }
      inLvb = false;
      let m: RegExpExecArray | null;
      if ((m = /^Last Used:\s*(\d+)(?:\s+ASTs Reserved:\s*(\d+))?(?:\s+Inflight:\s*(\d+))?(?:\s+Migration Pending:\s*(Yes|No))?/.exec(text))) {
        res.lastUsed = Number(m[1]);
        if (m[2] !== undefined) res.astsReserved = Number(m[2]);
        if (m[3] !== undefined) res.inflight = Number(m[3]);
        if (m[4] !== undefined) res.migrationPending = m[4] === 'Yes';
        res.headerSpan = res.span;
      } else if ((m = /^Refs:\s*(\d+)(?:\s+Locks:\s*(\d+))?(?:\s+On Lists:\s*(.*))?$/.exec(text))) {
        res.refs = Number(m[1]);
        if (m[2] !== undefined) res.locks = Number(m[2]);
        res.onLists = words(m[3]).filter((w) => w !== 'None');
        res.headerSpan = res.span;
      } else if ((m = /^Reference Map:(.*)$/.exec(text))) {
        res.referenceMap = referenceMap(m[1]!, n, raw, issues);
        res.headerSpan = res.span;
      } else if ((m = /^Raw LVB:\s*(.*)$/.exec(text))) {
        res.rawLvb = m[1]!.trim();
        inLvb = true;
        res.headerSpan = res.span;
      } else if (/^Lock-Queue\b/.test(text)) {
        // column header
      } else {
        const entry = parseQueueRow(text, n, raw, issues);
        if (entry) res.queue.push(entry);
        else issues.push(issue(n, raw, 'unknown dlm_locks line'));
      }
    },
  }, issues);

  const incomplete = endsMidLine(input);
  return {
    value: { resources, ...notices },
    issues,
    ...(incomplete ? { incomplete } : {}),
  };
}

function words(s: string | undefined): string[] {
  return s === undefined ? [] : s.split(/\s+/).filter(Boolean);
}

function referenceMap(s: string, n: number, raw: string, issues: ParseIssue[]): number[] {
  const out: number[] = [];
  for (const w of s.split(/[\s,]+/).filter(Boolean)) {
    const v = toInt(w);
    if (v === undefined) issues.push(issue(n, raw, `not a node number: "${w}"`));
    else out.push(v);
  }
  return out;
}

function dlmLevel(s: string | undefined): DlmLevel | undefined {
  if (s === undefined) return undefined;
  if (s === 'NL' || s === 'CR' || s === 'CW' || s === 'PR' || s === 'PW' || s === 'EX') return s;
  return NUMERIC_LEVELS[s];
}

function parseQueueRow(text: string, n: number, raw: string, issues: ParseIssue[]): DlmLockEntry | undefined {
  const f = fields(text, 9);
  const queue = QUEUES.find((q) => q === f[0]);
  const node = toInt(f[1]);
  if (!queue || node === undefined) return undefined;
  const level = dlmLevel(f[2]);
  if (f[2] !== undefined && level === undefined) issues.push(issue(n, raw, `unknown lock level "${f[2]}"`));
  const conv = f[3] === '-1' ? undefined : dlmLevel(f[3]);
  const refs = toInt(f[5]);
  const yesNo = (s: string | undefined) => (s === 'Yes' ? true : s === 'No' ? false : undefined);
  const ast = yesNo(f[6]);
  const bast = yesNo(f[7]);
  return {
    queue,
    node,
    ...(level !== undefined ? { level } : {}),
    ...(conv !== undefined ? { conv } : {}),
    ...(f[4] !== undefined ? { cookie: f[4] } : {}),
    ...(refs !== undefined ? { refs } : {}),
    ...(ast !== undefined ? { ast } : {}),
    ...(bast !== undefined ? { bast } : {}),
    ...(f[8] !== undefined ? { pendingAction: words(f[8]).filter((w) => w !== 'None') } : {}),
    line: n,
  };
}

/** Classic VMS/o2dlm compatibility: which held level lets which requested level through. */
const COMPATIBLE: Record<DlmLevel, readonly DlmLevel[]> = {
  NL: ['NL', 'CR', 'CW', 'PR', 'PW', 'EX'],
  CR: ['NL', 'CR', 'CW', 'PR', 'PW'],
  CW: ['NL', 'CR', 'CW'],
  PR: ['NL', 'CR', 'PR'],
  PW: ['NL', 'CR'],
  EX: ['NL'],
};

export function levelsConflict(held: DlmLevel, requested: DlmLevel): boolean {
  return !COMPATIBLE[held].includes(requested);
}

/** Level a waiting entry asks for: the target of a conversion, or the level of a blocked request. */
export function requestedLevel(e: DlmLockEntry): DlmLevel | undefined {
  return e.queue === 'Converting' ? e.conv : e.queue === 'Blocked' ? e.level : undefined;
}

export function waitingEntries(res: DlmLockRes): DlmLockEntry[] {
  return res.queue.filter((e) => e.queue !== 'Granted');
}

/**
 * Granted entries that keep somebody waiting: their level conflicts with a
 * Converting or Blocked request (EX conflicts with everything but NL, PR with EX...).
 * On the owner node this names the node to look at (guide 3.5.3 c).
 */
export function lockHolders(res: DlmLockRes): DlmLockEntry[] {
  const wanted = waitingEntries(res)
    .map(requestedLevel)
    .filter((l): l is DlmLevel => l !== undefined);
  return res.queue.filter(
    (e) => e.queue === 'Granted' && e.level !== undefined && wanted.some((w) => levelsConflict(e.level!, w)),
  );
}
