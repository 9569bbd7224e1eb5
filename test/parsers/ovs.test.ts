import { describe, expect, it } from 'vitest';
import {
  ctZones,
  normaliseOvsKey,
  parseBondShow,
  parseDpifFlows,
  parseLacpShow,
  parseOfctlFlows,
  parseVsctlShow,
  parsers,
} from '../../src/parsers/ovs.js';
import { blockHeader, keyValue, ovsBlocks } from '../../src/parsers/ovs-text.js';
import { corpus, corpusFiles, fixture } from './compute-net-fixtures.js';
import { superLinear } from '../support/linear-time.js';

describe('parseBondShow', () => {
  it('reads current OVS wording (ovs-1): LACP negotiated, no active member', () => {
    const r = parseBondShow(corpus('ovs-appctl-bond-show', 'ovs-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.incomplete).toBeUndefined();
    const [bond] = r.value.bonds;
    expect(bond).toMatchObject({
      name: 'bond',
      mode: 'active-backup',
      lacpStatus: 'negotiated',
      lacpFallbackAb: false,
      updelayMs: 0,
      downdelayMs: 0,
    });
    expect(bond!.activeMember).toBeUndefined();
    expect(bond!.activeMemberMac).toBeUndefined();
    expect(bond!.extra).toMatchObject({ lb_output_action: 'disabled, bond-id: -1', active_backup_primary: '<none>' });
    expect(bond!.members).toEqual([
      { name: 'p1', enabled: false, active: false, mayEnable: false, extra: [], span: { first: 13, last: 14 } },
      { name: 'p2', enabled: false, active: false, mayEnable: false, extra: [], span: { first: 16, last: 17 } },
    ]);
    // the whole block, blank lines inside it included
    expect(bond!.span).toEqual({ first: 1, last: 17 });
  });

  it.each(['ovs-2.txt', 'ovs-3.txt'])('reads the slave wording with TAB indentation (%s)', (file) => {
    const r = parseBondShow(corpus('ovs-appctl-bond-show', file));
    expect(r.issues).toEqual([]);
    expect(r.value.bonds).toHaveLength(1);
    expect(r.value.bonds[0]!.members.map((m) => [m.name, m.enabled, m.mayEnable])).toEqual([
      ['p1', false, false],
      ['p2', false, false],
    ]);
  });

  it('has lacp_fallback_ab only from OVS 2.8 on', () => {
    expect(parseBondShow(corpus('ovs-appctl-bond-show', 'ovs-2.txt')).value.bonds[0]!.lacpFallbackAb).toBeUndefined();
    expect(parseBondShow(corpus('ovs-appctl-bond-show', 'ovs-3.txt')).value.bonds[0]!.lacpFallbackAb).toBe(false);
  });

  it('splits concatenated bonds and reports the test harness placeholder lines (ovs-4)', () => {
    const r = parseBondShow(corpus('ovs-appctl-bond-show', 'ovs-4.txt'));
    expect(r.value.bonds.map((b) => [b.name, b.mode, b.members.find((m) => m.active)?.name])).toEqual([
      ['bond0', 'balance-tcp', 'p1'],
      ['bond1', 'balance-tcp', 'p3'],
    ]);
    // each bond's block ends where the next header starts
    const [b0, b1] = r.value.bonds;
    expect(b0!.span.last).toBeLessThan(b1!.span.first);
    expect(r.issues.map((i) => [i.line, i.text])).toEqual([
      [11, '<active member mac del>'],
      [30, '<active member mac del>'],
    ]);
  });

  it('reads a balance-slb bond without LACP (ovs-5)', () => {
    const bond = parseBondShow(corpus('ovs-appctl-bond-show', 'ovs-5.txt')).value.bonds[0]!;
    expect(bond.mode).toBe('balance-slb');
    expect(bond.lacpStatus).toBe('off');
    expect(bond.extra.all_members_active).toBe('false');
    expect(bond.members.map((m) => [m.name, m.enabled, m.active])).toEqual([
      ['p1', true, true],
      ['p2', true, false],
    ]);
  });

  it("reads the guide's sample with OCR'd keys and deep indentation", () => {
    const r = parseBondShow(fixture('ovs', 'bond-show-guide-3.6.1.txt'));
    expect(r.issues).toEqual([]);
    const bond = r.value.bonds[0]!;
    expect(bond).toMatchObject({
      name: 'vswitch0_bond',
      mode: 'active-backup',
      lacpStatus: 'off',
      lacpFallbackAb: true,
      activeMemberMac: '40:a8:f0:28:14:d8',
      activeMember: 'eth0',
    });
    expect(bond.extra.bond_may_use_recirculation).toBe('no, Recirc-ID : -1');
    expect(bond.members).toEqual([
      { name: 'eth0', enabled: true, active: true, mayEnable: true, extra: [], span: { first: 11, last: 13 } },
      { name: 'eth1', enabled: true, active: false, mayEnable: true, extra: [], span: { first: 15, last: 16 } },
    ]);
  });

  it('reads lacp_status configured, delays and pending transitions', () => {
    const bond = parseBondShow(fixture('ovs', 'bond-show-configured-synthetic.txt')).value.bonds[0]!;
    expect(bond).toMatchObject({ lacpStatus: 'configured', updelayMs: 200, downdelayMs: 100 });
    expect(bond.extra.next_rebalance).toBe('6217 ms');
    expect(bond.members[0]).toEqual({
      name: 'eth2',
      enabled: false,
      active: false,
      mayEnable: false,
      pendingChange: { to: 'enabled', inMs: 150 },
      extra: [],
      span: { first: 14, last: 16 },
    });
    expect(bond.members[1]!.extra).toEqual(['hash 17: 3 kB load']);
  });

  it('flags output cut inside a member', () => {
    const text = corpus('ovs-appctl-bond-show', 'ovs-4.txt').split('\n').slice(0, 16).join('\n');
    const r = parseBondShow(text);
    expect(r.incomplete).toBe(true);
    expect(r.value.bonds[0]!.members.map((m) => m.name)).toEqual(['p0', 'p1']);
  });

  it('returns nothing, with issues, for unrelated text', () => {
    expect(parseBondShow('')).toEqual({ value: { bonds: [] }, issues: [] });
    const r = parseBondShow('ovs-appctl: cannot connect to "/var/run/openvswitch/ovs-vswitchd.1.ctl"');
    expect(r.value.bonds).toEqual([]);
    expect(r.issues).toHaveLength(1);
  });
});

describe('normaliseOvsKey', () => {
  it.each([
    ['lACP_status', 'lacp_status'],
    ['bond may use recirculation', 'bond_may_use_recirculation'],
    ['bond_may use recirculation', 'bond_may_use_recirculation'],
    ['active slave mac', 'active_member_mac'],
    ['bond-hash-basis', 'bond_hash_basis'],
  ])('%s → %s', (key, want) => expect(normaliseOvsKey(key)).toBe(want));
});

describe('bond/show and lacp/show line shapes', () => {
  it('read every short trimmed line as the former regexes did', () => {
    const HEADER = /^-{2,}\s*(.*?)\s*-{2,}$/;
    const KV = /^([^:]+?)\s*:\s*(.*)$/;
    const PIECES = ['-', '--', '---', ' ', '\t', ':', ' : ', 'bond0', 'a b', 'may_enable', 'true', 'x-y'];
    let x = 3; // xorshift32: deterministic
    const next = (): number => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
    for (let n = 0; n < 20_000; n++) {
      const text = Array.from({ length: 1 + (next() % 8) }, () => PIECES[next() % PIECES.length]).join('').trim();
      const h = HEADER.exec(text);
      expect(blockHeader(text), JSON.stringify(text)).toBe(h ? h[1] : undefined);
      const kv = KV.exec(text);
      expect(keyValue(text), JSON.stringify(text)).toEqual(kv ? [kv[1], kv[2]] : undefined);
    }
  });

  it('read lines with 200,000-character gaps (the former regexes backtracked for minutes)', () => {
    const gap = ' '.repeat(200_000);
    const bond = parseBondShow(`----${gap}bond0${gap}----\nbond_mode:${gap}balance-slb\nmember${gap}x\n----${gap}x\n`);
    expect(bond.value.bonds.map((b) => [b.name, b.mode])).toEqual([['bond0', 'balance-slb']]);
    expect(bond.issues.map((i) => i.line)).toEqual([3, 4]);
    const lacp = parseLacpShow(`----${gap}bond0${gap}----\nstatus:${gap}active negotiated\nmember${gap}x\n`);
    expect(lacp.value.ports.map((p) => [p.name, p.status])).toEqual([['bond0', 'active negotiated']]);
    expect(lacp.issues.map((i) => i.line)).toEqual([3]);
  });
});

describe('ovsBlocks (bond/show and lacp/show alike)', () => {
  it('cuts a block per header, with the lines before the first one in a block without a name', () => {
    const blocks = ovsBlocks('slave eth9: enabled\n\n---- bond0 ----\nbond_mode: balance-slb\n\nmember p1: enabled\n---- bond1 ----\n\n');
    expect(blocks.map((b) => [b.name, b.span, b.lines.map((l) => l.n)])).toEqual([
      [undefined, { first: 1, last: 1 }, [1]],
      ['bond0', { first: 3, last: 6 }, [4, 6]],
      ['bond1', { first: 7, last: 7 }, []],
    ]);
  });
});

describe('parseLacpShow', () => {
  it.each(['ovs-1.txt', 'ovs-2.txt'])('reads a partner that never answered (%s)', (file) => {
    const r = parseLacpShow(corpus('ovs-appctl-lacp-show', file));
    expect(r.issues).toEqual([]);
    const port = r.value.ports[0]!;
    expect(port).toMatchObject({
      name: 'p1',
      status: 'active negotiated',
      active: true,
      negotiated: true,
      sysId: 'aa:55:aa:55:00:00',
      sysPriority: 65535,
      aggregationKey: 1,
      lacpTime: 'slow',
    });
    expect(port.members).toHaveLength(1);
    expect(port.members[0]).toMatchObject({
      name: 'p1',
      state: 'expired',
      attached: true,
      portId: 1,
      mayEnable: false,
      partnerSysId: '00:00:00:00:00:00',
      partnerState: ['timeout'],
    });
    expect(port.members[0]!.actor).toEqual({
      sysId: 'aa:55:aa:55:00:00',
      sysPriority: 65535,
      portId: 1,
      portPriority: 65535,
      key: 1,
      state: ['activity', 'synchronized', 'collecting', 'distributing', 'expired'],
    });
  });

  it('reads concatenated bonds with a member the partner does not synchronise (ovs-3)', () => {
    const r = parseLacpShow(corpus('ovs-appctl-lacp-show', 'ovs-3.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.ports.map((p) => p.name)).toEqual(['bond0', 'bond1']);
    const members = r.value.ports.flatMap((p) => p.members);
    expect(members.map((m) => [m.name, m.state, m.partnerState.includes('synchronized'), m.partner.key])).toEqual([
      ['p0', 'expired', false, 4],
      ['p1', 'current', true, 4],
      ['p2', 'expired', false, 2],
      ['p3', 'current', true, 2],
    ]);
    expect(r.value.ports.map((p) => p.span.first)).toEqual([1, 45]);
    expect(members.slice(0, 2).map((m) => m.span)).toEqual([{ first: 8, last: 25 }, { first: 27, last: 44 }]);
  });

  it('flags a member block cut before its partner half', () => {
    const text = corpus('ovs-appctl-lacp-show', 'ovs-1.txt').split('\n').slice(0, 18).join('\n');
    expect(parseLacpShow(text).incomplete).toBe(true);
  });

  it('reports garbage lines', () => {
    const r = parseLacpShow('no such bond\n');
    expect(r.value.ports).toEqual([]);
    expect(r.issues[0]!.reason).toMatch(/lacp/);
  });
});

describe('parseVsctlShow', () => {
  it('reads managers, controllers, patch and vxlan options (hotsos-1)', () => {
    const r = parseVsctlShow(corpus('ovs-vsctl-show', 'hotsos-1.txt'));
    expect(r.issues).toEqual([]);
    const v = r.value;
    expect(v.uuid).toBe('b8a20458-9009-41a0-aa49-71bcc0080537');
    expect(v.managers).toEqual([{ target: 'ptcp:6640:127.0.0.1', isConnected: true }]);
    expect(v.bridges.map((b) => b.name)).toEqual(['br-data', 'br-tun', 'br-ex', 'br-int']);
    const tun = v.bridges[1]!;
    expect(tun).toMatchObject({ failMode: 'secure', datapathType: 'system' });
    expect(tun.controllers).toEqual([{ target: 'tcp:127.0.0.1:6633', isConnected: true }]);
    const vxlan = tun.ports[0]!.interfaces[0]!;
    expect(vxlan.type).toBe('vxlan');
    expect(vxlan.options).toEqual({
      df_default: 'true',
      egress_pkt_mark: '0',
      in_key: 'flow',
      local_ip: '10.0.0.128',
      out_key: 'flow',
      remote_ip: '10.0.0.133',
    });
    const int = v.bridges[3]!;
    expect(int.ports.find((p) => p.name === 'sg-189f4c40-9d')?.tag).toBe(3);
    expect(int.ports.find((p) => p.name === 'patch-tun')?.interfaces[0]?.options).toEqual({ peer: 'patch-int' });
    expect(v.ovsVersion).toBe('2.13.3');
  });

  it('reads a fragment whose first line lost its indentation, with an interface error', () => {
    const r = parseVsctlShow(corpus('ovs-vsctl-show', 'hotsos-issue438-1.txt'));
    expect(r.issues).toEqual([]);
    const br = r.value.bridges[0]!;
    expect(br).toMatchObject({ name: 'br-data-2', failMode: 'standalone', datapathType: 'system' });
    expect(br.ports[0]!.interfaces[0]).toMatchObject({
      name: 'bond2',
      type: 'system',
      error: 'could not add network device bond2 to ofproto (Device or resource busy)',
    });
  });

  it.each([
    ['insights-core-1.txt', ['br-ex', 'br-int', 'br-tun'], '2.3.2'],
    ['ovs-issues141-1.txt', ['servers0', 'clients0'], '2.3.0'],
  ])('strips the quotes old OVS puts around names (%s)', (file, bridges, version) => {
    const r = parseVsctlShow(corpus('ovs-vsctl-show', file));
    expect(r.issues).toEqual([]);
    expect(r.value.bridges.map((b) => b.name)).toEqual(bridges);
    expect(r.value.ovsVersion).toBe(version);
  });

  it('keeps quoted port names and tags (insights-core-1)', () => {
    const int = parseVsctlShow(corpus('ovs-vsctl-show', 'insights-core-1.txt')).value.bridges[1]!;
    expect(int.ports[0]).toMatchObject({ name: 'tapfcce898c-ca', tag: 1 });
    expect(int.ports[0]!.interfaces[0]).toMatchObject({ name: 'tapfcce898c-ca', type: 'internal' });
  });

  it('reports ports outside of any bridge and text it does not know', () => {
    const r = parseVsctlShow('        Port eth0\nsomething odd here\n');
    expect(r.value.bridges).toEqual([]);
    expect(r.issues.map((i) => i.reason)).toEqual(['Port outside of a Bridge', 'not an ovs-vsctl show line']);
  });
});

describe('parseOfctlFlows', () => {
  it('skips the NXST_FLOW header and reads statistics, match and conntrack zones (hotsos-2)', () => {
    const r = parseOfctlFlows(corpus('ovs-ofctl-dump-flows', 'hotsos-2.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.flows).toHaveLength(110);
    expect(r.value.flows[0]).toMatchObject({
      line: 2,
      cookie: '0x565d7680690eea02',
      durationS: 63605.461,
      table: 0,
      nPackets: 0,
      nBytes: 0,
      idleAge: 63605,
      priority: 65535,
      match: [{ key: 'vlan_tci', value: '0x0fff/0x1fff' }],
      actions: 'drop',
      drop: true,
      ctZones: [],
    });
    const ct = r.value.flows.filter((f) => f.ctZones.length > 0);
    expect(ct).toHaveLength(17);
    expect(ct.find((f) => f.line === 32)!.ctZones).toEqual(['NXM_NX_REG6[0..15]']);
    expect(ct.find((f) => f.line === 55)!).toMatchObject({
      actions: 'ct(commit,zone=NXM_NX_REG6[0..15],exec(load:0x1->NXM_NX_CT_MARK[]))',
      ctZones: ['NXM_NX_REG6[0..15]'],
      match: [{ key: 'ct_state', value: '+est' }, { key: 'ip' }, { key: 'reg5', value: '0x9' }],
    });
  });

  it('unquotes port names and keeps protocol shorthands without a value (insights-core-1)', () => {
    const r = parseOfctlFlows(corpus('ovs-ofctl-dump-flows', 'insights-core-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.flows).toHaveLength(8);
    expect(r.value.flows[0]!.match.slice(0, 3)).toEqual([
      { key: 'arp' },
      { key: 'in_port', value: 's1-eth2' },
      { key: 'vlan_tci', value: '0x0000' },
    ]);
    expect(r.value.flows[0]).toMatchObject({ idleTimeout: 60, priority: 65535, actions: 'output:"s1-eth3"' });
  });

  it('reads 64-bit cookies, big counters and literal zones (mco-pr2941, ovnk-pr3762)', () => {
    const mco = parseOfctlFlows(corpus('ovs-ofctl-dump-flows', 'mco-pr2941-1.txt')).value.flows;
    expect(mco[1]).toMatchObject({ nPackets: 457521, nBytes: 1020393102, actions: 'LOCAL' });
    expect(mco[4]).toMatchObject({
      cookie: '0xaa0b41acc2257187',
      actions: 'check_pkt_larger(8915)->NXM_NX_REG0[0],resubmit(,11)',
    });
    expect(mco[0]!.ctZones).toEqual([64001]);
    const ovnk = parseOfctlFlows(corpus('ovs-ofctl-dump-flows', 'ovnk-pr3762-1.txt')).value.flows;
    expect(ovnk.map((f) => f.ctZones)).toEqual([[64001], [64002], [64001], [], [64001], [], []]);
    expect(ovnk[3]!.drop).toBe(true);
  });

  it('defaults the priority OVS does not print (ovs-tutorial)', () => {
    const r = parseOfctlFlows(corpus('ovs-ofctl-dump-flows', 'ovs-tutorial-1.txt'));
    expect(r.value.flows).toEqual([
      {
        line: 2,
        table: 10,
        priority: 32768,
        match: [
          { key: 'vlan_tci', value: '0x0014/0x0fff' },
          { key: 'dl_dst', value: '50:00:00:00:00:01' },
        ],
        actions: 'load:0x1->NXM_NX_REG0[0..15]',
        ctZones: [],
        drop: false,
        other: {},
      },
    ]);
  });

  it('reads the catch-all NORMAL flow with no match (opennebula)', () => {
    const flows = parseOfctlFlows(corpus('ovs-ofctl-dump-flows', 'opennebula-issue5642-1.txt')).value.flows;
    expect(flows[3]).toMatchObject({ priority: 0, match: [], actions: 'NORMAL', nPackets: 21 });
    expect(flows[0]!.actions).toBe('note:00.00.00.00.00.00,resubmit(,10)');
  });

  it('reads a flow without match fields and with flow-mod flags', () => {
    const r = parseOfctlFlows(
      ' cookie=0x0, duration=5.1s, table=3, n_packets=7, n_bytes=420, send_flow_rem actions=drop\n' +
        ' cookie=0x0, duration=5.1s, table=0, n_packets=0, n_bytes=0, actions=NORMAL\n',
    );
    expect(r.issues).toEqual([]);
    expect(r.value.flows.map((f) => [f.table, f.priority, f.nPackets, f.match, f.other])).toEqual([
      [3, 32768, 7, [], { send_flow_rem: '' }],
      [0, 32768, 0, [], {}],
    ]);
  });

  it('marks a dump cut in the middle of a flow and reports other noise', () => {
    const cut = parseOfctlFlows('NXST_FLOW reply (xid=0x4):\n cookie=0x0, duration=1.0s, table=0, n_packets=1, n_bytes=60, priority=5,in_po');
    expect(cut.incomplete).toBe(true);
    expect(cut.value.flows).toEqual([]);
    const err = parseOfctlFlows('ovs-ofctl: br9 is not a bridge or a socket\n');
    expect(err.issues[0]!.reason).toBe('not a flow line (no actions=)');
  });
});

describe('ctZones', () => {
  it.each([
    ['ct(commit,zone=6,nat(src)),ct(commit,zone=16,nat(src=1.2.3.4)),recirc(0xd1)', [6, 16]],
    ['ct_clear,resubmit(,71)', []],
    ['ct(table=72,zone=NXM_NX_REG6[0..15])', ['NXM_NX_REG6[0..15]']],
    ['clone(ct(zone=0x10,commit)),output:1', [16]],
    ['ct(commit,zone=7', [7]],
  ])('%s', (actions, zones) => expect(ctZones(actions)).toEqual(zones));
});

describe('parseDpifFlows', () => {
  it('reads short dpif/dump-flows drop flows (dpif ovs-1)', () => {
    const r = parseDpifFlows(corpus('ovs-appctl-dpif-dump-flows', 'ovs-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.flows[0]).toEqual({
      line: 1,
      match: 'recirc_id(0),in_port(1),packet_type(ns=0,id=0),eth_type(0x0800),ipv4(frag=no)',
      fields: { recirc_id: '0', in_port: '1', packet_type: 'ns=0,id=0', eth_type: '0x0800', ipv4: 'frag=no' },
      packets: 0,
      bytes: 0,
      used: 'never',
      actions: 'drop',
      ctZones: [],
      drop: true,
      other: {},
    });
  });

  it('reads -m output with masks and port names (dpif ovs-2)', () => {
    const f = parseDpifFlows(corpus('ovs-appctl-dpif-dump-flows', 'ovs-2.txt')).value.flows[0]!;
    expect(f.fields.in_port).toBe('p1');
    expect(f.fields.ct_state).toBe('0/0');
    expect(f.fields.icmp).toBe('type=8/0,code=0/0');
  });

  it('reads statistics and a push_vlan action (dpif ovs-3)', () => {
    const f = parseDpifFlows(corpus('ovs-appctl-dpif-dump-flows', 'ovs-3.txt')).value.flows[0]!;
    expect(f).toMatchObject({ packets: 2, bytes: 28, used: '0.0s', usedS: 0, actions: 'push_vlan(vid=3,pcp=0),100', drop: false });
  });

  it('reads ufid prefixes, dp:ovs, tunnels and ct zones (dpctl hotsos-2)', () => {
    const r = parseDpifFlows(corpus('ovs-appctl-dpctl-dump-flows', 'hotsos-2.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.flows).toHaveLength(7);
    const ct = r.value.flows[2]!;
    expect(ct).toMatchObject({
      ufid: 'afb82fb2-f85c-4122-aa4e-5dfd7169eae6',
      packets: 149,
      bytes: 15613,
      used: '0.500s',
      usedS: 0.5,
      dp: 'ovs',
      ctZones: [3],
    });
    expect(ct.fields.ct_state).toBe('0x1/0xf');
    const drop = r.value.flows.find((f) => f.drop)!;
    expect(drop).toMatchObject({ packets: 31800, bytes: 1653600 });
    expect(r.value.flows[5]!.fields.tunnel).toBe('tun_id=0x3e9,src=10.0.0.114,dst=10.0.0.128,ttl=0/0,flags(-df-csum+key)');
  });

  it('reads TC-offloaded flows with nested geneve options (ovn-issue207)', () => {
    const f = parseDpifFlows(corpus('ovs-appctl-dpctl-dump-flows', 'ovn-issue207-1.txt')).value.flows[0]!;
    expect(f.dp).toBe('tc');
    expect(f.ctZones).toEqual([6, 16]);
    expect(f.fields.tunnel).toContain('geneve({class=0x102/0,type=0x80/0,len=4,0x10002/0})');
    expect(f.fields.recirc_id).toBe('0xd0');
  });

  it('skips the userspace header and tolerates a removed used: field (dpctl ovs-1)', () => {
    const r = parseDpifFlows(corpus('ovs-appctl-dpctl-dump-flows', 'ovs-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.flows).toHaveLength(10);
    expect(r.value.flows[2]).toMatchObject({ line: 4, packets: 61, bytes: 29198, ctZones: [20] });
    expect(r.value.flows[2]!.used).toBeUndefined();
    expect(r.value.flows.map((f) => f.ctZones[0])).toEqual([20, 20, 20, undefined, undefined, 10, 10, 10, undefined, undefined]);
  });

  it("joins the guide's wrapped flow and reads statistics written without spaces", () => {
    const r = parseDpifFlows(fixture('ovs', 'dpif-dump-flows-guide-3.6.4.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.flows).toHaveLength(1);
    expect(r.value.flows[0]).toMatchObject({
      line: 1,
      fields: { recirc_id: '0', in_port: '8', eth_type: '0x0800', ipv4: 'dst=172.16.51.6,proto=1,tos=0/0xfc,frag=no' },
      packets: 10426,
      bytes: 1021748,
      usedS: 0.369,
      drop: true,
    });
  });

  it('marks a dump cut before actions, and reports lines that are not flows', () => {
    const cut = parseDpifFlows('recirc_id(0),in_port(1),eth_type(0x0800), packets:0, bytes:0, used:never, actions:drop\nrecirc_id(0),in_port(2),eth_ty');
    expect(cut.incomplete).toBe(true);
    expect(cut.value.flows).toHaveLength(1);
    const bad = parseDpifFlows('2023-01-01T00:00:00Z|00001|dpif|WARN|something\n');
    expect(bad.value.flows).toEqual([]);
    expect(bad.issues).toHaveLength(1);
  });
});

describe('parseDpifFlows on long input', () => {
  it('joins a record wrapped over 20,000 lines in linear time (it tested the joined text again at every line)', () => {
    const wrapped = (n: number) => `recirc_id(0),in_port(2),\n${'eth_type(0x0800),\n'.repeat(n / 10)}packets:3, bytes:180, used:never, actions:drop\n`;
    const r = parseDpifFlows(wrapped(200_000));
    expect(r.issues).toEqual([]);
    expect(r.value.flows).toHaveLength(1);
    expect(r.value.flows[0]).toMatchObject({ packets: 3, bytes: 180, actions: 'drop', drop: true, line: 1 });
    expect(Object.keys(r.value.flows[0]!.fields)).toEqual(['recirc_id', 'in_port', 'eth_type']);
    expect(superLinear(parseDpifFlows, wrapped)).toBeUndefined();
  });

  it('still reads statistics and actions continued on their own lines', () => {
    const r = parseDpifFlows('recirc_id(0),in_port(2),eth_type(0x0806)\npackets:1, bytes:42, used:0.5s\nactions:2\nrecirc_id(0),in_port(3),eth_type(0x0800),\nipv4(dst=10.0.0.1), packets:0, bytes:0, used:never, actions:ct(zone=3)\n');
    expect(r.issues).toEqual([]);
    expect(r.value.flows.map((f) => [f.line, f.packets, f.actions, f.ctZones])).toEqual([
      [1, 1, '2', []],
      [4, 0, 'ct(zone=3)', [3]],
    ]);
  });
});

describe('ovs parser registry', () => {
  it('covers every OVS corpus directory without issues except the known harness placeholders', () => {
    const dirs = Object.keys(parsers) as (keyof typeof parsers)[];
    for (const dir of dirs) {
      for (const file of corpusFiles(dir)) {
        const r = parsers[dir](corpus(dir, file));
        const unexpected = r.issues.filter((i) => i.text !== '<active member mac del>');
        expect(unexpected, `${dir}/${file}`).toEqual([]);
      }
    }
  });
});
