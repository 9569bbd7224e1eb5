import { expect } from 'vitest';
import { renderMsg } from '../../src/i18n/message.js';
import { testCheck } from '../support/check-tester.js';

const cluster = (variant: string) => ['cvknode11', 'cvknode12', 'cvknode13', 'vms01'].map((h) => `${variant}/${h}`);

testCheck('ip-conflict', {
  ok: [
    { hosts: cluster('healthy'), host: 'cvknode12', message: 'ok', values: { host: 'cvknode12', addresses: '172.16.51.12', hosts: 3 } },
    { hosts: cluster('healthy'), host: 'vms01', message: 'ok', values: { addresses: '172.16.51.10' } },
    '@vks-healthy',
  ],
  cases: [
    {
      name: 'with --active-probes, says arping -D got no reply; without it, sends no arping at all',
      hosts: cluster('healthy'),
      host: 'cvknode12',
      options: { activeProbes: true },
      status: 'ok',
      message: 'ok',
      values: { probe: '; arping -D got no reply for 172.16.51.12' },
      then: (_r, outcome, sent) => {
        expect(sent).toContain('cvknode12: arping -D -c 2 -w 3 -I vswitch0 172.16.51.12');
        expect(sent).toContain('vms01: arping -D -c 2 -w 3 -I eth0 172.16.51.10');
        expect(outcome.results.filter((x) => x.check === 'ip-conflict').map((x) => x.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
      },
    },
    {
      name: 'without --active-probes the ok says no probe was made, and no arping reaches a host',
      hosts: cluster('healthy'),
      host: 'cvknode11',
      status: 'ok',
      message: 'ok',
      nested: ['probeNone'],
      then: (_r, _o, sent) => expect(sent.filter((c) => c.includes('arping'))).toEqual([]),
    },
    {
      name: 'the probe finds a device nobody\'s neighbour table has seen yet, and names its vendor',
      hosts: cluster('probe-answered'),
      host: 'cvknode12',
      options: { activeProbes: true },
      status: 'fail',
      message: 'probeAnswered',
      values: { address: '172.16.51.12', iface: 'vswitch0', foreignMac: '00:e0:fc:12:34:56', owner: /prefix 00:e0:fc belongs to Huawei/ },
      steps: ['show-host-address', 'find-device-by-mac', 'capture-both-ends', 'readdress-conflicting-device'],
      evidence: ['cvknode12: arping -D -c 2 -w 3 -I vswitch0 172.16.51.12', 'cvknode12: ip -o addr', 'cvknode12: ip -o link'],
      filled: true,
      then: (r) => {
        expect(r.evidence[0]!.excerpt).toBe('ARPING 172.16.51.12 from 0.0.0.0 vswitch0\nUnicast reply from 172.16.51.12 [00:E0:FC:12:34:56]  1.204ms');
        expect(r.recovery.find((x) => x.id === 'find-device-by-mac')!.text.en).toContain('display mac-address 00:e0:fc:12:34:56');
      },
    },
    {
      name: 'does not read an arping that is not iputils\' as a duplicate-address probe',
      hosts: ['probe-not-dad/cvknode11'],
      options: { activeProbes: true },
      status: 'ok',
      message: 'ok',
      nested: ['probeUnusable', 'notDad'],
    },
    {
      name: 'names the VM (and its host) that answers for a host\'s address, as the platform and a peer see it',
      hosts: cluster('vm-took-address'),
      host: 'cvknode12',
      status: 'fail',
      message: 'answeredElsewhere',
      values: {
        address: '172.16.51.12', host: 'cvknode12', iface: 'vswitch0', mac: '40:a8:f0:28:22:10', foreignMac: '0c:da:41:1d:6e:2b',
        owner: 'the NIC of VM web01 on cvknode13 (running)', seenOn: 'cvknode11, vms01', state: 'DELAY, REACHABLE',
      },
      nested: ['ownerVm', 'symptom'],
      steps: ['show-host-address', 'readdress-vm'],
      evidence: [
        'cvknode11: ip neigh', 'vms01: ip neigh', 'cvknode12: ip -o addr', 'cvknode12: ip -o link', 'cvknode13: virsh -r domiflist -- web01',
      ],
      filled: true,
      also: [
        { host: 'cvknode11', status: 'ok', message: 'ok' },
        { host: 'cvknode13', status: 'ok', message: 'ok' },
        { host: 'vms01', status: 'ok', message: 'ok' },
      ],
      then: (r) => {
        expect(r.evidence[1]!.excerpt).toBe('172.16.51.12 dev eth0 lladdr 0c:da:41:1d:6e:2b REACHABLE');
        expect(r.evidence[4]!.excerpt).toContain('vnet2       bridge   vswitch0   virtio   0c:da:41:1d:6e:2b');
        expect(renderMsg(r.message, 'en')).toContain('a correct password is refused as wrong');
        const step = r.recovery.find((s) => s.id === 'readdress-vm')!;
        expect(step.text.en).toContain('VM web01 on cvknode13');
        expect(step.text.en).toContain('172.16.51.12');
        expect(r.recovery[0]!.command).toBe('ip addr show dev vswitch0');
        const data = r.data as { conflicts: Array<{ kind: string; owner: { kind: string; vms: Array<{ vm: string; host: string }> } }> };
        expect(data.conflicts[0]).toMatchObject({ kind: 'neighbour', owner: { kind: 'vm', vms: [{ vm: 'web01', host: 'cvknode13' }] } });
      },
    },
    {
      name: 'finds the same address configured on two hosts, on both of them',
      hosts: cluster('configured-twice'),
      host: 'cvknode12',
      status: 'fail',
      message: 'configuredTwice',
      values: { address: '172.16.51.12', iface: 'vswitch0', mac: '40:a8:f0:28:22:10', other: 'cvknode13', otherIface: 'vswitch0', otherMac: '40:a8:f0:28:33:20' },
      steps: ['show-host-address', 'readdress-conflicting-device'],
      evidence: ['cvknode12: ip -o addr', 'cvknode12: ip -o link', 'cvknode13: ip -o addr', 'cvknode13: ip -o link'],
      filled: true,
      also: [{ host: 'cvknode13', status: 'fail', message: 'configuredTwice', values: { address: '172.16.51.12', other: 'cvknode12' } }],
      then: (r) => expect(r.evidence[2]!.excerpt).toContain('inet 172.16.51.12/16 brd 172.16.255.255 scope global secondary vswitch0'),
    },
    {
      name: 'only warns about a STALE entry to a device of no known owner, naming its vendor prefix',
      hosts: cluster('stale-unknown-device'),
      host: 'cvknode13',
      status: 'warn',
      message: 'staleElsewhere',
      values: { address: '172.16.51.13', foreignMac: '3c:fd:fe:5e:0a:11', seenOn: 'vms01', owner: /prefix 3c:fd:fe belongs to Intel/ },
      nested: ['ownerVendor'],
      steps: ['capture-both-ends', 'find-device-by-mac', 'readdress-conflicting-device'],
      evidence: ['vms01: ip neigh', 'cvknode13: ip -o addr', 'cvknode13: ip -o link'],
      filled: true,
    },
    {
      name: 'reports, from the first readable host, that the host the platform lost has its address taken by a VM',
      hosts: cluster('host-unreachable'),
      host: 'cvknode11',
      status: 'fail',
      message: 'peerTaken',
      values: { peer: 'cvknode12', address: '172.16.51.12', seenOn: 'vms01', foreignMac: '0c:da:41:1d:6e:2b', owner: 'the NIC of VM web01 on cvknode13 (running)', why: /authentication methods failed/ },
      steps: ['readdress-vm', 'show-host-address'],
      // the peers still reach the host's own MAC, the platform reaches the VM's: both lines are shown
      evidence: ['cvknode11: ip neigh', 'cvknode13: ip neigh', 'vms01: ip neigh', 'cvknode13: virsh -r domiflist -- web01'],
      filled: true,
      also: [
        // the others do not repeat it; they cannot compare themselves with the lost host either
        { host: 'cvknode13', status: 'unknown', message: 'peersUnread', values: { hosts: 'cvknode12' } },
        { host: 'vms01', status: 'unknown', message: 'peersUnread' },
        { host: 'cvknode12', status: 'error', message: 'text', scope: 'engine' },
      ],
    },
  ],
});
