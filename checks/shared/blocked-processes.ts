/**
 * The processes a blocked shared filesystem leaves behind: tasks in
 * uninterruptible sleep (D), ranked by how surely they wait on OCFS2 (their
 * kernel wait channel, their kernel stack, a command line naming the pool).
 */
import { excerpt, parsedOnce, readProblem } from '../../src/engine/outputs.js';
import type { Evidence, HostContext } from '../../src/engine/types.js';
import type { Msg } from '../../src/i18n/message.js';
import { isOcfs2LockSymbol, parseKernelStack, waitsOnOcfs2Lock } from '../../src/parsers/kstack.js';
import { dStateProcesses, parsePs, type PsRow } from '../../src/parsers/ps.js';
import { kernelStack, PROCESSES } from './commands.js';

export interface BlockedProcess {
  readonly pid: number;
  readonly command: string;
  readonly stat: string;
  readonly wchan: string;
  readonly args: string;
  readonly elapsedSeconds?: number | undefined;
  /** Waits in an OCFS2/DLM lock function (from wchan or kernel stack). */
  readonly ocfs2Wait: boolean;
}

/** Kernel stacks read at most for this many candidates. */
const STACKS_TO_READ = 2;
const SHOWN = 5;
/** Frames of a kernel stack shown as evidence: the top ones name the wait. */
const STACK_FRAMES_SHOWN = 8;

const OCFS2_WCHAN = /ocfs2|o2dlm|dlm_|o2hb|o2net|user_dlm/;

function rank(p: PsRow, mount: string): number {
  if (p.wchan && OCFS2_WCHAN.test(p.wchan)) return 0;
  if (p.args?.includes(mount)) return 1;
  return 2;
}

export async function blockedProcesses(
  host: HostContext,
  mount: string,
): Promise<{ processes: BlockedProcess[]; evidence: Evidence[]; problem?: Msg }> {
  const out = await host.run(PROCESSES);
  const why = readProblem(out);
  if (why) return { processes: [], evidence: [], problem: why };
  const rows = parsedOnce(out, parsePs).value;
  const stuck = dStateProcesses(rows).sort((a, b) => rank(a, mount) - rank(b, mount) || (b.elapsedSeconds ?? 0) - (a.elapsedSeconds ?? 0));
  const top = stuck.slice(0, SHOWN);
  const ev: Evidence[] = [];
  if (top.length) ev.push(excerpt(out, [top[0]!.headerLine, ...top.map((p) => p.line)]));
  const processes = await Promise.all(top.map(async (p, i): Promise<BlockedProcess> => {
    let ocfs2Wait = p.wchan !== undefined && isOcfs2LockSymbol(p.wchan);
    // wchan is often "-" or truncated on newer kernels; the stack is the proof.
    if (!ocfs2Wait && i < STACKS_TO_READ) {
      const st = await host.run(kernelStack(p.pid));
      if (!readProblem(st)) {
        ocfs2Wait = waitsOnOcfs2Lock(parseKernelStack(st.stdout).value);
        if (ocfs2Wait) ev.push(excerpt(st, [{ first: 1, last: STACK_FRAMES_SHOWN }]));
      }
    }
    return {
      pid: p.pid,
      command: p.comm ?? p.args?.split(/\s+/)[0] ?? '?',
      stat: p.stat ?? '?',
      wchan: p.wchan ?? '-',
      args: p.args ?? '',
      elapsedSeconds: p.elapsedSeconds,
      ocfs2Wait: ocfs2Wait || OCFS2_WCHAN.test(p.wchan ?? ''),
    };
  }));
  return { processes, evidence: ev };
}
