/**
 * qemu-img parsers: `check` (with its exit code), `info` (human and JSON,
 * backing chains) and `snapshot -l`.
 */
import type { Parsed } from './types.js';
import { parseQemuImgCheck } from './qemu-img-check.js';
import { parseQemuImgInfo } from './qemu-img-info.js';
import { parseQemuImgInfoJson } from './qemu-img-info-json.js';
import { parseSnapshotList } from './qemu-img-snapshots.js';

export * from './qemu-img-check.js';
export { parseQemuImgInfo } from './qemu-img-info.js';
export { parseQemuImgInfoJson } from './qemu-img-info-json.js';
export { parseSnapshotList, parseSnapshotRow, type ImageSnapshot, type SnapshotList } from './qemu-img-snapshots.js';
export type { ImageInfo, ImageInfoList } from './qemu-img-image.js';

export const parsers = {
  // The registry has no exit code: the verdict then comes from the text.
  'qemu-img-check': (s: string) => parseQemuImgCheck(s),
  'qemu-img-info': parseQemuImgInfo,
  'qemu-img-info-json': parseQemuImgInfoJson,
  'qemu-img-snapshot-l': parseSnapshotList,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
