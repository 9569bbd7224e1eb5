/**
 * Whether parsing grows linearly with the input, without asserting a speed
 * (the machine may be loaded): the input is parsed at a quarter size and at
 * full size. Linear time makes the full one about 4x slower, quadratic 16x.
 * It fails above MAX_RATIO, measured twice, and only when the full size costs
 * more than FLOOR_MS (below that, timer noise and garbage collection
 * dominate, and no parser that cheap is a problem). A quarter-size input that
 * alone takes CEILING_MS fails at once (only a super-linear parser gets there,
 * and its full size would take minutes).
 */

/** Characters of the full-size long line. */
export const FULL_CHARS = 200_000;
/** Below this, at full size, timings are noise (and harmless). */
export const FLOOR_MS = 50;
/** Time for the quarter-size input beyond which no linear parser goes, even on a loaded machine. */
export const CEILING_MS = 2000;
/** 4x the input; linear ~4x the time, quadratic ~16x. */
export const MAX_RATIO = 8;

/** An input of about `size` characters (or of size / 10 lines). */
export type Shape = (size: number) => string;

function timed(parse: (s: string) => unknown, input: string): number {
  const t = performance.now();
  parse(input);
  return performance.now() - t;
}

/** Undefined when `parse` grows linearly on `shape`; else what it measured. */
export function superLinear(parse: (s: string) => unknown, shape: Shape): string | undefined {
  const small = shape(FULL_CHARS / 4);
  const large = shape(FULL_CHARS);
  let verdict: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const t1 = timed(parse, small);
    if (t1 > CEILING_MS) return `${small.length} chars (a quarter of the full size) already take ${t1.toFixed(0)} ms`;
    const t2 = timed(parse, large);
    if (t2 < FLOOR_MS || t2 < MAX_RATIO * t1) return undefined;
    verdict = `${large.length} chars: ${t2.toFixed(0)} ms, ${(t2 / Math.max(t1, 0.01)).toFixed(1)}x the quarter size (${t1.toFixed(1)} ms)`;
    if (t2 > 20 * FLOOR_MS && t2 > 2 * MAX_RATIO * t1) break; // plainly quadratic: do not wait for it twice
  }
  return verdict;
}
