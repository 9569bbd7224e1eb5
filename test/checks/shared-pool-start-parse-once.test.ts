/**
 * shared-pool-start compares cluster.conf across the cluster: every host
 * reads every candidate peer's file. The parse is memoised on the output
 * (one per host per scan), so N hosts cost N parses, not N².
 */
import { describe, expect, it, vi } from 'vitest';
import { checkDefinition } from '../../checks/index.js';
import { clusterConfParses } from '../../checks/shared/ocfs2-cluster.js';
import { loadHostCapture } from '../../src/capture/layout.js';
import { runChecks } from '../../src/engine/runner.js';
import { kbEntry } from '../../src/kb/index.js';
import { createReplayTransport } from '../../src/transport/replay.js';
import { hostDir } from '../support/fixture-run.js';
import { parseClusterConf } from '../../src/parsers/ocfs2-config.js';

// Every parse of a cluster.conf, whoever calls the parser (the memo or code that bypasses it).
vi.mock('../../src/parsers/ocfs2-config.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/parsers/ocfs2-config.js')>();
  return { ...real, parseClusterConf: vi.fn(real.parseClusterConf) };
});

describe('shared-pool-start on many hosts', () => {
  it("parses each host's cluster.conf once per scan", async () => {
    const cap = loadHostCapture(hostDir('vks-healthy'));
    const n = 24;
    // clones under their own names and addresses: each host reads every other host's cluster.conf
    const plans = Array.from({ length: n }, (_, i) => ({
      info: { name: `clone${i}`, address: `127.0.9.${i + 1}`, roles: ['vks' as const] },
      transport: createReplayTransport(cap),
    }));
    const before = clusterConfParses();
    vi.mocked(parseClusterConf).mockClear();
    const out = await runChecks(plans, {
      checks: ['shared-pool-start', 'storage-blocked'],
      registry: checkDefinition,
      kb: kbEntry,
      timeoutSec: 30,
      hostTimeoutMs: 60_000,
      concurrency: 8,
      sampleSeconds: 0,
      probeSeconds: 2,
      signal: new AbortController().signal,
    });
    expect(out.results).toHaveLength(2 * n);
    expect(out.results.filter((r) => r.status === 'error')).toEqual([]);
    // every host's file was read by its own checks and by n - 1 peers, and parsed once
    expect(vi.mocked(parseClusterConf).mock.calls).toHaveLength(n);
    expect(clusterConfParses() - before).toBe(n);
  });
});
