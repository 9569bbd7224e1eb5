import { describe, expect, it } from 'vitest';
import { mountOption, ocfs2Mounts, parseMount, parseProcMounts } from '../../src/parsers/mount.js';
import { corpus, corpusFiles, fixture, GARBAGE } from './storage-fixtures.js';

const EXPECTED_COUNTS: Record<string, number> = {
  'insights-core-4.txt': 6,
  'jc-1.txt': 31,
  'jc-2.txt': 43,
  'jc-3.txt': 1,
};

describe('parseMount', () => {
  it('reads every corpus sample without issues', () => {
    expect(Object.keys(EXPECTED_COUNTS).sort()).toEqual(corpusFiles('mount'));
    for (const [file, count] of Object.entries(EXPECTED_COUNTS)) {
      const r = parseMount(corpus('mount', file));
      expect(r.issues, file).toEqual([]);
      expect(r.value, file).toHaveLength(count);
    }
  });

  it('keeps spaces in mount points', () => {
    const [e] = parseMount(corpus('mount', 'jc-3.txt')).value;
    expect(e).toMatchObject({ device: '/dev/sda1', mountPoint: '/media/user/Ubuntu 22.04.3 LTS amd64', fsType: 'iso9660' });
    expect(e!.options.slice(0, 3)).toEqual(['ro', 'nosuid', 'nodev']);
    expect(mountOption(e!, 'blocksize')).toBe('2048');
  });

  it('keeps quoted option values whole', () => {
    const r = parseMount(corpus('mount', 'insights-core-4.txt')).value;
    expect(r[4]).toEqual({
      device: 'tmpfs',
      mountPoint: '/dev/shm',
      fsType: 'tmpfs',
      options: ['rw', 'rootcontext="system_u:object_r:tmpfs_t:s0"'],
      line: 5,
    });
    const commaInQuotes = parseMount('/dev/sdb1 on /srv type xfs (rw,context="system_u:object_r:x_t:s0:c0,c1",noatime) [DATA]\n').value[0]!;
    expect(commaInQuotes.options).toEqual(['rw', 'context="system_u:object_r:x_t:s0:c0,c1"', 'noatime']);
    expect(commaInQuotes.label).toBe('DATA');
  });

  it('reads cgroup mount points with commas and fuse types', () => {
    const r = parseMount(corpus('mount', 'jc-2.txt')).value;
    expect(r.find((e) => e.mountPoint === '/sys/fs/cgroup/net_cls,net_prio')?.fsType).toBe('cgroup');
    expect(r.find((e) => e.device === 'lxcfs')?.fsType).toBe('fuse.lxcfs');
  });

  it('lists the OCFS2 pools of the guide, without the ocfs2_dlmfs control mount', () => {
    const all = parseMount(fixture('mount', 'guide-ocfs2.txt')).value;
    expect(all).toHaveLength(6);
    const pools = ocfs2Mounts(all);
    expect(pools.map((e) => `${e.device} ${e.mountPoint}`)).toEqual([
      '/dev/sdj /vms/IPsan-St-002',
      '/dev/sdm /vms/VM_BackUp',
      '/dev/dm-0 /vms/FC-St',
      '/dev/sdk /vms/IPsan-St-001',
      '/dev/sdl /vms/ISO_POOL',
    ]);
    expect(mountOption(pools[0]!, 'heartbeat')).toBe('local');
    expect(mountOption(pools[0]!, '_netdev')).toBe(true);
    expect(mountOption(pools[0]!, 'acl')).toBeUndefined();
  });

  it('reports lines that are not mount entries', () => {
    expect(parseMount('')).toEqual({ value: [], issues: [] });
    const r = parseMount('mount: only root can use "--options" option\n');
    expect(r.issues[0]!.line).toBe(1);
    for (const g of GARBAGE) expect(parseMount(g).issues.length).toBeGreaterThan(0);
  });
});

describe('parseMount on long and tricky lines', () => {
  /** The regex parseMount used before it read lines in linear time: the reference on short lines. */
  const FORMER = /^(.+?) on (.+) type (\S+)(?: \((.*)\))?(?: \[(.*)\])?$/;
  const PIECES = [' on ', ' type ', ' (', ')', ' [', ']', ') [', 'a', 'x y', ' ', 'ext4', '/', 'on', 'type', '\t', 'rw', '(', '['];

  it('reads every short line as the former regex did', () => {
    let x = 7; // xorshift32: deterministic, no flaky failures
    const next = (): number => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
    const some = (max: number): string => Array.from({ length: next() % (max + 1) }, () => PIECES[next() % PIECES.length]).join('');
    const maybe = (s: string): string => (next() % 2 ? s : '');
    for (let n = 0; n < 20_000; n++) {
      const line = (n % 4 === 0 ? some(9) : `${some(2)} on ${some(3)} type ${some(1)}${maybe(` (${some(3)})`)}${maybe(` [${some(2)}]`)}${maybe(some(1))}`).trim();
      if (line === '') continue;
      const m = FORMER.exec(line);
      const [entry] = parseMount(line).value;
      const expected = m
        ? { device: m[1], mountPoint: m[2], fsType: m[3], options: m[4] ? [m[4]] : [], ...(m[5] !== undefined ? { label: m[5] } : {}), line: 1 }
        : undefined;
      expect(entry, JSON.stringify(line)).toEqual(expected);
    }
  });

  it('reads a mount point holding " type " and a label', () => {
    expect(parseMount('/dev/sdb1 on /mnt/a type b type xfs (rw,noatime) [DATA]\n').value).toEqual([
      { device: '/dev/sdb1', mountPoint: '/mnt/a type b', fsType: 'xfs', options: ['rw', 'noatime'], label: 'DATA', line: 1 },
    ]);
  });

  it('reads 200,000-character lines of repeated entries (the former regex took minutes)', () => {
    const entry = '/dev/mapper/vg-pool on /vms/pool type ocfs2 (rw,_netdev,heartbeat=local) ';
    const long = entry.repeat(Math.ceil(200_000 / entry.length));
    const r = parseMount(`${long}\n${long}cut here\n`);
    expect(r.value).toHaveLength(1);
    expect(r.value[0]).toMatchObject({ device: '/dev/mapper/vg-pool', fsType: 'ocfs2', line: 1 });
    expect(r.value[0]!.mountPoint.length).toBeGreaterThan(190_000);
    expect(r.issues.map((i) => [i.line, i.reason])).toEqual([[2, 'expected "DEV on DIR type FS (OPTIONS)"']]);
  });
});

describe('parseProcMounts', () => {
  it('decodes \\040 and finds the same pools as mount', () => {
    const r = parseProcMounts(fixture('mount', 'proc-mounts-usphere.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toHaveLength(7);
    const pools = ocfs2Mounts(r.value);
    expect(pools.map((e) => e.mountPoint)).toEqual(['/vms/FC-St', '/vms/IPsan St 001']);
    expect(mountOption(pools[1]!, 'coherency')).toBe('full');
    expect(pools[1]!.line).toBe(6);
  });

  it('reports malformed lines', () => {
    const r = parseProcMounts('/dev/sda1 / ext4 rw 0\n/dev/sdb1 /b xfs rw x y\n');
    expect(r.value).toEqual([]);
    expect(r.issues.map((i) => i.line)).toEqual([1, 2]);
    for (const g of GARBAGE) expect(parseProcMounts(g).issues.length).toBeGreaterThan(0);
  });
});
