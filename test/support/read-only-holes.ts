/**
 * Command shapes that passed the read-only policy and the independent
 * denylist although they change, consume or leak host state ("Never a false
 * ok": the allowlist must require the reading verb), and shapes of the same
 * programs that must stay allowed. Data only: the policy tests, the denylist
 * tests and the `usdiag policy test` tests each check it their own way.
 *
 * A row is [what, words]; a lone '|' word separates pipeline stages.
 */
export type Hole = readonly [what: string, words: readonly string[]];

/** Every row here was allowed by the policy and passed the denylist before. */
export const HOLES: readonly Hole[] = [
  // verb-less forms that write or read commands from standard input
  ['qemu-img snapshot opens the image read-write', ['qemu-img', 'snapshot', '/vms/a.qcow2']],
  ['qemu-img snapshot -U without -l', ['qemu-img', 'snapshot', '-U', '/vms/a.qcow2']],
  ['crontab reads a new table from stdin', ['crontab']],
  ['crontab -u reads a new table from stdin', ['crontab', '-u', 'root']],
  ['fdisk without -l reads commands from stdin', ['fdisk', '/dev/sda']],
  ['debugfs.ocfs2 without -R reads requests from stdin', ['debugfs.ocfs2', '/dev/sdb']],
  // consuming reads
  ['/proc/kmsg consumes kernel messages', ['cat', '/proc/kmsg']],
  ['trace_pipe under debugfs consumes trace events', ['tail', '-n', '5', '/sys/kernel/debug/tracing/trace_pipe']],
  ['trace_pipe under tracefs', ['tail', '/sys/kernel/tracing/trace_pipe']],
  ['per-cpu trace_pipe_raw', ['head', '-c', '4096', '/sys/kernel/tracing/per_cpu/cpu0/trace_pipe_raw']],
  ['/proc/acpi/event consumes ACPI events', ['cat', '/proc/acpi/event']],
  ['the initctl FIFO consumes requests to init', ['cat', '/run/initctl']],
  ['od of /proc/kmsg', ['od', '-N', '16', '/proc/kmsg']],
  // secret paths compared as raw strings
  ['/etc//shadow', ['cat', '/etc//shadow']],
  ['/etc/./shadow', ['cat', '/etc/./shadow']],
  ['/etc/shadow/ (trailing slash)', ['grep', 'root', '/etc/shadow/']],
  ['ls of /root/.ssh without a trailing slash', ['ls', '-l', '/root/.ssh']],
  ['/proc/1/root escapes to any file', ['cat', '/proc/1/root/etc/shadow']],
  ['/proc/self/root', ['cat', '/proc/self/root/etc/passwd']],
  ['/proc/1/root itself', ['ls', '-l', '/proc/1/root']],
  ['/proc/PID/cwd', ['cat', '/proc/1234/cwd/notes.txt']],
  ['/proc/PID/fd/N', ['tail', '-c', '100', '/proc/1234/fd/3']],
  ['/proc/PID/task/TID/fd/N', ['cat', '/proc/1234/task/1235/fd/0']],
  ['/proc/PID/map_files', ['cat', '/proc/1234/map_files/400000-452000']],
  ['/proc/PID/exe read as a file', ['cat', '/proc/1234/exe']],
  ['/proc/PID/environ (passwords in the environment)', ['cat', '/proc/1234/environ']],
  ['/proc/kcore', ['head', '-c', '64', '/proc/kcore']],
  ['stat of a secret under /proc/1/root', ['stat', '/proc/1/root/etc/shadow']],
  // od reads any path
  ['od of a block device', ['od', '-A', 'd', '-t', 'x1', '-N', '512', '/dev/sda']],
  ['od of /etc/shadow', ['od', '-N', '64', '/etc/shadow']],
  ['od of /etc//shadow', ['od', '-N', '64', '/etc//shadow']],
  // grep: the pattern/file split must follow getopt
  ['grep -eroot: the next word is a file', ['grep', '-eroot', '/etc/shadow', '/var/log/syslog']],
  ['grep as a filter: -eroot then a file', ['tail', '-n', '5', '/var/log/syslog', '|', 'grep', '-eroot', '/etc/shadow']],
  // remote targets
  ['virsh -c qemu+ssh://', ['virsh', '-c', 'qemu+ssh://other/system', 'list', '--all']],
  ['virsh --connect=qemu+tcp://', ['virsh', '-r', '--connect=qemu+tcp://10.0.0.9/system', 'list']],
  ['virsh -c qemu://host/system (TLS)', ['virsh', '-c', 'qemu://10.0.0.9/system', 'list']],
  ['virsh -c=... is the value "=..."', ['virsh', '-c=qemu:///system', 'list']],
  ['ovs-ofctl to a remote switch', ['ovs-ofctl', 'show', 'tcp:10.0.0.9:6653']],
  ['ovs-ofctl dump-flows to a remote switch', ['ovs-ofctl', 'dump-flows', 'ssl:10.0.0.9:6653']],
  ['rabbitmqctl -n node on another host', ['rabbitmqctl', '-n', 'rabbit@other', 'cluster_status']],
  // found in review
  ['df opens its operands: a watchdog device arms the reboot timer', ['df', '-P', '/dev/watchdog']],
  ['blockdev opens a watchdog device', ['blockdev', '--getsize64', '/dev/watchdog0']],
  ['fdisk -l opens a tape device (rewinds it)', ['fdisk', '-l', '/dev/st0']],
  ['debugfs.ocfs2 reads /dev/mcelog (drains machine checks)', ['debugfs.ocfs2', '-R', 'stats', '/dev/mcelog']],
  ['qemu-img info opens a watchdog device', ['qemu-img', 'info', '/dev/watchdog']],
  ['qemu-img info reads /proc/kmsg', ['qemu-img', 'info', '/proc/kmsg']],
  ['qemu-img -f vvfat exposes a directory as a disk', ['qemu-img', 'info', '-f', 'vvfat', '/etc']],
  ['service runs /etc/init.d/NAME: a name with a path climbs out', ['service', 'networking/../../../sbin/reboot', 'status']],
  ['sysctl key climbing out of /proc/sys', ['sysctl', '-n', '../../../etc/shadow']],
  ['ps BSD e prints every environment', ['ps', 'auxe']],
  ['iptables -t nat loads connection tracking', ['iptables', '-t', 'nat', '-L', '-n']],
  ['iptables-save -t raw loads its module', ['iptables-save', '-t', 'raw']],
  ['ip -c takes no separate value (the next word is the object)', ['ip', '-c', 'never', 'link']],
  ['a PCI BAR read touches device registers', ['cat', '/sys/bus/pci/devices/0000:00:1f.0/resource0']],
  ['libvirt master key', ['cat', '/var/lib/libvirt/qemu/domain-3-vm1/master-key.aes']],
  ['libvirt secrets', ['cat', '/etc/libvirt/secrets/0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f.base64']],
  ['domain XML holds VNC passwords', ['grep', 'passwd', '/etc/libvirt/qemu/vm1.xml']],
  ['TLS private keys', ['cat', '/etc/pki/libvirt/private/serverkey.pem']],
];

/**
 * Refused before too, but only by accident of the old option parser: getopt
 * parsing now accepts these shapes, so they must still be refused.
 */
export const GUARDS: readonly Hole[] = [
  ['grep --regexp=root', ['grep', '--regexp=root', '/etc/shadow']],
  ['grep -ie root (clustered, then -e)', ['grep', '-ie', 'root', '/etc/shadow']],
  ['grep -e twice, the secret last', ['grep', '-e', 'a', '-e', 'b', '/etc/shadow']],
  ['grep -- then a secret', ['grep', '-e', 'a', '--', '/etc/shadow']],
  ['grep -e in a cluster with a value (-ce)', ['grep', '-cevil', '/etc/shadow']],
  ['virsh -rc URI (clustered)', ['virsh', '-rcqemu+ssh://other/system', 'list']],
];

/** Rows where the program would only fail, not act: the policy refuses them, the denylist need not. */
export const HARMLESS = new Set([
  'virsh -c=... is the value "=..."',
  'ip -c takes no separate value (the next word is the object)',
]);

/** The reading forms of the same programs, which must stay allowed. */
export const STILL_ALLOWED: readonly (readonly string[])[] = [
  ['qemu-img', 'snapshot', '-l', '/vms/a.qcow2'],
  ['qemu-img', 'snapshot', '-l', '-U', '/var/lib/libvirt/images/b.qcow2'],
  ['qemu-img', 'info', '-f', 'qcow2', '--output', 'json', '/var/lib/libvirt/images/b.qcow2'],
  ['qemu-img', 'info', '-U', '/dev/mapper/vg0-lv1'],
  ['crontab', '-l'],
  ['crontab', '-l', '-u', 'root'],
  ['crontab', '-u', 'root', '-l'],
  ['fdisk', '-l'],
  ['fdisk', '-l', '/dev/sda'],
  ['cat', '/proc/4242/stack'],
  ['cat', '/proc/1234/status'],
  ['cat', '/proc/1234/cmdline'],
  ['cat', '/proc/1234/wchan'],
  ['cat', '/proc/self/mounts'],
  ['cat', '/etc//ocfs2/./cluster.conf'],
  ['readlink', '/proc/1234/exe'],
  ['ls', '-l', '/proc/1234/exe'],
  ['ls', '-l', '/proc/1234/fd'],
  ['od', '-A', 'd', '-t', 'x1', '-N', '512', '/vms/IPsan-St-001/centos-db.qcow2'],
  ['od', '-A', 'x', '-t', 'x1', '-N', '104', '--', '/var/lib/libvirt/images/win 7.qcow2'],
  ['grep', '-eroot', '/var/log/syslog'],
  ['grep', '--regexp=root', '/var/log/syslog', '/var/log/messages'],
  ['grep', '-e', 'a', '-e', 'b', '/var/log/syslog'],
  ['grep', '-c', '-m5', '-e', 'x', '--', '/var/log/syslog'],
  ['grep', '--', '-x', '/var/log/syslog'],
  ['virsh', '-c', 'qemu:///system', '-r', 'list', '--all'],
  ['virsh', '--connect=qemu:///session', 'list'],
  ['virsh', '-rq', 'list'],
  ['ovs-ofctl', 'dump-flows', 'br0', 'table=0,in_port=1'],
  ['rabbitmqctl', '-n', 'rabbit', 'cluster_status'],
  ['df', '-P', '/dev/sdb'],
  ['df', '-P', '--', '/vms/FC-St'],
  ['blockdev', '--getsize64', '/dev/disk/by-id/dm-uuid-mpath-36000eb34fe49de76000000000004064'],
  ['debugfs.ocfs2', '-R', 'stats', '/dev/mapper/mpatha'],
  ['service', 'libvirt-bin', 'status'],
  ['sysctl', '-n', 'net.ipv4.ip_forward'],
  ['sysctl', 'net/ipv4/conf/eth0.100/rp_filter'],
  ['ps', 'aux'],
  ['ps', 'axo', 'pid,stat,comm'],
  ['ss', '-4', '-t', '-n'],
  ['iptables', '-nvL'],
  ['iptables', '-t', 'filter', '-S'],
  ['ip', '-c=never', 'link'],
  ['cat', '/sys/class/net/eth0/statistics/rx_errors'],
];

/** Words to a command: stages split on a lone '|'. */
export function asCommand(words: readonly string[]): { argv: string[]; pipe?: string[][] } {
  const stages: string[][] = [[]];
  for (const w of words) (w === '|' ? stages.push([]) : stages[stages.length - 1]!.push(w));
  return { argv: stages[0]!, ...(stages.length > 1 ? { pipe: stages.slice(1) } : {}) };
}
