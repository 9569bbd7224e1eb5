/**
 * Whether parsing grows linearly with the input, without asserting a speed
 * (the machine may be loaded): the input is parsed at an eighth of the size
 * and at full size. Linear time makes the full one about 8x slower,
 * quadratic 64x. It fails above MAX_RATIO (24x: three times the linear
 * figure, a third of the quadratic one), with the best of up to three runs of
 * each size, and only when the full size costs more than FLOOR_MS (below
 * that, timer noise and garbage collection dominate: a small input that fits
 * in the young generation parses in 1.6 ms, a 1 MB one that does not can take
 * 50 ms on a loaded machine; and no parser that cheap is a problem). A small input that alone takes CEILING_MS fails at once
 * (only a super-linear parser gets there; its full size would take minutes).
 */

/** Characters of the full-size long line. */
export const FULL_CHARS = 200_000;
/** The small input is this much smaller. */
export const SIZE_RATIO = 8;
/** Below this, at full size, timings are noise (and harmless). */
export const FLOOR_MS = 200;
/** Time for the small input beyond which no linear parser goes, even on a loaded machine. */
export const CEILING_MS = 2000;
/** Full size over small size: linear ~8x, quadratic ~64x. */
export const MAX_RATIO = 24;

/** An input of about `size` characters (or of size / 10 lines). */
export type Shape = (size: number) => string;

function timed(parse: (s: string) => unknown, input: string): number {
  const t = performance.now();
  parse(input);
  return performance.now() - t;
}

/** Undefined when `parse` grows linearly on `shape`; else what it measured. */
export function superLinear(parse: (s: string) => unknown, shape: Shape): string | undefined {
  const small = shape(FULL_CHARS / SIZE_RATIO);
  const large = shape(FULL_CHARS);
  let t1 = Infinity;
  let t2 = Infinity;
  for (let attempt = 0; attempt < 3; attempt++) {
    t1 = Math.min(t1, timed(parse, small));
    if (t1 > CEILING_MS) return `${small.length} chars (1/${SIZE_RATIO} of the full size) already take ${t1.toFixed(0)} ms`;
    t2 = Math.min(t2, timed(parse, large));
    if (t2 < FLOOR_MS || t2 < MAX_RATIO * t1) return undefined;
    if (t2 > 5 * FLOOR_MS && t2 > 2 * MAX_RATIO * t1) break; // plainly quadratic: do not wait for it again
  }
  return `${large.length} chars: ${t2.toFixed(0)} ms, ${(t2 / Math.max(t1, 0.01)).toFixed(1)}x the time of ${small.length} chars (${t1.toFixed(1)} ms)`;
}
