/**
 * An `ok` is earned: the engine keeps a check from calling healthy what it
 * could not read, keeps finished findings when a run is cut short, gives up
 * on a stuck host at once, lets leads run on the caller's budget, and keeps
 * image checks from holding every channel.
 */
import { describe, expect, it } from 'vitest';
import { said } from '../support/said.js';
import { runChecks, type RunOptions } from '../../src/engine/runner.js';
import type { CheckDefinition } from '../../src/engine/types.js';
import { renderMsg } from '../../src/i18n/message.js';
import type { CheckId } from '../../src/kb/catalog.js';
import { kbEntry } from '../../src/kb/index.js';
import { cmd, type Command } from '../../src/transport/command.js';
import { FakeTransport } from '../support/fake-transport.js';

function options(defs: CheckDefinition[], extra: Partial<RunOptions> = {}): RunOptions {
  return {
    checks: defs.map((d) => d.id),
    registry: (id: CheckId) => defs.find((d) => d.id === id),
    kb: kbEntry,
    timeoutSec: 5,
    hostTimeoutMs: 10_000,
    concurrency: 4,
    sampleSeconds: 0,
    probeSeconds: 1,
    signal: new AbortController().signal,
    ...extra,
  };
}

const vks = (name: string, address = `10.0.0.${name.length}`) => ({ name, address, roles: ['vks' as const] });
const LOG = cmd('tail', '-c', '1M', '/var/log/syslog');
const DATE = cmd('date', '+%s');
const en = (r: { message: Parameters<typeof renderMsg>[0] }) => renderMsg(r.message, 'en');

/** A check that finds nothing in whatever it reads and says so: the kind that used to pass for healthy. */
function findsNothing(id: CheckId, reads: Command[], optional: Command[] = []): CheckDefinition {
  return {
    id,
    run: async (ctx) => {
      for (const c of reads) await ctx.run(c);
      for (const c of optional) await ctx.run(c, { optional: true });
      return { status: 'ok', message: said('Nothing logged.', '无记录。') };
    },
  };
}

describe('an ok is earned', () => {
  it('turns an ok over a log that could not be read into unknown, naming the read', async () => {
    const t = new FakeTransport({ 'tail -c 1M /var/log/syslog': { stderr: "tail: cannot open '/var/log/syslog' for reading: Permission denied\n", exit: 1 } });
    const out = await runChecks([{ info: vks('a'), transport: t }], options([findsNothing('storage-fence', [LOG])]));
    const r = out.results[0]!;
    expect(r.status).toBe('unknown');
    expect(r.message).toMatchObject({ scope: 'engine', id: 'readsFailed' });
    expect(en(r)).toContain('"tail -c 1M /var/log/syslog" failed on a: tail: cannot open \'/var/log/syslog\' for reading: Permission denied');
    expect(r.evidence[0]).toMatchObject({ host: 'a', command: 'tail -c 1M /var/log/syslog' });
    expect(r.reads).toEqual([{ host: 'a', command: 'tail -c 1M /var/log/syslog', state: 'failed', optional: false }]);
  });

  it.each([
    ['Input/output error', "tail: error reading '/var/log/syslog': Input/output error\n", 1],
    ['a timeout', '', 124],
  ])('does the same for %s', async (_what, stderr, exit) => {
    const t = new FakeTransport({ 'tail -c 1M /var/log/syslog': exit === 124 ? { hang: true } : { stderr, exit } });
    const out = await runChecks([{ info: vks('a'), transport: t }], options([findsNothing('storage-fence', [LOG])], { timeoutSec: 1 }));
    expect(out.results[0]!.status).toBe('unknown');
  });

  it('keeps an ok when the only failure was "No such file or directory" (the log is absent)', async () => {
    const t = new FakeTransport({ 'tail -c 1M /var/log/syslog': { stderr: "tail: cannot open '/var/log/syslog' for reading: No such file or directory\n", exit: 1 } });
    const out = await runChecks([{ info: vks('a'), transport: t }], options([findsNothing('storage-fence', [LOG])]));
    expect(out.results[0]!.status).toBe('ok');
    expect(out.results[0]!.reads[0]!.state).toBe('absent');
  });

  it('keeps an ok over a failed read the check declared optional', async () => {
    const t = new FakeTransport({ 'date +%s': { stderr: 'date: something odd\n', exit: 1 }, 'tail -c 1M /var/log/syslog': {} });
    const out = await runChecks([{ info: vks('a'), transport: t }], options([findsNothing('storage-fence', [LOG], [DATE])]));
    expect(out.results[0]!.status).toBe('ok');
  });

  it('keeps a need declared optional optional when the run reads it again', async () => {
    const t = new FakeTransport({ 'date +%s': { stderr: 'date: odd\n', exit: 1 } });
    const def: CheckDefinition = {
      id: 'storage-fence',
      needs: [{ command: DATE, optional: true }],
      run: async (ctx) => {
        await ctx.run(DATE);
        return { status: 'ok', message: said('fine', '正常') };
      },
    };
    const out = await runChecks([{ info: vks('a'), transport: t }], options([def]));
    expect(out.results[0]!.status).toBe('ok');
  });

  it('turns a not-applicable skip over failed reads into unknown', async () => {
    const def: CheckDefinition = {
      id: 'storage-blocked',
      run: async (ctx) => {
        await ctx.run(cmd('mount'));
        return { status: 'skipped', skipReason: 'not-applicable', message: said('No OCFS2 pool.', '无 OCFS2 存储池。') };
      },
    };
    const out = await runChecks([{ info: vks('a'), transport: new FakeTransport({ mount: { hang: true } }) }], options([def], { timeoutSec: 1 }));
    expect(out.results[0]).toMatchObject({ status: 'unknown', message: { id: 'readsFailed' } });
  });

  it('counts the reads a check made on a peer host', async () => {
    const def: CheckDefinition = {
      id: 'storage-blocked',
      run: async (ctx) => {
        if (ctx.host.name === 'a') await ctx.peer({ name: 'b' })!.run(LOG);
        return { status: 'ok', message: said('ok', 'ok') };
      },
    };
    const b = new FakeTransport({ 'tail -c 1M /var/log/syslog': { stderr: 'tail: Permission denied\n', exit: 1 } });
    const out = await runChecks([{ info: vks('a'), transport: new FakeTransport({}) }, { info: vks('b', '10.0.0.9'), transport: b }], options([def]));
    expect(out.results.map((r) => [r.host, r.status])).toEqual([['a', 'unknown'], ['b', 'ok']]);
  });
});

describe('a run cut short', () => {
  it('keeps a finding that finished, and says why the unfinished check has none', async () => {
    const controller = new AbortController();
    const finds: CheckDefinition = {
      id: 'storage-fence',
      run: async (ctx) => {
        await ctx.run(LOG);
        await ctx.sleep(10_000);
        return { status: 'warn', message: said('A fence restart is recorded.', '有 fence 重启记录。') };
      },
    };
    const waits: CheckDefinition = { id: 'storage-blocked', run: async (ctx) => (await ctx.run(cmd('mount')), { status: 'ok', message: said('ok', 'ok') }) };
    const t = new FakeTransport({ 'tail -c 1M /var/log/syslog': { stdout: 'fence\n' }, mount: { hang: true } });
    setTimeout(() => controller.abort('interrupted'), 150);
    const out = await runChecks([{ info: vks('a'), transport: t }], options([finds, waits], { signal: controller.signal }));
    expect(out.interrupted).toBe(true);
    expect(out.results.map((r) => [r.check, r.status, renderMsg(r.message, 'en')])).toEqual([
      ['storage-fence', 'warn', 'A fence restart is recorded.'],
      ['storage-blocked', 'error', 'Interrupted before this check finished.'],
    ]);
  });
});

describe('a stuck host', () => {
  it('is given up once its first commands of two programs time out with none finished: one reason, no more commands', async () => {
    const defs: CheckDefinition[] = (['storage-blocked', 'storage-fence', 'multipath-wwid'] as const).map((id, i) => ({
      id,
      run: async (ctx) => {
        const a = await ctx.run(cmd(...[['mount'], ['multipath', '-ll'], ['uptime']][i]!));
        const b = await ctx.run(cmd('uname', '-a'));
        return a.exitCode === 0 && b.exitCode === 0 ? { status: 'ok', message: said('ok', 'ok') } : { status: 'unknown', message: said('x', 'x') };
      },
    }));
    const stuck = new FakeTransport({ mount: { hang: true }, 'multipath -ll': { hang: true }, uptime: { hang: true }, 'uname -a': { hang: true } });
    const t0 = Date.now();
    const out = await runChecks([{ info: vks('stuck'), transport: stuck }], options(defs, { timeoutSec: 1 }));
    // one client deadline (timeout + 3 s grace), not one per check: follow-ups that slipped out are given up at once
    expect(Date.now() - t0).toBeLessThan(4900);
    expect(out.hosts[0]).toMatchObject({ problem: 'stuck' });
    expect(out.hosts[0]!.error).toMatch(/^connected, but commands do not finish: (\d) of \1 timed out after 1 s$/);
    expect(out.results.map((r) => [r.status, r.message.id])).toEqual(Array(3).fill(['error', 'hostStuck']));
  });

  it('is not stuck when one program hangs while others answer (a hung libvirtd is a finding, not a dead host)', async () => {
    const def: CheckDefinition = {
      id: 'storage-blocked',
      run: async (ctx) => {
        const [v, m] = await Promise.all([ctx.run(cmd('virsh', '-r', 'list', '--all')), ctx.run(cmd('mount'))]);
        return { status: v.timedOut && m.exitCode === 0 ? 'warn' : 'ok', message: said('virsh hangs', 'virsh 卡住') };
      },
    };
    const out = await runChecks([{ info: vks('a'), transport: new FakeTransport({ 'virsh -r list --all': { hang: true }, mount: {} }) }], options([def], { timeoutSec: 1 }));
    expect(out.hosts[0]!.problem).toBeUndefined();
    expect(out.results[0]!.status).toBe('warn');
  });
});

describe('leads and budgets', () => {
  it('runs a lead into a host scanned in an earlier wave under the caller\'s budget', async () => {
    const def: CheckDefinition = {
      id: 'storage-blocked',
      run: async (ctx) => {
        if (ctx.host.name === 'b') return { status: 'ok', message: said('b', 'b') };
        const r = await ctx.peer({ name: 'b' })!.run(cmd('mount'));
        return r.exitCode === 0 ? { status: 'ok', message: said('lead answered', '线索已回答') } : { status: 'unknown', message: said(r.failure?.message ?? '?', '?') };
      },
    };
    const slowA = new FakeTransport({ 'uname -r': { delayMs: 400 } });
    const slow: CheckDefinition = { id: 'storage-fence', run: async (ctx) => (await ctx.run(cmd('uname', '-r')), { status: 'ok', message: said('slow', 'slow') }) };
    // b first and alone (concurrency 1); its budget (300 ms) is long spent when a, scanned second, follows a lead into it
    const out = await runChecks(
      [{ info: vks('b', '10.0.0.2'), transport: new FakeTransport({ mount: {}, 'uname -r': { delayMs: 400 } }) }, { info: vks('a', '10.0.0.1'), transport: slowA }],
      options([def, slow], { concurrency: 1, hostTimeoutMs: 300 }),
    );
    expect(renderMsg(out.results.find((r) => r.host === 'a' && r.check === 'storage-blocked')!.message, 'en')).toBe('lead answered');
  });

  it('runs at most two image checks at once on a host', async () => {
    const images = Array.from({ length: 6 }, (_, i) => `/vms/pool/vm${i}.qcow2`);
    const answers = Object.fromEntries(images.map((p) => [`qemu-img check -U -- ${p}`, { delayMs: 60 }]));
    const t = new FakeTransport(answers);
    const def: CheckDefinition = {
      id: 'qcow2-corrupt',
      run: async (ctx) => {
        await Promise.all(images.map((p) => ctx.run({ argv: ['qemu-img', 'check', '-U', '--', p], kind: 'image-check' })));
        return { status: 'ok', message: said('ok', 'ok') };
      },
    };
    await runChecks([{ info: vks('a'), transport: t }], options([def], { imageTimeoutSec: 240 }));
    expect(t.calls).toHaveLength(6);
    expect(t.peak.get('qemu-img')).toBe(2);
    // --image-timeout bounds them on the host; nothing else gets that long
    expect(t.prepared.map((p) => p.hostTimeoutSec)).toEqual(Array(6).fill(240));
    expect(t.prepared[0]!.wire).toMatch(/^LC_ALL=C timeout -k 2 240 qemu-img check /);
  });

  it('bounds every other command by --timeout and probes by --probe-timeout, whatever a check asks', async () => {
    const t = new FakeTransport({ mount: {}, 'df -P -- /vms/a': {} });
    const def: CheckDefinition = {
      id: 'storage-blocked',
      run: async (ctx) => {
        await ctx.run({ argv: ['mount'], timeoutSec: 3000 });
        await ctx.run({ argv: ['df', '-P', '--', '/vms/a'], kind: 'probe', probes: '/vms/a' });
        return { status: 'ok', message: said('ok', 'ok') };
      },
    };
    await runChecks([{ info: vks('a'), transport: t }], options([def], { timeoutSec: 7, probeSeconds: 2 }));
    expect(t.prepared.map((p) => [p.key, p.hostTimeoutSec])).toEqual([['mount', 7], ['df -P -- /vms/a', 2]]);
  });
});

describe('findings of other checks', () => {
  it('runs the other check once per host, selected or not, and shares its verdict', async () => {
    const t = new FakeTransport({ mount: { stdout: 'x' } });
    let runsOfBlocked = 0;
    const blocked: CheckDefinition = {
      id: 'storage-blocked',
      run: async (ctx) => {
        runsOfBlocked++;
        await ctx.run(cmd('mount'));
        return { status: 'fail', message: said('pool blocked', '存储池阻塞'), data: { pool: '/vms/a' } };
      },
    };
    const stuckVm: CheckDefinition = {
      id: 'vm-stuck',
      run: async (ctx) => {
        const f = await ctx.finding('storage-blocked');
        return { status: 'warn', message: said(`frozen: ${(f.data as { pool: string }).pool} ${f.status}`, 'x') };
      },
    };
    const alone = await runChecks([{ info: vks('a'), transport: t }], { ...options([blocked, stuckVm]), checks: ['vm-stuck'] });
    expect(alone.results.map((r) => [r.check, renderMsg(r.message, 'en')])).toEqual([['vm-stuck', 'frozen: /vms/a fail']]);
    const both = await runChecks([{ info: vks('a'), transport: t }], options([blocked, stuckVm]));
    expect(both.results.map((r) => r.status)).toEqual(['fail', 'warn']);
    expect(runsOfBlocked).toBe(2);
  });

  it('refuses a circle of checks waiting for each other, instead of hanging', async () => {
    const a: CheckDefinition = { id: 'ui-hang', run: async (ctx) => ctx.finding('vm-stuck') };
    const b: CheckDefinition = { id: 'vm-stuck', run: async (ctx) => ctx.finding('ui-hang') };
    const out = await runChecks([{ info: { ...vks('a'), roles: ['vks', 'vms'] as const }, transport: new FakeTransport({}) }], options([a, b]));
    expect(out.results.map((r) => [r.status, r.message.id])).toEqual([['error', 'findingCycle'], ['error', 'findingCycle']]);
  });
});
