/**
 * The read-only rules of the alarms and platform suite (guide 3.7, 3.8):
 * RabbitMQ's Erlang cookie may be stat'ed (size, owner, mode), never read;
 * the commands the suite sends are allowed by the policy and pass the
 * independent denylist.
 */
import { describe, expect, it } from 'vitest';
import { prepare, refusalReason } from '../../src/transport/policy.js';
import { denylistViolation } from '../support/denylist.js';

const COOKIE = '/var/lib/rabbitmq/.erlang.cookie';
const wire = (argv: string[]) => prepare({ argv }, { timeoutSec: 30 }).wire;

describe('the Erlang cookie', () => {
  it.each([
    [['stat', '-c', '%A %u %U %g %G %s %n', '--', COOKIE]],
    [['stat', '-c', '%A %u %U %g %G %s %n', '--', '/var/lib/rabbitmq//.erlang.cookie']],
    [['stat', COOKIE]],
  ])('may be stat\'ed: %j', (argv) => {
    expect(refusalReason({ argv })).toBeNull();
    expect(denylistViolation(wire(argv))).toBeNull();
  });

  it.each([
    [['cat', COOKIE]],
    [['head', '-c', '64', COOKIE]],
    [['tail', '-c', '64', COOKIE]],
    [['grep', '-e', '.', COOKIE]],
    [['grep', '-c', '-e', 'A', '--', COOKIE]],
    [['od', '-A', 'x', '-t', 'x1', '-N', '20', COOKIE]],
    [['wc', '-c', COOKIE]],
    [['zcat', COOKIE]],
  ])('is never read: %j', (argv) => {
    expect(refusalReason({ argv })).not.toBeNull();
  });

  it('stays a secret everywhere else: other cookies, ls, readlink', () => {
    for (const argv of [['stat', '/root/.erlang.cookie'], ['stat', '/var/lib/rabbitmq/mnesia/.erlang.cookie'], ['ls', '-l', COOKIE], ['readlink', '-f', COOKIE]]) {
      expect(refusalReason({ argv }), argv.join(' ')).not.toBeNull();
    }
  });

  it('the denylist still flags every read of it', () => {
    for (const line of [`cat ${COOKIE}`, `head -c 64 ${COOKIE}`, `tail -c 64 ${COOKIE}`, `grep -e . ${COOKIE}`, `od -N 20 ${COOKIE}`, `ls -l ${COOKIE}`, 'stat /root/.erlang.cookie']) {
      expect(denylistViolation(`LC_ALL=C timeout -k 2 30 ${line} </dev/null`), line).not.toBeNull();
    }
  });
});

describe('what the suite reads', () => {
  it.each([
    [['ip', '-o', 'link']],
    [['ethtool', 'eth0']],
    [['ethtool', '-i', 'eth0']],
    [['grep', '-H', '-e', '.', '--', '/sys/class/net/eth0/operstate', '/sys/class/net/eth0/carrier']],
    [['grep', '-H', '-e', '.', '--', '/sys/devices/system/edac/mc/mc0/ce_count']],
    [['ls', '/sys/devices/system/edac/mc']],
    [['mcelog', '--client']],
    [['service', 'tomcat8', 'status']],
    [['service', 'rabbitmq-server', 'status']],
    [['rabbitmqctl', 'list_permissions']],
    [['iptables', '-S']],
    [['df', '-P', '--', '/']],
    [['ls', '-lnA', '--', '/var/lib/mysql']],
    [['id', 'mysql']],
    [['lsusb']],
    [['lsusb', '-t']],
    [['virsh', '-r', 'domjobinfo', '--', 'win7']],
    [['ps', '-L', '-o', 'pid,lwp,stat,wchan:32,etimes,comm', '-p', '3520,3611']],
    [['cat', '/proc/3520/task/3533/stack']],
    [['cat', '/etc/mysql/mysql.conf.d/mysql.cnf']],
    [['date', '+%s']],
  ])('allows %j, and the denylist agrees', (argv) => {
    expect(refusalReason({ argv })).toBeNull();
    expect(denylistViolation(wire(argv))).toBeNull();
  });

  it.each([
    [['mcelog']],
    [['mcelog', '--daemon']],
    [['iptables', '-t', 'nat', '-S']],
    [['rabbitmqctl', 'set_permissions', 'cloud', '.*', '.*', '.*']],
    [['rabbitmq-server']],
    [['jstack', '-l', '1234']],
    [['jmap', '-dump:format=b,file=/vms/x', '1234']],
    [['service', 'tomcat8', 'restart']],
    [['service', 'rabbitmq-server', 'start']],
    [['systemctl', 'start', 'mysql']],
    [['date', '-s', '2026-01-01']],
  ])('refuses %j', (argv) => {
    expect(refusalReason({ argv })).not.toBeNull();
  });
});
