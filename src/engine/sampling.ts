/**
 * Counters read twice (diskstats, domblkstat, NIC statistics): the time
 * between the two reads, which every rate is divided by.
 */

/**
 * The shortest measured span taken as real, in seconds.
 *
 * --sample-seconds is at least 1 s and the checks sleep that long between the
 * two reads, so a real span is at least 1 s (plus the first command's own run
 * time). A shorter one means the outputs carry no real times: hand-made
 * fixtures and simulated hosts answer at once, a capture can hold equal
 * times, a clock can step. Half the smallest interval lies safely between the
 * two. Dividing by such a span would inflate every rate (0.1 s for a 2 s
 * interval: 20x, a slow disk or a lossy NIC that is not there), so it falls
 * back to the configured interval instead. (The storage checks used 0.05 s,
 * the NIC check 0.5 s; this replaces both.)
 */
export const MIN_MEASURED_SECONDS = 0.5;

/**
 * Seconds between two samples, from when each command started (`startedAt`,
 * ISO 8601; a replayed capture keeps the capture's times); the configured
 * interval when that span is missing, not a number or implausibly small.
 * Undefined when neither gives a positive number of seconds.
 */
export function secondsBetweenSamples(firstStartedAt: string | undefined, secondStartedAt: string | undefined, configured: number): number | undefined {
  const span = (Date.parse(secondStartedAt ?? '') - Date.parse(firstStartedAt ?? '')) / 1000;
  if (Number.isFinite(span) && span >= MIN_MEASURED_SECONDS) return span;
  return Number.isFinite(configured) && configured > 0 ? configured : undefined;
}
