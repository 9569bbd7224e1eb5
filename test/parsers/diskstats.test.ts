import { describe, expect, it } from 'vitest';
import { diskstatsDelta, parseDiskstats } from '../../src/parsers/diskstats.js';
import { fixture, GARBAGE } from './storage-fixtures.js';

describe('parseDiskstats', () => {
  it('reads the 17-counter layout of kernels >= 5.5', () => {
    const r = parseDiskstats(fixture('diskstats', 'jc-linux-proc-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toHaveLength(15);
    expect(r.value.find((d) => d.name === 'sda')).toEqual({
      major: 8,
      minor: 0,
      name: 'sda',
      readsCompleted: 14200,
      readsMerged: 3361,
      sectorsRead: 892828,
      msReading: 5058,
      writesCompleted: 18736,
      writesMerged: 13416,
      sectorsWritten: 715384,
      msWriting: 12604,
      iosInProgress: 0,
      msDoingIo: 24940,
      weightedMsDoingIo: 17663,
      discardsCompleted: 0,
      discardsMerged: 0,
      sectorsDiscarded: 0,
      msDiscarding: 0,
      flushesCompleted: 0,
      msFlushing: 0,
      line: 9,
    });
  });

  it('reads the 11-counter layout of older kernels', () => {
    const r = parseDiskstats(fixture('diskstats', 'synthetic-kernel-3.10.txt'));
    expect(r.issues).toEqual([]);
    const dm = r.value[2]!;
    expect(dm).toMatchObject({ name: 'dm-0', major: 253, writesCompleted: 90950323, iosInProgress: 12, weightedMsDoingIo: 1135533011 });
    expect(dm.discardsCompleted).toBeUndefined();
    expect(dm.flushesCompleted).toBeUndefined();
  });

  it('reports short or non-numeric lines and garbage', () => {
    const r = parseDiskstats('8 0 sda 1 2 3\n8 16 sdb 1 2 3 4 5 6 7 8 9 10 x\n');
    expect(r.value).toEqual([]);
    expect(r.issues.map((i) => i.line)).toEqual([1, 2]);
    expect(parseDiskstats('')).toEqual({ value: [], issues: [] });
    for (const g of GARBAGE) expect(parseDiskstats(g).issues.length).toBeGreaterThan(0);
  });
});

describe('diskstatsDelta', () => {
  const a = parseDiskstats(fixture('diskstats', 'jc-linux-proc-1.txt')).value;
  const b = parseDiskstats(fixture('diskstats', 'synthetic-plus-5s.txt')).value;

  it('computes iostat-like rates over the interval', () => {
    const { devices, resetDevices } = diskstatsDelta(a, b, 5);
    expect(resetDevices).toEqual(['sr0']);
    expect(devices.find((d) => d.name === 'sda')).toEqual({
      name: 'sda',
      rps: 20,
      wps: 300,
      rkBps: 80,
      wkBps: 9600,
      await: 23.66, // (350 + 37500) ms / 1600 IOs
      rAwait: 3.5,
      wAwait: 25,
      util: 98,
      aquSz: 7.8,
      inFlight: 3,
    });
    expect(devices.find((d) => d.name === 'dm-0')).toMatchObject({ await: 28.38, wAwait: 30, util: 99, aquSz: 9.2 });
    expect(devices.find((d) => d.name === 'loop0')).toEqual({
      name: 'loop0', rps: 0, wps: 0, rkBps: 0, wkBps: 0, await: 0, rAwait: 0, wAwait: 0, util: 0, aquSz: 0, inFlight: 0,
    });
    expect(devices).toHaveLength(14);
  });

  it('caps util at 100 and refuses a non-positive interval', () => {
    expect(diskstatsDelta(a, b, 1).devices.find((d) => d.name === 'sda')!.util).toBe(100);
    expect(diskstatsDelta(a, b, 0)).toEqual({ devices: [], resetDevices: [] });
  });

  it('leaves out devices present in one sample only', () => {
    expect(diskstatsDelta(a.filter((d) => d.name !== 'sda'), b, 5).devices.map((d) => d.name)).not.toContain('sda');
  });
});
