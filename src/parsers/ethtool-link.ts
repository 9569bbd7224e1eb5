/**
 * NIC fault evidence beyond `ethtool IFACE`'s settings (ethtool.ts), guide 3.7.1:
 *
 * - the negotiation of a link: our speed/duplex against the best mode both
 *   ends advertise (`Advertised link modes` ∩ `Link partner advertised link
 *   modes`), `Speed: Unknown!`, half duplex, auto-negotiation on one side only;
 * - the line of each `ethtool IFACE` key, for evidence;
 * - `ethtool -i IFACE`: driver, version, firmware, bus-info (`driver: ixgbe`,
 *   `firmware-version: 0x800003df, 255.65535.255`, `bus-info: 0000:01:00.0`);
 * - the kernel's NIC messages (`ixgbe 0000:08:00.0 eth11: NIC Link is Down`,
 *   `NETDEV WATCHDOG: eth0 (igb): transmit queue 0 timed out`,
 *   `igb 0000:01:00.0 eth0: Reset adapter`, `igb 0000:02:00.0: Detected Tx Unit Hang`);
 * - `ethtool -g IFACE`: the receive and transmit ring sizes, maximum and current.
 */
import type { EthtoolInfo } from './ethtool.js';
import { issue, lines, type ParseIssue, type Parsed } from './types.js';

/** The 1-based line of each `Key:` of `ethtool IFACE` (first occurrence). */
export function ethtoolKeyLines(input: string): Map<string, number> {
  const out = new Map<string, number>();
  lines(input).forEach((raw, i) => {
    if (!/^\s/.test(raw) || raw.length > 2000) return;
    const colon = raw.indexOf(':');
    if (colon < 0) return;
    const key = raw.slice(0, colon).trim();
    if (/^[A-Za-z][\w /.()-]*$/.test(key) && !out.has(key)) out.set(key, i + 1);
  });
  return out;
}

export interface LinkMode {
  readonly mbps: number;
  readonly duplex: 'Full' | 'Half';
  readonly text: string;
}

/** `1000baseT/Full`, `25000baseCR/Full`, `100baseT/Half`. */
export function linkModes(list: string | undefined): LinkMode[] {
  const out: LinkMode[] = [];
  for (const w of (list ?? '').split(/\s+/)) {
    const m = /^(\d+)base[A-Za-z0-9_]*\/(Full|Half)$/.exec(w);
    if (m) out.push({ mbps: Number(m[1]), duplex: m[2] as 'Full' | 'Half', text: w });
  }
  return out;
}

export type NegotiationProblem =
  /** `Speed: Unknown!` while a link is detected. */
  | 'speed-unknown'
  /** `Duplex: Half` (or `Unknown!`) with a link. */
  | 'duplex-half'
  /** Running below the best mode both ends advertise. */
  | 'below-common'
  /** Auto-negotiation on at one end and off at the other. */
  | 'autoneg-mismatch';

export interface Negotiation {
  readonly speedMbps?: number;
  readonly duplex?: string;
  readonly autoneg?: boolean;
  readonly partnerAutoneg?: boolean;
  readonly partnerModes: readonly LinkMode[];
  /** The fastest full-duplex mode (or fastest at all) that both ends advertise. */
  readonly bestCommon?: LinkMode;
  readonly problems: readonly NegotiationProblem[];
}

const yes = (s: string | undefined) => (s === undefined ? undefined : /^(?:yes|on)$/i.test(s.trim()));

/** How the link negotiated, from a parsed `ethtool IFACE` (judged only while a link is detected, on a NIC that reports link modes). */
export function negotiation(info: EthtoolInfo): Negotiation {
  const s = info.settings;
  const ours = linkModes(s['Advertised link modes']);
  const partnerModes = linkModes(s['Link partner advertised link modes']);
  const partnerAutoneg = yes(s['Link partner advertised auto-negotiation']);
  const common = ours.filter((o) => partnerModes.some((p) => p.text === o.text));
  const rank = (m: LinkMode) => m.mbps * 2 + (m.duplex === 'Full' ? 1 : 0);
  const bestCommon = [...common].sort((a, b) => rank(b) - rank(a))[0];
  const problems: NegotiationProblem[] = [];
  // a virtual NIC (virtio, vmxnet) reports no link modes and no speed: nothing negotiates
  const physical = linkModes(s['Supported link modes']).length > 0;
  if (info.linkDetected === true && physical) {
    if (info.speed !== undefined && /unknown/i.test(info.speed)) problems.push('speed-unknown');
    if (info.duplex !== undefined && /^(?:half|unknown)/i.test(info.duplex)) problems.push('duplex-half');
    if (bestCommon && info.speedMbps !== undefined && (info.speedMbps < bestCommon.mbps || (info.duplex === 'Half' && bestCommon.duplex === 'Full'))) problems.push('below-common');
    if (info.autoneg !== undefined && partnerAutoneg !== undefined && info.autoneg !== partnerAutoneg) problems.push('autoneg-mismatch');
  }
  return {
    ...(info.speedMbps !== undefined ? { speedMbps: info.speedMbps } : {}),
    ...(info.duplex !== undefined ? { duplex: info.duplex } : {}),
    ...(info.autoneg !== undefined ? { autoneg: info.autoneg } : {}),
    ...(partnerAutoneg !== undefined ? { partnerAutoneg } : {}),
    partnerModes,
    ...(bestCommon ? { bestCommon } : {}),
    problems: [...new Set(problems)],
  };
}

export interface EthtoolDriver {
  readonly driver?: string;
  readonly version?: string;
  readonly firmware?: string;
  readonly busInfo?: string;
  readonly fields: Readonly<Record<string, string>>;
  /** Line of each field. */
  readonly lines: Readonly<Record<string, number>>;
}

/** `ethtool -i IFACE`. */
export function parseEthtoolDriver(input: string): Parsed<EthtoolDriver> {
  const fields: Record<string, string> = {};
  const at: Record<string, number> = {};
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const m = /^([a-z][a-z-]*):\s?(.*)$/.exec(text);
    if (!m) {
      issues.push(issue(i + 1, raw, 'not an ethtool -i line'));
      return;
    }
    fields[m[1]!] = m[2]!.trim();
    at[m[1]!] = i + 1;
  });
  const v = (k: string) => (fields[k] ? fields[k] : undefined);
  return {
    value: {
      ...(v('driver') ? { driver: v('driver')! } : {}),
      ...(v('version') ? { version: v('version')! } : {}),
      ...(v('firmware-version') ? { firmware: v('firmware-version')! } : {}),
      ...(v('bus-info') ? { busInfo: v('bus-info')! } : {}),
      fields,
      lines: at,
    },
    issues,
  };
}

export type NicEventKind = 'link-down' | 'link-up' | 'tx-timeout' | 'reset' | 'hw-error';

export interface NicKernelEvent {
  readonly kind: NicEventKind;
  /** The interface the message names, when it names one. */
  readonly iface?: string;
  /** The PCI address (`0000:01:00.0`), when it names one. */
  readonly pci?: string;
  readonly driver?: string;
}

const PCI = /\b([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])\b/i;

function kindOf(msg: string): NicEventKind | undefined {
  if (/NIC Link is Down|\bLink is Down\b|\bLink down\b/i.test(msg)) return 'link-down';
  if (/NIC Link is Up|\bLink is Up\b|\bLink up\b/i.test(msg)) return 'link-up';
  if (/transmit queue \d+ timed out|tx timeout|Tx Unit Hang|TX timeout|Detected Hardware Unit Hang/i.test(msg)) return 'tx-timeout';
  if (/Reset adapter|resetting adapter|adapter reset|\bReset (?:requested|done)\b/i.test(msg)) return 'reset';
  if (/PCIe? (?:Bus )?Error|Hardware Error|firmware (?:error|crash)|FW (?:error|assert)|EEH|Hardware Unit Hang/i.test(msg)) return 'hw-error';
  return undefined;
}

/** The NIC event a kernel message reports (syslog prefix allowed before it). */
export function nicKernelEvent(message: string): NicKernelEvent | undefined {
  if (message.length > 4000) return undefined;
  const kind = kindOf(message);
  if (!kind) return undefined;
  let iface: string | undefined;
  let driver: string | undefined;
  let m: RegExpExecArray | null;
  if ((m = /NETDEV WATCHDOG: (\S+) \(([^)]+)\)/.exec(message))) {
    iface = m[1]!;
    driver = m[2]!;
  } else if ((m = /(\S+) ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) ([^\s:]+):/i.exec(message))) {
    driver = m[1]!;
    iface = m[3]!;
  } else if ((m = /(?:^|\s)([A-Za-z][\w.-]*): (?:NIC )?Link is/i.exec(message))) {
    iface = m[1]!;
  } else if ((m = /(\S+) ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]):/i.exec(message))) {
    driver = m[1]!;
  }
  const pci = PCI.exec(message)?.[1];
  return { kind, ...(iface !== undefined && iface !== 'kernel' ? { iface } : {}), ...(pci ? { pci: pci.toLowerCase() } : {}), ...(driver !== undefined ? { driver } : {}) };
}

export interface NicKernelLogLine extends NicKernelEvent {
  readonly line: number;
}

export function parseNicKernelLog(input: string): Parsed<NicKernelLogLine[]> {
  const value: NicKernelLogLine[] = [];
  lines(input).forEach((raw, i) => {
    const e = nicKernelEvent(raw);
    if (e) value.push({ ...e, line: i + 1 });
  });
  return { value, issues: [] };
}

/** One side of `ethtool -g`: `n/a` (a ring the NIC does not have) is left out. */
export interface RingSizes {
  readonly rx?: number;
  readonly tx?: number;
}

export interface EthtoolRing {
  readonly max: RingSizes;
  readonly current: RingSizes;
  /** Line of the current RX size, for evidence. */
  readonly currentRxLine?: number;
  readonly maxRxLine?: number;
}

const RING_SECTIONS: Record<string, 'max' | 'current'> = { 'Pre-set maximums:': 'max', 'Current hardware settings:': 'current' };

/** `ethtool -g IFACE` (`Ring parameters for eth0:`, then a maximums and a current block). */
export function parseEthtoolRing(input: string): Parsed<EthtoolRing> {
  const sizes = { max: {} as { rx?: number; tx?: number }, current: {} as { rx?: number; tx?: number } };
  const at: { current?: number; max?: number } = {};
  const issues: ParseIssue[] = [];
  let section: 'max' | 'current' | undefined;
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '' || text.startsWith('Ring parameters for ')) return;
    if (RING_SECTIONS[text]) {
      section = RING_SECTIONS[text];
      return;
    }
    const m = /^(RX|TX):\s*(\S+)$/.exec(text);
    if (m && section) {
      const n = /^\d+$/.test(m[2]!) ? Number(m[2]) : undefined;
      if (n !== undefined) sizes[section][m[1] === 'RX' ? 'rx' : 'tx'] = n;
      if (m[1] === 'RX') at[section] = i + 1;
      return;
    }
    // RX Mini, RX Jumbo, and newer keys (RX Buf Len, CQE Size, TX Push, TCP data split) say nothing of the ring size.
    if (section && /^[A-Za-z][\w -]*:\s*\S*/.test(text)) return;
    issues.push(issue(i + 1, raw, 'not an ethtool -g line'));
  });
  return {
    value: {
      ...sizes,
      ...(at.current !== undefined ? { currentRxLine: at.current } : {}),
      ...(at.max !== undefined ? { maxRxLine: at.max } : {}),
    },
    issues,
  };
}

export const parsers = {
  'ethtool-i': parseEthtoolDriver,
  'ethtool-g': parseEthtoolRing,
  'nic-kernel-log': parseNicKernelLog,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
