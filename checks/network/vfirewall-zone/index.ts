/**
 * Guide 3.6.5 — two VMs of one VLAN behind the virtual firewall cannot SSH
 * to each other: the firewall's OpenFlow flows of one port send its
 * connections to conntrack zone 188 (the VLAN), the other port's to no
 * zone, so neither side's connection is ever seen as established.
 *
 * Reads: `/opt/bin/ovs_dbg_listports` (each port's bridge, OpenFlow port,
 * VLAN, VM and firewall), and for each bridge with firewall ports
 * `ovs-ofctl -O OpenFlow13 dump-flows BR` (a port's flows match
 * `in_port=N` or `reg1=0xN`; their `ct(...)` actions carry the zone). When
 * a port is found broken, the repair log of set_cvk_port_flow.sh as a lead.
 *
 * Decides, per bridge and VLAN, among the ports with a firewall: the zone
 * they should share is the VLAN's when one of them uses it, else the one
 * most of them use. A port whose ct flows lack it fails (zoneMissing for
 * ct without a zone, zoneDiffers for another zone); a firewall port with no
 * ct flow at all next to ports that have them warns. Names the port, its
 * VM and OpenFlow port, the ports it disagrees with and the zone; recovery
 * is the guide's comparison and repair with the port filled in.
 */
import { leadContext } from '../../../src/engine/context.js';
import { defineCheck } from '../../../src/engine/define-check.js';
import { excerpt, readProblem } from '../../../src/engine/outputs.js';
import type { CheckContext, CommandOutput, Evidence } from '../../../src/engine/types.js';
import { list, type MsgValue } from '../../../src/i18n/message.js';
import { type ListedPort, parseListPorts } from '../../../src/parsers/ovs-listports.js';
import { type OfFlow, parseOfctlFlows } from '../../../src/parsers/ovs-flows.js';
import { cmd, type Command } from '../../../src/transport/command.js';
import { readLog } from '../../shared/logs.js';
import { OVS_LISTPORTS } from '../../shared/net-commands.js';
import { type Finding, findingsResult } from '../../shared/pool-findings.js';
import { messages, type SayVfirewallZone, type VfirewallZoneStep } from './messages.js';

const ofctlFlows = (bridge: string): Command => cmd('ovs-ofctl', '-O', 'OpenFlow13', 'dump-flows', bridge);
const REPAIR_LOG = '/var/log/set_cvk_port_flow.log';

interface FirewallPort {
  readonly port: ListedPort & { readonly ofport: number; readonly firewall: string };
  /** Its flows that go through conntrack, each with the zone it uses (0: none given). */
  readonly ct: readonly { readonly flow: OfFlow; readonly zone: number | string }[];
}

/** A flow of the port: it matches in_port=N (or the port's name with --names) or reg1=N. */
function ofPort(f: OfFlow, p: ListedPort & { ofport: number }): boolean {
  return f.match.some((m) => {
    if (m.key === 'in_port') return m.value === String(p.ofport) || m.value === p.name;
    if (m.key === 'reg1') return m.value !== undefined && /^(?:0x[0-9a-f]+|\d+)$/i.test(m.value) && Number(m.value) === p.ofport;
    return false;
  });
}

function ctOf(f: OfFlow): { flow: OfFlow; zone: number | string }[] {
  if (!/(?:^|[^\w])ct\(/.test(f.actions)) return [];
  return f.ctZones.length ? f.ctZones.map((zone) => ({ flow: f, zone })) : [{ flow: f, zone: 0 }];
}

/** The zone a VLAN's firewall ports should share: the VLAN's, when one uses it; else the commonest non-zero one. */
function expectedZone(ports: readonly FirewallPort[], vlan: number | undefined): number | string | undefined {
  const zones = ports.flatMap((p) => [...new Set(p.ct.map((c) => c.zone))]);
  if (vlan !== undefined && zones.includes(vlan)) return vlan;
  const counts = new Map<number | string, number>();
  for (const z of zones) if (z !== 0) counts.set(z, (counts.get(z) ?? 0) + 1);
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : zones.length ? 0 : undefined;
}

export const check = defineCheck({
  id: 'vfirewall-zone',
  needs: [OVS_LISTPORTS],
  messages,
  async run(ctx, say) {
    const host = ctx.host.name;
    const listOut = await ctx.run(OVS_LISTPORTS);
    if (listOut.read.kind === 'absent') return say.notApplicable('noListports', { host, why: readProblem(listOut)! });
    const listProblem = readProblem(listOut);
    if (listProblem) return say.unknown('listUnread', { host, why: listProblem }, { recovery: { steps: [] } });
    const ports = parseListPorts(listOut.stdout).value.ports;
    const withFw = ports.filter((p): p is FirewallPort['port'] => p.firewall !== undefined && p.ofport !== undefined);
    if (withFw.length === 0) return say.notApplicable('noFirewall', { count: ports.length, host });

    const bridges = [...new Set(withFw.map((p) => p.bridge))];
    const reads = await Promise.all(bridges.map(async (bridge) => ({ bridge, out: await ctx.run(ofctlFlows(bridge)) })));
    const findings: Finding<VfirewallZoneStep>[] = [];
    const groupsOk: MsgValue[] = [];
    const data: Record<string, unknown>[] = [];
    for (const { bridge, out } of reads) {
      const problem = readProblem(out);
      if (problem) return say.unknown('flowsUnread', { bridge, why: problem }, { recovery: { steps: ['list-firewall-ports', 'compare-ct-zones'], vars: { vswitch: bridge } } });
      const flows = parseOfctlFlows(out.stdout).value.flows;
      const fw: FirewallPort[] = withFw.filter((p) => p.bridge === bridge).map((port) => ({ port, ct: flows.filter((f) => ofPort(f, port)).flatMap(ctOf) }));
      const vlans = [...new Set(fw.map((p) => p.port.vlan))];
      for (const vlan of vlans) {
        const group = fw.filter((p) => p.port.vlan === vlan);
        const zone = expectedZone(group, vlan);
        const vlanName = vlan ?? say.msg('untagged');
        const broken = zone === undefined ? [] : group.filter((p) => p.ct.length === 0 || p.ct.some((c) => c.zone !== zone));
        data.push({
          bridge, vlan, zone,
          ports: group.map((p) => ({ iface: p.port.name, vm: p.port.vm, ofport: p.port.ofport, firewall: p.port.firewall, zones: [...new Set(p.ct.map((c) => c.zone))], ctFlows: p.ct.length })),
        });
        // One port alone has nobody to disagree with.
        const good = group.filter((p) => !broken.includes(p));
        if (broken.length === 0 || good.length === 0 || group.length < 2) {
          groupsOk.push(say.msg('group', { bridge, vlan: vlanName, ports: list(group.map((p) => p.port.name)), zone: zone ? zone : say.msg('noZone') }));
          continue;
        }
        for (const b of broken) findings.push(await portFinding(ctx, say, { bridge, vlan: vlanName, zone: zone!, broken: b, good, listOut, flowsOut: out }));
      }
    }
    if (findings.length) return findingsResult(say, findings, { groups: data });
    return say.ok('ok', { count: withFw.length, host, groups: list(groupsOk, '; ') }, { data: { groups: data } });
  },
});

interface Disagreement {
  readonly bridge: string;
  readonly vlan: MsgValue;
  readonly zone: number | string;
  readonly broken: FirewallPort;
  readonly good: readonly FirewallPort[];
  readonly listOut: CommandOutput;
  readonly flowsOut: CommandOutput;
}

async function portFinding(ctx: CheckContext, say: SayVfirewallZone, d: Disagreement): Promise<Finding<VfirewallZoneStep>> {
  const { broken: b, good, zone } = d;
  const p = b.port;
  const lacking = b.ct.filter((c) => c.zone !== zone);
  const others = list(good.map((g) => say.msg('portOf', { iface: g.port.name, vm: g.port.vm ?? '?' })));
  const values = {
    iface: p.name, vm: p.vm ?? '?', ofport: p.ofport, bridge: d.bridge, vlan: d.vlan, zone, others, firewall: p.firewall,
    otherVms: list(good.map((g) => g.port.vm ?? g.port.name)),
  };
  const reference = good[0]!;
  const evidence: Evidence[] = [
    excerpt(d.listOut, [p.line, ...good.map((g) => g.port.line)]),
    excerpt(d.flowsOut, [...(lacking.length ? lacking : b.ct).map((c) => c.flow.line), ...reference.ct.slice(0, 2).map((c) => c.flow.line)]),
  ];
  // The repair script's log says whether it met this port's flows broken before: a lead.
  const log = await readLog(leadContext(ctx), [REPAIR_LOG], 'flow table is error', { bytes: '1M', maxLines: 200 });
  const mentions = log.matches.filter((m) => m.raw.includes(p.name) || (p.vmMac !== undefined && m.raw.toLowerCase().includes(p.vmMac)));
  if (log.output && mentions.length) evidence.push(excerpt(log.output, mentions.slice(-3).map((m) => m.line), say.msg('repairLog')));
  const recovery = {
    steps: ['list-firewall-ports', 'compare-ct-zones', 'repair-flows-on-vks', 'repair-flows-from-vms'] as VfirewallZoneStep[],
    vars: { vswitch: d.bridge, iface: p.name },
  };
  if (b.ct.length === 0) {
    return { severity: 'warn', message: (more) => say.msg('noCtFlows', { ...values, more }), evidence, recovery };
  }
  const sample = lacking[0]!.flow.actions;
  const common = { ...values, lacking: lacking.length, ct: b.ct.length, sample };
  if (lacking.every((c) => c.zone === 0)) {
    return { severity: 'fail', message: (more) => say.msg('zoneMissing', { ...common, more }), evidence, recovery };
  }
  const got = list([...new Set(lacking.map((c) => c.zone))]);
  return { severity: 'fail', message: (more) => say.msg('zoneDiffers', { ...common, got, more }), evidence, recovery };
}
