/**
 * Kernel stacks: `cat /proc/PID/stack` and the blocked-task dumps the hung
 * task detector (and SysRq-w) writes to the kernel log. A D-state task whose
 * stack goes through `__ocfs2_cluster_lock` waits for an OCFS2 DLM lock
 * another node holds (guide 3.5.3 d).
 *
 * Frame lines seen:
 *   __ocfs2_cluster_lock.isra.36+0x336/0x9e0 [ocfs2]      /proc/PID/stack, 4.x without addresses
 *   [<0>] __ocfs2_cluster_lock+0x3b5/0x820 [ocfs2]         /proc/PID/stack, addresses hidden
 *   [<ffffffffa04e5a36>] schedule+0x35/0x80                /proc/PID/stack and 3.x call traces
 *     ? ocfs2_control_cfu+0x50/0x50 [ocfs2_stack_user]     `?`: unreliable (stale) frame
 *     ? 0xffffffffc0e3e000                                   unreliable raw address
 */
import { issue, lines, type ParseIssue, type Parsed } from './types.js';
import { endsMidLine } from './storage-common.js';
import { parseSyslogLine, type SyslogOptions } from './syslog.js';

export interface StackFrame {
  /** Function (`__ocfs2_cluster_lock.isra.36`), or the address when only an address was printed. */
  readonly symbol: string;
  readonly offset?: number;
  readonly size?: number;
  /** Module in brackets (`ocfs2`); absent for built-in code. */
  readonly module?: string;
  /** `?` frames: found on the stack but maybe not part of the call chain. */
  readonly unreliable?: boolean;
  readonly address?: string;
}

const ADDRESS_PREFIX = /^\[<([0-9a-f]+)>\]\s*/;
const SYMBOL_FRAME = /^(\?\s+)?([\w.$]+)\+0x([0-9a-f]+)\/0x([0-9a-f]+)(?:\s+\[([\w-]+)\])?$/;
const ADDRESS_FRAME = /^(\?\s+)?(0x[0-9a-f]+)$/;

/** One frame line, or undefined when the line is not a frame. */
export function parseFrame(text: string): StackFrame | undefined {
  let s = text.trim();
  const addr = ADDRESS_PREFIX.exec(s);
  if (addr) s = s.slice(addr[0].length);
  const address = addr && addr[1] !== '0' ? { address: addr[1]! } : {};
  const sym = SYMBOL_FRAME.exec(s);
  if (sym) {
    return {
      symbol: sym[2]!,
      offset: parseInt(sym[3]!, 16),
      size: parseInt(sym[4]!, 16),
      ...(sym[5] !== undefined ? { module: sym[5] } : {}),
      ...(sym[1] !== undefined ? { unreliable: true } : {}),
      ...address,
    };
  }
  const raw = ADDRESS_FRAME.exec(s);
  if (raw) return { symbol: raw[2]!, address: raw[2]!.slice(2), ...(raw[1] !== undefined ? { unreliable: true } : {}) };
  return undefined;
}

export function parseKernelStack(input: string): Parsed<StackFrame[]> {
  const value: StackFrame[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const frame = parseFrame(raw);
    if (frame) value.push(frame);
    else issues.push(issue(i + 1, raw, 'not a stack frame'));
  });
  return { value, issues, ...(endsMidLine(input) ? { incomplete: true } : {}) };
}

/** `.isra.36`, `.constprop.0`, `.part.5`, `.cold` are compiler clones of the same function. */
export function baseSymbol(symbol: string): string {
  // Stripped from the right, one suffix at a time: /(?:\.(?:isra|...)(?:\.\d+)?)+$/
  // retried the chain from every dot (quadratic on a long chain that ends otherwise).
  let end = symbol.length;
  for (;;) {
    const dot = symbol.lastIndexOf('.', end - 1);
    if (dot < 0) break;
    const part = symbol.slice(dot + 1, end);
    if (CLONE_SUFFIXES.has(part)) {
      end = dot;
      continue;
    }
    const before = /^\d+$/.test(part) && dot > 0 ? symbol.lastIndexOf('.', dot - 1) : -1;
    if (before < 0 || !CLONE_SUFFIXES.has(symbol.slice(before + 1, dot))) break;
    end = before;
  }
  return symbol.slice(0, end);
}

const CLONE_SUFFIXES = new Set(['isra', 'constprop', 'part', 'cold', 'llvm']);

/**
 * A function where a task sleeps waiting for an OCFS2 cluster lock:
 * `__ocfs2_cluster_lock`, `ocfs2_inode_lock_full_nested`, `ocfs2_rw_lock`, ...
 * Also used on `ps` WCHAN values (`ocfs2_cluster_lock.isra.30` in the guide).
 */
export function isOcfs2LockSymbol(symbol: string): boolean {
  const base = baseSymbol(symbol);
  return /^_*ocfs2_(?:cluster_lock|\w+_lock(?:_full)?(?:_nested)?|\w+_lock_full\w*)$/.test(base) && !/unlock/.test(base);
}

/** The task is stuck in OCFS2 cluster locking (reliable frames only). */
export function waitsOnOcfs2Lock(frames: readonly StackFrame[]): boolean {
  return frames.some((f) => !f.unreliable && isOcfs2LockSymbol(f.symbol));
}

export interface HungTask {
  readonly command: string;
  readonly pid: number;
  readonly ppid?: number;
  /** `D` for hung-task reports. */
  readonly state?: string;
  /** From `blocked for more than N seconds` (the detector's timeout, not the real wait). */
  readonly blockedSeconds?: number;
  /** Time of the report when the log prefix carries one. */
  readonly time?: Date;
  readonly uptimeSeconds?: number;
  readonly frames: StackFrame[];
  readonly line: number;
}

type MutableTask = { -readonly [K in keyof HungTask]: HungTask[K] };

const INFO_LINE = /^INFO: task (.+):(\d+) blocked for more than (\d+) seconds/;
/*
 * The task lines' command can contain spaces, so it is what precedes the
 * first place the fixed fields match. These patterns find that place
 * unanchored, starting only where a run of spaces begins (the lookbehind;
 * `task:` + 15 spaces is the kernel's line for an empty command name):
 * the former /^task:(.+?)\s+state:/ and /^(\S.*?)\s+([A-Z])\s+/ retried the
 * rest at every character of a long run of spaces (quadratic time).
 */
/** 5.x+: `task:reflink  state:D stack:    0 pid: 1283 ppid:  4154 flags:0x00004000` (6.x adds tgid). */
const TASK_NEW_FIELDS = /(?:(?<=\S)|(?<=^task:\s))\s+state:(\S+)\s+stack:\s*\d+\s+pid:\s*(\d+)(?:\s+tgid:\s*\d+)?\s+ppid:\s*(\d+)/g;
/** 3.x/4.x: `reflink  D ffff88003fc13780     0  1283   4154 0x00000080` (the task address went away in 4.x). */
const TASK_OLD_FIELDS = /(?<=\S)\s+([A-Z])\s+(?:[0-9a-f]{8,16}\s+)?\d+\s+(\d+)\s+(\d+)\s+0x[0-9a-f]+$/g;

/** [command, state, pid, ppid] of a task line, or undefined. */
function taskLine(text: string): [string, string, string, string] | undefined {
  if (text.startsWith('task:')) {
    TASK_NEW_FIELDS.lastIndex = 6; // the command has at least one character
    const m = TASK_NEW_FIELDS.exec(text);
    if (m) return [text.slice(5, m.index), m[1]!, m[2]!, m[3]!];
  }
  if (/^\S/.test(text)) {
    TASK_OLD_FIELDS.lastIndex = 1;
    const m = TASK_OLD_FIELDS.exec(text);
    if (m) return [text.slice(0, m.index), m[1]!, m[2]!, m[3]!];
  }
  return undefined;
}
/** Parts of a dump that are neither frames nor the end of the trace. */
const DUMP_NOISE = /^(?:Call Trace:|<\/?(?:TASK|IRQ|NMI|EOI)>|(?:RIP|RSP|RAX|RDX|RBP|R1[0-5]|R[89]|Code):|Not tainted|Tainted:|"echo 0 > \/proc\/sys\/kernel\/hung_task_timeout_secs")/;

/**
 * Hung-task reports in dmesg, syslog or journalctl output: the `INFO: task
 * X:PID blocked` line, the task line (5.x `task:X state:D ... pid: N` or the
 * older `X D ... PID PPID 0xflags`) and the `Call Trace:` frames. Other log
 * lines are skipped; `issues` only says when nothing looked like a kernel log.
 */
export function parseHungTasks(input: string, options: SyslogOptions = {}): Parsed<HungTask[]> {
  const value: MutableTask[] = [];
  const issues: ParseIssue[] = [];
  let current: MutableTask | undefined;
  let inTrace = false;
  let recognised = 0;
  const all = lines(input);

  all.forEach((raw, i) => {
    const n = i + 1;
    if (raw.trim() === '') return;
    const log = parseSyslogLine(raw, options);
    if (log && log.program !== undefined && log.program !== 'kernel') return; // another daemon's line in between
    if (log) recognised++;
    const text = log ? log.message : raw.trim();
    const stamp = { ...(log?.time ? { time: log.time } : {}), ...(log?.uptimeSeconds !== undefined ? { uptimeSeconds: log.uptimeSeconds } : {}) };
    let m: RegExpExecArray | null;

    if ((m = INFO_LINE.exec(text))) {
      recognised++;
      current = { command: m[1]!, pid: Number(m[2]), blockedSeconds: Number(m[3]), ...stamp, frames: [], line: n };
      value.push(current);
      inTrace = false;
      return;
    }
    const task = taskLine(text);
    if (task) {
      recognised++;
      const [command, state, pid, ppid] = [task[0].trim(), task[1], Number(task[2]), Number(task[3])];
      if (current && current.pid === pid && current.frames.length === 0 && !inTrace) {
        current.state = state;
        current.ppid = ppid;
      } else {
        current = { command, pid, ppid, state, ...stamp, frames: [], line: n };
        value.push(current);
      }
      inTrace = false;
      return;
    }
    if (/^Call Trace:/.test(text)) {
      recognised++;
      inTrace = current !== undefined;
      return;
    }
    if (inTrace && current) {
      const frame = parseFrame(text);
      if (frame) {
        recognised++;
        current.frames.push(frame);
        return;
      }
      if (DUMP_NOISE.test(text)) return;
      inTrace = false;
    }
  });

  if (recognised === 0 && all.some((l) => l.trim() !== '')) issues.push(issue(1, all.find((l) => l.trim() !== '')!, 'no kernel log lines'));
  const last = value.at(-1);
  const incomplete = endsMidLine(input) || (last !== undefined && inTrace && last.frames.length === 0);
  return { value, issues, ...(incomplete ? { incomplete } : {}) };
}

export const parsers = {
  'proc-pid-stack': parseKernelStack,
  'dmesg-hung-task': (s: string) => parseHungTasks(s),
} satisfies Record<string, (s: string) => Parsed<unknown>>;
