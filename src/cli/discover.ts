/**
 * `--discover`: the given hosts name the rest of their cluster. On each
 * given host usdiag reads `/etc/ocfs2/cluster.conf` (the same read the
 * storage checks make, through the read-only policy) and adds every node it
 * lists (name and ip_address) that is not given already, reached with the
 * same credentials as the host that named it. One address of a cluster is
 * enough. What was discovered, and from where, is said on stderr.
 *
 * A VMS has no such file: the hypervisors it manages are rows of its
 * management database, and a MySQL query is not a command the read-only
 * policy can prove read-only (nor should usdiag hold database credentials).
 * The guide names no other read-only source, so for a VMS usdiag says so and
 * scans what it was given.
 */
import { CLUSTER_CONF } from '../../checks/shared/commands.js';
import type { HostPlan } from '../engine/runner.js';
import { ROLE_PROBE, rolesFromProcessNames } from '../engine/roles.js';
import type { HostInfo } from '../engine/types.js';
import type { Lang } from '../i18n/text.js';
import { parseClusterConf } from '../parsers/ocfs2-config.js';
import { type Command, cmd } from '../transport/command.js';
import { prepare } from '../transport/policy.js';
import type { ExecResult, Transport } from '../transport/types.js';
import { sudoRefusal } from '../engine/sudo.js';
import type { ScanConfig } from './flags.js';
import { type CliIO, UsageError } from './io.js';
import { sshPlanMaker, sshTargetInputs } from './targets.js';

const NODE_NAME = cmd('uname', '-n');

export interface DiscoveredNode {
  readonly name: string;
  readonly address: string;
  /** The given host whose cluster.conf listed it. */
  readonly from: string;
}

export async function discoverTargets(cfg: ScanConfig, io: CliIO, lang: Lang): Promise<HostPlan[]> {
  if (cfg.target.kind !== 'hosts' && cfg.target.kind !== 'inventory') {
    throw new UsageError({ en: '--discover needs --host or --inventory (it reads cluster.conf over SSH)', zh: '--discover 需要 --host 或 --inventory（通过 SSH 读取 cluster.conf）' });
  }
  const inputs = await sshTargetInputs(cfg, io);
  const make = await sshPlanMaker(cfg, io);
  const plans: HostPlan[] = inputs.map((t) => make(t.info, t.input));
  const say = (en: string, zh: string) => io.stderr.write(`usdiag: ${lang === 'zh' ? zh : en}\n`);
  const taken = (name: string, address: string) => plans.some((p) => p.info.name === name || p.info.address === address || p.info.name === address);
  const discovered: DiscoveredNode[] = [];

  // The given hosts, one after the other: each lists its cluster; a node already listed by one is not added twice.
  const seeds = [...plans];
  for (let i = 0; i < seeds.length; i++) {
    const seed = seeds[i]!;
    const input = inputs[i]!.input;
    try {
      await seed.transport.connect();
    } catch (e) {
      say(`--discover: ${seed.info.name} could not be reached (${(e as Error).message}): nothing discovered from it`,
        `--discover：无法连接 ${seed.info.name}（${(e as Error).message}），未从其发现节点`);
      continue;
    }
    const run = (c: Command) => exec(seed.transport, seed.info, c, cfg.timeoutSec);
    const [conf, uname, ps] = await Promise.all([run(CLUSTER_CONF), run(NODE_NAME), seed.info.roles.length ? undefined : run(ROLE_PROBE)]);
    const roles = seed.info.roles.length ? seed.info.roles : rolesFromProcessNames((ps?.stdout ?? '').split('\n')).roles;
    if (roles.includes('vms')) vmsNote(seed.info.name, say);
    const refused = sudoRefusal(conf);
    if (refused) {
      say(`--discover: ${seed.info.name}: sudo refused to read /etc/ocfs2/cluster.conf (${refused})`, `--discover：${seed.info.name}：sudo 拒绝读取 /etc/ocfs2/cluster.conf（${refused}）`);
      continue;
    }
    if (conf.failure || conf.exitCode !== 0) {
      const why = conf.failure?.message ?? (conf.stderr.trim().split('\n')[0] || `exit ${conf.exitCode}`);
      const absent = /No such file or directory/.test(conf.stderr);
      if (absent && !roles.includes('vms')) {
        say(`--discover: ${seed.info.name} has no /etc/ocfs2/cluster.conf: it is in no OCFS2 cluster, nothing to discover`,
          `--discover：${seed.info.name} 没有 /etc/ocfs2/cluster.conf：不属于任何 OCFS2 集群，无可发现的节点`);
      } else if (!absent) {
        say(`--discover: ${seed.info.name}: /etc/ocfs2/cluster.conf could not be read (${why})`, `--discover：${seed.info.name}：无法读取 /etc/ocfs2/cluster.conf（${why}）`);
      }
      continue;
    }
    const parsed = parseClusterConf(conf.stdout).value;
    const self = uname.exitCode === 0 ? uname.stdout.trim() : undefined;
    const added: string[] = [];
    const known: string[] = [];
    for (const node of parsed.nodes) {
      if (!node.ipAddress) continue;
      if (taken(node.name, node.ipAddress) || node.name === self) {
        known.push(`${node.name} (${node.ipAddress})`);
        continue;
      }
      const info: HostInfo = { name: node.name, address: node.ipAddress, roles: [], ...(seed.info.cluster !== undefined ? { cluster: seed.info.cluster } : {}), ...(seed.info.sudo ? { sudo: true } : {}) };
      // The seed's credentials and port; only the address is the node's (ip_port is o2net's, not SSH's).
      plans.push(make(info, { ...input, name: node.name, address: node.ipAddress }));
      discovered.push({ name: node.name, address: node.ipAddress, from: seed.info.name });
      added.push(`${node.name} (${node.ipAddress})`);
    }
    const cluster = parsed.clusters[0]?.name ?? parsed.nodes[0]?.cluster ?? '?';
    if (added.length) {
      say(`--discover: from ${seed.info.name}'s /etc/ocfs2/cluster.conf (cluster ${cluster}): discovered ${added.join(', ')}${known.length ? `; already given: ${known.join(', ')}` : ''}`,
        `--discover：从 ${seed.info.name} 的 /etc/ocfs2/cluster.conf（集群 ${cluster}）发现 ${added.join('、')}${known.length ? `；已给出：${known.join('、')}` : ''}`);
    } else {
      say(`--discover: ${seed.info.name}'s /etc/ocfs2/cluster.conf (cluster ${cluster}) lists no node that is not given already${known.length ? ` (${known.join(', ')})` : ''}`,
        `--discover：${seed.info.name} 的 /etc/ocfs2/cluster.conf（集群 ${cluster}）中没有未给出的节点${known.length ? `（${known.join('、')}）` : ''}`);
    }
  }
  return plans;
}

function vmsNote(name: string, say: (en: string, zh: string) => void): void {
  say(
    `--discover: ${name} is a VMS: usdiag knows no read-only source of the hypervisors it manages (the guide names none; they are rows of the management database, and a MySQL query is not a command the read-only policy can prove read-only), so give them with --host or --inventory, or --discover from one of them (its cluster.conf)`,
    `--discover：${name} 是 VMS：usdiag 不知道其所管理主机的只读来源（手册中没有；它们在管理数据库中，而 MySQL 查询不是只读策略能证明只读的命令），请用 --host 或 --inventory 给出，或对其中一台 VKS 使用 --discover（读取其 cluster.conf）`,
  );
}

async function exec(t: Transport, info: HostInfo, c: Command, timeoutSec: number): Promise<ExecResult> {
  const p = prepare({ ...c, timeoutSec }, { timeoutSec, sudo: info.sudo === true });
  return t.exec(p, { timeoutMs: timeoutSec * 1000 + 3000 });
}
