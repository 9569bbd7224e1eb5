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
import { leadContext } from '../../../src/engine/context.js';
import { defineCheck } from '../../../src/engine/define-check.js';
import { evidence, excerpt, readProblem } from '../../../src/engine/outputs.js';
import type { CheckContext, CheckResult, Evidence } from '../../../src/engine/types.js';
import { list, type MsgValue, renderMsg } from '../../../src/i18n/message.js';
import { CLUSTER_CONF, MOUNT, NODE_NAME } from '../../shared/commands.js';
import { HOST_EPOCH, hostNow } from '../../shared/logs.js';
import { clusterView, ocfs2MountsOf } from '../../shared/ocfs2-cluster.js';
import { type Finding, findingsResult } from '../../shared/pool-findings.js';
import { libvirtAbsent, type LibvirtPools, POOL_LIST, readSharedPools, type SharedPool } from '../../shared/pool-libvirt.js';
import { type ClusterPeers, clusterPeers, compareClusterConfig, type ConfigComparison, O2CB_DEFAULTS } from './cluster-config.js';
import { describeGroups, diagnosePool, type PoolDiagnosis } from './diagnosis.js';
import { gatherFacts, type HostFacts } from './facts.js';
import { messages, type PoolStep, type SayPool, steps } from './messages.js';

interface MountedOn {
  readonly host: string;
  /** Its mount line. */
  readonly evidence: Evidence;
}

interface PoolState {
  readonly pool: SharedPool;
  readonly mountedHere: boolean;
  /** Peers that have it mounted. */
  readonly mountedOn: readonly MountedOn[];
  readonly diagnosis?: PoolDiagnosis | undefined;
}

interface ElsewhereOnly {
  readonly targetPath: string;
  readonly mountedOn: readonly MountedOn[];
}

/** The guide's last resorts when nothing decisive was found: what the logs say, the disk, a reboot. */
const LAST_RESORTS: readonly PoolStep[] = ['read-logs', 'check-disk', 'reboot-host'];
const SEMICOLONS = { en: '; ', zh: '；' };

export const check = defineCheck({
  id: 'shared-pool-start',
  needs: [MOUNT, CLUSTER_CONF, O2CB_DEFAULTS, POOL_LIST, { command: NODE_NAME, optional: true }, { command: HOST_EPOCH, optional: true }],
  messages,
  steps,
  async run(ctx, say) {
    const [view, pools, now, mountOut] = await Promise.all([clusterView(ctx), readSharedPools(ctx), hostNow(ctx), ctx.run(MOUNT)]);
    const mountProblem = readProblem(mountOut);
    if (mountProblem) return say.unknown('mountUnreadable', { why: mountProblem });
    const confMissing = view.confOutput.read.kind === 'absent';
    if (view.mounts.length === 0 && pools.shared.length === 0 && confMissing && (!pools.problem || libvirtAbsent(pools))) {
      return say.notApplicable('noOcfs2');
    }

    const peers = await clusterPeers(ctx, view);
    // Which peers have a pool mounted only adds to a finding (who has it, fail rather than warn):
    // an ok never rests on those reads, so a peer that cannot be asked does not spoil it.
    const lead = leadContext(ctx);
    const [config, peerMounts] = await Promise.all([
      compareClusterConfig(ctx, say, peers.peers),
      Promise.all(peers.peers.map(async (p) => ({ host: p.info.name, ...(await ocfs2MountsOf(lead.peer({ name: p.info.name }) ?? p.host)) }))),
    ]);
    const mountedOn = (target: string): MountedOn[] => peerMounts.flatMap((pm) => {
      const m = pm.mounts.find((e) => e.mountPoint === target);
      return m ? [{ host: pm.host, evidence: excerpt(pm.output, [m.line]) }] : [];
    });
    const here = new Set(view.mounts.map((m) => m.mountPoint));
    let states: PoolState[] = pools.shared.map((pool) => ({ pool, mountedHere: here.has(pool.targetPath), mountedOn: mountedOn(pool.targetPath) }));

    let facts: HostFacts | undefined;
    if (states.some((s) => !s.mountedHere)) {
      const known = await gatherFacts(ctx, view, config, now);
      facts = known;
      states = await Promise.all(states.map(async (s) => (s.mountedHere ? s : { ...s, diagnosis: await diagnosePool(ctx, say, s.pool, known) })));
    }

    const defined = new Set(pools.shared.map((p) => p.targetPath));
    const elsewhere: ElsewhereOnly[] = [...new Set(peerMounts.flatMap((pm) => pm.mounts.map((m) => m.mountPoint)))]
      .filter((t) => !defined.has(t) && !here.has(t))
      .map((t) => ({ targetPath: t, mountedOn: mountedOn(t) }));

    const findings: Finding<PoolStep>[] = states.filter((s) => !s.mountedHere).map((s) => poolFinding(ctx, say, s, peers, pools));
    const libvirtGap = pools.problem ? libvirtFinding(ctx, say, pools, elsewhere) : undefined;
    if (libvirtGap) findings.push(libvirtGap);
    if (!findings.some((f) => f.recovery.steps?.includes('compare-cluster-config')) && config.differences.length) findings.push(configFinding(ctx, say, config));

    const data = resultData(ctx, states, elsewhere, config, peers, pools, facts);
    if (findings.length) return findingsResult(say, findings, data);

    // This host's own files unread: the comparison said nothing about it. A peer's: named in the summary.
    const own = config.unreadable.find((u) => u.host === ctx.host.name);
    const gap = pools.problem ?? pools.unreadable[0]?.why ?? (own ? say.msg('fileWhy', { file: own.file, why: own.why }) : undefined);
    if (gap) return say.unknown('unreadable', { why: gap }, { data });
    return okVerdict(say, states, config, peers, data);
  },
});

function poolFinding(ctx: CheckContext, say: SayPool, s: PoolState, peers: ClusterPeers, pools: LibvirtPools): Finding<PoolStep> {
  const d = s.diagnosis!;
  const p = s.pool;
  const decisive = d.causes.filter((c) => c.decisive);
  // The log line is named only when nothing decisive was found; it stays in the evidence either way.
  const shown = (decisive.length ? decisive : d.causes).slice(0, 2);
  const on = s.mountedOn.map((m) => m.host);
  const elsewhere = on.length
    ? say.msg(on.length > 1 ? 'mountedOnMany' : 'mountedOnOne', { hosts: list(on) })
    : peers.peers.length ? say.msg('nowhereElse') : '';
  const why = shown.length
    ? say.msg('because', { causes: list(shown.map((c) => c.summary), SEMICOLONS) })
    : d.gaps.length ? say.msg('noCauseBut', { gap: d.gaps[0]! }) : say.msg('noCause');
  // The check's own concrete steps first, then the guide's for each cause; without a decisive cause the last resorts.
  const stepIds = [...new Set([...d.causes.flatMap((c) => c.first ?? []), ...d.causes.flatMap((c) => c.steps), ...(decisive.length ? [] : LAST_RESORTS)])];
  const autostart = say.msg(p.autostart ? 'yes' : 'no');
  return {
    severity: decisive.length || on.length || p.autostart ? 'fail' : 'warn',
    message: (more: MsgValue) => say.msg('poolDown', { pool: p.name, target: p.targetPath, host: ctx.host.name, state: p.state, elsewhere, why, more }),
    evidence: [
      excerpt(pools.listOutput, [p.listed], say.msg('poolListed', { state: p.state, autostart })),
      ...s.mountedOn.slice(0, 2).map((m) => m.evidence),
      ...d.evidence,
    ],
    recovery: {
      steps: stepIds,
      vars: Object.assign({ host: ctx.host.name, wwid: d.lun?.volume.wwid ?? d.lun?.link.wwid }, ...d.causes.map((c) => c.vars ?? {})),
    },
  };
}

function libvirtFinding(ctx: CheckContext, say: SayPool, pools: LibvirtPools, elsewhere: readonly ElsewhereOnly[]): Finding<PoolStep> | undefined {
  const e = elsewhere[0];
  if (!e) return undefined;
  const out = pools.listOutput;
  return {
    severity: 'warn',
    message: (more) => say.msg('libvirtGap', { target: e.targetPath, hosts: list(e.mountedOn.map((m) => m.host)), host: ctx.host.name, why: pools.problem!, more }),
    // What virsh said instead of its list.
    evidence: [evidence(out, out.stderr.trim() || out.stdout.trim()), ...e.mountedOn.slice(0, 2).map((m) => m.evidence)],
    recovery: { steps: ['read-logs', 'restore-storage-access'], vars: { host: ctx.host.name } },
  };
}

function configFinding(ctx: CheckContext, say: SayPool, config: ConfigComparison): Finding<PoolStep> {
  const d = config.differences[0]!;
  const others = config.differences.length - 1;
  return {
    severity: 'warn',
    message: (more) => say.msg('configDiffers', {
      file: d.file,
      groups: describeGroups(say, d.key, d.groups),
      others: others ? say.msg('moreDifferences', { count: others }) : '',
      more,
    }),
    evidence: config.evidence,
    recovery: { steps: ['compare-cluster-config', 'restore-storage-access'], vars: { host: ctx.host.name } },
  };
}

function okVerdict(say: SayPool, states: readonly PoolState[], config: ConfigComparison, peers: ClusterPeers, data: unknown): CheckResult {
  const tail = {
    compared: config.compared.length ? say.msg('sameOn', { hosts: list(config.compared) }) : '',
    outside: peers.outsideInventory.length ? say.msg('notCompared', { nodes: list(peers.outsideInventory) }) : '',
    unread: config.unreadable.length ? say.msg('notRead', { files: list(config.unreadable.map((u) => say.msg('fileOn', { file: u.file, host: u.host }))) }) : '',
  };
  if (states.length === 0) return say.ok('noneDefined', tail, { data });
  return say.ok('allMounted', { count: states.length, pools: list(states.map((s) => s.pool.name)), ...tail }, { data });
}

function resultData(
  ctx: CheckContext,
  states: readonly PoolState[],
  elsewhere: readonly ElsewhereOnly[],
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
        notChecked: s.diagnosis.gaps.map((g) => renderMsg(g, 'en')),
      } : {}),
    })),
    mountedElsewhereOnly: elsewhere.map((e) => ({ targetPath: e.targetPath, mountedOn: e.mountedOn.map((m) => m.host) })),
    peersCompared: config.compared,
    notInInventory: peers.outsideInventory,
    configDifferences: config.differences,
    unreadable: [
      ...config.unreadable.map((u) => ({ host: u.host, what: u.file, why: renderMsg(u.why, 'en') })),
      ...pools.unreadable.map((u) => ({ host: ctx.host.name, what: `pool ${u.name}`, why: renderMsg(u.why, 'en') })),
      ...(pools.problem ? [{ host: ctx.host.name, what: 'libvirt pools', why: renderMsg(pools.problem, 'en') }] : []),
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
