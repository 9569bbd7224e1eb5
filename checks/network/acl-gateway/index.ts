/**
 * Guide 3.6.4 — a VM reaches every address but its gateway: the ACL on its
 * vNIC has a drop rule for the gateway, and OVS discards the packets
 * between the vnet and the uplink.
 *
 * Reads: `virsh -r list --all`, `virsh -r dumpxml` of each running VM (its
 * vNICs: tap device, MAC, bridge, `<filterref>` and parameters), `virsh -r
 * nwfilter-dumpxml` of each ACL and of every filter it includes, `ip route`
 * (the gateways: the default route's and every other next hop), and for
 * each bridge with VMs `ovs-appctl dpif/dump-flows` (the kernel datapath;
 * `ovs-vsctl get Interface VNET ofport` to tie a flow's in_port to a vnet).
 *
 * Decides: a drop or reject rule whose destination (or source; ARP target
 * or sender) covers a gateway, the filterref's $VARIABLES substituted and
 * `match='no'` respected, fails when the datapath is dropping that vNIC's
 * traffic to the gateway now (a drop flow with packets), and warns when no
 * flow shows it yet. A datapath drop to the gateway from a vNIC that no ACL
 * rule explains warns (another OpenFlow rule drops it). Names the VM, the
 * vnet, the ACL (and the included filter holding the rule), the rule and
 * the gateway; recovery is the guide's steps with all of them filled in.
 */
import { defineCheck } from '../../../src/engine/define-check.js';
import { excerpt, parsedOnce, readProblem } from '../../../src/engine/outputs.js';
import type { CheckContext, CommandOutput, Evidence } from '../../../src/engine/types.js';
import { list, type Msg, type MsgValue } from '../../../src/i18n/message.js';
import { defaultGateways, parseIpRoute } from '../../../src/parsers/ip-route.js';
import { type DomainInterface, parseDomainXml } from '../../../src/parsers/libvirt-xml-domain.js';
import { type DpFlow, parseDpifFlows } from '../../../src/parsers/ovs-flows.js';
import { ovsInteger, parseOvsGet } from '../../../src/parsers/ovs-vsctl-get.js';
import type { Span } from '../../../src/parsers/types.js';
import { parseVirshList } from '../../../src/parsers/virsh.js';
import { elementSpans, within } from '../../../src/parsers/xml-lines.js';
import { VIRSH_LIST } from '../../shared/commands.js';
import { domainXml, IP_ROUTE, ovsInterfaceColumn } from '../../shared/net-commands.js';
import { type Finding, findingsResult } from '../../shared/pool-findings.js';
import { dpifFlows, dropFlows, dropFlowsTo, type VnicPort } from './flows.js';
import { type AclGatewayStep, messages, type SayAclGateway, steps } from './messages.js';
import { type AclRead, type AclRule, aclRules, dropsAddress, ruleMatch } from './rules.js';

interface Vnic {
  readonly vm: string;
  readonly iface: DomainInterface & { readonly target: string };
  readonly output: CommandOutput;
  /** The `<interface>` element, and its `<filterref>` inside it. */
  readonly span?: Span | undefined;
  readonly filterSpan?: Span | undefined;
}

interface Gateway {
  readonly address: string;
  readonly line: number;
}

interface BridgeFlows {
  readonly bridge: string;
  readonly output: CommandOutput;
  readonly flows?: readonly DpFlow[] | undefined;
}

export const check = defineCheck({
  id: 'acl-gateway',
  needs: [VIRSH_LIST, IP_ROUTE],
  messages,
  steps,
  async run(ctx, say) {
    const host = ctx.host.name;
    const listOut = await ctx.run(VIRSH_LIST);
    if (listOut.read.kind === 'absent') return say.notApplicable('noLibvirt', { host, why: readProblem(listOut)! });
    const listProblem = readProblem(listOut);
    if (listProblem) return say.unknown('listUnread', { host, why: listProblem }, { recovery: { steps: [] } });
    const running = parsedOnce(listOut, parseVirshList).value.filter((d) => d.state === 'running');
    if (running.length === 0) return say.notApplicable('noVms', { host });

    const [xmls, routeOut] = await Promise.all([
      Promise.all(running.map(async (vm) => ({ vm: vm.name, out: await ctx.run(domainXml(vm.name)) }))),
      ctx.run(IP_ROUTE),
    ]);
    const vnics = xmls.flatMap(({ vm, out }) => (readProblem(out) ? [] : vnicsOf(vm, out)));
    const xmlProblem = xmls.find((x) => readProblem(x.out));
    const gateways = readProblem(routeOut) ? [] : gatewaysOf(routeOut);
    const withAcl = vnics.filter((v) => v.iface.filterref);
    const acls = await Promise.all(withAcl.map(async (v) => ({ vnic: v, read: await aclRules(ctx, v.iface.filterref!.filter) })));
    const bridges = [...new Set(vnics.map((v) => v.iface.bridge).filter((b): b is string => b !== undefined))];
    // The datapath shows drops happening now: evidence for a rule, never the verdict on its own ACL.
    const flows = gateways.length ? await Promise.all(bridges.map((b) => readFlows(ctx, b))) : [];
    const ofports = new Map<string, Promise<number | undefined>>();
    const ofportOf = (vnet: string) => {
      if (!ofports.has(vnet)) ofports.set(vnet, readOfport(ctx, vnet));
      return ofports.get(vnet)!;
    };

    const findings: Finding<AclGatewayStep>[] = [];
    const explained = new Set<string>();
    const data: Record<string, unknown>[] = [];
    for (const { vnic, read } of acls) {
      for (const gw of gateways) {
        for (const r of read.rules) {
          const way = dropsAddress(r.rule, gw.address, vnic.iface.filterref!.params);
          if (!way) continue;
          const bf = flows.find((f) => f.bridge === vnic.iface.bridge);
          const hits = bf?.flows ? await flowsOfVnic(bf.flows, vnic, gw.address, way, ofportOf, r.rule.protocol) : [];
          const dropping = hits.filter((f) => f.packets > 0);
          explained.add(`${vnic.iface.target}\u0000${gw.address}`);
          data.push({ kind: 'acl-rule', vm: vnic.vm, vnet: vnic.iface.target, acl: vnic.iface.filterref!.filter, filter: r.filter, gateway: gw.address, way, rule: { ...r.rule }, dropFlows: dropping.map((f) => ({ line: f.line, packets: f.packets })) });
          findings.push(ruleFinding(say, { vnic, rule: r, gw, way, routeOut, bf, dropping }));
        }
      }
    }
    // Drops to a gateway that no ACL rule of the sender explains.
    for (const bf of flows) {
      if (!bf.flows) continue;
      for (const gw of gateways) {
        const candidates = dropFlowsTo(bf.flows, gw.address).filter((f) => f.packets > 0);
        if (candidates.length === 0) continue;
        for (const vnic of vnics.filter((v) => v.iface.bridge === bf.bridge)) {
          if (explained.has(`${vnic.iface.target}\u0000${gw.address}`)) continue;
          const hits = (await flowsOfVnic(candidates, vnic, gw.address, 'to', ofportOf)).filter((f) => f.packets > 0);
          if (hits.length === 0) continue;
          const ofport = await ofportOf(vnic.iface.target);
          data.push({ kind: 'drop-without-acl', vm: vnic.vm, vnet: vnic.iface.target, gateway: gw.address, dropFlows: hits.map((f) => ({ line: f.line, packets: f.packets })) });
          findings.push({
            severity: 'warn',
            message: (more) => say.msg('dropNoAcl', {
              bridge: bf.bridge, vnet: vnic.iface.target, vm: vnic.vm, gateway: gw.address, packets: sum(hits), used: hits[0]!.used ?? '?', more,
            }),
            evidence: [excerpt(bf.output, hits.map((f) => f.line)), ...interfaceEvidence(vnic), excerpt(routeOut, [gw.line])],
            recovery: {
              steps: ['capture-vnet-and-uplink', 'find-drop-flow', 'find-other-drop'],
              vars: { iface: vnic.iface.target, vswitch: bf.bridge, ofport: ofport ?? '?', ofportHex: ofport !== undefined ? `0x${ofport.toString(16)}` : '?', vm: vnic.vm },
            },
          });
        }
      }
    }
    const result = { gateways: gateways.map((g) => g.address), vnics: vnics.length, acls: withAcl.map((v) => ({ vm: v.vm, vnet: v.iface.target, acl: v.iface.filterref!.filter })), findings: data };
    if (findings.length) return findingsResult(say, findings, result);

    if (xmlProblem) return say.unknown('xmlUnread', { vm: xmlProblem.vm, host, why: readProblem(xmlProblem.out)! }, { data: result, recovery: { steps: [] } });
    const aclProblem = acls.find((a) => a.read.problem);
    if (aclProblem) return filterUnread(say, aclProblem, result);
    const names = list([...new Set(withAcl.map((v) => v.iface.filterref!.filter))]);
    if (withAcl.length && gateways.length === 0) {
      return say.unknown('noGateway', { host, why: readProblem(routeOut) ?? say.msg('noRoute'), names }, { data: result, recovery: { steps: [] } });
    }
    const gatewayList: MsgValue = gateways.length ? list(gateways.map((g) => g.address)) : say.msg('noRoute');
    const flowNote = flowsNote(say, flows);
    if (withAcl.length === 0) {
      return say.ok('okNoAcl', { count: vnics.length, vms: running.length, host, gateways: gatewayList, flows: flowNote }, { data: result });
    }
    return say.ok('ok', { acls: withAcl.length, host, names, gateways: gatewayList, flows: flowNote }, { data: result });
  },
});

function vnicsOf(vm: string, out: CommandOutput): Vnic[] {
  const spans = elementSpans(out.stdout, 'interface');
  const filterSpans = elementSpans(out.stdout, 'filterref');
  return parsedOnce(out, parseDomainXml).value.interfaces.flatMap((iface, i): Vnic[] => {
    // A vNIC without a tap device is not plugged into OVS (the VM is not running it).
    if (iface.target === undefined) return [];
    const span = spans[i];
    return [{ vm, iface: iface as Vnic['iface'], output: out, span, filterSpan: span ? within(filterSpans, span)[0] : undefined }];
  });
}

/** The default route's gateway first, then every other next hop, each once. */
function gatewaysOf(out: CommandOutput): Gateway[] {
  const routes = parseIpRoute(out.stdout).value.routes;
  const all = [
    ...defaultGateways(routes).map((g) => ({ address: g.gateway, line: g.route.line })),
    ...routes.flatMap((r) => r.via.map((v) => ({ address: v, line: r.line }))),
  ];
  const seen = new Set<string>();
  return all.filter((g) => !seen.has(g.address) && (seen.add(g.address), true) && /^\d+\.\d+\.\d+\.\d+$/.test(g.address));
}

async function readFlows(ctx: CheckContext, bridge: string): Promise<BridgeFlows> {
  const output = await ctx.run(dpifFlows(bridge), { optional: true });
  return { bridge, output, flows: readProblem(output) ? undefined : parseDpifFlows(output.stdout).value.flows };
}

async function readOfport(ctx: CheckContext, vnet: string): Promise<number | undefined> {
  const out = await ctx.run(ovsInterfaceColumn(vnet, 'ofport'), { optional: true });
  return readProblem(out) ? undefined : ovsInteger(parseOvsGet(out.stdout).value);
}

/** The vNIC's drop flows for the address: by port name or MAC, and by its OpenFlow port number only when a flow needs it. */
async function flowsOfVnic(
  flows: readonly DpFlow[], vnic: Vnic, address: string, way: 'to' | 'from', ofportOf: (vnet: string) => Promise<number | undefined>, protocol = 'all',
): Promise<DpFlow[]> {
  const port: VnicPort = { name: vnic.iface.target, mac: vnic.iface.mac };
  const direct = dropFlows(flows, port, address, way, protocol);
  if (direct.length || way === 'from') return direct;
  // Only a drop to the address from a numbered port needs the vnet's number.
  const numbered = dropFlowsTo(flows, address).some((f) => /^\d+$/.test(f.fields.in_port ?? ''));
  if (!numbered) return direct;
  return dropFlows(flows, { ...port, ofport: await ofportOf(vnic.iface.target) }, address, way, protocol);
}

const sum = (flows: readonly DpFlow[]): number => flows.reduce((n, f) => n + f.packets, 0);

function interfaceEvidence(v: Vnic): Evidence[] {
  return v.span ? [excerpt(v.output, [v.span])] : [];
}

function ruleMsg(say: SayAclGateway, r: AclRule, params: Readonly<Record<string, string>>): Msg {
  return say.msg('rule', { priority: r.rule.priority ?? '?', action: r.rule.action, direction: r.rule.direction || '?', match: ruleMatch(r.rule, params) });
}

interface RuleHit {
  readonly vnic: Vnic;
  readonly rule: AclRule;
  readonly gw: Gateway;
  readonly way: 'to' | 'from';
  readonly routeOut: CommandOutput;
  readonly bf?: BridgeFlows | undefined;
  readonly dropping: readonly DpFlow[];
}

function ruleFinding(say: SayAclGateway, h: RuleHit): Finding<AclGatewayStep> {
  const { vnic, rule, gw, way, bf, dropping } = h;
  const acl = vnic.iface.filterref!.filter;
  const bridge = vnic.iface.bridge ?? '?';
  const values = {
    acl, vnet: vnic.iface.target, mac: vnic.iface.mac ?? '?', vm: vnic.vm, way: say.msg(way === 'to' ? 'wayTo' : 'wayFrom'), gateway: gw.address,
    rule: ruleMsg(say, rule, vnic.iface.filterref!.params), via: rule.filter !== acl ? say.msg('via', { filter: rule.filter, acl }) : '', bridge,
  };
  const evidence: Evidence[] = [
    ...interfaceEvidence(vnic),
    ...(rule.span ? [excerpt(rule.output, [rule.span])] : []),
    excerpt(h.routeOut, [gw.line]),
    ...(bf && dropping.length ? [excerpt(bf.output, dropping.map((f) => f.line))] : []),
  ];
  const recovery = {
    steps: ['capture-vnet-and-uplink', 'read-vm-filterref', 'read-acl-rules', 'find-drop-flow', 'edit-acl-rule'] as AclGatewayStep[],
    vars: { iface: vnic.iface.target, vm: vnic.vm, filter: rule.filter, vswitch: bridge, gateway: gw.address, rule: ruleMsg(say, rule, vnic.iface.filterref!.params) },
  };
  if (dropping.length) {
    return {
      severity: 'fail',
      message: (more) => say.msg('aclDropsGateway', { ...values, packets: sum(dropping), used: dropping[0]!.used ?? '?', more }),
      evidence,
      recovery,
    };
  }
  return { severity: 'warn', message: (more) => say.msg('aclRuleGateway', { ...values, more }), evidence, recovery };
}

function filterUnread(say: SayAclGateway, a: { vnic: Vnic; read: AclRead }, data: unknown) {
  const p = a.read.problem!;
  return say.unknown('filterUnread', { filter: p.filter, vnet: a.vnic.iface.target, vm: a.vnic.vm, why: readProblem(p.output)! }, {
    data,
    recovery: { steps: ['read-acl-rules'], vars: { filter: p.filter } },
  });
}

function flowsNote(say: SayAclGateway, flows: readonly BridgeFlows[]): MsgValue {
  if (flows.length === 0) return '';
  const bad = flows.filter((f) => !f.flows);
  if (bad.length) return say.msg('flowsUnread', { bridges: list(bad.map((f) => f.bridge)), why: readProblem(bad[0]!.output)! });
  return say.msg('flowsClean', { bridges: list(flows.map((f) => f.bridge)) });
}
