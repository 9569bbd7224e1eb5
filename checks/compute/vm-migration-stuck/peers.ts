/**
 * The other end of a migration, as far as usdiag can see it. domjobinfo
 * does not name the destination, so it is looked for where it shows: the
 * same VM name in `virsh -r list --all` of another inventory host (during a
 * migration the destination holds it paused, after a broken switch-over
 * running); when no other inventory host shows it, the far end of the VM's
 * qemu migration stream (`ss -tunap`: TCP from its qemu pid to libvirt's
 * migration ports 49152-49215), in the inventory or not. Then, on both
 * ends: `virsh -r domstate --reason` (paused (migration) / running
 * (migrated)), the destination's copy of the disks (`stat` of the paths its
 * domain XML names) and, on this host, the interface whose subnet holds the
 * destination's address (`ip -o addr`, `ip -o link`, `ovs-vsctl show` for
 * the physical ports of a virtual switch).
 * Every read here is a lead: it only adds to a finding.
 */
import { evidence, excerpt, parsedOnce, readProblem } from '../../../src/engine/outputs.js';
import { leadContext } from '../../../src/engine/context.js';
import type { CheckContext, CommandOutput, Evidence, HostContext } from '../../../src/engine/types.js';
import { parseDomainXml } from '../../../src/parsers/libvirt-xml-domain.js';
import { type OnelineLink, parseIpOneline } from '../../../src/parsers/ip-oneline.js';
import { parseVsctlShow } from '../../../src/parsers/ovs-vsctl.js';
import { parseSockets } from '../../../src/parsers/sockets.js';
import { parseStatFiles } from '../../../src/parsers/stat-files.js';
import { type DomainState, parseDomstate } from '../../../src/parsers/virsh-jobinfo.js';
import { parseVirshList, type VirshDomain } from '../../../src/parsers/virsh.js';
import { cmd } from '../../../src/transport/command.js';
import { inSubnet } from '../../shared/addresses.js';
import { domstate, VIRSH_LIST } from '../../shared/commands.js';
import { hostVms } from '../../shared/host-vms.js';
import { domainXml, IP_ADDR, IP_LINK, OVS_SHOW, SS_SOCKETS } from '../../shared/net-commands.js';

/** A host's domains as `virsh -r list --all` shows them. */
export interface HostList {
  readonly host: HostContext;
  readonly out: CommandOutput;
  readonly domains: readonly VirshDomain[];
  readonly problem?: ReturnType<typeof readProblem>;
}

/**
 * The VM lists of the other inventory hosts of this host's cluster (each read
 * once per scan, shared with their own checks); all of them when the
 * inventory gives no cluster labels.
 */
export async function peerLists(ctx: CheckContext): Promise<HostList[]> {
  const lead = leadContext(ctx);
  const mine = ctx.host.cluster;
  const peers = ctx.inventory
    .filter((h) => h.name !== ctx.host.name && (mine === undefined || h.cluster === undefined || h.cluster === mine))
    .map((h) => lead.peer({ name: h.name }))
    .filter((p): p is HostContext => p !== undefined);
  return Promise.all(peers.map(async (host) => {
    const out = await host.run(VIRSH_LIST);
    const problem = readProblem(out);
    return { host, out, domains: problem ? [] : parsedOnce(out, parseVirshList).value, problem };
  }));
}

/** The other hosts that hold `vm` active (running, paused...), by their list. */
export function copiesOf(vm: string, lists: readonly HostList[]): { list: HostList; domain: VirshDomain }[] {
  return lists.flatMap((l) => {
    const d = l.domains.find((x) => x.name === vm && x.state !== 'shut off');
    return d ? [{ list: l, domain: d }] : [];
  });
}

export interface StateRead {
  readonly out: CommandOutput;
  readonly state?: DomainState | undefined;
}

/** `virsh -r domstate --reason` of `vm` on a host (a lead). */
export async function stateOn(host: HostContext, vm: string): Promise<StateRead> {
  const out = await host.run(domstate(vm), { optional: true });
  return { out, state: readProblem(out) ? undefined : parseDomstate(out.stdout).value };
}

export function stateEvidence(s: StateRead): Evidence[] {
  return s.state ? [excerpt(s.out, [s.state.line])] : [];
}

export interface DiskCopy {
  readonly path: string;
  readonly sizeBytes: number;
}

/** The sizes of the disk files the destination's copy of `vm` names (what the guide has one watch grow). */
export async function destinationDisks(dest: HostContext, vm: string): Promise<{ disks: DiskCopy[]; evidence: Evidence[] }> {
  const xmlOut = await dest.run(domainXml(vm), { optional: true });
  if (readProblem(xmlOut)) return { disks: [], evidence: [] };
  const paths = parsedOnce(xmlOut, parseDomainXml).value.disks.filter((d) => d.device === 'disk' && d.source?.startsWith('/')).map((d) => d.source!);
  if (paths.length === 0) return { disks: [], evidence: [] };
  const out = await dest.run(cmd('stat', '-c', '%Y %s %n', '--', ...paths), { optional: true });
  const files = out.read.kind === 'failed' ? [] : parseStatFiles(out.stdout).value;
  return { disks: files.map((f) => ({ path: f.path, sizeBytes: f.sizeBytes })), evidence: files.length ? [evidence(out)] : [] };
}

export interface MigrationLink {
  readonly iface: string;
  /** The address of this host on the destination's subnet. */
  readonly address: string;
  /** The interface, or every physical port of its virtual switch, has no carrier. */
  readonly down: boolean;
  /** The physical ports looked at (a virtual switch's), or the interface itself. */
  readonly ports: readonly string[];
  readonly evidence: readonly Evidence[];
}

const carrier = (l: OnelineLink | undefined) => l !== undefined && l.flags.includes('LOWER_UP') && !l.flags.includes('NO-CARRIER');

/**
 * The interface of this host that carries traffic to `destAddress` (its
 * address's subnet holds it) and whether it has a link. An OVS bridge
 * (vswitch0) is up as long as one physical port of it has a carrier.
 * Undefined when no interface of this host is on that subnet, or the reads failed.
 */
export async function migrationLink(ctx: CheckContext, destAddress: string): Promise<MigrationLink | undefined> {
  const lead = leadContext(ctx);
  const [addrOut, linkOut, ovsOut] = await Promise.all([lead.run(IP_ADDR), lead.run(IP_LINK), lead.run(OVS_SHOW)]);
  if (readProblem(addrOut) || readProblem(linkOut)) return undefined;
  const addr = parseIpOneline(addrOut.stdout).value.addresses.find((a) => a.family === 'inet' && a.prefixLen !== undefined && a.prefixLen > 0 && a.address !== destAddress && inSubnet(destAddress, a.address, a.prefixLen));
  if (!addr) return undefined;
  const links = new Map(parseIpOneline(linkOut.stdout).value.links.map((l) => [l.name, l]));
  const bridge = readProblem(ovsOut) ? undefined : parseVsctlShow(ovsOut.stdout).value.bridges.find((b) => b.name === addr.ifname);
  const physical = bridge
    ? bridge.ports.flatMap((p) => p.interfaces).filter((i) => i.type !== 'internal' && !/^(?:vnet|tap|vif)/.test(i.name) && links.has(i.name)).map((i) => links.get(i.name)!)
    : [];
  const looked = physical.length ? physical : [links.get(addr.ifname)].filter((l): l is OnelineLink => l !== undefined);
  const down = looked.length > 0 && !looked.some(carrier);
  return {
    iface: addr.ifname,
    address: addr.address,
    down,
    ports: looked.map((l) => l.name),
    evidence: [excerpt(addrOut, [addr.line]), excerpt(linkOut, looked.map((l) => l.line))],
  };
}

/** libvirt's default range for qemu's own migration stream (qemu.conf migration_port_min/max). */
const MIGRATION_PORT_MIN = 49152;
const MIGRATION_PORT_MAX = 49215;

export interface Destination {
  /** The inventory host's name, or the address when it is not in the inventory. */
  readonly name: string;
  readonly address: string;
  /** Its session, when it is an inventory host (a lead context). */
  readonly host?: HostContext | undefined;
  /** What shows it (the migration socket), when it was not seen in a VM list. */
  readonly evidence: readonly Evidence[];
}

/**
 * Where the migration of `vm` goes: the one other inventory host holding it
 * paused (receiving), else the far end of its qemu process's TCP connection
 * to a migration port.
 */
export async function destinationOf(ctx: CheckContext, vm: string, lists: readonly HostList[]): Promise<Destination | undefined> {
  const paused = copiesOf(vm, lists).filter((c) => c.domain.state === 'paused');
  if (paused.length === 1) {
    const h = paused[0]!.list.host;
    return { name: h.host.name, address: h.host.address, host: h, evidence: [] };
  }
  if (paused.length > 1) return undefined;
  const lead = leadContext(ctx);
  const [vms, ss] = await Promise.all([hostVms(lead), lead.run(SS_SOCKETS)]);
  const pid = vms.vms.find((v) => v.name === vm)?.pid;
  if (pid === undefined || readProblem(ss)) return undefined;
  const stream = parseSockets(ss.stdout).value.sockets.find((x) => {
    const port = Number(x.peer.port);
    return x.proto === 'tcp' && port >= MIGRATION_PORT_MIN && port <= MIGRATION_PORT_MAX && x.processes.some((p) => p.pid === pid)
      && (x.state === 'ESTABLISHED' || x.state === 'SYN_SENT');
  });
  if (!stream) return undefined;
  const peer = lead.peer({ address: stream.peer.address });
  return { name: peer?.host.name ?? stream.peer.address, address: stream.peer.address, host: peer, evidence: [excerpt(ss, [stream.line])] };
}
