import { describe, expect, it } from 'vitest';
import { parseDf } from '../../src/parsers/df.js';
import { corpus, corpusFiles, GARBAGE, truncate } from './storage-fixtures.js';

const G = 1024 ** 3;
const M = 1024 ** 2;

describe('parseDf on the corpus', () => {
  it('covers both corpus directories', () => {
    expect(corpusFiles('df')).toEqual(['hotsos-2.txt', 'insights-core-3.txt', 'jc-1.txt']);
    expect(corpusFiles('df-h')).toEqual(['jc-1.txt', 'jc-2.txt']);
  });

  it('reads df -al: 1K-blocks, Use%, "-" for pseudo filesystems', () => {
    const r = parseDf(corpus('df', 'hotsos-2.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.entries).toHaveLength(53);
    expect(r.value.entries.find((e) => e.mountPoint === '/')).toEqual({
      filesystem: '/dev/vda2',
      sizeBytes: 308585260 * 1024,
      usedBytes: 25514372 * 1024,
      availBytes: 267326276 * 1024,
      usePercent: 9,
      mountPoint: '/',
      line: 7,
    });
    const sys = r.value.entries[0]!;
    expect(sys.usePercent).toBeUndefined();
    expect(sys.sizeBytes).toBe(0);
    expect(r.value.entries.find((e) => e.mountPoint === '/sys/fs/cgroup/cpu,cpuacct')?.filesystem).toBe('cgroup');
  });

  it('reads df -alP: 1024-blocks and Capacity', () => {
    const r = parseDf(corpus('df', 'insights-core-3.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.entries.map((e) => [e.filesystem, e.usePercent, e.mountPoint])).toEqual([
      ['/dev/xvda1', 22, '/'],
      ['proc', undefined, '/proc'],
      ['sysfs', undefined, '/sys'],
      ['devpts', undefined, '/dev/pts'],
      ['tmpfs', 0, '/dev/shm'],
      ['none', undefined, '/proc/sys/fs/binfmt_misc'],
    ]);
    expect(r.value.entries[0]!.availBytes).toBe(7616032 * 1024);
  });

  it('reads df -PT with a long device name pushing the row out of alignment', () => {
    const r = parseDf(corpus('df', 'jc-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.entries[0]).toEqual({
      filesystem: '/dev/mapper/VolGroup00-LogVol00',
      type: 'ext3',
      sizeBytes: 6030784 * 1024,
      usedBytes: 1147932 * 1024,
      availBytes: 4571556 * 1024,
      usePercent: 21,
      mountPoint: '/',
      line: 2,
    });
    expect(r.value.entries[2]).toMatchObject({ filesystem: 'sysfs', type: 'sysfs', mountPoint: '/sys' });
  });

  it('reads df -h sizes in binary units', () => {
    const a = parseDf(corpus('df-h', 'jc-1.txt'));
    expect(a.issues).toEqual([]);
    expect(a.value.entries.find((e) => e.mountPoint === '/boot')).toMatchObject({
      filesystem: '/dev/sda1',
      sizeBytes: 1014 * M,
      usedBytes: 233 * M,
      availBytes: 782 * M,
      usePercent: 23,
    });
    const b = parseDf(corpus('df-h', 'jc-2.txt'));
    expect(b.issues).toEqual([]);
    expect(b.value.entries).toHaveLength(18);
    expect(b.value.entries.filter((e) => e.usePercent === 100)).toHaveLength(11);
    expect(b.value.entries.find((e) => e.mountPoint === '/')?.sizeBytes).toBe(20 * G);
  });
});

describe('parseDf formats beyond the corpus', () => {
  it('rejoins a device name wrapped onto its own line by plain df', () => {
    const r = parseDf(
      'Filesystem           1K-blocks      Used Available Use% Mounted on\n' +
        '/dev/mapper/VolGroup00-LogVol00\n' +
        '                       6030784   1147932   4571556  21% /\n' +
        '/dev/sda1               101086     12485     83382  14% /boot\n',
    );
    expect(r.issues).toEqual([]);
    expect(r.value.entries.map((e) => [e.filesystem, e.mountPoint, e.line])).toEqual([
      ['/dev/mapper/VolGroup00-LogVol00', '/', 2],
      ['/dev/sda1', '/boot', 4],
    ]);
  });

  it('reads the zh_CN header and mount points with spaces', () => {
    const r = parseDf('文件系统        容量  已用  可用 已用% 挂载点\n/dev/dm-0       2.0T  1.2T  800G   61% /vms/FC St\n');
    expect(r.issues).toEqual([]);
    expect(r.value.entries).toEqual([
      { filesystem: '/dev/dm-0', sizeBytes: 2 * 1024 * G, usedBytes: Math.round(1.2 * 1024 * G), availBytes: 800 * G, usePercent: 61, mountPoint: '/vms/FC St', line: 2 },
    ]);
  });

  it('keeps df error lines (hung or lost OCFS2 mounts) apart from the table', () => {
    const r = parseDf(
      "df: '/vms/IPsan-St-001': Transport endpoint is not connected\n" +
        'df: ‘/vms/FC-St’: Input/output error\n' +
        'df: /mnt/nfs: Stale file handle\n' +
        'Filesystem     1K-blocks    Used Available Use% Mounted on\n' +
        '/dev/sdb       104857600 5242880  99614720   5% /vms/IPsan-St-002\n',
    );
    expect(r.issues).toEqual([]);
    expect(r.value.errors).toEqual([
      { path: '/vms/IPsan-St-001', message: 'Transport endpoint is not connected', line: 1 },
      { path: '/vms/FC-St', message: 'Input/output error', line: 2 },
      { path: '/mnt/nfs', message: 'Stale file handle', line: 3 },
    ]);
    expect(r.value.entries.map((e) => e.mountPoint)).toEqual(['/vms/IPsan-St-002']);
  });

  it('flags output cut inside a row or after a wrapped device name', () => {
    const r = parseDf(truncate(corpus('df', 'hotsos-2.txt'), 0.5));
    expect(r.incomplete).toBe(true);
    expect(r.value.entries.length).toBeGreaterThan(10);
    expect(parseDf('Filesystem 1K-blocks Used Available Use% Mounted on\n/dev/mapper/very-long-name\n').incomplete).toBe(true);
  });

  it('reports unknown headers, bad numbers and garbage', () => {
    expect(parseDf('')).toEqual({ value: { entries: [], errors: [] }, issues: [] });
    expect(parseDf('Filesystem Inodes IUsed IFree IUse% Mounted on\n').issues[0]!.reason).toBe('not a df header');
    const bad = parseDf('Filesystem 1K-blocks Used Available Use% Mounted on\n/dev/sda1 lots 1 2 3% /\n');
    expect(bad.issues[0]!.reason).toBe('unreadable df numbers');
    for (const g of GARBAGE) expect(parseDf(g).issues.length).toBeGreaterThan(0);
  });
});
