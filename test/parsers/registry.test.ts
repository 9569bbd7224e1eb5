import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARSERS } from '../../src/parsers/index.js';
import { FIXTURES } from '../support/fixture-run.js';

describe('the parser registry of `usdiag parse`', () => {
  it('holds every parser module\'s registry, with no name used twice', async () => {
    const dir = join(FIXTURES, '..', 'src', 'parsers');
    const names: string[] = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const mod = (await import(join(dir, f))) as { parsers?: Record<string, unknown> };
      if (mod.parsers) names.push(...Object.keys(mod.parsers));
    }
    expect(names.length).toBe(new Set(names).size);
    expect(Object.keys(PARSERS).sort()).toEqual([...names].sort());
  });

  it.each(Object.keys(PARSERS))('%s never throws on garbage', (name) => {
    for (const input of ['', '\u0000\u0001\u00ff binary', 'x'.repeat(10_000), '{"json": true}', '\x1b[1mbold\x1b[0m\r\nline\r\n']) {
      const r = PARSERS[name]!(input);
      expect(Array.isArray(r.issues)).toBe(true);
    }
  });
});
