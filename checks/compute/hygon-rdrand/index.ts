/**
 * Guide 3.4.9 — CentOS 5/6 VMs on Hygon C86 7280 hosts hit "soft lockup"
 * at boot: the guest kernel's get_random_bytes() uses rdrand, which this
 * CPU's host-model / passthrough VMs see and which is not stable here.
 *
 * Runs: `lscpu` (the model name; `cat /proc/cpuinfo` when lscpu is not
 * installed), then on a Hygon 7280 host `virsh -r list --all`, `virsh -r
 * dumpxml -- VM` of each VM (CPU mode, features, title, description,
 * libosinfo os id) and, for the VMs at risk, the tail of their qemu log for
 * "soft lockup" / get_random_bytes.
 * Decides: a VM in host-model or host-passthrough mode without `<feature
 * policy='disable' name='rdrand'/>` (or `forbid`) is at risk; its guest
 * system is guessed with a confidence (guest-os.ts). A CentOS/RHEL 5 or 6
 * guest (confidence 0.7 or more, or the soft lockup logged) fails; a guest
 * nothing names, or named only by the VM's name, warns with the confidence
 * said; a newer guest is fine. Not applicable on other CPUs (the model read
 * is said).
 * Recommends: the guide's `<cpu>` change, with the fragment to add shown
 * inside the VM's own `<cpu>` element, then a full shutdown and start.
 */
import { defineCheck, type SayOf } from '../../../src/engine/define-check.js';
import { excerpt, linesOf, readProblem } from '../../../src/engine/outputs.js';
import type { CommandOutput, Evidence } from '../../../src/engine/types.js';
import { list, type Msg } from '../../../src/i18n/message.js';
import { parseCpuModel } from '../../../src/parsers/proc-host.js';
import { elementSpans } from '../../../src/parsers/xml-lines.js';
import { cmd } from '../../../src/transport/command.js';
import { type LogRead, readLog } from '../../shared/logs.js';
import { qemuLogPath, type VmDefinition, vmDefinitions } from '../../shared/vm-definitions.js';
import { type GuestGuess, guessGuest } from './guest-os.js';

export const LSCPU = cmd('lscpu');
const CPUINFO = cmd('cat', '/proc/cpuinfo');
const HYGON_7280 = /\bHygon\b.*\b7280\b/i;
const AT_RISK_MODES = new Set(['host-model', 'host-passthrough']);
export const LOCKUP_LOG = 'soft lockup|get_random_bytes|BUG: soft';
/** A guess at least this sure of an old kernel fails; below it warns. */
const SURE = 0.7;
export const RDRAND_OFF = "<feature policy='disable' name='rdrand'/>";

const messages = {
  notHygon: { en: 'The host CPU is {model}, not a Hygon C86 7280: guide 3.4.9 does not apply.', zh: '主机 CPU 为 {model}，不是海光 C86 7280：指南 3.4.9 不适用。' },
  noModel: { en: 'The host CPU model could not be read from {command}.', zh: '无法从 {command} 读出主机 CPU 型号。' },
  cpuUnread: { en: 'The host CPU model could not be read: {why}', zh: '无法读取主机 CPU 型号：{why}' },
  noVms: { en: 'No VM is defined on Hygon host {host} ({model}).', zh: '海光主机 {host}（{model}）上没有定义虚拟机。' },
  listUnread: { en: 'The VMs of this host could not be listed: {why}', zh: '无法列出此主机的虚拟机：{why}' },
  xmlUnread: { en: 'The definition of VM {vm} could not be read: {why}', zh: '无法读取虚拟机 {vm} 的定义：{why}' },
  safe: {
    en: '{count} VM(s) on Hygon host {host} ({model}), none at risk: {disabled} with rdrand disabled, {otherMode} in another CPU mode, {newer} with a newer guest.',
    zh: '海光主机 {host}（{model}）上有 {count} 台虚拟机，均无风险：{disabled} 台已禁用 rdrand，{otherMode} 台使用其他 CPU 模式，{newer} 台客户机系统较新。',
  },
  oldGuest: {
    en: 'VM {vm} on {host} ({model}) runs CPU mode {mode} without rdrand disabled, and its guest is {os} ({source}, confidence {confidence}){lockup}: CentOS 5/6 kernels hang in get_random_bytes ("soft lockup") on this CPU.{more}',
    zh: '{host}（{model}）上的虚拟机 {vm} 使用 CPU 模式 {mode} 且未禁用 rdrand，其客户机系统为 {os}（{source}，置信度 {confidence}）{lockup}：CentOS 5/6 内核在此 CPU 上会卡在 get_random_bytes（“soft lockup”）。{more}',
  },
  unknownGuest: {
    en: 'VM {vm} on {host} ({model}) runs CPU mode {mode} without rdrand disabled; its guest system {guess} (confidence {confidence} that it is CentOS 5/6): if it is CentOS 5/6, it will hit "soft lockup" at boot.{more}',
    zh: '{host}（{model}）上的虚拟机 {vm} 使用 CPU 模式 {mode} 且未禁用 rdrand；其客户机系统{guess}（为 CentOS 5/6 的置信度 {confidence}）：若为 CentOS 5/6，开机时会出现“soft lockup”。{more}',
  },
  notNamed: { en: 'is not named in its definition', zh: '在定义中没有注明' },
  namedOnly: { en: 'is guessed as {os} from the VM name only', zh: '仅从虚拟机名称推测为 {os}' },
  lockup: { en: '; its qemu log shows "{line}"', zh: '；其 qemu 日志中有“{line}”' },
  more: { en: ' {count} more VM(s) at risk: {vms}.', zh: '另有 {count} 台虚拟机存在风险：{vms}。' },
  fromLibosinfo: { en: 'libosinfo os id {id}', zh: 'libosinfo 系统标识 {id}' },
  fromTitle: { en: 'its title', zh: '其标题' },
  fromDescription: { en: 'its description', zh: '其描述' },
  fromName: { en: 'its name', zh: '其名称' },
  fromLog: { en: 'the soft lockup in its qemu log', zh: '其 qemu 日志中的 soft lockup' },
  unknownOs: { en: 'an old (CentOS 5/6 era) kernel', zh: '旧版（CentOS 5/6 时代）内核' },
  fragment: {
    en: 'In {vm}, add {feature} as the last line inside {cpuTag}, before </cpu>; the element then reads: {xml}',
    zh: '在 {vm} 中把 {feature} 加到 {cpuTag} 内、</cpu> 之前的最后一行；改后该元素为：{xml}',
  },
} as const;

type SayRdrand = SayOf<'hygon-rdrand', typeof messages>;

interface AtRisk {
  readonly def: VmDefinition;
  readonly mode: string;
  readonly guess: GuestGuess;
  readonly log: LogRead;
}

export const check = defineCheck({
  id: 'hygon-rdrand',
  needs: [LSCPU],
  messages,
  async run(ctx, say) {
    const host = ctx.host.name;
    let cpuOut = await ctx.run(LSCPU);
    // util-linux is always there on Usphere; /proc/cpuinfo answers the same when it is not.
    if (cpuOut.read.kind === 'absent') cpuOut = await ctx.run(CPUINFO);
    const why = readProblem(cpuOut);
    if (why) return say.unknown('cpuUnread', { why });
    const cpu = parseCpuModel(cpuOut.stdout).value;
    if (!cpu.model) return say.unknown('noModel', { command: cpuOut.key }, { evidence: [excerpt(cpuOut, [])] });
    const model = cpu.model;
    const cpuEvidence = excerpt(cpuOut, [cpu.spans.model!, ...(cpu.spans.vendor ? [cpu.spans.vendor] : [])]);
    if (!HYGON_7280.test(model)) return say.notApplicable('notHygon', { model }, { evidence: [cpuEvidence], data: { model, vendor: cpu.vendor } });

    const defs = await vmDefinitions(ctx);
    if (defs.problem) return say.unknown('listUnread', { why: defs.problem });
    if (defs.vms.length === 0) return say.notApplicable('noVms', { host, model });
    const judged = defs.vms.filter((v) => !v.problem).map((def) => {
      const c = def.xml.cpu;
      const disabled = (c?.features ?? []).some((f) => f.name === 'rdrand' && (f.policy === 'disable' || f.policy === 'forbid'));
      return { def, mode: c?.mode ?? 'custom', disabled };
    });
    const candidates = judged.filter((j) => AT_RISK_MODES.has(j.mode) && !j.disabled);
    const atRisk: AtRisk[] = await Promise.all(candidates.map(async (c) => {
      const log = await readLog(ctx, [qemuLogPath(c.def.vm)], LOCKUP_LOG, { bytes: '4M', maxLines: 20 });
      const logged = !log.problem && log.matches.length > 0;
      return { def: c.def, mode: c.mode, guess: guessGuest(c.def.guest, c.def.vm, logged), log };
    }));
    const failing = atRisk.filter((r) => r.guess.oldKernel && r.guess.confidence >= SURE).sort((a, b) => b.guess.confidence - a.guess.confidence);
    // Below SURE an old-kernel guess, and a guest nothing names, stay a warning.
    const unsure = atRisk.filter((r) => !failing.includes(r) && (r.guess.oldKernel || r.guess.os === undefined));
    const data = {
      model, vendor: cpu.vendor,
      vms: judged.map((j) => {
        const r = atRisk.find((a) => a.def.vm === j.def.vm);
        return { vm: j.def.vm, state: j.def.state, cpuMode: j.mode, rdrandDisabled: j.disabled, guest: r?.guess.os, oldKernel: r?.guess.oldKernel, confidence: r?.guess.confidence, source: r?.guess.source };
      }),
    };
    const worst = failing[0] ?? unsure[0];
    if (worst) {
      const others = [...failing, ...unsure].filter((r) => r !== worst).map((r) => r.def.vm);
      const more = others.length ? say.msg('more', { count: others.length, vms: list(others) }) : '';
      const line = worst.log.matches.at(-1);
      const common = { vm: worst.def.vm, host, model, mode: worst.mode, confidence: worst.guess.confidence, more };
      const extras = {
        evidence: evidenceOf(worst, cpuEvidence),
        recovery: {
          steps: ['check-host-cpu', 'check-vm-cpu-mode', 'disable-rdrand', 'restart-vm'] satisfies ('check-host-cpu' | 'check-vm-cpu-mode' | 'disable-rdrand' | 'restart-vm')[],
          vars: { host, vm: worst.def.vm },
          found: { 'disable-rdrand': fragmentMsg(say, worst.def) },
        },
        data,
      };
      if (failing.includes(worst)) {
        return say.fail('oldGuest', {
          ...common, os: worst.guess.os ?? say.msg('unknownOs'), source: sourceMsg(say, worst),
          lockup: line ? say.msg('lockup', { line: line.message.trim() }) : '',
        }, extras);
      }
      const guess = worst.guess.os !== undefined ? say.msg('namedOnly', { os: worst.guess.os }) : say.msg('notNamed');
      return say.warn('unknownGuest', { ...common, guess }, extras);
    }
    const unread = defs.vms.find((v) => v.problem);
    if (unread) return say.unknown('xmlUnread', { vm: unread.vm, why: unread.problem! }, { data });
    return say.ok('safe', {
      count: judged.length, host, model,
      disabled: judged.filter((j) => j.disabled).length,
      otherMode: judged.filter((j) => !j.disabled && !AT_RISK_MODES.has(j.mode)).length,
      newer: atRisk.length,
    }, { evidence: [cpuEvidence], data });
  },
});

function sourceMsg(say: SayRdrand, r: AtRisk): Msg {
  switch (r.guess.source) {
    case 'libosinfo': return say.msg('fromLibosinfo', { id: r.def.guest.osId ?? '' });
    case 'title': return say.msg('fromTitle');
    case 'description': return say.msg('fromDescription');
    case 'name': return say.msg('fromName');
    default: return say.msg('fromLog');
  }
}

/** The VM's `<cpu>` element, the lines naming its guest, and the soft lockup lines of its qemu log. */
function evidenceOf(r: AtRisk, cpuEvidence: Evidence): Evidence[] {
  const xml = r.def.output.stdout;
  const spans = [
    ...elementSpans(xml, 'cpu').slice(0, 1),
    ...(r.guess.source === 'libosinfo' ? elementSpans(xml, 'metadata').slice(0, 1) : []),
    ...(r.guess.source === 'title' ? elementSpans(xml, 'title').slice(0, 1) : []),
    ...(r.guess.source === 'description' ? elementSpans(xml, 'description').slice(0, 1) : []),
  ];
  const log = r.log.output && !r.log.problem && r.log.matches.length ? [excerpt(r.log.output, r.log.matches.slice(-3).map((m) => m.line))] : [];
  return [cpuEvidence, excerpt(r.def.output, spans), ...log];
}

/** Where the guide's feature line goes in this VM's `<cpu>` element, and the element after the change (on one line: a step is a sentence). */
function fragmentMsg(say: SayRdrand, def: VmDefinition): Msg {
  const fixed = withRdrandOff(def.output).split('\n');
  return say.msg('fragment', { vm: def.vm, feature: RDRAND_OFF, cpuTag: fixed[0]!.trim(), xml: fixed.map((l) => l.trim()).join(' ') });
}

/** The VM's own `<cpu>` element with the guide's feature line added (a self-closing one is opened). */
export function withRdrandOff(out: CommandOutput): string {
  const span = elementSpans(out.stdout, 'cpu')[0];
  if (!span) return `<cpu mode='host-model'>\n  ${RDRAND_OFF}\n</cpu>`;
  const lines = linesOf(out.stdout, [span]);
  const indent = /^\s*/.exec(lines[0]!)![0];
  if (lines.length === 1 && /\/>\s*$/.test(lines[0]!)) {
    return [lines[0]!.replace(/\s*\/>\s*$/, '>'), `${indent}  ${RDRAND_OFF}`, `${indent}</cpu>`].join('\n');
  }
  return [...lines.slice(0, -1), `${indent}  ${RDRAND_OFF}`, lines.at(-1)!].join('\n');
}
