import { describe, expect, it } from 'vitest';
import { counterGrowth, parseCounter, parseIfconfig, parseIpAddr, parseIpLink, parsers } from '../../src/parsers/net.js';
import { corpus, corpusFiles, fixture } from './compute-net-fixtures.js';

const byName = <T extends { name: string }>(list: readonly T[], name: string): T => {
  const found = list.find((x) => x.name === name);
  if (!found) throw new Error(`no interface ${name}`);
  return found;
};

describe('parseIpLink', () => {
  it('reads the old left-aligned layout with trailing spaces and -d details (hotsos-6)', () => {
    const r = parseIpLink(corpus('ip-s-link', 'hotsos-6.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.interfaces).toHaveLength(24);
    expect(r.value.interfaces.slice(14, 17).map((i) => [i.index, i.name, i.peer])).toEqual([
      [15, 'lxdbr0', undefined],
      [17, 'veth1883dceb', 'if16'],
      [19, 'veth5cc250bc', 'if18'],
    ]);
    const ens7 = byName(r.value.interfaces, 'ens7');
    expect(ens7).toMatchObject({
      index: 6,
      flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
      mtu: 1500,
      qdisc: 'fq_codel',
      master: 'ovs-system',
      state: 'UP',
      mode: 'DEFAULT',
      group: 'default',
      qlen: 1000,
      linkType: 'ether',
      mac: '52:54:00:78:19:c3',
    });
    expect(ens7.details[0]).toMatch(/^openvswitch_slave addrgenmode eui64/);
    expect(ens7.counters).toEqual({
      rx_bytes: 3215988,
      rx_packets: 37915,
      rx_errors: 0,
      rx_dropped: 0,
      rx_overrun: 0,
      rx_mcast: 0,
      tx_bytes: 29979,
      tx_packets: 303,
      tx_errors: 0,
      tx_dropped: 0,
      tx_carrier: 0,
      tx_collisions: 0,
    });
    expect(byName(r.value.interfaces, 'br-ens3').counters.rx_mcast).toBe(37865);
  });

  it('maps values by order when big counters overflow their column (insights-core-2)', () => {
    const eno1 = byName(parseIpLink(corpus('ip-s-link', 'insights-core-2.txt')).value.interfaces, 'eno1');
    expect(eno1.counters).toMatchObject({ rx_bytes: 108341661705196, rx_packets: 87334303936, rx_dropped: 5632499, rx_mcast: 7110182 });
  });

  it('reads flags without LOWER_UP and the hand-shifted test column (insights-core-1)', () => {
    const r = parseIpLink(corpus('ip-s-link', 'insights-core-1.txt'));
    expect(r.issues).toEqual([]);
    const ifs = r.value.interfaces;
    expect(byName(ifs, 'enp0s9').flags).toEqual(['BROADCAST', 'UP', 'MULTICAST']);
    expect(byName(ifs, 'enp0s9').counters.tx_packets).toBe(12);
    expect(byName(ifs, 'tm0').details).toHaveLength(2);
  });

  it('reads DOWN NICs and LACP bond slaves (insights-core-3)', () => {
    const ifs = parseIpLink(corpus('ip-s-link', 'insights-core-3.txt')).value.interfaces;
    expect(byName(ifs, 'eth0')).toMatchObject({ flags: ['BROADCAST', 'MULTICAST'], state: 'DOWN', qdisc: 'noop' });
    expect(byName(ifs, 'eth0_1')).toMatchObject({ master: 'bond0', bondSlaveState: 'ACTIVE' });
    expect(byName(ifs, 'eth0_1').counters.rx_dropped).toBe(117902);
    expect(byName(ifs, 'br-int').counters.rx_dropped).toBe(101259804);
  });

  it("reads 'missed' in the main row of the transition layout (insights-core-4)", () => {
    const ens1 = byName(parseIpLink(corpus('ip-s-link', 'insights-core-4.txt')).value.interfaces, 'ens1');
    expect(ens1.counters.rx_missed).toBe(0);
    expect(ens1.counters.rx_overrun).toBeUndefined();
    expect(ens1.counters.rx_mcast).toBe(3064);
    expect(ens1.flags).toContain('SLAVE');
  });

  it('reads the 6.x right-aligned layout, altnames and permaddr (insights-core-5)', () => {
    const r = parseIpLink(corpus('ip-s-link', 'insights-core-5.txt'));
    expect(r.issues).toEqual([]);
    const backup = byName(r.value.interfaces, 'enp2s0');
    expect(backup).toMatchObject({ bondSlaveState: 'BACKUP', permaddr: '52:54:00:c9:b9:47', altnames: ['enx525400c9b947'] });
    expect(backup.counters).toMatchObject({ rx_bytes: 1174673386, rx_dropped: 2498170, tx_bytes: 5705272 });
    expect(byName(r.value.interfaces, 'bond0').counters.tx_dropped).toBe(8);
  });

  it('reads -s -s error rows with 2-space continuation indentation (linux-doc)', () => {
    const r = parseIpLink(corpus('ip-s-s-link', 'linux-doc-1.txt'));
    expect(r.issues).toEqual([]);
    const [nic] = r.value.interfaces;
    expect(nic!.altnames).toEqual(['enp58s0u1u1']);
    expect(nic!.counters).toMatchObject({
      rx_bytes: 74327665117,
      rx_overrun: 0,
      rx_length: 0,
      rx_crc: 0,
      rx_frame: 0,
      rx_fifo: 0,
      rx_missed: 0,
      tx_aborted: 0,
      tx_heartbeat: 0,
      tx_transns: 128,
    });
  });

  it('converts -h human units and marks them approximate (netdev-2020)', () => {
    const [nic] = parseIpLink(corpus('ip-s-s-link', 'netdev-2020-1.txt')).value.interfaces;
    expect(nic!.countersApproximate).toBe(true);
    expect(nic!.counters).toMatchObject({ rx_bytes: 6.04e12, rx_packets: 4.67e9, rx_mcast: 67_700_000, rx_missed: 7, tx_transns: 6 });
  });

  it('splits a peer-suffixed name (zh-net-notes-a) and reads NO-CARRIER (zh-net-notes-b)', () => {
    const [veth] = parseIpLink(corpus('ip-s-s-link', 'zh-net-notes-a-1.txt')).value.interfaces;
    expect(veth).toMatchObject({ name: 'veth3', peer: 'if7' });
    expect(veth!.counters.rx_dropped).toBe(247);
    const [eno1] = parseIpLink(corpus('ip-s-s-link', 'zh-net-notes-b-1.txt')).value.interfaces;
    expect(eno1).toMatchObject({ flags: ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP'], state: 'DOWN' });
    expect(eno1!.counters.tx_transns).toBe(1);
  });

  it('reads iproute2 6.1 where overrun moved to the error row and heartbeat became heartbt', () => {
    const [lo] = parseIpLink(fixture('net', 'ip-s-s-d-link-iproute2-6.1.txt')).value.interfaces;
    expect(Object.keys(lo!.counters)).toEqual([
      'rx_bytes', 'rx_packets', 'rx_errors', 'rx_dropped', 'rx_missed', 'rx_mcast',
      'rx_length', 'rx_crc', 'rx_frame', 'rx_fifo', 'rx_overrun',
      'tx_bytes', 'tx_packets', 'tx_errors', 'tx_dropped', 'tx_carrier', 'tx_collisions',
      'tx_aborted', 'tx_fifo', 'tx_window', 'tx_heartbeat', 'tx_transns',
    ]);
    expect(lo!.counters.rx_bytes).toBe(15340);
    const [human] = parseIpLink(fixture('net', 'ip-s-s-h-link-iproute2-6.1.txt')).value.interfaces;
    expect(human!.counters.rx_bytes).toBe(15300);
    expect(human!.countersApproximate).toBe(true);
  });

  it("reads the guide's unplugged OVS uplink", () => {
    const r = parseIpLink(fixture('net', 'ip-link-guide-3.6.1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.interfaces).toEqual([
      {
        index: 10,
        name: 'eth2',
        flags: ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP'],
        mtu: 1500,
        qdisc: 'mq',
        master: 'ovs-system',
        state: 'DOWN',
        mode: 'DEFAULT',
        linkType: 'ether',
        mac: 'd4:61:fe:17:c9:aa',
        details: [],
        altnames: [],
        counters: {},
        addresses: [],
        line: 1,
        span: { first: 1, last: 2 },
      },
    ]);
  });

  it('gives each interface its header line and the span of its block', () => {
    const ifs = parseIpLink(corpus('ip-s-link', 'insights-core-5.txt')).value.interfaces;
    for (const [i, x] of ifs.entries()) {
      expect(x.span.first).toBe(x.line);
      if (i > 0) expect(ifs[i - 1]!.span.last).toBeLessThan(x.line);
    }
    expect(ifs.at(-1)!.span.last).toBeGreaterThan(ifs.at(-1)!.line);
  });

  it('marks output cut between a statistics header and its values', () => {
    const text = corpus('ip-s-link', 'insights-core-1.txt').split('\n').slice(0, 5).join('\n');
    const r = parseIpLink(text);
    expect(r.incomplete).toBe(true);
    expect(r.value.interfaces[0]!.counters).toMatchObject({ rx_bytes: 1113685 });
    expect(r.value.interfaces[0]!.counters.tx_bytes).toBeUndefined();
  });

  it('reports a value row that is not numeric and text before any interface', () => {
    const r = parseIpLink('Device "eth9" does not exist.\n1: lo: <LOOPBACK> mtu 65536\n    RX: bytes packets\n    abc def\n');
    expect(r.issues.map((i) => [i.line, i.reason])).toEqual([
      [1, 'text before the first interface'],
      [4, 'counter row with a non-numeric value'],
    ]);
    expect(r.value.interfaces[0]!.counters).toEqual({});
  });
});

describe('parseCounter', () => {
  it.each([
    ['5632499', 5632499, false],
    ['6.04T', 6.04e12, true],
    ['15.3k', 15300, true],
    ['1.50Ki', 1536, true],
  ])('%s', (s, value, approximate) => expect(parseCounter(s)).toEqual({ value, approximate }));
  it('rejects other text', () => expect(parseCounter('-')).toBeUndefined());
});

describe('parseIpAddr', () => {
  it('reads addresses with labels, lifetimes and -d detail lines (hotsos-3)', () => {
    const r = parseIpAddr(corpus('ip-addr', 'hotsos-3.txt'));
    expect(r.issues).toEqual([]);
    const ens3 = byName(r.value.interfaces, 'ens3');
    expect(ens3.addresses).toEqual([
      {
        family: 'inet',
        address: '10.6.3.201',
        prefixLen: 16,
        broadcast: '10.6.255.255',
        scope: 'global',
        flags: ['dynamic'],
        label: 'ens3',
        validLft: '84872sec',
        preferredLft: '84872sec',
      },
      { family: 'inet6', address: 'fe80::f816:3eff:fe1f:96bd', prefixLen: 64, scope: 'link', flags: [], validLft: 'forever', preferredLft: 'forever' },
    ]);
    expect(byName(r.value.interfaces, 'flannel.1').details[0]).toMatch(/^vxlan id 1 local 10\.6\.3\.201/);
  });

  it('reads peers, VLAN parents, odd link types and reports noise (insights-core-1)', () => {
    const r = parseIpAddr(corpus('ip-addr', 'insights-core-1.txt'));
    expect(r.issues.map((i) => i.text)).toEqual(['Message truncated', 'Message truncated', 'Message truncated']);
    const ifs = r.value.interfaces;
    expect(byName(ifs, 'tunl1')).toMatchObject({ linkType: '[65534]' });
    expect(byName(ifs, 'tunl1').addresses[0]).toMatchObject({ address: '172.30.0.1', peer: '172.30.0.2', prefixLen: 32, label: 'tun0' });
    expect(byName(ifs, 'bond1.57')).toMatchObject({ peer: 'bond1' });
    expect(byName(ifs, 'bond1.57').addresses.map((a) => `${a.address}/${a.prefixLen}`)).toEqual([
      '10.192.4.171/27',
      'fe80::211:3fff:fee2:f59e/64',
      '2001::211:3fff:fee2:f59e/64',
    ]);
    expect(byName(ifs, 'bond1.57').addresses[2]!.flags).toEqual(['mngtmpaddr', 'dynamic']);
    expect(byName(ifs, 'eth7')).toMatchObject({ state: 'DOWN', master: 'bond1', flags: ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'SLAVE', 'UP'] });
  });

  it.each([
    ['insights-core-2.txt', 'eth0', '172.31.44.94', 20, ['dynamic']],
    ['insights-core-4.txt', 'eth0', '172.31.45.56', 20, []],
  ])('reads RHEL addresses (%s)', (file, name, address, prefixLen, flags) => {
    const r = parseIpAddr(corpus('ip-addr', file));
    expect(r.issues).toEqual([]);
    expect(byName(r.value.interfaces, name).addresses[0]).toMatchObject({ address, prefixLen, flags, label: name });
    expect(byName(r.value.interfaces, 'lo').addresses[0]).toMatchObject({ address: '127.0.0.1', prefixLen: 8, scope: 'host' });
  });

  it("reads the guide's vswitch0 address (IP conflict case)", () => {
    const [vs] = parseIpAddr(fixture('net', 'ip-addr-guide-3.6.2.txt')).value.interfaces;
    expect(vs!.addresses[0]).toEqual({
      family: 'inet',
      address: '172.16.51.23',
      prefixLen: 16,
      broadcast: '172.16.255.255',
      scope: 'global',
      flags: [],
      label: 'vswitch0',
      validLft: 'forever',
      preferredLft: 'forever',
    });
    expect(vs!.mac).toBe('0c:da:41:1d:43:79');
  });

  it('reads secondary labelled and dadfailed addresses', () => {
    const r = parseIpAddr(
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000\n' +
        '    inet 10.0.0.5/24 brd 10.0.0.255 scope global secondary eth0:1\n' +
        '    inet6 fd00::5/64 scope global tentative dadfailed\n',
    );
    expect(r.value.interfaces[0]!.addresses.map((a) => [a.address, a.flags, a.label])).toEqual([
      ['10.0.0.5', ['secondary'], 'eth0:1'],
      ['fd00::5', ['tentative', 'dadfailed'], undefined],
    ]);
  });
});

describe('parseIfconfig', () => {
  it('reads net-tools 2.x, including an UP interface without RUNNING (jc-1)', () => {
    const r = parseIfconfig(corpus('ifconfig', 'jc-1.txt'));
    expect(r.issues).toEqual([]);
    const ifs = r.value.interfaces;
    expect(ifs.map((i) => i.name)).toEqual(['docker0', 'ens33', 'lo']);
    expect(byName(ifs, 'docker0').flags).toEqual(['UP', 'BROADCAST', 'MULTICAST']);
    expect(byName(ifs, 'ens33')).toMatchObject({
      flags: ['UP', 'BROADCAST', 'RUNNING', 'MULTICAST'],
      mtu: 1500,
      mac: '00:0c:29:3b:58:0e',
      txqueuelen: 1000,
      addresses: [
        { family: 'inet', address: '192.168.71.137', netmask: '255.255.255.0', broadcast: '192.168.71.255' },
        { family: 'inet6', address: 'fe80::c1cb:715d:bc3e:b8a0', prefixLen: 64, scope: 'link' },
      ],
      counters: {
        rx_packets: 8061,
        rx_bytes: 1514413,
        rx_errors: 0,
        rx_dropped: 0,
        rx_overrun: 0,
        rx_frame: 0,
        tx_packets: 4502,
        tx_bytes: 866622,
        tx_errors: 0,
        tx_dropped: 0,
        tx_overrun: 0,
        tx_carrier: 0,
        tx_collisions: 0,
      },
    });
  });

  it('reads net-tools 1.60 (jc-2)', () => {
    const r = parseIfconfig(corpus('ifconfig', 'jc-2.txt'));
    expect(r.issues).toEqual([]);
    const ens33 = byName(r.value.interfaces, 'ens33');
    expect(ens33).toMatchObject({
      linkEncap: 'Ethernet',
      mac: '00:0c:29:c2:c8:63',
      flags: ['UP', 'BROADCAST', 'RUNNING', 'MULTICAST'],
      mtu: 1500,
      txqueuelen: 1000,
      addresses: [
        { family: 'inet', address: '192.168.248.129', netmask: '255.255.255.0', broadcast: '192.168.248.255' },
        { family: 'inet6', address: 'fe80::c1ca:3dee:39f7:5937', prefixLen: 64, scope: 'link' },
      ],
    });
    expect(ens33.counters).toEqual({
      rx_packets: 36,
      rx_errors: 0,
      rx_dropped: 0,
      rx_overrun: 0,
      rx_frame: 0,
      tx_packets: 152,
      tx_errors: 0,
      tx_dropped: 0,
      tx_overrun: 0,
      tx_carrier: 0,
      tx_collisions: 0,
      rx_bytes: 5602,
      tx_bytes: 13935,
    });
    expect(byName(r.value.interfaces, 'lo').linkEncap).toBe('Local Loopback');
  });

  it('ignores the decimal unit in parentheses (jc-3)', () => {
    const ens33 = byName(parseIfconfig(corpus('ifconfig', 'jc-3.txt')).value.interfaces, 'ens33');
    expect(ens33.counters.rx_bytes).toBe(178583682);
  });

  it("reads the guide's eth6 with single-space separators", () => {
    const r = parseIfconfig(fixture('net', 'ifconfig-guide-3.6.1.txt'));
    expect(r.issues).toEqual([]);
    const [eth6] = r.value.interfaces;
    expect(eth6).toMatchObject({ name: 'eth6', mtu: 1500, mac: '60:da:83:3d:0a:5e', extra: ['device memory 0xc7460000-c747ffff'] });
    expect(eth6!.counters).toMatchObject({ rx_packets: 54153826, rx_bytes: 106867962564, rx_dropped: 7, rx_overrun: 83979 });
    expect(eth6!.addresses).toHaveLength(2);
  });

  it('reads every short old-style header as the former regex did', () => {
    const FORMER = /^(\S+)\s+Link encap:\s*(.+?)(?:\s+HWaddr\s+(\S+))?\s*$/;
    const PIECES = ['Ethernet', 'Local Loopback', 'HWaddr', '00:0C:29:C2:C8:63', ' ', '  ', '\t', 'x'];
    let x = 9; // xorshift32: deterministic
    const next = (): number => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
    for (let n = 0; n < 10_000; n++) {
      const text = `eth0 Link encap:${Array.from({ length: next() % 7 }, () => PIECES[next() % PIECES.length]).join(next() % 2 ? ' ' : '')}`.trim();
      const m = FORMER.exec(text);
      const [iface] = parseIfconfig(`${text}\n`).value.interfaces;
      const expected = m ? { name: 'eth0', linkEncap: m[2], ...(m[3] ? { mac: m[3].toLowerCase() } : {}) } : undefined;
      expect(iface && { name: iface.name, linkEncap: iface.linkEncap, ...(iface.mac ? { mac: iface.mac } : {}) }, JSON.stringify(text)).toEqual(expected);
    }
  });

  it('reads an old-style header with 200,000-character gaps (the former regex backtracked for seconds)', () => {
    const gap = ' '.repeat(200_000);
    const r = parseIfconfig(`eth0      Link encap:Ethernet${gap}HWaddr${gap}00:0C:29:C2:C8:63${gap}\n\neth1 Link encap:Ethernet${gap}x\n`);
    expect(r.value.interfaces.map((i) => [i.name, i.linkEncap, i.mac])).toEqual([
      ['eth0', 'Ethernet', '00:0c:29:c2:c8:63'],
      ['eth1', `Ethernet${gap}x`, undefined],
    ]);
  });

  it('reports lines outside any interface', () => {
    const r = parseIfconfig('eth9: error fetching interface information: Device not found\n');
    expect(r.value.interfaces).toEqual([]);
    expect(r.issues).toHaveLength(1);
  });
});

describe('counterGrowth', () => {
  it("gives the guide's two-sample comparison: overruns keep growing, dropped is history", () => {
    const before = parseIfconfig(fixture('net', 'ifconfig-guide-3.6.1.txt')).value.interfaces;
    const after = parseIfconfig(fixture('net', 'ifconfig-guide-3.6.1-after-synthetic.txt')).value.interfaces;
    const growth = counterGrowth(before, after);
    expect(growth.eth6).toMatchObject({ rx_overrun: 431, rx_dropped: 0, rx_errors: 0, rx_packets: 7176, tx_packets: 1066 });
  });

  it('leaves out counters that went backwards and interfaces seen once', () => {
    const growth = counterGrowth(
      [
        { name: 'eth0', counters: { rx_dropped: 10, rx_packets: 4_294_967_000 } },
        { name: 'eth1', counters: { rx_dropped: 1 } },
      ],
      [
        { name: 'eth0', counters: { rx_dropped: 15, rx_packets: 200, tx_packets: 3 } },
        { name: 'eth2', counters: { rx_dropped: 4 } },
      ],
    );
    expect(growth).toEqual({ eth0: { rx_dropped: 5 } });
  });

  it('compares two ip -s link samples', () => {
    const before = parseIpLink(corpus('ip-s-link', 'insights-core-5.txt')).value.interfaces;
    const text = corpus('ip-s-link', 'insights-core-5.txt').replace('1174673386 15049986      0 2498170', '1174679999 15050001      0 2498185');
    const after = parseIpLink(text).value.interfaces;
    expect(counterGrowth(before, after).enp2s0).toMatchObject({ rx_bytes: 6613, rx_packets: 15, rx_dropped: 15, rx_errors: 0 });
  });
});

describe('net parser registry', () => {
  it.each(['ip-s-link', 'ip-s-s-link', 'ip-addr', 'ifconfig'] as const)('parses every %s sample into interfaces', (dir) => {
    for (const file of corpusFiles(dir)) {
      const r = parsers[dir](corpus(dir, file));
      expect(r.value.interfaces.length, `${dir}/${file}`).toBeGreaterThan(0);
      expect(r.issues.filter((i) => i.text !== 'Message truncated'), `${dir}/${file}`).toEqual([]);
    }
  });
});
