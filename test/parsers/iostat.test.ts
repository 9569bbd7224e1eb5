import { describe, expect, it } from 'vitest';
import { lastInterval, parseIostat } from '../../src/parsers/iostat.js';
import { corpus, corpusFiles, fixture, GARBAGE, truncate } from './storage-fixtures.js';

describe('parseIostat on the three sysstat generations of the corpus', () => {
  it('covers the corpus directory', () => {
    expect(corpusFiles('iostat-x')).toEqual(['jc-1.txt', 'jc-2.txt', 'jc-3.txt']);
  });

  it('sysstat 10 (CentOS 7): Device: with colon, await printed', () => {
    const r = parseIostat(corpus('iostat-x', 'jc-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.incomplete).toBeUndefined();
    expect(r.value.kernel).toBe('3.10.0-1062.1.2.el7.x86_64');
    expect(r.value.host).toBe('localhost.localdomain');
    expect(r.value.reports).toHaveLength(1);
    const [rep] = r.value.reports;
    expect(rep!.sinceBoot).toBe(true);
    expect(rep!.cpu).toEqual({ user: 0.14, nice: 0, system: 0.16, iowait: 0, steal: 0, idle: 99.7 });
    expect(rep!.devices.map((d) => d.device)).toEqual(['sda', 'dm-0', 'dm-1']);
    expect(rep!.devices[0]).toMatchObject({ rps: 0.13, wps: 0.11, rkBps: 5.27, wkBps: 1.1, await: 0.88, rAwait: 0.53, wAwait: 1.29, util: 0.01, aquSz: 0, line: 7 });
    expect(rep!.devices[0]!.columns.svctm).toBe(0.52);
    expect(lastInterval(r.value)).toBeUndefined();
  });

  it('sysstat 11 (Ubuntu 18.04): no await column, derived from r_await/w_await', () => {
    const r = parseIostat(corpus('iostat-x', 'jc-2.txt'));
    expect(r.issues).toEqual([]);
    const sda = r.value.reports[0]!.devices.find((d) => d.device === 'sda')!;
    expect(sda).toMatchObject({ rps: 127.92, wps: 67.15, rkBps: 8595.16, wkBps: 12457.33, rAwait: 2.57, wAwait: 6.93, aquSz: 0.79, util: 15.14 });
    // (127.92 * 2.57 + 67.15 * 6.93) / (127.92 + 67.15)
    expect(sda.await).toBe(4.07);
    expect(r.value.reports[0]!.devices).toHaveLength(20);
  });

  it('sysstat 12 (Ubuntu 20.10): discard and flush groups, no svctm', () => {
    const r = parseIostat(corpus('iostat-x', 'jc-3.txt'));
    expect(r.issues).toEqual([]);
    const devices = r.value.reports[0]!.devices;
    expect(devices).toHaveLength(14);
    const sda = devices.find((d) => d.device === 'sda')!;
    expect(sda).toMatchObject({ rps: 2.67, rkBps: 100.76, wps: 2.81, wkBps: 129.44, rAwait: 0.36, wAwait: 0.42, util: 0.41, aquSz: 0 });
    expect(sda.await).toBe(0.39);
    expect(sda.columns['f_await']).toBe(0);
    expect(sda.columns.svctm).toBeUndefined();
  });
});

describe('parseIostat with an interval', () => {
  it('splits the reports, marks the since-boot one and picks the last interval', () => {
    const r = parseIostat(fixture('iostat', 'sysstat12-t-1-2.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.host).toBe('cvknode05');
    expect(r.value.reports.map((x) => [x.time, x.sinceBoot, x.cpu?.iowait, x.devices.length])).toEqual([
      ['05/22/2023 02:58:21 PM', true, 1.04, 3],
      ['05/22/2023 02:58:26 PM', false, 27.66, 3],
    ]);
    const now = lastInterval(r.value)!;
    expect(now.devices.map((d) => [d.device, d.await, d.util])).toEqual([
      ['sda', 0.5, 0.2],
      ['sdb', 172.64, 99.8],
      ['dm-1', 187.04, 100],
    ]);
  });

  it('reads sysstat 9 sectors, locale decimal commas and reports without avg-cpu (-d)', () => {
    const r = parseIostat(
      'Device:         rrqm/s   wrqm/s     r/s     w/s   rsec/s   wsec/s avgrq-sz avgqu-sz   await  svctm  %util\n' +
        'sdb               0,00     1,20    4,00   10,00    64,00   800,00    61,71     0,35   25,00   2,10   2,94\n\n' +
        'Device:         rrqm/s   wrqm/s     r/s     w/s   rsec/s   wsec/s avgrq-sz avgqu-sz   await  svctm  %util\n' +
        'sdb               0,00     0,00    2,00    0,00    16,00     0,00     8,00     0,01    3,00   3,00   0,60\n',
    );
    expect(r.issues).toEqual([]);
    expect(r.value.reports).toHaveLength(2);
    expect(r.value.reports[0]!.devices[0]).toMatchObject({ rkBps: 32, wkBps: 400, await: 25, aquSz: 0.35, util: 2.94 });
    expect(r.value.reports[0]!.devices[0]!.rAwait).toBeUndefined();
    expect(lastInterval(r.value)!.devices[0]!.await).toBe(3);
  });
});

describe('parseIostat in the zh_CN locale', () => {
  it('accepts the translated device header', () => {
    const r = parseIostat('设备            r/s     w/s     rkB/s     wkB/s r_await w_await  aqu-sz  %util\nsdb          10.00   30.00    640.00   1920.00    2.00   14.00    0.46  35.00\n');
    expect(r.issues).toEqual([]);
    expect(r.value.reports[0]!.devices[0]).toMatchObject({ device: 'sdb', await: 11, util: 35, aquSz: 0.46 });
  });
});

describe('parseIostat on hostile input', () => {
  it('flags truncation and reports rows that do not fit their header', () => {
    const r = parseIostat(truncate(fixture('iostat', 'sysstat12-t-1-2.txt'), 0.8));
    expect(r.incomplete).toBe(true);
    expect(r.value.reports).toHaveLength(2);
    expect(r.issues).toHaveLength(1);
    expect(parseIostat('Device r/s w/s %util\nsda 1.0 2.0\n').issues[0]!.reason).toBe('expected 4 numeric columns');
    const headerOnly = parseIostat('Device r/s w/s %util\n');
    expect(headerOnly.incomplete).toBe(true);
  });
  it('reports garbage', () => {
    expect(parseIostat('')).toEqual({ value: { reports: [] }, issues: [] });
    for (const g of GARBAGE) expect(parseIostat(g).issues.length).toBeGreaterThan(0);
  });
});
