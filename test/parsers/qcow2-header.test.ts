import { describe, expect, it } from 'vitest';
import {
  headerFromBytes,
  parseOdHeader,
  parseQcow2HeaderDump,
  QCOW2_MAGIC,
  snapshotTableProblem,
  type Qcow2Header,
} from '../../src/parsers/qcow2-header.js';
import { corpus, fixture } from './compute-net-fixtures.js';

const fileSize = (image: string): number => Number(fixture('qcow2-header', `${image}.size`));

/** The fields both readers can see (od has no extensions; qcow2.py no compression_type). */
function comparable(h: Qcow2Header): Record<string, unknown> {
  const { extensions: _e, compressionType: _c, ...rest } = h;
  return rest;
}

describe('parseQcow2HeaderDump', () => {
  it('reads a version 2 dump with hex feature fields and an unknown extension (031-1)', () => {
    const r = parseQcow2HeaderDump(corpus('qcow2-dump-header', 'qemu-iotests-031-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual({
      magic: QCOW2_MAGIC,
      version: 2,
      backingFileOffset: 0,
      backingFileSize: 0,
      clusterBits: 16,
      size: 67108864,
      cryptMethod: 0,
      l1Size: 1,
      l1TableOffset: 0x30000,
      refcountTableOffset: 0x10000,
      refcountTableClusters: 1,
      nbSnapshots: 0,
      snapshotOffset: 0,
      incompatibleFeatures: [],
      compatibleFeatures: [],
      autoclearFeatures: [],
      refcountOrder: 4,
      headerLength: 72,
      extensions: [{ magic: 0x12345678, length: 31, data: 'This is a test header extension', fields: {} }],
    });
  });

  it('reads a backing file and three extensions (031-2)', () => {
    const h = parseQcow2HeaderDump(corpus('qcow2-dump-header', 'qemu-iotests-031-2.txt')).value;
    expect(h).toMatchObject({ version: 3, backingFileOffset: 0x148, backingFileSize: 0x17, headerLength: 104 });
    expect(h.extensions.map((e) => [e.magic, e.length, e.data])).toEqual([
      [0xe2792aca, 11, 'host_device'],
      [0x6803f857, 144, '<binary>'],
      [0x12345678, 31, 'This is a test header extension'],
    ]);
  });

  it('reads the first of two dumps with bit-list features and a snapshot (061-1)', () => {
    const r = parseQcow2HeaderDump(corpus('qcow2-dump-header', 'qemu-iotests-061-1.txt'));
    expect(r.value).toMatchObject({ version: 2, nbSnapshots: 1, snapshotOffset: 0x70000, incompatibleFeatures: [] });
    expect(r.issues.map((i) => [i.line, i.reason])).toEqual([[20, 'a second header dump follows; only the first is read']]);
  });

  it('reads named extensions with decoded bitmap fields (303-1)', () => {
    const h = parseQcow2HeaderDump(corpus('qcow2-dump-header', 'qemu-iotests-303-1.txt')).value;
    expect(h).toMatchObject({ headerLength: 112, autoclearFeatures: [0] });
    expect(h.extensions).toEqual([
      { magic: 0x6803f857, name: 'Feature table', length: 336, data: '<binary>', fields: {} },
      {
        magic: 0x23852875,
        name: 'Bitmaps',
        length: 24,
        fields: { nb_bitmaps: '2', reserved32: '0', bitmap_directory_size: '0x40', bitmap_directory_offset: '0x9d0000' },
      },
    ]);
  });

  it("reads the guide's dumps with irregular spacing, before and after the repair (3.4.4)", () => {
    const before = parseQcow2HeaderDump(fixture('qcow2-header', 'guide-3.4.4-before.dump-header.txt'));
    expect(before.issues).toEqual([]);
    expect(before.value).toMatchObject({ clusterBits: 21, size: 26843545600, nbSnapshots: 4, snapshotOffset: 0x130600000, l1TableOffset: 0x600000 });
    const after = parseQcow2HeaderDump(fixture('qcow2-header', 'guide-3.4.4-after.dump-header.txt'));
    expect(after.value).toMatchObject({ nbSnapshots: 0, snapshotOffset: 0, headerLength: 104 });
  });

  it('marks a dump cut before snapshot_offset and reports foreign lines', () => {
    const cut = parseQcow2HeaderDump('magic                     0x514649fb\nversion                   3\n');
    expect(cut.incomplete).toBe(true);
    const err = parseQcow2HeaderDump("Traceback (most recent call last):\nFileNotFoundError: [Errno 2] No such file or directory: 'x'\n");
    expect(err.value).toEqual({ extensions: [] });
    expect(err.issues).toHaveLength(2);
  });
});

describe('parseQcow2HeaderDump on hostile numbers', () => {
  const dump = (line: string) => parseQcow2HeaderDump(`magic                     0x514649fb\n${line}\n`);

  it.each([
    ['bit 2^32', 'incompatible_features     [4294967296]', 'feature bit 4294967296 is not 0-63'],
    ['bit 64', 'compatible_features       [64]', 'feature bit 64 is not 0-63'],
    ['a 400-digit bit', `autoclear_features        [${'9'.repeat(400)}]`, `feature bit ${'9'.repeat(20)}… is not 0-63`],
    ['bits without a comma', 'incompatible_features     [1 2]', 'not a list of feature bit numbers'],
    ['a list with a letter', 'incompatible_features     [1,,x]', 'not a qcow2.py dump-header line'],
    ['a 65-bit feature mask', 'compatible_features       0x10000000000000000', 'value wider than 64 bits'],
    ['a 1200-bit size', `size                      0x${'f'.repeat(300)}`, 'value wider than 64 bits'],
    ['a 200,000-digit offset', `l1_table_offset           ${'9'.repeat(200_000)}`, 'value wider than 64 bits'],
  ])('%s is an issue, never a throw', (_label, line, reason) => {
    const r = dump(line);
    expect(r.value.magic).toBe(QCOW2_MAGIC);
    expect(r.issues.map((i) => [i.line, i.reason])).toEqual([[2, reason]]);
    expect(r.value).toEqual({ magic: QCOW2_MAGIC, extensions: [] });
  });

  it('still reads bits 0-63 and 64-bit values', () => {
    const r = dump('incompatible_features     [0, 1, 063]\nsize                      0xffffffffffffffff\ncompatible_features       0x000000000000000000001');
    expect(r.value).toMatchObject({ incompatibleFeatures: [0, 1, 63], compatibleFeatures: [0], size: 2 ** 64 });
    expect(r.issues.map((i) => i.reason)).toEqual(['value beyond 2^53, kept approximately']);
  });
});

describe('parseOdHeader', () => {
  it('expands od * lines of a real image (plain)', () => {
    const r = parseOdHeader(fixture('qcow2-header', 'plain.od-Ad.txt'));
    expect(r.issues).toEqual([]);
    expect(r.incomplete).toBeUndefined();
    expect(r.value).toMatchObject({ magic: QCOW2_MAGIC, version: 3, size: 64 * 1024 ** 2, nbSnapshots: 0, snapshotOffset: 0, headerLength: 112, compressionType: 0 });
  });

  it.each(['plain', 'snap', 'bad-snaptable', 'v2-backing'])('agrees with qcow2.py dump-header on the same image (%s)', (image) => {
    const od = parseOdHeader(fixture('qcow2-header', `${image}.od-Ad.txt`));
    const dump = parseQcow2HeaderDump(fixture('qcow2-header', `${image}.dump-header.txt`));
    expect(od.issues).toEqual([]);
    expect(dump.issues).toEqual([]);
    const fromOd = comparable(od.value);
    // qcow2.py prints version 3 defaults for a version 2 image; od only has what is on disk.
    const fromDump = Object.fromEntries(Object.entries(comparable(dump.value)).filter(([k]) => k in fromOd));
    expect(fromOd).toEqual(fromDump);
    expect(Object.keys(fromOd).length).toBeGreaterThanOrEqual(13);
  });

  it.each([
    ['snap.od-Ao.txt', 'snap.od-Ad.txt'],
    ['v2-backing.od-Ax.txt', 'v2-backing.od-Ad.txt'],
  ])('infers octal and hex address radixes (%s)', (other, decimal) => {
    expect(parseOdHeader(fixture('qcow2-header', other)).value).toEqual(parseOdHeader(fixture('qcow2-header', decimal)).value);
  });

  it('stops at the version 2 header length', () => {
    const h = parseOdHeader(fixture('qcow2-header', 'v2-backing.od-Ad.txt')).value;
    expect(h).toMatchObject({ version: 2, backingFileOffset: 0x60, backingFileSize: 10 });
    expect(h.headerLength).toBeUndefined();
    expect(h.incompatibleFeatures).toBeUndefined();
  });

  it('marks output cut inside the header', () => {
    const text = fixture('qcow2-header', 'snap.od-Ad.txt').split('\n').slice(0, 4).join('\n');
    const r = parseOdHeader(text);
    expect(r.incomplete).toBe(true);
    expect(r.value).toMatchObject({ magic: QCOW2_MAGIC, refcountTableOffset: 0x10000, nbSnapshots: 1 });
    expect(r.value.snapshotOffset).toBeUndefined();
    expect(snapshotTableProblem(r.value, fileSize('snap'))?.kind).toBe('header-incomplete');
  });

  it('reads addressless od output, but cannot expand * there', () => {
    const lines = fixture('qcow2-header', 'plain.od-Ad.txt').split('\n').map((l) => l.replace(/^\d+ ?/, ''));
    const r = parseOdHeader(lines.join('\n'));
    expect(r.value.magic).toBe(QCOW2_MAGIC);
    expect(r.issues.map((i) => i.reason)).toEqual(['cannot expand a repeated line without addresses']);
  });

  it('reports garbage and inconsistent addresses', () => {
    expect(parseOdHeader('od: /vms/x.qcow2: No such file or directory\n').issues[0]!.reason).toBe('not an od -t x1 line');
    const r = parseOdHeader('0000000 51 46 49 fb\n0000099 00 00 00 03\n');
    expect(r.issues[0]!.reason).toBe('od addresses are not consecutive in any radix');
  });

  it('does not loop on a * after an address-only line, or after another *', () => {
    for (const text of ['0000000\n*\n0000016 00\n', '0000000 51 46 49 fb\n*\n*\n0000016 00\n']) {
      const r = parseOdHeader(text);
      expect(r.issues.map((i) => i.reason)).toContain('cannot expand a repeated line that has no bytes');
    }
  });

  it('expands a * up to a huge address without filling memory', () => {
    const head = fixture('qcow2-header', 'plain.od-Ad.txt').split('\n').slice(0, 5).join('\n');
    const r = parseOdHeader(`${head}\n*\n1000000000000000 00\n1000000000000001\n`);
    expect(r.issues).toEqual([]);
    expect(r.value).toMatchObject({ magic: QCOW2_MAGIC, version: 3, headerLength: 0, nbSnapshots: 0 });
  });

  it('reads one very long od line (no spread of its bytes into a call)', () => {
    const r = parseOdHeader(`0000000 51 46 49 fb 00 00 00 03${' 00'.repeat(300_000)}\n`);
    expect(r.issues).toEqual([]);
    expect(r.value).toMatchObject({ magic: QCOW2_MAGIC, version: 3 });
  });

  it('decodes raw bytes: a non-qcow2 file', () => {
    const h = headerFromBytes(new Uint8Array(112));
    expect(h.magic).toBe(0);
    expect(snapshotTableProblem(h, 1 << 20)?.kind).toBe('not-qcow2');
  });
});

describe('snapshotTableProblem', () => {
  it('finds nothing wrong with a real image that has one snapshot', () => {
    const h = parseOdHeader(fixture('qcow2-header', 'snap.od-Ad.txt')).value;
    expect(snapshotTableProblem(h, fileSize('snap'))).toBeUndefined();
  });

  it('finds a snapshot table beyond the end of the file (real damaged image)', () => {
    const h = parseOdHeader(fixture('qcow2-header', 'bad-snaptable.od-Ad.txt')).value;
    const p = snapshotTableProblem(h, fileSize('bad-snaptable'));
    expect(p?.kind).toBe('offset-past-eof');
    expect(p?.detail.en).toBe('nb_snapshots is 4 but snapshot_offset 0x130600000 lies beyond the end of the 1441862-byte file: the snapshot table is damaged.');
    expect(p?.detail.zh).toContain('0x130600000');
  });

  it("explains the guide's header for a file smaller than the offset, and accepts the repaired one", () => {
    const before = parseQcow2HeaderDump(fixture('qcow2-header', 'guide-3.4.4-before.dump-header.txt')).value;
    expect(snapshotTableProblem(before, 4 * 1024 ** 3)?.kind).toBe('offset-past-eof');
    const after = parseQcow2HeaderDump(fixture('qcow2-header', 'guide-3.4.4-after.dump-header.txt')).value;
    expect(snapshotTableProblem(after, 4 * 1024 ** 3)).toBeUndefined();
  });

  it.each([
    [{ nbSnapshots: 70000, snapshotOffset: 0x10000 }, 'too-many-snapshots'],
    [{ nbSnapshots: 2, snapshotOffset: 0 }, 'offset-missing'],
    [{ nbSnapshots: 2, snapshotOffset: 0x10001 }, 'offset-unaligned'],
    [{ nbSnapshots: 4000, snapshotOffset: 0xf0000 }, 'table-past-eof'],
    [{ nbSnapshots: undefined, snapshotOffset: 0 }, 'header-incomplete'],
  ])('%o → %s', (fields, kind) => {
    const h: Qcow2Header = { magic: QCOW2_MAGIC, clusterBits: 16, extensions: [], ...fields };
    expect(snapshotTableProblem(h, 0x100000)?.kind).toBe(kind);
  });
});
