/**
 * Guide 3.5.2 — a shared storage pool fails to start (cluster-wide comparison).
 *
 * Runs: `virsh -r pool-list --all` and `virsh -r pool-dumpxml` per pool (the
 * OCFS2 pools libvirt defines here, their LUN path and mount point), `mount`,
 * /etc/ocfs2/cluster.conf and /etc/default/o2cb here and on the other
 * inventory hosts of the OCFS2 cluster, and their `mount`. Only when a pool
 * is down: the O2CB stack in configfs, `ls -l` of the pool's LUN path,
 * `multipath -ll`, FC port states and WWPNs, `iscsiadm -m session -P 3`, and
 * the error lines of the OCFS2 shell log, libvirtd.log and syslog (bounded).
 *
 * Which pools a host should have: those libvirt defines here (the platform
 * defines a pool on each host it assigns it to). The other nodes' mounts say
 * whether the pool works elsewhere, which puts the fault on this host (its
 * links, its LUN view, its configuration) rather than on the volume; they are
 * not a pool list of their own, since a pool may be assigned to some hosts
 * only. When libvirt cannot be read, a pool mounted elsewhere and not here is
 * the only hint left, and only a warning.
 *
 * Decides: a defined pool not mounted here fails when the cause is found
 * (host not in cluster.conf, O2CB offline, LUN missing with the FC ports or
 * iSCSI session down, LUN missing with the links up = unmapped on the
 * storage, no working multipath path, o2cb/cluster.conf differing between
 * nodes, the platform's "mounted by other hosts" refusal, which hands over to
 * pool-no-slot) or when other nodes have it mounted or it is set to autostart; a
 * pool stopped everywhere for no visible reason warns (it may have been
 * stopped on purpose). Configuration that differs while every pool is up
 * warns: the next start or reboot will trip on it.
 * Recommends: the guide's steps for the causes found, with the ports, WWPNs
 * and differing keys named.
 */
import { evidence, problem } from '../../src/engine/outputs.js';
import type { CheckContext, CheckDefinition, CheckResult, Evidence } from '../../src/engine/types.js';
import { text, type Text } from '../../src/i18n/text.js';
import { MOUNT } from '../shared/commands.js';
import { hostNow } from '../shared/logs.js';
import { clusterView, ocfs2MountsOf } from '../shared/ocfs2-cluster.js';
import { type ClusterPeers, clusterPeers, compareClusterConfig, type ConfigComparison } from './lib/pool-cluster-config.js';
import { describeGroups, diagnosePool, gatherFacts, type HostFacts, type PoolDiagnosis } from './lib/pool-diagnosis.js';
import { type Finding, findingsResult } from './lib/pool-findings.js';
import { libvirtAbsent, type LibvirtPools, readSharedPools, type SharedPool } from './lib/pool-libvirt.js';


interface PoolState {
  readonly pool: SharedPool;
  readonly mountedHere: boolean;
  /** Peers that have it mounted, with their mount line. */
  readonly mountedOn: ReadonlyArray<{ readonly host: string; readonly evidence: Evidence }>;
  readonly diagnosis?: PoolDiagnosis | undefined;
}

async function run(ctx: CheckContext): Promise<CheckResult> {
  const [view, pools, now, mountOut] = await Promise.all([clusterView(ctx), readSharedPools(ctx), hostNow(ctx), ctx.run(MOUNT)]);
  const mountProblem = problem(mountOut);
  if (mountProblem) return { status: 'unknown', summary: mountProblem };
  const confMissing = /No such file or directory/.test(view.confOutput.stderr);
  if (view.mounts.length === 0 && pools.shared.length === 0 && confMissing && (!pools.problem || libvirtAbsent(pools))) {
    return {
      status: 'skipped',
      skipReason: 'not-applicable',
      recovery: { steps: [] },
      summary: text('No OCFS2 here: no shared pool defined or mounted, no /etc/ocfs2/cluster.conf.', '此主机未使用 OCFS2：没有定义或挂载共享存储池，也没有 /etc/ocfs2/cluster.conf。'),
    };
  }

  const peers = await clusterPeers(ctx, view);
  const [config, peerMounts] = await Promise.all([
    compareClusterConfig(ctx, peers.peers),
    Promise.all(peers.peers.map(async (p) => ({ host: p.info.name, ...(await ocfs2MountsOf(p.host)) }))),
  ]);
  const mountedOn = (target: string) => peerMounts.flatMap((pm) => {
    const m = pm.mounts.find((e) => e.mountPoint === target);
    return m ? [{ host: pm.host, evidence: evidence(pm.output, pm.output.stdout.split('\n').slice(m.line - 1, m.line)) }] : [];
  });
  const here = new Set(view.mounts.map((m) => m.mountPoint));
  let states: PoolState[] = pools.shared.map((pool) => ({ pool, mountedHere: here.has(pool.targetPath), mountedOn: mountedOn(pool.targetPath) }));

  let facts: HostFacts | undefined;
  if (states.some((s) => !s.mountedHere)) {
    facts = await gatherFacts(ctx, view, config, now);
    states = await Promise.all(states.map(async (s) => (s.mountedHere ? s : { ...s, diagnosis: await diagnosePool(ctx, s.pool, facts!) })));
  }

  const defined = new Set(pools.shared.map((p) => p.targetPath));
  const elsewhere = [...new Set(peerMounts.flatMap((pm) => pm.mounts.map((m) => m.mountPoint)))]
    .filter((t) => !defined.has(t) && !here.has(t))
    .map((t) => ({ targetPath: t, mountedOn: mountedOn(t) }));

  const findings: Finding[] = states.filter((s) => !s.mountedHere).map((s) => poolFinding(ctx, s, peers, pools));
  const libvirtGap = pools.problem ? libvirtFinding(ctx, pools, elsewhere) : undefined;
  if (libvirtGap) findings.push(libvirtGap);
  if (!findings.some((f) => f.steps.includes('compare-cluster-config')) && config.differences.length) findings.push(configFinding(ctx, config));

  const data = resultData(ctx, states, elsewhere, config, peers, pools, facts);

  if (findings.length === 0) {
    // This host's own files unread: the comparison said nothing about it. A peer's: named in the summary.
    const own = config.unreadable.find((u) => u.host === ctx.host.name);
    const gap = pools.problem ?? pools.unreadable[0]?.why ?? (own ? text(`${own.file}: ${own.why.en}`, `${own.file}：${own.why.zh}`) : undefined);
    if (gap) return { status: 'unknown', summary: text(`Shared pools or this host's OCFS2 configuration could not be read: ${gap.en}`, `无法读取共享存储池或本机 OCFS2 配置：${gap.zh}`), data };
    return { status: 'ok', summary: okSummary(states, config, peers), data };
  }
  return findingsResult(findings, data);
}

function poolFinding(ctx: CheckContext, s: PoolState, peers: ClusterPeers, pools: LibvirtPools): Finding {
  const d = s.diagnosis!;
  const decisive = d.causes.filter((c) => c.decisive);
  // The log line is named only when nothing decisive was found; it stays in the evidence either way.
  const shown = (decisive.length ? decisive : d.causes).slice(0, 2);
  const severity = decisive.length || s.mountedOn.length || s.pool.autostart ? 'fail' : 'warn';
  const p = s.pool;
  const on = s.mountedOn.map((m) => m.host);
  const elsewhere = on.length
    ? text(` while ${on.join(', ')} ${on.length > 1 ? 'have' : 'has'} it mounted`, `，而 ${on.join('、')} 上已挂载`)
    : peers.peers.length ? text(', nor on any other node', '，其他节点上也未挂载') : text('', '');
  const why = shown.length
    ? text(`: ${shown.map((c) => c.summary.en).join('; ')}`, `：${shown.map((c) => c.summary.zh).join('；')}`)
    : d.gaps.length
      ? text(`: no cause found, but ${d.gaps[0]!.en}`, `：未找到原因，但${d.gaps[0]!.zh}`)
      : text(': no cause found in the cluster stack, the LUN, its links or the configuration; read the logs', '：在集群栈、LUN、链路和配置中均未找到原因，请分析日志');
  // Without a decisive cause the guide's last resorts follow what the logs say.
  const steps = [...new Set([...d.causes.flatMap((c) => c.steps), ...(decisive.length ? [] : ['read-logs', 'check-disk', 'reboot-host'])])];
  const listLines = pools.listOutput.stdout.split('\n');
  return {
    severity,
    summary: text(
      `Pool ${p.name} (${p.targetPath}) is not mounted on ${ctx.host.name} (libvirt: ${p.state})${elsewhere.en}${why.en}.`,
      `存储池 ${p.name}（${p.targetPath}）在 ${ctx.host.name} 上未挂载（libvirt 状态：${p.state}）${elsewhere.zh}${why.zh}。`,
    ),
    evidence: [
      evidence(pools.listOutput, [listLines[p.listLine - 1] ?? ''], text(`libvirt: ${p.state}, autostart ${p.autostart ? 'yes' : 'no'}`, `libvirt：${p.state}，自动启动 ${p.autostart ? '是' : '否'}`)),
      ...s.mountedOn.slice(0, 2).map((m) => m.evidence),
      ...d.evidence,
    ],
    steps,
    first: d.causes.flatMap((c) => c.first ?? []),
    vars: { host: ctx.host.name, wwid: d.lun?.volume.wwid ?? d.lun?.link.wwid ?? '<wwid>' },
  };
}

function libvirtFinding(ctx: CheckContext, pools: LibvirtPools, elsewhere: ReadonlyArray<{ targetPath: string; mountedOn: ReadonlyArray<{ host: string; evidence: Evidence }> }>): Finding | undefined {
  if (elsewhere.length === 0) return undefined;
  const e = elsewhere[0]!;
  const on = e.mountedOn.map((m) => m.host).join(', ');
  return {
    severity: 'warn',
    summary: text(
      `${e.targetPath} is mounted on ${on} but not on ${ctx.host.name}, and libvirt's pools cannot be read here (${pools.problem!.en})`,
      `${e.targetPath} 在 ${on.replace(/, /g, '、')} 上已挂载，但 ${ctx.host.name} 上没有，且无法读取本机 libvirt 存储池（${pools.problem!.zh}）`,
    ),
    evidence: [evidence(pools.listOutput, pools.listOutput.stderr.trim() || pools.listOutput.stdout.trim()), ...e.mountedOn.slice(0, 2).map((m) => m.evidence)],
    steps: ['read-logs', 'restore-storage-access'],
    vars: { host: ctx.host.name, wwid: '<wwid>' },
  };
}

function configFinding(ctx: CheckContext, config: ConfigComparison): Finding {
  const d = config.differences[0]!;
  const more = config.differences.length - 1;
  return {
    severity: 'warn',
    summary: text(
      `${d.file} differs between the nodes: ${describeGroups(d.key, d.groups, 'en')}${more ? ` (+${more} more difference(s))` : ''}; the pools are up now, the next start or reboot may fail.`,
      `各节点的 ${d.file} 不一致：${describeGroups(d.key, d.groups, 'zh')}${more ? `（另有 ${more} 处差异）` : ''}；存储池目前正常，但下次启动或重启可能失败。`,
    ),
    evidence: config.evidence,
    steps: ['compare-cluster-config', 'restore-storage-access'],
    vars: { host: ctx.host.name, wwid: '<wwid>' },
  };
}

function okSummary(states: readonly PoolState[], config: ConfigComparison, peers: ClusterPeers): Text {
  const pools = states.length
    ? text(`${states.length} shared pool(s) mounted (${states.map((s) => s.pool.name).join(', ')})`, `${states.length} 个共享存储池均已挂载（${states.map((s) => s.pool.name).join('、')}）`)
    : text('No shared pool is defined on this host', '此主机未定义共享存储池');
  const compared = config.compared.length
    ? text(`; cluster.conf and /etc/default/o2cb are the same on ${config.compared.join(', ')}`, `；cluster.conf 和 /etc/default/o2cb 与 ${config.compared.join('、')} 一致`)
    : text('', '');
  const outside = peers.outsideInventory.length
    ? text(`; ${peers.outsideInventory.join(', ')} of cluster.conf not in the inventory, not compared`, `；cluster.conf 中的 ${peers.outsideInventory.join('、')} 不在清单中，未比对`)
    : text('', '');
  const unread = config.unreadable.length
    ? text(`; could not read ${config.unreadable.map((u) => `${u.file} on ${u.host}`).join(', ')}`, `；无法读取 ${config.unreadable.map((u) => `${u.host} 上的 ${u.file}`).join('、')}`)
    : text('', '');
  return text(`${pools.en}${compared.en}${outside.en}${unread.en}.`, `${pools.zh}${compared.zh}${outside.zh}${unread.zh}。`);
}

function resultData(
  ctx: CheckContext,
  states: readonly PoolState[],
  elsewhere: ReadonlyArray<{ targetPath: string; mountedOn: ReadonlyArray<{ host: string }> }>,
  config: ConfigComparison,
  peers: ClusterPeers,
  pools: LibvirtPools,
  facts: HostFacts | undefined,
) {
  return {
    pools: states.map((s) => ({
      name: s.pool.name,
      targetPath: s.pool.targetPath,
      libvirtState: s.pool.state,
      autostart: s.pool.autostart,
      sourceDevice: s.pool.sourceDevice,
      mountedHere: s.mountedHere,
      mountedOn: s.mountedOn.map((m) => m.host),
      ...(s.diagnosis ? {
        lun: s.diagnosis.lun ? {
          wwid: s.diagnosis.lun.volume.wwid,
          linkExists: s.diagnosis.lun.linkExists,
          multipathMap: s.diagnosis.lun.volume.map?.name,
          usablePaths: s.diagnosis.lun.usablePaths,
          totalPaths: s.diagnosis.lun.totalPaths,
        } : undefined,
        causes: s.diagnosis.causes.map((c) => c.kind),
        notChecked: s.diagnosis.gaps.map((g) => g.en),
      } : {}),
    })),
    mountedElsewhereOnly: elsewhere.map((e) => ({ targetPath: e.targetPath, mountedOn: e.mountedOn.map((m) => m.host) })),
    peersCompared: config.compared,
    notInInventory: peers.outsideInventory,
    configDifferences: config.differences,
    unreadable: [
      ...config.unreadable.map((u) => ({ host: u.host, what: u.file, why: u.why.en })),
      ...pools.unreadable.map((u) => ({ host: ctx.host.name, what: `pool ${u.name}`, why: u.why.en })),
      ...(pools.problem ? [{ host: ctx.host.name, what: 'libvirt pools', why: pools.problem.en }] : []),
    ],
    ...(facts ? linkData(facts) : {}),
  };
}

function linkData(f: HostFacts) {
  return {
    clusterStack: { clusters: f.stack.clusters, nodes: f.stack.nodes },
    fcPorts: f.san.fc.map((p) => ({ host: p.host, state: p.state, wwpn: p.wwpn })),
    iscsiSessions: f.san.iscsi.map((s) => ({ target: s.target, portal: s.portal, sessionState: s.sessionState, connectionState: s.connectionState, disks: s.disks.map((d) => d.device) })),
    recentLogLines: f.logs.lines.filter((l) => l.recent !== false).slice(-10).map((l) => ({ file: l.file, line: l.raw })),
  };
}

export const check: CheckDefinition = { id: 'shared-pool-start', run };
