/**
 * Commands the network checks (guide 3.6) share: defined once, so a scan
 * runs each once per host and every check (and every peer looking at the
 * host) reads the same output.
 */
import { type Command, cmd } from '../../src/transport/command.js';

/** Every address of every interface, one per line (OVS internal ports such as vswitch0 included). */
export const IP_ADDR = cmd('ip', '-o', 'addr');
/** Every interface with its MAC, one per line. */
export const IP_LINK = cmd('ip', '-o', 'link');
/** The ARP/NDP table: which MAC this host reaches each neighbour's address at. */
export const IP_NEIGH = cmd('ip', 'neigh');
export const IP_ROUTE = cmd('ip', 'route');
/** Usphere's own port listing: port, VM, VLAN, OpenFlow port, virtual firewall. */
export const OVS_LISTPORTS = cmd('/opt/bin/ovs_dbg_listports');

/** The vNICs of one VM with their MACs. */
export function domiflist(vm: string): Command {
  return cmd('virsh', '-r', 'domiflist', '--', vm);
}

/** A column of one Interface row of the OVS database (ofport, lldp). */
export function ovsInterfaceColumn(iface: string, column: string): Command {
  return cmd('ovs-vsctl', 'get', 'Interface', iface, column);
}

/** A VM's definition as libvirt runs it (vNICs: tap device, MAC, bridge, filterref). */
export function domainXml(vm: string): Command {
  return cmd('virsh', '-r', 'dumpxml', '--', vm);
}

/** The virtual switches with their ports and interfaces (which physical NICs carry vswitch0). */
export const OVS_SHOW = cmd('ovs-vsctl', 'show');

/** The Internet sockets with their processes (a qemu migration stream, connections to foreign addresses). */
export const SS_SOCKETS = cmd('ss', '-tunap');
