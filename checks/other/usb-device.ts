/**
 * Guide 3.8.5 — a USB device plugged into a VKS host is not recognised.
 *
 * Runs: `lsusb -t` (buses, ports, drivers and speeds: UHCI 12M, EHCI 480M,
 * XHCI 5000M), `lsusb`, and the kernel's USB lines of the syslog (bounded
 * tail): enumeration errors (`device descriptor read/64, error -71`,
 * `device not accepting address`, `unable to enumerate USB device`),
 * over-current, resets, new devices and disconnects, each naming its
 * bus-port (`2-1.4`, `usb1-port8`).
 * With `usdiag check usb-device --watch SECONDS`: `lsusb` and `lsusb -t`
 * again every 2 s (--sample-seconds when shorter; each a sample of its own)
 * while the engineer plugs the device in, ending early on Ctrl-C, then the
 * kernel lines once more.
 * Decides: without --watch, enumeration errors or over-current in the last
 * 24 h fail, naming the bus-port; otherwise ok, listing what is attached.
 * With --watch: a device that appeared and stayed is ok (a warning when it
 * sits on a USB 1.1 controller while faster ones exist, or left again);
 * enumeration errors during the watch fail (the host sees the device
 * electrically but cannot talk to it); nothing at all fails (the guide: the
 * system does not see the device).
 */
import { defineCheck, type SayOf } from '../../src/engine/define-check.js';
import { excerpt, readProblem } from '../../src/engine/outputs.js';
import type { CheckContext, CommandOutput, Evidence } from '../../src/engine/types.js';
import { list, type MsgValue } from '../../src/i18n/message.js';
import { controllerStandard, type LsusbDevice, parseLsusb, parseLsusbTree, type UsbBus, usbKernelEvent, type UsbKernelEvent, usbPortName } from '../../src/parsers/usb.js';
import { type Command, cmd } from '../../src/transport/command.js';
import { hostNow, type LogMatch, readLog, SYSLOG_FILES } from '../shared/logs.js';
import { duration } from '../shared/platform.js';

export const LSUSB = cmd('lsusb');
export const LSUSB_TREE = cmd('lsusb', '-t');
const at = (c: Command, sample: number): Command => (sample > 1 ? { ...c, sample } : c);
export const USB_LOG_PATTERN = 'usb [0-9]+-[0-9.]+: |usb usb[0-9]+-port[0-9]+: |usb [0-9]+-[0-9.]+-port[0-9]+: |hub [0-9]+-0:1.0: .*over-current';
/** Seconds between two samples of a watch (or --sample-seconds, when shorter). */
export const WATCH_STEP_S = 2;
const MAX_SAMPLES = 1800;
const RECENT_MS = 24 * 3600_000;

const messages = {
  seen: {
    en: 'No USB enumeration error or over-current in the kernel log of the last 24 h; attached: {devices}. To see a device being plugged in: usdiag check usb-device --host {host} --watch 60.',
    zh: '最近 24 小时内核日志中没有 USB 枚举错误或过流；当前设备：{devices}。要观察插入设备的过程：usdiag check usb-device --host {host} --watch 60。',
  },
  none: { en: 'no device besides the root hubs', zh: '除根集线器外没有设备' },
  device: { en: '{id} {name} on bus {bus} port {port} at {speed} ({driver})', zh: '{id} {name}，总线 {bus} 端口 {port}，速率 {speed}（{driver}）' },
  enumeration: {
    en: 'The kernel cannot enumerate the USB device on {where}: {count} error(s) ({error}), last {when}. The port, the cable or the device is at fault: plug it into another port, then try another device.',
    zh: '内核无法识别 {where} 上的 USB 设备：{count} 次错误（{error}），最近一次 {when}。插槽、线缆或设备本身有问题：请换一个插槽，仍不行再换一个设备。',
  },
  overCurrent: {
    en: 'Over-current on USB port {where} ({count} time(s), last {when}): the port cut the device\'s power. Plug it into another port; a device that draws too much needs its own power.',
    zh: 'USB 端口 {where} 过流（{count} 次，最近一次 {when}）：端口切断了设备供电。请换一个插槽；耗电过大的设备需要单独供电。',
  },
  appeared: {
    en: 'During {seconds} the host saw {device} appear on bus {bus} port {port} at {speed}, under {controller} ({controllerSpeed}): the device is recognised.',
    zh: '在 {seconds} 内主机识别到新设备 {device}，位于总线 {bus} 端口 {port}，速率 {speed}，控制器 {controller}（{controllerSpeed}）：设备已被识别。',
  },
  slowPort: {
    en: 'During {seconds} {device} appeared on bus {bus} port {port} under {controller}, a USB 1.1 controller ({controllerSpeed}), although the host has faster buses ({faster}): plug it into a port of those.',
    zh: '在 {seconds} 内 {device} 出现在总线 {bus} 端口 {port}，控制器 {controller} 为 USB1.1（{controllerSpeed}），而主机还有更快的总线（{faster}）：请插到这些总线的端口上。',
  },
  flapped: {
    en: 'During {seconds} {device} appeared on bus {bus} port {port} and was gone again by the end: a loose contact, the cable or the device.',
    zh: '在 {seconds} 内 {device} 出现在总线 {bus} 端口 {port}，但结束前又消失了：接触不良、线缆或设备有问题。',
  },
  watchEnumeration: {
    en: 'During {seconds} the kernel saw a device on {where} but could not enumerate it ({count} error(s): {error}): plug it into another port, then try another device.',
    zh: '在 {seconds} 内内核在 {where} 上检测到设备但无法识别（{count} 次错误：{error}）：请换一个插槽，仍不行再换一个设备。',
  },
  nothing: {
    en: 'Nothing appeared in {samples} lsusb samples over {seconds}, and the kernel logged no USB event: the host does not see the device at all. Try another port, then another device.',
    zh: '在 {seconds} 内的 {samples} 次 lsusb 采样中没有出现新设备，内核也没有记录 USB 事件：主机完全识别不到该设备。请换一个插槽，再换一个设备试试。',
  },
  interrupted: { en: '{seconds} (interrupted)', zh: '{seconds}（已中断）' },
  undated: { en: 'undated', zh: '无时间' },
  noSpeed: { en: 'unknown speed', zh: '速率未知' },
  busList: { en: 'bus {bus} {driver} {speed}', zh: '总线 {bus} {driver} {speed}' },
  usbUnread: { en: 'The USB devices could not be listed: {why}', zh: '无法列出 USB 设备：{why}' },
} as const;

type SayUsb = SayOf<'usb-device', typeof messages>;

interface Sample {
  readonly n: number;
  readonly lsusb: CommandOutput;
  readonly tree: CommandOutput;
  readonly devices: readonly LsusbDevice[];
  readonly buses: readonly UsbBus[];
}

export const check = defineCheck({
  id: 'usb-device',
  needs: [LSUSB, LSUSB_TREE],
  messages,
  async run(ctx, say) {
    const first = await sample(ctx, 1);
    const problem = readProblem(first.lsusb) ?? readProblem(first.tree);
    if (problem) return say.unknown('usbUnread', { why: problem });
    const watch = ctx.options.watchSeconds;
    if (watch !== undefined && watch > 0) return watched(ctx, say, first, watch);

    const [now, log] = await Promise.all([hostNow(ctx), readLog(ctx, SYSLOG_FILES, USB_LOG_PATTERN, { maxLines: 400 })]);
    const events = usbEvents(log.matches).filter((x) => !x.m.time || now.getTime() - x.m.time.getTime() <= RECENT_MS);
    const data = { buses: busData(first.buses), events: events.map((x) => ({ kind: x.e.kind, where: x.e.where, error: x.e.error, stamp: x.m.stamp })) };
    const bad = events.filter((x) => x.e.kind === 'enumeration-error' || x.e.kind === 'enumeration-failed' || x.e.kind === 'over-current');
    if (bad.length) {
      const over = bad.filter((x) => x.e.kind === 'over-current');
      const group = over.length && over.length === bad.length ? over : bad.filter((x) => x.e.kind !== 'over-current');
      const where = portOf(group.at(-1)!.e);
      const same = group.filter((x) => portOf(x.e) === where);
      const last = same.at(-1)!;
      const errors = [...new Set(same.flatMap((x) => (x.e.error !== undefined ? [String(x.e.error)] : [])))];
      const ev: Evidence[] = [excerpt(log.output!, same.slice(-6).map((x) => x.m.line)), treeEvidence(first, where)];
      const when = last.m.stamp ?? say.msg('undated');
      return group === over
        ? say.fail('overCurrent', { where, count: same.length, when }, { evidence: ev, recovery: { steps: ['change-usb-port', 'check-usb-tree', 'replace-usb-device'] }, data })
        : say.fail('enumeration', { where, count: same.length, error: errors.length ? list(errors.map((e) => `error ${e}`)) : last.e.kind, when }, { evidence: ev, recovery: { steps: ['check-usb-tree', 'change-usb-port', 'compare-lsusb', 'replace-usb-device'] }, data });
    }
    const devices = attached(say, first);
    return say.ok('seen', { devices: devices.length ? list(devices) : say.msg('none'), host: ctx.host.name }, { data });
  },
});

async function sample(ctx: CheckContext, n: number): Promise<Sample> {
  const [lsusb, tree] = await Promise.all([ctx.run(at(LSUSB, n)), ctx.run(at(LSUSB_TREE, n))]);
  return { n, lsusb, tree, devices: readProblem(lsusb) ? [] : parseLsusb(lsusb.stdout).value, buses: readProblem(tree) ? [] : parseLsusbTree(tree.stdout).value };
}

function usbEvents(matches: readonly LogMatch[]): { m: LogMatch; e: UsbKernelEvent }[] {
  return matches.flatMap((m) => {
    const e = usbKernelEvent(m.message);
    return e ? [{ m, e }] : [];
  });
}

/** `2-1.4` for a device, the hub port it hangs on for a port message. */
function portOf(e: UsbKernelEvent): string {
  return e.bus !== undefined && e.ports ? usbPortName(e.bus, e.ports) : e.where;
}

const deviceKey = (d: LsusbDevice) => `${d.bus}/${d.device}/${d.id}`;

function nodeOf(s: Sample, d: LsusbDevice) {
  const bus = s.buses.find((b) => b.bus === d.bus);
  return { bus, node: bus?.devices.find((x) => x.device === d.device) };
}

function deviceValues(say: SayUsb, s: Sample, d: LsusbDevice) {
  const { bus, node } = nodeOf(s, d);
  return {
    device: `${d.id}${d.name ? ` ${d.name}` : ''}`,
    bus: d.bus,
    port: node ? node.ports.join('.') : '?',
    speed: node?.speed ?? say.msg('noSpeed'),
    controller: bus?.root.driver ?? '?',
    controllerSpeed: bus?.root.speed ?? say.msg('noSpeed'),
  };
}

function attached(say: SayUsb, s: Sample): MsgValue[] {
  return s.devices.filter((d) => !d.rootHub).map((d) => {
    const v = deviceValues(say, s, d);
    return say.msg('device', { id: d.id, name: d.name, bus: d.bus, port: v.port, speed: v.speed, driver: v.controller });
  });
}

function treeEvidence(s: Sample, where: string): Evidence {
  const [busText] = where.replace(/^usb/, '').split(/[-.]/);
  const bus = s.buses.find((b) => String(b.bus) === busText);
  return bus ? excerpt(s.tree, [bus.root.span, ...bus.devices.map((d) => d.span)]) : excerpt(s.tree, [{ first: 1, last: 20 }]);
}

function busData(buses: readonly UsbBus[]) {
  return buses.map((b) => ({ bus: b.bus, driver: b.root.driver, speed: b.root.speed, standard: controllerStandard(b.root.driver), devices: b.devices.map((d) => ({ port: d.ports.join('.'), device: d.device, class: d.class, driver: d.driver, speed: d.speed })) }));
}

/** --watch: sample while the engineer plugs the device in, then say what appeared. */
async function watched(ctx: CheckContext, say: SayUsb, first: Sample, watch: number) {
  const start = await hostNow(ctx);
  const step = Math.min(WATCH_STEP_S, ctx.options.sampleSeconds);
  const count = Math.min(MAX_SAMPLES, Math.floor(watch / WATCH_STEP_S) + 1);
  const samples: Sample[] = [first];
  for (let n = 2; n <= count && !ctx.signal.aborted; n++) {
    await ctx.sleep(step * 1000);
    if (ctx.signal.aborted) break;
    samples.push(await sample(ctx, n));
  }
  const interrupted = samples.length < count;
  const elapsed = duration(samples.length === 1 ? 0 : (Date.parse(samples.at(-1)!.lsusb.startedAt) - Date.parse(first.lsusb.startedAt)) / 1000 || (samples.length - 1) * step);
  const seconds = interrupted ? say.msg('interrupted', { seconds: elapsed }) : duration(watch);
  const base = new Set(first.devices.map(deviceKey));
  const last = samples.at(-1)!;
  const finalKeys = new Set(last.devices.map(deviceKey));
  const seenLater = new Map<string, { s: Sample; d: LsusbDevice }>();
  for (const s of samples.slice(1)) for (const d of s.devices) if (!base.has(deviceKey(d)) && !d.rootHub && !seenLater.has(deviceKey(d))) seenLater.set(deviceKey(d), { s, d });

  // the kernel's words for the watch window (a second read of the same log)
  const log = await readLog({ host: ctx.host, run: (c, o) => ctx.run({ ...c, sample: 2 }, o) }, SYSLOG_FILES, USB_LOG_PATTERN, { maxLines: 400 });
  const during = usbEvents(log.matches).filter((x) => !x.m.time || x.m.time.getTime() >= start.getTime() - 1000);
  const data = {
    samples: samples.length, stepSeconds: step, interrupted, buses: busData(last.buses),
    appeared: [...seenLater.values()].map(({ s, d }) => ({ ...deviceValues(say, s, d), sample: s.n, stillThere: finalKeys.has(deviceKey(d)) })),
    kernelEvents: during.map((x) => ({ kind: x.e.kind, where: x.e.where, error: x.e.error })),
  };
  const stayed = [...seenLater.values()].filter(({ d }) => finalKeys.has(deviceKey(d)));
  const logEv = during.length && log.output ? [excerpt(log.output, during.slice(-6).map((x) => x.m.line))] : [];
  if (stayed.length) {
    const { s, d } = stayed[0]!;
    const v = deviceValues(say, s, d);
    const lsEv = excerpt(s.lsusb, [d.span]);
    const { bus, node } = nodeOf(s, d);
    const treeEv = bus ? excerpt(s.tree, [bus.root.span, ...(node ? [node.span] : [])]) : excerpt(s.tree, [1]);
    const faster = last.buses.filter((b) => controllerStandard(b.root.driver) !== 'usb1.1' && controllerStandard(b.root.driver) !== undefined);
    if (controllerStandard(bus?.root.driver) === 'usb1.1' && faster.length) {
      return say.warn('slowPort', { ...v, seconds, faster: list(faster.map((b) => say.msg('busList', { bus: b.bus, driver: b.root.driver ?? '?', speed: b.root.speed ?? '?' }))) }, {
        evidence: [lsEv, treeEv, ...logEv], recovery: { steps: ['check-usb-tree', 'change-usb-port'] }, data,
      });
    }
    return say.ok('appeared', { ...v, seconds }, { evidence: [lsEv, treeEv], data });
  }
  if (seenLater.size) {
    const { s, d } = [...seenLater.values()][0]!;
    return say.warn('flapped', { ...deviceValues(say, s, d), seconds }, { evidence: [excerpt(s.lsusb, [d.span]), ...logEv], recovery: { steps: ['change-usb-port', 'compare-lsusb', 'replace-usb-device'] }, data });
  }
  const errors = during.filter((x) => x.e.kind === 'enumeration-error' || x.e.kind === 'enumeration-failed' || x.e.kind === 'over-current');
  if (errors.length) {
    const where = portOf(errors.at(-1)!.e);
    const kinds = [...new Set(errors.map((x) => (x.e.error !== undefined ? `error ${x.e.error}` : x.e.kind)))];
    return say.fail('watchEnumeration', { seconds, where, count: errors.length, error: list(kinds) }, {
      evidence: [...logEv, treeEvidence(last, where)], recovery: { steps: ['change-usb-port', 'check-usb-tree', 'replace-usb-device'] }, data,
    });
  }
  return say.fail('nothing', { samples: samples.length, seconds }, {
    evidence: [excerpt(last.lsusb, last.devices.map((d) => d.span)), excerpt(last.tree, last.buses.map((b) => b.root.span))],
    recovery: { steps: ['change-usb-port', 'check-usb-tree', 'compare-lsusb', 'replace-usb-device'] },
    data,
  });
}
