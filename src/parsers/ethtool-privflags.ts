/**
 * `ethtool --show-priv-flags IFACE`: the driver's private flags,
 *
 *   Private flags for eno1:
 *   MFP                   : off
 *   disable-fw-lldp       : off          (i40e: the NIC firmware runs its own LLDP agent while off)
 *
 *   Private flags for ens801f0:
 *   fw-lldp-agent : off                  (ice: the firmware agent runs while on)
 *
 * The netlink ethtool prints the title alone for a driver without private
 * flags; the ioctl one prints "No private flags defined" (exit 1), and a
 * driver without the operation "Cannot get private flag names: Operation not
 * supported" (ethtool netlink/privflags.c, ethtool.c do_gprivflags).
 */
import { issue, lines, type Parsed, type ParseIssue } from './types.js';

export interface PrivFlag {
  readonly name: string;
  readonly on: boolean;
  readonly line: number;
}

export interface PrivFlags {
  readonly device?: string;
  readonly titleLine?: number;
  readonly flags: readonly PrivFlag[];
  /** The driver has no private flags (or no private-flags operation at all). */
  readonly none: boolean;
}

const NONE = /No private flags defined|Cannot get private flag names: Operation not supported/;

export function parsePrivFlags(input: string): Parsed<PrivFlags> {
  const flags: PrivFlag[] = [];
  const issues: ParseIssue[] = [];
  let device: string | undefined;
  let titleLine: number | undefined;
  let none = false;
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const title = /^Private flags for (\S+?):$/.exec(text);
    if (title) {
      device = title[1];
      titleLine = i + 1;
      return;
    }
    if (NONE.test(text)) {
      none = true;
      return;
    }
    const colon = text.lastIndexOf(':');
    const name = colon > 0 ? text.slice(0, colon).trim() : '';
    const value = colon > 0 ? text.slice(colon + 1).trim() : '';
    if (name !== '' && (value === 'on' || value === 'off')) flags.push({ name, on: value === 'on', line: i + 1 });
    else issues.push(issue(i + 1, raw, 'not a private flag line'));
  });
  return {
    value: { ...(device !== undefined ? { device } : {}), ...(titleLine !== undefined ? { titleLine } : {}), flags, none: none || (titleLine !== undefined && flags.length === 0) },
    issues,
  };
}

/**
 * Whether the NIC firmware's own LLDP agent runs, by the flag its driver
 * exposes: i40e `disable-fw-lldp` (agent on while off), ice `fw-lldp-agent`
 * and its earlier name `enable-fw-lldp` (agent on while on). Undefined when
 * the driver has no such flag (the firmware may still have an agent, set in
 * the NIC's own configuration).
 */
export function firmwareLldp(p: PrivFlags): { readonly on: boolean; readonly flag: PrivFlag } | undefined {
  for (const f of p.flags) {
    if (f.name === 'disable-fw-lldp') return { on: !f.on, flag: f };
    if (f.name === 'fw-lldp-agent' || f.name === 'enable-fw-lldp') return { on: f.on, flag: f };
  }
  return undefined;
}

export const parsers = {
  'ethtool-show-priv-flags': parsePrivFlags,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
