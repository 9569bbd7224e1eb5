/**
 * Guide 3.6.1 — packet loss or no traffic on a host or its VMs.
 *
 * Runs: `ovs-appctl bond/show` (mode, lacp_status, members), `ls -l
 * /sys/class/net` (which NICs are hardware), `ip -s -s -d link` twice,
 * `--sample-seconds` apart.
 * Decides: lacp_status `configured` (negotiation failed) and a bond without
 * a working member fail; an in-use NIC without carrier fails, one that is
 * administratively down warns; error counters that GROW between the samples
 * fail (dropped alone warns: the kernel also counts frames it does not want);
 * counters that do not grow are history and only reported.
 * Recommends: the guide's steps for what was found, in its order.
 */
import { evidence, missingProgram, problem } from '../../src/engine/outputs.js';
import type { CheckContext, CheckDefinition, CheckResult, Evidence } from '../../src/engine/types.js';
import { secondsBetweenSamples } from '../../src/engine/sampling.js';
import { text, type Text } from '../../src/i18n/text.js';
import { counterGrowth, type IpInterface, parseIpOutput } from '../../src/parsers/net.js';
import { type Bond, parseBondShow } from '../../src/parsers/ovs-bond.js';
import { parseClassNetListing } from '../../src/parsers/sysfs-net.js';
import { type Command, cmd } from '../../src/transport/command.js';
import { BOND_SHOW } from '../shared/commands.js';

const CLASS_NET = cmd('ls', '-l', '/sys/class/net');
const linkStats = (sample: number): Command => ({ argv: ['ip', '-s', '-s', '-d', 'link'], ...(sample > 1 ? { sample } : {}) });

/** Counters whose growth means frames are being lost or damaged, and the step that addresses each. */
const LOSS_COUNTERS: ReadonlyArray<{ counter: string; severity: 'fail' | 'warn'; step: string }> = [
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

interface Finding {
  readonly severity: 'fail' | 'warn';
  readonly summary: Text;
  readonly evidence: Evidence[];
  readonly steps: readonly string[];
  readonly iface?: string;
  readonly bond?: string;
}

async function run(ctx: CheckContext): Promise<CheckResult> {
  const [bondOut, classNet, first] = await Promise.all([ctx.run(BOND_SHOW), ctx.run(CLASS_NET), ctx.run(linkStats(1))]);
  const linkProblem = problem(first);
  if (linkProblem) return { status: 'unknown', summary: linkProblem };
  await ctx.sleep(ctx.options.sampleSeconds * 1000);
  const second = await ctx.run(linkStats(2));
  const before = parseIpOutput(first.stdout).value.interfaces;
  const after = parseIpOutput(second.stdout).value.interfaces;
  const secondOk = problem(second) === undefined && after.length > 0;
  const now = secondOk ? after : before;
  // Shown to a tenth of a second (`in 2.1 s`).
  const measured = secondsBetweenSamples(first.startedAt, second.startedAt, ctx.options.sampleSeconds) ?? ctx.options.sampleSeconds;
  const interval = Math.round(measured * 10) / 10;

  const hardware = new Set(parseClassNetListing(classNet.stdout).value.filter((e) => !e.virtual).map((e) => e.name));
  const bondUsable = !problem(bondOut) && !missingProgram(bondOut);
  const bonds = bondUsable ? parseBondShow(bondOut.stdout).value.bonds : [];
  const bondMembers = new Map(bonds.flatMap((b) => b.members.map((m) => [m.name, b] as const)));
  // Hardware NICs that carry something: in a bond or an OVS bridge, addressed, or meant to be up.
  const isPhysical = (i: IpInterface) => (hardware.size ? hardware.has(i.name) : i.linkType === 'ether' && !/^(vnet|tap|vif|veth|virbr|docker|ovs-|vswitch)/.test(i.name));
  const inUse = (i: IpInterface) => bondMembers.has(i.name) || i.master !== undefined || i.addresses.length > 0 || i.flags.includes('UP');
  const nics = now.filter((i) => isPhysical(i) && inUse(i));

  const findings: Finding[] = [];
  const bondLines = bondOut.stdout.split('\n');
  for (const b of bonds) findings.push(...bondFindings(b, bondOut, bondLines));

  for (const nic of nics) {
    const block = interfaceBlock(secondOk ? second.stdout : first.stdout, nic.name);
    const bond = bondMembers.get(nic.name);
    const role = bond ? text(` (member of ${bond.name})`, `（${bond.name} 的成员）`) : text('', '');
    const ev = evidence(secondOk ? second : first, block.slice(0, 2));
    if (!nic.flags.includes('UP')) {
      findings.push({ severity: bond ? 'fail' : 'warn', summary: text(`${nic.name}${role.en} is administratively down`, `${nic.name}${role.zh} 在软件层面处于 DOWN 状态`), evidence: [ev], steps: ['check-nic-state', 'bring-nic-up'], iface: nic.name });
    } else if (nic.flags.includes('NO-CARRIER') || !nic.flags.includes('LOWER_UP')) {
      findings.push({ severity: 'fail', summary: text(`${nic.name}${role.en} has no carrier: the physical link is down`, `${nic.name}${role.zh} 没有载波（NO-CARRIER）：物理链路断开`), evidence: [ev], steps: ['check-nic-state', 'fix-cabling'], iface: nic.name });
    }
  }

  const growth = secondOk ? counterGrowth(before, after) : {};
  const history: Record<string, Record<string, number>> = {};
  for (const nic of nics) {
    const grown = growth[nic.name] ?? {};
    const packets = (grown.rx_packets ?? 0) + (grown.tx_packets ?? 0);
    const lost = LOSS_COUNTERS.filter((c) => (grown[c.counter] ?? 0) > 0);
    const past = LOSS_COUNTERS.filter((c) => (nic.counters[c.counter] ?? 0) > 0 && !lost.includes(c));
    if (past.length) history[nic.name] = Object.fromEntries(past.map((c) => [c.counter, nic.counters[c.counter]!]));
    if (!lost.length) continue;
    const what = lost.map((c) => `${c.counter} +${grown[c.counter]}`).join(', ');
    const ratio = packets > 0 ? ` (${((lost.reduce((s, c) => s + (grown[c.counter] ?? 0), 0) / packets) * 100).toFixed(2)} % of ${packets} packets)` : '';
    const block = interfaceBlock(second.stdout, nic.name);
    findings.push({
      severity: lost.some((c) => c.severity === 'fail') ? 'fail' : 'warn',
      summary: text(
        `${nic.name}: ${what} in ${interval} s${ratio}`,
        `${nic.name}：${interval} 秒内 ${what}${ratio}`,
      ),
      evidence: [
        evidence(first, interfaceBlock(first.stdout, nic.name), text('first sample', '第一次采样')),
        evidence(second, block, text(`second sample, ${interval} s later`, `第二次采样，间隔 ${interval} 秒`)),
      ],
      steps: ['check-counter-growth', ...new Set(lost.map((c) => c.step))],
      iface: nic.name,
    });
  }
  findings.push(...mtuFindings(bonds, now, bondOut, bondLines));

  const data = {
    bonds: bonds.map((b) => ({ name: b.name, mode: b.mode, lacpStatus: b.lacpStatus, members: b.members.map((m) => ({ name: m.name, enabled: m.enabled, active: m.active })) })),
    nics: nics.map((n) => ({ name: n.name, flags: n.flags, mtu: n.mtu, master: n.master })),
    growth: Object.fromEntries(nics.map((n) => [n.name, growth[n.name] ?? {}])),
    historicalCounters: history,
    sampleSeconds: interval,
  };
  if (findings.length === 0) {
    if (nics.length === 0 && bonds.length === 0) {
      return { status: 'unknown', summary: text('No NIC in use was found to check.', '未找到在用的物理网卡可供检查。'), data };
    }
    const hist = Object.keys(history);
    const histNote = hist.length
      ? text(` Non-zero counters on ${hist.join(', ')} did not grow: history, not current loss.`, ` ${hist.join('、')} 上的计数不为零但没有增长：属于历史统计，不是当前丢包。`)
      : text('', '');
    return {
      status: secondOk ? 'ok' : 'unknown',
      summary: secondOk
        ? text(
            `${nics.length} NIC(s) up with carrier, ${bonds.length} bond(s) healthy, no error counter grew in ${interval} s.${histNote.en}`,
            `${nics.length} 块网卡已 UP 且有载波，${bonds.length} 个聚合正常，${interval} 秒内错误计数没有增长。${histNote.zh}`,
          )
        : text('NIC states are fine, but the second counter sample could not be taken.', '网卡状态正常，但第二次计数采样失败。'),
      data,
    };
  }
  findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'fail' ? -1 : 1));
  const top = findings[0]!;
  const steps = [...new Set(findings.flatMap((f) => f.steps))];
  return {
    status: top.severity,
    summary: findings.length > 1 ? text(`${top.summary.en} (+${findings.length - 1} more)`, `${top.summary.zh}（另有 ${findings.length - 1} 项）`) : top.summary,
    evidence: findings.flatMap((f) => f.evidence),
    recovery: { steps, vars: { host: ctx.host.name, iface: top.iface ?? '<iface>', bond: top.bond ?? bonds[0]?.name ?? '<bond>' } },
    data,
  };
}

function bondFindings(b: Bond, out: Parameters<typeof evidence>[0], lines: readonly string[]): Finding[] {
  const ev = evidence(out, bondBlock(lines, b.name));
  const found: Finding[] = [];
  if (b.lacpStatus === 'configured') {
    found.push({
      severity: 'fail',
      summary: text(`bond ${b.name}: lacp_status configured, LACP negotiation with the switch failed`, `聚合 ${b.name}：lacp_status 为 configured，与交换机的 LACP 动态协商失败`),
      evidence: [ev],
      steps: ['check-bond', 'fix-switch-lacp'],
      bond: b.name,
    });
  }
  const enabled = b.members.filter((m) => m.enabled);
  if (b.members.length && enabled.length === 0) {
    found.push({ severity: 'fail', summary: text(`bond ${b.name}: no member is enabled, the bond carries nothing`, `聚合 ${b.name}：没有处于 enabled 的成员，聚合口无法转发`), evidence: [ev], steps: ['check-bond', 'check-nic-state', 'fix-cabling'], bond: b.name });
  } else {
    const down = b.members.filter((m) => !m.enabled);
    if (down.length) {
      found.push({
        severity: 'warn',
        summary: text(`bond ${b.name}: member ${down.map((m) => m.name).join(', ')} disabled, no redundancy left`, `聚合 ${b.name}：成员 ${down.map((m) => m.name).join('、')} 为 disabled，已失去冗余`),
        evidence: [ev],
        steps: ['check-bond', 'check-nic-state', 'fix-cabling'],
        bond: b.name,
      });
    }
  }
  return found;
}

function mtuFindings(bonds: readonly Bond[], nics: readonly IpInterface[], out: Parameters<typeof evidence>[0], lines: readonly string[]): Finding[] {
  const mtu = new Map(nics.map((n) => [n.name, n.mtu]));
  return bonds.flatMap((b) => {
    const values = [...new Set(b.members.map((m) => mtu.get(m.name)).filter((v): v is number => v !== undefined))];
    if (values.length < 2) return [];
    const detail = b.members.map((m) => `${m.name} ${mtu.get(m.name) ?? '?'}`).join(', ');
    return [{
      severity: 'warn' as const,
      summary: text(`bond ${b.name}: members have different MTUs (${detail})`, `聚合 ${b.name}：成员 MTU 不一致（${detail}）`),
      evidence: [evidence(out, bondBlock(lines, b.name))],
      steps: ['check-mtu', 'fix-mtu'],
      bond: b.name,
    }];
  });
}

/** The lines of one bond in `ovs-appctl bond/show` output. */
function bondBlock(lines: readonly string[], name: string): string[] {
  const start = lines.findIndex((l) => l.includes(`---- ${name} ----`));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && /^---- .* ----/.test(l));
  return lines.slice(start, end < 0 ? undefined : end).filter((l) => l.trim() !== '');
}

/** The lines of one interface in `ip link` output. */
function interfaceBlock(stdout: string, name: string): string[] {
  const all = stdout.split('\n');
  const start = all.findIndex((l) => new RegExp(`^\\d+: ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[@:]`).test(l));
  if (start < 0) return [];
  const end = all.findIndex((l, i) => i > start && /^\d+: /.test(l));
  return all.slice(start, end < 0 ? undefined : end).filter((l) => l.trim() !== '');
}

export const check: CheckDefinition = { id: 'nic-packet-loss', run, waits: true };
