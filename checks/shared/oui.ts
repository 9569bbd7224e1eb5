/**
 * The maker of a MAC address by its first three octets (the OUI), offline:
 * a short table of the NIC and virtualization vendors a Usphere cluster
 * meets. The assignments are the IEEE Registration Authority's (MA-L,
 * https://standards-oui.ieee.org/oui/oui.txt), written from that registry's
 * entries as also carried by Wireshark's `manuf` file; the guide's own
 * captures show two of them by Wireshark's short names (`Hangzhou_1d:10:2e`
 * for 0c:da:41, `HewlettP_28:14:d8` for 40:a8:f0). 52:54:00 is no
 * registered OUI but the prefix QEMU and libvirt give the NICs they
 * generate. No UniCloud block is known: UniCloud/H3C platforms give VM NICs
 * H3C's 0c:da:41 prefix (the guide's VMs all carry it).
 */

export type VendorKind = 'virtual' | 'nic' | 'network' | 'server';

export interface Vendor {
  readonly name: string;
  readonly kind: VendorKind;
}

const TABLE: Readonly<Record<string, Vendor>> = {
  // virtualization
  '52:54:00': { name: 'QEMU/KVM (libvirt)', kind: 'virtual' },
  '00:16:3e': { name: 'Xen', kind: 'virtual' },
  '00:50:56': { name: 'VMware', kind: 'virtual' },
  '00:0c:29': { name: 'VMware', kind: 'virtual' },
  '00:05:69': { name: 'VMware', kind: 'virtual' },
  '00:1c:14': { name: 'VMware', kind: 'virtual' },
  '00:15:5d': { name: 'Microsoft Hyper-V', kind: 'virtual' },
  '08:00:27': { name: 'Oracle VirtualBox', kind: 'virtual' },
  // H3C / UniCloud platforms (VM NICs and virtual switches of CAS/Usphere carry 0c:da:41)
  '0c:da:41': { name: 'Hangzhou H3C', kind: 'virtual' },
  '00:0f:e2': { name: 'Hangzhou H3C', kind: 'network' },
  '3c:8c:40': { name: 'Hangzhou H3C', kind: 'network' },
  // NICs
  '00:1b:21': { name: 'Intel', kind: 'nic' },
  '00:15:17': { name: 'Intel', kind: 'nic' },
  '90:e2:ba': { name: 'Intel', kind: 'nic' },
  'a0:36:9f': { name: 'Intel', kind: 'nic' },
  '3c:fd:fe': { name: 'Intel', kind: 'nic' },
  '68:05:ca': { name: 'Intel', kind: 'nic' },
  'b4:96:91': { name: 'Intel', kind: 'nic' },
  '00:10:18': { name: 'Broadcom', kind: 'nic' },
  '00:0a:f7': { name: 'Broadcom', kind: 'nic' },
  '00:02:c9': { name: 'Mellanox', kind: 'nic' },
  '24:8a:07': { name: 'Mellanox', kind: 'nic' },
  '50:6b:4b': { name: 'Mellanox', kind: 'nic' },
  '7c:fe:90': { name: 'Mellanox', kind: 'nic' },
  '98:03:9b': { name: 'Mellanox', kind: 'nic' },
  'ec:0d:9a': { name: 'Mellanox', kind: 'nic' },
  'b8:59:9f': { name: 'Mellanox', kind: 'nic' },
  '0c:42:a1': { name: 'Mellanox', kind: 'nic' },
  // servers and switches
  '40:a8:f0': { name: 'Hewlett Packard', kind: 'server' },
  'fc:15:b4': { name: 'Hewlett Packard', kind: 'server' },
  '00:e0:fc': { name: 'Huawei', kind: 'network' },
  '00:18:82': { name: 'Huawei', kind: 'network' },
  '00:25:9e': { name: 'Huawei', kind: 'network' },
  '00:00:0c': { name: 'Cisco', kind: 'network' },
};

/** The vendor of a MAC's OUI, when the table knows it. */
export function vendorOf(mac: string): Vendor | undefined {
  return TABLE[mac.toLowerCase().slice(0, 8)];
}
