import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';

const STEPS = ['list-firewall-ports', 'compare-ct-zones', 'repair-flows-on-vks', 'repair-flows-from-vms'];

// The listing is not in vks-healthy: the OpenSSH stand-ins (test/support/openssh.ts) cannot yet serve a
// program with an absolute path, and every fixture extending the base would carry it. healthy/ adds it.
testCheck('vfirewall-zone', {
  ok: [{ hosts: ['healthy/cvknode11'], message: 'ok', values: { count: 2, groups: 'vswitch0 VLAN 1: vnet0, vnet1 in zone 1' } }],
  cases: [
    {
      name: 'the guide\'s two ports of VLAN 188: names the one whose ct() actions lack the zone, from the guide\'s own outputs',
      hosts: ['guide-zone-missing/cvknode11'],
      status: 'fail',
      message: 'zoneMissing',
      values: {
        iface: 'vnet10', vm: 'kylin_v10_SP_226', ofport: 2, bridge: 'vs-app', vlan: 188, zone: 188, firewall: 'FW_white',
        others: 'vnet11 (kylin10_219)', otherVms: 'kylin10_219', lacking: 4, ct: 4, sample: 'ct(table=5)',
      },
      nested: ['portOf'],
      steps: STEPS,
      evidence: [
        'cvknode11: /opt/bin/ovs_dbg_listports',
        'cvknode11: ovs-ofctl -O OpenFlow13 dump-flows vs-app',
        "cvknode11: tail -c 1M /var/log/set_cvk_port_flow.log | grep -a -E -e 'flow table is error' | tail -n 200",
      ],
      filled: true,
      then: (r, _o, sent) => {
        expect(r.recovery.find((s) => s.id === 'repair-flows-on-vks')!.command).toBe('bash /opt/bin/set_cvk_port_flow.sh vnet10');
        expect(r.recovery.find((s) => s.id === 'compare-ct-zones')!.text.en).toContain('here vnet10 and the ports');
        expect(r.evidence[1]!.excerpt).toContain('in_port=2 actions=ct(table=5)');
        expect(r.evidence[1]!.excerpt).toContain('in_port=3 actions=ct(table=5,zone=188)');
        // vswitch0 has no firewall port: its flows are not read.
        expect(sent.some((c) => c.includes('dump-flows vswitch0'))).toBe(false);
      },
    },
    {
      name: 'a port tracking in another zone than the VLAN\'s',
      hosts: ['zone-differs/cvknode11'],
      status: 'fail',
      message: 'zoneDiffers',
      values: { iface: 'vnet3', vm: 'web01', got: '187', zone: 188, vlan: 188 },
      steps: STEPS,
      filled: true,
    },
    {
      name: 'a firewall port with no conntrack flow next to one that has them',
      hosts: ['no-ct-flows/cvknode11'],
      status: 'warn',
      message: 'noCtFlows',
      values: { iface: 'vnet1', vm: 'centos-db', ofport: 4, zone: 1, others: 'vnet0 (win7)' },
      steps: STEPS,
      filled: true,
    },
    {
      name: 'flows that cannot be read are unknown, not ok',
      hosts: ['flows-unread/cvknode11'],
      status: 'unknown',
      message: 'flowsUnread',
      values: { bridge: 'vswitch0' },
      steps: ['list-firewall-ports', 'compare-ct-zones'],
    },
    { name: 'no port with a virtual firewall', hosts: ['no-firewall/cvknode11'], status: 'skipped', message: 'noFirewall', values: { count: 5 } },
    { name: 'not a Usphere host (no ovs_dbg_listports)', hosts: ['no-listports/cvknode11'], status: 'skipped', message: 'noListports' },
  ],
});
