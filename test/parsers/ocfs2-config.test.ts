import { describe, expect, it } from 'vitest';
import { diffClusterConf, nodeByAddress, nodeByNumber, parseClusterConf } from '../../src/parsers/ocfs2-config.js';
import { diffO2cb, effectiveO2cb, parseO2cbDefaults, parseO2cbFile } from '../../src/parsers/ocfs2-o2cb.js';
import { corpus, corpusFiles, GARBAGE } from './storage-fixtures.js';

const conf = (file: string) => parseClusterConf(corpus('ocfs2-cluster-conf', file));
const o2cb = (file: string) => parseO2cbDefaults(corpus('o2cb-default', file));

describe('parseClusterConf', () => {
  it('covers the corpus directory', () => {
    expect(corpusFiles('ocfs2-cluster-conf')).toEqual(['ocfs2-tools-1.txt', 'ocfs2-tools-2.txt', 'ocfs2-tools-3.txt']);
  });

  it('reads the TAB-indented global-heartbeat file, cluster stanza first', () => {
    const r = conf('ocfs2-tools-1.txt');
    expect(r.issues).toEqual([]);
    expect(r.value.clusters).toMatchObject([{ name: 'webcluster', nodeCount: 3, heartbeatMode: 'global' }]);
    expect(r.value.nodes).toMatchObject([
      { name: 'node7', number: 7, ipAddress: '192.168.0.107', ipPort: 7777, cluster: 'webcluster' },
      { name: 'node6', number: 6, ipAddress: '192.168.0.106', ipPort: 7777, cluster: 'webcluster' },
      { name: 'node10', number: 10, ipAddress: '192.168.0.110', ipPort: 7777, cluster: 'webcluster' },
    ]);
    expect(r.value.heartbeats.map((h) => h.region)).toEqual([
      '77D95EF51C0149D2823674FCC162CF8B',
      'DCDA2845177F4D59A0F2DCD8DE507CC3',
      'BBA1DBD0F73F449384CE75197D9B7098',
    ]);
  });

  it('reads the o2cb-written layout (8 spaces, cluster stanza last) to the same objects', () => {
    const a = conf('ocfs2-tools-1.txt');
    const b = conf('ocfs2-tools-2.txt');
    expect(b.issues).toEqual([]);
    expect(diffClusterConf(a.value, b.value)).toEqual([]);
  });

  it('reads the unindented user-guide example with nodes numbered from 0', () => {
    const r = conf('ocfs2-tools-3.txt');
    expect(r.issues).toEqual([]);
    expect(r.value.clusters).toMatchObject([{ name: 'OCFS2CLUSTER', nodeCount: 3 }]);
    expect(r.value.nodes.map((n) => [n.number, n.name, n.ipAddress])).toEqual([
      [0, 'test1', '139.185.118.107'],
      [1, 'test2', '139.185.118.106'],
    ]);
    expect(r.value.heartbeats).toEqual([]);
  });

  it('knows where each stanza and each of its keys was written', () => {
    const v = conf('ocfs2-tools-1.txt').value;
    expect(v.clusters[0]).toMatchObject({ span: { first: 1, last: 4 }, keyLines: { heartbeat_mode: 2, node_count: 3, name: 4 } });
    expect(v.nodes[1]).toMatchObject({ span: { first: 13, last: 18 }, keyLines: { number: 14, cluster: 15, ip_port: 16, ip_address: 17, name: 18 } });
    expect(v.heartbeats[2]).toMatchObject({ span: { first: 35, last: 37 }, keyLines: { region: 37 } });
  });

  it('looks nodes up by number and address', () => {
    const v = conf('ocfs2-tools-1.txt').value;
    expect(nodeByNumber(v, 10)?.name).toBe('node10');
    expect(nodeByNumber(v, 5)).toBeUndefined();
    expect(nodeByAddress(v, '192.168.0.106')?.number).toBe(6);
  });

  it('diffs semantically: changed fields, missing nodes, changed regions', () => {
    const a = conf('ocfs2-tools-1.txt').value;
    const changed = corpus('ocfs2-cluster-conf', 'ocfs2-tools-2.txt')
      .replace('ip_address = 192.168.0.106', 'ip_address = 192.168.0.116')
      .replace(/node:\n {8}ip_port = 7777\n {8}ip_address = 192.168.0.110\n {8}number = 10\n {8}name = node10\n {8}cluster = webcluster\n\n/, '')
      .replace('node_count = 3', 'node_count = 2');
    const b = parseClusterConf(changed).value;
    expect(diffClusterConf(a, b)).toEqual([
      { kind: 'cluster', key: 'webcluster', field: 'nodeCount', a: '3', b: '2' },
      { kind: 'node', key: 'node6', field: 'ipAddress', a: '192.168.0.106', b: '192.168.0.116' },
      { kind: 'node', key: 'node10', a: 'present', b: 'missing' },
    ]);
    expect(diffClusterConf(b, a).at(-1)).toEqual({ kind: 'node', key: 'node10', a: 'missing', b: 'present' });
  });

  it('reports unknown keys, keys outside stanzas and incomplete stanzas', () => {
    const r = parseClusterConf('name = orphan\nnode:\n\tname = n1\n\tnumber = x\n\tcolour = red\n');
    expect(r.issues.map((i) => i.reason)).toEqual([
      'key outside any stanza',
      'unknown node key "colour"',
      'node stanza without number',
    ]);
    expect(r.value.nodes).toEqual([]);
    expect(parseClusterConf('')).toEqual({ value: { clusters: [], nodes: [], heartbeats: [] }, issues: [] });
    for (const g of GARBAGE) expect(parseClusterConf(g).issues.length).toBeGreaterThan(0);
  });
});

describe('parseO2cbDefaults', () => {
  it('covers the corpus directory', () => {
    expect(corpusFiles('o2cb-default')).toEqual(['ocfs2-tools-1.txt', 'ocfs2-tools-2.txt']);
  });

  it('reads the shipped template (defaults apply)', () => {
    const r = o2cb('ocfs2-tools-1.txt');
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual({ O2CB_ENABLED: 'false', O2CB_BOOTCLUSTER: 'ocfs2' });
    expect(effectiveO2cb(r.value)).toEqual({
      enabled: false,
      stack: 'o2cb',
      bootCluster: 'ocfs2',
      heartbeatThreshold: 31,
      idleTimeoutMs: 30000,
      keepaliveDelayMs: 2000,
      reconnectDelayMs: 2000,
    });
  });

  it('reads the configured file', () => {
    const r = o2cb('ocfs2-tools-2.txt');
    expect(r.issues).toEqual([]);
    expect(effectiveO2cb(r.value)).toEqual({
      enabled: true,
      stack: 'o2cb',
      bootCluster: 'webcluster',
      heartbeatThreshold: 62,
      idleTimeoutMs: 60000,
      keepaliveDelayMs: 2000,
      reconnectDelayMs: 2000,
    });
  });

  it('compares effective values: a missing key equals its default', () => {
    const a = o2cb('ocfs2-tools-1.txt').value;
    const explicitDefaults = parseO2cbDefaults(
      'O2CB_ENABLED=false\nO2CB_BOOTCLUSTER="ocfs2"\nO2CB_HEARTBEAT_THRESHOLD=31\nO2CB_IDLE_TIMEOUT_MS=30000 # default\n',
    ).value;
    expect(diffO2cb(a, explicitDefaults)).toEqual([]);
    expect(diffO2cb(a, o2cb('ocfs2-tools-2.txt').value)).toEqual([
      { key: 'O2CB_ENABLED', a: 'false', b: 'true' },
      { key: 'O2CB_BOOTCLUSTER', a: 'ocfs2', b: 'webcluster' },
      { key: 'O2CB_HEARTBEAT_THRESHOLD', a: '31', b: '62' },
      { key: 'O2CB_IDLE_TIMEOUT_MS', a: '30000', b: '60000' },
    ]);
  });

  it('compares keys it does not know as text', () => {
    expect(diffO2cb({ O2CB_HEARTBEAT_MODE: 'local' }, { O2CB_HEARTBEAT_MODE: 'global' })).toEqual([
      { key: 'O2CB_HEARTBEAT_MODE', a: 'local', b: 'global' },
    ]);
    expect(diffO2cb({ VENDOR_X: '1' }, {})).toEqual([{ key: 'VENDOR_X', a: '1' }]);
  });

  it('reports lines that are not KEY=value', () => {
    const f = parseO2cbFile('# O2CB_IDLE_TIMEOUT_MS=1\nO2CB_IDLE_TIMEOUT_MS=30000\nexport O2CB_ENABLED=true\nO2CB_IDLE_TIMEOUT_MS="60000"\n');
    expect(f.value).toEqual({ values: { O2CB_IDLE_TIMEOUT_MS: '60000', O2CB_ENABLED: 'true' }, keyLines: { O2CB_IDLE_TIMEOUT_MS: [2, 4], O2CB_ENABLED: [3] } });
    const r = parseO2cbDefaults('O2CB_ENABLED=true\nthis is not shell\n');
    expect(r.value).toEqual({ O2CB_ENABLED: 'true' });
    expect(r.issues).toEqual([{ line: 2, text: 'this is not shell', reason: 'expected KEY=value' }]);
    for (const g of GARBAGE) expect(parseO2cbDefaults(g).issues.length).toBeGreaterThan(0);
  });

  it('strips comments after values with 200,000-character gaps (the former regex backtracked for seconds)', () => {
    const gap = ' '.repeat(200_000);
    const r = parseO2cbDefaults(`O2CB_ENABLED=true${gap}# on boot\nO2CB_STACK=o2cb${gap}x\nO2CB_BOOTCLUSTER="ocfs2" # name\tand # more\nA=b#c\n`);
    expect(r.value).toEqual({ O2CB_ENABLED: 'true', O2CB_STACK: `o2cb${gap}x`, O2CB_BOOTCLUSTER: 'ocfs2', A: 'b#c' });
  });
});
