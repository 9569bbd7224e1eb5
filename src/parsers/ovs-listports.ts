/**
 * Usphere's `/opt/bin/ovs_dbg_listports` (guide 3.6.4, 3.6.5): a NIC table,
 * then per virtual switch a header `NAME (vsw)` and one row per port:
 *
 *   Type  Name     MAC           VMMAC         IP  OFPort  Vlanx  MTU   VMName            VNC   Filter
 *   vs-app (vsw)
 *   int   vs-app   7485c41db398                    65534/11        1500
 *         vnet11   feda411d8513  Ocda411d8513      3/25    188x   1500  kylin10_219       5908  FW_white
 *         eth4     7485c41db398                    1/10           1500  5f:00.0           84
 *
 * The only published sample is the guide's (a PDF table, OCR'd: the VM MAC's
 * leading 0 reads as O, empty columns collapse), so rows are read by the
 * shape of their words, not by column position: an optional type word, the
 * port name, MAC-like words (12 hex digits), an IP, the `ofport/N` pair, the
 * VLAN (`188x`), the MTU, then VM name, VNC port and firewall (from the
 * right: the VNC port is a number, the firewall a name after it).
 */
import { issue, lines, type Parsed, type ParseIssue } from './types.js';

export interface ListedPort {
  readonly line: number;
  readonly bridge: string;
  /** `int` for OVS internal ports; absent for vnets and NICs. */
  readonly type?: string;
  readonly name: string;
  /** Lower case, colon-separated (`fe:da:41:1d:85:13`). */
  readonly mac?: string;
  readonly vmMac?: string;
  readonly ip?: string;
  /** The OpenFlow port number (the first half of `OFPort`). */
  readonly ofport?: number;
  readonly vlan?: number;
  readonly mtu?: number;
  readonly vm?: string;
  readonly vnc?: number;
  /** The virtual firewall bound to the port (FW_white). */
  readonly firewall?: string;
}

export interface ListPorts {
  readonly ports: readonly ListedPort[];
}

/** A MAC column: 12 hex digits (the guide's OCR lost a digit here and there: 10 or 11 are skipped, not read). */
const HEXMAC = /^[0-9a-fA-FoO]{10,12}$/;
const OFPORT = /^(\d+)\/\d+$/;
const VLAN = /^(\d+)x$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const BRIDGE = /^(\S+)\s+\((?:vsw|vds|vbr)\)\s*$/;

/** 12 hex digits as a MAC; the OCR'd O of the guide's copy read as 0. */
function mac(word: string): string {
  const hex = word.replace(/[oO]/g, '0').toLowerCase();
  return hex.match(/../g)!.join(':');
}

function portRow(bridge: string, words: readonly string[], line: number): ListedPort | undefined {
  let k = 0;
  const type = words[0] === 'int' || words[0] === 'patch' || words[0] === 'tunnel' ? words[k++] : undefined;
  const name = words[k++];
  if (name === undefined) return undefined;
  const macs: string[] = [];
  while (k < words.length && HEXMAC.test(words[k]!)) {
    const w = words[k++]!;
    macs.push(w.length === 12 ? mac(w) : '');
  }
  const ip = k < words.length && IPV4.test(words[k]!) ? words[k++] : undefined;
  const of = k < words.length ? OFPORT.exec(words[k]!) : null;
  if (!of) return undefined;
  k++;
  const vlan = k < words.length ? VLAN.exec(words[k]!) : null;
  if (vlan) k++;
  const mtu = k < words.length && /^\d{3,5}$/.test(words[k]!) ? Number(words[k++]) : undefined;
  // What is left: [VM name] [VNC port] [firewall], read from the right.
  const rest = words.slice(k);
  let firewall: string | undefined;
  let vnc: number | undefined;
  if (rest.length >= 2 && !/^\d+$/.test(rest.at(-1)!) && /^\d+$/.test(rest.at(-2)!)) firewall = rest.pop();
  if (rest.length >= 2 && /^\d+$/.test(rest.at(-1)!)) vnc = Number(rest.pop());
  const vm = rest.length ? rest.join(' ') : undefined;
  return {
    line,
    bridge,
    ...(type ? { type } : {}),
    name,
    ...(macs[0] ? { mac: macs[0] } : {}),
    ...(macs[1] ? { vmMac: macs[1] } : {}),
    ...(ip ? { ip } : {}),
    ofport: Number(of[1]),
    ...(vlan ? { vlan: Number(vlan[1]) } : {}),
    ...(mtu !== undefined ? { mtu } : {}),
    ...(vm !== undefined ? { vm } : {}),
    ...(vnc !== undefined ? { vnc } : {}),
    ...(firewall !== undefined ? { firewall } : {}),
  };
}

export function parseListPorts(input: string): Parsed<ListPorts> {
  const ports: ListedPort[] = [];
  const issues: ParseIssue[] = [];
  let bridge: string | undefined;
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const b = BRIDGE.exec(text);
    if (b) {
      bridge = b[1];
      return;
    }
    const words = text.split(/\s+/);
    // The NIC table and the column headers come before the first switch.
    if (bridge === undefined || words[0] === 'Type' || words[0] === 'PCI') return;
    const port = portRow(bridge, words, i + 1);
    if (port) ports.push(port);
    else issues.push(issue(i + 1, raw, 'not a port row'));
  });
  return { value: { ports }, issues };
}

export const parsers = {
  'ovs-dbg-listports': parseListPorts,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
