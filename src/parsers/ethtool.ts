/**
 * `ethtool IFACE`: `Key: value` lines (TAB or space indented) whose values may
 * continue on following lines without a key (link mode lists, message level
 * names). Run without root, ethtool prints `Cannot get ...: Operation not
 * permitted` (or `netlink error: Operation not permitted`) at column 0 and
 * leaves `Link detected` out.
 */
import { issue, lines, type Parsed, type ParseIssue } from './types.js';

export interface EthtoolInfo {
  readonly interface?: string;
  /** As printed: `1000Mb/s`, `Unknown!`. */
  readonly speed?: string;
  readonly speedMbps?: number;
  /** `Full`, `Half`, `Unknown! (255)`. */
  readonly duplex?: string;
  readonly autoneg?: boolean;
  readonly linkDetected?: boolean;
  /** `Twisted Pair`, `FIBRE`, `MII`, `Direct Attach Copper`... */
  readonly port?: string;
  readonly supportedLinkModes: readonly string[];
  readonly advertisedLinkModes: readonly string[];
  /** Every key with its value, continuation lines joined by a space. */
  readonly settings: Readonly<Record<string, string>>;
  /** `Cannot get ...: Operation not permitted`: the run lacked root, values are missing. */
  readonly permissionErrors: readonly string[];
  /** Other error lines (`No data available`, `Cannot get device settings: No such device`). */
  readonly errors: readonly string[];
}

const ERROR_LINE = /^(?:Cannot\s|netlink error|No data available|Operation not|ethtool:)/i;
const KEY_LINE = /^([A-Za-z][\w /.()-]*?):\s*(.*)$/;

const yesNo = (s: string | undefined): boolean | undefined => {
  const v = s?.toLowerCase();
  return v === 'yes' || v === 'on' ? true : v === 'no' || v === 'off' ? false : undefined;
};

export function parseEthtool(input: string): Parsed<EthtoolInfo> {
  const settings: Record<string, string> = {};
  const permissionErrors: string[] = [];
  const errors: string[] = [];
  const issues: ParseIssue[] = [];
  let iface: string | undefined;
  let lastKey: string | undefined;

  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const header = /^Settings for (.+?):$/.exec(text);
    if (header) {
      iface = header[1];
      lastKey = undefined;
      return;
    }
    if (!/^\s/.test(raw) && ERROR_LINE.test(text)) {
      (/not permitted/i.test(text) ? permissionErrors : errors).push(text);
      lastKey = undefined;
      return;
    }
    const kv = KEY_LINE.exec(text);
    if (kv && /^\s/.test(raw)) {
      lastKey = kv[1]!;
      settings[lastKey] = kv[2]!;
      return;
    }
    if (lastKey !== undefined && /^\s/.test(raw)) {
      settings[lastKey] = `${settings[lastKey]} ${text}`.trim();
      return;
    }
    issues.push(issue(i + 1, raw, 'not an ethtool line'));
  });

  const speed = settings['Speed'];
  const mbps = /^(\d+)\s*Mb\/s$/.exec(speed ?? '')?.[1];
  const modes = (key: string): string[] => (settings[key] ?? '').split(/\s+/).filter((m) => m !== '' && m !== 'Not' && m !== 'reported');
  const autoneg = yesNo(settings['Auto-negotiation']);
  const linkDetected = yesNo(settings['Link detected']);
  const duplex = settings['Duplex'];
  const port = settings['Port'];
  return {
    value: {
      ...(iface !== undefined ? { interface: iface } : {}),
      ...(speed !== undefined ? { speed } : {}),
      ...(mbps !== undefined ? { speedMbps: Number(mbps) } : {}),
      ...(duplex !== undefined ? { duplex } : {}),
      ...(autoneg !== undefined ? { autoneg } : {}),
      ...(linkDetected !== undefined ? { linkDetected } : {}),
      ...(port !== undefined ? { port } : {}),
      supportedLinkModes: modes('Supported link modes'),
      advertisedLinkModes: modes('Advertised link modes'),
      settings,
      permissionErrors,
      errors,
    },
    issues,
  };
}

export const parsers = {
  ethtool: parseEthtool,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
