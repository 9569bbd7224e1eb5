/**
 * Cluster checks read every other host's outputs: ip-conflict the three ip
 * tables, vm-migration-stuck the VM lists. Each parse is memoised on the
 * shared output (parsedOnce), so N hosts cost N parses of each, not N².
 */
import { describe, expect, it, vi } from 'vitest';
import { checkDefinition } from '../../checks/index.js';
import { loadHostCapture } from '../../src/capture/layout.js';
import { parsedOnceCalls } from '../../src/engine/outputs.js';
import { runChecks } from '../../src/engine/runner.js';
import { kbEntry } from '../../src/kb/index.js';
import { parseIpNeigh } from '../../src/parsers/ip-neigh.js';
import { parseIpOneline } from '../../src/parsers/ip-oneline.js';
import { parseVirshList } from '../../src/parsers/virsh.js';
import { createReplayTransport } from '../../src/transport/replay.js';
import { hostDir } from '../support/fixture-run.js';

// Every parse, whoever calls the parser (the memo or code that bypasses it).
vi.mock('../../src/parsers/ip-oneline.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/parsers/ip-oneline.js')>();
  return { ...real, parseIpOneline: vi.fn(real.parseIpOneline) };
});
vi.mock('../../src/parsers/ip-neigh.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/parsers/ip-neigh.js')>();
  return { ...real, parseIpNeigh: vi.fn(real.parseIpNeigh) };
});
vi.mock('../../src/parsers/virsh.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/parsers/virsh.js')>();
  return { ...real, parseVirshList: vi.fn(real.parseVirshList) };
});

describe('cluster checks on many hosts', () => {
  it("parse each host's ip and virsh outputs once per scan", async () => {
    const cap = loadHostCapture(hostDir('vks-healthy'));
    const n = 24;
    const plans = Array.from({ length: n }, (_, i) => ({
      info: { name: `clone${i}`, address: `127.0.9.${i + 1}`, roles: ['vks' as const] },
      transport: createReplayTransport(cap),
    }));
    for (const f of [parseIpOneline, parseIpNeigh, parseVirshList]) vi.mocked(f).mockClear();
    const before = parsedOnceCalls();
    const out = await runChecks(plans, {
      checks: ['ip-conflict', 'vm-migration-stuck'],
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
    expect(out.results.filter((r) => r.status === 'error' || r.status === 'unknown')).toEqual([]);
    // every host's outputs were read by its own check and by n - 1 peers, and each parsed once:
    // ip -o addr and ip -o link, ip neigh, virsh list
    expect(vi.mocked(parseIpOneline).mock.calls).toHaveLength(2 * n);
    expect(vi.mocked(parseIpNeigh).mock.calls).toHaveLength(n);
    expect(vi.mocked(parseVirshList).mock.calls).toHaveLength(n);
    expect(parsedOnceCalls() - before).toBeGreaterThanOrEqual(4 * n);
  });
});
