/**
 * Why one shared pool does not come up on a host, in the order of guide
 * 3.5.2: the host's place in the OCFS2 cluster and its cluster stack, the LUN
 * (its /dev/disk path and multipath map), the links to the storage (FC ports,
 * iSCSI sessions), configuration that differs between nodes, and what the
 * logs say. Each cause carries the KB steps that address it.
 */
import { excerpt, readProblem } from '../../../src/engine/outputs.js';
import type { CheckContext, Evidence } from '../../../src/engine/types.js';
import { list, type Msg } from '../../../src/i18n/message.js';
import { parseLsLong } from '../../../src/parsers/disk-links.js';
import { type Command, cmd } from '../../../src/transport/command.js';
import type { SharedPool } from '../../shared/pool-libvirt.js';
import { type LogLine, logEvidence, refusedDisk } from '../../shared/pool-logs.js';
import { lunView, volumeOf } from '../../shared/pool-volume.js';
import type { ValueGroup } from './cluster-config.js';
import { lunCauses } from './causes-lun.js';
import { membershipCauses, stackCauses } from './causes-stack.js';
import { type Cause, type HostFacts, type PoolLun, stderrEvidence } from './facts.js';
import type { SayPool } from './messages.js';

export const sourceLink = (path: string): Command => cmd('ls', '-l', '--', path);

const ERROR_WORDS = /error|fail|timed out|could not|cannot|unable|refused|not connected|disconnecting|no such/i;
/** Error lines of the telling log shown as evidence. */
const LOG_LINES_SHOWN = 5;

export interface PoolDiagnosis {
  readonly causes: readonly Cause[];
  readonly evidence: readonly Evidence[];
  readonly lun?: PoolLun | undefined;
  /** What could not be looked at (the LUN path could not be listed...). */
  readonly gaps: readonly Msg[];
}

export async function diagnosePool(ctx: CheckContext, say: SayPool, pool: SharedPool, facts: HostFacts): Promise<PoolDiagnosis> {
  const causes: Cause[] = [...membershipCauses(ctx, say, facts), ...stackCauses(say, facts)];
  const ev: Evidence[] = [];
  const gaps: Msg[] = [];
  for (const g of [facts.stack.problem, facts.mapsProblem, facts.san.fcProblem, facts.san.iscsiProblem, ...facts.logs.problems.map((p) => p.why)]) {
    if (g) gaps.push(g);
  }
  let lun: PoolLun | undefined;
  if (pool.sourceDevice) {
    const ls = await ctx.run(sourceLink(pool.sourceDevice));
    const missing = ls.read.kind === 'absent';
    const lsProblem = missing ? undefined : readProblem(ls);
    if (lsProblem) gaps.push(lsProblem);
    lun = { ...lunView(pool.sourceDevice, facts.maps), linkExists: lsProblem ? undefined : !missing };
    ev.push(missing ? stderrEvidence(ls) : excerpt(ls, parseLsLong(ls.stdout).value.slice(0, 1).map((e) => e.span)));
    const found = lunCauses(say, lun, facts);
    causes.push(...found.causes);
    ev.push(...found.evidence);
  }
  causes.push(...configCauses(say, facts));
  if (lun) causes.push(...otherClusterCauses(say, lun, facts));
  const logLine = telling(facts.logs.lines, pool);
  if (logLine) {
    causes.push({
      kind: 'log-error',
      summary: say.msg('logSays', { file: logLine.file, text: clip(logLine.message) }),
      steps: ['read-logs'],
      decisive: false,
    });
    ev.push(...logEvidence(facts.logs.lines.filter((l) => l.output === logLine.output && isError(l) && l.recent !== false).slice(-LOG_LINES_SHOWN)));
  }
  return { causes, evidence: [...causes.flatMap((c) => c.evidence ?? []), ...ev], lun, gaps };
}

/** o2cb values or cluster.conf nodes that differ: nodes that disagree refuse each other's connections. */
function configCauses(say: SayPool, facts: HostFacts): Cause[] {
  const d = facts.config.differences[0];
  if (!d || d.severity !== 'fail') return [];
  return [{
    kind: 'config-differs',
    summary: say.msg('configDiffersCause', { file: d.file, groups: describeGroups(say, d.key, d.groups) }),
    steps: ['compare-cluster-config', 'restore-storage-access'],
    decisive: true,
    evidence: facts.config.evidence,
  }];
}

/** The platform's own refusal to mount this pool's volume: guide 3.5.6, not 3.5.2. */
function otherClusterCauses(say: SayPool, lun: PoolLun, facts: HostFacts): Cause[] {
  const refused = facts.logs.lines.some((l) => {
    const disk = l.recent !== false ? refusedDisk(l) : undefined;
    return disk !== undefined && volumeOf(disk, facts.maps).key === lun.volume.key;
  });
  if (!refused) return [];
  return [{ kind: 'other-cluster', summary: say.msg('otherCluster'), steps: ['read-logs'], first: ['check-pool-no-slot'], decisive: true }];
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

/** "O2CB_IDLE_TIMEOUT_MS: 30000 on cvknode13; 60000 on cvknode11, cvknode12" in either language. */
export function describeGroups(say: SayPool, key: string, groups: readonly ValueGroup[]): Msg {
  return say.msg('groups', { key, values: list(groups.map((g) => say.msg('valueOn', { value: g.value, hosts: list(g.hosts) })), { en: '; ', zh: '；' }) });
}

/** libvirt wraps the mount helper's own words: "Child process (/bin/mount ...) unexpected exit status 1: <words>". */
function clip(s: string): string {
  const inner = /unexpected exit status \d+: (.+)$/.exec(s)?.[1] ?? s;
  return inner.length > 160 ? `${inner.slice(0, 157)}...` : inner;
}
