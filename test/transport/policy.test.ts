import { describe, expect, it } from 'vitest';
import { cmd, commandKey } from '../../src/transport/command.js';
import { firstStageStatus, parseWire, prepare, refusalReason, RefusedCommand } from '../../src/transport/policy.js';
import { asCommand, GUARDS, HOLES, STILL_ALLOWED } from '../support/read-only-holes.js';

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
    expect(p.wire).toBe(`LC_ALL=C timeout -k 2 2 df -P -- '/vms/it'\\''s; rm -rf /' </dev/null`);
    const back = parseWire(p.wire);
    expect(back?.command.argv).toEqual(['df', '-P', '--', "/vms/it's; rm -rf /"]);
    expect(back?.key).toBe(p.key);
  });

  it('builds pipelines of filters', () => {
    const c = { argv: ['tail', '-c', '8M', '/var/log/syslog'], pipe: [['grep', '-a', '-E', 'ocfs2|o2hb'], ['tail', '-n', '500']] };
    const p = prepare(c, defaults);
    expect(p.wire).toBe(
      `{ LC_ALL=C timeout -k 2 30 tail -c 8M /var/log/syslog </dev/null; echo "usdiag-exit:$?" >&2; } | LC_ALL=C grep -a -E 'ocfs2|o2hb' | LC_ALL=C tail -n 500`,
    );
    expect(parseWire(p.wire)?.key).toBe(commandKey(c));
    expect(parseWire(p.wire)?.hostTimeoutSec).toBe(30);
    expect(refusalReason({ argv: ['tail', '-n', '5', '/var/log/syslog'], pipe: [['grep', 'x', '/etc/passwd']] })).not.toBeNull();
  });

  it("reads the first stage's status back from a pipeline, not the last filter's", () => {
    const p = prepare({ argv: ['tail', '-c', '1M', '/var/log/syslog'], pipe: [['grep', '-a', '-e', 'x'], ['tail', '-n', '5']] }, defaults);
    // tail could not open the log: the filters still exit 0
    expect(firstStageStatus(p, "tail: cannot open '/var/log/syslog' for reading: Permission denied\nusdiag-exit:1\n", 0)).toEqual({
      stderr: "tail: cannot open '/var/log/syslog' for reading: Permission denied\n",
      exitCode: 1,
    });
    expect(firstStageStatus(p, 'usdiag-exit:124\n', 0)).toEqual({ stderr: '', exitCode: 124 });
    expect(firstStageStatus(p, 'usdiag-exit:0', 0)).toEqual({ stderr: '', exitCode: 0 });
    // no status line: the shell was killed before the first stage reported
    expect(firstStageStatus(p, 'grep: x\n', 0)).toEqual({ stderr: 'grep: x\n', exitCode: null });
    // a status line that is not the last line was printed by something else
    expect(firstStageStatus(p, 'usdiag-exit:0\nlater\n', 0).exitCode).toBeNull();
    // SIGPIPE is success only when a later stage stops reading early
    expect(firstStageStatus(p, 'usdiag-exit:141\n', 0).exitCode).toBe(141);
    const early = prepare({ argv: ['last', '-x', '-F'], pipe: [['grep', '-a', '-e', 'reboot'], ['head', '-n', '60']] }, defaults);
    expect(firstStageStatus(early, 'usdiag-exit:141\n', 0).exitCode).toBe(0);
    // one-stage commands keep the channel's status and stderr
    const single = prepare({ argv: ['mount'] }, defaults);
    expect(firstStageStatus(single, 'usdiag-exit:3\n', 5)).toEqual({ stderr: 'usdiag-exit:3\n', exitCode: 5 });
  });

  it('closes standard input of the first stage', () => {
    expect(prepare({ argv: ['mount'] }, defaults).wire).toBe('LC_ALL=C timeout -k 2 30 mount </dev/null');
    expect(parseWire('LC_ALL=C timeout -k 2 30 mount')).toBeNull();
  });

  it('rejects wire lines it did not build', () => {
    expect(parseWire('LC_ALL=C timeout -k 2 30 df -P; reboot')).toBeNull();
    expect(parseWire('LC_ALL=C timeout -k 2 30 df -P </dev/null; reboot </dev/null')).toBeNull();
    expect(parseWire('{ LC_ALL=C timeout -k 2 30 mount </dev/null; reboot; echo "usdiag-exit:$?" >&2; } | LC_ALL=C tail -n 5')).toBeNull();
    expect(parseWire('{ LC_ALL=C timeout -k 2 30 mount </dev/null; echo "usdiag-exit:$?" >&2; } | LC_ALL=C tail -n 5 > /etc/x')).toBeNull();
    expect(parseWire('{ LC_ALL=C timeout -k 9 30 mount </dev/null; echo "usdiag-exit:$?" >&2; } | LC_ALL=C tail -n 5')).toBeNull();
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

describe('read-only policy: the allowlist requires the reading verb', () => {
  // every HOLES row was allowed before; GUARDS were refused only by accident of the old parser
  it.each([...HOLES, ...GUARDS])('refuses: %s', (_what, words) => {
    const c = asCommand(words);
    expect(refusalReason(c)).not.toBeNull();
    expect(() => prepare(c, defaults)).toThrow(RefusedCommand);
  });

  it.each(STILL_ALLOWED)('still allows %s', (...argv) => {
    expect(refusalReason({ argv })).toBeNull();
  });
});
