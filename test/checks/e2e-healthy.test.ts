import { describe, expect, it } from 'vitest';
import { hostDir } from '../support/fixture-run.js';
import { scanSimCluster } from '../support/cli.js';

describe('end to end through SSH', () => {
  it('checks a healthy simulated VKS', async () => {
    const run = await scanSimCluster([hostDir('vks-healthy')], ['storage-blocked', 'multipath-wwid', 'nic-packet-loss']);
    expect(run.stderr).toBe('');
    expect(run.report.results.map((r) => [r.check, r.status])).toEqual([
      ['storage-blocked', 'ok'],
      ['multipath-wwid', 'ok'],
      ['nic-packet-loss', 'ok'],
    ]);
    expect(run.code).toBe(0);
    expect(run.recorded.every((r) => r.key !== null)).toBe(true);
  });
});
