/**
 * The host session with --sudo: the preflight runs before anything else,
 * every command goes out wrapped, and a sudo refusal in a later command's
 * answer is a failed read, never an empty output.
 */
import { describe, expect, it } from 'vitest';
import { HostSession } from '../../src/engine/host-session.js';
import { SUDO_PREFIX } from '../../src/transport/policy.js';
import { FakeTransport } from '../support/fake-transport.js';

const session = (t: FakeTransport, sudo = true) => new HostSession({ name: 'h', address: 'h', roles: ['vks'], sudo }, t, {
  limits: { defaultSec: 30, probeSec: 2, imageSec: 180 },
  hostTimeoutMs: 10_000,
  signal: new AbortController().signal,
});

describe('HostSession with sudo', () => {
  it('runs the preflight first and wraps every command', async () => {
    const t = new FakeTransport({ 'id -u': { stdout: '0\n' }, 'multipath -ll': { stdout: 'mpatha\n' } });
    const s = session(t);
    expect(await s.connect()).toBeUndefined();
    const out = await s.run({ argv: ['multipath', '-ll'] });
    expect(out.stdout).toBe('mpatha\n');
    expect(t.calls).toEqual(['id -u', 'multipath -ll']);
    expect(t.prepared.every((p) => p.wire.startsWith(SUDO_PREFIX) && p.sudo === true)).toBe(true);
  });

  it('a preflight that is not root is a host error, before any check command', async () => {
    const t = new FakeTransport({ 'id -u': { stdout: '1000\n' } });
    const err = await session(t).connect();
    expect(err?.kind).toBe('sudo');
    expect(err?.message).toBe('sudo -n did not run the commands as root (id -u printed "1000")');
  });

  it('a later refusal is a failed read with sudo\'s words, not an empty output', async () => {
    const t = new FakeTransport({ 'id -u': { stdout: '0\n' }, 'multipath -ll': { stderr: 'sudo: a password is required\n', exit: 1 } });
    const out = await session(t).run({ argv: ['multipath', '-ll'] });
    expect(out.failure).toEqual({ kind: 'refused', message: 'sudo -n refused: sudo: a password is required' });
    expect(out.read.kind).toBe('failed');
  });

  it('without sudo: no preflight, nothing wrapped', async () => {
    const t = new FakeTransport({ 'multipath -ll': { stdout: 'x\n' } });
    await session(t, false).run({ argv: ['multipath', '-ll'] });
    expect(t.calls).toEqual(['multipath -ll']);
    expect(t.prepared[0]!.wire.startsWith('LC_ALL=C timeout')).toBe(true);
  });
});
