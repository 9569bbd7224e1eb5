/**
 * Guide 3.6.3 — the backup member of an active-backup bond sends LLDP with
 * the virtual switch's MAC: the upstream switches learn that MAC on the
 * backup path and send the host's replies there, where OVS drops them.
 * The host pings the switch fine; pings from the switch are lost, and only
 * while one particular member is active.
 *
 * Reads: `ovs-appctl bond/show` (mode, active member, members), `ip -o link`
 * (each member's MAC and burned-in MAC, the bridge's MAC), `ps` (lldpad,
 * lldpd), lldpad's saved configuration, and for each bond `ovs-vsctl
 * port-to-br` (its virtual switch). For each backup member, and for the
 * active member when it carries the switch's MAC: the driver's private
 * flags (`ethtool --show-priv-flags`: the i40e/ice firmware's own LLDP
 * agent), the Interface's lldp column in OVS, and while lldpad runs its
 * adminStatus and transmit counter there (`lldptool get-lldp` / `stats`).
 *
 * Decides: a backup member that sends LLDP and carries the bridge's MAC
 * fails (the guide's case); the active member carrying the bridge's MAC and
 * sending LLDP warns (the case starts at the next failover), and so does a
 * backup that sends with a MAC of its own, or an lldpad configuration that
 * would transmit there once lldpad starts. Names the bond, the member, the
 * MAC, the bridge and what sends; recovery is the command that silences
 * that sender on that NIC, then the guide's steps.
 */
import { defineCheck } from '../../../src/engine/define-check.js';
import { excerpt, parsedOnce, readProblem } from '../../../src/engine/outputs.js';
import type { CheckContext, CommandOutput, Evidence } from '../../../src/engine/types.js';
import { list, type Msg, type MsgValue } from '../../../src/i18n/message.js';
import { type Bond, parseBondShow } from '../../../src/parsers/ovs-bond.js';
import { bondLines } from '../../../src/parsers/ovs-bond-lines.js';
import { type OnelineLink, parseIpOneline } from '../../../src/parsers/ip-oneline.js';
import { parseLldpadConf } from '../../../src/parsers/lldp.js';
import { parsePs, type PsRow } from '../../../src/parsers/ps.js';
import { cmd, type Command } from '../../../src/transport/command.js';
import { BOND_SHOW, PROCESSES } from '../../shared/commands.js';
import { IP_LINK } from '../../shared/net-commands.js';
import { type Finding, findingsResult } from '../../shared/pool-findings.js';
import { type BondLldpStep, messages, type SayBondLldp, steps } from './messages.js';
import { type Agents, LLDPAD_CONF, memberLldp, type MemberLldp, type Source } from './sources.js';

interface BondData {
  readonly bond: string;
  readonly bridge?: string | undefined;
  readonly bridgeMac?: string | undefined;
  readonly active: string;
  readonly backups: readonly string[];
  readonly members: readonly { iface: string; sending: string[]; latent?: string | undefined; firmware: MemberLldp['firmware'] }[];
}

const portToBridge = (port: string): Command => cmd('ovs-vsctl', 'port-to-br', port);

interface BondView {
  readonly bond: Bond;
  readonly active: string;
  readonly backups: readonly string[];
  readonly bridge?: string | undefined;
  readonly bridgeMac?: string | undefined;
  /** bond/show and ip -o link lines of the bond, its members and its bridge. */
  readonly evidence: readonly Evidence[];
}

export const check = defineCheck({
  id: 'bond-lldp',
  needs: [BOND_SHOW, IP_LINK, PROCESSES, { command: LLDPAD_CONF, optional: true }],
  messages,
  steps,
  async run(ctx, say) {
    const host = ctx.host.name;
    const bondOut = await ctx.run(BOND_SHOW);
    if (bondOut.read.kind === 'absent') return say.notApplicable('noOvs', { host, why: readProblem(bondOut)! });
    const bondProblem = readProblem(bondOut);
    if (bondProblem) return say.unknown('bondUnread', { host, why: bondProblem }, { recovery: { steps: [] } });
    const bonds = parseBondShow(bondOut.stdout).value.bonds;
    if (bonds.length === 0) return say.notApplicable('noBonds', { host });
    const ab = bonds.filter((b) => b.mode === 'active-backup');
    if (ab.length === 0) {
      return say.notApplicable('noActiveBackup', { host, bonds: list(bonds.map((b) => say.msg('bondMode', { bond: b.name, mode: b.mode ?? '?' }))) });
    }
    const live = ab.filter((b) => activeOf(b) !== undefined);
    if (live.length === 0) return say.notApplicable('noActiveMember', { bonds: list(ab.map((b) => b.name)) });

    const [linkOut, psOut, confOut] = await Promise.all([ctx.run(IP_LINK), ctx.run(PROCESSES), ctx.run(LLDPAD_CONF, { optional: true })]);
    const baseProblem = readProblem(linkOut) ?? readProblem(psOut);
    if (baseProblem) return say.unknown('bondUnread', { host, why: baseProblem }, { recovery: { steps: [] } });
    const links = new Map(parseIpOneline(linkOut.stdout).value.links.map((l) => [l.name, l]));
    const agents = agentsOf(parsedOnce(psOut, parsePs).value, psOut, confOut);

    const views = await Promise.all(live.map((b) => viewOf(ctx, b, bondOut, linkOut, links)));
    const findings: Finding<BondLldpStep>[] = [];
    const unread: { iface: string; bond: string; why: Msg }[] = [];
    const data: BondData[] = [];
    for (const v of views) {
      const activeMac = macsOf(links.get(v.active));
      const activeHasBridgeMac = v.bridgeMac !== undefined && activeMac.includes(v.bridgeMac);
      const examined = [...v.backups, ...(activeHasBridgeMac ? [v.active] : [])];
      const members = await Promise.all(examined.map((iface) => memberLldp(ctx, agents, iface, links.get(iface)?.index)));
      for (const m of members) {
        const role = m.iface === v.active ? 'active' : 'backup';
        const finding = judge(say, host, v, m, role, macsOf(links.get(m.iface)), links.get(m.iface));
        if (finding) findings.push(finding);
        else if (m.problem && m.sending.length === 0) unread.push({ iface: m.iface, bond: v.bond.name, why: readProblem(m.problem)! });
      }
      data.push({
        bond: v.bond.name, bridge: v.bridge, bridgeMac: v.bridgeMac, active: v.active, backups: v.backups,
        members: members.map((m) => ({ iface: m.iface, sending: m.sending.map((s) => s.kind), latent: m.latent?.kind, firmware: m.firmware })),
      });
    }
    if (findings.length) return findingsResult(say, findings, { bonds: data });
    if (unread.length) {
      const u = unread[0]!;
      return say.unknown('memberUnread', u, { data: { bonds: data }, recovery: { steps: ['check-bond', 'capture-backup-member'], vars: { iface: u.iface, bond: u.bond } } });
    }
    return say.ok('ok', {
      count: views.length,
      bonds: list(views.map((v) => say.msg('okBond', {
        bond: v.bond.name, bridge: v.bridge ?? '?', active: v.active, backups: list(v.backups),
        silent: say.msg('silent', {
          firmware: list(data.find((d) => d.bond === v.bond.name)!.members
            .filter((m) => v.backups.includes(m.iface))
            .map((m) => say.msg(m.firmware === 'off' ? 'firmwareOff' : 'firmwareNoFlag'))),
          lldpad: say.msg(agents.lldpad ? 'lldpadNotSending' : 'lldpadNotRunning'),
          lldpd: agents.lldpd ? say.msg('lldpdSkips', { ports: lldpdPatterns(agents.lldpd.args) ?? '?' }) : say.msg('lldpdNotRunning'),
        }),
      })), '; '),
    }, { data: { bonds: data } });
  },
});

/** The active member: bond/show's `active member mac ... (NAME)`, or the member marked active. */
function activeOf(b: Bond): string | undefined {
  return b.activeMember ?? b.members.find((m) => m.active)?.name;
}

function macsOf(l: OnelineLink | undefined): string[] {
  return l ? [l.mac, l.permaddr].filter((m): m is string => m !== undefined) : [];
}

/** lldpad and lldpd from the process list (lldpd forks: its first process is enough), and lldpad.conf. */
function agentsOf(rows: readonly PsRow[], psOut: CommandOutput, confOut: CommandOutput): Agents {
  const find = (name: string) => {
    const r = rows.find((x) => x.comm === name);
    return r ? { pid: r.pid, args: r.args ?? name, evidence: excerpt(psOut, [...(r.headerLine ? [r.headerLine] : []), r.line]) } : undefined;
  };
  const conf = readProblem(confOut) ? undefined : { agents: parseLldpadConf(confOut.stdout).value.agents, output: confOut };
  return { lldpad: find('lldpad'), lldpd: find('lldpd'), conf };
}

async function viewOf(ctx: CheckContext, bond: Bond, bondOut: CommandOutput, linkOut: CommandOutput, links: ReadonlyMap<string, OnelineLink>): Promise<BondView> {
  const active = activeOf(bond)!;
  const backups = bond.members.map((m) => m.name).filter((n) => n !== active);
  // The bridge only names the MAC the switches must not learn on the backup: a lead.
  const brOut = await ctx.run(portToBridge(bond.name), { optional: true });
  const bridge = readProblem(brOut) ? undefined : brOut.stdout.trim().split('\n')[0]?.trim() || undefined;
  const bridgeLink = bridge !== undefined ? links.get(bridge) : undefined;
  const at = bondLines(bondOut.stdout).find((b) => b.name === bond.name);
  const bondSpan = at ? [at.first, at.keys['bond_mode'], at.keys['active member mac'] ?? at.keys['active slave mac'], ...Object.values(at.members)] : [];
  const linkLines = [...bond.members.map((m) => links.get(m.name)?.line), bridgeLink?.line];
  const evidence: Evidence[] = [];
  if (bondSpan.length) evidence.push(excerpt(bondOut, bondSpan.filter((n): n is number => n !== undefined)));
  const present = linkLines.filter((n): n is number => n !== undefined);
  if (present.length) evidence.push(excerpt(linkOut, present));
  if (bridge !== undefined) evidence.push(excerpt(brOut, [1]));
  return { bond, active, backups, bridge, bridgeMac: bridgeLink?.mac, evidence };
}

/** The command that silences each sender on the NIC, in the order they are listed. */
function silencers(sources: readonly Source[]): BondLldpStep[] {
  return [...new Set(sources.map((s): BondLldpStep => {
    switch (s.kind) {
      case 'firmware': return s.driver === 'i40e' ? 'fw-lldp-off-i40e' : 'fw-lldp-off-ice';
      case 'lldpad': return 'lldpad-rx-only';
      case 'ovs': return 'ovs-lldp-off';
      case 'lldpd': return 'lldpd-rx-only';
    }
  }))];
}

function sourceMsg(say: SayBondLldp, s: Source): Msg {
  switch (s.kind) {
    case 'firmware': return say.msg('srcFirmware', { driver: s.driver, flag: s.flag, value: s.value });
    case 'lldpad': return s.sent ? say.msg('srcLldpadSent', { status: s.status, frames: s.sent.frames }) : say.msg('srcLldpad', { status: s.status });
    case 'ovs': return say.msg('srcOvs');
    case 'lldpd': return say.msg('srcLldpd', { pid: s.pid });
  }
}

function sourceEvidence(s: Source): Evidence[] {
  return [s.evidence, ...(s.kind === 'lldpad' && s.sent ? [s.sent.evidence] : [])];
}

/** The interface patterns lldpd was started with (`-I eth2,eth3`), if any. */
function lldpdPatterns(args: string): string | undefined {
  return /(?:^|\s)-I\s*(\S+)/.exec(args)?.[1];
}

/** lldpd's `-I` patterns (comma separated, `!` excludes, `*` and `?` globs): whether it uses the port. */
function lldpdUses(args: string, iface: string): boolean {
  const patterns = lldpdPatterns(args);
  if (patterns === undefined) return true;
  const glob = (p: string) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  let used = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('!')) {
      if (glob(p.slice(1)).test(iface)) return false;
    } else if (glob(p).test(iface)) used = true;
  }
  return used;
}

function judge(
  say: SayBondLldp, host: string, v: BondView, m: MemberLldp, role: 'active' | 'backup', macs: readonly string[], link: OnelineLink | undefined,
): Finding<BondLldpStep> | undefined {
  const sending = m.sending.filter((s) => s.kind !== 'lldpd' || lldpdUses(s.args, m.iface));
  const bridgeMac = v.bridgeMac !== undefined && macs.includes(v.bridgeMac);
  const mac = bridgeMac ? v.bridgeMac! : link?.mac ?? '?';
  const base = { iface: m.iface, bond: v.bond.name, mac, bridge: v.bridge ?? '?' };
  const vars = { iface: m.iface, bond: v.bond.name };
  const sources = list(sending.map((s) => sourceMsg(say, s)), '; ');
  const evidence = [...v.evidence, ...sending.flatMap(sourceEvidence)];
  const fixes = silencers(sending);
  if (sending.length && role === 'backup') {
    if (bridgeMac) {
      return {
        severity: 'fail',
        message: (more: MsgValue) => say.msg('backupSendsBridgeMac', { ...base, active: v.active, sources, more }),
        evidence,
        recovery: { steps: ['check-bond', 'capture-backup-member', ...fixes, 'disable-nic-lldp'], vars },
      };
    }
    return {
      severity: 'warn',
      message: (more: MsgValue) => say.msg('backupSendsLldp', { ...base, active: v.active, bridgeMac: v.bridgeMac ?? '?', sources, more }),
      evidence,
      recovery: { steps: [...fixes, 'disable-nic-lldp'], vars },
    };
  }
  if (sending.length && role === 'active' && bridgeMac) {
    return {
      severity: 'warn',
      message: (more: MsgValue) => say.msg('activeSendsBridgeMac', { ...base, backups: list(v.backups), sources, more }),
      evidence,
      recovery: { steps: [...fixes, 'disable-nic-lldp'], vars },
    };
  }
  if (!sending.length && m.latent?.kind === 'lldpad' && bridgeMac) {
    return {
      severity: 'warn',
      message: (more: MsgValue) => say.msg('lldpadWouldSend', {
        ...base, host, status: m.latent!.status,
        role: say.msg(role === 'active' ? 'roleActive' : 'roleBackup'), more,
      }),
      evidence: [...v.evidence, m.latent.evidence],
      recovery: { steps: ['lldpad-conf-rx-only', 'disable-nic-lldp'], vars },
    };
  }
  return undefined;
}
