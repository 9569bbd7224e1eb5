import { describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { runCli, scanSimCluster } from '../support/cli.js';
import { hostDir } from '../support/fixture-run.js';

describe('Ctrl-C', () => {
  it('stops a scan stuck on a hung mount and still prints the partial report', async () => {
    const t0 = Date.now();
    const run = await scanSimCluster([hostDir('storage-blocked', 'chain', 'cvknode11')], ['storage-blocked', 'multipath-wwid'], ['--probe-timeout', '60'], {
      interrupt: (send) => setTimeout(send, 800),
    });
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(run.report.interrupted).toBe(true);
    const byCheck = Object.fromEntries(run.report.results.map((r) => [r.check, r]));
    // multipath finished before the interrupt; storage-blocked was waiting for df
    expect(byCheck['multipath-wwid']!.status).toBe('ok');
    expect(byCheck['storage-blocked']!.status).toBe('error');
    expect(byCheck['storage-blocked']!.summary).toBe('Interrupted before this check finished.');
    expect(run.stderr).toContain('Interrupted: this report is partial.');
    expect(run.code).toBe(3);
  });
});

describe('--local', () => {
  it('runs the same checks on this machine through the same policy', async () => {
    const r = await runCli(['check', 'nic-packet-loss,storage-blocked', '--local', '--role', 'vks', '--sample-seconds', '1', '--format', 'json']);
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.hosts[0]!.address).toBe('localhost');
    const nic = report.results.find((x) => x.check === 'nic-packet-loss')!;
    // whatever this machine's NICs look like, the check ran and decided
    expect(['ok', 'warn', 'fail']).toContain(nic.status);
    expect(report.results.find((x) => x.check === 'storage-blocked')).toMatchObject({ status: 'skipped', skipReason: 'not-applicable', recovery: [] });
  });
});
