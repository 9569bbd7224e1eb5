/**
 * Guide 3.4.4, 3.4.7 and 3.4.8 end to end over SSH on simulated hosts: the
 * policy's wire form, the sessions, the report; every command the hosts
 * received passes the independent denylist (scanSimCluster), and the image
 * reads the three checks share with qcow2-corrupt cross the wire once.
 */
import { describe, expect, it } from 'vitest';
import { expectFixtureVerdict, expectPolicyWire, scanSimCluster } from '../support/cli.js';
import { hostDir } from '../support/fixture-run.js';

const IDS = ['qcow2-corrupt', 'qcow2-snapshot-table', 'vm-deploy-7501', 'migration-ssh-cipher'];
const statuses = (run: Awaited<ReturnType<typeof scanSimCluster>>) => Object.fromEntries(run.report.results.map((r) => [`${r.host} ${r.check}`, r.status]));

describe('the compute checks of guide 3.4.4, 3.4.7 and 3.4.8 over SSH', () => {
  it('are ok on the healthy profiles, and each image read is sent once', async () => {
    const run = await scanSimCluster([hostDir('vks-healthy'), hostDir('vms-healthy')], IDS);
    expect(run.stderr).toBe('');
    expect(statuses(run)).toEqual({
      'cvknode11 qcow2-corrupt': 'ok', 'cvknode11 qcow2-snapshot-table': 'ok', 'cvknode11 vm-deploy-7501': 'ok', 'cvknode11 migration-ssh-cipher': 'ok',
      'cvmnode01 qcow2-corrupt': 'skipped', 'cvmnode01 qcow2-snapshot-table': 'skipped', 'cvmnode01 vm-deploy-7501': 'skipped', 'cvmnode01 migration-ssh-cipher': 'ok',
    });
    expectPolicyWire(run);
    for (const key of ['virsh -r dumpxml -- win7', 'virsh -r list --all', 'ssh -Q cipher']) {
      expect(run.recorded.filter((x) => x.key === key && x.host === 'cvknode11'), key).toHaveLength(1);
    }
    expect(run.recorded.filter((x) => x.key === 'ssh -Q cipher').map((x) => x.host).sort()).toEqual(['cvknode11', 'cvmnode01']);
    expect(run.code).toBe(0);
  });

  it.each([
    ['qcow2-snapshot-table', 'past-eof/cvknode11', 'fail', 'VM win7 (shut off), disk /vms/FC-St/win7.qcow2: the header says nb_snapshots 4 with the snapshot table at 0x130600000, but the file is only 5100273664 bytes'],
    ['vm-deploy-7501', 'agent-down/cvknode11', 'fail', 'for VM win7: its guest agent channel is disconnected'],
    ['vm-deploy-7501', 'disk-errors/cvknode11', 'fail', 'its disk /vms/FC-St/win7.qcow2 has 1 error(s)'],
    ['migration-ssh-cipher', 'bad-spec/cvmnode01', 'fail', "refused with \"Bad SSH2 cipher spec 'arcfour128,aes128-ctr,aes192-ctr,aes256-ctr'\", last for VM test_inc_1"],
    ['migration-ssh-cipher', 'chain/cvknode11', 'warn', 'win7 (/vms/FC-St/win7.qcow2: 2-level chain, 1 internal snapshot(s))'],
  ])('%s on %s', async (id, host, status, summary) => {
    const run = await expectFixtureVerdict(id, host, status, summary);
    // never qcow2.py, a repair, an agent command or an ssh connection
    expect(run.recorded.filter((x) => /qcow2\.py|check -r|qemu-agent-command|scp /.test(x.key ?? ''))).toEqual([]);
    expect(run.recorded.filter((x) => /^ssh /.test(x.key ?? '')).every((x) => x.key === 'ssh -Q cipher')).toBe(true);
  });
});
