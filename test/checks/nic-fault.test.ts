import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';

const NO_CARRIER = ['check-link-state', 'check-negotiation', 'read-syslog', 'fix-link-negotiation', 'replace-nic'];

testCheck('nic-fault', {
  ok: [{ hosts: ['@vks-healthy'], message: 'ok', values: { nics: 'eth0 10000Mb/s Full, eth1 10000Mb/s Full' } }, '@vms-healthy'],
  cases: [
    {
      name: 'warns on a bond member without carrier while the other member carries the traffic',
      hosts: ['no-carrier/cvknode11'],
      status: 'warn',
      message: 'noCarrier',
      values: { iface: 'eth1', role: ' (member of vswitch0_bond on vswitch0)', carried: '; vswitch0_bond still carries the traffic over eth0, without redundancy' },
      steps: NO_CARRIER,
      filled: true,
      evidence: ['cvknode11: ip -o link', expect.stringMatching(/^cvknode11: grep -H -e \. -- \/sys\/class\/net\/eth0\/operstate/) as unknown as string, 'cvknode11: ethtool eth1', 'cvknode11: ovs-appctl bond/show'],
      then: (r) => expect(r.evidence[2]!.excerpt).toContain('Link detected: no'),
    },
    {
      name: 'fails when no member of the bond has carrier, one finding per NIC',
      hosts: ['bond-down/cvknode11'],
      status: 'fail',
      message: 'more',
      scope: 'platform',
      values: { count: 1 },
      nested: ['noCarrier', 'notCarried'],
      steps: NO_CARRIER,
      then: (r) => expect(r.recovery[0]!.command).toBe('ip link show dev eth0'),
    },
    {
      name: 'warns on a member set down by hand, with the command that brings it up',
      hosts: ['admin-down/cvknode11'],
      status: 'warn',
      message: 'adminDown',
      values: { iface: 'eth1' },
      steps: ['check-link-state', 'bring-nic-up'],
      then: (r) => expect(r.recovery[1]!.command).toBe('ip link set dev eth1 up'),
    },
    {
      name: 'warns on a link below the speed both ends advertise',
      hosts: ['negotiation/cvknode11'],
      status: 'warn',
      message: 'negotiation',
      values: { iface: 'eth0', speed: '1000Mb/s', problems: 'below 10000baseT/Full, which both ends advertise' },
      steps: ['check-negotiation', 'fix-link-negotiation'],
      evidence: ['cvknode11: ethtool eth0'],
    },
    {
      name: 'warns on link drops and transmit timeouts in the syslog, with driver and firmware',
      hosts: ['flapping/cvmnode01'],
      status: 'warn',
      message: 'nicErrors',
      values: { iface: 'eth0', events: '2 link drop(s), 1 transmit timeout(s)', driver: 'virtio_net' },
      steps: ['read-syslog', 'upgrade-nic-firmware', 'replace-nic'],
    },
  ],
});
