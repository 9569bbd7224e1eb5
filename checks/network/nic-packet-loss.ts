/**
 * Guide 3.6.1 — packet loss or no traffic on a host or its VMs.
 *
 * Runs: `ovs-appctl bond/show` (mode, lacp_status, members), `ls -l
 * /sys/class/net` (which NICs are hardware), `ip -s -s -d link` twice,
 * `--sample-seconds` apart.
 * Decides: lacp_status `configured` (negotiation failed) and a bond without
 * a working member fail; an in-use NIC without carrier fails, one that is
 * administratively down warns (fails when it is a bond member); error
 * counters that GROW between the samples fail (dropped alone warns: the
 * kernel also counts frames it does not want); counters that do not grow are
 * history and only reported; bond members with different MTUs warn.
 * Recommends: the guide's steps for everything found, in its order.
 */
import { defineCheck, type SayOf } from '../../src/engine/define-check.js';
import { excerpt, readProblem } from '../../src/engine/outputs.js';
import { secondsBetweenSamples } from '../../src/engine/sampling.js';
import type { CheckContext, CommandOutput, Evidence } from '../../src/engine/types.js';
import { list, type Msg } from '../../src/i18n/message.js';
import type { StepIdOf } from '../../src/kb/index.js';
import { parseEthtoolRing } from '../../src/parsers/ethtool-link.js';
import { counterGrowth, type IpInterface, parseIpOutput } from '../../src/parsers/net.js';
import { type Bond, parseBondShow } from '../../src/parsers/ovs-bond.js';
import { parseClassNetListing } from '../../src/parsers/sysfs-net.js';
import { type Command, cmd } from '../../src/transport/command.js';
import { BOND_SHOW } from '../shared/commands.js';
import { type Finding, findingsResult } from '../shared/pool-findings.js';

const CLASS_NET = cmd('ls', '-l', '/sys/class/net');
const linkStats = (sample: number): Command => ({ argv: ['ip', '-s', '-s', '-d', 'link'], ...(sample > 1 ? { sample } : {}) });

const messages = {
  linkUnreadable: { en: 'The NIC states and counters could not be read: {why}', zh: '无法读取网卡状态和计数：{why}' },
  noNics: { en: 'No NIC in use was found to check.', zh: '未找到在用的物理网卡可供检查。' },
  secondSampleMissing: {
    en: 'NIC states are fine, but the second counter sample could not be taken.',
    zh: '网卡状态正常，但第二次计数采样失败。',
  },
  healthy: {
    en: '{nics} NIC(s) up with carrier, {bonds} bond(s) healthy, no error counter grew in {seconds} s.{history}',
    zh: '{nics} 块网卡已 UP 且有载波，{bonds} 个聚合正常，{seconds} 秒内错误计数没有增长。{history}',
  },
  history: {
    en: ' Non-zero counters on {ifaces} did not grow: history, not current loss.',
    zh: ' {ifaces} 上的计数不为零但没有增长：属于历史统计，不是当前丢包。',
  },
  lacpConfigured: {
    en: 'bond {bond}: lacp_status configured, LACP negotiation with the switch failed{more}',
    zh: '聚合 {bond}：lacp_status 为 configured，与交换机的 LACP 动态协商失败{more}',
  },
  noMemberEnabled: {
    en: 'bond {bond}: no member is enabled, the bond carries nothing{more}',
    zh: '聚合 {bond}：没有处于 enabled 的成员，聚合口无法转发{more}',
  },
  membersDisabled: {
    en: 'bond {bond}: member {members} disabled, no redundancy left{more}',
    zh: '聚合 {bond}：成员 {members} 为 disabled，已失去冗余{more}',
  },
  adminDown: { en: '{iface}{role} is administratively down{more}', zh: '{iface}{role} 在软件层面处于 DOWN 状态{more}' },
  noCarrier: {
    en: '{iface}{role} has no carrier: the physical link is down{more}',
    zh: '{iface}{role} 没有载波（NO-CARRIER）：物理链路断开{more}',
  },
  memberOf: { en: ' (member of {bond})', zh: '（{bond} 的成员）' },
  countersGrew: { en: '{iface}: {grown} in {seconds} s{ratio}{more}', zh: '{iface}：{seconds} 秒内 {grown}{ratio}{more}' },
  counterDelta: { en: '{counter} +{delta}', zh: '{counter} +{delta}' },
  lossRatio: { en: ' ({percent} % of {packets} packets)', zh: '（占 {packets} 个包的 {percent}%）' },
  firstSample: { en: 'first sample', zh: '第一次采样' },
  secondSample: { en: 'second sample, {seconds} s later', zh: '第二次采样，间隔 {seconds} 秒' },
  mtuMismatch: { en: 'bond {bond}: members have different MTUs ({mtus}){more}', zh: '聚合 {bond}：成员 MTU 不一致（{mtus}）{more}' },
  memberMtu: { en: '{member} {mtu}', zh: '{member} {mtu}' },
  ringRoom: {
    en: '{iface} receives into {now} descriptors of a possible {max}.',
    zh: '{iface} 当前接收 Ring Buffer 为 {now}，最大可设为 {max}。',
  },
  ringFull: {
    en: '{iface} is at its maximum of {max} already: a larger ring cannot help here, look at who services its interrupts.',
    zh: '{iface} 已是最大值 {max}：再调大无济于事，请检查处理其中断的 CPU。',
  },
  ringSizes: { en: 'ring sizes of {iface}', zh: '{iface} 的 Ring Buffer 大小' },
} as const;

type SayNic = SayOf<'nic-packet-loss', typeof messages>;
type NicStep = StepIdOf<'nic-packet-loss'>;

/** Counters whose growth means frames are being lost or damaged, and the step that addresses each. */
const LOSS_COUNTERS: ReadonlyArray<{ counter: string; severity: 'fail' | 'warn'; step: NicStep }> = [
  { counter: 'rx_errors', severity: 'fail', step: 'check-counter-growth' },
  { counter: 'rx_frame', severity: 'fail', step: 'replace-cable-optics' },
  { counter: 'rx_crc', severity: 'fail', step: 'replace-cable-optics' },
  { counter: 'rx_overrun', severity: 'fail', step: 'spread-irqs' },
  { counter: 'rx_missed', severity: 'fail', step: 'grow-ring-buffer' },
  { counter: 'rx_fifo', severity: 'fail', step: 'grow-ring-buffer' },
  { counter: 'tx_errors', severity: 'fail', step: 'check-counter-growth' },
  { counter: 'tx_carrier', severity: 'fail', step: 'fix-cabling' },
  { counter: 'rx_dropped', severity: 'warn', step: 'grow-ring-buffer' },
  { counter: 'tx_dropped', severity: 'warn', step: 'check-counter-growth' },
];

/** A finding before the verdict: its steps join those of every other finding. */
interface NicFinding extends Omit<Finding<NicStep>, 'recovery'> {
  readonly steps: readonly NicStep[];
  readonly iface?: string;
  readonly bond?: string;
}

/** One sample of `ip -s -s -d link`: the output and its interfaces by name. */
interface Sample {
  readonly out: CommandOutput;
  readonly byName: ReadonlyMap<string, IpInterface>;
}

export const check = defineCheck({
  id: 'nic-packet-loss',
  waits: true,
  needs: [
    // The bonds are judged: a bond/show that failed leaves no ok (absent OVS is not a failure).
    BOND_SHOW,
    // Only which NICs are hardware: without it names and link types tell (below).
    { command: CLASS_NET, optional: true },
    linkStats(1),
  ],
  messages,
  async run(ctx, say) {
    const [bondOut, classNet, first] = await Promise.all([ctx.run(BOND_SHOW), ctx.run(CLASS_NET, { optional: true }), ctx.run(linkStats(1))]);
    const linkProblem = readProblem(first);
    if (linkProblem) return say.unknown('linkUnreadable', { why: linkProblem });
    await ctx.sleep(ctx.options.sampleSeconds * 1000);
    const second = await ctx.run(linkStats(2));
    const before = parseIpOutput(first.stdout).value.interfaces;
    const after = parseIpOutput(second.stdout).value.interfaces;
    const secondOk = readProblem(second) === undefined && after.length > 0;
    const earlier = sample(first, before);
    const now = secondOk ? sample(second, after) : earlier;
    // Shown to a tenth of a second (`in 2.1 s`).
    const measured = secondsBetweenSamples(first.startedAt, second.startedAt, ctx.options.sampleSeconds) ?? ctx.options.sampleSeconds;
    const seconds = Math.round(measured * 10) / 10;

    const hardware = new Set(readProblem(classNet) ? [] : parseClassNetListing(classNet.stdout).value.filter((e) => !e.virtual).map((e) => e.name));
    const bonds = readProblem(bondOut) ? [] : parseBondShow(bondOut.stdout).value.bonds;
    const bondOf = new Map(bonds.flatMap((b) => b.members.map((m) => [m.name, b] as const)));
    // Hardware NICs that carry something: in a bond or an OVS bridge, addressed, or meant to be up.
    const isPhysical = (i: IpInterface) => (hardware.size ? hardware.has(i.name) : i.linkType === 'ether' && !/^(vnet|tap|vif|veth|virbr|docker|ovs-|vswitch)/.test(i.name));
    const inUse = (i: IpInterface) => bondOf.has(i.name) || i.master !== undefined || i.addresses.length > 0 || i.flags.includes('UP');
    const nics = [...now.byName.values()].filter((i) => isPhysical(i) && inUse(i));

    const findings: NicFinding[] = [
      ...bonds.flatMap((b) => bondFindings(say, b, bondOut)),
      ...nics.flatMap((nic) => stateFinding(say, nic, bondOf.get(nic.name), now.out) ?? []),
    ];
    const growth = secondOk ? counterGrowth(before, after) : {};
    const history: Record<string, Record<string, number>> = {};
    for (const nic of nics) {
      const grown = growth[nic.name] ?? {};
      const lost = LOSS_COUNTERS.filter((c) => (grown[c.counter] ?? 0) > 0);
      const past = LOSS_COUNTERS.filter((c) => (nic.counters[c.counter] ?? 0) > 0 && !lost.includes(c));
      if (past.length) history[nic.name] = Object.fromEntries(past.map((c) => [c.counter, nic.counters[c.counter]!]));
      if (lost.length) findings.push(growthFinding(say, nic, grown, lost, earlier, now, seconds));
    }
    findings.push(...bonds.flatMap((b) => mtuFinding(say, b, bondOut, now) ?? []));

    const data = {
      bonds: bonds.map((b) => ({ name: b.name, mode: b.mode, lacpStatus: b.lacpStatus, members: b.members.map((m) => ({ name: m.name, enabled: m.enabled, active: m.active })) })),
      nics: nics.map((n) => ({ name: n.name, flags: n.flags, mtu: n.mtu, master: n.master })),
      growth: Object.fromEntries(nics.map((n) => [n.name, growth[n.name] ?? {}])),
      historicalCounters: history,
      sampleSeconds: seconds,
    };
    if (findings.length) {
      // Everything found is worked through, the worst first: the steps of all findings, in that order.
      const worstFirst = [...findings.filter((f) => f.severity === 'fail'), ...findings.filter((f) => f.severity === 'warn')];
      const steps = [...new Set(worstFirst.flatMap((f) => f.steps))];
      const host = ctx.host.name;
      const rings = steps.includes('grow-ring-buffer') ? await ringSizes(ctx, say, findings) : new Map<string, Ring>();
      return findingsResult(say, findings.map((f) => {
        const ring = f.iface ? rings.get(f.iface) : undefined;
        return {
          ...f,
          evidence: ring ? [...f.evidence, ring.evidence] : f.evidence,
          recovery: {
            steps,
            vars: { host, iface: f.iface, bond: f.bond ?? bonds[0]?.name, rxMax: ring?.rxMax },
            ...(ring ? { found: { 'grow-ring-buffer': ring.found } } : {}),
          },
        };
      }), data);
    }
    if (nics.length === 0 && bonds.length === 0) return say.unknown('noNics', {}, { data });
    if (!secondOk) return say.unknown('secondSampleMissing', {}, { data });
    const hist = Object.keys(history);
    return say.ok('healthy', {
      nics: nics.length,
      bonds: bonds.length,
      seconds,
      history: hist.length ? say.msg('history', { ifaces: list(hist) }) : '',
    }, { data });
  },
});

/** The receive ring of a NIC whose drops a larger ring might stop: what to fill into `ethtool -G`. */
interface Ring {
  readonly rxMax: number;
  readonly found: Msg;
  readonly evidence: Evidence;
}

/**
 * `ethtool -g` of each NIC the ring step is for. Optional: without it the
 * step keeps its `<rxMax>` placeholder and the verdict stands.
 */
async function ringSizes(ctx: CheckContext, say: SayNic, findings: readonly NicFinding[]): Promise<Map<string, Ring>> {
  const ifaces = [...new Set(findings.filter((f) => f.steps.includes('grow-ring-buffer') && f.iface).map((f) => f.iface!))];
  const read = await Promise.all(ifaces.map(async (iface) => [iface, await ctx.run(cmd('ethtool', '-g', iface), { optional: true })] as const));
  const rings = new Map<string, Ring>();
  for (const [iface, out] of read) {
    if (readProblem(out)) continue;
    const ring = parseEthtoolRing(out.stdout).value;
    const max = ring.max.rx;
    const now = ring.current.rx;
    if (max === undefined || now === undefined) continue;
    const lines = [ring.maxRxLine, ring.currentRxLine].filter((x): x is number => x !== undefined);
    rings.set(iface, {
      rxMax: max,
      found: now >= max ? say.msg('ringFull', { iface, max }) : say.msg('ringRoom', { iface, now, max }),
      evidence: excerpt(out, lines, say.msg('ringSizes', { iface })),
    });
  }
  return rings;
}

function sample(out: CommandOutput, interfaces: readonly IpInterface[]): Sample {
  return { out, byName: new Map(interfaces.map((i) => [i.name, i])) };
}

/** LACP that did not negotiate, and members that are not enabled. */
function bondFindings(say: SayNic, b: Bond, out: CommandOutput): NicFinding[] {
  const evidence = [excerpt(out, [b.span])];
  const bond = b.name;
  const found: NicFinding[] = [];
  if (b.lacpStatus === 'configured') {
    found.push({ severity: 'fail', message: (more) => say.msg('lacpConfigured', { bond, more }), evidence, steps: ['check-bond', 'fix-switch-lacp'], bond });
  }
  const down = b.members.filter((m) => !m.enabled);
  if (b.members.length && down.length === b.members.length) {
    found.push({ severity: 'fail', message: (more) => say.msg('noMemberEnabled', { bond, more }), evidence, steps: ['check-bond', 'check-nic-state', 'fix-cabling'], bond });
  } else if (down.length) {
    const members = list(down.map((m) => m.name));
    found.push({ severity: 'warn', message: (more) => say.msg('membersDisabled', { bond, members, more }), evidence, steps: ['check-bond', 'check-nic-state', 'fix-cabling'], bond });
  }
  return found;
}

/** An in-use NIC that is down in software, or up without carrier. */
function stateFinding(say: SayNic, nic: IpInterface, bond: Bond | undefined, out: CommandOutput): NicFinding | undefined {
  const iface = nic.name;
  const role = bond ? say.msg('memberOf', { bond: bond.name }) : '';
  // The header line holds the flags, the MTU, the master and the state.
  const evidence = [excerpt(out, [nic.line])];
  if (!nic.flags.includes('UP')) {
    return { severity: bond ? 'fail' : 'warn', message: (more) => say.msg('adminDown', { iface, role, more }), evidence, steps: ['check-nic-state', 'bring-nic-up'], iface };
  }
  if (nic.flags.includes('NO-CARRIER') || !nic.flags.includes('LOWER_UP')) {
    return { severity: 'fail', message: (more) => say.msg('noCarrier', { iface, role, more }), evidence, steps: ['check-nic-state', 'fix-cabling'], iface };
  }
  return undefined;
}

/** Error counters that grew between the two samples, with both samples of the NIC as evidence. */
function growthFinding(
  say: SayNic,
  nic: IpInterface,
  grown: Readonly<Record<string, number>>,
  lost: typeof LOSS_COUNTERS,
  first: Sample,
  second: Sample,
  seconds: number,
): NicFinding {
  const iface = nic.name;
  const packets = (grown.rx_packets ?? 0) + (grown.tx_packets ?? 0);
  const lostFrames = lost.reduce((s, c) => s + (grown[c.counter] ?? 0), 0);
  const ratio = packets > 0 ? say.msg('lossRatio', { percent: ((lostFrames / packets) * 100).toFixed(2), packets }) : '';
  const grownList = list(lost.map((c) => say.msg('counterDelta', { counter: c.counter, delta: grown[c.counter]! })), ', ');
  const evidence: Evidence[] = [
    excerpt(first.out, [first.byName.get(iface)!.span], say.msg('firstSample')),
    excerpt(second.out, [nic.span], say.msg('secondSample', { seconds })),
  ];
  return {
    severity: lost.some((c) => c.severity === 'fail') ? 'fail' : 'warn',
    message: (more) => say.msg('countersGrew', { iface, grown: grownList, seconds, ratio, more }),
    evidence,
    steps: ['check-counter-growth', ...new Set(lost.map((c) => c.step))],
    iface,
  };
}

/** Bond members with different MTUs: the bond block, and the members' lines of ip link that show them. */
function mtuFinding(say: SayNic, b: Bond, bondOut: CommandOutput, now: Sample): NicFinding | undefined {
  const members = b.members.map((m) => ({ name: m.name, iface: now.byName.get(m.name) }));
  const values = new Set(members.flatMap((m) => (m.iface?.mtu === undefined ? [] : [m.iface.mtu])));
  if (values.size < 2) return undefined;
  const mtus = list(members.map((m) => say.msg('memberMtu', { member: m.name, mtu: m.iface?.mtu ?? '?' })), ', ');
  // The steps look at one NIC: the first whose MTU differs from the first member's.
  const odd = members.find((m) => m.iface?.mtu !== undefined && m.iface.mtu !== members[0]!.iface?.mtu);
  return {
    severity: 'warn',
    message: (more) => say.msg('mtuMismatch', { bond: b.name, mtus, more }),
    evidence: [excerpt(bondOut, [b.span]), excerpt(now.out, members.flatMap((m) => (m.iface ? [m.iface.line] : [])))],
    steps: ['check-mtu', 'fix-mtu'],
    bond: b.name,
    ...(odd ? { iface: odd.name } : {}),
  };
}
