/**
 * IP address arithmetic the network checks need: which addresses of a host
 * are its own on the LAN (not loopback or link-local), whether an address
 * lies in a subnet, and a MAC's kind.
 */
import type { OnelineAddress, OnelineLink } from '../../src/parsers/ip-oneline.js';

/** `a.b.c.d` as an unsigned 32-bit number; undefined for anything else. */
export function ipv4Number(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

/** A prefix length or a dotted mask (`24`, `255.255.255.0`) as a prefix length. */
export function prefixLength(mask: string | undefined): number | undefined {
  if (mask === undefined) return undefined;
  if (/^\d{1,2}$/.test(mask)) return Number(mask) <= 32 ? Number(mask) : undefined;
  const n = ipv4Number(mask);
  if (n === undefined) return undefined;
  let bits = 0;
  for (let b = 31; b >= 0 && Math.floor(n / 2 ** b) % 2 === 1; b--) bits++;
  return bits;
}

/** `address` lies in `network/len` (IPv4). */
export function inSubnet(address: string, network: string, len: number): boolean {
  const a = ipv4Number(address);
  const n = ipv4Number(network);
  if (a === undefined || n === undefined || len < 0 || len > 32) return false;
  const size = 2 ** (32 - len);
  return Math.floor(a / size) === Math.floor(n / size);
}

/** Loopback, link-local, unspecified and multicast addresses say nothing about who owns an address on the LAN. */
export function isSignificant(address: string): boolean {
  const v4 = ipv4Number(address);
  if (v4 !== undefined) {
    const first = Math.floor(v4 / 2 ** 24);
    return first !== 127 && first !== 0 && first < 224 && !inSubnet(address, '169.254.0.0', 16);
  }
  const a = address.toLowerCase();
  return a !== '::1' && a !== '::' && !a.startsWith('fe80:') && !a.startsWith('ff');
}

/** The host's own LAN addresses (global scope, not loopback or link-local). */
export function significantAddresses(addresses: readonly OnelineAddress[]): OnelineAddress[] {
  return addresses.filter((a) => a.scope !== 'host' && a.scope !== 'link' && isSignificant(a.address) && !a.flags.includes('dadfailed'));
}

const ZERO_MAC = '00:00:00:00:00:00';

/** Every hardware address the host's interfaces carry (and the burned-in ones of bond members). */
export function ownMacs(links: readonly OnelineLink[]): Set<string> {
  const macs = new Set<string>();
  for (const l of links) {
    if (l.mac && l.mac !== ZERO_MAC) macs.add(l.mac);
    if (l.permaddr && l.permaddr !== ZERO_MAC) macs.add(l.permaddr);
  }
  return macs;
}

/** The second bit of the first octet: an address set by software (VMs, bonds, containers), not burned into a NIC. */
export function locallyAdministered(mac: string): boolean {
  const first = parseInt(mac.slice(0, 2), 16);
  return Number.isInteger(first) && (first & 2) === 2;
}
