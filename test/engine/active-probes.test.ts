/**
 * --active-probes: the one option that lets a check send packets (arping -D).
 * Without it the policy refuses every command of an active program, from
 * any check; with it, only commands the check marked active pass.
 */
import { describe, expect, it } from 'vitest';
import { renderMsg } from '../../src/i18n/message.js';
import { said } from '../support/said.js';
import { parseScanFlags } from '../../src/cli/flags.js';
import { runChecks, type RunOptions } from '../../src/engine/runner.js';
import type { CheckDefinition, CheckOptions } from '../../src/engine/types.js';
import type { CheckId } from '../../src/kb/catalog.js';
import { kbEntry } from '../../src/kb/index.js';
import { prepare, RefusedCommand, refusalReason } from '../../src/transport/policy.js';
import { READ_ONLY_PROGRAMS } from '../../src/transport/read-only-programs.js';
import { runCli } from '../support/cli.js';
import { FakeTransport } from '../support/fake-transport.js';

const PROBE = ['arping', '-D', '-c', '2', '-w', '3', '-I', 'vswitch0', '172.16.51.12'];

function options(def: CheckDefinition, extra: Partial<RunOptions> = {}): RunOptions {
  return {
    checks: [def.id], registry: (id: CheckId) => (id === def.id ? def : undefined), kb: kbEntry,
    timeoutSec: 5, hostTimeoutMs: 10_000, concurrency: 1, sampleSeconds: 0, probeSeconds: 1, signal: new AbortController().signal, ...extra,
  };
}

/** A check that sends the probe, marked active, and says what happened to it and what options it saw. */
function prober(seen: CheckOptions[]): CheckDefinition {
  return {
    id: 'ip-conflict',
    run: async (ctx) => {
      seen.push(ctx.options);
      const out = await ctx.run({ argv: PROBE, active: true, okExit: [0, 1] }, { optional: true });
      return { status: 'ok', message: said(out.failure ? `${out.failure.kind}: ${out.failure.message}` : `exit ${out.exitCode}`, '-') };
    },
  };
}

describe('the policy and active programs', () => {
  it('marks arping as the only program that sends packets', () => {
    expect(Object.entries(READ_ONLY_PROGRAMS).filter(([, r]) => r.active).map(([p]) => p)).toEqual(['arping']);
  });

  it('refuses arping without --active-probes, even when the check marked it active', () => {
    expect(refusalReason({ argv: PROBE, active: true })).toMatch(/sends packets on the network: only with --active-probes/);
    expect(() => prepare({ argv: PROBE, active: true }, { timeoutSec: 30 })).toThrow(RefusedCommand);
    expect(() => prepare({ argv: PROBE, active: true }, { timeoutSec: 30, allowActive: false })).toThrow(RefusedCommand);
  });

  it('refuses arping that its check did not mark active, even with --active-probes', () => {
    expect(refusalReason({ argv: PROBE }, { allowActive: true })).toMatch(/from a check that marks the command active/);
  });

  it('allows the marked probe when the run allows it, bounded by timeout(1) like any other command', () => {
    expect(prepare({ argv: PROBE, active: true }, { timeoutSec: 30, allowActive: true }).wire).toBe(
      'LC_ALL=C timeout -k 2 30 arping -D -c 2 -w 3 -I vswitch0 172.16.51.12 </dev/null',
    );
  });

  it("explains in the rule's why that a duplicate-address probe changes nothing on the host or its neighbours", () => {
    const why = READ_ONLY_PROGRAMS.arping!.why;
    for (const fact of ['0.0.0.0', 'RFC 5227', '--active-probes', '-U', '-A']) expect(why.en).toContain(fact);
    for (const fact of ['0.0.0.0', 'RFC 5227', '--active-probes']) expect(why.zh).toContain(fact);
    expect(READ_ONLY_PROGRAMS.arping!.shape.en).toContain('only with --active-probes');
  });
});

describe('a run with and without --active-probes', () => {
  it('refuses the probe on the host session without the option, and tells the check it may not probe', async () => {
    const t = new FakeTransport({ [PROBE.join(' ')]: { stdout: 'ARPING 172.16.51.12 from 0.0.0.0 vswitch0\n' } });
    const seen: CheckOptions[] = [];
    const out = await runChecks([{ info: { name: 'cvknode12', address: '10.0.0.12', roles: ['vks'] }, transport: t }], options(prober(seen)));
    expect(renderMsg(out.results[0]!.message, 'en')).toMatch(/^refused: arping sends packets/);
    expect(t.calls).toEqual([]);
    expect(seen[0]!.activeProbes).toBeUndefined();
  });

  it('sends the probe with the option, and the check knows it may', async () => {
    const t = new FakeTransport({ [PROBE.join(' ')]: { stdout: 'ARPING 172.16.51.12 from 0.0.0.0 vswitch0\n' } });
    const seen: CheckOptions[] = [];
    const out = await runChecks([{ info: { name: 'cvknode12', address: '10.0.0.12', roles: ['vks'] }, transport: t }], options(prober(seen), { activeProbes: true }));
    expect(renderMsg(out.results[0]!.message, 'en')).toBe('exit 0');
    expect(t.calls).toEqual([PROBE.join(' ')]);
    expect(seen[0]!.activeProbes).toBe(true);
  });

  it('reads --active-probes from the command line, off by default, and documents it in both languages', async () => {
    expect(parseScanFlags({ host: ['h'] }).activeProbes).toBe(false);
    expect(parseScanFlags({ host: ['h'], activeProbes: true }).activeProbes).toBe(true);
    expect((await runCli(['scan', '--help'])).stdout).toContain('--active-probes');
    expect((await runCli(['scan', '--help', '--lang', 'zh'])).stdout).toContain('重复地址检测');
  });
});
