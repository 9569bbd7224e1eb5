/**
 * `ip [-s] [-s] [-d] link` and `ip [-d] addr`: one record per interface,
 * header line `N: name[@peer]: <FLAGS> key value...` then indented lines.
 * Statistics are a header row of column names and a row of values; values are
 * mapped by order, never by column position (old iproute2 left-aligns, 6.x
 * right-aligns, and large values overflow their column either way).
 */
import { fields, issue, lines, lineSpan, toInt, type Parsed, type ParseIssue, type Span } from './types.js';
import { counterName, parseCounter } from './net-counters.js';

export interface IpAddress {
  readonly family: 'inet' | 'inet6';
  readonly address: string;
  readonly prefixLen?: number;
  /** Point-to-point peer (`inet 172.30.0.1 peer 172.30.0.2/32`). */
  readonly peer?: string;
  readonly broadcast?: string;
  readonly scope?: string;
  /** IPv4 label (`eth0`, `eth0:1`). */
  readonly label?: string;
  /** dynamic, secondary, tentative, dadfailed, deprecated, noprefixroute... */
  readonly flags: readonly string[];
  readonly validLft?: string;
  readonly preferredLft?: string;
}

export interface IpInterface {
  readonly index: number;
  readonly name: string;
  /** After `@`: the parent of a VLAN (`bond1.57@bond1`) or a veth peer (`veth3@if7`). */
  readonly peer?: string;
  /** UP, LOWER_UP, NO-CARRIER, SLAVE, MASTER... as printed. */
  readonly flags: readonly string[];
  readonly mtu?: number;
  readonly qdisc?: string;
  readonly master?: string;
  readonly state?: string;
  readonly mode?: string;
  readonly group?: string;
  readonly qlen?: number;
  /** `ether`, `loopback`, `ipip`, `none`, `[65534]`... */
  readonly linkType?: string;
  readonly mac?: string;
  readonly permaddr?: string;
  /** From a `-d` `bond_slave state ACTIVE|BACKUP ...` line. */
  readonly bondSlaveState?: string;
  /** `-d` detail lines (openvswitch_slave, bond_slave..., vxlan id ...), trimmed. */
  readonly details: readonly string[];
  readonly altnames: readonly string[];
  /** rx_bytes rx_packets rx_errors rx_dropped rx_overrun|rx_missed rx_mcast rx_length rx_crc ... tx_collisions ... */
  readonly counters: Readonly<Record<string, number>>;
  /** Counters were printed with -h units, so they are rounded. */
  readonly countersApproximate?: boolean;
  readonly addresses: readonly IpAddress[];
  /** The `N: name: <FLAGS> ...` header line (flags, MTU, master, state). */
  readonly line: number;
  /** From the header to the last line before the next interface. */
  readonly span: Span;
}

export interface IpOutput {
  readonly interfaces: readonly IpInterface[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableAddress = Mutable<IpAddress> & { flags: string[] };
type MutableInterface = Mutable<IpInterface> & {
  details: string[];
  altnames: string[];
  counters: Record<string, number>;
  addresses: MutableAddress[];
};

const HEADER = /^(\d+):\s+(\S+?):\s+<([^>]*)>(.*)$/;
const HEADER_KEYS = new Set(['mtu', 'qdisc', 'master', 'state', 'mode', 'group', 'qlen']);
const COUNTER_HEADER = /^(RX|TX)(\s+errors)?:\s*(.*)$/;
const ADDRESS_FLAGS = new Set([
  'secondary', 'temporary', 'tentative', 'deprecated', 'dadfailed', 'dynamic', 'noprefixroute',
  'mngtmpaddr', 'home', 'nodad', 'optimistic', 'autojoin', 'stable-privacy', 'permanent',
]);
const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;

function newInterface(m: RegExpExecArray, line: number): MutableInterface {
  const [name, peer] = m[2]!.split('@', 2) as [string, string | undefined];
  const iface: MutableInterface = {
    index: Number(m[1]),
    name,
    ...(peer ? { peer } : {}),
    flags: m[3]!.split(',').filter(Boolean),
    details: [],
    altnames: [],
    counters: {},
    addresses: [],
    line,
    span: lineSpan(line),
  };
  const rest = fields(m[4]!);
  for (let i = 0; i < rest.length; i++) {
    const key = rest[i]!;
    if (!HEADER_KEYS.has(key) || rest[i + 1] === undefined) continue;
    const value = rest[++i]!;
    if (key === 'mtu' || key === 'qlen') iface[key] = toInt(value);
    else iface[key as 'qdisc' | 'master' | 'state' | 'mode' | 'group'] = value;
  }
  return iface;
}

function applyLinkLine(iface: MutableInterface, text: string): void {
  const [type, ...rest] = fields(text);
  iface.linkType = type!.slice('link/'.length);
  if (rest[0] && MAC.test(rest[0])) iface.mac = rest[0].toLowerCase();
  const perm = rest.indexOf('permaddr');
  if (perm >= 0 && rest[perm + 1]) iface.permaddr = rest[perm + 1]!.toLowerCase();
}

function parseAddress(text: string): MutableAddress {
  const [family, cidr = '', ...rest] = fields(text);
  const [address, prefix] = cidr.split('/', 2);
  const addr: MutableAddress = { family: family as 'inet' | 'inet6', address: address!, flags: [] };
  if (prefix !== undefined) addr.prefixLen = toInt(prefix);
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    const next = rest[i + 1];
    if ((word === 'peer' || word === 'brd' || word === 'scope') && next !== undefined) {
      i++;
      if (word === 'brd') addr.broadcast = next;
      else if (word === 'scope') addr.scope = next;
      else {
        const [peer, peerPrefix] = next.split('/', 2);
        addr.peer = peer;
        if (peerPrefix !== undefined) addr.prefixLen ??= toInt(peerPrefix);
      }
    } else addr.flags.push(word);
  }
  // iproute2 ends an IPv4 line with the address label.
  const last = addr.flags.at(-1);
  if (family === 'inet' && last !== undefined && !ADDRESS_FLAGS.has(last)) addr.label = addr.flags.pop();
  return addr;
}

function applyCounters(
  iface: MutableInterface,
  names: readonly string[],
  direction: string,
  text: string,
  lineNo: number,
  issues: ParseIssue[],
): void {
  const values = fields(text).map(parseCounter);
  if (values.some((v) => v === undefined)) {
    issues.push(issue(lineNo, text, 'counter row with a non-numeric value'));
    return;
  }
  if (values.length !== names.length) issues.push(issue(lineNo, text, `${values.length} values for ${names.length} columns`));
  names.forEach((name, i) => {
    const v = values[i];
    if (!v) return;
    iface.counters[counterName(direction, name)] = v.value;
    if (v.approximate) iface.countersApproximate = true;
  });
}

/** Parses `ip link` / `ip -s -s -d link` / `ip addr` output alike. */
export function parseIpOutput(input: string): Parsed<IpOutput> {
  const interfaces: MutableInterface[] = [];
  const issues: ParseIssue[] = [];
  let iface: MutableInterface | undefined;
  let columns: { direction: string; names: string[]; line: number } | undefined;

  const all = lines(input);
  all.forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const header = HEADER.exec(text);
    if (header) {
      if (columns) issues.push(issue(columns.line, all[columns.line - 1]!, 'statistics header without values'));
      columns = undefined;
      iface = newInterface(header, i + 1);
      interfaces.push(iface);
      return;
    }
    if (!iface) {
      issues.push(issue(i + 1, raw, 'text before the first interface'));
      return;
    }
    iface.span = { first: iface.line, last: i + 1 };
    if (columns) {
      applyCounters(iface, columns.names, columns.direction, text, i + 1, issues);
      columns = undefined;
      return;
    }
    const counters = COUNTER_HEADER.exec(text);
    if (counters) {
      columns = { direction: counters[1]!, names: fields(counters[3]!), line: i + 1 };
      return;
    }
    if (text.startsWith('link/')) applyLinkLine(iface, text);
    else if (/^inet6?\s/.test(text)) iface.addresses.push(parseAddress(text));
    else if (/^valid_lft\s/.test(text)) {
      const [, valid, , preferred] = fields(text);
      const last = iface.addresses.at(-1);
      if (last) Object.assign(last, { validLft: valid, ...(preferred !== undefined ? { preferredLft: preferred } : {}) });
    } else if (/^altname\s/.test(text)) iface.altnames.push(fields(text)[1]!);
    else if (/^\s/.test(raw)) {
      iface.details.push(text);
      const slave = /^bond_slave\s+state\s+(\S+)/.exec(text);
      if (slave) iface.bondSlaveState = slave[1];
    } else issues.push(issue(i + 1, raw, 'not an ip link/addr line'));
  });

  // The output stopped between a statistics header and its values.
  const incomplete = columns !== undefined;
  return { value: { interfaces }, issues, ...(incomplete ? { incomplete } : {}) };
}

/** `ip [-s] [-s] [-d] link`: interfaces with flags, state and counters. */
export const parseIpLink = parseIpOutput;
/** `ip [-d] addr`: interfaces with their inet/inet6 addresses. */
export const parseIpAddr = parseIpOutput;
