/**
 * `qemu-img info [--backing-chain] IMG`, human form. Units changed in QEMU
 * 4.x (`40G` → `10 GiB`); the virtual size is always taken from its
 * `(N bytes)` form. QEMU 8.x appends `Child node` blocks whose values
 * (disk size, filename) are the protocol node's and are skipped.
 */
import { issue, lines, parseSize, toInt, type Parsed, type ParseIssue } from './types.js';
import { applyFormatSpecific, newImage, type ImageInfoList, type MutableImage } from './qemu-img-image.js';
import { parseSnapshotRow, SNAPSHOT_HEADER } from './qemu-img-snapshots.js';

function applyTopKey(image: MutableImage, key: string, value: string): boolean {
  // `cluster_size` as printed, `cluster size` in some copies.
  switch (key.toLowerCase().replace(/_/g, ' ')) {
    case 'file format':
      image.format = value;
      return true;
    case 'virtual size': {
      const bytes = /\((\d+) bytes\)/.exec(value)?.[1];
      image.virtualSizeBytes = bytes !== undefined ? Number(bytes) : parseSize(value);
      return true;
    }
    case 'disk size':
      image.diskSizeBytes = parseSize(value);
      return true;
    case 'cluster size':
      image.clusterSize = toInt(value);
      return true;
    case 'backing file': {
      // `base.qcow2 (actual path: /vms/base.qcow2)`. Not /^(.*?)\s+\(actual path: (.*)\)$/:
      // its lazy prefix retried at every space of a long run (quadratic). The
      // lookbehind starts the search only where a run of spaces begins.
      const at = value.endsWith(')') ? /(?<!\s)\s+\(actual path: /.exec(value) : null;
      image.backingFile = at ? value.slice(0, at.index) : value;
      if (at) image.backingFileFullPath = value.slice(at.index + at[0].length, -1);
      return true;
    }
    case 'backing file format':
      image.backingFileFormat = value;
      return true;
    case 'encrypted':
      image.encrypted = value === 'yes';
      return true;
    default:
      return false;
  }
}

export function parseQemuImgInfo(input: string): Parsed<ImageInfoList> {
  const images: MutableImage[] = [];
  const errors: string[] = [];
  const issues: ParseIssue[] = [];
  let image: MutableImage | undefined;
  let section: 'top' | 'snapshots' | 'format' | 'child' = 'top';

  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const indented = /^\s/.test(raw);
    if (text.startsWith('qemu-img:')) {
      errors.push(text);
      return;
    }
    const kv = /^([^:]+?):\s*(.*)$/.exec(text);
    if (!indented && kv?.[1] === 'image') {
      image = newImage(kv[2]);
      images.push(image);
      section = 'top';
      return;
    }
    if (!image) {
      issues.push(issue(i + 1, raw, 'text before the first image'));
      return;
    }
    if (!indented) {
      if (text === 'Snapshot list:') section = 'snapshots';
      else if (text === 'Format specific information:') section = 'format';
      // QEMU 8.x: the protocol node's own lines; its `disk size` is not the image's.
      else if (/^Child node '.*':$/.test(text)) section = 'child';
      else if (section === 'snapshots' && SNAPSHOT_HEADER.test(text)) return;
      else if (section === 'snapshots' && parseSnapshotRow(text)) image.snapshots.push(parseSnapshotRow(text)!);
      else if (kv && applyTopKey(image, kv[1]!, kv[2]!)) section = 'top';
      else issues.push(issue(i + 1, raw, 'not a qemu-img info line'));
      return;
    }
    if (section === 'child') return;
    // Snapshot rows of images whose table lost ID and TAG start with spaces.
    if (section === 'snapshots' && parseSnapshotRow(text)) image.snapshots.push(parseSnapshotRow(text)!);
    else if (section === 'format' && kv) {
      // Only first-level keys (4 spaces); deeper lines belong to lists such as bitmaps.
      if (raw.length - raw.trimStart().length <= 4) applyFormatSpecific(image, kv[1]!.replace(/\s+/g, '-'), kv[2]!);
    } else if (section !== 'format') issues.push(issue(i + 1, raw, 'not a qemu-img info line'));
  });
  return { value: { images, errors }, issues };
}

