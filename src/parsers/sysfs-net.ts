/**
 * `ls -l /sys/class/net`: each interface is a symlink into the device tree.
 * Physical NICs point below a bus (`../../devices/pci0000:00/...`), software
 * devices (vnet, tap, bridges, bonds, OVS ports) below `devices/virtual`.
 */
import { issue, lines, type ParseIssue, type Parsed } from './types.js';

export interface ClassNetEntry {
  readonly name: string;
  readonly target: string;
  /** A software device: no hardware behind it. */
  readonly virtual: boolean;
}

export function parseClassNetListing(input: string): Parsed<ClassNetEntry[]> {
  const value: ClassNetEntry[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || /^(total|总用量)\b/.test(line)) return;
    const m = /\s(\S+) -> (\S+)$/.exec(line);
    if (!m) {
      issues.push(issue(i + 1, raw, 'expected "name -> target"'));
      return;
    }
    value.push({ name: m[1]!, target: m[2]!, virtual: m[2]!.includes('/virtual/') });
  });
  return { value, issues };
}

export const parsers = {
  'ls-sys-class-net': parseClassNetListing,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
