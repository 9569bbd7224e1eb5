/**
 * Does a mount point answer? One `df` with the short probe limit, shared by
 * every check of the scan (storage-blocked reports it, qcow2-corrupt and the
 * others stay out of a pool that does not answer). A df an earlier run left
 * stuck in D state on the same mount point is the answer already: no second
 * probe is stacked on it.
 */
import { parsedOnce } from '../../src/engine/outputs.js';
import type { CommandOutput, HostContext } from '../../src/engine/types.js';
import { type PsRow, parsePs } from '../../src/parsers/ps.js';
import { dfProbe, PROCESSES } from './commands.js';

export interface MountProbe {
  readonly mountPoint: string;
  /**
   * df did not answer within the probe limit, as timeout(1) on the host says
   * (exit 124), or an earlier probe is still stuck. usdiag's own timer
   * running out is not this (see `unanswered`).
   */
  readonly hung: boolean;
  /** Only the client's safety-net timer ended the probe: nothing is known (the read failed; the verdict cannot be ok). */
  readonly unanswered?: boolean | undefined;
  /** The df of this scan (absent when an earlier stuck probe answered already). */
  readonly df?: CommandOutput | undefined;
  /** The earlier probe still stuck, and the ps output that shows it. */
  readonly stuck?: { readonly process: PsRow; readonly ps: CommandOutput } | undefined;
}

/** A df probe of `mountPoint` from an earlier run that is still waiting in D state. */
export function earlierStuckProbe(ps: CommandOutput, mountPoint: string): PsRow | undefined {
  if (ps.read.kind !== 'ok') return undefined;
  return parsedOnce(ps, parsePs).value.find((p) => p.stat?.startsWith('D') && p.args === `df -P -- ${mountPoint}`);
}

export async function probeMount(host: HostContext, mountPoint: string): Promise<MountProbe> {
  const ps = await host.run(PROCESSES);
  const process = earlierStuckProbe(ps, mountPoint);
  if (process) return { mountPoint, hung: true, stuck: { process, ps } };
  const df = await host.run(dfProbe(mountPoint));
  const hung = probeHung(df);
  return { mountPoint, hung, df, ...(df.timedOut && !hung ? { unanswered: true } : {}) };
}

/**
 * The host's verdict on a probe: timeout(1) ended it (124 after TERM, 137
 * after KILL; for a pipeline the first stage's status from the wire's
 * `usdiag-exit:` line, see firstStageStatus). Never the client's timer.
 */
export function probeHung(df: CommandOutput): boolean {
  return df.timedOut && df.timedOutBy === 'host';
}

/** The mount point of `path` among `mountPoints` (the longest that contains it). */
export function mountPointOf(path: string, mountPoints: readonly string[]): string | undefined {
  return mountPoints
    .filter((m) => path === m || path.startsWith(m.endsWith('/') ? m : `${m}/`))
    .sort((a, b) => b.length - a.length)[0];
}
