import { describe, expect, it } from 'vitest';
import { classifyStorageEvent, ctimeToDate, logMessage, parseLogLines, parseSyslog, parseSyslogLine } from '../../src/parsers/syslog.js';
import { corpus, corpusFiles, fixture, GARBAGE } from './storage-fixtures.js';

const CST = 480; // hosts in China
const REF = new Date('2023-05-22T16:00:00+08:00');

describe('parseSyslogLine', () => {
  it('reads the classic format with pid and resolves the year from the reference', () => {
    const l = parseSyslogLine('Mar 14 14:28:52 cvknode05 multipathd[1422]: mpathb: remaining active paths: 0', {
      reference: new Date('2017-03-15T00:00:00+08:00'),
      utcOffsetMinutes: CST,
    });
    expect(l).toEqual({
      time: new Date('2017-03-14T14:28:52+08:00'),
      stamp: 'Mar 14 14:28:52',
      host: 'cvknode05',
      program: 'multipathd',
      pid: 1422,
      message: 'mpathb: remaining active paths: 0',
    });
  });

  it('never puts a year-less line in the future: December read in January is last year', () => {
    const l = parseSyslogLine('Dec 31 23:59:58 h kernel: x', { reference: new Date('2024-01-02T08:00:00+08:00'), utcOffsetMinutes: CST });
    expect(l!.time).toEqual(new Date('2023-12-31T23:59:58+08:00'));
    const justAfterNewYear = parseSyslogLine('Jan  1 00:10:00 h kernel: x', {
      reference: new Date('2024-01-01T00:30:00+08:00'),
      utcOffsetMinutes: CST,
    });
    expect(justAfterNewYear!.time).toEqual(new Date('2024-01-01T00:10:00+08:00'));
  });

  it('leaves year-less lines without time when no reference is given', () => {
    const l = parseSyslogLine('Mar  4 01:40:00 host CRON[30211]: (root) CMD (x)');
    expect(l).toEqual({ stamp: 'Mar 4 01:40:00', host: 'host', program: 'CRON', pid: 30211, message: '(root) CMD (x)' });
  });

  it('splits the kernel uptime off kernel messages', () => {
    expect(parseSyslogLine('Mar 14 14:27:45 cvknode05 kernel: [1893206.120381]  connection1:0: detected conn error (1020)')).toMatchObject({
      program: 'kernel',
      uptimeSeconds: 1893206.120381,
      message: 'connection1:0: detected conn error (1020)',
    });
    expect(parseSyslogLine('[ 1234.567890] print_req_error: I/O error, dev sdd, sector 0')).toEqual({
      program: 'kernel',
      uptimeSeconds: 1234.56789,
      message: 'print_req_error: I/O error, dev sdd, sector 0',
    });
  });

  it('reads ISO stamps with either offset style, dmesg -T and zh_CN months', () => {
    expect(parseSyslogLine('2023-05-22T14:58:22.044059+08:00 cvknode11 multipathd[1398]: x')!.time).toEqual(
      new Date('2023-05-22T06:58:22.044Z'),
    );
    expect(parseSyslogLine('2023-05-22T14:58:23+0800 cvknode11 kernel: y')!.time).toEqual(new Date('2023-05-22T06:58:23Z'));
    expect(parseSyslogLine('[Mon May 22 15:03:00 2023] sd 3:0:0:1: x', { utcOffsetMinutes: CST })).toMatchObject({
      time: new Date('2023-05-22T07:03:00Z'),
      program: 'kernel',
      message: 'sd 3:0:0:1: x',
    });
    expect(parseSyslogLine('5月 22 15:02:10 cvknode11 systemd[1]: Started Open-iSCSI.', { reference: REF, utcOffsetMinutes: CST })).toMatchObject({
      time: new Date('2023-05-22T07:02:10Z'),
      program: 'systemd',
      pid: 1,
    });
    expect(ctimeToDate('Tue Mar 14 14:28:52 2017', 0)).toEqual(new Date('2017-03-14T14:28:52Z'));
  });

  it('returns undefined for lines that are not log lines', () => {
    expect(parseSyslogLine('  __schedule+0x2fd/0x750')).toBeUndefined();
    expect(parseSyslogLine('task:reflink         state:D stack:    0 pid: 1283 ppid:  4154')).toBeUndefined();
    expect(parseSyslogLine('Foo 14 14:28:52 host x')).toBeUndefined();
    expect(parseSyslogLine('')).toBeUndefined();
  });

  it('strips prefixes for dump parsers', () => {
    expect(logMessage('Mar 14 14:28:52 host kernel: [12.5] INFO: task dd:27904 blocked for more than 120 seconds.')).toBe(
      'INFO: task dd:27904 blocked for more than 120 seconds.',
    );
    expect(logMessage('  schedule+0x2f/0xa0')).toBe('  schedule+0x2f/0xa0');
  });
});

describe('parseSyslog', () => {
  it('reads the real FC cable-pull excerpt', () => {
    const r = parseSyslog(fixture('syslog', 'open-iscsi-fc-cable-1.txt'), { reference: new Date('2022-02-15T00:00:00Z'), utcOffsetMinutes: 60 });
    expect(r.issues).toEqual([]);
    expect(r.value).toHaveLength(13);
    expect(r.value[0]).toMatchObject({
      time: new Date('2022-02-14T11:56:05Z'),
      host: 'h16',
      program: 'kernel',
      message: 'qla2xxx [0000:41:00.0]-500b:3: LOOP DOWN detected (2 7 0 0).',
      line: 1,
    });
    expect(r.value.map((l) => classifyStorageEvent(l.message))).toEqual([
      'fc',
      'multipath',
      'multipath',
      'io-error',
      'io-error',
      'io-error',
      undefined,
      undefined,
      undefined,
      undefined,
      'multipath',
      undefined,
      undefined,
    ]);
  });

  it('classifies the events before a fence restart in order', () => {
    const r = parseSyslog(fixture('syslog', 'vks-fence-sequence.txt'), { reference: new Date('2017-03-14T15:00:00+08:00'), utcOffsetMinutes: CST });
    expect(r.issues).toEqual([]);
    expect(r.value.map((l) => classifyStorageEvent(l.message))).toEqual([
      'link-down',
      'link-down',
      'iscsi',
      'iscsi',
      'iscsi',
      'io-error',
      'io-error',
      'io-error',
      'multipath',
      'multipath',
      'multipath',
      'ocfs2-heartbeat',
      'ocfs2-heartbeat',
      'ocfs2-heartbeat',
      'ocfs2-heartbeat',
    ]);
    expect(r.value.at(-1)!.time).toEqual(new Date('2017-03-14T14:28:52+08:00'));
    expect(r.value[3]).toMatchObject({ program: 'iscsid', message: expect.stringContaining('ISCSI_ERR_TCP_CONN_CLOSE') });
  });

  it('reads mixed formats, skips journal markers and classifies every storage event kind', () => {
    const r = parseSyslog(fixture('syslog', 'mixed-formats.txt'), { reference: REF, utcOffsetMinutes: CST });
    expect(r.issues).toEqual([]);
    expect(r.value.map((l) => [l.line, classifyStorageEvent(l.message)])).toEqual([
      [2, 'wwid-change'],
      [3, 'ocfs2-error'],
      [4, 'ocfs2-error'],
      [5, 'read-only-remount'],
      [6, 'journal-error'],
      [7, 'journal-error'],
      [9, undefined],
      [10, 'read-only-remount'],
      [11, 'fc'],
      [12, 'fc'],
      [13, 'io-error'],
      [14, 'io-error'],
      [15, undefined],
    ]);
    expect(r.value[4]!.time).toEqual(new Date('2023-05-22T06:58:24.120Z'));
    // the last line is from March: same year as the May reference
    expect(r.value.at(-1)!.time).toEqual(new Date('2023-03-04T01:40:00+08:00'));
  });

  it('appends indented continuation lines and reports the rest', () => {
    const r = parseSyslog('May 22 14:58:22 h prog: first\n    second part\nnot a log line\n');
    expect(r.value).toEqual([{ stamp: 'May 22 14:58:22', host: 'h', program: 'prog', message: 'first\nsecond part', line: 1 }]);
    expect(r.issues).toEqual([{ line: 3, text: 'not a log line', reason: 'not a log line' }]);
    expect(parseSyslog('')).toEqual({ value: [], issues: [] });
    for (const g of GARBAGE) expect(parseSyslog(g).issues.length).toBeGreaterThan(0);
  });

  it('reads the journal of the corpus (journalctl -u)', () => {
    expect(corpusFiles('journalctl-unit')).toEqual(['tomcat-ansible-issue1-1.txt']);
    const r = parseSyslog(corpus('journalctl-unit', 'tomcat-ansible-issue1-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.map((l) => l.program)).toContain('catalina.sh');
    expect(r.value.every((l) => classifyStorageEvent(l.message) === undefined)).toBe(true);
  });
});

describe('parseLogLines', () => {
  it('keeps every line of a filtered read with its line number, parsed or not, none continuing another', () => {
    const r = parseLogLines('[Wed Nov 25 10:17:42 2026] OCFS2: File system is now read-only.\n\n    indented\nnot a log line\n', { utcOffsetMinutes: 480 });
    expect(r.value).toEqual([
      { time: new Date('2026-11-25T02:17:42Z'), stamp: 'Wed Nov 25 10:17:42 2026', program: 'kernel', message: 'OCFS2: File system is now read-only.', line: 1 },
      { message: '    indented', line: 3 },
      { message: 'not a log line', line: 4 },
    ]);
    expect(r.issues.map((i) => i.line)).toEqual([3, 4]);
    expect(parseLogLines('')).toEqual({ value: [], issues: [] });
  });
});

describe('classifyStorageEvent', () => {
  it.each([
    ['igb 0000:02:00.0 eno1: igb: eno1 NIC Link is Down', 'link-down'],
    ['tg3 0000:03:00.0 eth0: Link is down', 'link-down'],
    ['mlx5_core 0000:3b:00.0 ens1f0: Link down', 'link-down'],
    ['lpfc 0000:07:00.0: 0:(0):0203 Devloss timeout on WWPN 50:06:01:6c:47:e0:1a:2b NPort x0a1c00 Data: x0 x7 x0', 'fc'],
    ['qla2xxx [0000:04:00.0]-8038:1: Cable is unplugged...', 'fc'],
    ['connection2:0: ping timeout of 5 secs expired, recv timeout 5, last rx 4296835871, last ping 4296840871, now 4296845888', 'iscsi'],
    ['end_request: I/O error, dev sdb, sector 0', 'io-error'],
    ['I/O error, dev sdc, sector 2048 op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 2', 'io-error'],
    ['sd 2:0:0:1: [sdb] tag#3 FAILED Result: hostbyte=DID_NO_CONNECT driverbyte=DRIVER_OK', 'io-error'],
    ['(kworker/u16:2,12345,3):ocfs2_rename:1594 ERROR: status = -5', 'ocfs2-error'],
    ['EXT4-fs error (device sda1): ext4_journal_check_start:83: Detected aborted journal', 'journal-error'],
    ['Aborting journal on device dm-3-8.', 'journal-error'],
    ['multipathd[812]: checker failed path 8:48 in map mpatha', 'multipath'],
    ['sdd: path wwid changed from \'3600a\' to \'3600b\'. removing', 'wwid-change'],
    ['o2quo_make_decision: TCP disconnected with other nodes', 'ocfs2-heartbeat'],
    ['iscsid: connection1:0 is operational after recovery (1 attempts)', undefined],
    ['systemd-journald[412]: Journal started', undefined],
    ['Started Session 12 of user root.', undefined],
  ])('%s', (message, kind) => {
    expect(classifyStorageEvent(message)).toBe(kind);
  });
});
