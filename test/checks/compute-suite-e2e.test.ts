/**
 * The compute checks of guide 3.4.3 and 3.4.9 end to end: the real CLI over
 * SSH against simulated hosts, every command checked against the independent
 * denylist (scanSimCluster), and the reads that decide sent as expected.
 */
import { describe, expect, it } from 'vitest';
import { scanSimCluster } from '../support/cli.js';
import { hostDir } from '../support/fixture-run.js';

const SUITE = ['vm-start-resources', 'vm-shmem-residue', 'hygon-rdrand'];
const statusOf = (run: Awaited<ReturnType<typeof scanSimCluster>>) => Object.fromEntries(run.report.results.map((r) => [`${r.host} ${r.check}`, r.status]));

describe('the compute checks over SSH', () => {
  it('are ok on a healthy VKS (hygon-rdrand does not apply to its Intel CPU) and skip on a VMS', async () => {
    const run = await scanSimCluster([hostDir('vks-healthy'), hostDir('vms-healthy')], SUITE);
    expect(run.stderr).toBe('');
    expect(statusOf(run)).toEqual({
      'cvknode11 vm-start-resources': 'ok', 'cvknode11 vm-shmem-residue': 'ok', 'cvknode11 hygon-rdrand': 'skipped',
      'cvmnode01 vm-start-resources': 'skipped', 'cvmnode01 vm-shmem-residue': 'skipped', 'cvmnode01 hygon-rdrand': 'skipped',
    });
    expect(run.report.results.find((r) => r.check === 'hygon-rdrand' && r.host === 'cvknode11')!.summary).toContain('Intel(R) Xeon(R) Gold 6226R');
    expect(run.code).toBe(0);
    // two samples of /proc/stat, on the wire as plain reads
    const stat = run.recorded.filter((r) => r.host === 'cvknode11' && r.key === 'cat /proc/stat');
    expect(stat).toHaveLength(2);
    for (const r of stat) expect(r.wire).toMatch(/^(\{ )?LC_ALL=C timeout -k 2 \d+ cat \/proc\/stat\b/);
  }, 60_000);

  it.each([
    ['vm-start-resources', 'vm-start-resources/memory-short/cvknode11', 'fail', /VM erp01 \(32 GiB\) would not start on cvknode11: .*20\.6 GiB above the 80 % reservation limit/],
    ['vm-shmem-residue', 'vm-shmem-residue/guide-kvmsec/cvknode11', 'fail', /VM oa-server \(shut off\) on cvknode11 keeps the shmem device nu_fsec-4af99204-6623-45e9-afbf-d852746bf187 whose server socket \/tmp\/kvmsec is gone/],
    ['hygon-rdrand', 'hygon-rdrand/guide-centos68/cvknode11', 'fail', /VM centos-db on cvknode11 \(Hygon C86 7280 32-core Processor\) runs CPU mode host-model without rdrand disabled, and its guest is CentOS 6\.8/],
  ])('%s finds its fault on %s', async (id, host, status, summary) => {
    const run = await scanSimCluster([hostDir(...host.split('/'))], [id]);
    expect(run.stderr).toBe('');
    const r = run.report.results[0]!;
    expect({ status: r.status, summary: r.summary }).toMatchObject({ status, summary: expect.stringMatching(summary) });
    expect(r.recovery.length).toBeGreaterThan(0);
    // read-only all the way: no virsh edit/define, the socket only stat'ed
    expect(run.recorded.every((x) => x.key !== null && !/virsh (?:-r )?(?:edit|define|undefine|start|destroy)/.test(x.key))).toBe(true);
    if (id === 'vm-shmem-residue') expect(run.recorded.map((x) => x.key)).toContain("stat -L -c '%A %u %U %g %G %s %n' -- /tmp/kvmsec");
  }, 60_000);
});
