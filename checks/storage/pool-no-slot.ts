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
import { evidence, problem } from '../../src/engine/outputs.js';
import type { CheckContext, CheckDefinition, CheckResult, CommandOutput, Evidence } from '../../src/engine/types.js';
import { text, type Text } from '../../src/i18n/text.js';
import { type MultipathMap, parseMultipathLl } from '../../src/parsers/multipath.js';
import { foreignNodes, type MountedOcfs2Volume, parseMountedOcfs2 } from '../../src/parsers/ocfs2-mounted.js';
import { cmd } from '../../src/transport/command.js';
import { MULTIPATH_LL } from '../shared/commands.js';
import { hostNow } from '../shared/logs.js';
import { type ClusterView, clusterView } from '../shared/ocfs2-cluster.js';
import { type Finding, findingsResult } from './lib/pool-findings.js';
import { readSharedPools, type SharedPool } from './lib/pool-libvirt.js';
import { type LogLine, ocfs2ShellLog, REFUSED_MOUNT, scanLogs, SYSLOG_FILES } from './lib/pool-logs.js';
import { type Volume, volumeOf } from './lib/pool-volume.js';

export const MOUNTED_FULL = cmd('mounted.ocfs2', '-f');
const NO_SLOT = /no free slots available/;
const LOG_PATTERN = 'had been mounted by other hosts|no free slots available';

interface VolumeView {
  readonly volume: Volume;
  readonly rows: readonly MountedOcfs2Volume[];
  readonly nodes: readonly string[];
  /** Names/numbers cluster.conf does not know, and our own number on a volume we have not mounted. */
  readonly foreign: readonly string[];
  readonly impostor?: string | undefined;
  /** Cluster name in the superblock (1.8 layout) that is not ours. */
  readonly otherCluster?: string | undefined;
  readonly mountedHere: boolean;
  readonly pool?: SharedPool | undefined;
  readonly refusals: readonly LogLine[];
}

async function run(ctx: CheckContext): Promise<CheckResult> {
  const [view, mountedOut, llOut, now, shellLog, pools] = await Promise.all([
    clusterView(ctx), ctx.run(MOUNTED_FULL), ctx.run(MULTIPATH_LL), hostNow(ctx), ocfs2ShellLog(ctx), readSharedPools(ctx),
  ]);
  const logs = await scanLogs(ctx, [{ files: [shellLog], pattern: LOG_PATTERN }, { files: SYSLOG_FILES, pattern: LOG_PATTERN }], now);
  const confMissing = /No such file or directory/.test(view.confOutput.stderr);
  // Without cluster.conf this host is no OCFS2 node: no slot map can be judged, no pool of its own can start.
  if (confMissing && logs.lines.length === 0) {
    return {
      status: 'skipped',
      skipReason: 'not-applicable',
      recovery: { steps: [] },
      summary: text('No OCFS2 cluster here: no /etc/ocfs2/cluster.conf and no refused mount in the logs.', '此主机不是 OCFS2 集群节点：没有 /etc/ocfs2/cluster.conf，日志中也没有被拒绝的挂载。'),
    };
  }
  const maps = problem(llOut) ? [] : parseMultipathLl(llOut.stdout).value.maps;
  const slotMapProblem = problem(mountedOut);
  const rows = slotMapProblem ? [] : parseMountedOcfs2(mountedOut.stdout).value.volumes;
  const refusals = logs.lines.filter((l) => REFUSED_MOUNT.test(l.message));
  const noSlot = logs.lines.filter((l) => NO_SLOT.test(l.message));
  const volumes = volumeViews(view, rows, refusals, maps, pools.shared);

  const findings = volumes.flatMap((v) => volumeFinding(ctx, v, mountedOut, view.confOutput, slotMapProblem) ?? []);
  const recentNoSlot = noSlot.filter((l) => l.recent !== false);
  if (recentNoSlot.length && !findings.some((f) => f.severity === 'fail')) findings.push(slotsExhausted(ctx, recentNoSlot, volumes));

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
    logProblems: logs.problems.map((p) => ({ file: p.file, why: p.why.en })),
  };

  if (findings.length === 0) {
    const confProblem = confMissing ? undefined : problem(view.confOutput);
    if (confProblem) return { status: 'unknown', summary: text(`cluster.conf could not be read to judge the slot maps: ${confProblem.en}`, `无法读取 cluster.conf，不能判断 slot 中的节点：${confProblem.zh}`), data };
    if (slotMapProblem) return { status: 'unknown', summary: text(`The slot maps could not be read: ${slotMapProblem.en}`, `无法读取 OCFS2 卷的 slot 信息：${slotMapProblem.zh}`), data };
    return { status: 'ok', summary: okSummary(volumes, refusals), data };
  }
  return findingsResult(findings, data);
}

/** Each OCFS2 volume once (its map and path rows together), with who holds a slot and what the logs say of it. */
function volumeViews(
  view: ClusterView,
  rows: readonly MountedOcfs2Volume[],
  refusals: readonly LogLine[],
  maps: readonly MultipathMap[],
  pools: readonly SharedPool[],
): VolumeView[] {
  const localKeys = new Set(view.mounts.map((m) => volumeOf(m.device, maps).key));
  const localNode = view.conf?.nodes.find((n) => n.number === view.localNode);
  const ourCluster = view.conf?.clusters[0]?.name;
  const poolOf = (v: Volume, mountPoint?: string) =>
    pools.find((p) => (p.sourceDevice && volumeOf(p.sourceDevice, maps).key === v.key) || p.targetPath === mountPoint);

  const byKey = new Map<string, { volume: Volume; rows: MountedOcfs2Volume[] }>();
  for (const r of rows.filter((x) => x.nodes !== undefined)) {
    const volume = volumeOf(r.device, maps);
    const g = byKey.get(volume.key) ?? { volume, rows: [] };
    g.rows.push(r);
    byKey.set(volume.key, g);
  }
  for (const l of refusals) {
    const v = volumeOf(REFUSED_MOUNT.exec(l.message)![1]!, maps);
    if (!byKey.has(v.key)) byKey.set(v.key, { volume: v, rows: [] });
  }
  return [...byKey.values()].map(({ volume, rows: rs }) => {
    const nodes = [...new Set(rs.flatMap((r) => r.nodes ?? []))];
    const mountedHere = localKeys.has(volume.key);
    const ownName = localNode && nodes.find((n) => n === localNode.name || n === String(localNode.number));
    const otherCluster = rs.map((r) => r.cluster).find((c) => c && ourCluster && c !== ourCluster);
    const local = view.mounts.find((m) => volumeOf(m.device, maps).key === volume.key);
    return {
      volume,
      rows: rs,
      nodes,
      foreign: view.conf ? [...new Set(rs.flatMap((r) => foreignNodes(r, view.conf!)))] : [],
      impostor: ownName && !mountedHere ? ownName : undefined,
      otherCluster,
      mountedHere,
      pool: poolOf(volume, local?.mountPoint),
      refusals: refusals.filter((l) => volumeOf(REFUSED_MOUNT.exec(l.message)![1]!, maps).key === volume.key),
    };
  });
}

function okSummary(volumes: readonly VolumeView[], refusals: readonly LogLine[]): Text {
  const older = refusals.filter((l) => l.recent === false).at(-1);
  const inUse = volumes.filter((v) => v.nodes.length);
  const history = older
    ? text(`; an older refusal (${older.stamp}, ${REFUSED_MOUNT.exec(older.message)![1]}) is history`, `；较早的一次拒绝挂载（${older.stamp}，${REFUSED_MOUNT.exec(older.message)![1]}）属于历史记录`)
    : text('', '');
  return text(
    `${inUse.length} OCFS2 volume(s) in use, every node in their slot maps is in cluster.conf; no "had been mounted by other hosts" in the last 24 h${history.en}.`,
    `${inUse.length} 个在用的 OCFS2 卷，其 slot 中的节点都在 cluster.conf 中；最近 24 小时日志中没有“had been mounted by other hosts”${history.zh}。`,
  );
}

function volumeFinding(ctx: CheckContext, v: VolumeView, mountedOut: CommandOutput, confOut: CommandOutput, slotMapProblem: Text | undefined): Finding | undefined {
  const recent = v.refusals.filter((l) => l.recent !== false);
  const dated = recent.some((l) => l.recent === true);
  const name = `${v.volume.label}${v.pool ? ` of pool ${v.pool.name}` : ''}`;
  const nameZh = v.pool ? `存储池 ${v.pool.name} 的卷 ${v.volume.label}` : `卷 ${v.volume.label}`;
  const vars = { host: ctx.host.name, wwid: v.volume.wwid ?? v.volume.label, pool: v.pool?.name ?? '<pool>' };
  const ev = volumeEvidence(v, mountedOut, confOut, recent);
  const steps = [...(recent.length ? ['find-mount-error'] : []), 'find-other-cluster-nodes', 'release-on-other-platform', 'start-pool'];

  // Foreign nodes, a foreign superblock, or our number on a volume we have not mounted next to the platform's refusal.
  if (v.foreign.length || v.otherCluster || (v.impostor && recent.length)) {
    const who = [
      ...(v.foreign.length ? [text(
        `is mounted by node(s) ${v.foreign.join(', ')} that are not in this cluster's cluster.conf`,
        `被不在本集群 cluster.conf 中的节点 ${v.foreign.join('、')} 挂载`,
      )] : []),
      ...(v.impostor && recent.length ? [text(
        `lists ${v.impostor} (this host's node number) in its slot map although this host has not mounted it, so a node of another cluster with the same number holds it`,
        `的 slot 中有 ${v.impostor}（本机的节点编号），而本机并未挂载它，说明占用它的是另一个集群中编号相同的节点`,
      )] : []),
      ...(v.otherCluster ? [text(`was formatted for another OCFS2 cluster (${v.otherCluster})`, `属于另一个 OCFS2 集群（${v.otherCluster}）`)] : []),
    ].reduce((a, b) => text(`${a.en}; it also ${b.en}`, `${a.zh}；并且${b.zh}`));
    const both = v.mountedHere
      ? text(' It is mounted here too: two clusters write to one volume, which corrupts it.', '本机也挂载着它：两个集群同时写同一个卷会把它写坏。')
      : text('', '');
    return {
      severity: 'fail',
      summary: text(
        `Volume ${name} ${who.en}: another platform uses it; unmount it there, then start the pool.${both.en}`,
        `${nameZh}${who.zh}：另一个平台正在使用它，请在该平台解除挂载后再启动存储池。${both.zh}`,
      ),
      evidence: ev,
      steps,
      vars,
    };
  }
  if (v.impostor) {
    return {
      severity: 'warn',
      summary: text(
        `Volume ${name} lists ${v.impostor} (this host's node number) in its slot map, but this host has not mounted it: a node of another cluster with the same number, or a slot left by a crash of this host.`,
        `${nameZh}的 slot 中有 ${v.impostor}（本机的节点编号），但本机并未挂载它：可能是另一个集群中编号相同的节点，也可能是本机宕机后遗留的 slot。`,
      ),
      evidence: ev,
      steps,
      vars,
    };
  }
  if (!recent.length) return undefined;
  const last = recent.at(-1)!;
  const when = last.stamp ?? 'undated';
  const refused = text(`The platform refused to mount ${v.volume.label} (${when}): "had been mounted by other hosts"`, `平台拒绝挂载 ${v.volume.label}（${when}）：“had been mounted by other hosts”`);
  if (slotMapProblem) {
    return {
      severity: dated ? 'fail' : 'warn',
      summary: text(
        `${refused.en}; the slot maps could not be read to name the other hosts (${slotMapProblem.en}).`,
        `${refused.zh}；无法读取 slot 信息以确定对方主机（${slotMapProblem.zh}）。`,
      ),
      evidence: ev,
      steps,
      vars,
    };
  }
  return {
    severity: 'warn',
    summary: text(
      `${refused.en}, but mounted.ocfs2 -f shows no node of another cluster on it now: it may have been released; start the pool again.`,
      `${refused.zh}，但 mounted.ocfs2 -f 目前未显示其他集群的节点：可能已被释放，请重新启动存储池。`,
    ),
    evidence: ev,
    steps: ['find-mount-error', 'find-other-cluster-nodes', 'start-pool'],
    vars,
  };
}

function volumeEvidence(v: VolumeView, mountedOut: CommandOutput, confOut: CommandOutput, refusals: readonly LogLine[]): Evidence[] {
  const out: Evidence[] = [];
  if (v.rows.length) {
    const all = mountedOut.stdout.split('\n');
    const header = all.find((l) => /^Device\s/.test(l));
    out.push(evidence(mountedOut, [...(header ? [header] : []), ...v.rows.map((r) => all[r.line - 1]!)]));
    out.push(evidence(confOut, nodeLines(confOut.stdout), text('the nodes this cluster knows', '本集群已知的节点')));
  }
  const byOutput = new Map<CommandOutput, string[]>();
  for (const l of refusals) byOutput.set(l.output, [...(byOutput.get(l.output) ?? []), l.raw]);
  for (const [o, raws] of byOutput) out.push(evidence(o, raws.slice(-3)));
  return out;
}

/** `number =` and `name =` lines of the node stanzas of cluster.conf. */
function nodeLines(conf: string): string[] {
  let stanza = '';
  return conf.split('\n').filter((l) => {
    const header = /^\s*(\w+):\s*$/.exec(l);
    if (header) stanza = header[1]!;
    return stanza === 'node' && /^\s*(name|number)\s*=/.test(l);
  });
}

/** The kernel found every slot taken while no stranger holds one: too few slots for the nodes. */
function slotsExhausted(ctx: CheckContext, lines: readonly LogLine[], volumes: readonly VolumeView[]): Finding {
  const last = lines.at(-1)!;
  const when = last.stamp ?? 'undated';
  // The refused mount was of a volume this host does not have: those are the candidates.
  const candidates = volumes.filter((v) => v.nodes.length && !v.mountedHere);
  const inUse = candidates.map((v) => `${v.volume.label}: ${v.nodes.join(', ')}`).join('; ');
  return {
    severity: 'warn',
    summary: text(
      `The kernel refused a mount on ${ctx.host.name} (${when}): "no free slots available", and no node of another cluster holds a slot${inUse ? ` (${inUse})` : ''}: the volume may have fewer node slots than the cluster has nodes.`,
      `${ctx.host.name} 上内核拒绝了一次挂载（${when}）：“no free slots available”，且没有其他集群的节点占用 slot${inUse ? `（${inUse}）` : ''}：该卷的节点 slot 数可能少于集群节点数。`,
    ),
    evidence: [evidence(last.output, lines.slice(-3).map((l) => l.raw))],
    steps: ['find-other-cluster-nodes', 'start-pool'],
    first: [{
      id: 'count-node-slots',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      command: 'debugfs.ocfs2 -R stats <device>',
      text: text(
        'usdiag advice: compare the volume\'s "Max Node Slots" (debugfs.ocfs2 -R stats) with the nodes that mount it; when they are all nodes of this cluster, more slots are needed (tunefs.ocfs2 -N, a change for technical support).',
        'usdiag 建议：将该卷的 “Max Node Slots”（debugfs.ocfs2 -R stats）与挂载它的节点数对比；如果都是本集群的节点，说明 slot 不够（需用 tunefs.ocfs2 -N 增加，应由技术支持操作）。',
      ),
    }],
    vars: { host: ctx.host.name, wwid: '<wwid>', pool: '<pool>' },
  };
}

export const check: CheckDefinition = { id: 'pool-no-slot', run };
