/**
 * `ifconfig [-a|IFACE]`, both net-tools layouts:
 *   1.60  `eth0  Link encap:Ethernet  HWaddr ...` / `RX packets:36 errors:0 ...`
 *   2.x   `eth0: flags=4163<UP,...>  mtu 1500` / `RX errors 0  dropped 0 ...`
 * Counters get the names `ip -s link` uses. Note that net-tools' `overruns`
 * is the kernel's fifo counter and `dropped` includes missed packets, so they
 * are comparable between two ifconfig samples, not with ip's columns.
 */
import { bracketed, fields, issue, lines, toInt, tokens, type Parsed, type ParseIssue } from './types.js';
import { counterName } from './net-counters.js';

export interface IfconfigAddress {
  readonly family: 'inet' | 'inet6';
  readonly address: string;
  readonly netmask?: string;
  readonly broadcast?: string;
  readonly prefixLen?: number;
  readonly scope?: string;
}

export interface IfconfigInterface {
  readonly name: string;
  /** UP, BROADCAST, RUNNING (carrier), MULTICAST, LOOPBACK... */
  readonly flags: readonly string[];
  readonly mtu?: number;
  readonly mac?: string;
  /** net-tools 1.60 `Link encap:` value (`Ethernet`, `Local Loopback`). */
  readonly linkEncap?: string;
  readonly txqueuelen?: number;
  readonly addresses: readonly IfconfigAddress[];
  /** rx_packets rx_bytes rx_errors rx_dropped rx_overrun rx_frame tx_... tx_carrier tx_collisions */
  readonly counters: Readonly<Record<string, number>>;
  /** Lines kept as printed (interrupt, memory ranges...). */
  readonly extra: readonly string[];
}

export interface IfconfigOutput {
  readonly interfaces: readonly IfconfigInterface[];
}

type MutableInterface = { -readonly [K in keyof IfconfigInterface]: IfconfigInterface[K] } & {
  addresses: IfconfigAddress[];
  counters: Record<string, number>;
  extra: string[];
};

const NEW_HEADER = /^(\S+?):\s+flags=\d+<([^>]*)>(?:\s+mtu\s+(\d+))?/;
const OLD_HEADER = /^(\S+)\s+Link encap:/;

/**
 * `Ethernet  HWaddr 00:0c:29:c2:c8:63` → [`Ethernet`, mac]: the MAC is the
 * last token after `HWaddr`. Read as tokens: /(.+?)(?:\s+HWaddr\s+(\S+))?\s*$/
 * retried both tails at every character of a run of spaces (quadratic).
 */
function linkEncap(rest: string): [encap: string, mac?: string] | undefined {
  const r = rest.trim();
  if (r === '') return undefined;
  const t = tokens(r);
  const hw = t.at(-2);
  return hw?.text === 'HWaddr' && hw.start > 0 ? [r.slice(0, hw.start).trimEnd(), t.at(-1)!.text] : [r];
}

function startInterface(text: string): MutableInterface | undefined {
  const base = { addresses: [], counters: {}, extra: [] };
  const n = NEW_HEADER.exec(text);
  if (n) {
    const mtu = toInt(n[3]);
    return { name: n[1]!, flags: n[2]!.split(',').filter(Boolean), ...(mtu !== undefined ? { mtu } : {}), ...base };
  }
  const o = OLD_HEADER.exec(text);
  const encap = o ? linkEncap(text.slice(o[0].length)) : undefined;
  if (o && encap) return { name: o[1]!, flags: [], linkEncap: encap[0], ...(encap[1] ? { mac: encap[1].toLowerCase() } : {}), ...base };
  return undefined;
}

/** `RX packets:36 errors:0`, `RX errors 0  dropped 0`, `RX bytes:5602 (5.6 KB)  TX bytes:...`, `collisions:0 txqueuelen:1000`. */
function applyCounters(iface: MutableInterface, text: string): boolean {
  // bracketed(), not .replace(/\([^)]*\)/g): an unclosed `(` was retried at every later `(` (quadratic).
  let plain = '';
  let from = 0;
  for (const b of bracketed(text, '(', ')')) {
    plain += `${text.slice(from, b.start)} `;
    from = b.end;
  }
  const tokens = fields(plain + text.slice(from));
  let direction: string | undefined;
  let seen = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === 'RX' || t === 'TX') {
      direction = t;
      continue;
    }
    const colon = /^([a-z]+):(\d*)$/i.exec(t);
    const [name, raw] = colon ? [colon[1]!, colon[2] || tokens[++i]] : [t, tokens[++i]];
    const value = toInt(raw);
    if (value === undefined) return false;
    if (name === 'txqueuelen') iface.txqueuelen = value;
    else if (direction || name === 'collisions') iface.counters[counterName(direction ?? 'TX', name)] = value;
    else return false;
    seen = true;
  }
  return seen;
}

function applyLine(iface: MutableInterface, text: string): boolean {
  let m: RegExpExecArray | null;
  if ((m = /^inet\s+addr:\s*(\S+)(.*)$/.exec(text))) {
    const bcast = /Bcast:(\S+)/.exec(m[2]!)?.[1];
    const mask = /Mask:(\S+)/.exec(m[2]!)?.[1];
    iface.addresses.push({ family: 'inet', address: m[1]!, ...(mask ? { netmask: mask } : {}), ...(bcast ? { broadcast: bcast } : {}) });
  } else if ((m = /^inet6\s+addr:\s*([^/\s]+)(?:\/(\d+))?(?:\s+Scope:(\S+))?/.exec(text))) {
    const prefixLen = toInt(m[2]);
    iface.addresses.push({ family: 'inet6', address: m[1]!, ...(prefixLen !== undefined ? { prefixLen } : {}), ...(m[3] ? { scope: m[3].toLowerCase() } : {}) });
  } else if ((m = /^inet\s+(\S+)(.*)$/.exec(text))) {
    const mask = /\bnetmask\s+(\S+)/.exec(m[2]!)?.[1];
    const bcast = /\bbroadcast\s+(\S+)/.exec(m[2]!)?.[1];
    iface.addresses.push({ family: 'inet', address: m[1]!, ...(mask ? { netmask: mask } : {}), ...(bcast ? { broadcast: bcast } : {}) });
  } else if ((m = /^inet6\s+(\S+)\s+prefixlen\s+(\d+)(?:\s+scopeid\s+\S+?<(\w+)>)?/.exec(text))) {
    iface.addresses.push({ family: 'inet6', address: m[1]!, prefixLen: Number(m[2]), ...(m[3] ? { scope: m[3].toLowerCase() } : {}) });
  } else if ((m = /^(?:ether|loop|unspec|infiniband)\b(.*)$/.exec(text))) {
    const [first] = fields(m[1]!);
    if (text.startsWith('ether') && first) iface.mac = first.toLowerCase();
    const qlen = toInt(/\btxqueuelen\s+(\d+)/.exec(text)?.[1]);
    if (qlen !== undefined) iface.txqueuelen = qlen;
  } else if ((m = /^((?:[A-Z][A-Z-]*\s+)*)MTU:(\d+)/.exec(text))) {
    iface.flags = fields(m[1]!);
    iface.mtu = Number(m[2]);
  } else if (/^(?:RX|TX|collisions)\b/.test(text)) {
    return applyCounters(iface, text);
  } else if (/^(?:device|Interrupt|Memory|Base address)\b/.test(text)) {
    iface.extra.push(text);
  } else return false;
  return true;
}

export function parseIfconfig(input: string): Parsed<IfconfigOutput> {
  const interfaces: MutableInterface[] = [];
  const issues: ParseIssue[] = [];
  let iface: MutableInterface | undefined;
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') {
      iface = undefined;
      return;
    }
    if (!/^\s/.test(raw)) {
      const started = startInterface(text);
      if (started) {
        iface = started;
        interfaces.push(iface);
        return;
      }
    }
    if (!iface || !applyLine(iface, text)) issues.push(issue(i + 1, raw, 'not an ifconfig line'));
  });
  return { value: { interfaces }, issues };
}
