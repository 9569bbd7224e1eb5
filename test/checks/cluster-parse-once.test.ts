/**
 * Cluster checks read every other host's outputs: ip-conflict the three ip
 * tables, vm-migration-stuck the VM lists, shared-pool-start cluster.conf.
 * Each parse is memoised on the shared output (parsedOnce), so N hosts cost
 * N parses of each, not N².
 */
import { describe, expect, it, vi } from 'vitest';
import { clusterConfParses } from '../../checks/shared/ocfs2-cluster.js';
import type { CheckId } from '../../src/kb/catalog.js';
import { loadHostCapture } from '../../src/capture/layout.js';
import { parsedOnceCalls } from '../../src/engine/outputs.js';
import { parseIpNeigh } from '../../src/parsers/ip-neigh.js';
import { parseClusterConf } from '../../src/parsers/ocfs2-config.js';
import { parseIpOneline } from '../../src/parsers/ip-oneline.js';
import { parseVirshList } from '../../src/parsers/virsh.js';
import { createReplayTransport } from '../../src/transport/replay.js';
import { hostDir, runOnPlans } from '../support/fixture-run.js';

// Every parse, whoever calls the parser (the memo or code that bypasses it).
vi.mock('../../src/parsers/ip-oneline.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/parsers/ip-oneline.js')>();
  return { ...real, parseIpOneline: vi.fn(real.parseIpOneline) };
});
vi.mock('../../src/parsers/ip-neigh.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/parsers/ip-neigh.js')>();
  return { ...real, parseIpNeigh: vi.fn(real.parseIpNeigh) };
});
vi.mock('../../src/parsers/ocfs2-config.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/parsers/ocfs2-config.js')>();
  return { ...real, parseClusterConf: vi.fn(real.parseClusterConf) };
});
vi.mock('../../src/parsers/virsh.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/parsers/virsh.js')>();
  return { ...real, parseVirshList: vi.fn(real.parseVirshList) };
});

const N = 24;

/** N clones of a healthy hypervisor under their own names and addresses: each reads every other. */
async function scanClones(checks: CheckId[]) {
  const cap = loadHostCapture(hostDir('vks-healthy'));
  const plans = Array.from({ length: N }, (_, i) => ({
    info: { name: `clone${i}`, address: `127.0.9.${i + 1}`, roles: ['vks' as const] },
    transport: createReplayTransport(cap),
  }));
  const out = await runOnPlans(plans, checks);
  expect(out.results).toHaveLength(checks.length * N);
  expect(out.results.filter((r) => r.status === 'error' || r.status === 'unknown')).toEqual([]);
  return out;
}

describe('cluster checks on many hosts', () => {
  it("shared-pool-start parses each host's cluster.conf once per scan", async () => {
    const before = clusterConfParses();
    vi.mocked(parseClusterConf).mockClear();
    await scanClones(['shared-pool-start', 'storage-blocked']);
    // every host's file was read by its own checks and by N - 1 peers, and parsed once
    expect(vi.mocked(parseClusterConf).mock.calls).toHaveLength(N);
    expect(clusterConfParses() - before).toBe(N);
  });

  it("ip-conflict and vm-migration-stuck parse each host's ip and virsh outputs once per scan", async () => {
    for (const f of [parseIpOneline, parseIpNeigh, parseVirshList]) vi.mocked(f).mockClear();
    const before = parsedOnceCalls();
    await scanClones(['ip-conflict', 'vm-migration-stuck']);
    // ip -o addr and ip -o link, ip neigh, virsh list
    expect(vi.mocked(parseIpOneline).mock.calls).toHaveLength(2 * N);
    expect(vi.mocked(parseIpNeigh).mock.calls).toHaveLength(N);
    expect(vi.mocked(parseVirshList).mock.calls).toHaveLength(N);
    expect(parsedOnceCalls() - before).toBeGreaterThanOrEqual(4 * N);
  });
});
