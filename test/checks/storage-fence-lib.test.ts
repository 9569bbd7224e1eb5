import { classifyRead } from '../../src/engine/reads.js';
import { renderMsg, renderValue } from '../../src/i18n/message.js';
import { describe, expect, it } from 'vitest';
import type { CommandOutput } from '../../src/engine/types.js';
import { classifyStorageEvent, parseSyslogLine } from '../../src/parsers/syslog.js';
import { describeEvents, ioErrorDevices, linkDownInterfaces } from '../../checks/storage/storage-fence/events.js';
import { boundedRead, coveringFiles, readWindow, STORAGE_EVENT_WORDS, type WindowEvent, windowPattern } from '../../checks/storage/storage-fence/syslog-window.js';
import type { HostContext } from '../../src/engine/types.js';
import { commandKey } from '../../src/transport/command.js';
import { fixture } from '../parsers/storage-fixtures.js';

const CST = 480;
const file = (path: string, iso: string) => ({ path, mtime: new Date(iso), sizeBytes: 1 });
const ROTATION = [
  file('/var/log/syslog.2.gz', '2026-11-23T22:25:02Z'),
  file('/var/log/syslog.1', '2026-11-24T22:25:03Z'),
  file('/var/log/syslog', '2026-11-25T03:59:55Z'),
];

describe('the syslog window before a fence restart', () => {
  it('matches the minutes of the window in both stamp styles, the day space-padded as rsyslog writes it', () => {
    // 2026-03-04 00:02:30 at UTC+8: the window reaches back into March 3
    const at = new Date(Date.UTC(2026, 2, 3, 16, 2, 30));
    const p = windowPattern({ start: new Date(at.getTime() - 180_000), end: at, utcOffsetMinutes: CST }, 'o2hb|fencing');
    expect(p).toBe('^(Mar  3 23:59|2026-03-03T23:59|Mar  4 00:00|2026-03-04T00:00|Mar  4 00:01|2026-03-04T00:01|Mar  4 00:02|2026-03-04T00:02).*(o2hb|fencing)');
    const re = new RegExp(p);
    expect(re.test('Mar  4 00:01:59 cvknode05 kernel: [1893254.100871] o2hb: write timeout')).toBe(true);
    expect(re.test('2026-03-03T23:59:10.044059+08:00 cvknode05 kernel: *** ocfs2 is very sorry to be fencing this system by restarting ***')).toBe(true);
    expect(re.test('Mar  4 00:03:00 cvknode05 kernel: o2hb: later')).toBe(false);
    expect(re.test('Mar 14 00:01:00 cvknode05 kernel: o2hb: other day')).toBe(false);
  });

  it('picks the rotated file whose span holds the window, both when it straddles a rotation', () => {
    const w = (fromIso: string, toIso: string) => ({ start: new Date(fromIso), end: new Date(toIso), utcOffsetMinutes: CST });
    expect(coveringFiles(ROTATION, w('2026-11-24T10:00:00Z', '2026-11-24T10:10:30Z'))).toEqual({ files: [ROTATION[1]], covered: true });
    expect(coveringFiles(ROTATION, w('2026-11-24T22:20:00Z', '2026-11-24T22:30:30Z'))).toEqual({ files: [ROTATION[1], ROTATION[2]], covered: true });
    // the newest file also holds anything after its own mtime (the log may have stopped before the restart)
    expect(coveringFiles(ROTATION, w('2026-11-25T04:10:00Z', '2026-11-25T04:20:30Z')).files).toEqual([ROTATION[2]]);
    // older than the oldest file's day: rotated away
    expect(coveringFiles(ROTATION, w('2026-11-20T10:00:00Z', '2026-11-20T10:10:30Z'))).toEqual({ files: [], covered: false });
  });

  it('reads a plain file with tail -c and a rotated one with zcat, filtering on the host', () => {
    expect(boundedRead('/var/log/syslog.1', 'x')).toEqual({ argv: ['tail', '-c', '64M', '/var/log/syslog.1'], pipe: [['grep', '-a', '-E', '-e', 'x'], ['tail', '-n', '100']] });
    expect(boundedRead('/var/log/syslog.3.gz', 'x')).toEqual({ argv: ['zcat', '/var/log/syslog.3.gz'], pipe: [['grep', '-a', '-E', '-e', 'x'], ['tail', '-n', '100']] });
  });

  it('reports a rotated file that zcat cannot read', async () => {
    const host: HostContext = {
      host: { name: 'cvknode11', address: '172.16.51.11', roles: ['vks'] },
      run: async (c) => {
        // zcat's own status, as the wire's pipeline reports it
        const r = {
          key: commandKey(c), sample: 1, host: 'cvknode11', startedAt: '2026-11-25T04:00:00.000Z', durationMs: 5, timedOut: false, truncated: false,
          exitCode: 1, stdout: '', stderr: 'gzip: /var/log/syslog.2.gz: unexpected end of file\n',
        };
        return { ...r, read: classifyRead(r) };
      },
    };
    const r = await readWindow(host, ROTATION, { start: new Date('2026-11-23T10:00:00Z'), end: new Date('2026-11-23T10:10:30Z'), utcOffsetMinutes: CST });
    expect(r.files).toEqual(['/var/log/syslog.2.gz']);
    expect(r.events).toEqual([]);
    expect(renderMsg(r.problem!, 'en')).toMatch(/^"zcat \/var\/log\/syslog\.2\.gz \| grep .*" failed on cvknode11: gzip: \/var\/log\/syslog\.2\.gz: unexpected end of file$/);
  });

  it('lets the storage event lines of a real FC cable pull and the guide-based fence sequence through the host filter', () => {
    const words = new RegExp(STORAGE_EVENT_WORDS);
    for (const name of ['open-iscsi-fc-cable-1.txt', 'vks-fence-sequence.txt']) {
      for (const line of fixture('syslog', name).split('\n').filter(Boolean)) {
        const kind = classifyStorageEvent(parseSyslogLine(line)?.message ?? line);
        if (kind && kind !== 'wwid-change') expect(words.test(line), line).toBe(true);
      }
    }
  });
});

describe('what the lines before a restart say', () => {
  const out = {} as CommandOutput;
  const ev = (time: string, message: string): WindowEvent => ({ kind: classifyStorageEvent(message)!, time: new Date(time), message, output: out, line: 1 });
  const events = [
    ev('2026-03-14T06:27:40Z', 'bond1: link status definitely down for interface eth3, disabling it'),
    ev('2026-03-14T06:27:40Z', 'ixgbe 0000:04:00.1 eth3: NIC Link is Down'),
    ev('2026-03-14T06:28:05Z', 'Buffer I/O error on dev dm-1, logical block 256, lost async page write'),
    ev('2026-03-14T06:28:05Z', 'blk_update_request: I/O error, dev sdc, sector 2048'),
    ev('2026-03-14T06:28:06Z', 'device-mapper: multipath: 253:1: Failing path 8:32.'),
  ];

  it('names the NICs and disks', () => {
    expect(linkDownInterfaces(events)).toEqual(['eth3']);
    expect(ioErrorDevices(events)).toEqual(['dm-1', 'sdc']);
  });

  it('describes each kind once, in order, with its lead time', () => {
    const t = describeEvents(events, new Date('2026-03-14T06:28:52Z'));
    expect(renderValue(t, 'en')).toBe('eth3 link down 72 s before, disk IO errors (dm-1, sdc) 47 s before, multipath paths failing 46 s before');
    expect(renderValue(t, 'zh')).toBe('eth3 链路断开（提前 72 秒）、磁盘 IO 错误（dm-1、sdc）（提前 47 秒）、多路径路径失效（提前 46 秒）');
  });
});
