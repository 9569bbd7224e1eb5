import { describe, expect, it } from 'vitest';
import { parseDiskLink, parseLsLong } from '../../src/parsers/disk-links.js';
import { GARBAGE } from './storage-fixtures.js';

describe('parseDiskLink', () => {
  it('reads the multipath names: the guide\'s dm-name-<WWID> and dm-uuid-mpath-<WWID>', () => {
    expect(parseDiskLink('/dev/disk/by-id/dm-name-36000eb34fe49de76000000000004064')).toEqual({
      path: '/dev/disk/by-id/dm-name-36000eb34fe49de76000000000004064', kind: 'dm-name', mapName: '36000eb34fe49de76000000000004064', wwid: '36000eb34fe49de76000000000004064',
    });
    // guide 3.5.6: an EUI-64 designator ("2" + 16 hex digits)
    expect(parseDiskLink('/dev/disk/by-id/dm-name-2225d000155a30dda')).toMatchObject({ kind: 'dm-name', wwid: '2225d000155a30dda' });
    // user_friendly_names: the name is an alias, not a WWID
    expect(parseDiskLink('/dev/disk/by-id/dm-name-mpatha')).toEqual({ path: '/dev/disk/by-id/dm-name-mpatha', kind: 'dm-name', mapName: 'mpatha' });
    expect(parseDiskLink('/dev/disk/by-id/dm-uuid-mpath-36000eb34fe49de76000000000004064')).toMatchObject({ kind: 'dm-uuid-mpath', wwid: '36000eb34fe49de76000000000004064' });
  });

  it('reads single-disk names: scsi-<WWID> and wwn-0x<NAA>', () => {
    expect(parseDiskLink('/dev/disk/by-id/scsi-36000eb34fe49de76000000000004064')).toMatchObject({ kind: 'scsi', wwid: '36000eb34fe49de76000000000004064' });
    expect(parseDiskLink('/dev/disk/by-id/wwn-0x6000eb34fe49de76000000000004064')).toMatchObject({ kind: 'wwn', wwid: '36000eb34fe49de76000000000004064' });
    expect(parseDiskLink('/dev/disk/by-id/scsi-SATA_INTEL_SSDSC2BB24_BTWL5123456')).toEqual({ path: '/dev/disk/by-id/scsi-SATA_INTEL_SSDSC2BB24_BTWL5123456', kind: 'other' });
  });

  it('reads by-path names: iSCSI portal, target and LUN; FC target port and LUN', () => {
    expect(parseDiskLink('/dev/disk/by-path/ip-172.16.60.10:3260-iscsi-iqn.2006-08.com.huawei:oceanstor:2100a0f479c5a1b2::20100:172.16.60.10-lun-1')).toEqual({
      path: '/dev/disk/by-path/ip-172.16.60.10:3260-iscsi-iqn.2006-08.com.huawei:oceanstor:2100a0f479c5a1b2::20100:172.16.60.10-lun-1',
      kind: 'iscsi', portal: '172.16.60.10:3260', target: 'iqn.2006-08.com.huawei:oceanstor:2100a0f479c5a1b2::20100:172.16.60.10', lun: 1,
    });
    expect(parseDiskLink('/dev/disk/by-path/pci-0000:05:00.0-fc-0x2100a0f479c5a1b2-lun-3')).toMatchObject({ kind: 'fc', targetPort: '0x2100a0f479c5a1b2', lun: 3 });
  });

  it('leaves anything else as other', () => {
    expect(parseDiskLink('/dev/sdb')).toEqual({ path: '/dev/sdb', kind: 'other' });
    expect(parseDiskLink('')).toEqual({ path: '', kind: 'other' });
  });
});

describe('parseLsLong', () => {
  it('reads a by-id link with its target, and a block device', () => {
    const r = parseLsLong('lrwxrwxrwx 1 root root 10 Nov 25 03:10 /dev/disk/by-id/dm-uuid-mpath-36000eb34fe49de76000000000004064 -> ../../dm-0\n');
    expect(r).toEqual({
      value: [{ mode: 'lrwxrwxrwx', path: '/dev/disk/by-id/dm-uuid-mpath-36000eb34fe49de76000000000004064', target: '../../dm-0', span: { first: 1, last: 1 } }],
      issues: [],
    });
    expect(parseLsLong('brw-rw---- 1 root disk 8, 16 Jan  3  2025 /dev/sdb\n').value).toEqual([{ mode: 'brw-rw----', path: '/dev/sdb', span: { first: 1, last: 1 } }]);
  });

  it('reports anything else and never throws', () => {
    expect(parseLsLong("ls: cannot access '/dev/disk/by-id/x': No such file or directory\n").issues[0]!.reason).toBe('not an ls -l line');
    for (const g of GARBAGE) expect(parseLsLong(g).value).toEqual([]);
  });
});
