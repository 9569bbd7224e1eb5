/**
 * `multipath -ll` / `multipath -l` / `multipath -v4 -ll`.
 *
 * Three layouts exist: the 0.4.7 bracket style (`[size=100G][features=...]`,
 * `\_ round-robin 0 [prio=1][active]`), the key=value style of 0.4.9+
 * (`size=54T features='...'`, `|-+- policy='...' prio=0 status=active`) and
 * either one with -v3/-v4 debug chatter in between. Output of
 * `multipath -ll | grep fault` (path lines only) is accepted too: those paths
 * land in `orphanPaths`.
 */
import { issue, lines, type ParseIssue, type Parsed } from './types.js';
import { endsMidLine } from './storage-common.js';
import { applyMapAttributes, parseGroupLine, parseHeader, parsePathLine, type MutableMap } from './multipath-lines.js';
import type { MultipathGroup, MultipathLl, MultipathPath } from './multipath-types.js';

export type * from './multipath-types.js';
export * from './multipath-health.js';

/** `Aug 30 05:09:18 | msg` (0.8) or `11398.297679 | msg` (0.9 -v3). */
const TIMESTAMPED = /^(?:[A-Z][a-z]{2} +\d+ [\d:]+|\d+\.\d+) \| ?(.*)$/;
const CHATTER = [
  /^[\w.:-]+: \S/, // "sdz: size = 293601280", "bcache0: HDIO_GETGEO failed"
  /^(?:params|status) = /,
  /^\*word = /,
  /^=+ .* =+$/,
  /^process \d+ forking/,
  /^forked \d+$/,
  /^(?:error|warning|failed)\b/i,
];
/** Row of the `===== paths list =====` table of -v3/-v4. */
const PATHS_LIST_ROW = /^\s*(?:\S+\s+)?\d+:\d+:\d+:\d+\s+\S+\s+\d+:\d+\s/;

export function parseMultipathLl(input: string): Parsed<MultipathLl> {
  const maps: MutableMap[] = [];
  const orphanPaths: MultipathPath[] = [];
  const warnings: string[] = [];
  const issues: ParseIssue[] = [];
  let map: MutableMap | undefined;
  let group: MultipathGroup | undefined;
  let inPathsList = false;

  lines(input).forEach((raw, i) => {
    const n = i + 1;
    const text = raw.trimEnd();
    if (text.trim() === '') return;

    const stamped = TIMESTAMPED.exec(text);
    if (stamped) {
      warnings.push(stamped[1]!);
      return;
    }
    if (/^uuid\s+hcil\s/.test(text)) {
      inPathsList = true;
      warnings.push(text);
      return;
    }
    const path = parsePathLine(text, n);
    if (inPathsList && !path && PATHS_LIST_ROW.test(text)) {
      warnings.push(text.trim());
      return;
    }
    inPathsList = false;

    if (path) {
      if (!map) orphanPaths.push(path);
      else {
        map.span = { first: map.line, last: n };
        if (!group) {
          group = { paths: [] };
          map.groups.push(group);
        }
        group.paths.push(path);
      }
      return;
    }

    const g = parseGroupLine(text);
    if (g) {
      if (!map) issues.push(issue(n, raw, 'path group outside any map'));
      else {
        map.span = { first: map.line, last: n };
        group = g;
        map.groups.push(group);
      }
      return;
    }

    if (map && /^\s*\[?size=/.test(text)) {
      map.span = { first: map.line, last: n };
      applyMapAttributes(map, text.trim());
      return;
    }

    const header = parseHeader(text, n);
    if (header) {
      map = header;
      group = undefined;
      maps.push(map);
      return;
    }

    if (CHATTER.some((re) => re.test(text))) {
      warnings.push(text.trim());
      return;
    }
    issues.push(issue(n, raw, 'not a multipath map, group or path line'));
  });

  const lastGroup = maps.at(-1)?.groups.at(-1);
  const incomplete = endsMidLine(input) || (lastGroup !== undefined && lastGroup.paths.length === 0);
  return { value: { maps, orphanPaths, warnings }, issues, ...(incomplete ? { incomplete } : {}) };
}

export const parsers = {
  'multipath-ll': parseMultipathLl,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
