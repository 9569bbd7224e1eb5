/**
 * `ip -o addr` and `ip -o link` (iproute2's one-line mode): one record per
 * line, the lines a multi-line record would have joined by a backslash.
 *
 *   2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 ... state UP ...\    link/ether 52:54:00:2a:86:4c brd ff:ff:ff:ff:ff:ff
 *   2: eth0    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0\       valid_lft forever preferred_lft forever
 *
 * Older iproute2 prints the link line of each interface among its address
 * lines (`ip -o addr` then holds both); newer prints address lines only.
 * Every record keeps its line, so evidence is cut from it.
 */
import { issue, lines, type Parsed, type ParseIssue, toInt } from './types.js';
import { type IpAddress, type IpInterface, parseIpOutput } from './net-ip.js';

export interface OnelineLink {
  readonly line: number;
  readonly index: number;
  readonly name: string;
  /** After `@`: a VLAN's parent (`bond1.57@bond1`) or a veth peer (`veth3@if7`). */
  readonly peer?: string;
  readonly flags: readonly string[];
  readonly mtu?: number;
  readonly master?: string;
  readonly state?: string;
  /** `ether`, `loopback`, `none`, `[65534]`... */
  readonly linkType?: string;
  /** Lower case; absent for links without a hardware address. */
  readonly mac?: string;
  /** The NIC's burned-in address when it differs (a bond member). */
  readonly permaddr?: string;
}

/** An address as `ip addr` gives it (net-ip.ts), on one line, with the interface it is on. */
export interface OnelineAddress extends Omit<IpAddress, 'validLft' | 'preferredLft'> {
  readonly line: number;
  readonly index: number;
  /** The interface the address is configured on (as `ip` prints it). */
  readonly ifname: string;
}

export interface IpOneline {
  readonly links: readonly OnelineLink[];
  readonly addresses: readonly OnelineAddress[];
}

const LINK_KEYS = new Set(['mtu', 'qdisc', 'master', 'state', 'mode', 'group', 'qlen']);
const ADDRESS_FLAGS = new Set([
  'secondary', 'temporary', 'tentative', 'deprecated', 'dadfailed', 'dynamic', 'noprefixroute',
  'mngtmpaddr', 'home', 'nodad', 'optimistic', 'autojoin', 'stable-privacy', 'permanent',
]);
const ADDRESS_VALUE_KEYS = new Set(['brd', 'scope', 'peer', 'metric', 'valid_lft', 'preferred_lft', 'proto']);
const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;

/** `N:` at the start of a line, its number; undefined otherwise. */
function indexOf(token: string | undefined): number | undefined {
  if (token === undefined || !token.endsWith(':')) return undefined;
  return toInt(token.slice(0, -1));
}

function linkRecord(line: number, index: number, words: readonly string[]): OnelineLink | undefined {
  // words: name[@peer]:  <FLAGS>  key value ...  link/TYPE [MAC] [brd ...] [permaddr MAC] ...
  const nameWord = words[0]!;
  const flagsWord = words[1];
  if (!nameWord.endsWith(':') || flagsWord === undefined || !flagsWord.startsWith('<') || !flagsWord.endsWith('>')) return undefined;
  const at = nameWord.indexOf('@');
  const name = nameWord.slice(0, at < 0 ? -1 : at);
  const link: Record<string, unknown> = {
    line,
    index,
    name,
    flags: flagsWord.slice(1, -1).split(',').filter(Boolean),
  };
  if (at >= 0) link.peer = nameWord.slice(at + 1, -1);
  for (let i = 2; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    if (LINK_KEYS.has(w) && next !== undefined && link[w] === undefined) {
      link[w] = w === 'mtu' || w === 'qlen' ? toInt(next) : next;
      i++;
    } else if (w.startsWith('link/') && link.linkType === undefined) {
      link.linkType = w.slice('link/'.length);
      if (next !== undefined && MAC.test(next)) {
        link.mac = next.toLowerCase();
        i++;
      }
    } else if (w === 'permaddr' && next !== undefined && MAC.test(next)) {
      link.permaddr = next.toLowerCase();
      i++;
    }
  }
  const { qdisc: _q, mode: _m, group: _g, qlen: _l, ...kept } = link;
  return kept as unknown as OnelineLink;
}

function addressRecord(line: number, index: number, words: readonly string[]): OnelineAddress | undefined {
  // words: IFNAME  inet|inet6  A/P  ...
  const [ifname, family, cidr] = words;
  if (ifname === undefined || (family !== 'inet' && family !== 'inet6') || cidr === undefined) return undefined;
  const slash = cidr.indexOf('/');
  const address = slash < 0 ? cidr : cidr.slice(0, slash);
  if (address === '') return undefined;
  const rec: Record<string, unknown> = { line, index, ifname, family, address, flags: [] as string[] };
  if (slash >= 0) rec.prefixLen = toInt(cidr.slice(slash + 1));
  const flags = rec.flags as string[];
  let lastFree: string | undefined;
  for (let i = 3; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    if (ADDRESS_VALUE_KEYS.has(w) && next !== undefined) {
      i++;
      if (w === 'brd') rec.broadcast = next;
      else if (w === 'scope') rec.scope = next;
      else if (w === 'peer') {
        const ps = next.indexOf('/');
        rec.peer = ps < 0 ? next : next.slice(0, ps);
        if (ps >= 0 && rec.prefixLen === undefined) rec.prefixLen = toInt(next.slice(ps + 1));
      }
    } else if (ADDRESS_FLAGS.has(w)) flags.push(w);
    else lastFree = w;
  }
  // iproute2 ends an IPv4 address with its label (the interface name, or name:N).
  if (family === 'inet' && lastFree !== undefined) rec.label = lastFree;
  return rec as unknown as OnelineAddress;
}

/** `ip -o addr` / `ip -o link` (either, or both mixed). */
export function parseIpOneline(input: string): Parsed<IpOneline> {
  const links: OnelineLink[] = [];
  const addresses: OnelineAddress[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    if (raw.trim() === '') return;
    // The backslashes stand for the line breaks of the multi-line form.
    const words = raw.replace(/\\/g, ' ').trim().split(/\s+/);
    const index = indexOf(words[0]);
    const rest = words.slice(1);
    const rec = index === undefined || rest.length === 0 ? undefined : rest[0]!.endsWith(':') ? linkRecord(i + 1, index, rest) : addressRecord(i + 1, index, rest);
    if (!rec) issues.push(issue(i + 1, raw, 'not an ip -o link/addr line'));
    else if ('family' in rec) addresses.push(rec);
    else links.push(rec);
  });
  return { value: { links, addresses }, issues };
}

export interface IpOnelineInterface extends IpInterface {
  /** The line of the output (evidence). */
  readonly line: number;
}

/**
 * `ip -o link` read as `ip link` reads its multi-line form (net-ip.ts): each
 * line is unfolded at its backslashes, so both forms give the same interface
 * records (flags, state, counters when -s), each with its line.
 */
export function parseIpOnelineInterfaces(input: string): Parsed<IpOnelineInterface[]> {
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
  'ip-o-addr': parseIpOneline,
  'ip-o-link': parseIpOneline,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
