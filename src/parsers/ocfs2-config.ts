/**
 * `/etc/ocfs2/cluster.conf`. Guide 3.5.2 asks to check that it is the same on
 * every node; stanza order, key order and indentation vary between writers
 * (hand-written, o2cb, o2cb_ctl), so nodes are compared as parsed objects.
 */
import { issue, lines, toInt, type ParseIssue, type Parsed, type Span } from './types.js';

/** Where a stanza was read (evidence): its header to its last key, and the line of each key. */
export interface StanzaLines {
  readonly span: Span;
  /** By key as written (`name`, `ip_address`...). */
  readonly keyLines: Readonly<Record<string, number>>;
}

export interface Ocfs2ClusterStanza extends StanzaLines {
  readonly name: string;
  /** `node_count`: redundant with the node stanzas; compare against them. */
  readonly nodeCount?: number;
  /** `heartbeat_mode`: `global` or `local` (absent means local). */
  readonly heartbeatMode?: string;
}

export interface Ocfs2NodeStanza extends StanzaLines {
  readonly name: string;
  /** Node number: the `Owner:` and `Node` values of dlm_locks. Not contiguous, not from 0. */
  readonly number: number;
  readonly ipAddress: string;
  readonly ipPort?: number;
  readonly cluster: string;
}

export interface Ocfs2HeartbeatStanza extends StanzaLines {
  /** Global heartbeat region (volume UUID). */
  readonly region: string;
  readonly cluster: string;
}

export interface Ocfs2ClusterConf {
  readonly clusters: Ocfs2ClusterStanza[];
  readonly nodes: Ocfs2NodeStanza[];
  readonly heartbeats: Ocfs2HeartbeatStanza[];
}

type Stanza = { kind: string; line: number; last: number; keys: Map<string, string>; keyLines: Map<string, number> };

const KNOWN_KEYS: Record<string, readonly string[]> = {
  cluster: ['name', 'node_count', 'heartbeat_mode'],
  node: ['name', 'number', 'ip_address', 'ip_port', 'cluster'],
  heartbeat: ['region', 'cluster'],
};

export function parseClusterConf(input: string): Parsed<Ocfs2ClusterConf> {
  const issues: ParseIssue[] = [];
  const stanzas: Stanza[] = [];
  let current: Stanza | undefined;

  lines(input).forEach((raw, i) => {
    const n = i + 1;
    const text = raw.replace(/#.*$/s, '').trim();
    if (text === '') return;
    const header = /^(\w+):$/.exec(text);
    if (header) {
      current = { kind: header[1]!, line: n, last: n, keys: new Map(), keyLines: new Map() };
      if (!KNOWN_KEYS[current.kind]) issues.push(issue(n, raw, `unknown stanza "${current.kind}"`));
      stanzas.push(current);
      return;
    }
    const kv = /^([\w-]+)\s*=\s*(.*)$/.exec(text);
    if (!kv || !current) {
      issues.push(issue(n, raw, current ? 'expected "key = value"' : 'key outside any stanza'));
      return;
    }
    if (KNOWN_KEYS[current.kind] && !KNOWN_KEYS[current.kind]!.includes(kv[1]!)) {
      issues.push(issue(n, raw, `unknown ${current.kind} key "${kv[1]}"`));
    }
    current.keys.set(kv[1]!, kv[2]!.trim());
    current.keyLines.set(kv[1]!, n);
    current.last = n;
  });

  const clusters: Ocfs2ClusterStanza[] = [];
  const nodes: Ocfs2NodeStanza[] = [];
  const heartbeats: Ocfs2HeartbeatStanza[] = [];
  for (const s of stanzas) {
    const get = (k: string) => s.keys.get(k);
    const where: StanzaLines = { span: { first: s.line, last: s.last }, keyLines: Object.fromEntries(s.keyLines) };
    const missing = (k: string) => issues.push(issue(s.line, `${s.kind}:`, `${s.kind} stanza without ${k}`));
    if (s.kind === 'cluster') {
      const name = get('name');
      if (name === undefined) missing('name');
      else {
        const nodeCount = toInt(get('node_count'));
        const heartbeatMode = get('heartbeat_mode');
        clusters.push({
          name,
          ...(nodeCount !== undefined ? { nodeCount } : {}),
          ...(heartbeatMode !== undefined ? { heartbeatMode } : {}),
          ...where,
        });
      }
    } else if (s.kind === 'node') {
      const name = get('name');
      const number = toInt(get('number'));
      const ipAddress = get('ip_address');
      const cluster = get('cluster');
      const ipPort = toInt(get('ip_port'));
      if (name === undefined) missing('name');
      else if (number === undefined) missing('number');
      else if (ipAddress === undefined) missing('ip_address');
      else if (cluster === undefined) missing('cluster');
      else nodes.push({ name, number, ipAddress, ...(ipPort !== undefined ? { ipPort } : {}), cluster, ...where });
    } else if (s.kind === 'heartbeat') {
      const region = get('region');
      const cluster = get('cluster');
      if (region === undefined) missing('region');
      else if (cluster === undefined) missing('cluster');
      else heartbeats.push({ region, cluster, ...where });
    }
  }
  return { value: { clusters, nodes, heartbeats }, issues };
}

export function nodeByNumber(conf: Ocfs2ClusterConf, number: number): Ocfs2NodeStanza | undefined {
  return conf.nodes.find((n) => n.number === number);
}

export function nodeByAddress(conf: Ocfs2ClusterConf, ip: string): Ocfs2NodeStanza | undefined {
  return conf.nodes.find((n) => n.ipAddress === ip);
}

export interface ConfDifference {
  /** What differs: a cluster, a node (by name), a heartbeat region. */
  readonly kind: 'cluster' | 'node' | 'heartbeat';
  /** Cluster name, node name or region. */
  readonly key: string;
  /** The differing field; undefined when the whole stanza exists on one side only. */
  readonly field?: string;
  readonly a?: string;
  readonly b?: string;
}

/** Where a stanza was written is layout, not content. */
const LAYOUT_FIELDS: ReadonlySet<string> = new Set<keyof StanzaLines>(['span', 'keyLines']);

/** Field-by-field comparison of two stanza lists keyed by `keyOf`. */
function diffStanzas<T extends object>(
  kind: ConfDifference['kind'],
  as: readonly T[],
  bs: readonly T[],
  keyOf: (t: T) => string,
): ConfDifference[] {
  const out: ConfDifference[] = [];
  const bByKey = new Map(bs.map((b) => [keyOf(b), b]));
  const aKeys = new Set(as.map(keyOf));
  for (const a of as) {
    const key = keyOf(a);
    const b = bByKey.get(key);
    if (!b) {
      out.push({ kind, key, a: 'present', b: 'missing' });
      continue;
    }
    const fieldsOf = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const field of fieldsOf) {
      if (LAYOUT_FIELDS.has(field)) continue;
      const va = (a as Record<string, unknown>)[field];
      const vb = (b as Record<string, unknown>)[field];
      if (va !== vb) {
        out.push({
          kind,
          key,
          field,
          ...(va !== undefined ? { a: String(va) } : {}),
          ...(vb !== undefined ? { b: String(vb) } : {}),
        });
      }
    }
  }
  for (const b of bs) if (!aKeys.has(keyOf(b))) out.push({ kind, key: keyOf(b), a: 'missing', b: 'present' });
  return out;
}

/**
 * Semantic differences between two nodes' cluster.conf: clusters by name,
 * nodes by name (number, address, port, cluster), heartbeat regions.
 * Order and formatting do not count.
 */
export function diffClusterConf(a: Ocfs2ClusterConf, b: Ocfs2ClusterConf): ConfDifference[] {
  return [
    ...diffStanzas('cluster', a.clusters, b.clusters, (c) => c.name),
    ...diffStanzas('node', a.nodes, b.nodes, (n) => n.name),
    ...diffStanzas('heartbeat', a.heartbeats, b.heartbeats, (h) => `${h.cluster}/${h.region}`),
  ];
}
