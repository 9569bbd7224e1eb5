import { describe, expect, it } from 'vitest';
import { parseLastX, uncleanReboots } from '../../src/parsers/last.js';
import { fixture, GARBAGE } from './storage-fixtures.js';

const UTC = { utcOffsetMinutes: 0 };

describe('parseLastX', () => {
  it('reads last -wixF: kinds, full dates, clean reboot after a shutdown', () => {
    const r = parseLastX(fixture('last', 'jc-last-wixF.txt'), UTC);
    expect(r.issues).toEqual([]);
    expect(r.value.wtmpBegins).toEqual(new Date('2023-06-19T16:59:20Z'));
    expect(r.value.records.map((x) => [x.kind, x.user, x.tty, x.host])).toEqual([
      ['user', 'root', 'pts/0', '192.168.255.1'],
      ['user', 'mark', 'pts/0', '192.168.255.1'],
      ['user', 'mark', 'pts/0', '192.168.255.1'],
      ['user', 'mark', 'tty1', '0.0.0.0'],
      ['runlevel', 'runlevel', '(to lvl 3)', '0.0.0.0'],
      ['reboot', 'reboot', 'system boot', '0.0.0.0'],
      ['shutdown', 'shutdown', 'system down', '0.0.0.0'],
    ]);
    expect(r.value.records[0]).toMatchObject({ start: new Date('2023-06-19T14:18:13Z'), ongoing: true, crash: false });
    expect(r.value.records[1]).toMatchObject({
      startText: 'Mon Jun 19 14:15:57 2023',
      end: new Date('2023-06-19T14:18:00Z'),
      durationMinutes: 2,
      ongoing: false,
    });
    const reboot = r.value.records[5]!;
    expect(reboot).toMatchObject({ start: new Date('2023-06-19T16:59:20Z'), durationMinutes: -144, unclean: false, line: 6 });
    expect(r.value.records[6]).toMatchObject({ start: new Date('2023-04-14T13:46:46Z'), end: new Date('2023-04-14T13:47:12Z') });
    expect(uncleanReboots(r.value)).toEqual([]);
  });

  it('reads plain last: blank host column, crash sessions, years from wtmp begins', () => {
    const r = parseLastX(fixture('last', 'jc-last-crash-excerpt.txt'), UTC);
    expect(r.issues).toEqual([]);
    const recs = r.value.records;
    expect(recs).toHaveLength(25);
    expect(recs[1]).toMatchObject({ user: 'kbrazil', tty: 'tty1', ongoing: true });
    expect(recs[1]!.host).toBeUndefined();
    expect(recs[3]).toMatchObject({ crash: true, durationMinutes: 1 * 1440 + 119, start: new Date('2021-01-04T12:29:00Z') });
    expect(recs[3]!.end).toEqual(new Date('2021-01-05T14:28:00Z'));
    expect(recs.at(-1)).toMatchObject({ kind: 'reboot', host: '3.10.0-957.el7.x', start: new Date('2019-08-15T10:57:00Z') });
    expect(recs.filter((x) => x.kind === 'reboot').map((x) => [x.startText, x.start?.getUTCFullYear(), x.unclean])).toEqual([
      ['Tue Jan  5 14:28', 2021, true],
      ['Mon Jan  4 12:11', 2021, true],
      ['Wed Dec 30 10:59', 2020, true],
      ['Tue Dec 29 10:11', 2020, true],
      ['Wed Aug 12 15:07', 2020, undefined],
      ['Tue Jun 23 15:23', 2020, true],
      ['Fri Jun 19 10:29', 2020, true],
      ['Mon Jun  8 10:30', 2020, undefined],
      ['Tue Jun  2 12:05', 2020, undefined],
      ['Thu Aug 15 10:57', 2019, undefined],
    ]);
    expect(uncleanReboots(r.value)).toHaveLength(6);
  });

  it('resolves years from a reference date, newest first', () => {
    const text = 'reboot   system boot  4.15.0-142-gener Tue Jan  2 08:00   still running\nroot     pts/0        10.0.0.1         Sun Dec 31 23:00 - crash  (09:00)\nreboot   system boot  4.15.0-142-gener Sat Dec 30 10:00 - 08:00 (2+22:00)\n';
    const r = parseLastX(text, { reference: new Date('2024-01-02T09:00:00Z'), utcOffsetMinutes: 0 });
    expect(r.value.records.map((x) => x.start)).toEqual([
      new Date('2024-01-02T08:00:00Z'),
      new Date('2023-12-31T23:00:00Z'),
      new Date('2023-12-30T10:00:00Z'),
    ]);
    expect(r.value.records[0]!.unclean).toBe(true);
    expect(parseLastX(text, UTC).value.records[0]!.start).toBeUndefined();
  });

  it('marks a reboot unclean when -x shows no shutdown before it', () => {
    const text =
      'reboot   system boot  5.4.0 Mon Mar 13 09:05:00 2017 - Tue Mar 14 14:29:00 2017 (1+05:24)\n' +
      'runlevel (to lvl 5)   5.4.0 Sun Mar 12 08:00:10 2017 - Mon Mar 13 09:05:00 2017 (1+01:04)\n' +
      'reboot   system boot  5.4.0 Sun Mar 12 08:00:00 2017 - Mon Mar 13 09:05:00 2017 (1+01:05)\n';
    const r = parseLastX(text, UTC);
    expect(r.value.records.map((x) => x.unclean)).toEqual([true, undefined, undefined]);
    expect(uncleanReboots(r.value).map((x) => x.start)).toEqual([new Date('2017-03-13T09:05:00Z')]);
  });

  it('reads --time-format iso', () => {
    const r = parseLastX('reboot   system boot  5.15.0-91-generic 2024-01-02T08:00:11+08:00   still running\n');
    expect(r.value.records[0]).toMatchObject({ kind: 'reboot', host: '5.15.0-91-generic', start: new Date('2024-01-02T00:00:11Z'), ongoing: true });
  });

  it('reports lines that are not records', () => {
    expect(parseLastX('')).toEqual({ value: { records: [] }, issues: [] });
    expect(parseLastX('last: cannot open /var/log/wtmp: No such file\n').issues[0]!.reason).toBe('not a last record');
    for (const g of GARBAGE) expect(parseLastX(g).issues.length).toBeGreaterThan(0);
  });
});
