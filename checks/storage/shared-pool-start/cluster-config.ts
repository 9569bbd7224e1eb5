/**
 * Guide 3.5.2: "/etc/default/o2cb and /etc/ocfs2/cluster.conf must be the same
 * on every node". A host compares its own files with those of the other
 * inventory hosts of its OCFS2 cluster and keeps every difference it is part
 * of, with each value and the hosts that have it, so that any node's report
 * shows which host is the odd one out.
 *
 * Files are compared as parsed objects (diffClusterConf, diffO2cb): stanza
 * order, indentation and an unset o2cb key that equals its default do not
 * count. Each host's file is read once per scan: every host's check reads its
 * peers through their own sessions, which share the outputs, so N hosts cost
 * N reads of each file, not N².
 *
 * The peers' reads are real dependencies of an ok: "the same on every node"
 * cannot be said of a node whose files could not be read (nor of a host whose
 * cluster.conf could not be asked whether it is a node).
 */
import { evidence, excerpt, firstLine, readProblem } from '../../../src/engine/outputs.js';
import type { CheckContext, CommandOutput, Evidence, HostContext, HostInfo } from '../../../src/engine/types.js';
import { list, type Msg } from '../../../src/i18n/message.js';
import {
  type ConfDifference, diffClusterConf, diffO2cb, type O2cbFile, type Ocfs2ClusterConf, parseO2cbFile,
} from '../../../src/parsers/ocfs2.js';
import type { Span } from '../../../src/parsers/types.js';
import { type Command, cmd } from '../../../src/transport/command.js';
import { CLUSTER_CONF } from '../../shared/commands.js';
import { type ClusterView, clusterConfOf } from '../../shared/ocfs2-cluster.js';
import type { SayPool } from './messages.js';

export const O2CB_DEFAULTS = cmd('cat', '/etc/default/o2cb');
export const CLUSTER_CONF_PATH = '/etc/ocfs2/cluster.conf';
export const O2CB_PATH = '/etc/default/o2cb';

export interface PeerHost {
  readonly info: HostInfo;
  readonly host: HostContext;
}

export interface ClusterPeers {
  readonly peers: readonly PeerHost[];
  /** Nodes of this host's cluster.conf that no inventory host reaches: not compared. */
  readonly outsideInventory: readonly string[];
}

/** Does this cluster.conf name the host (by address or by name)? */
function lists(conf: Ocfs2ClusterConf | undefined, h: Pick<HostInfo, 'name' | 'address'>): boolean {
  return conf?.nodes.some((n) => n.ipAddress === h.address || n.name === h.name) ?? false;
}

/**
 * The inventory hosts of this host's OCFS2 cluster. With inventory cluster
 * labels on both sides the labels decide; otherwise a host belongs when either
 * cluster.conf names the other: a node missing from this host's file is
 * exactly what the comparison must find.
 */
export async function clusterPeers(ctx: CheckContext, view: ClusterView): Promise<ClusterPeers> {
  const me = ctx.host;
  const candidates = ctx.inventory.filter((h) => h.name !== me.name && (h.roles.length === 0 || h.roles.includes('vks')));
  const members = await Promise.all(candidates.map(async (info) => {
    const host = ctx.peer({ name: info.name });
    if (!host) return undefined;
    if (me.cluster && info.cluster) return me.cluster === info.cluster ? { info, host } : undefined;
    if (lists(view.conf, info)) return { info, host };
    const theirs = await host.run(CLUSTER_CONF);
    return !readProblem(theirs) && lists(clusterConfOf(theirs).value, me) ? { info, host } : undefined;
  }));
  const peers = members.filter((m): m is PeerHost => m !== undefined);
  const isMe = (n: { number: number; ipAddress: string; name: string }) => n.number === view.localNode || n.ipAddress === me.address || n.name === me.name;
  const outsideInventory = (view.conf?.nodes ?? [])
    .filter((n) => !isMe(n) && !ctx.inventory.some((h) => h.address === n.ipAddress || h.name === n.name))
    .map((n) => n.name);
  return { peers, outsideInventory };
}

type FileRead<T> =
  | { readonly state: 'present'; readonly value: T; readonly output: CommandOutput }
  | { readonly state: 'missing'; readonly output: CommandOutput }
  | { readonly state: 'unreadable'; readonly why: Msg; readonly output: CommandOutput };

interface HostConfig {
  readonly name: string;
  readonly conf: FileRead<Ocfs2ClusterConf>;
  readonly o2cb: FileRead<O2cbFile>;
}

async function readFile<T>(host: HostContext, command: Command, parse: (o: CommandOutput) => T): Promise<FileRead<T>> {
  const output = await host.run(command);
  if (output.read.kind === 'absent') return { state: 'missing', output };
  const why = readProblem(output);
  return why ? { state: 'unreadable', why, output } : { state: 'present', value: parse(output), output };
}

/** /etc/default/o2cb, parsed once per host's output (as cluster.conf: clusterConfOf). */
const parsedO2cb = new WeakMap<CommandOutput, O2cbFile>();
function o2cbOf(out: CommandOutput): O2cbFile {
  let v = parsedO2cb.get(out);
  if (!v) parsedO2cb.set(out, (v = parseO2cbFile(out.stdout).value));
  return v;
}

async function readConfig(host: HostContext): Promise<HostConfig> {
  const [conf, o2cb] = await Promise.all([
    readFile(host, CLUSTER_CONF, (o) => clusterConfOf(o).value),
    readFile(host, O2CB_DEFAULTS, o2cbOf),
  ]);
  return { name: host.host.name, conf, o2cb };
}

export interface ValueGroup {
  readonly value: string;
  readonly hosts: readonly string[];
}

export interface ConfigDifference {
  readonly file: string;
  /** `O2CB_IDLE_TIMEOUT_MS`, `node cvknode13: ip_address`, `node cvknode14`, `(file)`. */
  readonly key: string;
  /** This host's value. */
  readonly here: string;
  /** Every value with the hosts that have it; this host's group first. */
  readonly groups: readonly ValueGroup[];
  /**
   * fail: a value o2cb or the kernel uses (a node of the map, a timeout: nodes
   * that disagree refuse each other's connections); warn: a key o2cb ignores.
   */
  readonly severity: 'fail' | 'warn';
}

export interface ConfigComparison {
  /** Peers whose two files were read and compared. */
  readonly compared: readonly string[];
  readonly unreadable: ReadonlyArray<{ readonly host: string; readonly file: string; readonly why: Msg }>;
  readonly differences: readonly ConfigDifference[];
  readonly evidence: readonly Evidence[];
}

const CONF_FIELDS: Readonly<Record<string, string>> = {
  number: 'number', ipAddress: 'ip_address', ipPort: 'ip_port', cluster: 'cluster', nodeCount: 'node_count', heartbeatMode: 'heartbeat_mode',
};

/** The lines of a host's file that show a difference (evidence). */
type Locate = (c: HostConfig) => readonly (Span | number)[];

interface Pending {
  readonly file: string;
  readonly key: string;
  readonly here: string;
  readonly severity: 'fail' | 'warn';
  readonly theirs: Map<string, string>;
  readonly locate: Locate;
}

type Unreadable = ConfigComparison['unreadable'][number];

export async function compareClusterConfig(ctx: CheckContext, say: SayPool, peers: readonly PeerHost[]): Promise<ConfigComparison> {
  const [mine, theirs] = await Promise.all([readConfig(ctx), Promise.all(peers.map((p) => readConfig(p.host)))]);
  const pending = new Map<string, Pending>();
  const unreadable: Unreadable[] = [];
  const comparedOn = { conf: [] as string[], o2cb: [] as string[] };
  const note = (file: string, d: KeyDiff, peer: string) => {
    const id = `${file}\u0000${d.key}`;
    const p = pending.get(id) ?? { file, key: d.key, here: d.a, severity: d.severity, theirs: new Map(), locate: d.locate };
    p.theirs.set(peer, d.b);
    pending.set(id, p);
  };

  if (mine.conf.state === 'unreadable') unreadable.push({ host: mine.name, file: CLUSTER_CONF_PATH, why: mine.conf.why });
  if (mine.o2cb.state === 'unreadable') unreadable.push({ host: mine.name, file: O2CB_PATH, why: mine.o2cb.why });
  for (const peer of theirs) {
    compareFile(mine.conf, peer.conf, peer.name, CLUSTER_CONF_PATH, comparedOn.conf, unreadable, (a, b) =>
      diffClusterConf(a, b).map((d) => ({
        key: confKey(d), a: d.a ?? '(unset)', b: d.b ?? '(unset)',
        // node_count only repeats how many node stanzas there are; the stanzas themselves are what o2cb loads.
        severity: d.field === 'nodeCount' ? ('warn' as const) : ('fail' as const),
        locate: confLocator(d),
      })), note);
    compareFile(mine.o2cb, peer.o2cb, peer.name, O2CB_PATH, comparedOn.o2cb, unreadable, (a, b) =>
      diffO2cb(a.values, b.values).map((d) => ({
        key: d.key, a: d.a ?? '(unset)', b: d.b ?? '(unset)',
        // o2cb's init script reads its O2CB_* variables; anything else in the file is a comment to it.
        severity: /^O2CB_/.test(d.key) ? ('fail' as const) : ('warn' as const),
        locate: (c: HostConfig) => (c.o2cb.state === 'present' ? c.o2cb.value.keyLines[d.key] ?? [] : []),
      })), note);
  }

  const rank = (name: string) => ctx.inventory.findIndex((h) => h.name === name);
  const found = [...pending.values()].map((p) => {
    const compared = p.file === CLUSTER_CONF_PATH ? comparedOn.conf : comparedOn.o2cb;
    const groups = new Map<string, string[]>([[p.here, [mine.name]]]);
    for (const host of compared) {
      const v = p.theirs.get(host) ?? p.here;
      groups.set(v, [...(groups.get(v) ?? []), host]);
    }
    const diff: ConfigDifference = {
      file: p.file, key: p.key, here: p.here, severity: p.severity,
      groups: [...groups].map(([value, hosts]) => ({ value, hosts: [hosts[0]!, ...hosts.slice(1).sort((a, b) => rank(a) - rank(b))] })),
    };
    return { diff, locate: p.locate };
  }).sort((a, b) => (a.diff.severity === b.diff.severity ? 0 : a.diff.severity === 'fail' ? -1 : 1));

  const configs = new Map([mine, ...theirs].map((c) => [c.name, c]));
  // One excerpt per distinct value: this host's, then one host of each other value.
  const ev = found.flatMap(({ diff, locate }) => diff.groups.map((g) => {
    const c = configs.get(g.hosts[0]!)!;
    const out = (diff.file === CLUSTER_CONF_PATH ? c.conf : c.o2cb).output;
    const whole = diff.key === '(file)';
    const noteOf = (unset: boolean) =>
      say.msg('configValue', { key: diff.key, value: g.value, hosts: list(g.hosts), unset: unset ? say.msg('unsetDefault') : '' });
    // A file present here and missing there: what the host said about it.
    if (whole) return evidence(out, firstLine(out.stderr), noteOf(false));
    const located = locate(c);
    // A stanza this host lacks: show the ones it has.
    const shown = located.length || diff.file !== CLUSTER_CONF_PATH ? located : stanzaNames(c);
    return excerpt(out, shown, noteOf(diff.file === O2CB_PATH && shown.length === 0));
  }));
  const differences = found.map((f) => f.diff);
  const compared = [...new Set([...comparedOn.conf, ...comparedOn.o2cb])];
  return { compared, unreadable, differences, evidence: ev };
}

interface KeyDiff {
  readonly key: string;
  readonly a: string;
  readonly b: string;
  readonly severity: 'fail' | 'warn';
  readonly locate: Locate;
}

function compareFile<T>(
  mine: FileRead<T>,
  theirs: FileRead<T>,
  peer: string,
  file: string,
  compared: string[],
  unreadable: Unreadable[],
  diff: (a: T, b: T) => KeyDiff[],
  note: (file: string, d: KeyDiff, peer: string) => void,
): void {
  if (theirs.state === 'unreadable') {
    unreadable.push({ host: peer, file, why: theirs.why });
    return;
  }
  if (mine.state === 'unreadable') return;
  compared.push(peer);
  if (mine.state === 'missing' || theirs.state === 'missing') {
    if (mine.state !== theirs.state) note(file, { key: '(file)', a: mine.state, b: theirs.state, severity: 'fail', locate: () => [] }, peer);
    return;
  }
  for (const d of diff(mine.value, theirs.value)) note(file, d, peer);
}

function confKey(d: ConfDifference): string {
  return d.field ? `${d.kind} ${d.key}: ${CONF_FIELDS[d.field] ?? d.field}` : `${d.kind} ${d.key}`;
}

/** The stanza a difference is about, as printed (header and its key lines). */
function confLocator(d: ConfDifference): Locate {
  return (c) => {
    if (c.conf.state !== 'present') return [];
    const conf = c.conf.value;
    const stanza = d.kind === 'cluster'
      ? conf.clusters.find((s) => s.name === d.key)
      : d.kind === 'node'
        ? conf.nodes.find((s) => s.name === d.key)
        : conf.heartbeats.find((s) => `${s.cluster}/${s.region}` === d.key);
    return stanza ? [stanza.span] : [];
  };
}

/** The `name =` line of every stanza a host's cluster.conf has. */
function stanzaNames(c: HostConfig): number[] {
  if (c.conf.state !== 'present') return [];
  const { clusters, nodes } = c.conf.value;
  return [...clusters, ...nodes].flatMap((s) => s.keyLines.name ?? []);
}
