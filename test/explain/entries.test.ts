/**
 * Table test: realistic texts for every guide entry (fixtures/explain/entries/<id>/*.txt,
 * the guide's samples varied the way real logs vary) must rank that entry first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainText } from '../../src/explain/stream.js';
import { CHECK_IDS } from '../../src/kb/catalog.js';

const ROOT = join(import.meta.dirname, '../../fixtures/explain/entries');

const cases = readdirSync(ROOT).flatMap((id) =>
  readdirSync(join(ROOT, id)).map((file) => ({ id, file, text: readFileSync(join(ROOT, id, file), 'utf8') })),
);

describe('explain fixtures per guide entry', () => {
  it('has at least three texts for every catalogue id, and no others', () => {
    const dirs = readdirSync(ROOT).sort();
    expect(dirs).toEqual([...CHECK_IDS].sort());
    for (const id of CHECK_IDS) expect(readdirSync(join(ROOT, id)).length, id).toBeGreaterThanOrEqual(3);
  });

  it.each(cases.map((c) => [`${c.id}/${c.file}`, c] as const))('%s ranks its entry first', (_name, c) => {
    const result = explainText(c.text);
    expect(result.matches.map((m) => m.id)[0], JSON.stringify(result.matches.map((m) => [m.id, m.score]))).toBe(c.id);
    const top = result.matches[0]!;
    const original = c.text.split(/\r?\n/);
    for (const l of top.lines) {
      expect(l.signature.startsWith(`${c.id}/`)).toBe(true);
      // The reported line is the input line (printable part) at that 1-based number.
      expect(original[l.line - 1]!.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')).toContain(l.text.replace(/…/g, ''));
    }
  });
});
