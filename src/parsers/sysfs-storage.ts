/**
 * Small kernel views the storage checks read from sysfs and configfs:
 *
 * - `ls DIR` (not a terminal: one name per line) of /sys/class/fc_host (FC
 *   HBA ports: host1, host2) or /sys/kernel/config/cluster (the O2CB cluster
 *   the kernel runs, and its node names).
 * - /sys/class/fc_host/hostN/port_state: one word from the FC transport class
 *   (drivers/scsi/scsi_transport_fc.c `fc_port_state_names`).
 */
import { issue, lines, type ParseIssue, type Parsed } from './types.js';

/** Names listed by `ls` (one per line, or several per line from a terminal capture). */
export function parseLsNames(input: string): Parsed<string[]> {
  const value: string[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const t = raw.trim();
    if (t === '') return;
    if (/^ls: /.test(t)) {
      issues.push(issue(i + 1, raw, 'ls error'));
      return;
    }
    value.push(...t.split(/\s+/));
  });
  return { value, issues };
}

export type FcPortState =
  | 'Online' | 'Linkdown' | 'Offline' | 'Blocked' | 'Bypassed' | 'Diagnostics'
  | 'Error' | 'Loopback' | 'Deleted' | 'Marginal' | 'Not Present' | 'Unknown';

const FC_STATES: readonly FcPortState[] = [
  'Online', 'Linkdown', 'Offline', 'Blocked', 'Bypassed', 'Diagnostics', 'Error', 'Loopback', 'Deleted', 'Marginal', 'Not Present', 'Unknown',
];

/** The port state, or undefined (with an issue) when the file held something else. */
export function parseFcPortState(input: string): Parsed<FcPortState | undefined> {
  const first = lines(input).find((l) => l.trim() !== '')?.trim() ?? '';
  const state = FC_STATES.find((s) => s.toLowerCase() === first.toLowerCase());
  return state ? { value: state, issues: [] } : { value: undefined, issues: [issue(1, first, 'not an FC port state')] };
}

/** Only `Online` carries IO; `Marginal` (FPIN congestion) still does. */
export function fcPortUsable(state: FcPortState | undefined): boolean {
  return state === 'Online' || state === 'Marginal';
}

export const parsers = {
  'fc-port-state': parseFcPortState,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
