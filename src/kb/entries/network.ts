/** Guide 3.6, network faults, in guide order. */
import type { KbEntry } from '../types.js';
import { entry as nicPacketLoss } from './nic-packet-loss.js';
import { entry as ipConflict } from './ip-conflict.js';
import { entry as bondLldp } from './bond-lldp.js';
import { entry as aclGateway } from './acl-gateway.js';
import { entry as vfirewallZone } from './vfirewall-zone.js';
import { entry as hostCompromised } from './host-compromised.js';
import { entry as guestKylinDns } from './guest-kylin-dns.js';
import { entry as guestUbuntuNetplan } from './guest-ubuntu-netplan.js';

export const entries = [
  nicPacketLoss,
  ipConflict,
  bondLldp,
  aclGateway,
  vfirewallZone,
  hostCompromised,
  guestKylinDns,
  guestUbuntuNetplan,
] as const satisfies readonly KbEntry[];
