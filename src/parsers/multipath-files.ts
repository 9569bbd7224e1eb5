/**
 * multipath's own state files: `/etc/multipath/wwids` (WWIDs multipath has
 * claimed, one `/WWID/` per line) and `/etc/multipath/bindings` (alias → WWID,
 * `mpatha 36005...`). A WWID here that no longer matches what the LUN reports
 * is the error-5106 situation of guide 3.5.7.
 */
import { fields, issue, lines, type ParseIssue, type Parsed } from './types.js';

export interface MultipathWwidEntry {
  readonly wwid: string;
  readonly line: number;
}

export interface MultipathBinding {
  readonly alias: string;
  readonly wwid: string;
  readonly line: number;
}

function contentLines(input: string): Array<{ text: string; n: number; raw: string }> {
  return lines(input)
    .map((raw, i) => ({ raw, n: i + 1, text: raw.replace(/#.*$/s, '').trim() }))
    .filter((l) => l.text !== '');
}

export function parseMultipathWwids(input: string): Parsed<MultipathWwidEntry[]> {
  const value: MultipathWwidEntry[] = [];
  const issues: ParseIssue[] = [];
  for (const { text, n, raw } of contentLines(input)) {
    const m = /^\/([^/]+)\/$/.exec(text);
    if (m) value.push({ wwid: m[1]!, line: n });
    else issues.push(issue(n, raw, 'expected /WWID/'));
  }
  return { value, issues };
}

export function parseMultipathBindings(input: string): Parsed<MultipathBinding[]> {
  const value: MultipathBinding[] = [];
  const issues: ParseIssue[] = [];
  for (const { text, n, raw } of contentLines(input)) {
    // The WWID keeps inner spaces (`1IET     00080001` from IET targets).
    const f = fields(text, 2);
    if (f.length === 2) value.push({ alias: f[0]!, wwid: f[1]!, line: n });
    else issues.push(issue(n, raw, 'expected "alias WWID"'));
  }
  return { value, issues };
}

export const parsers = {
  'multipath-wwids': parseMultipathWwids,
  'multipath-bindings': parseMultipathBindings,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
