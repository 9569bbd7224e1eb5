/**
 * Guide 3.7.1 — NIC fault alarm on a host.
 *
 * Runs: `ip -o link` (flags, master, state), `ls -l /sys/class/net` (which
 * NICs are hardware), `ovs-appctl bond/show` and `ovs-vsctl show` (bond
 * members and the vswitch of each bond or NIC), one `grep -H` of
 * /sys/class/net/IF/{operstate,carrier,speed,duplex} for the hardware NICs,
 * then for each NIC in use `ethtool IF` (link detected, speed and duplex
 * against the best mode both ends advertise, auto-negotiation at both ends)
 * and `ethtool -i IF` (driver, firmware, PCI address); the NIC lines of the
 * syslog (bounded tail: link down/up, transmit timeouts, adapter resets,
 * hardware errors), matched to a NIC by name or PCI address.
 * Decides, one finding per NIC: a NIC in use (a bond or bridge member, or
 * configured up) that is administratively down or has no carrier fails,
 * unless another member of its bond still carries the traffic (warns: no
 * redundancy left); a link below the common speed, at half duplex or with
 * auto-negotiation on one side only warns; repeated link drops, transmit
 * timeouts, resets or hardware errors in the last 24 h warn. NICs that are
 * down and belong to nothing are unused ports, not faults.
 * Recommends: the guide's order: bring the NIC up, fix link and
 * negotiation, firmware, hardware.
 */
import { defineCheck, type SayOf } from '../../src/engine/define-check.js';
import { evidence, excerpt, readProblem } from '../../src/engine/outputs.js';
import type { CheckContext, CommandOutput, Evidence } from '../../src/engine/types.js';
import { list, type Msg, type MsgValue } from '../../src/i18n/message.js';
import { parseEthtool } from '../../src/parsers/ethtool.js';
import { ethtoolKeyLines, type EthtoolDriver, type Negotiation, negotiation, nicKernelEvent, type NicKernelEvent, parseEthtoolDriver } from '../../src/parsers/ethtool-link.js';
import { type IpOnelineInterface, parseIpOnelineInterfaces } from '../../src/parsers/ip-oneline.js';
import { type Bond, parseBondShow } from '../../src/parsers/ovs-bond.js';
import { parseVsctlShow } from '../../src/parsers/ovs-vsctl.js';
import { parseClassNetListing } from '../../src/parsers/sysfs-net.js';
import { parseSysfsValues } from '../../src/parsers/sysfs-values.js';
import { type Command, cmd } from '../../src/transport/command.js';
import { BOND_SHOW } from '../shared/commands.js';
import { hostNow, type LogMatch, readLog, SYSLOG_FILES } from '../shared/logs.js';
import { type Cause, causesResult } from '../shared/platform.js';
import { sysfsRead } from '../shared/sysfs.js';

export const IP_O_LINK = cmd('ip', '-o', 'link');
export const CLASS_NET = cmd('ls', '-l', '/sys/class/net');
export const OVS_SHOW = cmd('ovs-vsctl', 'show');
export const ethtoolOf = (iface: string): Command => cmd('ethtool', iface);
export const ethtoolDriverOf = (iface: string): Command => cmd('ethtool', '-i', iface);
export const NIC_LOG_PATTERN = 'NIC Link is|Link is (Down|Up)|Link (down|up)|transmit queue [0-9]+ timed out|tx timeout|Tx Unit Hang|Hardware Unit Hang|Reset adapter|adapter reset|PCIe? (Bus )?Error|firmware (error|crash)';
const RECENT_MS = 24 * 3600_000;
/** Link drops within the window that make a flapping link (one drop may be a planned cable change). */
const FLAPS = 2;
const SYS_FILES = ['operstate', 'carrier', 'speed', 'duplex'] as const;

const messages = {
  ok: {
    en: '{count} NIC(s) in use have carrier at the negotiated speed: {nics}; no NIC errors in the syslog in the last 24 h.',
    zh: '{count} 块在用网卡均有载波且协商正常：{nics}；最近 24 小时 syslog 中没有网卡错误。',
  },
  nicSpeed: { en: '{iface} {speed} {duplex}', zh: '{iface} {speed} {duplex}' },
  noNics: { en: 'No hardware NIC in use was found on this host.', zh: '此主机上没有找到在用的物理网卡。' },
  linksUnread: { en: 'The NIC states could not be read: {why}', zh: '无法读取网卡状态：{why}' },
  adminDown: { en: '{iface}{role} is administratively down (no UP flag){carried}.', zh: '{iface}{role}被人为置为 down（没有 UP 标志）{carried}。' },
  noCarrier: { en: '{iface}{role} has no carrier: the link is broken (cable, optics or switch port){carried}.', zh: '{iface}{role}没有载波：链路断开（网线、光模块或交换机端口）{carried}。' },
  negotiation: { en: '{iface}{role} negotiated {speed} {duplex}: {problems}.', zh: '{iface}{role}协商结果为 {speed} {duplex}：{problems}。' },
  nicErrors: { en: '{iface}{role}: {events} in the syslog in the last 24 h (driver {driver}, firmware {firmware}).', zh: '{iface}{role}：最近 24 小时 syslog 中有{events}（驱动 {driver}，固件 {firmware}）。' },
  alsoErrors: { en: '{finding} The syslog shows {events} in the last 24 h.', zh: '{finding}最近 24 小时 syslog 中有{events}。' },
  inBond: { en: ' (member of {bond} on {vswitch})', zh: '（{vswitch} 上 {bond} 的成员）' },
  inBondOnly: { en: ' (member of {bond})', zh: '（{bond} 的成员）' },
  onVswitch: { en: ' (uplink of {vswitch})', zh: '（{vswitch} 的上行口）' },
  inMaster: { en: ' (in {master})', zh: '（属于 {master}）' },
  carriedBy: { en: '; {bond} still carries the traffic over {members}, without redundancy', zh: '；{bond} 仍通过 {members} 转发，但已没有冗余' },
  notCarried: { en: '; no other member of {bond} carries the traffic', zh: '；{bond} 没有其他可用成员转发流量' },
  standalone: { en: '; no other NIC carries its traffic', zh: '；没有其他网卡承载它的流量' },
  speedUnknown: { en: 'speed Unknown! with a link', zh: '有链路但速率为 Unknown!' },
  duplexHalf: { en: 'half duplex', zh: '半双工' },
  belowCommon: { en: 'below {best}, which both ends advertise', zh: '低于两端都支持的 {best}' },
  autonegMismatch: { en: 'auto-negotiation {ours} here but {theirs} on the switch', zh: '本端自协商 {ours}，交换机端 {theirs}' },
  on: { en: 'on', zh: '开启' },
  off: { en: 'off', zh: '关闭' },
  linkDrops: { en: '{count} link drop(s)', zh: '{count} 次链路断开' },
  txTimeouts: { en: '{count} transmit timeout(s)', zh: '{count} 次发送超时' },
  resets: { en: '{count} adapter reset(s)', zh: '{count} 次网卡复位' },
  hwErrors: { en: '{count} hardware error(s)', zh: '{count} 次硬件错误' },
  unknownValue: { en: 'unknown', zh: '未知' },
} as const;

type SayNic = SayOf<'nic-fault', typeof messages>;
type NicStep = 'check-link-state' | 'check-negotiation' | 'read-syslog' | 'bring-nic-up' | 'fix-link-negotiation' | 'upgrade-nic-firmware' | 'replace-nic';

interface Nic {
  readonly iface: IpOnelineInterface;
  readonly name: string;
  readonly bond?: Bond | undefined;
  readonly vswitch?: string | undefined;
  readonly up: boolean;
  readonly carrier: boolean;
  readonly ethtool?: { readonly output: CommandOutput; readonly negotiation: Negotiation; readonly lines: Map<string, number>; readonly speed?: string | undefined; readonly duplex?: string | undefined } | undefined;
  readonly driver?: { readonly output: CommandOutput; readonly info: EthtoolDriver } | undefined;
  readonly sys: Readonly<Record<string, { value: string; line: number }>>;
  readonly sysOutput?: CommandOutput | undefined;
  readonly events: readonly { readonly m: LogMatch; readonly e: NicKernelEvent }[];
}

export const check = defineCheck({
  id: 'nic-fault',
  needs: [IP_O_LINK, CLASS_NET, { command: BOND_SHOW, optional: true }, { command: OVS_SHOW, optional: true }],
  messages,
  async run(ctx, say) {
    const [link, classNet, bondOut, ovsOut] = await Promise.all([ctx.run(IP_O_LINK), ctx.run(CLASS_NET), ctx.run(BOND_SHOW, { optional: true }), ctx.run(OVS_SHOW, { optional: true })]);
    const linkProblem = readProblem(link);
    if (linkProblem) return say.unknown('linksUnread', { why: linkProblem });
    const ifaces = parseIpOnelineInterfaces(link.stdout).value;
    const hardware = new Set(readProblem(classNet) ? [] : parseClassNetListing(classNet.stdout).value.filter((e) => !e.virtual).map((e) => e.name));
    const bonds = readProblem(bondOut) ? [] : parseBondShow(bondOut.stdout).value.bonds;
    const bridges = readProblem(ovsOut) ? [] : parseVsctlShow(ovsOut.stdout).value.bridges;
    const bondOf = (n: string) => bonds.find((b) => b.members.some((m) => m.name === n));
    const vswitchOf = (port: string) => bridges.find((br) => br.ports.some((p) => p.name === port || p.interfaces.some((i) => i.name === port)))?.name;
    const physical = ifaces.filter((i) => (hardware.size ? hardware.has(i.name) : i.linkType === 'ether' && !i.name.includes('.')));
    const inUse = physical.filter((i) => bondOf(i.name) !== undefined || i.master !== undefined || i.flags.includes('UP') || vswitchOf(i.name) !== undefined);
    if (inUse.length === 0) return say.notApplicable('noNics');

    const sys = await sysfsRead(ctx, inUse.flatMap((i) => SYS_FILES.map((f) => `/sys/class/net/${i.name}/${f}`)));
    const sysValues = sys.output ? parseSysfsValues(sys.output.stdout).value : [];
    const [now, log] = await Promise.all([hostNow(ctx), readLog(ctx, SYSLOG_FILES, NIC_LOG_PATTERN, { maxLines: 400 })]);
    const nics: Nic[] = await Promise.all(inUse.map(async (iface): Promise<Nic> => {
      const name = iface.name;
      const s = Object.fromEntries(sysValues.filter((v) => v.path.startsWith(`/sys/class/net/${name}/`)).map((v) => [v.path.split('/').pop()!, { value: v.value, line: v.line }]));
      const up = iface.flags.includes('UP');
      const [et, drv] = up ? await Promise.all([ctx.run(ethtoolOf(name)), ctx.run(ethtoolDriverOf(name), { optional: true })]) : [undefined, await ctx.run(ethtoolDriverOf(name), { optional: true })];
      const info = et && !readProblem(et) ? parseEthtool(et.stdout).value : undefined;
      const driver = drv && !readProblem(drv) ? { output: drv, info: parseEthtoolDriver(drv.stdout).value } : undefined;
      const carrier = up && !iface.flags.includes('NO-CARRIER') && iface.flags.includes('LOWER_UP') && s.carrier?.value !== '0' && info?.linkDetected !== false;
      const bond = bondOf(name);
      const events = log.matches.flatMap((m) => {
        if (m.time && now.getTime() - m.time.getTime() > RECENT_MS) return [];
        const e = nicKernelEvent(m.message);
        if (!e) return [];
        const mine = e.iface === name || (e.iface === undefined && e.pci !== undefined && e.pci === driver?.info.busInfo?.toLowerCase());
        return mine ? [{ m, e }] : [];
      });
      return {
        iface, name, bond, vswitch: vswitchOf(bond?.name ?? name) ?? vswitchOf(name), up, carrier, sys: s, sysOutput: sys.output, events,
        ethtool: et && info ? { output: et, negotiation: negotiation(info), lines: ethtoolKeyLines(et.stdout), speed: info.speed, duplex: info.duplex } : undefined,
        driver,
      };
    }));

    const causes: Cause<NicStep>[] = [];
    for (const nic of nics) {
      const c = nicCause(ctx, say, nic, nics, link, bondOut, log.output);
      if (c) causes.push(c);
    }
    causes.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'fail' ? -1 : 1));
    const data = {
      nics: nics.map((n) => ({
        name: n.name, up: n.up, carrier: n.carrier, bond: n.bond?.name, vswitch: n.vswitch, master: n.iface.master,
        speed: n.ethtool?.speed ?? n.sys.speed?.value, duplex: n.ethtool?.duplex ?? n.sys.duplex?.value, negotiation: n.ethtool?.negotiation.problems ?? [],
        driver: n.driver?.info.driver, firmware: n.driver?.info.firmware, busInfo: n.driver?.info.busInfo, recentEvents: n.events.map((x) => x.e.kind),
      })),
      unused: physical.filter((i) => !inUse.includes(i)).map((i) => i.name),
      syslog: log.file,
    };
    if (causes.length) return causesResult(say, causes, data);
    const shown = nics.filter((n) => n.carrier).map((n) => say.msg('nicSpeed', { iface: n.name, speed: n.ethtool?.speed ?? n.sys.speed?.value ?? '?', duplex: n.ethtool?.duplex ?? n.sys.duplex?.value ?? '' }));
    return say.ok('ok', { count: nics.length, nics: list(shown) }, { data });
  },
});

function roleOf(say: SayNic, nic: Nic): MsgValue {
  if (nic.bond && nic.vswitch) return say.msg('inBond', { bond: nic.bond.name, vswitch: nic.vswitch });
  if (nic.bond) return say.msg('inBondOnly', { bond: nic.bond.name });
  if (nic.vswitch) return say.msg('onVswitch', { vswitch: nic.vswitch });
  if (nic.iface.master && nic.iface.master !== 'ovs-system') return say.msg('inMaster', { master: nic.iface.master });
  return '';
}

/** Whether another member of the NIC's bond still forwards. */
function carriedMsg(say: SayNic, nic: Nic, all: readonly Nic[]): { msg: MsgValue; carried: boolean } {
  if (!nic.bond) return { msg: say.msg('standalone'), carried: false };
  const others = nic.bond.members.filter((m) => m.name !== nic.name && m.enabled).map((m) => m.name)
    .filter((n) => all.find((x) => x.name === n)?.carrier ?? true);
  return others.length
    ? { msg: say.msg('carriedBy', { bond: nic.bond.name, members: list(others) }), carried: true }
    : { msg: say.msg('notCarried', { bond: nic.bond.name }), carried: false };
}

function eventsMsg(say: SayNic, nic: Nic): { msg?: MsgValue | undefined; serious: boolean } {
  const count = (k: NicKernelEvent['kind']) => nic.events.filter((x) => x.e.kind === k).length;
  const parts: Msg[] = [];
  if (count('link-down') >= FLAPS) parts.push(say.msg('linkDrops', { count: count('link-down') }));
  if (count('tx-timeout')) parts.push(say.msg('txTimeouts', { count: count('tx-timeout') }));
  if (count('reset')) parts.push(say.msg('resets', { count: count('reset') }));
  if (count('hw-error')) parts.push(say.msg('hwErrors', { count: count('hw-error') }));
  return { msg: parts.length ? list(parts) : undefined, serious: parts.length > 0 };
}

function nicCause(ctx: CheckContext, say: SayNic, nic: Nic, all: readonly Nic[], link: CommandOutput, bondOut: CommandOutput, logOut: CommandOutput | undefined): Cause<NicStep> | undefined {
  const role = roleOf(say, nic);
  const vars = { host: ctx.host.name, iface: nic.name, bond: nic.bond?.name, vswitch: nic.vswitch };
  const ev: Evidence[] = [excerpt(link, [nic.iface.line])];
  const sysLines = Object.values(nic.sys).map((v) => v.line);
  const events = eventsMsg(say, nic);
  const logEv = logOut && nic.events.length ? [excerpt(logOut, nic.events.slice(-4).map((x) => x.m.line))] : [];
  const bondEv = nic.bond && !readProblem(bondOut) ? [evidence(bondOut)] : [];
  const withErrors = (c: Cause<NicStep>): Cause<NicStep> => (events.msg
    ? { ...c, message: say.msg('alsoErrors', { finding: c.message, events: events.msg }), evidence: [...c.evidence, ...logEv], steps: [...c.steps, 'read-syslog', 'upgrade-nic-firmware'] }
    : c);
  const inGroup = nic.bond !== undefined || (nic.iface.master !== undefined) || nic.vswitch !== undefined;
  if (!nic.up) {
    // down and in a bond or bridge: its traffic is gone; down and nothing else: an unused port
    if (!inGroup) return undefined;
    const { msg, carried } = carriedMsg(say, nic, all);
    return withErrors({ severity: carried ? 'warn' : 'fail', message: say.msg('adminDown', { iface: nic.name, role, carried: msg }), evidence: [...ev, ...bondEv], steps: ['check-link-state', 'bring-nic-up'], vars });
  }
  if (!nic.carrier) {
    const { msg, carried } = carriedMsg(say, nic, all);
    const etEv = nic.ethtool ? [excerpt(nic.ethtool.output, [...['Speed', 'Duplex', 'Link detected'].flatMap((k) => nic.ethtool!.lines.get(k) ?? [])])] : [];
    const sysEv = sys(nic, sysLines);
    return withErrors({
      severity: carried ? 'warn' : 'fail',
      message: say.msg('noCarrier', { iface: nic.name, role, carried: msg }),
      evidence: [...ev, ...sysEv, ...etEv, ...bondEv],
      steps: ['check-link-state', 'check-negotiation', 'read-syslog', 'fix-link-negotiation', 'replace-nic'],
      vars,
    });
  }
  const n = nic.ethtool?.negotiation;
  if (n && n.problems.length) {
    const problems = n.problems.map((p): Msg => {
      switch (p) {
        case 'speed-unknown': return say.msg('speedUnknown');
        case 'duplex-half': return say.msg('duplexHalf');
        case 'below-common': return say.msg('belowCommon', { best: n.bestCommon?.text ?? '?' });
        case 'autoneg-mismatch': return say.msg('autonegMismatch', { ours: say.msg(n.autoneg ? 'on' : 'off'), theirs: say.msg(n.partnerAutoneg ? 'on' : 'off') });
      }
    });
    const keys = ['Speed', 'Duplex', 'Auto-negotiation', 'Advertised link modes', 'Link partner advertised link modes', 'Link partner advertised auto-negotiation'];
    return withErrors({
      severity: 'warn',
      message: say.msg('negotiation', { iface: nic.name, role, speed: nic.ethtool?.speed ?? '?', duplex: nic.ethtool?.duplex ?? '?', problems: list(problems, { en: '; ', zh: '；' }) }),
      evidence: [excerpt(nic.ethtool!.output, keys.flatMap((k) => nic.ethtool!.lines.get(k) ?? []))],
      steps: ['check-negotiation', 'fix-link-negotiation'],
      vars,
    });
  }
  if (events.serious) {
    const unknown = say.msg('unknownValue');
    return {
      severity: 'warn',
      message: say.msg('nicErrors', { iface: nic.name, role, events: events.msg!, driver: nic.driver?.info.driver ?? unknown, firmware: nic.driver?.info.firmware ?? unknown }),
      evidence: [...logEv, ...(nic.driver ? [excerpt(nic.driver.output, ['driver', 'version', 'firmware-version', 'bus-info'].flatMap((k) => nic.driver!.info.lines[k] ?? []))] : [])],
      steps: ['read-syslog', 'upgrade-nic-firmware', 'replace-nic'],
      vars,
    };
  }
  return undefined;
}

function sys(nic: Nic, lines: readonly number[]): Evidence[] {
  return lines.length && nic.sysOutput ? [excerpt(nic.sysOutput, lines)] : [];
}
