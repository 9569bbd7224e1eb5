import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';

const FIX = ['check-bond', 'capture-backup-member'];

testCheck('bond-lldp', {
  ok: [
    { hosts: ['@vks-healthy'], message: 'ok', values: { count: 1, bonds: /vswitch0_bond on vswitch0 \(active eth0, backup eth1; .*the driver has no LLDP flag/ } },
    { hosts: ['firmware-off/cvknode11'], message: 'ok', values: { bonds: /active eth1, backup eth0; NIC firmware agent: off/ } },
    { hosts: ['lldpd-elsewhere/cvknode11'], message: 'ok', values: { bonds: /lldpd: runs, but only on eth2/ } },
  ],
  cases: [
    {
      name: 'names the backup NIC whose i40e firmware agent sends LLDP with the virtual switch\'s MAC (the guide\'s case)',
      hosts: ['firmware-agent/cvknode11'],
      status: 'fail',
      message: 'backupSendsBridgeMac',
      values: { iface: 'eth0', bond: 'vswitch0_bond', active: 'eth1', mac: '40:a8:f0:28:14:d8', bridge: 'vswitch0', sources: /i40e NIC firmware's own LLDP agent: disable-fw-lldp is off/ },
      nested: ['srcFirmware'],
      steps: [...FIX, 'fw-lldp-off-i40e', 'disable-nic-lldp'],
      evidence: ['cvknode11: ovs-appctl bond/show', 'cvknode11: ip -o link', 'cvknode11: ovs-vsctl port-to-br vswitch0_bond', 'cvknode11: ethtool --show-priv-flags eth0'],
      filled: true,
      then: (r) => {
        expect(r.recovery.find((s) => s.id === 'fw-lldp-off-i40e')!.command).toBe('ethtool --set-priv-flags eth0 disable-fw-lldp on');
        expect(r.evidence[3]!.excerpt).toBe('Private flags for eth0:\ndisable-fw-lldp       : off');
        expect(r.evidence[0]!.excerpt).toContain('active member mac: 40:a8:f0:28:14:d9(eth1)');
      },
    },
    {
      name: 'lldpad transmitting on the backup: its adminStatus and transmit counter are the evidence',
      hosts: ['lldpad-rxtx/cvknode11'],
      status: 'fail',
      message: 'backupSendsBridgeMac',
      values: { iface: 'eth0', sources: 'lldpad, adminStatus rxtx, 40320 frame(s) transmitted' },
      steps: [...FIX, 'lldpad-rx-only', 'disable-nic-lldp'],
      evidence: [
        'cvknode11: ovs-appctl bond/show', 'cvknode11: ip -o link', 'cvknode11: ovs-vsctl port-to-br vswitch0_bond',
        'cvknode11: lldptool get-lldp -i eth0 adminStatus', 'cvknode11: lldptool stats -i eth0',
      ],
      filled: true,
      then: (r, _o, sent) => {
        expect(r.recovery.find((s) => s.id === 'lldpad-rx-only')!.command).toBe('lldptool set-lldp -i eth0 adminStatus=rx');
        expect(r.evidence[4]!.excerpt).toBe('Total Frames Transmitted        = 40320');
        // lldpad is asked only for the members that matter, and never told anything.
        expect(sent.filter((c) => c.includes('lldptool'))).toEqual(['cvknode11: lldptool get-lldp -i eth0 adminStatus', 'cvknode11: lldptool stats -i eth0']);
      },
    },
    {
      name: 'lldpd sends on every port it was not told to skip',
      hosts: ['lldpd/cvknode11'],
      status: 'fail',
      message: 'backupSendsBridgeMac',
      values: { iface: 'eth0', sources: /lldpd \(pid 1530\)/ },
      steps: [...FIX, 'lldpd-rx-only', 'disable-nic-lldp'],
      filled: true,
      then: (_r, _o, sent) => expect(sent.some((c) => c.includes('lldptool'))).toBe(false),
    },
    {
      name: 'the active member carries the switch\'s MAC and sends LLDP: the loss starts at the next failover',
      hosts: ['active-firmware/cvknode11'],
      status: 'warn',
      message: 'activeSendsBridgeMac',
      values: { iface: 'eth0', backups: 'eth1', mac: '40:a8:f0:28:14:d8', sources: /ice NIC firmware's own LLDP agent: fw-lldp-agent is on/ },
      steps: ['fw-lldp-off-ice', 'disable-nic-lldp'],
      filled: true,
    },
    {
      name: 'a backup sending LLDP with its own MAC is named, but only warns',
      hosts: ['ovs-lldp-own-mac/cvknode11'],
      status: 'warn',
      message: 'backupSendsLldp',
      values: { iface: 'eth1', mac: '40:a8:f0:28:14:d9', bridgeMac: '40:a8:f0:28:14:d8' },
      nested: ['srcOvs'],
      steps: ['ovs-lldp-off', 'disable-nic-lldp'],
      evidence: ['cvknode11: ovs-appctl bond/show', 'cvknode11: ip -o link', 'cvknode11: ovs-vsctl port-to-br vswitch0_bond', 'cvknode11: ovs-vsctl get Interface eth1 lldp'],
      filled: true,
    },
    {
      name: 'lldpad stopped, but its saved configuration (by ifindex) transmits on the backup',
      hosts: ['lldpad-stopped/cvknode11'],
      status: 'warn',
      message: 'lldpadWouldSend',
      values: { iface: 'eth0', status: 'rxtx', role: 'backup' },
      steps: ['lldpad-conf-rx-only', 'disable-nic-lldp'],
      evidence: ['cvknode11: ovs-appctl bond/show', 'cvknode11: ip -o link', 'cvknode11: ovs-vsctl port-to-br vswitch0_bond', 'cvknode11: cat /var/lib/lldpad/lldpad.conf'],
      filled: true,
      then: (r, _o, sent) => {
        expect(r.evidence[3]!.excerpt).toBe('  if2 :\n    adminStatus = 3;');
        expect(sent.some((c) => c.includes('lldptool'))).toBe(false);
      },
    },
    {
      name: 'a member whose LLDP state cannot be read is unknown, not ok',
      hosts: ['member-unread/cvknode11'],
      status: 'unknown',
      message: 'memberUnread',
      values: { iface: 'eth1', bond: 'vswitch0_bond' },
      steps: FIX,
      filled: true,
    },
    { name: 'no active-backup bond', hosts: ['no-active-backup/cvknode11'], status: 'skipped', message: 'noActiveBackup', values: { bonds: 'vswitch0_bond: balance-slb' } },
    { name: 'no Open vSwitch', hosts: ['no-ovs/cvknode11'], status: 'skipped', message: 'noOvs' },
  ],
});
