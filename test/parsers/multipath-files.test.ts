import { describe, expect, it } from 'vitest';
import { parseMultipathBindings, parseMultipathWwids } from '../../src/parsers/multipath-files.js';
import { fixture, GARBAGE } from './storage-fixtures.js';

describe('parseMultipathWwids', () => {
  it('reads /WWID/ lines under the file header multipath writes', () => {
    const r = parseMultipathWwids(fixture('multipath-files', 'wwids.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual([
      { wwid: '36000eb34fe49de76000000000004064', line: 7 },
      { wwid: '36000eb34fe49de76000000000004065', line: 8 },
      { wwid: '1IET     00080001', line: 9 },
    ]);
  });
  it('reports lines that are not /WWID/', () => {
    const r = parseMultipathWwids('/3600a/\n3600b\n');
    expect(r.value.map((e) => e.wwid)).toEqual(['3600a']);
    expect(r.issues).toEqual([{ line: 2, text: '3600b', reason: 'expected /WWID/' }]);
    expect(parseMultipathWwids('')).toEqual({ value: [], issues: [] });
    for (const g of GARBAGE) expect(parseMultipathWwids(g).issues.length).toBeGreaterThan(0);
  });
});

describe('parseMultipathBindings', () => {
  it('reads alias → WWID pairs, comments skipped', () => {
    const r = parseMultipathBindings(fixture('multipath-files', 'bindings.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual([
      { alias: 'mpatha', wwid: '36000eb34fe49de76000000000004064', line: 8 },
      { alias: 'mpathb', wwid: '36000eb34fe49de76000000000004065', line: 9 },
      // inner spaces kept, trailing blank dropped
      { alias: 'mpathc', wwid: '1ATA     VBOX HARDDISK                           VBfe43d230-3b43fe42', line: 10 },
    ]);
  });
  it('reports lines without a WWID', () => {
    const r = parseMultipathBindings('mpatha\nmpathb 3600b\n');
    expect(r.value).toEqual([{ alias: 'mpathb', wwid: '3600b', line: 2 }]);
    expect(r.issues[0]).toMatchObject({ line: 1, reason: 'expected "alias WWID"' });
    expect(parseMultipathBindings('\u0000\u0001\n').issues).toHaveLength(1);
  });
});
