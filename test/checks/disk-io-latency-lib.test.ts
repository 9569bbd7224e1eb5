import { describe, expect, it } from 'vitest';
import type { DiskIoRate } from '../../src/parsers/diskstats.js';
import { parseMount } from '../../src/parsers/mount.js';
import { parseMultipathLl } from '../../src/parsers/multipath.js';
import { staticKernelName } from '../../checks/shared/block-devices.js';
import { deviceRole, isPartition, isPseudoDevice, mountOfPath } from '../../checks/storage/disk-io-latency/devices.js';
import { heaviest, movePools, type VmLoad } from '../../checks/storage/disk-io-latency/load.js';
import { corpus, fixture } from '../parsers/storage-fixtures.js';

const maps = parseMultipathLl(corpus('multipath-ll', 'mpt-issue6-1.txt')).value.maps;

describe('block device names', () => {
  it('resolves mount device paths to kernel names through multipath', () => {
    const m = maps[0]!;
    expect(staticKernelName('/dev/sdb', maps)).toBe('sdb');
    expect(staticKernelName('/dev/dm-0', maps)).toBe('dm-0');
    expect(staticKernelName(`/dev/mapper/${m.name}`, maps)).toBe(m.dm);
    expect(staticKernelName(`/dev/disk/by-id/dm-name-${m.name}`, maps)).toBe(m.dm);
    expect(staticKernelName(`/dev/disk/by-id/dm-uuid-mpath-${m.wwid}`, maps)).toBe(m.dm);
    // LVM volumes and by-path links need readlink on the host
    expect(staticKernelName('/dev/mapper/vg0-root', maps)).toBeUndefined();
    expect(staticKernelName('/dev/disk/by-path/ip-172.16.60.10:3260-iscsi-iqn.2006-08.com.huawei:oceanstor-lun-1', maps)).toBeUndefined();
  });

  it('tells partitions and pseudo devices from disks', () => {
    const all = new Set(['sda', 'sda1', 'sdaa', 'dm-1', 'dm-10', 'nvme0n1', 'nvme0n1p2', 'mmcblk0', 'mmcblk0p1', 'md0']);
    expect([...all].filter((n) => isPartition(n, all))).toEqual(['sda1', 'nvme0n1p2', 'mmcblk0p1']);
    expect(['loop0', 'sr0', 'ram15', 'zram0', 'nbd3', 'sda', 'dm-0'].filter(isPseudoDevice)).toEqual(['loop0', 'sr0', 'ram15', 'zram0', 'nbd3']);
  });

  it('knows a multipath map, its paths and the pools on it', () => {
    const mounts = parseMount(fixture('mount', 'guide-ocfs2.txt')).value;
    const resolved = new Map([['/dev/dm-0', 'dm-0'], ['/dev/sdj', 'sdj']]);
    const mpt = parseMultipathLl('mpatha (36000eb34fe49de76000000000004064) dm-0 HUAWEI,XSG1\nsize=2.0T features=\'1 queue_if_no_path\' hwhandler=\'0\' wp=rw\n`-+- policy=\'service-time 0\' prio=1 status=active\n  |- 1:0:0:1 sdc 8:32 active ready running\n  `- 2:0:0:1 sdd 8:48 active ready running\n').value.maps;
    const role = deviceRole('dm-0', mpt, mounts, resolved);
    expect([role.role, role.map?.name, role.mounts.map((m) => m.mountPoint)]).toEqual(['map', 'mpatha', ['/vms/FC-St']]);
    expect(deviceRole('sdd', mpt, mounts, resolved).role).toBe('path');
    expect(deviceRole('sdj', mpt, mounts, resolved)).toMatchObject({ role: 'plain', mounts: [{ mountPoint: '/vms/IPsan-St-002' }] });
    expect(mountOfPath('/vms/FC-St/win7.qcow2', mounts)?.mountPoint).toBe('/vms/FC-St');
    expect(mountOfPath('/vms/FC-Stx/a.qcow2', mounts)).toBeUndefined();
  });
});

describe('weighing the VMs against the device', () => {
  const load = (vm: string, iops: number): VmLoad => ({ vm, iops, kBps: 0, share: iops / 1000, disks: [] });

  it('takes the heaviest VMs until they cover 80 % of the VM IO, at most three', () => {
    expect(heaviest([load('a', 900), load('b', 60), load('c', 40)]).map((l) => l.vm)).toEqual(['a']);
    expect(heaviest([load('a', 300), load('b', 300), load('c', 250), load('d', 150)]).map((l) => l.vm)).toEqual(['a', 'b', 'c']);
    expect(heaviest([load('idle', 0)])).toEqual([]);
  });

  it('offers only quiet pools on other devices, least busy first', () => {
    const rate = (name: string, util: number, wait: number) => ({ name, util, await: wait } as DiskIoRate);
    const mounts = parseMount('/dev/sdb on /vms/IPsan type ocfs2 (rw)\n/dev/sdc on /vms/IPsan2 type ocfs2 (rw)\n/dev/sdd on /vms/busy type ocfs2 (rw)\n/dev/sde on /backup type ext4 (rw)\n').value;
    const dev = (name: string, util: number, wait: number) => ({ rate: rate(name, util, wait), role: { role: 'plain' as const, mounts: mounts.filter((m) => m.device === `/dev/${name}`) } });
    const devices = [dev('dm-0', 99, 80), dev('sdb', 40, 3), dev('sdc', 10, 2), dev('sdd', 70, 4), dev('sde', 1, 1), dev('sdf', 5, 30)];
    expect(movePools('dm-0', devices, new Map([['/vms/images', 'sdf']]), 50, 20).map((p) => p.pool)).toEqual(['/vms/IPsan2', '/vms/IPsan']);
  });
});
