/**
 * Many small sysfs files in one read: `grep -H -e . -- FILE...` prints
 * `FILE:VALUE` for each file that has a value; files that cannot be read say
 * so on stderr (`grep: /sys/class/net/eth1/speed: Invalid argument`: a
 * link that is down has no speed) and leave no line. Used for
 * `/sys/class/net/IF/{operstate,carrier,speed,duplex}` and the EDAC counters
 * `/sys/devices/system/edac/mc/mcN/{ce_count,ue_count}`.
 */
import { issue, lines, type ParseIssue, type Parsed } from './types.js';

export interface SysfsValue {
  readonly path: string;
  readonly value: string;
  readonly line: number;
}

export function parseSysfsValues(input: string): Parsed<SysfsValue[]> {
  const value: SysfsValue[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    if (raw.trim() === '') return;
    // the path has no colon; the value may (duplex "full", a MAC address)
    const colon = raw.indexOf(':');
    if (!raw.startsWith('/') || colon < 0) {
      issues.push(issue(i + 1, raw, 'expected "PATH:VALUE"'));
      return;
    }
    value.push({ path: raw.slice(0, colon), value: raw.slice(colon + 1).trim(), line: i + 1 });
  });
  return { value, issues };
}

/** The files of `stderr` that could not be read, with the reason (`Invalid argument`). */
export function unreadableSysfs(stderr: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of stderr.split('\n')) {
    const m = /^grep: (\/\S+): (.+)$/.exec(line.trim());
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

/** The sysfs grep command: `grep -H -e . -- FILE...` (answers with 2 when one file has no value). */
export const SYSFS_GREP_OK_EXIT = [0, 2] as const;

export const parsers = {
  'grep-H-sysfs': parseSysfsValues,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
