/**
 * The OCFS2 cluster as one host sees it: its mounts, its node map
 * (cluster.conf), which node it is, and how to reach another node through the
 * inventory. Shared by the storage checks and everything that follows a
 * blocked pool.
 */
import { excerpt, parsedOnce, readProblem } from '../../src/engine/outputs.js';
import type { CheckContext, CommandOutput, Evidence, HostContext } from '../../src/engine/types.js';
import { defineMessages, list, type Msg } from '../../src/i18n/message.js';
import { type MountEntry, ocfs2Mounts, parseMount } from '../../src/parsers/mount.js';
import { nodeByNumber, type Ocfs2ClusterConf, type Ocfs2NodeStanza, parseClusterConf } from '../../src/parsers/ocfs2.js';
import type { Parsed } from '../../src/parsers/types.js';
import { CLUSTER_CONF, MOUNT, NODE_NAME } from './commands.js';

export const ocfs2Msg = defineMessages('ocfs2', {
  node: { en: 'node {number} ({where})', zh: '节点 {number}（{where}）' },
  nodeNumber: { en: 'node {number}', zh: '节点 {number}' },
  notInInventory: { en: '{node} is not in the inventory', zh: '{node} 不在主机清单中' },
  notMounted: { en: '{mount} is not mounted on {node}', zh: '{node} 上没有挂载 {mount}' },
});

export interface NodeRef {
  readonly number: number;
  /** From cluster.conf, when the node is listed there. */
  readonly name?: string | undefined;
  readonly ip?: string | undefined;
  /** The inventory host for this node, when there is one. */
  readonly host?: HostContext | undefined;
}

const NAME_SEP = { en: ', ', zh: '，' };

/** "node 3 (cvknode13, 172.16.51.13)" in either language. */
export function nodeLabel(n: NodeRef): Msg {
  const where = [n.name, n.ip].filter((x): x is string => Boolean(x));
  return where.length ? ocfs2Msg('node', { number: n.number, where: list(where, NAME_SEP) }) : ocfs2Msg('nodeNumber', { number: n.number });
}

/** The inventory host name of a node, or its cluster.conf name, or its number. */
export function nodeHostName(n: NodeRef): string {
  return n.host?.host.name ?? n.name ?? `node ${n.number}`;
}

export interface ClusterView {
  readonly mounts: readonly MountEntry[];
  readonly mountOutput: CommandOutput;
  readonly conf?: Ocfs2ClusterConf | undefined;
  readonly confOutput: CommandOutput;
  /** This host's node number, when cluster.conf says which node it is. */
  readonly localNode?: number | undefined;
  readonly problems: readonly Msg[];
}

/** OCFS2 mounts of a host (not the dlmfs control mount). */
export async function ocfs2MountsOf(host: HostContext): Promise<{ mounts: MountEntry[]; output: CommandOutput; problem?: Msg }> {
  const out = await host.run(MOUNT);
  const why = readProblem(out);
  if (why) return { mounts: [], output: out, problem: why };
  return { mounts: ocfs2Mounts(parsedOnce(out, parseMount).value), output: out };
}

/**
 * A host's cluster.conf, parsed once per scan (parsedOnce): every check and
 * every peer that reads it shares the output. Without it each of N hosts
 * parsed every peer's file: N².
 */
let confParses = 0;
const countedClusterConf = (input: string): Parsed<Ocfs2ClusterConf> => {
  confParses++;
  return parseClusterConf(input);
};

export function clusterConfOf(out: CommandOutput): Parsed<Ocfs2ClusterConf> {
  return parsedOnce(out, countedClusterConf);
}

/** How many cluster.conf outputs were parsed so far in this process (tests count them). */
export function clusterConfParses(): number {
  return confParses;
}

export async function clusterView(ctx: CheckContext): Promise<ClusterView> {
  // The node name only helps to find this node in cluster.conf: the view stands without it.
  const [m, confOut, nameOut] = await Promise.all([ocfs2MountsOf(ctx), ctx.run(CLUSTER_CONF), ctx.run(NODE_NAME, { optional: true })]);
  const problems: Msg[] = [];
  if (m.problem) problems.push(m.problem);
  const confProblem = readProblem(confOut);
  if (confProblem) problems.push(confProblem);
  const conf = confProblem ? undefined : clusterConfOf(confOut).value;
  const nodeName = nameOut.exitCode === 0 ? nameOut.stdout.trim() : undefined;
  const local = conf?.nodes.find(
    (n) => n.ipAddress === ctx.host.address || n.name === ctx.host.name || (nodeName !== undefined && (n.name === nodeName || n.name === nodeName.split('.')[0])),
  );
  return { mounts: m.mounts, mountOutput: m.output, conf, confOutput: confOut, localNode: local?.number, problems };
}

/** A node of the cluster, with the inventory host that reaches it (by address, then by name). */
export function resolveNode(ctx: CheckContext, view: ClusterView, number: number): NodeRef {
  const stanza: Ocfs2NodeStanza | undefined = view.conf ? nodeByNumber(view.conf, number) : undefined;
  if (number === view.localNode) return { number, name: stanza?.name, ip: stanza?.ipAddress, host: ctx };
  const host = stanza ? ctx.peer({ address: stanza.ipAddress }) ?? ctx.peer({ name: stanza.name }) : undefined;
  return { number, name: stanza?.name, ip: stanza?.ipAddress, host };
}

/**
 * The device that carries the same pool on another node. Usphere mounts a
 * shared pool at the same /vms/<pool> path on every node, while the device
 * name differs (/dev/sdc here, /dev/sdk there: guide 3.5.3).
 */
export async function deviceOnNode(host: HostContext, mountPoint: string): Promise<{ device?: string; problem?: Msg; evidence: Evidence }> {
  const m = await ocfs2MountsOf(host);
  const entry = m.mounts.find((e) => e.mountPoint === mountPoint);
  return {
    ...(entry ? { device: entry.device } : {}),
    ...(m.problem ? { problem: m.problem } : {}),
    evidence: excerpt(m.output, entry ? [entry.line] : []),
  };
}
