import { describe, expect, it } from 'vitest';
import { scanSimCluster } from '../support/cli.js';
import { hostDir } from '../support/fixture-run.js';

describe('disk-io-latency end to end over SSH', () => {
  it('names the VM flooding the FC pool, sampling counters and VMs twice each', async () => {
    const run = await scanSimCluster([hostDir('disk-io-latency', 'busy-pool')], ['disk-io-latency']);
    expect(run.stderr).toBe('');
    const [r] = run.report.results;
    expect(r).toMatchObject({ host: 'cvknode11', check: 'disk-io-latency', section: '3.5.1', status: 'fail' });
    expect(r!.summary).toMatch(/^dm-0 \(multipath mpatha, pool \/vms\/FC-St\) is slow: await 77\.9 ms \(read 40 \/ write 95\)/);
    expect(r!.summary).toMatch(/erp-db \(\d+ IO\/s, [\d.]+ MB\/s\) makes \d+ % of it: limit its IO or move it to \/vms\/IPsan-St-001/);
    expect(r!.recoverySteps.map((s) => s.id)).toEqual(['find-busy-devices', 'find-io-heavy-vms', 'limit-vm-io', 'move-vm-to-other-pool']);
    const keys = run.recorded.map((x) => x.key);
    expect(keys.filter((k) => k === 'cat /proc/diskstats')).toHaveLength(2);
    expect(keys.filter((k) => k === 'virsh -r domblkstat erp-db vdb')).toHaveLength(2);
    // the VM on the quiet pool is listed but not sampled
    expect(keys).toContain('virsh -r domblklist centos-db');
    expect(keys.some((k) => k?.startsWith('virsh -r domblkstat centos-db'))).toBe(false);
    expect(run.code).toBe(2);
  });

  it('is ok on a healthy host without asking libvirt anything', async () => {
    const run = await scanSimCluster([hostDir('vks-healthy')], ['disk-io-latency']);
    expect(run.report.results.map((r) => r.status)).toEqual(['ok']);
    expect(run.report.results[0]!.summary).toMatch(/^4 disk device\(s\) answer in time over [\d.]+ s; busiest dm-0/);
    expect(run.recorded.some((r) => r.key?.startsWith('virsh'))).toBe(false);
    expect(run.code).toBe(0);
  });
});
