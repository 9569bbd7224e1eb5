/**
 * Small kernel views the storage checks read from sysfs and configfs:
 *
 * - `ls DIR` (not a terminal: one name per line) of /sys/class/fc_host (FC
 *   HBA ports: host1, host2) or /sys/kernel/config/cluster (the O2CB cluster
 *   the kernel runs, and its node names).
 * - /sys/class/fc_host/hostN/port_state: one word from the FC transport class
 *   (drivers/scsi/scsi_transport_fc.c `fc_port_state_names`), and port_name:
 *   the port's WWPN in hex.
 */
import { issue, lines, lineSpan, type ParseIssue, type Parsed, type Span } from './types.js';

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

export interface FcPortStateFile {
  /** Undefined when the file held something else. */
  readonly state?: FcPortState;
  /** The line the state was read from (evidence). */
  readonly span?: Span;
}

/** The first line of a one-value sysfs file, with its line number. */
function firstValue(input: string): { text: string; line?: number } {
  const all = lines(input);
  const i = all.findIndex((l) => l.trim() !== '');
  return i < 0 ? { text: '' } : { text: all[i]!.trim(), line: i + 1 };
}

/** The port state, or no state (with an issue) when the file held something else. */
export function parseFcPortState(input: string): Parsed<FcPortStateFile> {
  const first = firstValue(input);
  const state = FC_STATES.find((s) => s.toLowerCase() === first.text.toLowerCase());
  return state
    ? { value: { state, span: lineSpan(first.line!) }, issues: [] }
    : { value: {}, issues: [issue(first.line ?? 1, first.text, 'not an FC port state')] };
}

/** /sys/class/fc_host/hostN/port_name: the port WWPN (`0x10000090fa1b2c3d`). */
export function parseFcPortName(input: string): Parsed<string | undefined> {
  const first = firstValue(input);
  return /^0x[0-9a-f]+$/i.test(first.text)
    ? { value: first.text, issues: [] }
    : { value: undefined, issues: [issue(first.line ?? 1, first.text, 'not a port WWPN')] };
}

/** Only `Online` carries IO; `Marginal` (FPIN congestion) still does. */
export function fcPortUsable(state: FcPortState | undefined): boolean {
  return state === 'Online' || state === 'Marginal';
}

export const parsers = {
  'fc-port-state': parseFcPortState,
  'fc-port-name': parseFcPortName,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
