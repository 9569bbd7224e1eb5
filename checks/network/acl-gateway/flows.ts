/**
 * The kernel datapath's view (`ovs-appctl dpif/dump-flows BR`): flows that
 * drop a vNIC's traffic to or from an address. A datapath flow lives while
 * packets use it (about 10 s idle), so a drop flow with packets is traffic
 * being dropped now.
 */
import type { DpFlow } from '../../../src/parsers/ovs-flows.js';
import { inSubnet, ipv4Number, prefixLength } from '../../shared/addresses.js';
import type { Way } from './rules.js';

export const dpifFlows = (bridge: string) => ({ argv: ['ovs-appctl', 'dpif/dump-flows', bridge] });

/** `src=a,dst=b/mask,...` of a match field, as key → value. */
function subfields(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (s ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** `172.16.51.6`, `172.16.51.0/255.255.255.0` or `/24`: whether it matches `address` (a zero mask matches anything: not about it). */
function matchesAddress(value: string | undefined, address: string): boolean {
  if (value === undefined) return false;
  const [addr, mask] = value.split('/');
  const len = mask === undefined ? 32 : prefixLength(mask);
  return addr !== undefined && ipv4Number(addr) !== undefined && len !== undefined && len > 0 && inSubnet(address, addr, len);
}

export interface VnicPort {
  /** The tap device (`vnet0`) and its OpenFlow port number when read. */
  readonly name: string;
  readonly ofport?: number | undefined;
  readonly mac?: string | undefined;
}

/** Whether the flow comes in from (or, for `from`, goes to) this vNIC. */
function ofVnic(f: DpFlow, way: Way, port: VnicPort): boolean {
  const inPort = f.fields.in_port;
  const eth = subfields(f.fields.eth);
  if (way === 'to') {
    if (inPort !== undefined && (inPort === port.name || (port.ofport !== undefined && inPort === String(port.ofport)))) return true;
    return port.mac !== undefined && eth.src?.split('/')[0]?.toLowerCase() === port.mac;
  }
  return port.mac !== undefined && eth.dst?.split('/')[0]?.toLowerCase() === port.mac;
}

/** IP protocol numbers of the nwfilter protocol elements that name one. */
const IP_PROTO: Readonly<Record<string, number>> = { icmp: 1, igmp: 2, tcp: 6, udp: 17, esp: 50, ah: 51, sctp: 132, udplite: 136 };

/**
 * Whether a flow is traffic of the rule's protocol: `arp`/`rarp` rules ARP
 * flows, `tcp`, `icmp`... IPv4 flows of that protocol (or whose protocol the
 * datapath left unmatched), `ip`/`all` any IPv4 flow.
 */
function ofProtocol(f: DpFlow, protocol: string): boolean {
  if (protocol === 'arp' || protocol === 'rarp') return f.fields.arp !== undefined;
  if (f.fields.ipv4 === undefined) return false;
  const want = IP_PROTO[protocol];
  const got = subfields(f.fields.ipv4).proto?.split('/');
  if (want === undefined || got === undefined || got[1] === '0') return true;
  return Number(got[0]) === want;
}

/** Drop flows of the vNIC for traffic to (or from) the address: IPv4 by destination (source), ARP by target (sender). */
export function dropFlows(flows: readonly DpFlow[], port: VnicPort, address: string, way: Way, protocol = 'all'): DpFlow[] {
  return flows.filter((f) => {
    if (!f.drop || !ofVnic(f, way, port) || !ofProtocol(f, protocol)) return false;
    const ip = subfields(f.fields.ipv4);
    const arp = subfields(f.fields.arp);
    return way === 'to'
      ? matchesAddress(ip.dst, address) || matchesAddress(arp.tip, address)
      : matchesAddress(ip.src, address) || matchesAddress(arp.sip, address);
  });
}

/** Drop flows to the address from any port; their in_port says whose (for drops no ACL rule explains). */
export function dropFlowsTo(flows: readonly DpFlow[], address: string): DpFlow[] {
  return flows.filter((f) => f.drop && (matchesAddress(subfields(f.fields.ipv4).dst, address) || matchesAddress(subfields(f.fields.arp).tip, address)));
}
