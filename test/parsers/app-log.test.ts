import { describe, expect, it } from 'vitest';
import { parseAppLog, parseAppLogLine } from '../../src/parsers/app-log.js';
import { GARBAGE } from './storage-fixtures.js';

describe('parseAppLogLine', () => {
  it('reads a libvirtd.log line: time with zone, pid, level, message without the function prefix', () => {
    // libvirt's log format (virLogFormatString): "%s: %d: %s : %s:%d : %s"
    const r = parseAppLogLine("2017-03-14 06:28:52.600+0000: 1342: error : virCommandWait:2553 : internal error: Child process (/bin/mount -t ocfs2 /dev/sdb /vms/IPsan-St-002) unexpected exit status 1: mount.ocfs2: Transport endpoint is not connected while mounting /dev/sdb on /vms/IPsan-St-002.");
    expect(r).toEqual({
      time: new Date('2017-03-14T06:28:52.600Z'),
      stamp: '2017-03-14 06:28:52.600+0000',
      pid: 1342,
      level: 'error',
      message: 'internal error: Child process (/bin/mount -t ocfs2 /dev/sdb /vms/IPsan-St-002) unexpected exit status 1: mount.ocfs2: Transport endpoint is not connected while mounting /dev/sdb on /vms/IPsan-St-002.',
    });
  });

  it('reads platform script lines: plain, Python logging with comma milliseconds, bracketed', () => {
    const plain = parseAppLogLine('2026-11-25 03:47:26 Error: Disk /dev/disk/by-id/dm-name-2225d000155a30dda had been mounted by other hosts, not need to format it.', { utcOffsetMinutes: 480 });
    expect(plain).toEqual({
      time: new Date('2026-11-24T19:47:26Z'),
      stamp: '2026-11-25 03:47:26',
      message: 'Error: Disk /dev/disk/by-id/dm-name-2225d000155a30dda had been mounted by other hosts, not need to format it.',
    });
    const py = parseAppLogLine('2026-11-25 03:47:26,118 - ocfs2 - ERROR - Disk lun check failed, errorno=3.', { utcOffsetMinutes: 0 });
    expect(py).toEqual({ time: new Date('2026-11-25T03:47:26.118Z'), stamp: '2026-11-25 03:47:26,118', level: 'error', message: 'ocfs2 - ERROR - Disk lun check failed, errorno=3.' });
    const br = parseAppLogLine('[2026-11-25 03:47:26] WARNING pool FC-St is busy', { utcOffsetMinutes: 0 });
    expect(br).toMatchObject({ stamp: '2026-11-25 03:47:26', level: 'warning', message: 'WARNING pool FC-St is busy' });
  });

  it('falls back to syslog and keeps anything else as an undated message', () => {
    const sys = parseAppLogLine('Nov 25 03:51:02 cvknode11 kernel: [1209602.551028] (mount.ocfs2,31204,5):ocfs2_find_slot:492 ERROR: no free slots available!', { reference: new Date('2026-11-25T04:00:00Z'), utcOffsetMinutes: 0 });
    expect(sys).toEqual({ time: new Date('2026-11-25T03:51:02Z'), stamp: 'Nov 25 03:51:02', message: '(mount.ocfs2,31204,5):ocfs2_find_slot:492 ERROR: no free slots available!' });
    expect(parseAppLogLine('  start pool FC-St failed\r')).toEqual({ message: 'start pool FC-St failed' });
    for (const g of GARBAGE) expect(parseAppLogLine(g).time).toBeUndefined();
  });
});

describe('parseAppLog', () => {
  it('reads each line of a log read with its line number, skipping blank lines', () => {
    const r = parseAppLog('2026-11-25 03:47:26 Error: Disk /dev/sde had been mounted by other hosts\n\nstart pool FC-St failed\n', { utcOffsetMinutes: 0 });
    expect(r.issues).toEqual([]);
    expect(r.value.map((l) => [l.line, l.span, l.stamp, l.message])).toEqual([
      [1, { first: 1, last: 1 }, '2026-11-25 03:47:26', 'Error: Disk /dev/sde had been mounted by other hosts'],
      [3, { first: 3, last: 3 }, undefined, 'start pool FC-St failed'],
    ]);
    expect(r.value[1]!.raw).toBe('start pool FC-St failed');
    for (const g of GARBAGE) expect(Array.isArray(parseAppLog(g).value)).toBe(true);
  });
});
