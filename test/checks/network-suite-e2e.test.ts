/**
 * The network suite (guide 3.6) end to end over SSH on simulated hosts: the
 * policy's wire form, the sessions, the report; ip-conflict across three VKS
 * and a VMS, with and without --active-probes.
 */
import { describe, expect, it } from 'vitest';
import { expectFixtureVerdict, scanSimCluster } from '../support/cli.js';
import { hostDir } from '../support/fixture-run.js';

const cluster = (variant: string) => ['cvknode11', 'cvknode12', 'cvknode13', 'vms01'].map((h) => hostDir('ip-conflict', variant, h));
const statuses = (run: Awaited<ReturnType<typeof scanSimCluster>>) => Object.fromEntries(run.report.results.map((r) => [`${r.host} ${r.check}`, r.status]));

describe('ip-conflict end to end over SSH on three VKS and a VMS', () => {
  it('names the VM on cvknode13 that answers for cvknode12\'s address, from the neighbour tables of cvknode11 and vms01', async () => {
    const run = await scanSimCluster(cluster('vm-took-address'), ['ip-conflict']);
    expect(run.stderr).toBe('');
    expect(statuses(run)).toEqual({
      'cvknode11 ip-conflict': 'ok', 'cvknode12 ip-conflict': 'fail', 'cvknode13 ip-conflict': 'ok', 'vms01 ip-conflict': 'ok',
    });
    const r = run.report.results.find((x) => x.host === 'cvknode12')!;
    expect(r.summary).toContain('172.16.51.12 of cvknode12 (vswitch0, MAC 40:a8:f0:28:22:10) is answered by 0c:da:41:1d:6e:2b, the NIC of VM web01 on cvknode13 (running)');
    expect(r.recoverySteps.map((s) => s.id)).toEqual(['show-host-address', 'readdress-vm']);
    expect(r.evidence.map((e) => `${e.host}: ${e.command}`)).toContain('cvknode13: virsh -r domiflist -- web01');
    // Each host's three reads were sent once, although four runs of the check compare them all.
    const neigh = run.recorded.filter((x) => x.key === 'ip neigh');
    expect(neigh.map((x) => x.host).sort()).toEqual(['cvknode11', 'cvknode12', 'cvknode13', 'vms01']);
    // Nothing active without the option.
    expect(run.recorded.some((x) => x.key?.startsWith('arping'))).toBe(false);
    expect(run.code).toBe(2);
  });

  it('with --active-probes, sends arping -D (sender 0.0.0.0) and names the device that replied', async () => {
    const run = await scanSimCluster(cluster('probe-answered'), ['ip-conflict'], ['--active-probes']);
    expect(run.stderr).toBe('');
    expect(statuses(run)['cvknode12 ip-conflict']).toBe('fail');
    const r = run.report.results.find((x) => x.host === 'cvknode12')!;
    expect(r.summary).toContain('arping -D for 172.16.51.12 on vswitch0 of cvknode12 got a reply from 00:e0:fc:12:34:56');
    const probes = run.recorded.filter((x) => x.key?.startsWith('arping'));
    expect(probes.map((x) => `${x.host}: ${x.key}`).sort()).toEqual([
      'cvknode11: arping -D -c 2 -w 3 -I vswitch0 172.16.51.11',
      'cvknode12: arping -D -c 2 -w 3 -I vswitch0 172.16.51.12',
      'cvknode13: arping -D -c 2 -w 3 -I vswitch0 172.16.51.13',
      'vms01: arping -D -c 2 -w 3 -I eth0 172.16.51.10',
    ]);
    expect(probes.every((x) => /^LC_ALL=C timeout -k 2 \d+ arping -D /.test(x.wire))).toBe(true);
  });
});

describe('the other network checks end to end over SSH', () => {
  it.each([
    ['bond-lldp', 'firmware-agent/cvknode11', 'fail', 'eth0, the backup member of active-backup bond vswitch0_bond (active: eth1), sends LLDP'],
    ['acl-gateway', 'guide-drop/cvknode11', 'fail', 'ACL acl-test on vNIC vnet0 (MAC 0c:da:41:1d:43:79) of VM win7 drops traffic to the gateway 172.16.51.6'],
    ['vfirewall-zone', 'guide-zone-missing/cvknode11', 'fail', 'vnet10 (VM kylin_v10_SP_226, OpenFlow port 2) on vs-app sends its connections to conntrack without a zone'],
    ['host-compromised', 'guide-vks/cvknode11', 'fail', 'Process 48941 "ls" on cvknode11 (ls -la) poses as a common command'],
    ['host-compromised', 'syn-flood/cvmnode01', 'fail', '12 socket(s) in SYN_SENT to 12 outside address(es)'],
  ])('%s on %s', async (id, host, status, summary) => {
    await expectFixtureVerdict(id, host, status, summary);
  });

  it('all five are ok on the healthy profiles', async () => {
    const ids = ['ip-conflict', 'bond-lldp', 'acl-gateway', 'vfirewall-zone', 'host-compromised'];
    // vfirewall-zone's healthy host is vks-healthy plus Usphere's port listing.
    const run = await scanSimCluster([hostDir('vfirewall-zone', 'healthy', 'cvknode11'), hostDir('vms-healthy')], ids);
    expect(statuses(run)).toEqual({
      'cvknode11 ip-conflict': 'ok', 'cvknode11 bond-lldp': 'ok', 'cvknode11 acl-gateway': 'ok', 'cvknode11 vfirewall-zone': 'ok', 'cvknode11 host-compromised': 'ok',
      'cvmnode01 ip-conflict': 'ok', 'cvmnode01 bond-lldp': 'skipped', 'cvmnode01 acl-gateway': 'skipped', 'cvmnode01 vfirewall-zone': 'skipped', 'cvmnode01 host-compromised': 'ok',
    });
    expect(run.code).toBe(0);
  });
});
