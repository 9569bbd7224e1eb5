/**
 * Guide 3.6.2 — two devices answer for one IP: the platform loses the host,
 * and SSH to it answers "wrong password" (it reaches the other device).
 *
 * Runs, on this host and on every other inventory host (shared with their
 * own runs): `ip -o addr` (its LAN addresses, OVS internal ports such as
 * vswitch0 included), `ip -o link` (every MAC its interfaces carry) and
 * `ip neigh` (which MAC it reaches each address at). To name a foreign MAC:
 * `virsh -r list --all` and `virsh -r domiflist VM` on the hypervisors, only
 * when one needs naming. With --active-probes: `arping -D` for each IPv4
 * address of this host (sender 0.0.0.0; the policy allows it only then).
 *
 * Decides, for this host's addresses: configured on another inventory host
 * as well (unless both interfaces have one MAC: the inventory lists one
 * machine twice) fails; a neighbour entry on any host mapping the address
 * to a MAC this host does not have fails when the entry is fresh (REACHABLE,
 * DELAY, PROBE, PERMANENT) or the MAC belongs to a VM or host of the
 * inventory, and warns when it is only STALE; a reply to the probe fails.
 * An inventory host that cannot be read is the guide's case itself: the
 * first readable host reports what the neighbour tables say of its address.
 * Recommends: the guide's steps, with the address, the virtual switch and
 * the other device (a VM: its new address) filled in.
 */
import { defineCheck } from '../../../src/engine/define-check.js';
import { excerpt } from '../../../src/engine/outputs.js';
import type { CheckContext, HostContext } from '../../../src/engine/types.js';
import { list, type MsgValue } from '../../../src/i18n/message.js';
import { parseArping } from '../../../src/parsers/arping.js';
import { hasValidAddress, type NeighEntry } from '../../../src/parsers/ip-neigh.js';
import type { OnelineAddress } from '../../../src/parsers/ip-oneline.js';
import type { Command } from '../../../src/transport/command.js';
import { ipv4Number } from '../../shared/addresses.js';
import { IP_ADDR, IP_LINK, IP_NEIGH } from '../../shared/net-commands.js';
import { type Finding, findingsResult } from '../../shared/pool-findings.js';
import { type HostNet, macOf, readHostNet } from './hosts.js';
import { type IpConflictStep, messages, type SayIpConflict, steps } from './messages.js';
import { type Owner, ownerBook, type OwnerBook, ownerData, ownerEvidence, ownerMsg } from './owners.js';

/** Entry states the kernel confirmed recently (or that someone set by hand). */
const FRESH = new Set(['REACHABLE', 'DELAY', 'PROBE', 'PERMANENT']);
/** IPv4 addresses of a host probed with arping -D. */
const MAX_PROBES = 4;

/** A duplicate-address probe: 2 requests from 0.0.0.0, at most 3 s; exit 1 is a reply, not a failure. */
function arpingProbe(iface: string, address: string): Command {
  return { argv: ['arping', '-D', '-c', '2', '-w', '3', '-I', iface, address], okExit: [0, 1], active: true };
}

export const check = defineCheck({
  id: 'ip-conflict',
  needs: [IP_ADDR, IP_LINK, IP_NEIGH],
  messages,
  steps,
  async run(ctx, say) {
    const peerCtxs = ctx.inventory
      .filter((p) => p.name !== ctx.host.name)
      .map((p) => ctx.peer({ name: p.name }))
      .filter((p): p is HostContext => p !== undefined);
    const [self, ...peers] = await Promise.all([readHostNet(ctx), ...peerCtxs.map(readHostNet)]);
    if (self!.problem) return say.unknown('selfUnread', { host: ctx.host.name, why: self!.problem });
    const me = self!;
    if (me.addresses.length === 0) return say.notApplicable('noAddresses', { host: me.name });
    const all = [me, ...peers];
    const book = ownerBook(all);
    const findings: Finding<IpConflictStep>[] = [];
    const conflicts: Record<string, unknown>[] = [];

    findings.push(...configuredTwice(say, me, peers, conflicts));
    findings.push(...await neighbourClaims(say, me, all, book, conflicts));
    const probes = ctx.options.activeProbes ? await probe(ctx, say, me, book) : undefined;
    if (probes) findings.push(...probes.findings);
    if (reporterOf(ctx, all) === me.name) findings.push(...await unreadablePeers(ctx, say, all, book));

    const unread = all.filter((h) => h.problem || h.neighProblem);
    const data = {
      addresses: me.addresses.map((a) => ({ address: a.address, prefixLen: a.prefixLen, iface: a.ifname, mac: macOf(me, a) })),
      comparedWith: peers.filter((p) => !p.problem).map((p) => p.name),
      unreadable: unread.map((h) => h.name),
      conflicts,
      probes: probes?.data,
    };
    if (findings.length) return findingsResult(say, findings, data);
    if (unread.length) {
      const why = unread[0]!.problem ?? unread[0]!.neighProblem!;
      return say.unknown('peersUnread', { hosts: list(unread.map((h) => h.name)), why }, { data });
    }
    return say.ok('ok', {
      count: me.addresses.length,
      host: me.name,
      addresses: list(me.addresses.map((a) => a.address)),
      hosts: peers.length,
      probe: probes?.note ?? say.msg('probeNone'),
    }, { data });
  },
});

/** The lines that show which MAC this host has for an address: its address line and its interface's link line. */
function ownLines(h: HostNet, a: OnelineAddress) {
  const link = h.links.get(a.ifname);
  return [excerpt(h.addrOut, [a.line]), ...(link ? [excerpt(h.linkOut, [link.line])] : [])];
}

function configuredTwice(say: SayIpConflict, me: HostNet, peers: readonly HostNet[], conflicts: Record<string, unknown>[]): Finding<IpConflictStep>[] {
  const out: Finding<IpConflictStep>[] = [];
  for (const a of me.addresses) {
    for (const p of peers) {
      const b = p.addresses.find((x) => x.address === a.address);
      if (!b) continue;
      const mine = macOf(me, a);
      const theirs = macOf(p, b);
      // One machine under two inventory entries (a name and an address): not two devices.
      if (mine !== undefined && mine === theirs) continue;
      const symptom = say.msg('symptom', { address: a.address, host: me.name });
      conflicts.push({ kind: 'configured-twice', address: a.address, iface: a.ifname, mac: mine, other: { host: p.name, iface: b.ifname, mac: theirs } });
      out.push({
        severity: 'fail',
        message: (more) => say.msg('configuredTwice', {
          address: a.address, host: me.name, iface: a.ifname, mac: mine ?? '?', other: p.name, otherIface: b.ifname, otherMac: theirs ?? '?', symptom, more,
        }),
        evidence: [...ownLines(me, a), ...ownLines(p, b)],
        recovery: { steps: ['show-host-address', 'readdress-conflicting-device'], vars: { host: me.name, vswitch: a.ifname, hostIp: a.address, other: p.name } },
      });
    }
  }
  return out;
}

interface Claim {
  readonly address: OnelineAddress;
  readonly mac: string;
  readonly seen: { readonly host: HostNet; readonly entry: NeighEntry }[];
}

/** Neighbour entries, on any host, that map one of this host's addresses to a MAC it does not have. */
function claimsOn(me: HostNet, all: readonly HostNet[]): Claim[] {
  const mine = new Map(me.addresses.map((a) => [a.address, a]));
  const claims = new Map<string, Claim & { seen: { host: HostNet; entry: NeighEntry }[] }>();
  for (const h of all) {
    for (const e of h.neigh) {
      const a = mine.get(e.address);
      if (!a || !hasValidAddress(e) || me.macs.has(e.mac!)) continue;
      const id = `${e.address}\u0000${e.mac}`;
      const c = claims.get(id) ?? { address: a, mac: e.mac!, seen: [] };
      c.seen.push({ host: h, entry: e });
      claims.set(id, c);
    }
  }
  return [...claims.values()];
}

/** Recovery for another device holding `hostIp`: a VM gets a new address; any other device is looked for first. */
function recoveryFor(owner: Owner, me: HostNet, a: OnelineAddress, mac: string, fresh: boolean) {
  const vars: Record<string, MsgValue> = { host: me.name, vswitch: a.ifname, hostIp: a.address, foreignMac: mac };
  if (owner.kind === 'vm') {
    Object.assign(vars, { vm: owner.vms[0]!.vm, vmHost: owner.vms[0]!.host });
    return { steps: ['show-host-address', 'readdress-vm'] as IpConflictStep[], vars };
  }
  if (owner.kind === 'host') {
    vars.other = owner.host;
    return { steps: ['show-host-address', 'readdress-conflicting-device'] as IpConflictStep[], vars };
  }
  const confirm: IpConflictStep[] = fresh ? ['show-host-address', 'find-device-by-mac'] : ['capture-both-ends', 'find-device-by-mac'];
  return { steps: [...confirm, ...(fresh ? ['capture-both-ends' as const] : []), 'readdress-conflicting-device'] as IpConflictStep[], vars };
}

async function neighbourClaims(say: SayIpConflict, me: HostNet, all: readonly HostNet[], book: OwnerBook, conflicts: Record<string, unknown>[]): Promise<Finding<IpConflictStep>[]> {
  return Promise.all(claimsOn(me, all).map(async (c): Promise<Finding<IpConflictStep>> => {
    const owner = await book.resolve(c.mac, me);
    const states = [...new Set(c.seen.flatMap((s) => s.entry.states))];
    const fresh = states.some((s) => FRESH.has(s));
    const values = {
      address: c.address.address, host: me.name, iface: c.address.ifname, mac: macOf(me, c.address) ?? '?',
      foreignMac: c.mac, owner: ownerMsg(say, owner), seenOn: list(c.seen.map((s) => s.host.name)),
    };
    const symptom = say.msg('symptom', { address: c.address.address, host: me.name });
    const severe = fresh || owner.kind !== 'device';
    conflicts.push({
      kind: 'neighbour', address: c.address.address, iface: c.address.ifname, foreignMac: c.mac, states, owner: ownerData(owner),
      seenOn: c.seen.map((s) => ({ host: s.host.name, dev: s.entry.dev, line: s.entry.line })),
    });
    return {
      severity: severe ? 'fail' : 'warn',
      message: (more) => (severe
        ? say.msg('answeredElsewhere', { ...values, state: list(states), symptom, more })
        : say.msg('staleElsewhere', { ...values, more })),
      evidence: [...c.seen.map((s) => excerpt(s.host.neighOut, [s.entry.line])), ...ownLines(me, c.address), ...ownerEvidence(owner)],
      recovery: recoveryFor(owner, me, c.address, c.mac, severe),
    };
  }));
}

interface ProbeResult {
  readonly findings: Finding<IpConflictStep>[];
  readonly note: MsgValue;
  readonly data: unknown;
}

/** arping -D for each IPv4 address of this host, on its interface: a reply from another MAC is another device. */
async function probe(ctx: CheckContext, say: SayIpConflict, me: HostNet, book: OwnerBook): Promise<ProbeResult> {
  const targets = me.addresses.filter((a) => a.family === 'inet').slice(0, MAX_PROBES);
  // The probe only adds to what the tables say: a host where it cannot run keeps its verdict.
  const runs = await Promise.all(targets.map(async (a) => ({ a, out: await ctx.run(arpingProbe(a.ifname, a.address), { optional: true }) })));
  const findings: Finding<IpConflictStep>[] = [];
  const problems: MsgValue[] = [];
  const clean: string[] = [];
  const data = [];
  for (const { a, out } of runs) {
    const parsed = parseArping(out.stdout).value;
    const why = out.read.kind !== 'ok' ? (out.read.kind === 'failed' ? out.read.reason : out.key) : !parsed.dad ? say.msg('notDad') : undefined;
    data.push({ address: a.address, iface: a.ifname, replies: parsed.replies.map((r) => r.mac), problem: why !== undefined });
    if (why) {
      problems.push(why);
      continue;
    }
    const foreign = parsed.replies.filter((r) => !me.macs.has(r.mac));
    if (foreign.length === 0) {
      clean.push(a.address);
      continue;
    }
    const mac = foreign[0]!.mac;
    const owner = await book.resolve(mac, me);
    findings.push({
      severity: 'fail',
      message: (more) => say.msg('probeAnswered', {
        address: a.address, iface: a.ifname, host: me.name, foreignMac: mac, owner: ownerMsg(say, owner),
        symptom: say.msg('symptom', { address: a.address, host: me.name }), more,
      }),
      evidence: [excerpt(out, [parsed.headerLine ?? 1, ...foreign.map((r) => r.line)]), ...ownLines(me, a), ...ownerEvidence(owner)],
      recovery: recoveryFor(owner, me, a, mac, true),
    });
  }
  const note = problems.length
    ? say.msg('probeUnusable', { why: list(problems, '; ') })
    : say.msg('probeClean', { addresses: list(clean) });
  return { findings, note, data };
}

/** The host that reports on inventory hosts nobody can read: the first one that can be read (each host computes the same). */
function reporterOf(ctx: CheckContext, all: readonly HostNet[]): string | undefined {
  const readable = new Set(all.filter((h) => !h.problem && !h.neighProblem).map((h) => h.name));
  return ctx.inventory.find((h) => readable.has(h.name))?.name;
}

/**
 * An inventory host that cannot be read may be the guide's case itself (the
 * platform lost it because another device took its address): what do the
 * other hosts' neighbour tables say of its inventory address?
 */
async function unreadablePeers(ctx: CheckContext, say: SayIpConflict, all: readonly HostNet[], book: OwnerBook): Promise<Finding<IpConflictStep>[]> {
  const out: Finding<IpConflictStep>[] = [];
  const readable = all.filter((h) => !h.problem);
  for (const u of all.filter((h) => h.problem)) {
    const address = ctx.inventory.find((i) => i.name === u.name)?.address;
    if (address === undefined || ipv4Number(address) === undefined) continue;
    const seen = readable.flatMap((h) => h.neigh.filter((e) => e.address === address && hasValidAddress(e)).map((entry) => ({ host: h, entry })));
    const macs = [...new Set(seen.map((s) => s.entry.mac!))];
    if (macs.length === 0) continue;
    const evidence = seen.map((s) => excerpt(s.host.neighOut, [s.entry.line]));
    const symptom = say.msg('symptom', { address, host: u.name });
    const vars = { host: u.name, vswitch: 'vswitch0', hostIp: address };
    // A MAC of a VM or of another host of the inventory names the device that took the address.
    const owners = await Promise.all(macs.map(async (mac) => ({ mac, owner: await book.resolve(mac, u) })));
    const known = owners.find((o) => o.owner.kind !== 'device');
    if (known) {
      const { mac, owner } = known;
      out.push({
        severity: 'fail',
        message: (more) => say.msg('peerTaken', {
          peer: u.name, why: u.problem!, address, seenOn: list([...new Set(seen.filter((s) => s.entry.mac === mac).map((s) => s.host.name))]),
          foreignMac: mac, owner: ownerMsg(say, owner), symptom, more,
        }),
        evidence: [...evidence, ...ownerEvidence(owner)],
        recovery: owner.kind === 'vm'
          ? { steps: ['readdress-vm', 'show-host-address'], vars: { ...vars, vm: owner.vms[0]!.vm, vmHost: owner.vms[0]!.host } }
          : { steps: ['readdress-conflicting-device', 'show-host-address'], vars: { ...vars, other: owner.kind === 'host' ? owner.host : '?' } },
      });
    } else if (macs.length > 1) {
      // The host's own MAC is unknown, but two MACs for one address are two devices.
      const claims = list(seen.map((s) => say.msg('claim', { host: s.host.name, mac: s.entry.mac! })), '; ');
      out.push({
        severity: 'fail',
        message: (more) => say.msg('peerTwoMacs', { peer: u.name, why: u.problem!, address, claims, symptom, more }),
        evidence,
        recovery: { steps: ['show-host-address', 'capture-both-ends', 'readdress-conflicting-device'], vars },
      });
    }
  }
  return out;
}
