/**
 * The qcow2 header, read two ways: `qcow2.py IMG dump-header` (QEMU's test
 * script, when installed) and `od -A d -t x1 -N 112 IMG` (always there). Both
 * give a `Qcow2Header`; `snapshotTableProblem` then explains the guide 3.4.4
 * fault ("Could not read snapshots: File too large"): a snapshot table that
 * points outside the file.
 */
import { fields, issue, lines, type Parsed, type ParseIssue } from './types.js';
import { BY_NAME, headerFromBytes, QCOW2_MAGIC, setField, type MutableHeader, type Qcow2Header, type Qcow2HeaderExtension } from './qcow2-header-fields.js';

export { headerFromBytes, QCOW2_MAGIC, type Qcow2Header, type Qcow2HeaderExtension } from './qcow2-header-fields.js';
export * from './qcow2-snapshot-table.js';

/** Bit numbers a qcow2 feature field can have: the fields are 64 bits wide. */
const FEATURE_BITS = 64;
/** More significant digits than this cannot be a 64-bit value (2^64 - 1 has 20 decimal, 16 hex digits). */
const MAX_DIGITS = { dec: 20, hex: 16 } as const;

/**
 * `0x1f`, `42`, `[]`, `[0, 3]` → bigint (features: bit mask), a reason when
 * the text is a number or bit list qcow2 cannot hold, undefined for anything
 * else. Never throws: lengths are checked before BigInt() sees the digits.
 */
function dumpValue(s: string): bigint | { reason: string } | undefined {
  const t = s.trim();
  const num = /^(0x)?([0-9a-f]+)$/i.exec(t);
  if (num && (num[1] !== undefined || /^\d+$/.test(num[2]!))) {
    const digits = num[2]!.replace(/^0+(?=.)/, '');
    if (digits.length > (num[1] ? MAX_DIGITS.hex : MAX_DIGITS.dec)) return { reason: 'value wider than 64 bits' };
    const value = BigInt(num[1] ? `0x${digits}` : digits);
    return value >> 64n === 0n ? value : { reason: 'value wider than 64 bits' };
  }
  const list = /^\[([\d,\s]*)\]$/.exec(t);
  if (!list) return undefined;
  const bits = list[1]!
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (!bits.every((b) => /^\d+$/.test(b))) return { reason: 'not a list of feature bit numbers' };
  let mask = 0n;
  for (const b of bits) {
    // Check the digits before shifting: 1n << 4294967296n throws (Maximum BigInt size exceeded).
    const digits = b.replace(/^0+(?=.)/, '');
    const bit = digits.length <= 2 ? Number(digits) : FEATURE_BITS;
    if (bit >= FEATURE_BITS) return { reason: `feature bit ${digits.length > 20 ? `${digits.slice(0, 20)}…` : digits} is not 0-${FEATURE_BITS - 1}` };
    mask |= 1n << BigInt(bit);
  }
  return mask;
}


export function parseQcow2HeaderDump(input: string): Parsed<Qcow2Header> {
  const header: MutableHeader = { extensions: [] };
  const issues: ParseIssue[] = [];
  let extension: (Qcow2HeaderExtension & { fields: Record<string, string> }) | undefined;
  let done = false;

  lines(input).forEach((raw, i) => {
    const t = raw.trim();
    if (t === '' || done) return;
    if (t === 'Header extension:') {
      extension = { magic: 0, fields: {} };
      header.extensions.push(extension);
      return;
    }
    const [name = '', rest = ''] = fields(t, 2);
    if (extension) {
      const named = /^(0x[0-9a-f]+)(?:\s+\((.+)\))?$/i.exec(rest);
      if (name === 'magic' && named) {
        // A top-level magic after extensions is the next dump of a concatenated output.
        if (Number(named[1]) === QCOW2_MAGIC && header.extensions.length > 0 && extension.magic !== 0) {
          issues.push(issue(i + 1, raw, 'a second header dump follows; only the first is read'));
          done = true;
          return;
        }
        Object.assign(extension, { magic: Number(named[1]), ...(named[2] ? { name: named[2] } : {}) });
      } else if (name === 'length' && /^\d+$/.test(rest)) Object.assign(extension, { length: Number(rest) });
      else if (name === 'data') Object.assign(extension, { data: rest.replace(/^'(.*)'$/, '$1') });
      else extension.fields[name] = rest;
      return;
    }
    const key = BY_NAME.get(name);
    const value = dumpValue(rest);
    if (key === undefined || value === undefined) {
      issues.push(issue(i + 1, raw, 'not a qcow2.py dump-header line'));
      return;
    }
    if (typeof value !== 'bigint') {
      issues.push(issue(i + 1, raw, value.reason));
      return;
    }
    if (header[key] !== undefined) {
      issues.push(issue(i + 1, raw, 'a second header dump follows; only the first is read'));
      done = true;
      return;
    }
    setField(header, key, value, i + 1, raw, issues);
  });
  return { value: header, issues, ...(header.snapshotOffset === undefined && header.magic !== undefined ? { incomplete: true } : {}) };
}


interface OdLine {
  readonly lineNo: number;
  readonly raw: string;
  readonly offset?: string;
  readonly bytes: readonly number[];
  readonly repeat: boolean;
}

/** The address radix od used (-A d|o|x): the one under which every line starts where the previous ended. */
function odRadix(rows: readonly OdLine[]): 10 | 8 | 16 | undefined {
  return ([10, 8, 16] as const).find((radix) => {
    let expected = 0;
    let repeated = false;
    let width = 0;
    for (const row of rows) {
      if (row.repeat) {
        repeated = true;
        continue;
      }
      const at = parseInt(row.offset ?? '', radix);
      if (!/^[0-9a-f]+$/i.test(row.offset ?? '') || Number.isNaN(at) || at.toString(radix) !== row.offset!.replace(/^0+(?=.)/, '').toLowerCase()) return false;
      if (repeated ? at < expected || (width > 0 && (at - expected) % width !== 0) : at !== expected) return false;
      repeated = false;
      width = row.bytes.length || width;
      expected = at + row.bytes.length;
    }
    return true;
  });
}

/**
 * Bytes of od output that are decoded. The header fields end at byte 105
 * (`od -N 112` is what the checks run); a `*` up to a damaged image's huge
 * address, or the od of a whole file, must not fill memory.
 */
const OD_MAX_BYTES = 4096;

export function parseOdHeader(input: string): Parsed<Qcow2Header> {
  const issues: ParseIssue[] = [];
  const rows: OdLine[] = [];
  lines(input).forEach((raw, i) => {
    const t = fields(raw);
    if (t.length === 0) return;
    if (t.length === 1 && t[0] === '*') rows.push({ lineNo: i + 1, raw, bytes: [], repeat: true });
    else if (t.slice(1).every((b) => /^[0-9a-f]{2}$/i.test(b)) && /^[0-9a-f]+$/i.test(t[0]!) && t[0]!.length > 2) {
      rows.push({ lineNo: i + 1, raw, offset: t[0]!, bytes: t.slice(1).map((b) => parseInt(b, 16)), repeat: false });
    } else if (t.every((b) => /^[0-9a-f]{2}$/i.test(b))) rows.push({ lineNo: i + 1, raw, bytes: t.map((b) => parseInt(b, 16)), repeat: false });
    else issues.push(issue(i + 1, raw, 'not an od -t x1 line'));
  });

  const bytes: number[] = [];
  const radix = rows.every((r) => r.offset !== undefined || r.repeat) ? odRadix(rows) : undefined;
  if (rows.length > 0 && rows.some((r) => r.offset !== undefined) && radix === undefined) {
    issues.push(issue(rows[0]!.lineNo, rows[0]!.raw, 'od addresses are not consecutive in any radix'));
  }
  /** Appends at most up to OD_MAX_BYTES: nothing of the header lies beyond. */
  const append = (from: readonly number[], until = bytes.length + from.length): void => {
    const end = Math.min(until, OD_MAX_BYTES);
    for (let k = 0; bytes.length < end; k = (k + 1) % from.length) bytes.push(from[k]!);
  };
  rows.forEach((row, i) => {
    if (row.repeat) {
      // `*`: the previous line repeats until the next address.
      const prev = rows[i - 1];
      const next = rows[i + 1];
      if (!prev || !next?.offset || radix === undefined) {
        issues.push(issue(row.lineNo, row.raw, 'cannot expand a repeated line without addresses'));
        return;
      }
      if (prev.bytes.length === 0) {
        issues.push(issue(row.lineNo, row.raw, 'cannot expand a repeated line that has no bytes'));
        return;
      }
      append(prev.bytes, parseInt(next.offset, radix));
    } else if (row.bytes.length > 0) append(row.bytes);
  });

  const header = headerFromBytes(Uint8Array.from(bytes), issues);
  const needed = header.version !== undefined && header.version >= 3 ? 104 : 72;
  const incomplete = bytes.length > 0 && bytes.length < needed;
  return { value: header, issues, ...(incomplete ? { incomplete } : {}) };
}


export const parsers = {
  'qcow2-dump-header': parseQcow2HeaderDump,
  'od-qcow2-header': parseOdHeader,
} satisfies Record<string, (s: string) => Parsed<unknown>>;

