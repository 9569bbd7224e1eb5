import { describe, expect, it } from 'vitest';
import { parseSize, tokens } from '../../src/parsers/types.js';

describe('parseSize', () => {
  it('reads sizes with and without units and spaces', () => {
    expect(parseSize('10 GiB')).toBe(10 * 1024 ** 3);
    expect(parseSize('433M')).toBe(433 * 1024 ** 2);
    expect(parseSize(' 1.8G ')).toBe(Math.round(1.8 * 1024 ** 3));
    expect(parseSize('512')).toBe(512);
    expect(parseSize('6.04T')).toBe(Math.round(6.04 * 1024 ** 4));
    expect(parseSize('12 parrots')).toBeUndefined();
    expect(parseSize(undefined)).toBeUndefined();
  });

  it('reads every short text as the former regex did', () => {
    const FORMER = /^\s*(\d+(?:\.\d+)?)\s*([KMGTP]?)(?:i?B)?\s*$/i;
    const UNIT: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4, P: 1024 ** 5 };
    const PIECES = ['1', '39.8', '.', ' ', '\t', 'K', 'm', 'i', 'B', 'b', 'x', 'iB'];
    let x = 21; // xorshift32: deterministic
    const next = (): number => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
    let matched = 0;
    for (let n = 0; n < 20_000; n++) {
      const s = Array.from({ length: 1 + (next() % 6) }, () => PIECES[next() % PIECES.length]).join('');
      const m = FORMER.exec(s);
      if (m) matched++;
      expect(parseSize(s), JSON.stringify(s)).toBe(m ? Math.round(Number(m[1]) * UNIT[m[2]!.toUpperCase()]!) : undefined);
    }
    expect(matched).toBeGreaterThan(1000);
  });

  it('gives up on a number followed by 200,000 spaces and a word at once (the former regex took seconds)', () => {
    expect(parseSize(`39.8${' '.repeat(200_000)}x`)).toBeUndefined();
    expect(parseSize(`39.8${' '.repeat(200_000)}MiB`)).toBe(Math.round(39.8 * 1024 ** 2));
  });
});

describe('tokens', () => {
  it('gives each whitespace-separated token with its offset', () => {
    expect(tokens('  a bc\t d  ')).toEqual([
      { text: 'a', start: 2 },
      { text: 'bc', start: 4 },
      { text: 'd', start: 8 },
    ]);
    expect(tokens('   ')).toEqual([]);
  });
});
