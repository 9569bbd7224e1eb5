/**
 * `ip -o link` (and `ip -o -d link`): every interface on one line, its
 * continuation lines joined with `\` (`2: eth0: <BROADCAST,MULTICAST,UP,
 * LOWER_UP> mtu 1500 ... qlen 1000\    link/ether 52:54:00:...`). The line
 * is unfolded and read by the `ip link` reader (net-ip.ts), so both forms
 * give the same records; each record is one line of the output.
 */
import { type IpInterface, parseIpOutput } from './net-ip.js';
import { issue, lines, type ParseIssue, type Parsed } from './types.js';

export interface IpOnelineInterface extends IpInterface {
  /** The line of the output (evidence). */
  readonly line: number;
}

export function parseIpOneline(input: string): Parsed<IpOnelineInterface[]> {
  const value: IpOnelineInterface[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const unfolded = raw.split('\\').map((part, k) => (k === 0 ? part : `    ${part.trim()}`)).join('\n');
    const one = parseIpOutput(unfolded);
    const iface = one.value.interfaces[0];
    if (!iface || one.value.interfaces.length !== 1) {
      issues.push(issue(i + 1, raw, 'not an ip -o link line'));
      return;
    }
    value.push({ ...iface, line: i + 1 });
  });
  return { value, issues };
}

export const parsers = {
  'ip-o-link': parseIpOneline,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
