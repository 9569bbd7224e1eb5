import { describe, expect, it } from 'vitest';
import {
  activePathCount,
  failedPaths,
  mapPaths,
  parseMultipathLl,
  pathHealth,
  type MultipathMap,
} from '../../src/parsers/multipath.js';
import { corpus, corpusFiles, GARBAGE, truncate } from './storage-fixtures.js';

const DIR = 'multipath-ll';
const parse = (file: string) => parseMultipathLl(corpus(DIR, file));
const pathSummary = (m: MultipathMap) =>
  mapPaths(m).map((p) => `${p.hctl ?? '?'} ${p.dev ?? '-'} ${p.dmState}/${p.checkerState}/${p.onlineState ?? ''}`);

/** Per corpus sample: maps, failed paths, usable paths. Every sample must be listed. */
const EXPECTED: Record<string, { maps: number; failed: number; usable: number; warnings: number; orphans?: number }> = {
  'dell-csm-issue296-1.txt': { maps: 0, failed: 0, usable: 0, warnings: 0, orphans: 9 },
  'hotsos-1.txt': { maps: 0, failed: 0, usable: 0, warnings: 2 },
  'insights-core-1.txt': { maps: 8, failed: 0, usable: 26, warnings: 11 },
  'insights-core-2.txt': { maps: 1, failed: 0, usable: 4, warnings: 62 },
  'insights-core-3.txt': { maps: 3, failed: 8, usable: 10, warnings: 11 },
  'iscsi-tp-a-1.txt': { maps: 2, failed: 2, usable: 2, warnings: 0 },
  'iscsi-tp-a-2.txt': { maps: 2, failed: 0, usable: 4, warnings: 0 },
  'iscsi-tp-b-1.txt': { maps: 2, failed: 2, usable: 2, warnings: 0 },
  'mpt-issue12-1.txt': { maps: 3, failed: 0, usable: 4, warnings: 12 },
  'mpt-issue6-1.txt': { maps: 1, failed: 0, usable: 4, warnings: 0 },
  'os-brick-1.txt': { maps: 1, failed: 0, usable: 0, warnings: 0 },
  'os-brick-2.txt': { maps: 1, failed: 0, usable: 0, warnings: 0 },
  'os-brick-3.txt': { maps: 1, failed: 0, usable: 0, warnings: 0 },
  'rhel6-doc-1.txt': { maps: 1, failed: 0, usable: 2, warnings: 0 },
  'zh-osbrick-blog-1.txt': { maps: 2, failed: 3, usable: 0, warnings: 0 },
  'zh-residue-doc-1.txt': { maps: 1, failed: 0, usable: 1, warnings: 0 },
};

describe('parseMultipathLl on every corpus sample', () => {
  it('has an expectation for each sample', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(corpusFiles(DIR));
  });
  for (const file of corpusFiles(DIR)) {
    it(file, () => {
      const r = parse(file);
      const e = EXPECTED[file]!;
      expect(r.issues).toEqual([]);
      expect(r.value.maps).toHaveLength(e.maps);
      expect(r.value.maps.reduce((n, m) => n + failedPaths(m).length, 0)).toBe(e.failed);
      expect(r.value.maps.reduce((n, m) => n + activePathCount(m), 0)).toBe(e.usable);
      expect(r.value.warnings).toHaveLength(e.warnings);
      expect(r.value.orphanPaths).toHaveLength(e.orphans ?? 0);
      expect(r.incomplete).toBeUndefined();
    });
  }
});

describe('parseMultipathLl details', () => {
  it('reads alias, WWID, dm, padded vendor/product and map attributes', () => {
    const [m] = parse('mpt-issue6-1.txt').value.maps;
    expect(m).toMatchObject({
      name: 'DATA01',
      alias: 'DATA01',
      wwid: '3600507640081011a000000000000001e',
      dm: 'dm-4',
      vendor: 'IBM',
      product: '2145',
      size: '500G',
      sizeBytes: 500 * 1024 ** 3,
      features: '1 queue_if_no_path',
      hwhandler: '0',
      writePolicy: 'rw',
    });
    // four single-path ALUA groups, the active one is the second
    expect(m!.groups.map((g) => `${g.prio}:${g.status}`)).toEqual(['50:enabled', '50:active', '10:enabled', '10:enabled']);
    expect(m!.groups[1]!.paths[0]).toMatchObject({ hctl: '10:0:1:0', dev: 'sdn', majMin: '8:208' });
  });

  it('names a map by its WWID when there is no alias, WWIDs with spaces included', () => {
    const maps = parse('insights-core-1.txt').value.maps;
    expect(maps.map((m) => m.name)).toEqual([
      'mpathg',
      'mpathe',
      '36001405b1629f80d52a4c898f8856e43',
      'mpatha',
      '1IET     00080001',
      'mpathb',
      '1IET     00080007',
      'mpathc',
    ]);
    expect(maps[2]).toMatchObject({ vendor: 'LIO-ORG', product: 'block0_sdb' });
    expect(maps[3]!.alias).toBe('mpatha');
    expect(maps[3]!.wwid).toBe('1IET     00080001');
    expect(maps[4]!.alias).toBeUndefined();
    expect(maps[5]!.product).toBe('Compellent Vol');
    expect(maps[1]!.writePolicy).toBe('rx');
    // the made-up map without path groups
    expect(maps[7]).toMatchObject({ wwid: 'test_with_no_devs', groups: [] });
    expect(maps[7]!.vendor).toBeUndefined();
  });

  it('keeps -v4 chatter as warnings, including the paths-list table', () => {
    const r = parse('insights-core-1.txt');
    expect(r.value.warnings[0]).toBe('===== paths list =====');
    expect(r.value.warnings).toContain('0:0:0:0 sda 8:0   -1  undef ready  VMware,Virtual disk running');
    expect(r.value.warnings).toContain('*word = E, len = 1');
  });

  it('reads the 0.4.7 bracket layout', () => {
    const [m] = parse('insights-core-2.txt').value.maps;
    expect(m).toMatchObject({
      name: 'L004',
      wwid: '360060160ade32800f2e3baf47665e211',
      dm: 'dm-9',
      vendor: 'DGC',
      product: 'RAID 5',
      size: '100G',
      features: '1 queue_if_no_path',
      hwhandler: '1 emc',
      writePolicy: 'rw',
      line: 59,
    });
    expect(m!.groups.map((g) => [g.policy, g.prio, g.status])).toEqual([
      ['round-robin 0', 1, 'active'],
      ['round-robin 0', 0, 'enabled'],
    ]);
    expect(pathSummary(m!)).toEqual([
      '3:0:1:4 sdk active/ready/',
      '5:0:0:4 sdp active/ready/',
      '3:0:0:4 sdf active/ready/',
      '5:0:1:4 sdu active/ready/',
    ]);
    const r = parse('insights-core-2.txt');
    expect(r.value.warnings).toContain('sdz: path checker = emc_clariion (controller setting)');
    expect(r.value.warnings).toContain('forked 31158');
  });

  it('decides from path states, not from group status', () => {
    // failed path inside the group still flagged active
    const [a, b] = parse('iscsi-tp-b-1.txt').value.maps;
    expect(a!.groups[0]!.status).toBe('active');
    expect(failedPaths(a!).map((p) => p.dev)).toEqual(['sdd']);
    expect(failedPaths(b!).map((p) => p.dev)).toEqual(['sdb']);
    // healthy maps with no active group right after a multipathd restart
    const healthy = parse('iscsi-tp-a-2.txt').value.maps;
    expect(healthy.flatMap((m) => m.groups.map((g) => g.status))).toEqual(['enabled', 'enabled', 'enabled', 'enabled']);
    expect(healthy.map(activePathCount)).toEqual([2, 2]);
  });

  it('counts "active faulty running" as failed (checker ahead of the kernel)', () => {
    const mpathe = parse('insights-core-3.txt').value.maps[1]!;
    expect(mpathe.name).toBe('mpathe');
    expect(failedPaths(mpathe)).toHaveLength(8);
    expect(pathHealth(mapPaths(mpathe)[0]!)).toBe('failed');
    expect(activePathCount(mpathe)).toBe(0);
  });

  it('treats multipath -l "active undef" paths as unchecked, not usable', () => {
    const [m] = parse('os-brick-2.txt').value.maps;
    expect(pathSummary(m!)).toEqual([
      '6:0:2:0 sde active/undef/running',
      '6:0:4:0 sdg active/undef/running',
      '6:0:3:0 sdf active/undef/running',
      '6:0:5:0 sdh active/undef/running',
    ]);
    expect(mapPaths(m!).map(pathHealth)).toEqual(['unchecked', 'unchecked', 'unchecked', 'unchecked']);
    expect(m!.groups[0]!.prio).toBe(-1);
  });

  it('reads the #:#:#:# placeholder of a vanished path device', () => {
    const maps = parse('zh-osbrick-blog-1.txt').value.maps;
    expect(maps[1]!.groups[0]!.paths).toEqual([
      { dmState: 'active', checkerState: 'faulty', onlineState: 'running', line: 11, span: { first: 11, last: 11 } },
    ]);
    expect(failedPaths(maps[0]!).map((p) => p.hctl)).toEqual(['11:0:0:151', '12:0:0:151']);
    expect(maps[0]!.features).toBe('1 retain_attached_hw_handler');
  });

  it('collects the timestamped warnings and maps printed as ##,##', () => {
    const r = parse('mpt-issue12-1.txt');
    expect(r.value.warnings.slice(0, 2)).toEqual(['65:16: cannot find block device', '65:16: Empty device name']);
    expect(r.value.maps[1]).toMatchObject({ wwid: '36006016022f04400e3e62561e0efe3a6', dm: 'dm-12', groups: [] });
    expect(r.value.maps[1]!.vendor).toBeUndefined();
    expect(parse('hotsos-1.txt').value.warnings).toEqual([
      'bcache0: HDIO_GETGEO failed with 25',
      'bcache1: HDIO_GETGEO failed with 25',
    ]);
  });

  it('keeps grep fragments as orphan paths', () => {
    const r = parse('dell-csm-issue296-1.txt');
    expect(r.value.orphanPaths.map((p) => `${p.hctl} ${p.dev} ${p.majMin}`).slice(0, 5)).toEqual([
      '6:0:4:13 sdaq 66:160',
      '6:0:2:13 sdaa 65:160',
      '19:0:3:13 sdcj 69:112',
      '19:0:4:13 sdcm 69:160',
      '6:0:0:34 sde 8:64',
    ]);
    expect(r.value.orphanPaths.every((p) => pathHealth(p) === 'failed')).toBe(true);
  });

  it('reads model_serial WWIDs of local disks', () => {
    const [m] = parse('zh-residue-doc-1.txt').value.maps;
    expect(m).toMatchObject({ name: 'mpathbd', wwid: 'HUS726T4TALA600_V6J95GVV', vendor: 'ATA', product: 'HUS726T4TALA600' });
    expect(m!.sizeBytes).toBe(Math.round(3.6 * 1024 ** 4));
  });

  it('splits two-word checker states and understands ghost/offline paths', () => {
    const r = parseMultipathLl(
      [
        'mpathx (360000000000000000e00000000010001) dm-7 NETAPP,LUN C-Mode',
        "size=20G features='3 queue_if_no_path pg_init_retries 50' hwhandler='1 alua' wp=rw",
        "|-+- policy='service-time 0' prio=50 status=active",
        '| `- 1:0:0:1 sdb 8:16 active i/o pending running',
        "`-+- policy='service-time 0' prio=10 status=enabled",
        '  |- 2:0:0:1 sdc 8:32 active ghost running',
        '  `- 3:0:0:1 sdd 8:48 failed faulty offline',
        '',
      ].join('\n'),
    );
    const [m] = r.value.maps;
    expect(mapPaths(m!).map((p) => [p.checkerState, pathHealth(p)])).toEqual([
      ['i/o pending', 'pending'],
      ['ghost', 'usable'],
      ['faulty', 'failed'],
    ]);
    expect(activePathCount(m!)).toBe(1);
  });

  it('gives each map the span from its header to its last path, each path its line', () => {
    const maps = parseMultipathLl(
      [
        'mpatha (36000eb34fe49de76000000000004064) dm-0 HUAWEI,XSG1',
        "size=2.0T features='1 queue_if_no_path' hwhandler='0' wp=rw",
        "`-+- policy='service-time 0' prio=1 status=active",
        '  |- 1:0:0:1 sdc 8:32 active ready running',
        '  `- 2:0:0:1 sdd 8:48 failed faulty running',
        'Aug 30 05:09:18 | sde: no usable path',
        'mpathb (36000eb34fe49de76000000000004065) dm-1 HUAWEI,XSG1',
        "size=1.0T features='0' hwhandler='0' wp=rw",
        '',
      ].join('\n'),
    ).value.maps;
    expect(maps.map((m) => m.span)).toEqual([{ first: 1, last: 5 }, { first: 7, last: 8 }]);
    expect(mapPaths(maps[0]!).map((p) => p.span)).toEqual([{ first: 4, last: 4 }, { first: 5, last: 5 }]);
  });
});

describe('parseMultipathLl on hostile input', () => {
  it('returns nothing for empty output', () => {
    expect(parseMultipathLl('')).toEqual({ value: { maps: [], orphanPaths: [], warnings: [] }, issues: [] });
  });
  it('reports garbage as issues', () => {
    for (const g of GARBAGE) {
      const r = parseMultipathLl(g);
      expect(r.value.maps).toEqual([]);
      expect(r.issues.length + r.value.warnings.length).toBeGreaterThan(0);
    }
    expect(parseMultipathLl('lorem ipsum dolor\n').issues[0]).toMatchObject({ line: 1, text: 'lorem ipsum dolor' });
  });
  it('flags truncated output and keeps the maps read so far', () => {
    const r = parseMultipathLl(truncate(corpus(DIR, 'iscsi-tp-a-1.txt'), 0.7));
    expect(r.incomplete).toBe(true);
    expect(r.value.maps.map((m) => m.name)).toEqual(['mpatha', 'mpathb']);
    const groupOnly = parseMultipathLl(corpus(DIR, 'iscsi-tp-a-1.txt').split('\n').slice(0, 9).join('\n') + '\n');
    expect(groupOnly.incomplete).toBe(true);
  });
  it('tolerates CRLF and ANSI colour', () => {
    const text = corpus(DIR, 'rhel6-doc-1.txt').replace(/\n/g, '\r\n').replace('active ready', '\u001b[32mactive\u001b[0m ready');
    const r = parseMultipathLl(text);
    expect(r.issues).toEqual([]);
    expect(activePathCount(r.value.maps[0]!)).toBe(2);
  });
});
