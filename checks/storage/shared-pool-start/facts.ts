/**
 * What a failed start of any pool on a host depends on, read once per host
 * when a pool is down: the O2CB stack, the links to the SAN, the multipath
 * maps and the error lines of the logs guide 3.5.2 names; and the shape of a
 * cause, as the diagnosis and its cause modules (LUN, cluster stack) share it.
 */
import { evidence, missingProgram, readProblem } from '../../../src/engine/outputs.js';
import type { CheckContext, CommandOutput, Evidence } from '../../../src/engine/types.js';
import type { Msg, MsgValue, MsgValues } from '../../../src/i18n/message.js';
import { type MultipathMap, parseMultipathLl } from '../../../src/parsers/multipath.js';
import { MULTIPATH_LL } from '../../shared/commands.js';
import type { ClusterView } from '../../shared/ocfs2-cluster.js';
import { LIBVIRTD_LOG, type LogScan, ocfs2ShellLog, scanLogs, SYSLOG_FILES } from '../../shared/pool-logs.js';
import type { LunView } from '../../shared/pool-volume.js';
import type { ConfigComparison } from './cluster-config.js';
import type { PoolStep } from './messages.js';
import { type ClusterStack, readClusterStack } from './o2cb-stack.js';
import { readSanLinks, type SanLinks } from './san.js';

export interface HostFacts {
  readonly view: ClusterView;
  readonly stack: ClusterStack;
  readonly san: SanLinks;
  readonly maps: readonly MultipathMap[];
  readonly mapsOutput: CommandOutput;
  readonly mapsProblem?: Msg | undefined;
  readonly logs: LogScan;
  readonly config: ConfigComparison;
}

/** Errors behind a failed start, in each log's own words. */
const SHELL_LOG_PATTERN = '[Ee]rror|ERROR|[Ff]ail';
const LIBVIRTD_PATTERN = ' error : ';
const SYSLOG_PATTERN = 'ocfs2|o2net|o2hb|o2cb|o2dlm|dlm_join|iscsid';

export async function gatherFacts(ctx: CheckContext, view: ClusterView, config: ConfigComparison, now: Date): Promise<HostFacts> {
  const shellLog = await ocfs2ShellLog(ctx);
  const [stack, san, mapsOutput, logs] = await Promise.all([
    readClusterStack(ctx),
    readSanLinks(ctx),
    ctx.run(MULTIPATH_LL),
    scanLogs(ctx, [
      { files: [shellLog], pattern: SHELL_LOG_PATTERN },
      { files: [LIBVIRTD_LOG], pattern: LIBVIRTD_PATTERN },
      { files: SYSLOG_FILES, pattern: SYSLOG_PATTERN },
    ], now),
  ]);
  // No multipath on a host with only single-path iSCSI LUNs is not a problem: no maps.
  const mapsProblem = missingProgram(mapsOutput) ? undefined : readProblem(mapsOutput);
  const maps = mapsProblem ? [] : parseMultipathLl(mapsOutput.stdout).value.maps;
  return { view, stack, san, maps, mapsOutput, mapsProblem, logs, config };
}

export type CauseKind =
  | 'no-cluster-conf' | 'not-in-cluster-conf' | 'stack-offline' | 'stack-other-cluster' | 'stack-stale-nodes'
  | 'no-working-path' | 'lun-missing-fc-down' | 'lun-missing-iscsi-down' | 'lun-unmapped'
  | 'config-differs' | 'other-cluster' | 'log-error';

export interface Cause {
  readonly kind: CauseKind;
  readonly summary: Msg;
  readonly steps: readonly PoolStep[];
  /** The check's own concrete steps for this cause, shown before every other step. */
  readonly first?: readonly PoolStep[];
  /** Values those steps name (the ports, the LUN, the initiators). */
  readonly vars?: MsgValues;
  /** Enough on its own to keep the pool from starting. */
  readonly decisive: boolean;
  readonly evidence?: readonly Evidence[];
}

/** The LUN behind a pool, and whether its /dev/disk link is there (undefined: it could not be listed). */
export type PoolLun = LunView & { readonly linkExists?: boolean | undefined };

/** What a command said on stderr (a missing file, "No active sessions"), as evidence. */
export function stderrEvidence(out: CommandOutput, note?: MsgValue): Evidence {
  return evidence(out, out.stderr.trim(), note);
}
