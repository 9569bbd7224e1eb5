import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';

testCheck('ui-login', {
  ok: [{ hosts: ['@vms-healthy'], message: 'ok', values: { tomcatPid: ' (pid 1633)' } }],
  cases: [
    {
      name: 'fails on a stopped tomcat8 first (guide order)',
      hosts: ['tomcat-down/cvmnode01'],
      status: 'fail',
      message: 'tomcatDown',
      values: { state: 'stopped' },
      steps: ['check-tomcat', 'restart-tomcat'],
      evidence: ['cvmnode01: service tomcat8 status'],
    },
    {
      name: 'names the full root filesystem and the empty cookie, read with stat only',
      hosts: ['cookie-root-full/cvmnode01'],
      status: 'fail',
      message: 'more',
      scope: 'platform',
      nested: ['rootFull', 'cookieEmpty'],
      steps: ['check-root-fs', 'remove-erlang-cookie', 'start-rabbitmq'],
      evidence: ['cvmnode01: df -P -- /', "cvmnode01: stat -c '%A %u %U %g %G %s %n' -- /var/lib/rabbitmq/.erlang.cookie", 'cvmnode01: service rabbitmq-server status'],
      then: (_r, _o, sent) => expect(sent.filter((c) => c.includes('.erlang.cookie') && !c.includes(': stat '))).toEqual([]),
    },
    {
      name: 'fails on a log directory owned by root, with the broker\'s permission denied',
      hosts: ['log-dir/cvmnode01'],
      status: 'fail',
      message: 'logDirOwner',
      values: { dir: '/var/log/rabbitmq', owner: 'root:root (0:0)', running: '' },
      steps: ['fix-rabbitmq-log-dir', 'start-rabbitmq'],
      evidence: ["cvmnode01: stat -c '%A %u %U %g %G %s %n' -- /var/log/rabbitmq", 'cvmnode01: service rabbitmq-server status'],
    },
    {
      name: 'fails on ports 4369 and 5672 dropped by iptables, naming the rule',
      hosts: ['ports-blocked/cvmnode01'],
      status: 'fail',
      message: 'portsBlocked',
      values: { ports: '4369, 5672', rule: '-A INPUT -p tcp -m multiport --dports 4369,5672 -j DROP', action: 'drops' },
      steps: ['check-iptables-ports', 'open-rabbitmq-ports', 'start-rabbitmq'],
      evidence: ['cvmnode01: iptables -S', 'cvmnode01: service rabbitmq-server status'],
    },
    {
      name: 'fails on the cloud user without .* permissions',
      hosts: ['cloud-permissions/cvmnode01'],
      status: 'fail',
      message: 'cloudPermissions',
      values: { vhost: '/', configure: '' },
      steps: ['check-cloud-permissions', 'reinit-rabbitmq-users'],
      evidence: ['cvmnode01: rabbitmqctl list_permissions'],
    },
    {
      name: 'fails on a clock earlier than 2021-05',
      hosts: ['clock-early/cvmnode01'],
      status: 'fail',
      message: 'clockEarly',
      values: { date: '2020-01-01' },
      steps: ['check-rabbitmq', 'check-clock', 'fix-clock'],
    },
  ],
});
