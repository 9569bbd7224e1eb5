/**
 * The image description shared by the human and JSON forms of `qemu-img info`.
 */
import { toInt } from './types.js';
import type { ImageSnapshot } from './qemu-img-snapshots.js';

export interface ImageInfo {
  readonly filename?: string;
  readonly format?: string;
  readonly virtualSizeBytes?: number;
  /** Allocated on the host; rounded in the human form. */
  readonly diskSizeBytes?: number;
  readonly clusterSize?: number;
  readonly backingFile?: string;
  /** `(actual path: ...)` of a relative backing file, or JSON `full-backing-filename`. */
  readonly backingFileFullPath?: string;
  readonly backingFileFormat?: string;
  readonly encrypted?: boolean;
  /** JSON only. */
  readonly dirtyFlag?: boolean;
  /** The on-disk "image is corrupt" flag (`corrupt: true`). */
  readonly corrupt?: boolean;
  readonly compat?: string;
  readonly lazyRefcounts?: boolean;
  readonly refcountBits?: number;
  /** Every first-level format specific key, spelled like JSON (`lazy-refcounts`). */
  readonly formatSpecific: Readonly<Record<string, string>>;
  readonly snapshots: readonly ImageSnapshot[];
}

export interface ImageInfoList {
  /** The image first, then its backing files with --backing-chain. */
  readonly images: readonly ImageInfo[];
  /** `qemu-img: Could not open ...` and similar messages. */
  readonly errors: readonly string[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type MutableImage = Mutable<ImageInfo> & { formatSpecific: Record<string, string>; snapshots: ImageSnapshot[] };

export const newImage = (filename?: string): MutableImage => ({ ...(filename !== undefined ? { filename } : {}), formatSpecific: {}, snapshots: [] });

/** Typed copies of the format specific keys that checks look at. */
export function applyFormatSpecific(image: MutableImage, key: string, value: string): void {
  image.formatSpecific[key] = value;
  const bool = value === 'true' ? true : value === 'false' ? false : undefined;
  if (key === 'corrupt' && bool !== undefined) image.corrupt = bool;
  else if (key === 'lazy-refcounts' && bool !== undefined) image.lazyRefcounts = bool;
  else if (key === 'refcount-bits') image.refcountBits = toInt(value);
  else if (key === 'compat') image.compat = value;
}

