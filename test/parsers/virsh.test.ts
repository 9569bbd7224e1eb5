import { describe, expect, it } from 'vitest';
import {
  parseDomblklist,
  parseDomblkstat,
  parseDomifaddr,
  parseDomjobinfo,
  parseSnapshotListVirsh,
  parseVirshList,
  parsers,
} from '../../src/parsers/virsh.js';
import { corpus, corpusFiles, fixture } from './compute-net-fixtures.js';

describe('parseVirshList', () => {
  it('reads the old fixed layout with multi-word states (insights-core-1)', () => {
    const r = parseVirshList(corpus('virsh-list-all', 'insights-core-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toHaveLength(13);
    expect(r.value.slice(0, 3)).toEqual([
      { id: 2, name: 'rhel7.4', state: 'running' },
      { id: 4, name: 'rhel7.0', state: 'paused' },
      { name: 'centos6.8-router', state: 'shut off' },
    ]);
    expect(r.value.filter((d) => d.state === 'shut off')).toHaveLength(11);
  });

  it('turns libvirtd errors into issues and no domains (insights-core-2)', () => {
    const r = parseVirshList(corpus('virsh-list-all', 'insights-core-2.txt'));
    expect(r.value).toEqual([]);
    expect(r.issues.map((i) => [i.line, i.reason])).toEqual([
      [1, 'virsh error'],
      [2, 'virsh error'],
      [3, 'virsh error'],
    ]);
    expect(r.issues[1]!.text).toBe('error: no valid connection');
  });

  it.each([
    ['safetytwin-readme-1.txt', { id: 1, name: 'safetytwin-vm', state: 'running' }],
    ['zh-kvm-howto-a-1.txt', { id: 1, name: 'win7', state: 'running' }],
  ])('reads new and old widths (%s)', (file, domain) => {
    expect(parseVirshList(corpus('virsh-list-all', file))).toEqual({ value: [domain], issues: [] });
  });

  it('reads the states after a migration cut (guide 3.4.6) and names with spaces', () => {
    const r = parseVirshList(' Id   Name        State\n--------------------------\n 5    E0513       paused\n -    win 7 pro   shut off\n 9    db01        in shutdown\n');
    expect(r.value).toEqual([
      { id: 5, name: 'E0513', state: 'paused' },
      { name: 'win 7 pro', state: 'shut off' },
      { id: 9, name: 'db01', state: 'in shutdown' },
    ]);
  });

  it('reads a zh_CN table: translated header and states pass through', () => {
    const r = parseVirshList(' Id   名称    状态\n--------------------\n 3    win7    运行中\n -    db01    关闭\n');
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual([
      { id: 3, name: 'win7', state: '运行中' },
      { name: 'db01', state: '关闭' },
    ]);
  });

  it('reports rows it cannot read', () => {
    const r = parseVirshList(' Id   Name   State\n----------------------\n garbage\n');
    expect(r.issues.map((i) => i.reason)).toEqual(['not a virsh list row']);
  });
});

describe('parseDomblklist', () => {
  it('reads --details with a path containing spaces and an empty CD-ROM', () => {
    const r = parseDomblklist(fixture('virsh', 'domblklist-details-synthetic.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual([
      { type: 'file', device: 'disk', target: 'vda', source: '/vms/IPsan St 001/win2019.qcow2' },
      { type: 'file', device: 'disk', target: 'vdb', source: '/vms/share/data-disk.qcow2' },
      { type: 'block', device: 'disk', target: 'sda', source: '/dev/disk/by-id/dm-uuid-mpath-3600a09803830316d512b4a6b38374143' },
      { type: 'file', device: 'cdrom', target: 'hdc' },
    ]);
  });

  it('reads the old two-column layout', () => {
    expect(parseDomblklist(fixture('virsh', 'domblklist-old-synthetic.txt')).value).toEqual([
      { target: 'vda', source: '/vms/share/centos6.5.qcow2' },
      { target: 'hdc' },
    ]);
  });

  it('reports a missing domain', () => {
    const r = parseDomblklist("error: failed to get domain 'nope'\n");
    expect(r.value).toEqual([]);
    expect(r.issues[0]!.reason).toBe('virsh error');
  });
});

describe('parseDomjobinfo', () => {
  it('converts units of a migration that does not converge (libvirt-exporter-issue132)', () => {
    const r = parseDomjobinfo(corpus('virsh-domjobinfo', 'libvirt-exporter-issue132-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual({
      jobType: 'Unbounded',
      operation: 'Outgoing migration',
      timeElapsedMs: 294154,
      dataProcessedBytes: Math.round(32.196 * 1024 ** 3),
      dataRemainingBytes: Math.round(26.287 * 1024 ** 3),
      dataTotalBytes: Math.round(32.009 * 1024 ** 3),
      memoryProcessedBytes: Math.round(32.196 * 1024 ** 3),
      memoryRemainingBytes: Math.round(26.287 * 1024 ** 3),
      memoryTotalBytes: Math.round(32.009 * 1024 ** 3),
      memoryBandwidthBytesPerS: Math.round(101.96 * 1024 ** 2),
      dirtyRatePagesPerS: 31340,
      pageSizeBytes: 4096,
      iteration: 2,
    });
  });

  it('reads "no job" and a completed job', () => {
    expect(parseDomjobinfo(fixture('virsh', 'domjobinfo-none-synthetic.txt')).value).toEqual({ jobType: 'None' });
    const done = parseDomjobinfo(fixture('virsh', 'domjobinfo-completed-synthetic.txt'));
    expect(done.issues).toEqual([]);
    expect(done.value).toMatchObject({
      jobType: 'Completed',
      timeElapsedWONetworkMs: 93209,
      dataRemainingBytes: 0,
      dirtyRatePagesPerS: 0,
      postcopyRequests: 0,
      normalDataBytes: 8 * 1024 ** 3,
      totalDowntimeMs: 223,
      downtimeWONetworkMs: 211,
      setupTimeMs: 26,
    });
  });

  it('reports errors and garbage', () => {
    const r = parseDomjobinfo("error: Requested operation is not valid: domain is not running\nno colon here\n");
    expect(r.value).toEqual({});
    expect(r.issues.map((i) => i.reason)).toEqual(['virsh error', 'not a domjobinfo line']);
  });

  it('reads lines with 200,000-character gaps (the label regex used to backtrack for seconds)', () => {
    const gap = ' '.repeat(200_000);
    const r = parseDomjobinfo(`Job type:${gap}Unbounded\nData remaining:${gap}26.287${gap}GiB\n${gap}no colon\n${gap}: no label\n`);
    expect(r.value).toEqual({ jobType: 'Unbounded', dataRemainingBytes: Math.round(26.287 * 1024 ** 3) });
    expect(r.issues.map((i) => [i.line, i.reason])).toEqual([
      [3, 'not a domjobinfo line'],
      [4, 'not a domjobinfo line'],
    ]);
  });
});

describe('parseDomblkstat', () => {
  const vda = {
    rd_req: 8730,
    rd_bytes: 318011904,
    wr_req: 2211,
    wr_bytes: 38567936,
    flush_operations: 716,
    rd_total_times: 4310213409,
    wr_total_times: 11309417270,
    flush_total_times: 2411735474,
  };

  it('reads per-device lines', () => {
    expect(parseDomblkstat(fixture('virsh', 'domblkstat-device-synthetic.txt'))).toEqual({ value: { devices: [{ device: 'vda', counters: vda }] }, issues: [] });
  });

  it('reads the --human form into the same names', () => {
    expect(parseDomblkstat(fixture('virsh', 'domblkstat-human-synthetic.txt')).value.devices).toEqual([{ device: 'vda', counters: vda }]);
  });

  it('reads lines without a device as the sum over all disks', () => {
    const r = parseDomblkstat(fixture('virsh', 'domblkstat-all-synthetic.txt'));
    expect(r.value.devices).toHaveLength(1);
    expect(r.value.devices[0]).toMatchObject({ device: '', counters: { rd_req: 9112, wr_total_times: 11507311002 } });
  });

  it('keeps a device given as a path with spaces, and reports errors', () => {
    const r = parseDomblkstat('/vms/IPsan St 001/a.qcow2 rd_req 5\nerror: invalid argument: invalid path: vdz\n');
    expect(r.value.devices).toEqual([{ device: '/vms/IPsan St 001/a.qcow2', counters: { rd_req: 5 } }]);
    expect(r.issues.map((i) => i.reason)).toEqual(['virsh error']);
  });
});

describe('parseSnapshotListVirsh', () => {
  it('reads a long name that breaks the columns (zh-kvm-howto-a)', () => {
    expect(parseSnapshotListVirsh(corpus('virsh-snapshot-list', 'zh-kvm-howto-a-1.txt'))).toEqual({
      value: [{ name: 'snapshot-haozip_360_npp_wps', creationTime: '2018-03-07 10:14:03 +0800', state: 'running' }],
      issues: [],
    });
  });

  it('reads names with spaces and disk-only snapshots', () => {
    const r = parseSnapshotListVirsh(' Name          Creation Time               State\n----------------------------------------------------\n before patch  2024-01-02 03:04:05 +0000   disk-snapshot\n');
    expect(r.value).toEqual([{ name: 'before patch', creationTime: '2024-01-02 03:04:05 +0000', state: 'disk-snapshot' }]);
  });

  it('reads every short row as the former regex did', () => {
    const FORMER = /^(.+?)\s+(\d{4}-\d{2}-\d{2}\s+\d{2}:\d{2}:\d{2}(?:\s+[+-]\d{4})?)\s+(\S+)$/;
    const PIECES = ['snap', 'a b', '2024-01-02', '03:04:05', '+0800', '-0000', 'running', 'shutoff', '1', '2024-01-0', '03:04', ' ', '\t', '  '];
    let x = 5; // xorshift32: deterministic
    const next = (): number => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
    const some = (max: number): string => Array.from({ length: next() % (max + 1) }, () => PIECES[next() % PIECES.length]).join(' ');
    let matched = 0;
    for (let n = 0; n < 20_000; n++) {
      const row = (n % 2 ? some(8) : `${some(3)} ${some(1)} 2024-01-02 ${some(1)} 03:04:05 ${some(2)} ${some(1)}`).trim();
      if (row === '' || /^-{5,}$|^error:/i.test(row)) continue;
      const m = FORMER.exec(row);
      if (m) matched++;
      const r = parseSnapshotListVirsh(`${row}\n`);
      expect(r.value, JSON.stringify(row)).toEqual(m ? [{ name: m[1], creationTime: m[2]!.replace(/\s+/g, ' '), state: m[3] }] : []);
    }
    expect(matched).toBeGreaterThan(1000);
  });

  it('reads rows with 200,000-character gaps (the former regex backtracked for seconds)', () => {
    const gap = ' '.repeat(200_000);
    const r = parseSnapshotListVirsh(`before${gap}patch 2024-01-02${gap}03:04:05 +0000${gap}shutoff\nkey:${gap}v\n`);
    expect(r.value).toEqual([{ name: `before${gap}patch`, creationTime: '2024-01-02 03:04:05 +0000', state: 'shutoff' }]);
    expect(r.issues.map((i) => [i.line, i.reason])).toEqual([[2, 'not a snapshot-list row']]);
  });
});

describe('parseDomifaddr', () => {
  it('reads an address row (safetytwin)', () => {
    expect(parseDomifaddr(corpus('virsh-domifaddr', 'safetytwin-readme-1.txt'))).toEqual({
      value: [{ interface: 'vnet0', mac: '52:54:00:de:3d:40', protocol: 'ipv4', address: '192.168.122.113', prefixLen: 24 }],
      issues: [],
    });
  });

  it('carries the interface of `-` continuation rows', () => {
    const r = parseDomifaddr(
      ' Name       MAC address          Protocol     Address\n-------------------------------------------------------\n vnet0      52:54:00:de:3d:40    ipv4         192.168.122.113/24\n -          -                    ipv6         fe80::5054:ff:fede:3d40/64\n',
    );
    expect(r.value[1]).toEqual({ interface: 'vnet0', mac: '52:54:00:de:3d:40', protocol: 'ipv6', address: 'fe80::5054:ff:fede:3d40', prefixLen: 64 });
  });
});

describe('virsh parser registry', () => {
  it.each(['virsh-list-all', 'virsh-domjobinfo', 'virsh-snapshot-list', 'virsh-domifaddr'] as const)('reads every %s sample', (dir) => {
    for (const file of corpusFiles(dir)) {
      const r = parsers[dir](corpus(dir, file));
      expect(r.issues.filter((i) => i.reason !== 'virsh error'), `${dir}/${file}`).toEqual([]);
    }
  });
});
