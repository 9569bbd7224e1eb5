import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropsAddress, ruleMatch } from '../../checks/network/acl-gateway/rules.js';
import { parseNwfilter } from '../../src/parsers/libvirt-xml-nwfilter.js';
import { testCheck } from '../support/check-tester.js';
import { FIXTURES } from '../support/fixture-run.js';

const filter = (file: string) => parseNwfilter(readFileSync(join(FIXTURES, 'corpus/virsh-nwfilter-dumpxml', file), 'utf8')).value;

describe('acl-gateway: which rules drop an address', () => {
  it('reads the guide\'s drop rule, and no drop without an address (libvirt\'s samples) as one', () => {
    const guide = parseNwfilter(readFileSync(join(FIXTURES, 'parsers/network-suite/nwfilter-guide-3.6.4.txt'), 'utf8')).value;
    expect(guide.rules.map((r) => dropsAddress(r, '172.16.51.6', {}))).toEqual([undefined, undefined, undefined, undefined, 'to']);
    expect(guide.rules.map((r) => dropsAddress(r, '172.16.51.7', {}))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(filter('libvirt-tests-2.txt').rules.map((r) => dropsAddress(r, '172.16.51.6', {}))).toEqual([undefined, undefined, undefined]);
    expect(filter('libvirt-no-ip-spoofing-1.txt').rules.map((r) => dropsAddress(r, '172.16.51.6', { IP: '172.16.51.6' }))).toEqual([undefined, undefined, undefined]);
  });

  it('fills $VAR, $VAR[@N] and $VAR[N] from the filterref, and respects masks, ranges and match=no', () => {
    const [, , , , fifth] = filter('libvirt-tests-3.txt').rules;
    const asDrop = { ...fifth!, action: 'drop' };
    expect(dropsAddress(asDrop, '172.16.51.6', { A: '10.0.0.1,172.16.51.6' })).toBe('to');
    expect(dropsAddress(asDrop, '172.16.51.9', { A: '10.0.0.1,172.16.51.6' })).toBeUndefined();
    expect(ruleMatch(asDrop, { A: '10.0.0.1' })).toBe('udp srcipaddr=$A[@1](10.0.0.1) dstipaddr=$A[@2](10.0.0.1) dscp=5');
    const rule = (attrs: Record<string, string>, protocol = 'ip') => ({ action: 'drop', direction: 'out', protocol, attrs });
    expect(dropsAddress(rule({ dstipaddr: '172.16.0.0', dstipmask: '255.255.0.0' }), '172.16.51.6', {})).toBe('to');
    expect(dropsAddress(rule({ dstipaddr: '0.0.0.0', dstipmask: '0' }), '172.16.51.6', {})).toBeUndefined();
    expect(dropsAddress(rule({ dstipfrom: '172.16.51.1', dstipto: '172.16.51.10' }, 'tcp'), '172.16.51.6', {})).toBe('to');
    expect(dropsAddress(rule({ srcipaddr: '172.16.51.6' }, 'udp'), '172.16.51.6', {})).toBe('from');
    expect(dropsAddress(rule({ arpdstipaddr: '172.16.51.6' }, 'arp'), '172.16.51.6', {})).toBe('to');
    expect(dropsAddress(rule({ match: 'no', dstipaddr: '172.16.51.6' }), '172.16.51.6', {})).toBeUndefined();
    expect(dropsAddress(rule({ dstipaddr: '172.16.51.6' }, 'icmpv6'), '172.16.51.6', {})).toBeUndefined();
    expect(dropsAddress({ ...rule({ dstipaddr: '172.16.51.6' }), action: 'accept' }, '172.16.51.6', {})).toBeUndefined();
  });
});

const GUIDE_STEPS = ['capture-vnet-and-uplink', 'read-vm-filterref', 'read-acl-rules', 'find-drop-flow', 'edit-acl-rule'];

testCheck('acl-gateway', {
  ok: [
    { hosts: ['@vks-healthy'], message: 'okNoAcl', values: { count: 2, vms: 2, gateways: '172.16.51.6' } },
    { hosts: ['acl-clean/cvknode11'], message: 'ok', values: { acls: 1, names: 'acl-web' } },
  ],
  cases: [
    {
      name: 'names the VM, vnet, ACL and rule of the guide\'s example, with the datapath dropping the pings now',
      hosts: ['guide-drop/cvknode11'],
      status: 'fail',
      message: 'aclDropsGateway',
      values: {
        vm: 'win7', vnet: 'vnet0', mac: '0c:da:41:1d:43:79', acl: 'acl-test', gateway: '172.16.51.6', way: 'to', bridge: 'vswitch0', packets: 10426,
        rule: 'priority 10, drop, direction in, icmp dstipaddr=172.16.51.6 dstipmask=32',
      },
      steps: GUIDE_STEPS,
      evidence: [
        'cvknode11: virsh -r dumpxml -- win7', 'cvknode11: virsh -r nwfilter-dumpxml -- acl-test', 'cvknode11: ip route', 'cvknode11: ovs-appctl dpif/dump-flows vswitch0',
      ],
      filled: true,
      then: (r, _o, sent) => {
        expect(r.evidence[1]!.excerpt).toBe("  <rule action='drop' direction='in' priority='10' statematch='false'>\n    <icmp dstipaddr='172.16.51.6' dstipmask='32'/>\n  </rule>");
        expect(r.evidence[3]!.excerpt).toContain('packets:10426');
        expect(r.evidence[0]!.excerpt).toContain("<filterref filter='acl-test'/>");
        expect(r.recovery.map((s) => s.command)).toEqual([
          'tcpdump -i vnet0 -ne icmp', 'virsh dumpxml win7', 'virsh nwfilter-dumpxml acl-test', 'ovs-appctl dpif/dump-flows vswitch0', undefined,
        ]);
        // in_port(3) is tied to vnet0 by its OpenFlow port number.
        expect(sent).toContain('cvknode11: ovs-vsctl get Interface vnet0 ofport');
      },
    },
    {
      name: 'the rule alone (no traffic in the datapath now) warns',
      hosts: ['rule-idle/cvknode11'],
      status: 'warn',
      message: 'aclRuleGateway',
      values: { vm: 'win7', acl: 'acl-test', gateway: '172.16.51.6' },
      steps: GUIDE_STEPS,
      evidence: ['cvknode11: virsh -r dumpxml -- win7', 'cvknode11: virsh -r nwfilter-dumpxml -- acl-test', 'cvknode11: ip route'],
      filled: true,
    },
    {
      name: 'follows included filters, substitutes $GATEWAY, skips libvirt\'s anti-spoofing drop, and ties ARP drops to the ARP rule',
      hosts: ['included-filter/cvknode11'],
      status: 'fail',
      message: 'aclDropsGateway',
      values: { vm: 'centos-db', vnet: 'vnet1', acl: 'acl-db', packets: 37, rule: /priority 310, drop, direction out, arp arpdstipaddr=\$GATEWAY\(172\.16\.51\.6\)/ },
      nested: ['via', 'wayTo'],
      steps: GUIDE_STEPS,
      filled: true,
      then: (r, _o, sent) => {
        expect(sent).toEqual(expect.arrayContaining([
          'cvknode11: virsh -r nwfilter-dumpxml -- acl-db', 'cvknode11: virsh -r nwfilter-dumpxml -- no-ip-spoofing', 'cvknode11: virsh -r nwfilter-dumpxml -- acl-db-deny',
        ]));
        // The tcp reject rule is a second finding, without the ARP flow as its proof.
        const data = r.data as { findings: { kind: string; rule: { protocol: string }; dropFlows: unknown[] }[] };
        expect(data.findings.map((f) => [f.rule.protocol, f.dropFlows.length])).toEqual([['tcp', 0], ['arp', 1]]);
        expect(r.recovery.find((s) => s.id === 'read-acl-rules')!.command).toBe('virsh nwfilter-dumpxml acl-db-deny');
      },
    },
    {
      name: 'a datapath drop to the gateway that no ACL explains points at the other OpenFlow rules',
      hosts: ['drop-no-acl/cvknode11'],
      status: 'warn',
      message: 'dropNoAcl',
      values: { vm: 'win7', vnet: 'vnet0', bridge: 'vswitch0', packets: 10426 },
      steps: ['capture-vnet-and-uplink', 'find-drop-flow', 'find-other-drop'],
      filled: true,
      then: (r) => expect(r.recovery.find((s) => s.id === 'find-other-drop')!.text.en).toContain('in_port=3 or reg1=0x3'),
    },
    {
      name: 'an ACL that cannot be read is unknown, not ok',
      hosts: ['filter-unread/cvknode11'],
      status: 'unknown',
      message: 'filterUnread',
      values: { filter: 'acl-gone', vnet: 'vnet0', vm: 'win7' },
      steps: ['read-acl-rules'],
      filled: true,
    },
    { name: 'no running VM', hosts: ['no-vms/cvknode11'], status: 'skipped', message: 'noVms' },
  ],
});
