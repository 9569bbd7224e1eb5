import { describe, expect, it } from 'vitest';
import { renderMsg } from '../../src/i18n/message.js';
import { said } from '../support/said.js';
import { runChecks, type RunOptions } from '../../src/engine/runner.js';
import type { CheckDefinition } from '../../src/engine/types.js';
import type { CheckId } from '../../src/kb/catalog.js';
import { kbEntry } from '../../src/kb/index.js';
import { cmd } from '../../src/transport/command.js';
import { TransportError } from '../../src/transport/types.js';
import { FakeTransport } from '../support/fake-transport.js';

const UNAME = cmd('uname', '-r');

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

const vks = (name: string) => ({ name, address: `10.0.0.${name.length}`, roles: ['vks' as const] });

describe('runner', () => {
  it('runs each distinct command once per host, shared between checks', async () => {
    const t = new FakeTransport({ 'uname -r': { stdout: '5.4.0\n' } });
    const reader = (id: CheckId): CheckDefinition => ({
      id,
      run: async (ctx) => {
        const r = await ctx.run(UNAME);
        return { status: 'ok', message: said(r.stdout.trim(), r.stdout.trim()) };
      },
    });
    const out = await runChecks([{ info: vks('a'), transport: t }], options([reader('storage-blocked'), reader('multipath-wwid')]));
    expect(t.calls).toEqual(['uname -r']);
    expect(out.results.map((r) => [r.check, r.status, renderMsg(r.message, 'en')])).toEqual([
      ['storage-blocked', 'ok', '5.4.0'],
      ['multipath-wwid', 'ok', '5.4.0'],
    ]);
    expect(t.closed).toBe(true);
  });

  it('turns a check that throws into an error for that check only', async () => {
    const boom: CheckDefinition = { id: 'storage-blocked', run: async () => { throw new Error('parser exploded'); } };
    const fine: CheckDefinition = { id: 'multipath-wwid', run: async () => ({ status: 'ok', message: said('fine', '正常') }) };
    const out = await runChecks([{ info: vks('a'), transport: new FakeTransport({}) }], options([boom, fine]));
    expect(out.results.map((r) => [r.check, r.status])).toEqual([['storage-blocked', 'error'], ['multipath-wwid', 'ok']]);
    expect(renderMsg(out.results[0]!.message, 'en')).toBe('The check failed internally: parser exploded');
  });

  it('reports an unreachable host as error results, and the other hosts as usual', async () => {
    const def: CheckDefinition = { id: 'storage-blocked', run: async () => ({ status: 'ok', message: said('fine', '正常') }) };
    const down = new FakeTransport({}, new TransportError('unreachable', 'root@10.0.0.4:22: connection refused'));
    const out = await runChecks([{ info: vks('down'), transport: down }, { info: vks('up'), transport: new FakeTransport({}) }], options([def]));
    expect(out.results.map((r) => [r.host, r.status, renderMsg(r.message, 'en')])).toEqual([
      ['down', 'error', 'root@10.0.0.4:22: connection refused'],
      ['up', 'ok', 'fine'],
    ]);
    expect(out.hosts.find((h) => h.name === 'down')!.error).toBe('root@10.0.0.4:22: connection refused');
  });

  it('keeps the checks of an unreachable host that would not have run anyway as skips, not errors', async () => {
    const def: CheckDefinition = { id: 'storage-blocked', run: async () => ({ status: 'ok', message: said('fine', '正常') }) };
    const down = new FakeTransport({}, new TransportError('unreachable', 'root@10.0.0.4:22: connection refused'));
    // ui-login has no module: an unreachable host does not make it an error; vm-stuck's role is not the host's
    const out = await runChecks([{ info: { name: 'down', address: '10.0.0.4', roles: [] }, transport: down }], {
      ...options([def]),
      checks: ['storage-blocked', 'ui-login', 'host-no-boot-device'],
    });
    expect(out.results.map((r) => [r.check, r.status, r.skipReason])).toEqual([
      ['storage-blocked', 'error', undefined],
      ['ui-login', 'skipped', 'not-automated'],
      ['host-no-boot-device', 'skipped', 'guide'],
    ]);
  });

  it('passes a verdict\'s incident link to its record, and drops it from an ok', async () => {
    const incident = { key: 'k', kind: 'storage-lock', culprit: { host: 'a', pid: 1 }, role: 'root' as const };
    const warn: CheckDefinition = { id: 'storage-blocked', run: async () => ({ status: 'warn', message: said('w', 'w'), incident }) };
    const ok: CheckDefinition = { id: 'multipath-wwid', run: async () => ({ status: 'ok', message: said('o', 'o'), incident }) };
    const out = await runChecks([{ info: vks('a'), transport: new FakeTransport({}) }], options([warn, ok]));
    expect(out.results.map((r) => r.incident)).toEqual([incident, undefined]);
  });

  it('never sends a refused command, and tells the check why', async () => {
    const t = new FakeTransport({});
    const def: CheckDefinition = {
      id: 'storage-blocked',
      run: async (ctx) => {
        const r = await ctx.run(cmd('qemu-img', 'check', '-r', 'all', '/vms/a.qcow2'));
        return { status: 'unknown', message: said(r.failure!.kind, r.failure!.message) };
      },
    };
    const out = await runChecks([{ info: vks('a'), transport: t }], options([def]));
    expect(t.calls).toEqual([]);
    expect(renderMsg(out.results[0]!.message, 'en')).toBe('refused');
  });

  it('ends a wedged host at its deadline while the others finish', async () => {
    const wedged = new FakeTransport({ 'uname -r': { hang: true } });
    const def: CheckDefinition = {
      id: 'storage-blocked',
      run: async (ctx) => {
        const r = await ctx.run(UNAME);
        return r.exitCode === 0 ? { status: 'ok', message: said('ok', 'ok') } : { status: 'unknown', message: said(r.failure?.message ?? 'timeout', '超时') };
      },
    };
    const t0 = Date.now();
    const out = await runChecks(
      [{ info: vks('wedged'), transport: wedged }, { info: vks('fine'), transport: new FakeTransport({ 'uname -r': { stdout: 'x' } }) }],
      options([def], { hostTimeoutMs: 300 }),
    );
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(out.results.map((r) => [r.host, r.status, renderMsg(r.message, 'en')])).toEqual([
      ['wedged', 'error', "The host's time budget (--host-timeout) ran out before this check finished."],
      ['fine', 'ok', 'ok'],
    ]);
  });

  it('stops on interrupt and still returns what it has', async () => {
    const controller = new AbortController();
    const def: CheckDefinition = {
      id: 'storage-blocked',
      run: async (ctx) => {
        const r = await ctx.run(UNAME);
        return r.exitCode === 0 ? { status: 'ok', message: said('ok', 'ok') } : { status: 'unknown', message: said('x', 'x') };
      },
    };
    const slow = new FakeTransport({ 'uname -r': { hang: true } });
    setTimeout(() => controller.abort(), 100);
    const out = await runChecks([{ info: vks('a'), transport: slow }, { info: vks('b'), transport: slow }], options([def], { signal: controller.signal, concurrency: 1 }));
    expect(out.interrupted).toBe(true);
    expect(out.results.map((r) => [r.host, r.status, renderMsg(r.message, 'en')])).toEqual([
      ['a', 'error', 'Interrupted before this check finished.'],
      ['b', 'error', 'Interrupted before this check finished.'],
    ]);
  });

  it('detects roles from the processes a host runs, and skips checks of other roles', async () => {
    const t = new FakeTransport({ 'ps -e -o comm=': { stdout: 'systemd\nmysqld\njava\nbeam.smp\n' } });
    const def: CheckDefinition = { id: 'storage-blocked', run: async () => ({ status: 'ok', message: said('ran', 'ran') }) };
    const out = await runChecks([{ info: { name: 'vms01', address: '10.0.0.2', roles: [] }, transport: t }], options([def]));
    expect(out.hosts[0]).toMatchObject({ roles: ['vms'], roleSource: 'detected' });
    expect(out.results[0]).toMatchObject({ status: 'skipped', skipReason: 'role' });
    expect(renderMsg(out.results[0]!.message, 'en')).toBe('Applies to vks hosts; this host is vms.');
  });

  it('runs every check when the role cannot be detected, and says so on an ok', async () => {
    const t = new FakeTransport({ 'ps -e -o comm=': { stdout: 'systemd\nsshd\n' } });
    const def: CheckDefinition = { id: 'storage-blocked', run: async () => ({ status: 'ok', message: said('fine', '正常') }) };
    const out = await runChecks([{ info: { name: 'h', address: '10.0.0.9', roles: [] }, transport: t }], options([def]));
    expect(out.hosts[0]!.roleSource).toBe('undetected');
    expect(renderMsg(out.results[0]!.message, 'en')).toBe('fine (host role not detected)');
  });

  it('reports guide-only entries as skipped with the guide recovery, never ok', async () => {
    const out = await runChecks([{ info: vks('a'), transport: new FakeTransport({}) }], { ...options([]), checks: ['host-no-boot-device'] });
    const r = out.results[0]!;
    expect(r).toMatchObject({ status: 'skipped', skipReason: 'guide' });
    expect(r.recovery.length).toBeGreaterThan(0);
  });

  it('reports a catalogue check that is not automated as skipped, not ok', async () => {
    const out = await runChecks([{ info: vks('a'), transport: new FakeTransport({}) }], { ...options([]), checks: ['usb-device'] });
    expect(out.results[0]).toMatchObject({ status: 'skipped', skipReason: 'not-automated' });
  });
});

describe('runner: recovery shown only where it helps', () => {
  it('gives a not-applicable skip no recovery steps', async () => {
    const def: CheckDefinition = { id: 'storage-blocked', run: async () => ({ status: 'skipped', skipReason: 'not-applicable', message: said('no pools', '无存储池') }) };
    const out = await runChecks([{ info: vks('a'), transport: new FakeTransport({}) }], options([def]));
    expect(out.results[0]!.recovery).toEqual([]);
  });
});
