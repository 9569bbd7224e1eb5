import { describe, expect, it } from 'vitest';
import { parseFenceLog } from '../../src/parsers/fence-log.js';
import { fixture, GARBAGE } from './storage-fixtures.js';

describe('parseFenceLog', () => {
  it('reads the guide records wrapped onto two lines', () => {
    const r = parseFenceLog(fixture('fence-log', 'guide-3.5.4.txt'));
    expect(r.issues).toEqual([]);
    expect(r.incomplete).toBeUndefined();
    expect(r.value).toEqual([
      {
        at: new Date(1489501732600),
        localTime: '2017-03-14 14:28:52',
        utcOffsetMinutes: 0,
        function: 'o2quo_make_decision',
        reason: 'TCP disconnected with other nodes',
        kind: 'network',
        line: 1,
        span: { first: 1, last: 2 },
      },
      {
        at: new Date(1491689097184),
        localTime: '2017-04-08 22:04:57',
        utcOffsetMinutes: 0,
        device: 'dm-1',
        uuid: 'BE229C2491E64FEA98550DF0469B6C10',
        function: 'o2quo_disk_timeout',
        reason: 'Disk heartbeat timeout',
        kind: 'disk-heartbeat',
        line: 3,
        span: { first: 3, last: 4 },
      },
    ]);
  });

  it('derives the host UTC offset and keeps commas inside the reason', () => {
    const r = parseFenceLog(fixture('fence-log', 'synthetic-cst.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.map((x) => [x.utcOffsetMinutes, x.device, x.kind])).toEqual([
      [480, 'dm-3', 'disk-heartbeat'],
      [480, undefined, 'network'],
      [480, 'dm-0', 'disk-heartbeat'],
    ]);
    expect(r.value[0]!.at).toEqual(new Date('2019-11-02T03:17:45.002+08:00'));
    expect(r.value[2]).toMatchObject({ function: 'o2hb_write_timeout', reason: 'Heartbeat write timeout, device dm-0 stalled' });
  });

  it('classifies other fencing causes as other', () => {
    const r = parseFenceLog('Restarted at 2022-01-01 00:00:00 (1640995200.0). sdb, 00000000000000000000000000000000, o2nm_panic: node panic.\n');
    expect(r.value[0]).toMatchObject({ kind: 'other', function: 'o2nm_panic', device: 'sdb' });
  });

  it('flags a record cut before its cause and text outside records', () => {
    const cut = parseFenceLog('Restarted at 2017-04-08 22:04:57 (1491689097.184531). dm-1,\n');
    expect(cut.incomplete).toBe(true);
    expect(cut.value[0]).toMatchObject({ device: 'dm-1', reason: '', kind: 'other' });
    expect(cut.issues[0]!.reason).toBe('record without "function: reason"');
    const stray = parseFenceLog('hello\nRestarted at garbage\n');
    expect(stray.issues.map((i) => i.reason)).toEqual(['text before the first "Restarted at" record', 'unreadable fence record']);
    expect(parseFenceLog('')).toEqual({ value: [], issues: [] });
    for (const g of GARBAGE) expect(parseFenceLog(g).issues.length).toBeGreaterThan(0);
  });
});
