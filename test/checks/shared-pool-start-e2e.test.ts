import { describe, expect, it } from 'vitest';
import { scanSimCluster } from '../support/cli.js';
import { hostDir } from '../support/fixture-run.js';

const cluster = (name: string) => ['cvknode11', 'cvknode12', 'cvknode13'].map((h) => hostDir('shared-pool-start', name, h));

describe('shared-pool-start and pool-no-slot end to end through SSH', () => {
  it('a three-node cluster whose first node lost its FC links: one fail, read across the nodes once each', async () => {
    const run = await scanSimCluster(cluster('fc-links-down'), ['shared-pool-start', 'pool-no-slot']);
    expect(run.stderr).toBe('');
    expect(run.report.results.map((r) => [r.host, r.check, r.status])).toEqual([
      ['cvknode11', 'shared-pool-start', 'fail'],
      ['cvknode11', 'pool-no-slot', 'ok'],
      ['cvknode12', 'shared-pool-start', 'ok'],
      ['cvknode12', 'pool-no-slot', 'ok'],
      ['cvknode13', 'shared-pool-start', 'ok'],
      ['cvknode13', 'pool-no-slot', 'ok'],
    ]);
    expect(run.code).toBe(2);
    const fail = run.report.results[0]!;
    expect(fail.summary).toContain('Pool FC-St (/vms/FC-St) is not mounted on cvknode11 (libvirt: inactive) while cvknode12, cvknode13 have it mounted');
    expect(fail.summary).toContain('FC ports host1 Linkdown, host2 Linkdown');
    expect(fail.evidence.map((e) => e.host)).toEqual(expect.arrayContaining(['cvknode11', 'cvknode12', 'cvknode13']));
    // each host's two config files crossed the wire once, though three hosts compared them
    for (const host of ['cvknode11', 'cvknode12', 'cvknode13']) {
      for (const key of ['cat /etc/default/o2cb', 'cat /etc/ocfs2/cluster.conf']) {
        expect(run.recorded.filter((r) => r.host === host && r.key === key)).toHaveLength(1);
      }
    }
    // the SAN was looked at only where a pool is down
    expect(run.recorded.filter((r) => r.key === 'iscsiadm -m session -P 3').map((r) => r.host)).toEqual(['cvknode11']);
  });

  it('pool-no-slot names the other platform\'s nodes on a real SSH run', async () => {
    const run = await scanSimCluster([hostDir('pool-no-slot', 'foreign-cluster')], ['pool-no-slot']);
    expect(run.stderr).toBe('');
    const [r] = run.report.results;
    expect(r).toMatchObject({ host: 'cvknode11', check: 'pool-no-slot', status: 'fail' });
    expect(r!.summary).toBe("Volume mpathb (2225d000155a30dda) of pool FC-St2 is mounted by node(s) 4, 5 that are not in this cluster's cluster.conf: another platform uses it; unmount it there, then start the pool.");
    expect(run.code).toBe(2);
  });
});
