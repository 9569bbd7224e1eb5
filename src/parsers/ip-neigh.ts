/**
 * `ip neigh` (the ARP and NDP tables): one entry per line,
 *
 *   10.101.3.27 dev bond0.101 lladdr 00:90:fa:7f:b0:78 STALE
 *   fe80::22a:6aff:fe65:c3c2 dev bond0.104 lladdr 00:2a:6a:65:c3:c2 router STALE
 *   10.101.5.71 dev bond0.102  INCOMPLETE
 *   fe80::12 dev eth0 lladdr 52:54:00:19:89:e5 router ref 1 used 0/0/0 probes 1 REACHABLE   (ip -s neigh)
 *
 * The NUD state is the upper-case word(s) at the end; an entry without
 * `lladdr` has no link-layer address (INCOMPLETE, FAILED).
 */
import { issue, lines, type Parsed, type ParseIssue } from './types.js';

export interface NeighEntry {
  readonly line: number;
  readonly address: string;
  readonly family: 'inet' | 'inet6';
  readonly dev?: string;
  /** Lower case. */
  readonly mac?: string;
  readonly router: boolean;
  /** REACHABLE, STALE, DELAY, PROBE, FAILED, INCOMPLETE, PERMANENT, NOARP, NONE. */
  readonly states: readonly string[];
}

export interface IpNeigh {
  readonly entries: readonly NeighEntry[];
}

const VALUE_KEYS = new Set(['dev', 'lladdr', 'ref', 'used', 'probes', 'proxy', 'vrf', 'nud', 'protocol']);
const STATE = /^[A-Z_]+$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:.]*:[0-9a-f:.]*$/i;

/** The states an entry is usable in: it names a link-layer address the kernel believes. */
export function hasValidAddress(e: NeighEntry): boolean {
  return e.mac !== undefined && !e.states.some((s) => s === 'FAILED' || s === 'INCOMPLETE' || s === 'NOARP' || s === 'NONE');
}

export function parseIpNeigh(input: string): Parsed<IpNeigh> {
  const entries: NeighEntry[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const words = raw.trim().split(/\s+/);
    if (words.length === 0 || words[0] === '') return;
    const address = words[0]!;
    const family = IPV4.test(address) ? 'inet' : IPV6.test(address) ? 'inet6' : undefined;
    if (!family) {
      issues.push(issue(i + 1, raw, 'not an ip neigh entry'));
      return;
    }
    const rec: { line: number; address: string; family: 'inet' | 'inet6'; dev?: string; mac?: string; router: boolean; states: string[] } = {
      line: i + 1, address, family, router: false, states: [],
    };
    for (let k = 1; k < words.length; k++) {
      const w = words[k]!;
      const next = words[k + 1];
      if (VALUE_KEYS.has(w) && next !== undefined) {
        k++;
        if (w === 'dev') rec.dev = next;
        else if (w === 'lladdr') rec.mac = next.toLowerCase();
      } else if (w === 'router') rec.router = true;
      else if (STATE.test(w)) rec.states.push(...w.split(','));
    }
    entries.push(rec);
  });
  return { value: { entries }, issues };
}

export const parsers = {
  'ip-neigh': parseIpNeigh,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
