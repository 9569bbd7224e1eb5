import { expect } from 'vitest';
import { noteEn } from '../support/fixture-run.js';
import { testCheck } from '../support/check-tester.js';

const BOND = 'cvknode11: ovs-appctl bond/show';
const LINK = 'cvknode11: ip -s -s -d link';
const MEMBER = ' (member of vswitch0_bond)';

testCheck('nic-packet-loss', {
  ok: [
    { hosts: ['@vks-healthy'], message: 'healthy', values: { nics: 2, bonds: 1 } },
    // a host without Open vSwitch still has its NICs checked
    { hosts: ['no-ovs'], message: 'healthy', values: { nics: 2, bonds: 0 } },
  ],
  cases: [
    {
      name: 'reports old counters as history, not as loss',
      hosts: ['@vks-healthy'],
      status: 'ok',
      message: 'healthy',
      values: { history: ' Non-zero counters on eth0 did not grow: history, not current loss.' },
      nested: ['history'],
      steps: [],
      then: (r) => expect((r.data as { historicalCounters: unknown }).historicalCounters).toEqual({ eth0: { rx_overrun: 83979, rx_dropped: 7 } }),
    },
    {
      name: 'fails when LACP negotiation failed (lacp_status: configured)',
      hosts: ['lacp-failed'],
      status: 'fail',
      message: 'lacpConfigured',
      values: { bond: 'vswitch0_bond', more: '' },
      steps: ['check-bond', 'fix-switch-lacp'],
      evidence: [BOND],
      then: (r) => {
        // the whole block of the bond
        expect(r.evidence[0]!.excerpt).toMatch(/^---- vswitch0_bond ----\n[^]*lacp_status: configured\n[^]*\tmay_enable: true$/);
      },
    },
    {
      name: 'fails on a bond member without carrier and says the bond lost redundancy',
      hosts: ['no-carrier'],
      status: 'fail',
      message: 'noCarrier',
      values: { iface: 'eth1', role: MEMBER, more: ' (+1 more)' },
      nested: ['memberOf', 'more'],
      // the steps of both findings, the worst first
      steps: ['check-nic-state', 'fix-cabling', 'check-bond'],
      evidence: [LINK, BOND],
      filled: true,
      then: (r) => {
        expect(r.evidence[0]!.excerpt).toBe('3: eth1: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc mq master ovs-system state DOWN mode DEFAULT group default qlen 1000');
        expect(r.recovery[0]!.command).toBe('ifconfig eth1');
      },
    },
    {
      name: 'fails on a bond member set down in software, with the member OVS disabled',
      hosts: ['member-down'],
      status: 'fail',
      message: 'adminDown',
      values: { iface: 'eth1', role: MEMBER, more: ' (+1 more)' },
      steps: ['check-nic-state', 'bring-nic-up', 'check-bond', 'fix-cabling'],
      evidence: [LINK, BOND],
      filled: true,
      then: (r) => expect(r.recovery[1]!.command).toBe('ip link set dev eth1 up'),
    },
    {
      name: 'fails when error counters grow between the two samples, and names the counters',
      hosts: ['errors-growing'],
      status: 'fail',
      message: 'countersGrew',
      values: { iface: 'eth0', grown: 'rx_errors +37, rx_frame +37, rx_crc +37, rx_dropped +412', seconds: 0, ratio: /^ \(\d+\.\d\d % of \d+ packets\)$/ },
      nested: ['counterDelta', 'lossRatio'],
      steps: ['check-counter-growth', 'replace-cable-optics', 'grow-ring-buffer'],
      evidence: [LINK, LINK],
      then: (r) => {
        // no ethtool -g in this capture: the size stays for the engineer to fill
        expect(r.recovery.find((s) => s.id === 'grow-ring-buffer')!.command).toBe('ethtool -G eth0 rx <rxMax>');
        expect(r.evidence.map(noteEn)).toEqual(['first sample', 'second sample, 0 s later']);
        // each sample's whole block of the NIC
        for (const e of r.evidence) expect(e.excerpt).toMatch(/^2: eth0: [^]*TX errors: aborted[^\n]*\n\s+0\s+0\s+0\s+0\s+0$/);
        expect(r.evidence[0]!.excerpt).not.toBe(r.evidence[1]!.excerpt);
        const growth = (r.data as { growth: Record<string, Record<string, number>> }).growth.eth0!;
        expect(growth).toMatchObject({ rx_errors: 37, rx_frame: 37, rx_dropped: 412 });
      },
    },
    {
      name: 'only warns when just dropped grows (the kernel also drops frames it does not want)',
      hosts: ['dropped-growing'],
      status: 'warn',
      message: 'countersGrew',
      values: { iface: 'eth0', grown: 'rx_dropped +96', seconds: 0 },
      steps: ['check-counter-growth', 'grow-ring-buffer'],
      evidence: [LINK, LINK, 'cvknode11: ethtool -g eth0'],
      then: (r) => {
        const ring = r.recovery.find((s) => s.id === 'grow-ring-buffer')!;
        expect(ring.command).toBe('ethtool -G eth0 rx 4096');
        expect(ring.text.en).toContain('eth0 receives into 512 descriptors of a possible 4096.');
        expect(r.evidence[2]!.excerpt).toBe('RX:\t\t4096\nRX:\t\t512');
      },
    },
    {
      name: 'says a larger ring cannot help when the ring is at its maximum already',
      hosts: ['dropped-ring-full'],
      status: 'warn',
      message: 'countersGrew',
      steps: ['check-counter-growth', 'grow-ring-buffer'],
      then: (r) => expect(r.recovery.find((s) => s.id === 'grow-ring-buffer')!.text.zh).toContain('已是最大值 4096'),
    },
    {
      name: 'warns on bond members with different MTUs, quoting the bond and the MTUs',
      hosts: ['mtu-mismatch'],
      status: 'warn',
      message: 'mtuMismatch',
      values: { bond: 'vswitch0_bond', mtus: 'eth0 1500, eth1 9000', more: '' },
      nested: ['memberMtu'],
      steps: ['check-mtu', 'fix-mtu'],
      evidence: [BOND, LINK],
      filled: true,
      then: (r) => {
        expect(r.evidence[1]!.excerpt.split('\n').map((l) => l.split(' mtu ')[1]!.split(' ')[0])).toEqual(['1500', '9000']);
        expect(r.recovery[0]!.command).toBe('ip link show dev eth1');
      },
    },
    {
      name: 'cannot say ok when the second counter sample is missing',
      hosts: ['second-sample-timeout'],
      status: 'unknown',
      message: 'secondSampleMissing',
    },
    {
      name: 'cannot decide when ip link does not answer',
      hosts: ['link-hangs'],
      status: 'unknown',
      message: 'linkUnreadable',
      values: { why: /ip -s -s -d link/ },
    },
  ],
});
