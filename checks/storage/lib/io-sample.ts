/**
 * Counters read twice: the real time between the two reads.
 */
import type { CommandOutput } from '../../../src/engine/types.js';

/**
 * Seconds between two samples: from when each command started (the sleep
 * plus the first command's own run time), else the requested interval.
 * Undefined when neither gives a positive span.
 */
export function secondsBetween(first: CommandOutput, second: CommandOutput, requested: number): number | undefined {
  const span = (Date.parse(second.startedAt) - Date.parse(first.startedAt)) / 1000;
  if (Number.isFinite(span) && span > 0.05) return span;
  return requested > 0 ? requested : undefined;
}
