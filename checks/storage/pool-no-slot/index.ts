/**
 * Guide 3.5.6 — starting a shared pool fails with "the storage pool has no
 * available slot": the volume is mounted by hosts of another cluster.
 *
 * Runs: the OCFS2 shell log and syslog (bounded) for the platform's refusal
 * ("Error: Disk ... had been mounted by other hosts, not need to format it.")
 * and the kernel's "no free slots available!"; `mounted.ocfs2 -f` (read-only:
 * the slot map of every OCFS2 device, node numbers named from the running
 * O2CB cluster); `mount`, cluster.conf, `multipath -ll` (which device names
 * are one volume) and the libvirt pools (which pool a volume is).
 *
 * Decides: a volume whose slot map holds nodes that this cluster's
 * cluster.conf does not know (numbers, `Unknown`), or that was formatted for
 * another cluster, fails. The other cluster's node numbers can equal ours:
 * mounted.ocfs2 then prints our own names, so this host's own name on a
 * volume it has not mounted is another cluster's node too (a warning alone: a
 * slot left by this host's crash looks the same; a failure together with the
 * platform's refusal). The refusal in the last 24 h with no foreign node in
 * the slot map now warns (released meanwhile: start again); when the slot map
 * cannot be read it fails, as the guide decides from the log alone. The
 * kernel's "no free slots" with only our own nodes warns: the volume has fewer
 * slots than the cluster has nodes.
 * Recommends: unmount the volume on the other platform, then start the pool.
 */
import { leadContext } from '../../../src/engine/context.js';
import { defineCheck, type SayOf } from '../../../src/engine/define-check.js';
import { excerpt, readProblem } from '../../../src/engine/outputs.js';
import type { CheckContext, CommandOutput, Evidence } from '../../../src/engine/types.js';
import { list, type Msg, renderMsg } from '../../../src/i18n/message.js';
import type { StepIdOf } from '../../../src/kb/index.js';
import { parseMultipathLl } from '../../../src/parsers/multipath.js';
import { type MountedOcfs2, parseMountedOcfs2 } from '../../../src/parsers/ocfs2-mounted.js';
import { cmd } from '../../../src/transport/command.js';
import { CLUSTER_CONF, MOUNT, MULTIPATH_LL, NODE_NAME } from '../../shared/commands.js';
import { HOST_EPOCH, hostNow } from '../../shared/logs.js';
import { type ClusterView, clusterView } from '../../shared/ocfs2-cluster.js';
import { type Finding, findingsResult } from '../../shared/pool-findings.js';
import { POOL_LIST, readSharedPools } from '../../shared/pool-libvirt.js';
import { type LogLine, logEvidence, ocfs2ShellLog, refusedDisk, scanLogs, SYSLOG_FILES, VAR_LOG } from '../../shared/pool-logs.js';
import { type VolumeView, volumeViews } from './volumes.js';

export const MOUNTED_FULL = cmd('mounted.ocfs2', '-f');
const NO_SLOT = /no free slots available/;
const LOG_PATTERN = 'had been mounted by other hosts|no free slots available';
/** Log lines shown per log read. */
const LOG_LINES_SHOWN = 3;

const messages = {
  noCluster: {
    en: 'No OCFS2 cluster here: no /etc/ocfs2/cluster.conf and no refused mount in the logs.',
    zh: '此主机不是 OCFS2 集群节点：没有 /etc/ocfs2/cluster.conf，日志中也没有被拒绝的挂载。',
  },
  confUnreadable: { en: 'cluster.conf could not be read to judge the slot maps: {why}', zh: '无法读取 cluster.conf，不能判断 slot 中的节点：{why}' },
  slotMapsUnreadable: { en: 'The slot maps could not be read: {why}', zh: '无法读取 OCFS2 卷的 slot 信息：{why}' },
  mountUnreadable: {
    en: "This host's mounts could not be read ({why}), so {node} in the slot map of {volumes} cannot be told apart from a node of another cluster with the same number.",
    zh: '无法读取本机的挂载信息（{why}），因此不能判断 {volumes} 的 slot 中的 {node} 是本机还是另一个集群中编号相同的节点。',
  },
  allKnown: {
    en: '{count} OCFS2 volume(s) in use, every node in their slot maps is in cluster.conf; no "had been mounted by other hosts" in the last 24 h{history}.',
    zh: '{count} 个在用的 OCFS2 卷，其 slot 中的节点都在 cluster.conf 中；最近 24 小时日志中没有“had been mounted by other hosts”{history}。',
  },
  olderRefusal: { en: '; an older refusal ({when}, {disk}) is history', zh: '；较早的一次拒绝挂载（{when}，{disk}）属于历史记录' },

  otherPlatform: {
    en: 'Volume {volume}{ofPool} {who}: another platform uses it; unmount it there, then start the pool.{alsoHere}{more}',
    zh: '{ofPool}卷 {volume}{who}：另一个平台正在使用它，请在该平台解除挂载后再启动存储池。{alsoHere}{more}',
  },
  ofPool: { en: ' of pool {pool}', zh: '存储池 {pool} 的' },
  foreignNodes: {
    en: "is mounted by node(s) {nodes} that are not in this cluster's cluster.conf",
    zh: '被不在本集群 cluster.conf 中的节点 {nodes} 挂载',
  },
  sameNumber: {
    en: "lists {node} (this host's node number) in its slot map although this host has not mounted it, so a node of another cluster with the same number holds it",
    zh: '的 slot 中有 {node}（本机的节点编号），而本机并未挂载它，说明占用它的是另一个集群中编号相同的节点',
  },
  otherCluster: { en: 'was formatted for another OCFS2 cluster ({cluster})', zh: '属于另一个 OCFS2 集群（{cluster}）' },
  mountedHereToo: {
    en: ' It is mounted here too: two clusters write to one volume, which corrupts it.',
    zh: '本机也挂载着它：两个集群同时写同一个卷会把它写坏。',
  },
  ownNumber: {
    en: "Volume {volume}{ofPool} lists {node} (this host's node number) in its slot map, but this host has not mounted it: a node of another cluster with the same number, or a slot left by a crash of this host.{more}",
    zh: '{ofPool}卷 {volume}的 slot 中有 {node}（本机的节点编号），但本机并未挂载它：可能是另一个集群中编号相同的节点，也可能是本机宕机后遗留的 slot。{more}',
  },
  refusedUnread: {
    en: 'The platform refused to mount {volume} ({when}): "had been mounted by other hosts"; the slot maps could not be read to name the other hosts ({why}).{more}',
    zh: '平台拒绝挂载 {volume}（{when}）：“had been mounted by other hosts”；无法读取 slot 信息以确定对方主机（{why}）。{more}',
  },
  refusedReleased: {
    en: 'The platform refused to mount {volume} ({when}): "had been mounted by other hosts", but mounted.ocfs2 -f shows no node of another cluster on it now: it may have been released; start the pool again.{more}',
    zh: '平台拒绝挂载 {volume}（{when}）：“had been mounted by other hosts”，但 mounted.ocfs2 -f 目前未显示其他集群的节点：可能已被释放，请重新启动存储池。{more}',
  },
  slotsExhausted: {
    en: 'The kernel refused a mount on {host} ({when}): "no free slots available", and no node of another cluster holds a slot{holders}: the volume may have fewer node slots than the cluster has nodes.{more}',
    zh: '{host} 上内核拒绝了一次挂载（{when}）：“no free slots available”，且没有其他集群的节点占用 slot{holders}：该卷的节点 slot 数可能少于集群节点数。{more}',
  },
  slotHolders: { en: ' ({volumes})', zh: '（{volumes}）' },
  volumeNodes: { en: '{volume}: {nodes}', zh: '{volume}：{nodes}' },
  undated: { en: 'undated', zh: '无时间' },
  knownNodes: { en: 'the nodes this cluster knows', zh: '本集群已知的节点' },
} as const;

const steps = {
  'count-node-slots': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'debugfs.ocfs2 -R stats <device>',
    text: {
      en: 'usdiag advice: compare the volume\'s "Max Node Slots" (debugfs.ocfs2 -R stats) with the nodes that mount it; when they are all nodes of this cluster, more slots are needed (tunefs.ocfs2 -N, a change for technical support).',
      zh: 'usdiag 建议：将该卷的 “Max Node Slots”（debugfs.ocfs2 -R stats）与挂载它的节点数对比；如果都是本集群的节点，说明 slot 不够（需用 tunefs.ocfs2 -N 增加，应由技术支持操作）。',
    },
  },
} as const;

type SayNoSlot = SayOf<'pool-no-slot', typeof messages, typeof steps>;
type NoSlotStep = StepIdOf<'pool-no-slot'> | keyof typeof steps;

/** What the findings quote: the slot maps and the node map they are judged by. */
interface Sources {
  readonly mountedOut: CommandOutput;
  readonly slotMaps: MountedOcfs2;
  readonly view: ClusterView;
  readonly slotMapProblem?: Msg | undefined;
}

export const check = defineCheck({
  id: 'pool-no-slot',
  needs: [
    MOUNT, CLUSTER_CONF, MOUNTED_FULL, VAR_LOG,
    { command: NODE_NAME, optional: true },
    { command: HOST_EPOCH, optional: true },
    // Only which device names are one volume: without it each name is judged on its own,
    // a foreign node or a recent refusal is still found, so an ok does not rest on it.
    { command: MULTIPATH_LL, optional: true },
    // Only which pool a volume is, to name it.
    { command: POOL_LIST, optional: true },
  ],
  messages,
  steps,
  async run(ctx, say) {
    const [view, mountedOut, llOut, now, shellLog, pools] = await Promise.all([
      clusterView(ctx), ctx.run(MOUNTED_FULL), ctx.run(MULTIPATH_LL, { optional: true }), hostNow(ctx), ocfs2ShellLog(ctx), readSharedPools(leadContext(ctx)),
    ]);
    const logs = await scanLogs(ctx, [{ files: [shellLog], pattern: LOG_PATTERN }, { files: SYSLOG_FILES, pattern: LOG_PATTERN }], now);
    const confMissing = view.confOutput.read.kind === 'absent';
    // Without cluster.conf this host is no OCFS2 node: no slot map can be judged, no pool of its own can start.
    if (confMissing && logs.lines.length === 0) return say.notApplicable('noCluster');
    const maps = readProblem(llOut) ? [] : parseMultipathLl(llOut.stdout).value.maps;
    const slotMapProblem = readProblem(mountedOut);
    const slotMaps: MountedOcfs2 = slotMapProblem ? { mode: 'unknown', volumes: [] } : parseMountedOcfs2(mountedOut.stdout).value;
    const refusals = logs.lines.filter((l) => refusedDisk(l) !== undefined);
    const noSlot = logs.lines.filter((l) => NO_SLOT.test(l.message));
    const volumes = volumeViews(view, slotMaps.volumes, refusals, maps, pools.shared);
    const sources: Sources = { mountedOut, slotMaps, view, slotMapProblem };

    const findings = volumes.flatMap((v) => volumeFinding(ctx, say, v, sources) ?? []);
    const recentNoSlot = noSlot.filter((l) => l.recent !== false);
    if (recentNoSlot.length && !findings.some((f) => f.severity === 'fail')) findings.push(slotsExhausted(ctx, say, recentNoSlot, volumes));

    const data = {
      volumes: volumes.map((v) => ({
        volume: v.volume.label,
        wwid: v.volume.wwid,
        devices: v.rows.map((r) => r.device),
        nodes: v.nodes,
        foreignNodes: v.foreign,
        ownNumberElsewhere: v.impostor,
        otherCluster: v.otherCluster,
        mountedHere: v.mountedHere,
        pool: v.pool?.name,
        refusals: v.refusals.map((l) => ({ file: l.file, stamp: l.stamp, recent: l.recent })),
      })),
      clusterConfNodes: view.conf?.nodes.map((n) => `${n.number}:${n.name}`) ?? [],
      noFreeSlotLines: noSlot.map((l) => l.raw),
      logProblems: logs.problems.map((p) => ({ file: p.file, why: renderMsg(p.why, 'en') })),
    };

    if (findings.length) return findingsResult(say, findings, data);
    const confProblem = confMissing ? undefined : readProblem(view.confOutput);
    if (confProblem) return say.unknown('confUnreadable', { why: confProblem }, { data });
    if (slotMapProblem) return say.unknown('slotMapsUnreadable', { why: slotMapProblem }, { data });
    const unjudged = volumes.filter((v) => v.ownNameUnjudged);
    const mountProblem = readProblem(view.mountOutput);
    if (unjudged.length && mountProblem) {
      return say.unknown('mountUnreadable', { why: mountProblem, node: unjudged[0]!.ownNameUnjudged!, volumes: list(unjudged.map((v) => v.volume.label)) }, { data });
    }
    const older = refusals.filter((l) => l.recent === false).at(-1);
    const history = older ? say.msg('olderRefusal', { when: when(say, older), disk: refusedDisk(older)! }) : '';
    return say.ok('allKnown', { count: volumes.filter((v) => v.nodes.length).length, history }, { data });
  },
});

function when(say: SayNoSlot, l: LogLine): string | Msg {
  return l.stamp ?? say.msg('undated');
}

function volumeFinding(ctx: CheckContext, say: SayNoSlot, v: VolumeView, src: Sources): Finding<NoSlotStep> | undefined {
  const recent = v.refusals.filter((l) => l.recent !== false);
  const dated = recent.some((l) => l.recent === true);
  const volume = v.volume.label;
  const ofPool = v.pool ? say.msg('ofPool', { pool: v.pool.name }) : '';
  const vars = { host: ctx.host.name, wwid: v.volume.wwid ?? v.volume.label, pool: v.pool?.name };
  const evidence = volumeEvidence(say, v, src, recent);
  const recovery = { steps: [...(recent.length ? ['find-mount-error' as const] : []), 'find-other-cluster-nodes', 'release-on-other-platform', 'start-pool'] as NoSlotStep[], vars };

  // Foreign nodes, a foreign superblock, or our number on a volume we have not mounted next to the platform's refusal.
  const sameNumber = v.impostor && recent.length ? v.impostor : undefined;
  if (v.foreign.length || v.otherCluster || sameNumber) {
    const who = list([
      ...(v.foreign.length ? [say.msg('foreignNodes', { nodes: list(v.foreign) })] : []),
      ...(sameNumber ? [say.msg('sameNumber', { node: sameNumber })] : []),
      ...(v.otherCluster ? [say.msg('otherCluster', { cluster: v.otherCluster })] : []),
    ], { en: '; it also ', zh: '；并且' });
    const alsoHere = v.mountedHere ? say.msg('mountedHereToo') : '';
    return { severity: 'fail', message: (more) => say.msg('otherPlatform', { volume, ofPool, who, alsoHere, more }), evidence, recovery };
  }
  if (v.impostor) {
    const node = v.impostor;
    return { severity: 'warn', message: (more) => say.msg('ownNumber', { volume, ofPool, node, more }), evidence, recovery };
  }
  const last = recent.at(-1);
  if (!last) return undefined;
  const at = when(say, last);
  if (src.slotMapProblem) {
    const why = src.slotMapProblem;
    return { severity: dated ? 'fail' : 'warn', message: (more) => say.msg('refusedUnread', { volume, when: at, why, more }), evidence, recovery };
  }
  return {
    severity: 'warn',
    message: (more) => say.msg('refusedReleased', { volume, when: at, more }),
    evidence,
    recovery: { steps: ['find-mount-error', 'find-other-cluster-nodes', 'start-pool'], vars },
  };
}

/** The volume's slot map rows, the node map they were judged by, and the platform's refusals. */
function volumeEvidence(say: SayNoSlot, v: VolumeView, src: Sources, refusals: readonly LogLine[]): Evidence[] {
  const out: Evidence[] = [];
  if (v.rows.length) {
    const header = src.slotMaps.headerLine;
    out.push(excerpt(src.mountedOut, [...(header !== undefined ? [header] : []), ...v.rows.map((r) => r.span)]));
    const nodeLines = (src.view.conf?.nodes ?? []).flatMap((n) => [n.keyLines.number, n.keyLines.name].filter((x): x is number => x !== undefined));
    out.push(excerpt(src.view.confOutput, nodeLines, say.msg('knownNodes')));
  }
  return [...out, ...logEvidence(refusals, LOG_LINES_SHOWN)];
}

/** The kernel found every slot taken while no stranger holds one: too few slots for the nodes. */
function slotsExhausted(ctx: CheckContext, say: SayNoSlot, lines: readonly LogLine[], volumes: readonly VolumeView[]): Finding<NoSlotStep> {
  const at = when(say, lines.at(-1)!);
  // The refused mount was of a volume this host does not have: those are the candidates.
  const candidates = volumes.filter((v) => v.nodes.length && !v.mountedHere);
  const holders = candidates.length
    ? say.msg('slotHolders', { volumes: list(candidates.map((v) => say.msg('volumeNodes', { volume: v.volume.label, nodes: list(v.nodes) })), { en: '; ', zh: '；' }) })
    : '';
  return {
    severity: 'warn',
    message: (more) => say.msg('slotsExhausted', { host: ctx.host.name, when: at, holders, more }),
    evidence: logEvidence(lines.slice(-LOG_LINES_SHOWN)),
    recovery: { steps: ['count-node-slots', 'find-other-cluster-nodes', 'start-pool'], vars: { host: ctx.host.name } },
  };
}
