/**
 * What ip-conflict knows of one inventory host: its LAN addresses, every MAC
 * its interfaces carry, and its neighbour table (which MAC it reaches each
 * address at). The same three reads on every host; a scan runs each once.
 */
import { parsedOnce, readProblem } from '../../../src/engine/outputs.js';
import type { CommandOutput, HostContext } from '../../../src/engine/types.js';
import type { Msg } from '../../../src/i18n/message.js';
import { type NeighEntry, parseIpNeigh } from '../../../src/parsers/ip-neigh.js';
import { type OnelineAddress, type OnelineLink, parseIpOneline } from '../../../src/parsers/ip-oneline.js';
import { ownMacs, significantAddresses } from '../../shared/addresses.js';
import { IP_ADDR, IP_LINK, IP_NEIGH } from '../../shared/net-commands.js';

export interface HostNet {
  readonly ctx: HostContext;
  readonly name: string;
  readonly addrOut: CommandOutput;
  readonly linkOut: CommandOutput;
  readonly neighOut: CommandOutput;
  /** Why the host's addresses or interfaces are unknown. */
  readonly problem?: Msg | undefined;
  /** Why its neighbour table is unknown. */
  readonly neighProblem?: Msg | undefined;
  /** Its own LAN addresses (not loopback, not link-local). */
  readonly addresses: readonly OnelineAddress[];
  readonly links: ReadonlyMap<string, OnelineLink>;
  readonly macs: ReadonlySet<string>;
  readonly neigh: readonly NeighEntry[];
}

type NetFacts = Pick<HostNet, 'problem' | 'neighProblem' | 'addresses' | 'links' | 'macs' | 'neigh'>;

/**
 * Each host's check reads every other host's three outputs, which the scan
 * shares: what they say is worked out once per host (keyed on its `ip -o
 * addr` output), not once per reader, or N hosts cost N² maps and sets.
 */
const factsByAddrOutput = new WeakMap<CommandOutput, { linkOut: CommandOutput; neighOut: CommandOutput; facts: NetFacts }>();

function netFacts(addrOut: CommandOutput, linkOut: CommandOutput, neighOut: CommandOutput): NetFacts {
  const known = factsByAddrOutput.get(addrOut);
  if (known && known.linkOut === linkOut && known.neighOut === neighOut) return known.facts;
  const problem = readProblem(addrOut) ?? readProblem(linkOut);
  const neighProblem = readProblem(neighOut);
  const links = problem ? [] : parsedOnce(linkOut, parseIpOneline).value.links;
  const facts: NetFacts = {
    problem,
    neighProblem,
    addresses: problem ? [] : significantAddresses(parsedOnce(addrOut, parseIpOneline).value.addresses),
    links: new Map(links.map((l) => [l.name, l])),
    macs: ownMacs(links),
    neigh: neighProblem ? [] : parsedOnce(neighOut, parseIpNeigh).value.entries,
  };
  factsByAddrOutput.set(addrOut, { linkOut, neighOut, facts });
  return facts;
}

export async function readHostNet(h: HostContext): Promise<HostNet> {
  const [addrOut, linkOut, neighOut] = await Promise.all([h.run(IP_ADDR), h.run(IP_LINK), h.run(IP_NEIGH)]);
  return { ctx: h, name: h.host.name, addrOut, linkOut, neighOut, ...netFacts(addrOut, linkOut, neighOut) };
}

/** The MAC of the interface an address is configured on. */
export function macOf(h: HostNet, a: OnelineAddress): string | undefined {
  return h.links.get(a.ifname)?.mac;
}

/** The interface of `h` that carries `mac`. */
export function ifaceWithMac(h: HostNet, mac: string): string | undefined {
  for (const l of h.links.values()) if (l.mac === mac || l.permaddr === mac) return l.name;
  return undefined;
}
