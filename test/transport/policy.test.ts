import { describe, expect, it } from 'vitest';
import { cmd, commandKey } from '../../src/transport/command.js';
import { parseWire, prepare, refusalReason, RefusedCommand } from '../../src/transport/policy.js';

const defaults = { timeoutSec: 30 };

describe('read-only policy', () => {
  it.each([
    ['multipath', '-ll'],
    ['debugfs.ocfs2', '-R', 'fs_locks -B', '/dev/sdc'],
    ['debugfs.ocfs2', '-R', 'dlm_locks P00000000000000000000000000000000', '/dev/sdc'],
    ['ps', '-e', '-o', 'pid,stat,wchan:32,comm'],
    ['df', '-P', '--', '/vms/IPsan St 001'],
    ['ovs-appctl', 'bond/show'],
    ['qemu-img', 'check', '-U', '--', '/vms/share/a b.qcow2'],
    ['virsh', '-r', 'dumpxml', 'win 7'],
    ['ip', '-s', '-s', 'link', 'show'],
    ['cat', '/etc/ocfs2/cluster.conf'],
    ['tail', '-n', '2000', '/var/log/syslog'],
    ['mount'],
  ])('allows %s', (...argv) => {
    expect(refusalReason({ argv })).toBeNull();
  });

  it.each([
    ['qemu-img', 'check', '-r', 'all', '/vms/a.qcow2'],
    ['virsh', 'destroy', 'vm1'],
    ['ovs-vsctl', 'set', 'Interface', 'eth0', 'mtu=9000'],
    ['systemctl', 'restart', 'libvirtd'],
    ['service', 'tomcat8', 'restart'],
    ['multipath'],
    ['multipath', '-F'],
    ['rm', '-rf', '/'],
    ['sh', '-c', 'reboot'],
    ['debugfs.ocfs2', '-w', '-R', 'fs_locks', '/dev/sdc'],
    ['tail', '-f', '/var/log/syslog'],
    ['cat', '/etc/shadow'],
    ['cat', '/root/.ssh/id_rsa'],
    ['date', '010203042026'],
    ['ip', 'link', 'set', 'eth0', 'down'],
    ['ethtool', '-G', 'eth0', 'rx', '4096'],
    ['ss', '-K', 'dst', '1.2.3.4'],
    ['mcelog'],
    ['crontab', '/tmp/evil'],
    ['virsh', 'dumpxml', '--all'],
    ['virsh', 'dumpxml', '--security-info', 'vm1'],
  ])('refuses %s', (...argv) => {
    expect(refusalReason({ argv })).not.toBeNull();
    expect(() => prepare({ argv }, defaults)).toThrow(RefusedCommand);
  });

  it('quotes host values and wraps the first stage in timeout', () => {
    const p = prepare({ argv: ['df', '-P', '--', "/vms/it's; rm -rf /"], timeoutSec: 2 }, defaults);
    expect(p.wire).toBe(`LC_ALL=C timeout -k 2 2 df -P -- '/vms/it'\\''s; rm -rf /'`);
    const back = parseWire(p.wire);
    expect(back?.command.argv).toEqual(['df', '-P', '--', "/vms/it's; rm -rf /"]);
    expect(back?.key).toBe(p.key);
  });

  it('builds pipelines of filters', () => {
    const c = { argv: ['tail', '-c', '8M', '/var/log/syslog'], pipe: [['grep', '-a', '-E', 'ocfs2|o2hb'], ['tail', '-n', '500']] };
    const p = prepare(c, defaults);
    expect(p.wire).toBe(`LC_ALL=C timeout -k 2 30 tail -c 8M /var/log/syslog | LC_ALL=C grep -a -E 'ocfs2|o2hb' | LC_ALL=C tail -n 500`);
    expect(parseWire(p.wire)?.key).toBe(commandKey(c));
    expect(refusalReason({ argv: ['tail', '-n', '5', '/var/log/syslog'], pipe: [['grep', 'x', '/etc/passwd']] })).not.toBeNull();
  });

  it('rejects wire lines it did not build', () => {
    expect(parseWire('LC_ALL=C timeout -k 2 30 df -P; reboot')).toBeNull();
    expect(parseWire('df -P')).toBeNull();
    expect(parseWire('LC_ALL=C timeout -k 2 30 df $(reboot)')).toBeNull();
  });
  it('keeps cmd() short', () => {
    expect(commandKey(cmd('debugfs.ocfs2', '-R', 'fs_locks -B', '/dev/sdc'))).toBe("debugfs.ocfs2 -R 'fs_locks -B' /dev/sdc");
  });
});

describe('read-only policy, storage programs', () => {
  it.each([
    ['zcat', '/var/log/syslog.2.gz'],
    ['dmsetup', 'ls', '--tree'],
    ['blockdev', '--getsize64', '/dev/sdb'],
    ['iscsiadm', '-m', 'session', '-P', '3'],
    ['mounted.ocfs2', '-f'],
    ['last', '-x', '-F'],
    ['iostat', '-x', '-k', '2', '2'],
  ])('allows %s', (...argv) => expect(refusalReason({ argv })).toBeNull());
  it.each([
    ['dmsetup', 'remove', 'mpatha'],
    ['blockdev', '--setrw', '/dev/sdb'],
    ['blockdev', '--flushbufs', '/dev/sdb'],
    ['iscsiadm', '-m', 'node', '--login'],
    ['iscsiadm', '-m', 'discovery', '-t', 'st', '-p', '10.0.0.1'],
    ['zcat', '/etc/shadow'],
  ])('refuses %s', (...argv) => expect(refusalReason({ argv })).not.toBeNull());
});

/**
 * "Never a false ok": forms that passed the policy although they change,
 * consume or leak state. Each row is one hole; every one was allowed before
 * the allowlist required the reading verb.
 */
describe('read-only policy: the allowlist requires the reading verb', () => {
  const holes: Array<[string, string[]]> = [
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

  const asCommand = (words: string[]) => {
    const stages: string[][] = [[]];
    for (const w of words) (w === '|' ? stages.push([]) : stages[stages.length - 1]!.push(w));
    return { argv: stages[0]!, ...(stages.length > 1 ? { pipe: stages.slice(1) } : {}) };
  };

  // Refused before too, but only by accident of the old parser: getopt parsing now accepts these shapes.
  const guards: Array<[string, string[]]> = [
    ['grep --regexp=root', ['grep', '--regexp=root', '/etc/shadow']],
    ['grep -ie root (clustered, then -e)', ['grep', '-ie', 'root', '/etc/shadow']],
    ['grep -e twice, the secret last', ['grep', '-e', 'a', '-e', 'b', '/etc/shadow']],
    ['grep -- then a secret', ['grep', '-e', 'a', '--', '/etc/shadow']],
    ['grep -e in a cluster with a value (-ce)', ['grep', '-cevil', '/etc/shadow']],
    ['virsh -rc URI (clustered)', ['virsh', '-rcqemu+ssh://other/system', 'list']],
  ];

  it.each([...holes, ...guards])('refuses: %s', (_what, words) => {
    const c = asCommand(words);
    expect(refusalReason(c)).not.toBeNull();
    expect(() => prepare(c, defaults)).toThrow(RefusedCommand);
  });

  it.each([
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
  ])('still allows %s', (...argv) => {
    expect(refusalReason({ argv })).toBeNull();
  });
});
