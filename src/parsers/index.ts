/**
 * Every parser by tool name, for `usdiag parse TOOL FILE`: check what a
 * parser reads from a real host's saved output.
 */
import { parsers as df } from './df.js';
import { parsers as diskstats } from './diskstats.js';
import { parsers as ethtool } from './ethtool.js';
import { parsers as fenceLog } from './fence-log.js';
import { parsers as iostat } from './iostat.js';
import { parsers as iscsi } from './iscsi.js';
import { parsers as kstack } from './kstack.js';
import { parsers as last } from './last.js';
import { parsers as libvirtPool } from './libvirt-pool.js';
import { parsers as libvirtXml } from './libvirt-xml.js';
import { parsers as mount } from './mount.js';
import { parsers as multipathFiles } from './multipath-files.js';
import { parsers as multipath } from './multipath.js';
import { parsers as net } from './net.js';
import { parsers as ocfs2 } from './ocfs2.js';
import { parsers as ovs } from './ovs.js';
import { parsers as ps } from './ps.js';
import { parsers as qcow2Header } from './qcow2-header.js';
import { parsers as qemuImg } from './qemu-img.js';
import { parsers as statFiles } from './stat-files.js';
import { parsers as sysfsNet } from './sysfs-net.js';
import { parsers as sysfsStorage } from './sysfs-storage.js';
import { parsers as syslog } from './syslog.js';
import { parsers as virsh } from './virsh.js';
// alarms and platform suite (guide 3.7, 3.8)
import { parsers as ethtoolLink } from './ethtool-link.js';
import { parsers as ipOneline } from './ip-oneline.js';
import { parsers as iptables } from './iptables.js';
import { parsers as lsLong } from './ls-long.js';
import { parsers as mcelog } from './mcelog.js';
import { parsers as mysqlCnf } from './mysql-cnf.js';
import { parsers as rabbitmq } from './rabbitmq.js';
import { parsers as serviceStatus } from './service-status.js';
import { parsers as statOwner } from './stat-owner.js';
import { parsers as sysfsValues } from './sysfs-values.js';
import { parsers as usb } from './usb.js';
// network suite (guide 3.6.2-3.6.6)
import { parsers as arping } from './arping.js';
import { parsers as crontab } from './crontab.js';
import { parsers as ethtoolPrivFlags } from './ethtool-privflags.js';
import { parsers as ipNeigh } from './ip-neigh.js';
import { parsers as ipRoute } from './ip-route.js';
import { parsers as lldp } from './lldp.js';
import { parsers as ovsListPorts } from './ovs-listports.js';
import { parsers as ovsVsctlGet } from './ovs-vsctl-get.js';
import { parsers as procExe } from './proc-exe.js';
import { parsers as sockets } from './sockets.js';
import { parsers as top } from './top.js';
import { parsers as virshDomiflist } from './virsh-domiflist.js';
// compute suite (guide 3.4.8)
import { parsers as ssh } from './ssh.js';
// compute suite (guide 3.4.3, 3.4.9)
import { parsers as libvirtGuest } from './libvirt-xml-guest.js';
import { parsers as procHost } from './proc-host.js';
import type { Parsed } from './types.js';

export const PARSERS: Readonly<Record<string, (input: string) => Parsed<unknown>>> = {
  ...df,
  ...diskstats,
  ...ethtool,
  ...fenceLog,
  ...iostat,
  ...iscsi,
  ...kstack,
  ...last,
  ...libvirtPool,
  ...libvirtXml,
  ...mount,
  ...multipathFiles,
  ...multipath,
  ...net,
  ...ocfs2,
  ...ovs,
  ...ps,
  ...qcow2Header,
  ...qemuImg,
  ...statFiles,
  ...sysfsNet,
  ...sysfsStorage,
  ...syslog,
  ...virsh,
  // alarms and platform suite
  ...ethtoolLink, ...ipOneline, ...iptables, ...lsLong, ...mcelog, ...mysqlCnf, ...rabbitmq, ...serviceStatus, ...statOwner, ...sysfsValues, ...usb,
  // network suite
  ...arping, ...crontab, ...ethtoolPrivFlags, ...ipNeigh, ...ipRoute, ...lldp,
  ...ovsListPorts, ...ovsVsctlGet, ...procExe, ...sockets, ...top, ...virshDomiflist,
  // compute suite
  ...ssh,
  ...libvirtGuest, ...procHost,
};
