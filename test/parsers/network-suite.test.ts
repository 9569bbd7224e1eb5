/**
 * The network suite's parsers (guide 3.6.2-3.6.6) on the public samples of
 * fixtures/corpus/ (sources in SOURCES.md) and on the guide's own outputs and
 * the synthetic samples of fixtures/parsers/network-suite/ (README there).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArping } from '../../src/parsers/arping.js';
import { parseCrontab } from '../../src/parsers/crontab.js';
import { firmwareLldp, parsePrivFlags } from '../../src/parsers/ethtool-privflags.js';
import { hasValidAddress, parseIpNeigh } from '../../src/parsers/ip-neigh.js';
import { parseIpOneline } from '../../src/parsers/ip-oneline.js';
import { defaultGateways, parseIpRoute } from '../../src/parsers/ip-route.js';
import { parseLldpadConf, parseLldptoolGet, parseLldptoolStats } from '../../src/parsers/lldp.js';
import { parseListPorts } from '../../src/parsers/ovs-listports.js';
import { ovsInteger, parseOvsGet } from '../../src/parsers/ovs-vsctl-get.js';
import { inScratchDir, parseProcExe } from '../../src/parsers/proc-exe.js';
import { parseSockets } from '../../src/parsers/sockets.js';
import { parseTop } from '../../src/parsers/top.js';
import { parseDomiflist } from '../../src/parsers/virsh-domiflist.js';
import { parseNwfilter } from '../../src/parsers/libvirt-xml-nwfilter.js';
import { bondLines } from '../../src/parsers/ovs-bond-lines.js';
import { elementSpans, within } from '../../src/parsers/xml-lines.js';
import { FIXTURES } from '../support/fixture-run.js';

const corpus = (tool: string, file: string) => readFileSync(join(FIXTURES, 'corpus', tool, file), 'utf8');
const own = (file: string) => readFileSync(join(FIXTURES, 'parsers', 'network-suite', file), 'utf8');

describe('ip -o addr / ip -o link', () => {
  it('reads address lines with their interface, scope, label and line (hotsos, iproute2 5.x)', () => {
    const r = parseIpOneline(corpus('ip-o-addr', 'hotsos-1.txt'));
    expect(r.issues).toEqual([]);
    const v4 = r.value.addresses.filter((a) => a.family === 'inet');
    expect(v4.map((a) => [a.ifname, a.address, a.prefixLen, a.scope, a.line])).toEqual([
      ['lo', '127.0.0.1', 8, 'host', 1],
      ['br-ens3', '10.0.0.128', 24, 'global', 9],
      ['lxdbr0', '10.50.99.1', 24, 'global', 11],
    ]);
    expect(v4[1]!.broadcast).toBe('10.0.0.255');
    expect(r.value.addresses.find((a) => a.ifname === 'tap0e778df8-ca')).toMatchObject({ family: 'inet6', scope: 'link', prefixLen: 64 });
  });

  it('keeps the dynamic flag and finite lifetimes apart from the label', () => {
    const ens3 = parseIpOneline(corpus('ip-o-addr', 'hotsos-2.txt')).value.addresses.find((a) => a.ifname === 'ens3' && a.family === 'inet')!;
    expect(ens3).toMatchObject({ address: '10.6.3.201', prefixLen: 16, flags: ['dynamic'], label: 'ens3' });
  });

  it('reads the link lines older iproute2 mixes into ip -o addr, and the address lines between them (vuls)', () => {
    const r = parseIpOneline(corpus('ip-o-addr', 'vuls-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.links.map((l) => [l.index, l.name, l.mac, l.state])).toEqual([
      [1, 'lo', '00:00:00:00:00:00', 'UNKNOWN'],
      [2, 'eth0', '52:54:00:2a:86:4c', 'UP'],
      [3, 'eth1', '08:00:27:36:76:60', 'UP'],
    ]);
    expect(r.value.addresses.filter((a) => a.family === 'inet').map((a) => [a.ifname, a.address, a.line])).toEqual([
      ['lo', '127.0.0.1', 2], ['eth0', '10.0.2.15', 5], ['eth1', '192.168.33.11', 8],
    ]);
  });

  it('reads ip -o link with master, state and NO-CARRIER flags', () => {
    const r = parseIpOneline(corpus('ip-o-link', 'nbmdt-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.links.find((l) => l.name === 'virbr0-nic')).toMatchObject({ master: 'virbr0', state: 'DOWN', mac: '52:54:00:67:63:84', linkType: 'ether', mtu: 1500 });
    expect(r.value.links.find((l) => l.name === 'enp0s25')!.flags).toContain('NO-CARRIER');
  });

  it('reads VLAN parents, permanent addresses and -d details on one line', () => {
    const r = parseIpOneline([
      '5: bond1.57@bond1: <BROADCAST,MULTICAST,MASTER,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP \\    link/ether 00:11:3f:e2:f5:9e brd ff:ff:ff:ff:ff:ff',
      '3: eth1: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 qdisc mq master bond0 state UP mode DEFAULT group default qlen 1000\\    link/ether 0c:c4:7a:4d:84:b4 brd ff:ff:ff:ff:ff:ff permaddr 0c:c4:7a:4d:84:b5',
      'garbage',
    ].join('\n'));
    expect(r.value.links[0]).toMatchObject({ name: 'bond1.57', peer: 'bond1', mac: '00:11:3f:e2:f5:9e' });
    expect(r.value.links[1]).toMatchObject({ name: 'eth1', master: 'bond0', permaddr: '0c:c4:7a:4d:84:b5' });
    expect(r.issues.map((i) => i.line)).toEqual([3]);
  });
});

describe('ip neigh', () => {
  it('reads address, device, MAC, router flag and state (insights-core)', () => {
    const r = parseIpNeigh(corpus('ip-neigh', 'insights-core-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.entries).toHaveLength(14);
    expect(r.value.entries[1]).toMatchObject({ address: 'fe80::22a:6aff:fe65:c3c2', family: 'inet6', router: true, states: ['STALE'], dev: 'bond0.104' });
    const incomplete = r.value.entries.find((e) => e.address === '10.101.5.71')!;
    expect(incomplete).toMatchObject({ states: ['INCOMPLETE'], dev: 'bond0.102' });
    expect(incomplete.mac).toBeUndefined();
    expect(hasValidAddress(incomplete)).toBe(false);
    expect(hasValidAddress(r.value.entries.find((e) => e.address === '10.101.5.27')!)).toBe(true);
  });

  it('reads every NUD state, an entry without a device and one with two spaces before the state', () => {
    const r = parseIpNeigh(corpus('ip-neigh', 'insights-core-2.txt'));
    expect(r.value.entries.map((e) => e.states[0])).toEqual(['PERMANENT', 'NOARP', 'REACHABLE', 'STALE', 'DELAY', 'FAILED', 'FAILED', 'FAILED']);
    expect(r.value.entries[6]).toMatchObject({ address: '172.17.0.18' });
    expect(r.value.entries[6]!.dev).toBeUndefined();
    expect(hasValidAddress(r.value.entries[1]!)).toBe(false); // NOARP: no real neighbour
  });

  it('reads a long real table with IPv4 and link-local IPv6 entries (moler) and ip -s neigh statistics', () => {
    const r = parseIpNeigh(corpus('ip-neigh', 'moler-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.entries.filter((e) => e.family === 'inet')).toHaveLength(22);
    expect(r.value.entries.find((e) => e.address === '10.83.200.250')).toMatchObject({ mac: '00:50:56:95:8a:d9', states: ['REACHABLE'], line: 16 });
    const stats = parseIpNeigh('fe80::12 dev eth0 lladdr 52:54:00:19:89:e5 router ref 1 used 0/0/0 probes 1 REACHABLE\n');
    expect(stats.value.entries[0]).toMatchObject({ router: true, mac: '52:54:00:19:89:e5', states: ['REACHABLE'] });
  });
});

describe('ip route', () => {
  it('reads the default gateway and routes written with double spaces (insights-core, old iproute2)', () => {
    const r = parseIpRoute(corpus('ip-route', 'insights-core-1.txt'));
    expect(defaultGateways(r.value.routes).map((g) => g.gateway)).toEqual(['192.168.23.250', 'fe80::a96:d7ff:fe38:d757']);
    expect(r.value.routes.find((x) => x.dst === '10.64.54.0/23')).toMatchObject({ dev: 'tun0', proto: 'kernel', scope: 'link', src: '10.64.54.44', metric: 50 });
    expect(r.value.routes.find((x) => x.type === 'local' && x.dst === '10.64.54.44')).toMatchObject({ table: 'local' });
  });

  it('reads linkdown and metrics (jc)', () => {
    const r = parseIpRoute(corpus('ip-route', 'jc-1.txt'));
    expect(r.issues).toEqual([]);
    expect(defaultGateways(r.value.routes)[0]).toMatchObject({ gateway: '10.0.2.2', route: { dev: 'enp0s3', metric: 100, line: 1 } });
    expect(r.value.routes.find((x) => x.dst === '172.17.0.0/16')!.flags).toEqual(['linkdown']);
  });

  it('joins multipath next hops to their route', () => {
    const r = parseIpRoute('default proto static metric 10\n\tnexthop via 172.16.51.6 dev vswitch0 weight 1\n\tnexthop via 172.16.51.7 dev vswitch0 weight 1\n');
    expect(defaultGateways(r.value.routes).map((g) => g.gateway)).toEqual(['172.16.51.6', '172.16.51.7']);
  });
});

describe('virsh domiflist', () => {
  it('reads the old fixed-column table (aka7)', () => {
    const r = parseDomiflist(corpus('virsh-domiflist', 'aka7-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.nics.map((n) => [n.target, n.type, n.source, n.model, n.mac, n.line])).toEqual([
      ['vnet2', 'bridge', 'br0', 'virtio', '52:54:00:8d:45:70', 3],
      ['vnet3', 'bridge', 'br1', 'virtio', '00:16:3e:40:dc:7f', 4],
    ]);
  });

  it('reads the 5.x table with its leading space, and "-" for a domain that does not run', () => {
    expect(parseDomiflist(corpus('virsh-domiflist', 'unidentified-sonic-1.txt')).value.nics).toHaveLength(5);
    const off = parseDomiflist(corpus('virsh-domiflist', 'unidentified-acs-1.txt')).value.nics;
    expect(off.map((n) => [n.target, n.type, n.source])).toEqual([[undefined, 'bridge', 'natbr0'], [undefined, 'network', 'ovsflat'], [undefined, 'network', 'ovsvlan']]);
  });

  it('turns virsh errors into issues', () => {
    expect(parseDomiflist("error: failed to get domain 'x'\n").issues[0]!.reason).toBe('virsh error');
  });
});

describe('lldptool and lldpad.conf (SYNTHETIC samples from open-lldp\'s printing code)', () => {
  it('reads adminStatus, or the status lldpad answered instead', () => {
    expect(parseLldptoolGet(own('lldptool-get-lldp-rxtx-synthetic.txt')).value.values.adminStatus).toEqual({ value: 'rxtx', line: 1 });
    expect(parseLldptoolGet(own('lldptool-get-lldp-disabled-synthetic.txt')).value.values.adminStatus!.value).toBe('disabled');
    expect(parseLldptoolGet(own('lldptool-get-lldp-no-agent-synthetic.txt')).value.status).toEqual({ text: 'Agent instance for device not found eth1', line: 1 });
  });

  it('reads the statistics counters by name', () => {
    const r = parseLldptoolStats(own('lldptool-stats-synthetic.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.counters['Total Frames Transmitted']).toEqual({ value: 1053, line: 1 });
    expect(Object.keys(r.value.counters)).toHaveLength(7);
  });

  it('reads adminStatus per agent section and interface key, by name or ifindex', () => {
    const byName = parseLldpadConf(own('lldpad-conf-ifname-synthetic.txt'));
    expect(byName.issues).toEqual([]);
    expect(byName.value.agents.map((a) => [a.section, a.key, a.adminStatus, a.adminStatusLine])).toEqual([
      ['lldp', 'eth0', 'rxtx', 18],
      ['lldp', 'eth1', 'rxtx', 22],
      ['lldp', 'common', undefined, undefined],
    ]);
    const byIndex = parseLldpadConf(own('lldpad-conf-ifindex-synthetic.txt')).value.agents;
    expect(byIndex.map((a) => [a.section, a.key, a.adminStatus])).toEqual([
      ['lldp', 'if2', 'disabled'], ['lldp', 'if3', 'tx'], ['nearest_customer_bridge', 'if3', 'rx'],
    ]);
  });

  it('says a cut-off file is incomplete, never throws on a comment or a string with braces', () => {
    const r = parseLldpadConf('# lldpad\nlldp :\n{\n  eth1 :\n  {\n    note = "a } b";\n    adminStatus = 3;\n');
    expect(r.incomplete).toBe(true);
    expect(r.value.agents[0]).toMatchObject({ key: 'eth1', adminStatus: 'rxtx' });
  });
});

describe('ethtool --show-priv-flags', () => {
  it('reads i40e flags and says its firmware LLDP agent runs while disable-fw-lldp is off (netdev list)', () => {
    const r = parsePrivFlags(corpus('ethtool-show-priv-flags', 'netdev-i40e-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toMatchObject({ device: 'eno1', titleLine: 1, none: false });
    expect(r.value.flags).toHaveLength(13);
    expect(firmwareLldp(r.value)).toEqual({ on: true, flag: { name: 'disable-fw-lldp', on: false, line: 11 } });
  });

  it('reads ice flags where fw-lldp-agent off means no firmware agent (copied with one space before the colon)', () => {
    const r = parsePrivFlags(corpus('ethtool-show-priv-flags', 'unidentified-ice-1.txt'));
    expect(r.value.flags.find((f) => f.name === 'channel-pkt-clean-bp-stop-cfg')).toMatchObject({ on: false });
    expect(firmwareLldp(r.value)).toMatchObject({ on: false, flag: { name: 'fw-lldp-agent' } });
  });

  it('knows a driver without private flags (netlink: the title alone; ioctl: "No private flags defined")', () => {
    expect(parsePrivFlags('Private flags for eth1:\n').value).toMatchObject({ device: 'eth1', none: true, flags: [] });
    expect(parsePrivFlags('No private flags defined\n').value.none).toBe(true);
    expect(firmwareLldp(parsePrivFlags('Private flags for eth1:\nlegacy-rx: off\n').value)).toBeUndefined();
  });
});

describe('ovs-vsctl get', () => {
  it('reads a map, an empty map and an integer', () => {
    expect(parseOvsGet(own('ovs-vsctl-get-lldp-enabled-synthetic.txt')).value).toMatchObject({ kind: 'map', map: { enable: 'true' }, line: 1 });
    expect(parseOvsGet(own('ovs-vsctl-get-lldp-empty-synthetic.txt')).value!.kind).toBe('empty');
    expect(ovsInteger(parseOvsGet(own('ovs-vsctl-get-ofport-synthetic.txt')).value)).toBe(3);
    expect(ovsInteger(parseOvsGet('"true"\n').value)).toBeUndefined();
    expect(parseOvsGet('').value).toBeUndefined();
  });
});

describe('ovs_dbg_listports (Usphere)', () => {
  it('reads the guide\'s 3.6.5 table: ports by switch, OpenFlow port, VLAN, VM and firewall, the OCR\'d O of the VM MAC as 0', () => {
    const r = parseListPorts(own('listports-guide-3.6.5.txt'));
    const app = r.value.ports.filter((p) => p.bridge === 'vs-app');
    expect(app.map((p) => [p.name, p.ofport, p.vlan, p.vm, p.vnc, p.firewall])).toEqual([
      ['vs-app', 65534, undefined, undefined, undefined, undefined],
      ['vnet11', 3, 188, 'kylin10_219', 5908, 'FW_white'],
      ['vnet10', 2, 188, 'kylin_v10_SP_226', 5904, 'FW_white'],
      ['eth4', 1, undefined, '5f:00.0', 84, undefined],
    ]);
    expect(app[1]).toMatchObject({ mac: 'fe:da:41:1d:85:13', vmMac: '0c:da:41:1d:85:13', line: 24 });
    expect(r.value.ports.find((p) => p.name === 'vswitch0')).toMatchObject({ type: 'int', ip: '10.125.32.240', ofport: 65534 });
    expect(r.value.ports.find((p) => p.name === 'dhcp0')).toMatchObject({ type: 'int', ofport: 20, vlan: 44 });
    expect(r.issues).toEqual([]);
  });

  it('reads the space-aligned form the tool prints on a terminal (SYNTHETIC)', () => {
    const r = parseListPorts(own('listports-aligned-synthetic.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.ports.filter((p) => p.firewall).map((p) => [p.name, p.ofport, p.vlan, p.vm])).toEqual([['vnet2', 3, 188, 'kylin10_219'], ['vnet3', 2, 188, 'web01']]);
  });
});

describe('netstat -atunp / ss -tunap', () => {
  it('reads the guide\'s 3.6.6 sample: the disguised processes, their peers and states', () => {
    const r = parseSockets(own('netstat-guide-3.6.6.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.sockets.map((s) => [s.peer.address, s.peer.port, s.state, s.processes[0]?.pid, s.processes[0]?.name])).toEqual([
      ['122.225.207.198', '31245', 'ESTABLISHED', 52034, '5'],
      ['127.0.0.1', '46207', 'ESTABLISHED', 2102, 'mysqld'],
      ['172.16.0.2', '39393', 'ESTABLISHED', 7183, 'sshd: root@not'],
      ['103.240.141.54', '3508', 'SYN_SENT', 48941, 'ls'],
    ]);
  });

  it('reads udp rows without a state, IPv6 addresses, -e and -o columns, and stops at the UNIX sockets (insights-core, jc)', () => {
    const e = parseSockets(corpus('netstat', 'insights-core-1.txt'));
    expect(e.issues).toEqual([]);
    expect(e.value.sockets.find((s) => s.processes[0]?.pid === 12387)!.processes[0]!.name).toBe('Passenger Rac');
    const j = parseSockets(corpus('netstat', 'jc-1.txt'));
    expect(j.value.sockets.find((s) => s.proto === 'udp' && s.local.port === '68')).toMatchObject({ processes: [{ pid: 1939, name: 'dhclient' }] });
    expect(j.value.sockets.find((s) => s.proto === 'udp')!.state).toBeUndefined();
    expect(j.value.sockets.find((s) => s.proto === 'tcp6' && s.local.port === '22')!.local.address).toBe('::');
  });

  it('reads ss users in the new and the old format, several processes per socket, and %iface addresses', () => {
    const jc = parseSockets(corpus('ss', 'jc-1.txt')).value.sockets;
    expect(jc.find((s) => s.local.port === '5353')!.processes).toEqual([{ pid: 1510, name: 'avahi-daemon' }]);
    const old = parseSockets(corpus('ss', 'insights-core-2.txt')).value.sockets;
    expect(old[0]).toMatchObject({ proto: 'udp', local: { address: '*', port: '54042' }, processes: [{ pid: 1108, name: 'rpc.statd' }] });
    const syn = parseSockets('Netid State    Recv-Q Send-Q  Local Address:Port  Peer Address:Port Process\ntcp   SYN-SENT 0      1      172.16.0.2:43290   103.240.141.54:3508 users:(("ls",pid=48941,fd=3),("ls",pid=48942,fd=3))\n');
    expect(syn.value.sockets[0]).toMatchObject({ state: 'SYN_SENT', processes: [{ pid: 48941, name: 'ls' }, { pid: 48942, name: 'ls' }] });
  });
});

describe('top -b -n 1', () => {
  it('maps the columns by the header, CPU and memory as numbers (jc, procps 3.3.10 and 3.3.16)', () => {
    for (const f of ['jc-1.txt', 'jc-2.txt']) {
      const r = parseTop(corpus('top-bn1', f));
      expect(r.value.tasks.length).toBeGreaterThan(10);
      expect(r.value.tasks[0]).toMatchObject({ pid: 1, user: 'root', command: 'systemd' });
    }
    const c = parseTop('top - 10:00:00 up 1 day\n\n  PID USER  PR NI VIRT RES SHR S  %CPU %MEM   TIME+ COMMAND\n48941 root  20  0 9000 100 10 R 398.7  0.1 9:09.01 ls -la /tmp/.x\n');
    expect(c.value.tasks[0]).toMatchObject({ pid: 48941, cpu: 398.7, state: 'R', command: 'ls -la /tmp/.x', line: 4 });
  });
});

describe('crontab', () => {
  it('reads the guide\'s platform crontab with its ** typo and the user column', () => {
    const r = parseCrontab(own('crontab-guide-3.6.6.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.system).toBe(true);
    expect(r.value.entries).toHaveLength(13);
    expect(r.value.entries[4]).toMatchObject({ schedule: '** * * * *', user: 'root', command: '/opt/bin/cha_real_check_cvm.sh', line: 16 });
    expect(r.value.entries[8]).toMatchObject({ schedule: '*/10 * * * *', command: 'python /opt/bin/ocfs2_cluster_config.py -s' });
  });

  it('reads system files with mixed tabs and spaces, cron.d files and user crontabs with shortcuts (hotsos, jc)', () => {
    expect(parseCrontab(corpus('crontab', 'hotsos-5.txt')).value.entries[0]).toMatchObject({ schedule: '17 * * * *', user: 'root' });
    const d = parseCrontab(corpus('crontab', 'jc-3.txt')).value;
    expect(d.system).toBe(true);
    expect(d.entries[1]!.command).toBe('test -e /run/systemd/system || SERVICE_MODE=1 /sbin/e2scrub_all -A -r');
    const user = parseCrontab(corpus('crontab', 'jc-1.txt')).value;
    expect(user.system).toBe(false);
    expect(user.entries.find((e) => e.schedule === '@reboot')!.command).toBe('/home/cleanup');
    expect(user.variables.map((v) => v.name)).toEqual(expect.arrayContaining(['SHELL', 'PATH', 'MAILTO']));
    expect(parseCrontab(corpus('crontab', 'hotsos-4.txt')).value.entries).toEqual([]);
  });
});

describe('arping -D', () => {
  it('reads a reply (the address is taken) and an empty probe (it is free)', () => {
    const taken = parseArping(corpus('arping-d', 'unidentified-dad-1.txt')).value;
    expect(taken).toMatchObject({ target: '192.168.1.23', device: 'eth0', dad: true, sent: 1, received: 1, headerLine: 1 });
    expect(taken.replies).toEqual([{ line: 2, address: '192.168.1.23', mac: '1c:6f:65:4d:bb:98', kind: 'unicast' }]);
    const free = parseArping(corpus('arping-d', 'unidentified-dad-2.txt')).value;
    expect(free).toMatchObject({ dad: true, sent: 2, received: 0, replies: [] });
    expect(parseArping(corpus('arping-d', 'unidentified-dad-3.txt')).issues).toEqual([]);
  });

  it('does not take an ordinary ARP ping for a duplicate-address probe', () => {
    expect(parseArping('ARPING 192.168.1.1 from 192.168.1.100 eth0\nUnicast reply from 192.168.1.1 [00:11:22:33:44:55]  0.512ms\n').value.dad).toBe(false);
  });
});

describe('/proc/PID/exe links', () => {
  it('reads ls -l and readlink forms, and the (deleted) mark of a program removed while it runs', () => {
    expect(parseProcExe(corpus('proc-exe-link', 'vuls-1.txt')).value.links).toEqual([{ line: 1, pid: 1, path: '/lib/systemd/systemd', deleted: false }]);
    const dropped = parseProcExe(corpus('proc-exe-link', 'unidentified-incident-1.txt')).value.links[0]!;
    expect(dropped).toEqual({ line: 1, pid: 30345, path: '/tmp/Fws', deleted: true });
    expect(inScratchDir(dropped.path)).toBe(true);
    expect(parseProcExe('/dev/shm/.x/ls (deleted)\n').value.links[0]).toMatchObject({ path: '/dev/shm/.x/ls', deleted: true });
    expect(inScratchDir('/usr/bin/ls')).toBe(false);
  });
});

describe('element lines of libvirt XML (for evidence)', () => {
  it('gives each rule its lines, in the order the nwfilter parser lists them, past comments and self-closing rules', () => {
    const text = corpus('virsh-nwfilter-dumpxml', 'libvirt-no-ip-spoofing-1.txt');
    const rules = parseNwfilter(text).value.rules;
    expect(rules.map((r) => [r.action, r.protocol])).toEqual([['return', 'ip'], ['return', 'ip'], ['drop', '']]);
    expect(elementSpans(text, 'rule')).toEqual([{ first: 3, last: 5 }, { first: 8, last: 10 }, { first: 13, last: 13 }]);
    expect(elementSpans('<a><!-- <rule> --><rule x="1"/><rules/></a>', 'rule')).toEqual([{ first: 1, last: 1 }]);
  });

  it('finds the filterref inside each interface of a domain', () => {
    const text = readFileSync(join(FIXTURES, 'hosts/acl-gateway/included-filter/cvknode11/commands/virsh_-r_dumpxml_--_centos-db/stdout'), 'utf8');
    const [iface] = elementSpans(text, 'interface');
    expect(within(elementSpans(text, 'filterref'), iface!)).toHaveLength(1);
    expect(text.split('\n')[iface!.first - 1]).toContain("<interface type='bridge'>");
    expect(text.split('\n')[iface!.last - 1]).toContain('</interface>');
  });
});

describe('bond/show lines (for evidence)', () => {
  it('knows the header, key and member lines of each bond, old and new spellings', () => {
    const [old] = bondLines(corpus('ovs-appctl-bond-show', 'ovs-2.txt'));
    expect(old).toMatchObject({ name: 'bond', first: 1, members: { p1: 10, p2: 13 } });
    expect(old!.keys['active slave mac']).toBe(8);
    const [b0, b1] = bondLines(corpus('ovs-appctl-bond-show', 'ovs-4.txt'));
    expect(b0!.members).toEqual({ p0: 13, p1: 16 });
    expect(b0!.keys['bond_mode']).toBe(2);
    expect(b1!.name).toBe('bond1');
  });
});
