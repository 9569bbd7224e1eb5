/**
 * Who a foreign MAC belongs to: another inventory host (its interfaces), a VM
 * of the inventory's hypervisors (their domiflist), or, failing both, what
 * its prefix says (the offline OUI table, or a locally administered address).
 */
import { excerpt } from '../../../src/engine/outputs.js';
import type { Evidence } from '../../../src/engine/types.js';
import { list, type Msg } from '../../../src/i18n/message.js';
import { locallyAdministered } from '../../shared/addresses.js';
import { vendorOf } from '../../shared/oui.js';
import { byMac, type VmNic, vmNics } from '../../shared/vm-macs.js';
import { type HostNet, ifaceWithMac } from './hosts.js';
import type { SayIpConflict } from './messages.js';

export type Owner =
  | { readonly kind: 'host'; readonly host: string; readonly iface: string; readonly evidence: Evidence }
  | { readonly kind: 'vm'; readonly vms: readonly VmNic[]; readonly evidence: readonly Evidence[] }
  | { readonly kind: 'device'; readonly oui: string; readonly vendor?: string | undefined; readonly virtual: boolean; readonly local: boolean };

export interface OwnerBook {
  /** Who `mac` belongs to, `claimed` being the host whose address it answers for. */
  resolve(mac: string, claimed: HostNet): Promise<Owner>;
}

/** Resolves MACs against the readable hosts; the VMs are listed once, and only when a MAC needs naming. */
export function ownerBook(hosts: readonly HostNet[]): OwnerBook {
  let vms: Promise<Map<string, VmNic[]>> | undefined;
  return {
    async resolve(mac, claimed) {
      for (const h of hosts) {
        if (h === claimed || h.problem) continue;
        const iface = ifaceWithMac(h, mac);
        if (iface) return { kind: 'host', host: h.name, iface, evidence: excerpt(h.linkOut, [h.links.get(iface)!.line]) };
      }
      vms ??= vmNics(hosts.filter((h) => !h.problem).map((h) => h.ctx)).then(byMac);
      const nics = (await vms).get(mac);
      if (nics?.length) return { kind: 'vm', vms: nics, evidence: nics.map((n) => excerpt(n.output, [n.line])) };
      const vendor = vendorOf(mac);
      return { kind: 'device', oui: mac.slice(0, 8), vendor: vendor?.name, virtual: vendor?.kind === 'virtual', local: locallyAdministered(mac) };
    },
  };
}

/** The owner as the clause of a finding. */
export function ownerMsg(say: SayIpConflict, o: Owner): Msg {
  switch (o.kind) {
    case 'host':
      return say.msg('ownerHost', { host: o.host, iface: o.iface });
    case 'vm': {
      const [first] = o.vms;
      if (o.vms.length === 1) return say.msg('ownerVm', { vm: first!.vm, vmHost: first!.host, state: first!.state });
      return say.msg('ownerVms', { vms: list(o.vms.map((v) => say.msg('vmOn', { vm: v.vm, vmHost: v.host, state: v.state }))) });
    }
    case 'device':
      if (o.vendor && o.virtual) return say.msg('ownerVirtualVendor', { oui: o.oui, vendor: o.vendor });
      if (o.vendor) return say.msg('ownerVendor', { oui: o.oui, vendor: o.vendor });
      if (o.local) return say.msg('ownerLocal');
      return say.msg('ownerUnknown', { oui: o.oui });
  }
}

/** What a report's JSON says about the owner. */
export function ownerData(o: Owner): Record<string, unknown> {
  switch (o.kind) {
    case 'host':
      return { kind: 'host', host: o.host, iface: o.iface };
    case 'vm':
      return { kind: 'vm', vms: o.vms.map((v) => ({ vm: v.vm, host: v.host, state: v.state, target: v.target, bridge: v.bridge })) };
    case 'device':
      return { kind: 'device', oui: o.oui, vendor: o.vendor, locallyAdministered: o.local };
  }
}

export function ownerEvidence(o: Owner): readonly Evidence[] {
  return o.kind === 'host' ? [o.evidence] : o.kind === 'vm' ? o.evidence : [];
}
