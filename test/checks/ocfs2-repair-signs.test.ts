import { describe, expect, it } from 'vitest';
import { parseSyslogLine } from '../../src/parsers/syslog.js';
import { deviceInMessage, repairSign } from '../../checks/storage/ocfs2-repair/signs.js';
import { fixture } from '../parsers/storage-fixtures.js';

const OCFS2 = new Set(['dm-0', 'sdb']);

describe('kernel-log signs of an inconsistent OCFS2 volume', () => {
  it('classifies the lines of the mixed-format log fixture, leaving ext4 and multipath alone', () => {
    const signs = fixture('syslog', 'mixed-formats.txt').split('\n').filter(Boolean).map((l) => {
      const message = parseSyslogLine(l)?.message ?? l;
      const s = repairSign(message, OCFS2);
      return s ? [s.kind, s.device ?? null, s.function ?? null] : null;
    }).filter(Boolean);
    expect(signs).toEqual([
      ['corruption', 'dm-0', 'ocfs2_validate_inode_block'],
      ['corruption', null, null],
      ['read-only', null, null],
      ['journal-io', 'dm-0', null],
      ['journal-io', null, 'ocfs2_commit_cache'],
    ]);
  });

  it('reads the 3.x kernel wording and an aborted journal', () => {
    expect(repairSign('File system is now read-only due to the potential of on-disk corruption. Please run fsck.ocfs2 once the file system is unmounted.', OCFS2)).toEqual({ kind: 'corruption', device: undefined });
    expect(repairSign('OCFS2: abort (device dm-0): ocfs2_start_trans: Detected aborted journal', OCFS2)).toEqual({ kind: 'journal-io', device: 'dm-0', function: 'ocfs2_start_trans' });
    expect(repairSign('(ocfs2cmt-BE229C,4312,7):ocfs2_commit_thread:2365 ERROR: status = -5, journal is already aborted.', OCFS2)).toMatchObject({ kind: 'journal-io', function: 'ocfs2_commit_thread' });
  });

  it('ignores errors that say nothing about the disk, and other file systems', () => {
    expect(repairSign('(qemu-system-x86,5120,12):ocfs2_read_locked_inode:499 ERROR: status = -30', OCFS2)).toBeUndefined();
    expect(repairSign('ocfs2: Mounting device (253,0) on (node 1, slot 0) with ordered data mode.', OCFS2)).toBeUndefined();
    expect(repairSign('EXT4-fs (sda2): Remounting filesystem read-only', OCFS2)).toBeUndefined();
    expect(repairSign('JBD2: Detected IO errors while flushing file data on dm-1-8', OCFS2)).toBeUndefined();
    expect(repairSign('JBD2: Detected IO errors while flushing file data on dm-1-8', new Set(['dm-1']))).toEqual({ kind: 'journal-io', device: 'dm-1' });
  });

  it('finds the volume a line names, a jbd2 journal by its device', () => {
    expect(deviceInMessage('OCFS2: ERROR (device sdb): ocfs2_check_dir_entry: bad entry', OCFS2)).toBe('sdb');
    expect(deviceInMessage('Aborting journal on device dm-0-24.', OCFS2)).toBe('dm-0');
    expect(deviceInMessage('JBD2: ... on sdk-24', OCFS2)).toBe('sdk');
    expect(deviceInMessage('Aborting journal on device dm-10.', OCFS2)).toBe('dm-10');
    expect(deviceInMessage('On-disk corruption discovered. Please run fsck.ocfs2 once the filesystem is unmounted.', OCFS2)).toBeUndefined();
  });
});
