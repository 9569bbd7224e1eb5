/**
 * USB as the host sees it (guide 3.8.5):
 *
 *   lsusb      Bus 001 Device 003: ID 0951:1666 Kingston Technology DataTraveler 100 G3
 *   lsusb -t   /:  Bus 02.Port 1: Dev 1, Class=root_hub, Driver=ehci-pci/2p, 480M
 *                  |__ Port 1: Dev 2, If 0, Class=Hub, Driver=hub/8p, 480M
 *
 * `lsusb -t` prints one line per interface (a device with two interfaces
 * appears twice), children indented four columns per level; newer usbutils
 * append `ID vvvv:pppp name` lines (`-tv`) or extra fields: tolerated.
 *
 * The kernel's enumeration messages name a device by `BUS-PORT[.PORT...]`
 * (`usb 2-1.4: device descriptor read/64, error -71`) and a hub port by
 * `usbBUS-portN` or `BUS-PORT-portN` (`usb usb1-port8: unable to enumerate USB device`).
 */
import { issue, lines, lineSpan, type ParseIssue, type Parsed, type Span } from './types.js';

export interface LsusbDevice {
  readonly bus: number;
  readonly device: number;
  /** `vvvv:pppp`, lower case. */
  readonly id: string;
  /** The rest of the line (may be empty). */
  readonly name: string;
  /** `1d6b` is the Linux Foundation: root hubs. */
  readonly rootHub: boolean;
  readonly span: Span;
}

const LSUSB = /^Bus (\d{3}) Device (\d{3}): ID ([0-9a-fA-F]{4}:[0-9a-fA-F]{4})(?: (.*))?$/;

export function parseLsusb(input: string): Parsed<LsusbDevice[]> {
  const value: LsusbDevice[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const m = LSUSB.exec(text);
    if (!m) {
      issues.push(issue(i + 1, raw, 'not an lsusb line'));
      return;
    }
    const id = m[3]!.toLowerCase();
    const name = (m[4] ?? '').trim();
    value.push({ bus: Number(m[1]), device: Number(m[2]), id, name, rootHub: id.startsWith('1d6b:') && /root hub/i.test(name), span: lineSpan(i + 1) });
  });
  return { value, issues };
}

export interface UsbTreeNode {
  readonly bus: number;
  /** Port path from the root hub: `[]` for the root hub itself, `[1, 4]` for port 4 of the hub on port 1. */
  readonly ports: readonly number[];
  readonly device: number;
  /** Interface numbers seen (root hubs have none). */
  readonly interfaces: readonly number[];
  /** `root_hub`, `Hub`, `Mass Storage`, `Human Interface Device`... of the first interface. */
  readonly class: string;
  /** `ehci-pci`, `xhci_hcd`, `uhci_hcd`, `usb-storage`, `hub`... without the `/Np` port count. */
  readonly driver?: string;
  /** Ports of a hub (`/6p`). */
  readonly hubPorts?: number;
  /** `1.5M`, `12M`, `480M`, `5000M`, `10000M` as printed. */
  readonly speed?: string;
  readonly speedMbps?: number;
  readonly span: Span;
}

export interface UsbBus {
  readonly bus: number;
  readonly root: UsbTreeNode;
  /** Every device below the root hub, each once (its interfaces merged), in output order. */
  readonly devices: readonly UsbTreeNode[];
}

const ROOT = /^\/:\s+Bus (\d+)\.Port (\d+): Dev (\d+), (.*)$/;
const CHILD = /^\|__ Port (\d+): Dev (\d+), If (\d+), (.*)$/;

function speedOf(text: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)M$/.exec(text ?? '');
  return m ? Number(m[1]) : undefined;
}

/** `Class=Hub, Driver=hub/4p, 480M` → class, driver, ports, speed (extra trailing fields tolerated). */
function attributes(rest: string): Pick<UsbTreeNode, 'class' | 'driver' | 'hubPorts' | 'speed' | 'speedMbps'> {
  let cls = '';
  let driver: string | undefined;
  let hubPorts: number | undefined;
  let speed: string | undefined;
  for (const part of rest.split(',')) {
    const p = part.trim();
    if (p.startsWith('Class=')) cls = p.slice(6);
    else if (p.startsWith('Driver=')) {
      const d = p.slice(7);
      const slash = /^(.*)\/(\d+)p$/.exec(d);
      driver = slash ? slash[1]! : d;
      if (slash) hubPorts = Number(slash[2]);
    } else if (speed === undefined && /^\d+(?:\.\d+)?M$/.test(p)) speed = p;
  }
  const mbps = speedOf(speed);
  return {
    class: cls,
    ...(driver !== undefined && driver !== '' && driver !== '[none]' ? { driver } : {}),
    ...(hubPorts !== undefined ? { hubPorts } : {}),
    ...(speed !== undefined ? { speed } : {}),
    ...(mbps !== undefined ? { speedMbps: mbps } : {}),
  };
}

type MutableNode = { -readonly [K in keyof UsbTreeNode]: UsbTreeNode[K] } & { interfaces: number[] };

/** `lsusb -t`: one tree per bus; a device's interface lines become one node. */
export function parseLsusbTree(input: string): Parsed<UsbBus[]> {
  const buses: { bus: number; root: UsbTreeNode; devices: MutableNode[] }[] = [];
  const issues: ParseIssue[] = [];
  /** Port path of the node at each indentation depth of the current bus. */
  let stack: { indent: number; ports: number[] }[] = [];
  lines(input).forEach((raw, i) => {
    const n = i + 1;
    const text = raw.trim();
    if (text === '') return;
    const root = ROOT.exec(text);
    if (root) {
      const node: UsbTreeNode = { bus: Number(root[1]), ports: [], device: Number(root[3]), interfaces: [], ...attributes(root[4]!), span: lineSpan(n) };
      buses.push({ bus: node.bus, root: node, devices: [] });
      stack = [];
      return;
    }
    const child = CHILD.exec(text);
    const bus = buses.at(-1);
    if (!child || !bus) {
      // `lsusb -tv` prints `ID vvvv:pppp name` under each entry
      if (bus && /^ID [0-9a-fA-F]{4}:[0-9a-fA-F]{4}\b/.test(text)) return;
      issues.push(issue(n, raw, 'not an lsusb -t line'));
      return;
    }
    const indent = raw.length - raw.trimStart().length;
    while (stack.length && stack.at(-1)!.indent >= indent) stack.pop();
    const port = Number(child[1]);
    const ports = [...(stack.at(-1)?.ports ?? []), port];
    stack.push({ indent, ports });
    const device = Number(child[2]);
    const ifNum = Number(child[3]);
    const known = bus.devices.at(-1);
    if (known && known.device === device && known.ports.join('.') === ports.join('.')) {
      known.interfaces.push(ifNum);
      known.span = { first: known.span.first, last: n };
      return;
    }
    bus.devices.push({ bus: bus.bus, ports, device, interfaces: [ifNum], ...attributes(child[4]!), span: lineSpan(n) });
  });
  return { value: buses, issues };
}

/** `2-1.4` for bus 2, port 1, hub port 4: how the kernel names a device. */
export function usbPortName(bus: number, ports: readonly number[]): string {
  return `${bus}-${ports.join('.')}`;
}

/**
 * What a controller driver is (guide 3.8.5): UHCI/OHCI USB 1.1 (12M), EHCI
 * USB 2.0 (480M), XHCI USB 3.x (5000M; its 480M bus is the USB 2.0 half).
 */
export function controllerStandard(driver: string | undefined): 'usb1.1' | 'usb2.0' | 'usb3' | undefined {
  const d = (driver ?? '').toLowerCase();
  if (/^[uo]hci/.test(d)) return 'usb1.1';
  if (/^ehci/.test(d)) return 'usb2.0';
  if (/^xhci/.test(d)) return 'usb3';
  return undefined;
}

export type UsbKernelEventKind =
  /** A device was seen and got an address (`new high-speed USB device number 5 using ehci-pci`). */
  | 'new-device'
  | 'disconnect'
  /** `device descriptor read/64, error -71`, `device not accepting address 4, error -71`, `Device not responding to setup address`, `can't read configurations`. */
  | 'enumeration-error'
  /** The hub gave up on the port: `unable to enumerate USB device`. */
  | 'enumeration-failed'
  | 'over-current'
  /** `reset high-speed USB device number 5 using ehci-pci`. */
  | 'reset'
  /** `attempt power cycle`. */
  | 'power-cycle';

export interface UsbKernelEvent {
  readonly kind: UsbKernelEventKind;
  /** The device (`2-1.4`) or hub port (`usb1-port8`, `1-1.3-port1`) the message names, as printed. */
  readonly where: string;
  readonly bus?: number;
  /** Port path from the root hub (for a hub port message: the path to that port). */
  readonly ports?: readonly number[];
  /** `-71`, `-110`, `-32` (EPROTO, ETIMEDOUT, EPIPE). */
  readonly error?: number;
  /** `low-speed`, `full-speed`, `high-speed`, `SuperSpeed`... of a new/reset device, as printed. */
  readonly speed?: string;
  readonly deviceNumber?: number;
  /** The controller driver of a new/reset device (`ehci-pci`, `xhci_hcd`). */
  readonly using?: string;
}

/** `usb 2-1.4: ...`, `usb usb1-port8: ...`, `hub 1-0:1.0: over-current change on port 1`. */
const HEAD = /(?:^|\s)(usb|hub) (usb\d+-port\d+|\d+-[\d.]+-port\d+|\d+-[\d.]+|\d+-0:1\.0): (.*)$/;

function location(where: string, rest: string): Pick<UsbKernelEvent, 'bus' | 'ports'> {
  let m: RegExpExecArray | null;
  if ((m = /^usb(\d+)-port(\d+)$/.exec(where))) return { bus: Number(m[1]), ports: [Number(m[2])] };
  if ((m = /^(\d+)-([\d.]+)-port(\d+)$/.exec(where))) return { bus: Number(m[1]), ports: [...m[2]!.split('.').map(Number), Number(m[3])] };
  if ((m = /^(\d+)-0:1\.0$/.exec(where))) {
    const port = /on port (\d+)/.exec(rest);
    return { bus: Number(m[1]), ...(port ? { ports: [Number(port[1])] } : {}) };
  }
  if ((m = /^(\d+)-([\d.]+)$/.exec(where))) return { bus: Number(m[1]), ports: m[2]!.split('.').map(Number) };
  return {};
}

/** The USB event a kernel message reports, if it reports one (syslog prefix allowed before it). */
export function usbKernelEvent(message: string): UsbKernelEvent | undefined {
  const m = HEAD.exec(message);
  if (!m) return undefined;
  const where = m[2]!;
  const rest = m[3]!;
  const loc = location(where, rest);
  const error = /error (-\d+)/.exec(rest);
  const base = { where, ...loc, ...(error ? { error: Number(error[1]) } : {}) };
  let d: RegExpExecArray | null;
  if ((d = /^new (\S+) USB device number (\d+) using (\S+)/.exec(rest))) return { kind: 'new-device', ...base, speed: d[1]!, deviceNumber: Number(d[2]), using: d[3]! };
  if ((d = /^reset (\S+) USB device number (\d+) using (\S+)/.exec(rest))) return { kind: 'reset', ...base, speed: d[1]!, deviceNumber: Number(d[2]), using: d[3]! };
  if ((d = /^USB disconnect, device number (\d+)/.exec(rest))) return { kind: 'disconnect', ...base, deviceNumber: Number(d[1]) };
  if (/unable to enumerate USB device/.test(rest)) return { kind: 'enumeration-failed', ...base };
  if (/over-current/i.test(rest)) return { kind: 'over-current', ...base };
  if (/attempt power cycle/.test(rest)) return { kind: 'power-cycle', ...base };
  if (/device descriptor read|device not accepting address|not responding to setup address|can't read configurations|unable to read config index|Cannot enable|can't set config/i.test(rest)) {
    return { kind: 'enumeration-error', ...base };
  }
  return undefined;
}

export interface UsbKernelLogLine extends UsbKernelEvent {
  readonly line: number;
}

/** Every USB event of a kernel log excerpt (dmesg, syslog, journalctl lines alike). */
export function parseUsbKernelLog(input: string): Parsed<UsbKernelLogLine[]> {
  const value: UsbKernelLogLine[] = [];
  lines(input).forEach((raw, i) => {
    const e = raw.length > 4000 ? undefined : usbKernelEvent(raw);
    if (e) value.push({ ...e, line: i + 1 });
  });
  return { value, issues: [] };
}

export const parsers = {
  lsusb: parseLsusb,
  'lsusb-t': parseLsusbTree,
  'usb-kernel-log': parseUsbKernelLog,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
