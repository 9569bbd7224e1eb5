/**
 * Scale: waits do not hold a host's work slot, turns and work are bounded
 * separately, and a host's budget starts with its own turn. Counts and
 * order only, no wall times (the machine may be loaded).
 */
import { describe, expect, it } from 'vitest';
import { said } from '../support/said.js';
import type { ScanSlots } from '../../src/engine/host-work.js';
import { runChecks, type RunOptions } from '../../src/engine/runner.js';
import type { CheckDefinition } from '../../src/engine/types.js';
import type { CheckId } from '../../src/kb/catalog.js';
import { kbEntry } from '../../src/kb/index.js';
import { cmd } from '../../src/transport/command.js';
import { FakeTransport } from '../support/fake-transport.js';

const UNAME = cmd('uname', '-r');
const PROBE = { argv: ['df', '-P', '--', '/vms/p'], kind: 'probe' as const, probes: '/vms/p' };

function options(defs: CheckDefinition[], extra: Partial<RunOptions> = {}): RunOptions {
  return {
    checks: defs.map((d) => d.id),
    registry: (id: CheckId) => defs.find((d) => d.id === id),
    kb: kbEntry,
    timeoutSec: 5,
    hostTimeoutMs: 20_000,
    concurrency: 1,
    sampleSeconds: 0,
    probeSeconds: 1,
    signal: new AbortController().signal,
    ...extra,
  };
}

const vks = (i: number) => ({ name: `h${i}`, address: `10.0.1.${i}`, roles: ['vks' as const] });

describe('scan slots', () => {
  it('lets every host sleep between samples at once while one works (--concurrency 1)', async () => {
    let asleep = 0;
    let mostAsleep = 0;
    const sampler: CheckDefinition = {
      id: 'nic-packet-loss',
      waits: true,
      run: async (ctx) => {
        await ctx.run(UNAME);
        asleep++;
        mostAsleep = Math.max(mostAsleep, asleep);
        await ctx.sleep(300);
        asleep--;
        const again = await ctx.run({ ...UNAME, sample: 2 });
        return { status: 'ok', message: said(again.stdout.trim(), again.stdout.trim()) };
      },
    };
    let slots: ScanSlots | undefined;
    const hosts = Array.from({ length: 6 }, (_, i) => ({ info: vks(i + 1), transport: new FakeTransport({ 'uname -r': { stdout: '5.4\n' } }) }));
    const out = await runChecks(hosts, options([sampler], { onSlots: (s) => (slots = s) }));
    expect(out.results.map((r) => r.status)).toEqual(Array(6).fill('ok'));
    expect(mostAsleep).toBe(6);
    expect(slots!.peakWorking).toBe(1);
    expect(slots!.peakTurns).toBe(6);
  });

  it('lets hosts wait for their df probes at once, and bounds the hosts in their turn (--max-connections)', async () => {
    let probing = 0;
    let mostProbing = 0;
    const prober: CheckDefinition = {
      id: 'storage-blocked',
      waits: true,
      run: async (ctx) => {
        probing++;
        mostProbing = Math.max(mostProbing, probing);
        const df = await ctx.run(PROBE);
        probing--;
        return { status: 'ok', message: said(`exit ${df.exitCode}`, '-') };
      },
    };
    let slots: ScanSlots | undefined;
    const answers = { 'df -P -- /vms/p': { stdout: 'ok\n', delayMs: 200 } };
    const hosts = Array.from({ length: 8 }, (_, i) => ({ info: vks(i + 1), transport: new FakeTransport(answers) }));
    const out = await runChecks(hosts, options([prober], { maxConnections: 3, onSlots: (s) => (slots = s) }));
    expect(out.results.map((r) => r.status)).toEqual(Array(8).fill('ok'));
    expect(mostProbing).toBe(3);
    expect(slots!.peakTurns).toBe(3);
    expect(slots!.peakWorking).toBe(1);
  });

  it("starts a host's budget when its own turn starts, not when the scan does", async () => {
    // a takes its turn first and holds the only connection slot until its own budget is spent:
    // by then a budget counted from the scan's start would be spent for b as well
    const slow: CheckDefinition = {
      id: 'multipath-wwid',
      run: async (ctx) => {
        const r = await ctx.run(UNAME);
        return { status: r.read.kind === 'ok' ? 'ok' : 'unknown', message: said(r.stdout.trim() || 'none', '-') };
      },
    };
    const a = new FakeTransport({ 'uname -r': { hang: true } });
    const b = new FakeTransport({ 'uname -r': { stdout: 'quick\n' } });
    const out = await runChecks(
      [{ info: vks(1), transport: a }, { info: vks(2), transport: b }],
      options([slow], { maxConnections: 1, hostTimeoutMs: 1000, timeoutSec: 30 }),
    );
    // a ran out of its own budget; b's started after a's turn and had all of it
    expect(out.results.map((r) => [r.host, r.status])).toEqual([['h1', 'error'], ['h2', 'ok']]);
    expect(b.calls).toEqual(['uname -r']);
  });

  it("lets a host's raw outputs go after its turn, except those other hosts read (they ask again)", async () => {
    const HOSTNAME = cmd('cat', '/etc/hostname');
    const lead: CheckDefinition = {
      id: 'shared-pool-start',
      run: async (ctx) => {
        await ctx.run(UNAME);
        await ctx.run(HOSTNAME);
        if (ctx.host.name !== 'h1') await ctx.peer({ name: 'h1' })!.run(HOSTNAME);
        return { status: 'ok', message: said('fine', '-') };
      },
    };
    const scan = async (extra: Partial<RunOptions>) => {
      const t = Array.from({ length: 3 }, () => new FakeTransport({ 'uname -r': { stdout: '5.4\n' }, 'cat /etc/hostname': { stdout: 'h\n' } }));
      const hosts = t.map((transport, i) => ({ info: vks(i + 1), transport }));
      // one host at a time: h1's turn is over before h2 and h3 follow their leads into it
      const out = await runChecks(hosts, options([lead], { maxConnections: 1, ...extra }));
      expect(out.results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
      return t[0]!.calls;
    };
    // h1's own outputs went with its turn; h2's lead read hostname again, which then stayed for h3
    expect(await scan({})).toEqual(['uname -r', 'cat /etc/hostname', 'cat /etc/hostname']);
    expect(await scan({ keepOutputs: true })).toEqual(['uname -r', 'cat /etc/hostname']);
  });
});
