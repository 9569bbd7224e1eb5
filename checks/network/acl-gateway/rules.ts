/**
 * The rules an ACL applies to one vNIC: its filter (`<filterref filter=...>`)
 * read with `virsh -r nwfilter-dumpxml`, and every filter it includes, in
 * order, with the filterref's parameters substituted for `$VARIABLES`; and
 * whether a rule drops traffic to or from one IPv4 address.
 */
import { parsedOnce, readProblem } from '../../../src/engine/outputs.js';
import type { CommandOutput, HostContext } from '../../../src/engine/types.js';
import { type NwfilterRule, parseNwfilter } from '../../../src/parsers/libvirt-xml-nwfilter.js';
import type { Span } from '../../../src/parsers/types.js';
import { elementSpans } from '../../../src/parsers/xml-lines.js';
import { cmd, type Command } from '../../../src/transport/command.js';
import { inSubnet, ipv4Number, prefixLength } from '../../shared/addresses.js';

export const nwfilterXml = (name: string): Command => cmd('virsh', '-r', 'nwfilter-dumpxml', '--', name);

/** Filters included deeper than this, or more than MAX_FILTERS per vNIC, are not read (libvirt itself refuses loops). */
const MAX_DEPTH = 8;
const MAX_FILTERS = 40;

export interface AclRule {
  readonly rule: NwfilterRule;
  /** The filter that holds the rule, and the filters that led to it from the vNIC's. */
  readonly filter: string;
  readonly path: readonly string[];
  readonly output: CommandOutput;
  /** Where the rule is printed in that output. */
  readonly span?: Span | undefined;
}

export interface AclRead {
  readonly rules: readonly AclRule[];
  /** A filter that could not be read, and why. */
  readonly problem?: { readonly filter: string; readonly output: CommandOutput } | undefined;
}

export async function aclRules(ctx: HostContext, filter: string): Promise<AclRead> {
  const rules: AclRule[] = [];
  const seen = new Set<string>();
  let problem: AclRead['problem'];
  const walk = async (name: string, path: readonly string[]): Promise<void> => {
    if (seen.has(name) || seen.size >= MAX_FILTERS || path.length > MAX_DEPTH) return;
    seen.add(name);
    const out = await ctx.run(nwfilterXml(name));
    if (readProblem(out)) {
      problem ??= { filter: name, output: out };
      return;
    }
    const parsed = parsedOnce(out, parseNwfilter).value;
    const spans = elementSpans(out.stdout, 'rule');
    parsed.rules.forEach((rule, i) => rules.push({ rule, filter: name, path, output: out, span: spans[i] }));
    // libvirt evaluates a filter's references and rules by priority; the order here only lists them.
    for (const ref of parsed.filterrefs) await walk(ref, [...path, name]);
  };
  await walk(filter, []);
  return { rules, problem };
}

/** Protocol elements whose addresses are IPv4 (the -ipv6 ones are not). */
const IPV4_PROTOCOLS = new Set(['ip', 'tcp', 'udp', 'icmp', 'igmp', 'sctp', 'esp', 'ah', 'udplite', 'all']);
const ARP_PROTOCOLS = new Set(['arp', 'rarp']);

/** An attribute value with `$NAME`, `$NAME[@1]` or `$NAME[2]` replaced by the filterref's parameter values. */
function values(raw: string | undefined, params: Readonly<Record<string, string>>): string[] {
  if (raw === undefined) return [];
  const v = /^\$([A-Za-z_][A-Za-z0-9_]*)(?:\[@?(\d+)\])?$/.exec(raw);
  if (!v) return [raw];
  const all = params[v[1]!]?.split(',') ?? [];
  if (v[2] === undefined || raw.includes('[@')) return all;
  const one = all[Number(v[2])];
  return one === undefined ? [] : [one];
}

/** Whether the addresses `base` (+ mask) or the range `from`-`to` of a rule contain `address`. */
function covers(attrs: Readonly<Record<string, string>>, keys: { addr: string; mask: string; from?: string; to?: string }, address: string, params: Readonly<Record<string, string>>): boolean {
  const target = ipv4Number(address);
  if (target === undefined) return false;
  const masks = values(attrs[keys.mask], params);
  const len = masks.length ? prefixLength(masks[0]) : 32;
  // A zero-length mask matches every address: not a rule about this one.
  if (len !== undefined && len > 0 && values(attrs[keys.addr], params).some((a) => inSubnet(address, a, len))) return true;
  if (keys.from && keys.to) {
    const from = values(attrs[keys.from], params).map(ipv4Number)[0];
    const to = values(attrs[keys.to], params).map(ipv4Number)[0];
    if (from !== undefined && to !== undefined && from <= target && target <= to && !(from === 0 && to === 2 ** 32 - 1)) return true;
  }
  return false;
}

export type Way = 'to' | 'from';

/** How a rule drops traffic to (destination) or from (source) `address`; undefined when it does not. */
export function dropsAddress(rule: NwfilterRule, address: string, params: Readonly<Record<string, string>>): Way | undefined {
  if (rule.action !== 'drop' && rule.action !== 'reject') return undefined;
  // match='no' inverts the element: it matches everything but the address.
  if (rule.attrs.match === 'no') return undefined;
  const a = rule.attrs;
  if (IPV4_PROTOCOLS.has(rule.protocol)) {
    if (covers(a, { addr: 'dstipaddr', mask: 'dstipmask', from: 'dstipfrom', to: 'dstipto' }, address, params)) return 'to';
    if (covers(a, { addr: 'srcipaddr', mask: 'srcipmask', from: 'srcipfrom', to: 'srcipto' }, address, params)) return 'from';
  } else if (ARP_PROTOCOLS.has(rule.protocol)) {
    if (covers(a, { addr: 'arpdstipaddr', mask: 'arpdstipmask' }, address, params)) return 'to';
    if (covers(a, { addr: 'arpsrcipaddr', mask: 'arpsrcipmask' }, address, params)) return 'from';
  }
  return undefined;
}

/** The rule's match as printed, variables with their values: `tcp dstipaddr=$GATEWAY(172.16.51.6) dstportstart=1`. */
export function ruleMatch(rule: NwfilterRule, params: Readonly<Record<string, string>> = {}): string {
  const shown = (v: string) => (v.startsWith('$') ? `${v}(${values(v, params).join(',') || '?'})` : v);
  const attrs = Object.entries(rule.attrs).filter(([k]) => k !== 'comment').map(([k, v]) => `${k}=${shown(v)}`);
  return [rule.protocol || '(no protocol)', ...attrs].join(' ');
}
