/**
 * The guide 3.4.4 fault ("Could not read snapshots: File too large"): the
 * header's nb_snapshots / snapshot_offset point at a table that is not in
 * the file, or that QEMU rejects.
 */
import { fill, text, type Text } from '../i18n/text.js';
import { QCOW2_MAGIC, type Qcow2Header } from './qcow2-header-fields.js';

export type SnapshotTableProblemKind =
  | 'not-qcow2'
  | 'header-incomplete'
  | 'too-many-snapshots'
  | 'offset-missing'
  | 'offset-unaligned'
  | 'offset-past-eof'
  | 'table-past-eof';

export interface SnapshotTableProblem {
  readonly kind: SnapshotTableProblemKind;
  readonly detail: Text;
}

/** QEMU refuses images with more snapshots than this (QCOW_MAX_SNAPSHOTS). */
const MAX_SNAPSHOTS = 65536;
/** Smallest on-disk snapshot table entry (QCowSnapshotHeader). */
const MIN_ENTRY_BYTES = 40;

const MESSAGES: Record<SnapshotTableProblemKind, Text> = {
  'not-qcow2': text('The header magic is {magic}, not 0x514649fb: this is not a qcow2 image.', '镜像头 magic 为 {magic}，不是 0x514649fb：该文件不是 qcow2 镜像。'),
  'header-incomplete': text('The header could not be read completely (nb_snapshots, snapshot_offset or cluster_bits missing).', '未能完整读取镜像头（缺少 nb_snapshots、snapshot_offset 或 cluster_bits）。'),
  'too-many-snapshots': text('nb_snapshots is {nb}, more than the 65536 QEMU accepts: the snapshot count in the header is damaged.', 'nb_snapshots 为 {nb}，超过 QEMU 允许的 65536：镜像头中的快照数量已损坏。'),
  'offset-missing': text('nb_snapshots is {nb} but snapshot_offset is 0: the header lists snapshots without a table.', 'nb_snapshots 为 {nb}，但 snapshot_offset 为 0：镜像头记录了快照却没有快照表。'),
  'offset-unaligned': text('snapshot_offset {offset} is not a multiple of the cluster size ({cluster} bytes): QEMU rejects it as an invalid snapshot table offset.', 'snapshot_offset {offset} 不是簇大小（{cluster} 字节）的整数倍：QEMU 会将其视为无效的快照表偏移。'),
  'offset-past-eof': text('nb_snapshots is {nb} but snapshot_offset {offset} lies beyond the end of the {fileSize}-byte file: the snapshot table is damaged.', 'nb_snapshots 为 {nb}，但 snapshot_offset {offset} 超出了文件末尾（文件大小 {fileSize} 字节）：快照表已损坏。'),
  'table-past-eof': text('The snapshot table at {offset} ({nb} entries, at least {tableBytes} bytes) runs past the end of the {fileSize}-byte file.', '位于 {offset} 的快照表（{nb} 个条目，至少 {tableBytes} 字节）超出了文件末尾（文件大小 {fileSize} 字节）。'),
};

const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * Why the snapshot table cannot be read, or undefined when nb_snapshots and
 * snapshot_offset are consistent with the file. `fileSizeBytes` is the image
 * file's size on disk (`stat -c %s`, `ls -l`).
 */
export function snapshotTableProblem(header: Qcow2Header, fileSizeBytes: number): SnapshotTableProblem | undefined {
  const problem = (kind: SnapshotTableProblemKind, vars: Record<string, string | number> = {}): SnapshotTableProblem => ({
    kind,
    detail: fill(MESSAGES[kind], vars),
  });
  if (header.magic !== undefined && header.magic !== QCOW2_MAGIC) return problem('not-qcow2', { magic: hex(header.magic) });
  const { nbSnapshots: nb, snapshotOffset: offset, clusterBits } = header;
  if (nb === undefined || offset === undefined || clusterBits === undefined) return problem('header-incomplete');
  const cluster = 2 ** clusterBits;
  const vars = { nb, offset: hex(offset), cluster, fileSize: fileSizeBytes, tableBytes: nb * MIN_ENTRY_BYTES };
  if (nb > MAX_SNAPSHOTS) return problem('too-many-snapshots', vars);
  if (nb > 0 && offset === 0) return problem('offset-missing', vars);
  if (offset % cluster !== 0) return problem('offset-unaligned', vars);
  if (nb > 0 && offset >= fileSizeBytes) return problem('offset-past-eof', vars);
  if (nb > 0 && offset + nb * MIN_ENTRY_BYTES > fileSizeBytes) return problem('table-past-eof', vars);
  return undefined;
}

