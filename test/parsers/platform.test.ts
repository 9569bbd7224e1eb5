/**
 * The parsers of the alarms and platform suite (guide 3.7, 3.8), on real
 * public samples (fixtures/corpus, SOURCES.md) and the guide's own examples.
 */
import { describe, expect, it } from 'vitest';
import { parseEthtool } from '../../src/parsers/ethtool.js';
import { ethtoolKeyLines, negotiation, nicKernelEvent, parseEthtoolDriver, parseEthtoolRing, parseNicKernelLog } from '../../src/parsers/ethtool-link.js';
import { parseIpOnelineInterfaces } from '../../src/parsers/ip-oneline.js';
import { parseIptablesRules } from '../../src/parsers/iptables.js';
import { parseIdUser, parseLsListing } from '../../src/parsers/ls-long.js';
import { parseMcelog } from '../../src/parsers/mcelog.js';
import { parseMyCnf, skipsSsl } from '../../src/parsers/mysql-cnf.js';
import { parseRabbitPermissions, parseRabbitProblems, rabbitAnswered } from '../../src/parsers/rabbitmq.js';
import { parseServiceStatus, serviceStateOf } from '../../src/parsers/service-status.js';
import { parseStatOwners } from '../../src/parsers/stat-owner.js';
import { parseSysfsValues, unreadableSysfs } from '../../src/parsers/sysfs-values.js';
import { controllerStandard, parseLsusb, parseLsusbTree, parseUsbKernelLog, usbKernelEvent } from '../../src/parsers/usb.js';
import { corpus, fixture } from './compute-net-fixtures.js';

describe('ip -o link', () => {
  it('reads one interface per line, master and carrier included (Cumulus host)', () => {
    const r = parseIpOnelineInterfaces(corpus('ip-o-link', 'unidentified-cumulus-1.txt'));
    expect(r.issues).toEqual([]);
    const swp = r.value.find((i) => i.name === 'swp11s0')!;
    expect(swp).toMatchObject({ master: 'bridge', state: 'DOWN', mac: '24:8a:07:f5:0a:2c', line: 4 });
    expect(swp.flags).toContain('NO-CARRIER');
    expect(r.value.find((i) => i.name === 'swp14.3002')).toMatchObject({ peer: 'swp14', master: 'Hbf' });
  });

  it('keeps administratively down interfaces (no UP flag) and qlen (laptop)', () => {
    const r = parseIpOnelineInterfaces(corpus('ip-o-link', 'unidentified-nbmdt-1.txt'));
    expect(r.issues).toEqual([]);
    const nic = r.value.find((i) => i.name === 'virbr0-nic')!;
    expect(nic.flags).not.toContain('UP');
    expect(nic).toMatchObject({ master: 'virbr0', qlen: 1000 });
  });
});

describe('ethtool negotiation and ethtool -i', () => {
  it('finds the best mode both ends advertise (lolyu/aoi)', () => {
    const text = corpus('ethtool', 'lolyu-aoi-1.txt');
    const n = negotiation(parseEthtool(text).value);
    expect(n.bestCommon?.text).toBe('1000baseT/Full');
    expect(n.partnerAutoneg).toBe(true);
    expect(n.problems).toEqual([]);
    expect(ethtoolKeyLines(text).get('Speed')).toBe(19);
  });

  it('flags a link below the common mode, half duplex and autoneg off on one side', () => {
    const text = corpus('ethtool', 'lolyu-aoi-1.txt')
      .replace('Speed: 1000Mb/s', 'Speed: 100Mb/s')
      .replace('Duplex: Full', 'Duplex: Half')
      .replace('Link partner advertised auto-negotiation: Yes', 'Link partner advertised auto-negotiation: No')
      .replace('tx_err\n', 'tx_err\n        Link detected: yes\n');
    expect(negotiation(parseEthtool(text).value).problems).toEqual(['duplex-half', 'below-common', 'autoneg-mismatch']);
  });

  it('says Speed: Unknown! only matters with a link (jc-2 fibre NIC, link detected)', () => {
    const info = parseEthtool(corpus('ethtool', 'jc-2.txt')).value;
    expect(negotiation(info).problems).toEqual([]);
  });

  it.each([
    ['lolyu-aoi-1.txt', { driver: 'tg3', firmware: 'sb', busInfo: '0000:02:00.0' }],
    ['adamxiao-1.txt', { driver: 'ixgbe', version: '5.3.7', firmware: '0x800003df, 255.65535.255', busInfo: '0000:01:00.0' }],
  ])('reads driver and firmware (%s)', (file, want) => {
    const r = parseEthtoolDriver(corpus('ethtool-i', file));
    expect(r.issues).toEqual([]);
    expect(r.value).toMatchObject(want);
    expect(r.value.fields['expansion-rom-version']).toBe('');
  });
});

describe('ethtool -g', () => {
  it.each([
    ['insights-core-1.txt', { max: { rx: 2047, tx: 511 }, current: { rx: 200, tx: 511 }, maxRxLine: 3, currentRxLine: 8 }],
    ['meow-watermelon-1.txt', { max: { rx: 4096, tx: 4096 }, current: { rx: 4096, tx: 4096 } }],
  ])('reads the maximum and current ring sizes (%s)', (file, want) => {
    const r = parseEthtoolRing(corpus('ethtool-g', file));
    expect(r.issues).toEqual([]);
    expect(r.value).toMatchObject(want);
  });

  it('reads nothing from a device without rings, and says which line it could not read', () => {
    const r = parseEthtoolRing(corpus('ethtool-g', 'insights-core-2.txt'));
    expect(r.value).toEqual({ max: {}, current: {} });
    expect(r.issues.map((i) => i.line)).toEqual([1]);
  });
});

describe('NIC kernel messages', () => {
  it('names the interface and PCI address of ixgbe link flaps (ntop/PF_RING#293)', () => {
    const r = parseNicKernelLog(corpus('nic-kernel-log', 'pf-ring-issue293-1.txt'));
    expect(r.value.map((e) => [e.kind, e.iface, e.pci, e.line])).toEqual([
      ['link-up', 'eth11', '0000:08:00.0', 1],
      ['link-down', 'eth11', '0000:08:00.0', 2],
    ]);
  });

  it('reads NETDEV WATCHDOG in both layouts', () => {
    expect(parseNicKernelLog(corpus('nic-kernel-log', 'lede-issue9867-1.txt')).value).toEqual([{ kind: 'tx-timeout', iface: 'eth0', driver: 'igb', line: 2 }]);
    const r8125 = parseNicKernelLog(corpus('nic-kernel-log', 'openwrt-nic-drivers-issue11-1.txt')).value;
    expect(r8125.map((e) => [e.kind, e.iface, e.driver])).toEqual([['tx-timeout', 'eth4', 'r8125'], ['tx-timeout', 'eth1', 'r8125']]);
  });

  it('reads Reset adapter and a hang that names only the PCI device', () => {
    expect(nicKernelEvent('igb 0000:01:00.0 eth0: Reset adapter')).toEqual({ kind: 'reset', iface: 'eth0', pci: '0000:01:00.0', driver: 'igb' });
    expect(nicKernelEvent('[   98.360994] igb 0000:02:00.0: Detected Tx Unit Hang')).toEqual({ kind: 'tx-timeout', pci: '0000:02:00.0', driver: 'igb' });
    expect(nicKernelEvent('usb 1-1: new high-speed USB device number 2 using ehci-pci')).toBeUndefined();
  });
});

describe('sysfs values (grep -H -e .)', () => {
  it('reads PATH:VALUE lines and the files stderr says have no value', () => {
    const r = parseSysfsValues(fixture('platform', 'sysfs-net-synthetic.txt'));
    expect(r.value.find((v) => v.path === '/sys/class/net/eth0/speed')).toMatchObject({ value: '10000', line: 3 });
    expect(unreadableSysfs('grep: /sys/class/net/eth1/speed: Invalid argument\n')).toEqual(new Map([['/sys/class/net/eth1/speed', 'Invalid argument']]));
  });
});

describe('lsusb and lsusb -t', () => {
  it('reads devices and root hubs (hotsos, jc, the guide)', () => {
    const guide = parseLsusb(fixture('platform', 'guide-3.8.5-lsusb.txt'));
    expect(guide.issues).toEqual([]);
    expect(guide.value.filter((d) => !d.rootHub).map((d) => [d.bus, d.device, d.id, d.name])).toEqual([[6, 2, '03f0:7029', 'Hewlett-Packard']]);
    for (const f of ['hotsos-1.txt', 'jc-1.txt']) expect(parseLsusb(corpus('lsusb', f)).issues).toEqual([]);
  });

  it('builds the tree with port paths, drivers and speeds; one node per device (jc-1)', () => {
    const r = parseLsusbTree(corpus('lsusb-t', 'jc-1.txt'));
    expect(r.issues).toEqual([]);
    const bus1 = r.value.find((b) => b.bus === 1)!;
    expect(bus1.root).toMatchObject({ driver: 'ehci-pci', hubPorts: 3, speedMbps: 480 });
    expect(bus1.devices.map((d) => [d.ports.join('.'), d.device, d.class, d.speed, d.interfaces.length])).toEqual([
      ['1', 2, 'Hub', '480M', 1],
      ['1.1', 3, 'Human Interface Device', '1.5M', 1],
      ['1.2', 4, 'Human Interface Device', '1.5M', 1],
      ['1.6', 66, 'Hub', '480M', 1],
      ['1.6.1', 67, 'Human Interface Device', '1.5M', 2],
    ]);
    expect(controllerStandard(r.value[0]!.root.driver)).toBe('usb3');
  });

  it('reads the guide\'s tree (one space after /:, children not indented)', () => {
    const r = parseLsusbTree(fixture('platform', 'guide-3.8.5-lsusb-t.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.map((b) => [b.bus, b.root.driver, b.root.speed, b.devices.length])).toEqual([
      [4, 'xhci_hcd', '5000M', 0], [3, 'xhci_hcd', '480M', 0], [2, 'ehci-pci', '480M', 1], [1, 'ehci-pci', '480M', 1],
    ]);
    for (const f of ['hotsos-1.txt', 'hotsos-2.txt']) expect(parseLsusbTree(corpus('lsusb-t', f)).issues).toEqual([]);
  });

  it('names the bus-port of enumeration errors (skuep/AIOC#122, raspberrypi/linux#2692, over-current)', () => {
    const aioc = parseUsbKernelLog(corpus('usb-kernel-log', 'aioc-issue122-1.txt')).value;
    expect(aioc[0]).toMatchObject({ kind: 'new-device', bus: 2, ports: [3], speed: 'full-speed', using: 'xhci_hcd' });
    expect(aioc[1]).toMatchObject({ kind: 'enumeration-error', where: '2-3', error: -71 });
    expect(aioc.at(-1)).toMatchObject({ kind: 'enumeration-failed', where: 'usb2-port3', bus: 2, ports: [3] });
    const rpi = parseUsbKernelLog(corpus('usb-kernel-log', 'raspberrypi-linux-issue2692-1.txt')).value;
    expect(rpi.at(-1)).toMatchObject({ kind: 'enumeration-failed', where: '1-1.1.3-port1', bus: 1, ports: [1, 1, 3, 1] });
    const oc = parseUsbKernelLog(corpus('usb-kernel-log', 're4son-kernel-builder-issue6-1.txt')).value;
    expect(oc.map((e) => [e.kind, e.where])).toEqual([['over-current', '1-1-port2'], ['over-current', '1-1.1-port3'], ['over-current', '1-1-port3'], ['over-current', '1-1.1-port2']]);
    expect(usbKernelEvent('hub 1-0:1.0: over-current change on port 1')).toMatchObject({ kind: 'over-current', bus: 1, ports: [1] });
  });
});

describe('mcelog', () => {
  it('reads a corrected error (QEMU LP#1307225)', () => {
    const r = parseMcelog(corpus('mcelog', 'lp1307225-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.records).toMatchObject([{ cpu: 3, bank: 0, corrected: true, mca: 'Internal parity error', status: '90000040000f0005', socket: 0 }]);
    expect(r.value.records[0]!.time?.toISOString()).toBe('2014-04-14T05:58:11.000Z');
  });

  it('keeps one record across the repeated disclaimer and notes mcelog\'s remarks (blog case 1)', () => {
    const r = parseMcelog(corpus('mcelog', 'mcelog-analysis-blog-1.txt'));
    expect(r.value.records).toHaveLength(1);
    expect(r.value.records[0]).toMatchObject({ cpu: 2, bank: 0, corrected: true });
    expect(r.value.notes).toEqual(['mcelog: Family 6 Model 4d CPU: only decoding architectural errors', 'Unknown CPU type vendor 21 family 0 model']);
  });

  it('reads uncorrected errors with flags and address', () => {
    const mint = parseMcelog(corpus('mcelog', 'mint-forum-archive-1.txt')).value.records[0]!;
    expect(mint).toMatchObject({ cpu: 0, bank: 4, corrected: false });
    expect(mint.flags).toContain('Processor context corrupt');
    const qa = parseMcelog(corpus('mcelog', 'qa-archive-haswell-1.txt')).value.records[0]!;
    expect(qa).toMatchObject({ cpu: 3, bank: 1, address: '1424bd400', corrected: false });
    expect(qa.flags).toContain('SRAR');
  });

  it('takes the severity from STATUS bit 61 when the text does not say, and names a DIMM', () => {
    const r = parseMcelog([
      'Hardware event. This is not a software error.', 'CPU 1 BANK 8', 'ADDR 3f2a10000', 'TIME 1795560000 Wed Nov 25 19:00:00 2026',
      'MCA: MEMORY CONTROLLER RD_CHANNEL1_ERR', 'STATUS 8c00004000010091 MCGSTATUS 0', 'Location: SOCKET:1 CHANNEL:1 DIMM:0 []', '',
    ].join('\n')).value.records[0]!;
    expect(r).toMatchObject({ corrected: true, dimm: 'socket 1 channel 1 dimm 0' });
  });
});

describe('service status', () => {
  it('reads a stopped tomcat8 unit generated from its init script (bigbluebutton#10726)', () => {
    const r = parseServiceStatus(corpus('systemctl-status', 'bbb-issue10726-1.txt')).value;
    expect(r).toMatchObject({ unit: 'tomcat8.service', state: 'stopped', loaded: 'loaded (/etc/init.d/tomcat8; generated)', stateSpan: { first: 3, last: 3 } });
  });

  it('reads a running broker with its main pid (rabbitmq-server#1546)', () => {
    expect(parseServiceStatus(corpus('service-status', 'rabbitmq-server-issue1546-1.txt')).value).toMatchObject({ state: 'running', mainPid: 2390 });
  });

  it('reads failed units and units without bullet (sous-chefs/tomcat#267, hotsos)', () => {
    expect(parseServiceStatus(corpus('systemctl-status', 'sous-chefs-tomcat-issue267-1.txt')).value.state).toBe('failed');
    expect(parseServiceStatus(corpus('systemctl-status', 'hotsos-1.txt')).value.state).toBe('running');
    expect(parseServiceStatus(corpus('systemctl-status', 'hotsos-2.txt')).value.state).toBe('exited');
  });

  it('reads init-script sentences and unknown services', () => {
    expect(parseServiceStatus(' * Tomcat servlet engine is not running.\n').value.state).toBe('stopped');
    expect(parseServiceStatus(' * Tomcat servlet engine is running with pid 2235\n').value).toMatchObject({ state: 'running', mainPid: 2235 });
    expect(parseServiceStatus('Unit mariadb.service could not be found.\n').value.state).toBe('missing');
    expect(serviceStateOf(parseServiceStatus('').value, 3)).toBe('stopped');
  });
});

describe('rabbitmq', () => {
  it('reads permissions per vhost (hotsos 3.8 and 3.6 wording)', () => {
    const r = parseRabbitPermissions(corpus('rabbitmqctl-list-permissions', 'hotsos-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.map((p) => `${p.vhost} ${p.user} ${p.configure} ${p.write} ${p.read}`)).toEqual(['/ guest .* .* .*', 'openstack glance .* .* .*', 'openstack neutron .* .* .*', 'openstack nova .* .* .*']);
    expect(parseRabbitPermissions(corpus('rabbitmqctl-list-permissions', 'hotsos-2.txt')).value[0]!.vhost).toBe('telegraf-telegraf-12');
  });

  it('reads the guide\'s permissions table (spaces, not TABs)', () => {
    const r = parseRabbitPermissions('Listing permissions for vhost "/" ...\nuser  configure      write  read\ncloud  .*                .*     .*\nguest  .*                .*     .*\n');
    expect(r.value.map((p) => p.user)).toEqual(['cloud', 'guest']);
  });

  it('tells the guide\'s failures apart', () => {
    expect(parseRabbitProblems(fixture('platform', 'guide-3.8.1-cookie.txt')).value.map((p) => p.kind)).toEqual(['cookie-too-short']);
    expect(parseRabbitProblems(fixture('platform', 'guide-3.8.1-log-dir.txt')).value.map((p) => p.kind)).toEqual(['boot-failed', 'log-permission']);
    expect(parseRabbitProblems(fixture('platform', 'guide-3.8.1-ports.txt')).value.map((p) => p.kind)).toEqual(['distribution-timeout']);
    expect(parseRabbitProblems(corpus('rabbitmqctl-status', 'moocng-issue56-1.txt')).value.map((p) => p.kind)).toEqual(['node-down', 'distribution-timeout']);
    expect(parseRabbitProblems(corpus('rabbitmqctl-status', 'rabbitmq-server-issue1614-1.txt')).value.map((p) => p.kind)).toEqual(['node-down']);
  });

  it('knows a status answer of 3.6 and 3.8 (hotsos)', () => {
    expect(rabbitAnswered(corpus('rabbitmqctl-status', 'hotsos-1.txt'))).toBe(true);
    expect(rabbitAnswered(corpus('rabbitmqctl-status', 'hotsos-2.txt'))).toBe(true);
    expect(rabbitAnswered(corpus('rabbitmqctl-status', 'moocng-issue56-1.txt'))).toBe(false);
    expect(parseRabbitProblems(corpus('rabbitmqctl-status', 'hotsos-1.txt')).value).toEqual([]);
  });
});

describe('iptables -S / iptables-save', () => {
  it('reads policies, chains and rules (dnscrypt notes: INPUT ends with DROP)', () => {
    const r = parseIptablesRules(corpus('iptables-S', 'unidentified-dnscrypt-notes-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.policies).toEqual({ INPUT: 'ACCEPT', FORWARD: 'DROP', OUTPUT: 'ACCEPT' });
    const input = r.value.rules.filter((x) => x.chain === 'INPUT');
    expect(input[0]).toMatchObject({ inInterface: 'lo', target: 'ACCEPT', otherConditions: [] });
    expect(input[1]!.otherConditions).toEqual(['-m conntrack', '--ctstate RELATED,ESTABLISHED']);
    expect(input[2]).toMatchObject({ protocol: 'tcp', dports: [{ from: 22, to: 22 }], target: 'ACCEPT' });
    expect(input.at(-1)).toMatchObject({ target: 'DROP', otherConditions: [] });
  });

  it('reads negations and user chains (docker notes), and only the filter table of a save', () => {
    const r = parseIptablesRules(corpus('iptables-S', 'unidentified-docker-notes-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.chains).toContain('DOCKER-USER');
    const save = parseIptablesRules(corpus('iptables-save', 'insights-core-1.txt'));
    expect(save.issues).toEqual([]);
    expect(save.value.rules.every((x) => ['INPUT', 'FORWARD', 'OUTPUT'].includes(x.chain) || save.value.chains.includes(x.chain))).toBe(true);
    for (const f of ['es-course-ubuntu-1.txt', 'zh-router-notes-1.txt']) expect(parseIptablesRules(corpus('iptables-save', f)).issues).toEqual([]);
  });

  it('reads multiport lists and ranges', () => {
    const [rule] = parseIptablesRules('-A INPUT -p tcp -m multiport --dports 4369,5672,25672:25680 -j REJECT --reject-with tcp-reset\n').value.rules;
    expect(rule).toMatchObject({ dports: [{ from: 4369, to: 4369 }, { from: 5672, to: 5672 }, { from: 25672, to: 25680 }], target: 'REJECT', otherConditions: [] });
  });
});

describe('ls -l and id', () => {
  it('reads the guide\'s healthy data directory: everything mysql:mysql', () => {
    const r = parseLsListing(fixture('platform', 'guide-3.8.2-ls-l.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toHaveLength(14);
    expect(r.value.every((e) => e.owner === 'mysql' && e.group === 'mysql')).toBe(true);
  });

  it('finds root-owned schema directories written with -F slashes (slackware notes)', () => {
    const r = parseLsListing(corpus('ls-l-var-lib-mysql', 'slackware-notes-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.filter((e) => e.owner === 'root').map((e) => e.name)).toEqual(expect.arrayContaining(['mysql', 'performance_schema', 'test']));
  });

  it('reads zh_CN dates and SELinux markers (MySQL 8 notes), and -a listings', () => {
    const zh = parseLsListing(corpus('ls-l-var-lib-mysql', 'zh-mysql8-notes-1.txt'));
    expect(zh.issues).toEqual([]);
    expect(zh.value.some((e) => e.name === 'mysql.sock' && e.type === 'other')).toBe(true);
    expect(parseLsListing(corpus('ls-l-var-lib-mysql', 'mariadb-debian-notes-1.txt')).value.find((e) => e.name === 'debian-10.3.flag')).toMatchObject({ owner: 'root' });
  });

  it('reads id USER', () => {
    expect(parseIdUser(fixture('platform', 'id-user-synthetic.txt')).value).toEqual({ uid: 107, user: 'mysql', gid: 113, group: 'mysql' });
    expect(parseIdUser('id: \u2018mysql\u2019: no such user\n').value).toBeUndefined();
  });
});

describe('stat owners', () => {
  it('reads mode, owner, size and paths with spaces', () => {
    const r = parseStatOwners(fixture('platform', 'stat-owner-synthetic.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value[0]).toMatchObject({ type: 'file', perms: '400', user: 'rabbitmq', uid: 107, size: 20, path: '/var/lib/rabbitmq/.erlang.cookie' });
    expect(r.value[2]).toMatchObject({ type: 'dir', perms: '750', user: 'root', path: '/var/lib/mysql share' });
  });
});

describe('my.cnf', () => {
  it('reads groups, options and includes (ansible template, manual)', () => {
    const r = parseMyCnf(corpus('mysql-cnf', 'xiaomi0214-ansible-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.includes).toEqual([{ kind: 'dir', path: '/etc/my.cnf.d', span: { first: 21, last: 21 } }]);
    expect(r.value.options.find((o) => o.name === 'log_error')).toMatchObject({ group: 'mysqld', value: '/data/mysql/logs/mysqld.log' });
    const manual = parseMyCnf(corpus('mysql-cnf', 'glauca-mysql-manual-1.txt'));
    expect(manual.issues).toEqual([]);
    expect(manual.value.options.find((o) => o.name === 'skip_name_resolve')).toMatchObject({ group: 'mysqld' });
    expect(manual.value.options.some(skipsSsl)).toBe(false);
  });

  it('knows skip_ssl in its spellings, only for the server', () => {
    const opts = parseMyCnf('[mysqld]\nskip-ssl\n[client]\nskip_ssl\n[mariadb]\nssl = 0\n').value.options;
    expect(opts.map(skipsSsl)).toEqual([true, false, true]);
  });
});
