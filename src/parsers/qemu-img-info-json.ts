/**
 * `qemu-img info --output=json [--backing-chain] IMG`: one object, or an
 * array for a backing chain (QMP-style output nests `backing-image` instead).
 */
import { issue, lines, stripAnsi, type Parsed, type ParseIssue } from './types.js';
import { withoutUndefined } from './optional-fields.js';
import { applyFormatSpecific, newImage, type ImageInfoList, type MutableImage } from './qemu-img-image.js';
import type { ImageSnapshot } from './qemu-img-snapshots.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

function jsonSnapshot(s: Json): ImageSnapshot {
  const clockSec = num(s['vm-clock-sec']);
  return withoutUndefined({
    id: str(s.id) ?? '',
    tag: str(s.name) ?? '',
    vmStateSizeBytes: num(s['vm-state-size']),
    dateSec: num(s['date-sec']),
    vmClockS: clockSec === undefined ? undefined : clockSec + (num(s['vm-clock-nsec']) ?? 0) / 1e9,
    icount: num(s.icount),
  });
}

function jsonImage(o: Json): MutableImage {
  const image = newImage(str(o.filename));
  Object.assign(
    image,
    withoutUndefined({
      format: str(o.format),
      virtualSizeBytes: num(o['virtual-size']),
      diskSizeBytes: num(o['actual-size']),
      clusterSize: num(o['cluster-size']),
      backingFile: str(o['backing-filename']),
      backingFileFullPath: str(o['full-backing-filename']),
      backingFileFormat: str(o['backing-filename-format']),
      encrypted: bool(o.encrypted),
      dirtyFlag: bool(o['dirty-flag']),
    }),
  );
  const specific = isObject(o['format-specific']) ? o['format-specific'].data : undefined;
  if (isObject(specific)) {
    for (const [k, v] of Object.entries(specific)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') applyFormatSpecific(image, k, String(v));
    }
  }
  if (Array.isArray(o.snapshots)) image.snapshots.push(...o.snapshots.filter(isObject).map(jsonSnapshot));
  return image;
}

export function parseQemuImgInfoJson(input: string): Parsed<ImageInfoList> {
  const text = stripAnsi(input);
  const issues: ParseIssue[] = [];
  const errors: string[] = [];
  // Messages (warnings, open errors) may come before the JSON document.
  const start = text.search(/^[[{]/m);
  const before = start < 0 ? text : text.slice(0, start);
  lines(before).forEach((raw, i) => {
    if (raw.trim().startsWith('qemu-img:')) errors.push(raw.trim());
    else if (raw.trim() !== '') issues.push(issue(i + 1, raw, 'text before the JSON document'));
  });
  if (start < 0) return { value: { images: [], errors }, issues };
  let doc: unknown;
  try {
    doc = JSON.parse(text.slice(start));
  } catch (e) {
    const message = (e as Error).message;
    const line = before.split('\n').length;
    issues.push(issue(line, text.slice(start).split('\n')[0] ?? '', `invalid JSON: ${message}`));
    // A document that stops early is output cut off, not garbage.
    const cut = /end of JSON input|Unterminated/i.test(message);
    return { value: { images: [], errors }, issues, ...(cut ? { incomplete: true } : {}) };
  }
  // --backing-chain gives an array; QMP-style output nests `backing-image` instead.
  const chain: Json[] = [];
  const walk = (o: unknown): void => {
    if (!isObject(o)) return;
    chain.push(o);
    walk(o['backing-image']);
  };
  const list = Array.isArray(doc) ? doc : [doc];
  list.forEach(walk);
  const images = chain.map(jsonImage);
  if (list.some((o) => !isObject(o))) issues.push(issue(1, '', 'JSON entries that are not image objects were skipped'));
  return { value: { images, errors }, issues };
}

