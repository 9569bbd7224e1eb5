/**
 * NIC state and counters: `ip link` / `ip addr` (iproute2) and `ifconfig`
 * (net-tools), plus the growth between two counter samples.
 */
import type { Parsed } from './types.js';
import { parseIpAddr, parseIpLink } from './net-ip.js';
import { parseIfconfig } from './net-ifconfig.js';

export * from './net-ip.js';
export * from './net-ifconfig.js';
export * from './net-counters.js';

export const parsers = {
  'ip-s-link': parseIpLink,
  'ip-s-s-link': parseIpLink,
  'ip-link': parseIpLink,
  'ip-addr': parseIpAddr,
  ifconfig: parseIfconfig,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
