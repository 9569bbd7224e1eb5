/**
 * Why one shared pool does not come up on a host, in the order of guide
 * 3.5.2: the host's place in the OCFS2 cluster and its cluster stack, the LUN
 * (its /dev/disk path and multipath map), the links to the storage (FC ports,
 * iSCSI sessions), configuration that differs between nodes, and what the
 * logs say. Each cause carries the KB steps that address it.
 */
import { evidence, problem } from '../../../src/engine/outputs.js';
import type { CheckContext, CommandOutput, Evidence } from '../../../src/engine/types.js';
import { text, type Text } from '../../../src/i18n/text.js';
import type { RecoveryStep } from '../../../src/kb/types.js';
import { type MultipathMap, parseMultipathLl } from '../../../src/parsers/multipath.js';
import { type Command, cmd } from '../../../src/transport/command.js';
import { MULTIPATH_LL } from '../../shared/commands.js';
import type { ClusterView } from '../../shared/ocfs2-cluster.js';
import type { ConfigComparison } from './pool-cluster-config.js';
import type { SharedPool } from './pool-libvirt.js';
import { LIBVIRTD_LOG, type LogLine, type LogScan, ocfs2ShellLog, REFUSED_MOUNT, scanLogs, SYSLOG_FILES } from './pool-logs.js';
import { type ClusterStack, readClusterStack } from './pool-o2cb-stack.js';
import { readSanLinks, type SanLinks } from './pool-san.js';
import { lunCauses } from './pool-causes-lun.js';
import { membershipCauses, stackCauses } from './pool-causes-stack.js';
import { type LunView, lunView, volumeOf } from './pool-volume.js';

export const sourceLink = (path: string): Command => cmd('ls', '-l', '--', path);

/** What a failed start of any pool on this host depends on; read once per host. */
export interface HostFacts {
  readonly view: ClusterView;
  readonly stack: ClusterStack;
  readonly san: SanLinks;
  readonly maps: readonly MultipathMap[];
  readonly mapsOutput: CommandOutput;
  readonly mapsProblem?: Text | undefined;
  readonly logs: LogScan;
  readonly config: ConfigComparison;
}

/** Errors behind a failed start, in each log's own words. */
const SHELL_LOG_PATTERN = '[Ee]rror|ERROR|[Ff]ail';
const LIBVIRTD_PATTERN = ' error : ';
const SYSLOG_PATTERN = 'ocfs2|o2net|o2hb|o2cb|o2dlm|dlm_join|iscsid';
const ERROR_WORDS = /error|fail|timed out|could not|cannot|unable|refused|not connected|disconnecting|no such/i;

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
  const mapsProblem = mapsOutput.exitCode === 127 ? undefined : problem(mapsOutput);
  const maps = mapsProblem ? [] : parseMultipathLl(mapsOutput.stdout).value.maps;
  return { view, stack, san, maps, mapsOutput, mapsProblem, logs, config };
}

export type CauseKind =
  | 'no-cluster-conf' | 'not-in-cluster-conf' | 'stack-offline' | 'stack-other-cluster' | 'stack-stale-nodes'
  | 'no-working-path' | 'lun-missing-fc-down' | 'lun-missing-iscsi-down' | 'lun-unmapped'
  | 'config-differs' | 'other-cluster' | 'log-error';

export interface Cause {
  readonly kind: CauseKind;
  readonly summary: Text;
  readonly steps: readonly string[];
  readonly first?: readonly RecoveryStep[];
  /** Enough on its own to keep the pool from starting. */
  readonly decisive: boolean;
  readonly evidence?: readonly Evidence[];
}

export interface PoolDiagnosis {
  readonly causes: readonly Cause[];
  readonly evidence: readonly Evidence[];
  readonly lun?: (LunView & { readonly linkExists?: boolean | undefined }) | undefined;
  /** What could not be looked at (the LUN path could not be listed...). */
  readonly gaps: readonly Text[];
}

export async function diagnosePool(ctx: CheckContext, pool: SharedPool, facts: HostFacts): Promise<PoolDiagnosis> {
  const causes: Cause[] = [...membershipCauses(ctx, facts), ...stackCauses(facts)];
  const ev: Evidence[] = [];
  const gaps: Text[] = [];
  for (const g of [facts.stack.problem, facts.mapsProblem, facts.san.fcProblem, facts.san.iscsiProblem, ...facts.logs.problems.map((p) => p.why)]) {
    if (g) gaps.push(g);
  }
  let lun: PoolDiagnosis['lun'];
  if (pool.sourceDevice) {
    const ls = await ctx.run(sourceLink(pool.sourceDevice));
    const missing = /No such file or directory/.test(ls.stderr);
    const lsProblem = missing ? undefined : problem(ls);
    if (lsProblem) gaps.push(lsProblem);
    const view = lunView(pool.sourceDevice, facts.maps);
    lun = { ...view, linkExists: lsProblem ? undefined : !missing };
    ev.push(evidence(ls, missing ? ls.stderr.trim() : ls.stdout.trim().split('\n').slice(0, 1)));
    causes.push(...lunCauses(lun, facts, ev));
  }
  causes.push(...configCauses(facts));
  if (lun) causes.push(...otherClusterCauses(lun, facts));
  const logLine = telling(facts.logs.lines, pool);
  if (logLine) {
    causes.push({
      kind: 'log-error',
      summary: text(`${logLine.file} says: "${clip(logLine.message)}"`, `${logLine.file} 中记录：“${clip(logLine.message)}”`),
      steps: ['read-logs'],
      decisive: false,
    });
    const shown = facts.logs.lines.filter((l) => l.output === logLine.output && isError(l) && l.recent !== false).slice(-5);
    ev.push(evidence(logLine.output, shown.map((l) => l.raw)));
  }
  return { causes, evidence: [...causes.flatMap((c) => c.evidence ?? []), ...ev], lun, gaps };
}

/** o2cb values or cluster.conf nodes that differ: nodes that disagree refuse each other's connections. */
function configCauses(facts: HostFacts): Cause[] {
  const d = facts.config.differences[0];
  if (!d || d.severity !== 'fail') return [];
  return [{
    kind: 'config-differs',
    summary: text(`${d.file} differs between the nodes (${describeGroups(d.key, d.groups, 'en')})`, `各节点的 ${d.file} 不一致（${describeGroups(d.key, d.groups, 'zh')}）`),
    steps: ['compare-cluster-config', 'restore-storage-access'],
    decisive: true,
    evidence: facts.config.evidence,
  }];
}

/** The platform's own refusal to mount this pool's volume: guide 3.5.6, not 3.5.2. */
function otherClusterCauses(lun: NonNullable<PoolDiagnosis['lun']>, facts: HostFacts): Cause[] {
  const refused = facts.logs.lines.some((l) => {
    const disk = l.recent !== false ? REFUSED_MOUNT.exec(l.message)?.[1] : undefined;
    return disk !== undefined && volumeOf(disk, facts.maps).key === lun.volume.key;
  });
  if (!refused) return [];
  return [{
    kind: 'other-cluster',
    summary: text(
      'the platform refused to mount it because hosts of another cluster have its volume mounted (guide 3.5.6)',
      '平台拒绝挂载：该卷已被其他集群的主机挂载（指南 3.5.6）',
    ),
    steps: ['read-logs'],
    first: [{
      id: 'check-pool-no-slot',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      command: 'usdiag check pool-no-slot',
      text: text(
        'Find the hosts of the other cluster that hold the volume and follow guide 3.5.6 (usdiag check pool-no-slot).',
        '找出占用该卷的其他集群主机，并按指南 3.5.6 处理（usdiag check pool-no-slot）。',
      ),
    }],
    decisive: true,
  }];
}

function isError(l: LogLine): boolean {
  return l.level === 'error' || l.level === 'err' || l.level === 'critical' || ERROR_WORDS.test(l.message);
}

/**
 * The most telling recent error: one naming the pool, its mount point or LUN,
 * else the latest that says more than the kernel's bare "ERROR: status = -22"
 * trail, else the latest.
 */
function telling(all: readonly LogLine[], pool: SharedPool): LogLine | undefined {
  const errors = all.filter((l) => isError(l) && l.recent !== false);
  const names = [pool.name, pool.targetPath, pool.sourceDevice?.split('/').pop()].filter((s): s is string => !!s);
  return errors.filter((l) => names.some((n) => l.message.includes(n))).at(-1)
    ?? errors.filter((l) => !/ERROR: status = -\d+$/.test(l.message)).at(-1)
    ?? errors.at(-1);
}

export function describeGroups(key: string, groups: ReadonlyArray<{ value: string; hosts: readonly string[] }>, lang: 'en' | 'zh'): string {
  return lang === 'en'
    ? `${key}: ${groups.map((g) => `${g.value} on ${g.hosts.join(', ')}`).join('; ')}`
    : `${key}：${groups.map((g) => `${g.hosts.join('、')} 为 ${g.value}`).join('；')}`;
}

/** libvirt wraps the mount helper's own words: "Child process (/bin/mount ...) unexpected exit status 1: <words>". */
function clip(s: string): string {
  const inner = /unexpected exit status \d+: (.+)$/.exec(s)?.[1] ?? s;
  return inner.length > 160 ? `${inner.slice(0, 157)}...` : inner;
}
