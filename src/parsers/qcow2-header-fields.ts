/**
 * The qcow2 header layout (big-endian, QEMU docs/interop/qcow2.txt) and its
 * typed form, shared by the qcow2.py dump and od readers.
 */
import { issue, type ParseIssue } from './types.js';

export const QCOW2_MAGIC = 0x514649fb;

export interface Qcow2HeaderExtension {
  readonly magic: number;
  /** QEMU 5.2+ scripts name known magics: `Feature table`, `Bitmaps`. */
  readonly name?: string;
  readonly length?: number;
  /** Quoted string data, or `<binary>`. */
  readonly data?: string;
  /** Decoded fields of known extensions (nb_bitmaps, bitmap_directory_offset...). */
  readonly fields: Readonly<Record<string, string>>;
}

/** Header fields; missing ones were not in the input (cut output, version 2 image). */
export interface Qcow2Header {
  readonly magic?: number;
  readonly version?: number;
  readonly backingFileOffset?: number;
  readonly backingFileSize?: number;
  readonly clusterBits?: number;
  /** Virtual disk size in bytes. */
  readonly size?: number;
  readonly cryptMethod?: number;
  readonly l1Size?: number;
  readonly l1TableOffset?: number;
  readonly refcountTableOffset?: number;
  readonly refcountTableClusters?: number;
  readonly nbSnapshots?: number;
  readonly snapshotOffset?: number;
  /** Bit numbers set (version 3): incompatible bit 0 dirty, 1 corrupt, 2 external data, 3 compression, 4 extended L2. */
  readonly incompatibleFeatures?: readonly number[];
  readonly compatibleFeatures?: readonly number[];
  readonly autoclearFeatures?: readonly number[];
  readonly refcountOrder?: number;
  readonly headerLength?: number;
  readonly compressionType?: number;
  readonly extensions: readonly Qcow2HeaderExtension[];
}

export type MutableHeader = { -readonly [K in keyof Qcow2Header]: Qcow2Header[K] } & { extensions: Qcow2HeaderExtension[] };
type NumberField = Exclude<keyof Qcow2Header, 'extensions' | 'incompatibleFeatures' | 'compatibleFeatures' | 'autoclearFeatures'>;

/** On-disk layout (big-endian): name, byte offset, width, and the property it fills. */
const LAYOUT: readonly (readonly [string, number, 1 | 4 | 8, keyof Qcow2Header])[] = [
  ['magic', 0, 4, 'magic'],
  ['version', 4, 4, 'version'],
  ['backing_file_offset', 8, 8, 'backingFileOffset'],
  ['backing_file_size', 16, 4, 'backingFileSize'],
  ['cluster_bits', 20, 4, 'clusterBits'],
  ['size', 24, 8, 'size'],
  ['crypt_method', 32, 4, 'cryptMethod'],
  ['l1_size', 36, 4, 'l1Size'],
  ['l1_table_offset', 40, 8, 'l1TableOffset'],
  ['refcount_table_offset', 48, 8, 'refcountTableOffset'],
  ['refcount_table_clusters', 56, 4, 'refcountTableClusters'],
  ['nb_snapshots', 60, 4, 'nbSnapshots'],
  ['snapshot_offset', 64, 8, 'snapshotOffset'],
  // Version 3 only.
  ['incompatible_features', 72, 8, 'incompatibleFeatures'],
  ['compatible_features', 80, 8, 'compatibleFeatures'],
  ['autoclear_features', 88, 8, 'autoclearFeatures'],
  ['refcount_order', 96, 4, 'refcountOrder'],
  ['header_length', 100, 4, 'headerLength'],
  ['compression_type', 104, 1, 'compressionType'],
];
export const BY_NAME = new Map(LAYOUT.map((f) => [f[0], f[3]]));
const FEATURES = new Set<keyof Qcow2Header>(['incompatibleFeatures', 'compatibleFeatures', 'autoclearFeatures']);

const bitsOf = (n: bigint): number[] => [...Array(64).keys()].filter((b) => (n >> BigInt(b)) & 1n);


export function setField(h: MutableHeader, key: keyof Qcow2Header, value: bigint, lineNo: number, raw: string, issues: ParseIssue[]): void {
  if (FEATURES.has(key)) {
    (h as Record<string, unknown>)[key] = bitsOf(value);
    return;
  }
  // Offsets of a damaged header can be garbage beyond 2^53: keep them, approximately.
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) issues.push(issue(lineNo, raw, 'value beyond 2^53, kept approximately'));
  h[key as NumberField] = Number(value);
}


/** Decodes the big-endian header fields present in `buf` (fields of version 3 only for version 3). */
export function headerFromBytes(buf: Uint8Array, issues: ParseIssue[] = []): Qcow2Header {
  const header: MutableHeader = { extensions: [] };
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (const [name, offset, width, key] of LAYOUT) {
    if (offset + width > buf.length) break;
    if (offset >= 72 && (header.version ?? 0) < 3) break;
    if (key === 'compressionType' && (header.headerLength ?? 0) <= 104) break;
    const value = width === 8 ? view.getBigUint64(offset) : BigInt(width === 4 ? view.getUint32(offset) : view.getUint8(offset));
    setField(header, key, value, 1, name, issues);
  }
  return header;
}

