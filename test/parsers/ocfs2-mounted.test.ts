import { describe, expect, it } from 'vitest';
import { foreignNodes, parseMountedOcfs2 } from '../../src/parsers/ocfs2-mounted.js';
import { parseClusterConf } from '../../src/parsers/ocfs2-config.js';
import { corpus, corpusFiles, GARBAGE } from './storage-fixtures.js';

describe('parseMountedOcfs2 -d', () => {
  it('covers the corpus directories', () => {
    expect(corpusFiles('mounted-ocfs2-d')).toEqual(['ocfs2-tools-1.txt', 'ocfs2-tools-2.txt', 'ocfs2-tools-3.txt']);
    expect(corpusFiles('mounted-ocfs2-f')).toEqual(['ocfs2-tools-1.txt', 'ocfs2-tools-2.txt']);
  });

  it('reads the 1.8 layout with a local volume whose Cluster and F columns are blank', () => {
    const r = parseMountedOcfs2(corpus('mounted-ocfs2-d', 'ocfs2-tools-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.mode).toBe('quick');
    expect(r.value.layout).toBe('1.8');
    expect(r.value.volumes[0]).toEqual({
      device: '/dev/sdc1',
      stack: 'None',
      globalHeartbeat: false,
      uuid: '23878C320CF3478095D1318CB5C99EED',
      label: 'localmount',
      line: 2,
      span: { first: 2, last: 2 },
    });
    expect(r.value.headerLine).toBe(1);
    expect(r.value.volumes.slice(1).map((v) => [v.device, v.stack, v.cluster, v.globalHeartbeat, v.label])).toEqual([
      ['/dev/sdd1', 'o2cb', 'webcluster', true, 'webvol'],
      ['/dev/sdg1', 'o2cb', 'webcluster', true, 'logsvol'],
      ['/dev/sdh1', 'o2cb', 'webcluster', true, 'scratch'],
      ['/dev/sdk1', 'o2cb', 'webcluster', true, 'hb1'],
    ]);
  });

  it('reads the second 1.8 sample', () => {
    const r = parseMountedOcfs2(corpus('mounted-ocfs2-d', 'ocfs2-tools-2.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.volumes.map((v) => v.label)).toEqual(['hbvol1', 'localmount', 'webvol', 'logsvol', 'scratch']);
    expect(r.value.volumes[1]!.cluster).toBeUndefined();
  });

  it('reads the 1.4/1.6 layout with its FS column', () => {
    const r = parseMountedOcfs2(corpus('mounted-ocfs2-d', 'ocfs2-tools-3.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.layout).toBe('1.4');
    expect(r.value.volumes).toEqual([
      { device: '/dev/sdb1', fsType: 'ocfs2', stack: 'local', globalHeartbeat: false, uuid: '2D1C9636FE38462DB43A75D1DA592207', label: 'vmvol', line: 2, span: { first: 2, last: 2 } },
      { device: '/dev/sdj1', fsType: 'ocfs2', stack: 'o2cb', globalHeartbeat: false, uuid: 'FF2E239B02D941FEAF25BDAE8DD553B9', label: 'dbstore', line: 3, span: { first: 3, last: 3 } },
    ]);
  });

  it('reads a classic o2cb volume without cluster info and without label', () => {
    const r = parseMountedOcfs2(
      'Device     Stack  Cluster  F  UUID                              Label\n/dev/dm-0  o2cb                  BE229C2491E64FEA98550DF0469B6C10  \n',
    );
    expect(r.issues).toEqual([]);
    expect(r.value.volumes).toEqual([
      { device: '/dev/dm-0', stack: 'o2cb', globalHeartbeat: false, uuid: 'BE229C2491E64FEA98550DF0469B6C10', line: 2, span: { first: 2, last: 2 } },
    ]);
  });
});

describe('parseMountedOcfs2 -f', () => {
  it('reads node lists, "Not mounted" and the local row with nothing after its stack', () => {
    const r = parseMountedOcfs2(corpus('mounted-ocfs2-f', 'ocfs2-tools-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.mode).toBe('full');
    expect(r.value.volumes.map((v) => [v.device, v.stack, v.cluster, v.globalHeartbeat, v.nodes, v.notMounted])).toEqual([
      ['/dev/sdc1', 'None', undefined, false, undefined, undefined],
      ['/dev/sdd1', 'o2cb', 'webcluster', true, ['node1', 'node3', 'node10'], undefined],
      ['/dev/sdg1', 'o2cb', 'webcluster', true, ['node1', 'node3', 'node10'], undefined],
      ['/dev/sdh1', 'o2cb', 'webcluster', true, [], true],
      ['/dev/sdk1', 'o2cb', 'webcluster', true, ['node1', 'node3', 'node10'], undefined],
    ]);
  });

  it('reads the 1.4/1.6 layout', () => {
    const r = parseMountedOcfs2(corpus('mounted-ocfs2-f', 'ocfs2-tools-2.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.layout).toBe('1.4');
    expect(r.value.volumes).toEqual([{ device: '/dev/sdb1', fsType: 'ocfs2', globalHeartbeat: false, nodes: ['node15', 'node1'], line: 2, span: { first: 2, last: 2 } }]);
  });

  it('finds nodes of another cluster (guide 3.5.6) and heartbeat devices', () => {
    const text =
      'Device     Stack  Cluster  F  Nodes\n' +
      '/dev/dm-3  o2cb   usphere     cvk01, 12, Unknown\n' +
      '/dev/dm-4  o2cb   usphere  G  Heartbeat device\n' +
      '/dev/dm-5  o2cb              cvk02\n';
    const r = parseMountedOcfs2(text);
    expect(r.issues).toEqual([]);
    const [a, b, c] = r.value.volumes;
    expect(a).toMatchObject({ cluster: 'usphere', globalHeartbeat: false, nodes: ['cvk01', '12', 'Unknown'] });
    const node = (name: string, number: number) =>
      `node:\n\tname = ${name}\n\tnumber = ${number}\n\tip_address = 10.0.0.${number}\n\tcluster = usphere\n`;
    const ours = parseClusterConf(node('cvk01', 1) + node('cvk02', 2)).value;
    expect(foreignNodes(a!, ours)).toEqual(['12', 'Unknown']);
    const withTwelve = parseClusterConf(node('cvk01', 1) + node('cvk12', 12)).value;
    expect(foreignNodes(a!, withTwelve)).toEqual(['Unknown']);
    expect(b).toMatchObject({ heartbeatDevice: true, nodes: [] });
    expect(c!.cluster).toBeUndefined();
    expect(c!.nodes).toEqual(['cvk02']);
  });
});

describe('parseMountedOcfs2 on hostile input', () => {
  it('reports rows without header, malformed rows and garbage', () => {
    expect(parseMountedOcfs2('')).toEqual({ value: { mode: 'unknown', volumes: [] }, issues: [] });
    expect(parseMountedOcfs2('/dev/sdb1  o2cb  x  node1\n').issues[0]!.reason).toBe('row before the Device header');
    const bad = parseMountedOcfs2('Device  Stack  Cluster  F  UUID  Label\n/dev/sdb1  o2cb  no-uuid-here\n');
    expect(bad.issues[0]!.reason).toBe('unrecognised mounted.ocfs2 row');
    for (const g of GARBAGE) expect(parseMountedOcfs2(g).issues.length).toBeGreaterThan(0);
  });

  it('reads quick rows as the former regex did', () => {
    const FORMER = /^(.*?)\s+([0-9A-F]{32})(?:\s+(.*))?$/;
    const UUID = '8AB016CD59FC4327A2CDAB69F08518E3';
    const PIECES = ['/dev/sdd1', 'o2cb', 'webcluster', 'G', UUID, `${UUID}0`, UUID.slice(1), 'webvol', 'a b', ' ', '  ', '\t'];
    let x = 13; // xorshift32: deterministic
    const next = (): number => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
    let matched = 0;
    for (let n = 0; n < 10_000; n++) {
      const row = Array.from({ length: 1 + (next() % 7) }, () => PIECES[next() % PIECES.length]).join(next() % 3 ? '  ' : ' ').trim();
      if (row === '' || row.startsWith('Device')) continue;
      const m = FORMER.exec(row);
      const [v] = parseMountedOcfs2(`Device     Stack  Cluster     F  UUID                              Label\n${row}\n`).value.volumes;
      const before = m ? m[1]!.split(/\s+/).filter(Boolean) : [];
      const expected = m && before.length >= 2 && before.length <= 4 ? { device: before[0], uuid: m[2], label: m[3]?.trim() || undefined } : undefined;
      if (expected) matched++;
      expect(v && { device: v.device, uuid: v.uuid, label: v.label }, JSON.stringify(row)).toEqual(expected);
    }
    expect(matched).toBeGreaterThan(500);
  });

  it('reads quick rows with 200,000-character gaps (the former regex backtracked for seconds)', () => {
    const gap = ' '.repeat(200_000);
    const r = parseMountedOcfs2(`Device  Stack  Cluster  F  UUID  Label\n/dev/sdd1${gap}o2cb${gap}DCDA2845177F4D59A0F2DCD8DE507CC3${gap}hbvol1\n/dev/sde1${gap}x\n`);
    expect(r.value.volumes).toEqual([{ device: '/dev/sdd1', stack: 'o2cb', globalHeartbeat: false, uuid: 'DCDA2845177F4D59A0F2DCD8DE507CC3', label: 'hbvol1', line: 2, span: { first: 2, last: 2 } }]);
    expect(r.issues.map((i) => i.line)).toEqual([3]);
  });
});
