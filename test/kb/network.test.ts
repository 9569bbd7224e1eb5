import { describe, expect, it } from 'vitest';
import { entries } from '../../src/kb/entries/network.js';
import type { KbEntry } from '../../src/kb/types.js';
import { entryProse, expectFactInBothLanguages } from './bilingual-text.js';
import { areaIds, contentProblems, stepOf as step } from './entry-content-rules.js';

describe('network KB entries (guide 3.6)', () => {
  it('holds exactly the network ids of the catalogue, in guide order', () => {
    expect(entries.map((e) => e.id)).toEqual(areaIds('network'));
  });

  it.each(entries.map((e) => [e.id, e] as const))('%s follows the content rules', (_id, e) => {
    expect(contentProblems(e)).toEqual([]);
  });
});

const byId = (id: string): KbEntry => {
  const e = entries.find((x) => x.id === id);
  if (!e) throw new Error(`no entry ${id}`);
  return e;
};

describe('nic-packet-loss (3.6.1)', () => {
  const e = byId('nic-packet-loss');

  it('has the step ids the check selects, in 2.2.2 order', () => {
    expect(e.recovery.map((s) => s.id)).toEqual([
      'check-bond',
      'fix-switch-lacp',
      'match-static-aggregation',
      'check-nic-state',
      'bring-nic-up',
      'check-mtu',
      'fix-mtu',
      'check-counter-growth',
      'check-topology',
      'check-vlan',
      'fix-vlan',
      'check-ip-mac-binding',
      'remove-ip-mac-binding',
      'check-acl-firewall',
      'fix-acl-firewall',
      'grow-ring-buffer',
      'spread-irqs',
      'stop-antivirus',
      'fix-cabling',
      'replace-cable-optics',
      'capture-packets',
      'stop-capture',
    ]);
  });

  it('marks read-only steps diagnostic and the rest changing', () => {
    const diagnostic = e.recovery.filter((s) => s.kind === 'diagnostic').map((s) => s.id);
    expect(diagnostic).toEqual([
      'check-bond',
      'check-nic-state',
      'check-mtu',
      'check-counter-growth',
      'check-topology',
      'check-vlan',
      'check-ip-mac-binding',
      'check-acl-firewall',
      'capture-packets',
    ]);
  });

  it('carries the guide\'s commands verbatim', () => {
    expect(step(e, 'check-bond').command).toBe('ovs-appctl bond/show');
    expect(step(e, 'check-nic-state').command).toBe('ifconfig {iface}');
    expect(step(e, 'check-nic-state').text.en).toContain('ip link show dev {iface}');
    expect(step(e, 'bring-nic-up').command).toBe('ip link set dev {iface} up');
    expect(step(e, 'bring-nic-up').text.zh).toContain('ifup {iface}');
    expect(step(e, 'check-counter-growth').command).toBe('ifconfig {iface}; sleep 10; ifconfig {iface}');
    // the guide's command, with the size usdiag reads from ethtool -g in place of its <n>
    expect(step(e, 'grow-ring-buffer').command).toBe('ethtool -G {iface} rx {rxMax}');
    expect(step(e, 'check-topology').command).toBe('/opt/bin/ovs_dbg_listports');
    expect(step(e, 'stop-antivirus').command).toBe('service ds_am stop; service ds_agent stop; service ds_filter stop');
    expect(step(e, 'capture-packets').command).toBe('check_network.sh --vswitch={vswitch} "{filter}"');
  });

  it('explains the LACP states and NIC flags', () => {
    expect(step(e, 'fix-switch-lacp').text.en).toContain('`configured`');
    expect(step(e, 'fix-cabling').text.zh).toContain('NO-CARRIER');
    for (const fact of ['negotiated', '<UP,BROADCAST,RUNNING,MULTICAST>', '<UP,BROADCAST,MULTICAST>', '<BROADCAST,MULTICAST>', 'overruns', 'frame']) {
      expectFactInBothLanguages(e, fact);
    }
  });

  it('warns about the ring buffer and the capture processes', () => {
    expect(step(e, 'grow-ring-buffer').warning?.en).toMatch(/interrupts the NIC briefly/);
    expect(step(e, 'grow-ring-buffer').warning?.zh).toContain('短暂中断');
    const capture = step(e, 'capture-packets');
    expect([capture.kind, capture.cost, capture.likelihood]).toEqual(['diagnostic', 'long', 'low']);
    expect(capture.warning?.en).toContain('.pid');
    expect(capture.warning?.zh).toContain('kill');
    const stop = step(e, 'stop-capture');
    expect(stop.command).toBe('kill {pid}');
    expect(stop.text.en).toContain('/root/tcpdump/<timestamp>-check_network.pid');
    expect(stop.text.en).toContain('R&D');
    expect(stop.text.zh).toContain('研发');
    for (const filter of ['ether proto 0x88cc', 'ether proto 0x8809', '--iface_mac=']) expectFactInBothLanguages(e, filter);
  });
});

describe('ip-conflict (3.6.2)', () => {
  const e = byId('ip-conflict');
  it('compares the vswitch MAC with the one answering for the IP', () => {
    expect(step(e, 'show-host-address').command).toBe('ip addr show dev {vswitch}');
    expectFactInBothLanguages(e, '0c:da:41:1d:10:2e');
    expectFactInBothLanguages(e, '0c:da:41:1d:43:79');
    expect(e.recovery.at(-1)).toMatchObject({ id: 'readdress-conflicting-device', kind: 'changing' });
  });
});

describe('bond-lldp (3.6.3)', () => {
  const e = byId('bond-lldp');
  it('finds LLDP on the backup member and turns LLDP off', () => {
    expect(step(e, 'check-bond').command).toBe('ovs-appctl bond/show');
    expect(step(e, 'capture-backup-member').command).toBe('tcpdump -i {iface} -s 0 -w /tmp/{iface}.cap');
    expectFactInBothLanguages(e, 'LLDP_multicast');
    expectFactInBothLanguages(e, 'active-backup');
    expect(step(e, 'disable-nic-lldp').kind).toBe('changing');
  });
});

describe('acl-gateway (3.6.4)', () => {
  const e = byId('acl-gateway');
  it('follows vnet to filterref to nwfilter rule to drop flow', () => {
    expect(e.recovery.map((s) => s.command)).toEqual([
      'tcpdump -i {iface} -ne icmp',
      '/opt/bin/ovs_dbg_listports',
      'virsh dumpxml {vm}',
      'virsh nwfilter-dumpxml {filter}',
      'ovs-appctl dpif/dump-flows {vswitch}',
      undefined,
    ]);
    expectFactInBothLanguages(e, 'actions:drop');
    expectFactInBothLanguages(e, '<filterref filter=\'...\'/>');
    expect(step(e, 'fix-vm-acl').kind).toBe('changing');
  });
});

describe('vfirewall-zone (3.6.5)', () => {
  const e = byId('vfirewall-zone');
  it('compares conntrack zones and repairs flows with the scripts', () => {
    expect(step(e, 'compare-ct-zones').command).toBe('ovs-ofctl -O OpenFlow13 dump-flows {vswitch}');
    expectFactInBothLanguages(e, 'ct(table=5,zone=188)');
    expect(step(e, 'repair-flows-from-vms').command).toBe('bash set_cvm_port_flow.sh');
    expect(step(e, 'repair-flows-on-vks').command).toBe('bash /opt/bin/set_cvk_port_flow.sh {iface}');
    expectFactInBothLanguages(e, '/var/log/set_cvk_port_flow.log');
    expectFactInBothLanguages(e, '23:00');
    expectFactInBothLanguages(e, 'script can only run on VMS!');
  });
});

describe('host-compromised (3.6.6)', () => {
  const e = byId('host-compromised');
  it('looks at connections, processes and crontab, and ends with a reinstall', () => {
    expect(step(e, 'list-connections').command).toBe('netstat -atunp');
    expect(step(e, 'list-processes').command).toBe('top -c');
    expect(step(e, 'check-crontab').command).toBe('cat /etc/crontab');
    expectFactInBothLanguages(e, 'SYN_SENT');
    for (const script of ['/opt/bin/cha_real_check_cvk.sh', '/opt/bin/cas_clean_log.sh', 'python /opt/bin/ocfs2_cluster_config.py -s']) {
      expectFactInBothLanguages(e, script);
    }
    expect(e.recovery.at(-1)).toMatchObject({ id: 'reinstall-vks', kind: 'changing', cost: 'long' });
  });
});

describe('guest entries (3.6.7, 3.6.8)', () => {
  it('guest-kylin-dns replaces the /etc/resolv.conf symlink', () => {
    const e = byId('guest-kylin-dns');
    expectFactInBothLanguages(e, '/etc/resolv.conf');
    expect(step(e, 'replace-resolv-link').kind).toBe('changing');
  });

  it('guest-ubuntu-netplan names the missing netplan file and the UI error', () => {
    const e = byId('guest-ubuntu-netplan');
    expectFactInBothLanguages(e, 'Can not find /etc/netplan/tools-netcfgv6.yaml to update mtu');
    expectFactInBothLanguages(e, '/var/log/set-ipv6.log');
    expect(e.symptom.zh).toContain('修改虚拟机 xxx 配置失败');
    expect(step(e, 'create-netcfgv6-yaml').command).toBe('touch /etc/netplan/tools-netcfgv6.yaml');
    expect(entryProse(e, 'en')).toContain('Uspheretools');
  });
});
