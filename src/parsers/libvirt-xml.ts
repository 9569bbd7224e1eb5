/**
 * libvirt XML parsers: domain definitions (`virsh dumpxml`, /etc/libvirt/qemu/*.xml)
 * and network filters (`virsh nwfilter-dumpxml`).
 */
import type { Parsed } from './types.js';
import { parseDomainXml } from './libvirt-xml-domain.js';
import { parseNwfilter } from './libvirt-xml-nwfilter.js';

export * from './libvirt-xml-domain.js';
export * from './libvirt-xml-nwfilter.js';
export { loadXml, type LoadedXml } from './libvirt-xml-load.js';

export const parsers = {
  'libvirt-domain-xml': parseDomainXml,
  'virsh-dumpxml': parseDomainXml,
  'virsh-nwfilter-dumpxml': parseNwfilter,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
