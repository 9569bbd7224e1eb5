import { describe, expect, it } from 'vitest';
import { MIN_MEASURED_SECONDS, secondsBetweenSamples } from '../../src/engine/sampling.js';

const T0 = '2026-11-25T04:00:01.000Z';
const later = (seconds: number): string => new Date(Date.parse(T0) + seconds * 1000).toISOString();

describe('secondsBetweenSamples', () => {
  it('is the time between the starts of the two commands', () => {
    expect(secondsBetweenSamples(T0, later(2.25), 2)).toBe(2.25);
    expect(secondsBetweenSamples(T0, later(1), 2)).toBe(1); // a capture taken with --sample-seconds 1, replayed with 2
    expect(secondsBetweenSamples(T0, later(MIN_MEASURED_SECONDS), 2)).toBe(MIN_MEASURED_SECONDS);
  });

  it('falls back to the configured interval when the span is implausibly small', () => {
    // Outputs that answer at once (fixtures, equal capture times) would make every rate 200x or infinite.
    expect(secondsBetweenSamples(T0, later(0.01), 2)).toBe(2);
    expect(secondsBetweenSamples(T0, T0, 2)).toBe(2);
    // 0.3 s: accepted by the storage checks' former helper (0.05 s), not by the NIC check's (0.5 s).
    expect(secondsBetweenSamples(T0, later(0.3), 2)).toBe(2);
    expect(secondsBetweenSamples(T0, later(-5), 2)).toBe(2); // a clock that stepped back
  });

  it('falls back to the configured interval when a time is missing or not a time', () => {
    expect(secondsBetweenSamples(undefined, later(2), 3)).toBe(3);
    expect(secondsBetweenSamples(T0, undefined, 3)).toBe(3);
    expect(secondsBetweenSamples('garbage', later(2), 3)).toBe(3);
    expect(secondsBetweenSamples('', '', 3)).toBe(3);
  });

  it('is undefined when neither gives a positive number of seconds', () => {
    expect(secondsBetweenSamples('garbage', later(2), 0)).toBeUndefined();
    expect(secondsBetweenSamples(T0, T0, Number.NaN)).toBeUndefined();
    expect(secondsBetweenSamples(T0, T0, -1)).toBeUndefined();
  });
});
