/**
 * Who may send LLDP out of one NIC, read the read-only ways each source has:
 * lldpad (its control socket via lldptool, only while it runs, and its saved
 * configuration), the NIC firmware's own agent (the driver's private flag:
 * i40e disable-fw-lldp, ice fw-lldp-agent), Open vSwitch's own LLDP (the
 * Interface's lldp column) and lldpd (which sends on every port it is not
 * told to skip).
 */
import { excerpt, readProblem } from '../../../src/engine/outputs.js';
import type { CommandOutput, Evidence, HostContext } from '../../../src/engine/types.js';
import { firmwareLldp, parsePrivFlags } from '../../../src/parsers/ethtool-privflags.js';
import { ADMIN_STATUS_TX, type LldpadAgentConfig, parseLldptoolGet, parseLldptoolStats } from '../../../src/parsers/lldp.js';
import { parseOvsGet } from '../../../src/parsers/ovs-vsctl-get.js';
import type { Command } from '../../../src/transport/command.js';
import { ovsInterfaceColumn } from '../../shared/net-commands.js';

/** The NIC driver's private flags; exit 1 is the ioctl ethtool's "No private flags defined", an answer. */
export const privFlags = (iface: string): Command => ({ argv: ['ethtool', '--show-priv-flags', iface], okExit: [0, 1] });
/** lldpad's adminStatus for one interface; exit 1 carries a status (no agent on that device), an answer too. */
export const lldpadAdminStatus = (iface: string): Command => ({ argv: ['lldptool', 'get-lldp', '-i', iface, 'adminStatus'], okExit: [0, 1] });
/** lldpad's counters for one interface: frames it transmitted there. */
export const lldpadStats = (iface: string): Command => ({ argv: ['lldptool', 'stats', '-i', iface], okExit: [0, 1] });
export const LLDPAD_CONF = { argv: ['cat', '/var/lib/lldpad/lldpad.conf'] } satisfies Command;

export type Source =
  | {
    readonly kind: 'lldpad';
    readonly status: string;
    readonly evidence: Evidence;
    readonly running: boolean;
    /** lldptool stats: the frames lldpad transmitted on the interface. */
    readonly sent?: { readonly frames: number; readonly evidence: Evidence };
  }
  | { readonly kind: 'firmware'; readonly flag: string; readonly value: 'on' | 'off'; readonly driver: 'i40e' | 'ice'; readonly evidence: Evidence }
  | { readonly kind: 'ovs'; readonly evidence: Evidence }
  | { readonly kind: 'lldpd'; readonly pid: number; readonly args: string; readonly evidence: Evidence };

export type LldpadSource = Extract<Source, { kind: 'lldpad' }>;

export interface MemberLldp {
  readonly iface: string;
  /** What sends LLDP on it now. */
  readonly sending: readonly Source[];
  /** lldpad's saved configuration would send, but lldpad is not running. */
  readonly latent?: LldpadSource | undefined;
  /** How each source was found silent, for the ok (firmware flag, lldpad state). */
  readonly firmware: 'off' | 'no-flag' | 'unknown';
  /** A read this member's verdict rests on could not be made. */
  readonly problem?: CommandOutput | undefined;
}

export interface Agents {
  /** lldpad's ps line, when it runs. */
  readonly lldpad?: { readonly pid: number; readonly args: string; readonly evidence: Evidence } | undefined;
  readonly lldpd?: { readonly pid: number; readonly args: string; readonly evidence: Evidence } | undefined;
  /** lldpad.conf, when there is one: its agent groups, and the output to cut from. */
  readonly conf?: { readonly agents: readonly LldpadAgentConfig[]; readonly output: CommandOutput } | undefined;
}

/**
 * The adminStatus lldpad.conf gives an interface (nearest-bridge section):
 * its group, by name or `ifN` by its index, else the `common` group, which
 * lldpad reads for any setting an interface's group lacks.
 */
function confFor(agents: Agents, iface: string, ifindex: number | undefined): LldpadAgentConfig | undefined {
  const groups = agents.conf?.agents.filter((a) => a.section === 'lldp' && a.adminStatus !== undefined) ?? [];
  return groups.find((a) => a.key === iface)
    ?? groups.find((a) => ifindex !== undefined && a.key === `if${ifindex}`)
    ?? groups.find((a) => a.key === 'common');
}

export async function memberLldp(ctx: HostContext, agents: Agents, iface: string, ifindex: number | undefined): Promise<MemberLldp> {
  const sending: Source[] = [];
  let latent: LldpadSource | undefined;
  let problem: CommandOutput | undefined;

  const [flagsOut, ovsOut, lldpadOut] = await Promise.all([
    ctx.run(privFlags(iface)),
    ctx.run(ovsInterfaceColumn(iface, 'lldp')),
    // Only while lldpad runs: where it is socket-activated, asking would start it.
    agents.lldpad ? ctx.run(lldpadAdminStatus(iface), { optional: true }) : Promise.resolve(undefined),
  ]);

  let firmware: MemberLldp['firmware'] = 'unknown';
  if (!readProblem(flagsOut)) {
    const parsed = parsePrivFlags(`${flagsOut.stdout}\n${flagsOut.stderr}`).value;
    const fw = firmwareLldp(parsed);
    if (fw) {
      const driver = fw.flag.name === 'disable-fw-lldp' ? 'i40e' : 'ice';
      if (fw.on) sending.push({ kind: 'firmware', flag: fw.flag.name, value: fw.flag.on ? 'on' : 'off', driver, evidence: excerpt(flagsOut, [...(parsed.titleLine ? [parsed.titleLine] : []), fw.flag.line]) });
      else firmware = 'off';
    } else if (parsed.none || parsed.titleLine !== undefined) firmware = 'no-flag';
    else problem ??= flagsOut;
  } else problem ??= flagsOut;

  if (!readProblem(ovsOut)) {
    const v = parseOvsGet(ovsOut.stdout).value;
    if (v?.kind === 'map' && v.map?.enable === 'true') sending.push({ kind: 'ovs', evidence: excerpt(ovsOut, [v.line]) });
  } else if (ovsOut.read.kind !== 'absent') problem ??= ovsOut;

  const conf = confFor(agents, iface, ifindex);
  const confStatus = conf?.adminStatus;
  if (agents.lldpad) {
    const live = lldpadOut && !readProblem(lldpadOut) ? parseLldptoolGet(lldpadOut.stdout).value : undefined;
    const status = live?.values.adminStatus;
    if (status && ADMIN_STATUS_TX[status.value]) {
      // Its transmit counter shows the frames went out (a lead: the setting decides).
      const stats = await ctx.run(lldpadStats(iface), { optional: true });
      const sent = !readProblem(stats) ? parseLldptoolStats(stats.stdout).value.counters['Total Frames Transmitted'] : undefined;
      const evidence = excerpt(lldpadOut!, [status.line]);
      sending.push({ kind: 'lldpad', status: status.value, running: true, evidence, ...(sent ? { sent: { frames: sent.value, evidence: excerpt(stats, [sent.line]) } } : {}) });
    }
    else if (!status && !live?.status && confStatus && ADMIN_STATUS_TX[confStatus] && agents.conf) {
      // lldpad could not be asked: its saved configuration is what it runs with.
      sending.push({ kind: 'lldpad', status: confStatus, running: true, evidence: excerpt(agents.conf.output, [conf!.line, conf!.adminStatusLine!]) });
    }
  } else if (confStatus && ADMIN_STATUS_TX[confStatus] && agents.conf) {
    latent = { kind: 'lldpad', status: confStatus, running: false, evidence: excerpt(agents.conf.output, [conf!.line, conf!.adminStatusLine!]) };
  }

  if (agents.lldpd) sending.push({ kind: 'lldpd', pid: agents.lldpd.pid, args: agents.lldpd.args, evidence: agents.lldpd.evidence });
  return { iface, sending, latent, firmware, problem };
}
