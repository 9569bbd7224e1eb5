import { connect, createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createSshTransport } from '../../src/transport/ssh/transport.js';
import { prep, sshOptions, startTestHost } from '../support/sim.js';

describe('ssh transport: channels', () => {
  it('backs off and lowers its channel limit when the server refuses sessions (MaxSessions)', async () => {
    const host = await startTestHost('sim-vks', { maxSessions: 2 });
    const t = createSshTransport(host.target(), sshOptions({ maxChannels: 6 }));
    try {
      const t0 = Date.now();
      const results = await Promise.all(Array.from({ length: 8 }, () => t.exec(prep(['uptime']), { timeoutMs: 15_000 })));
      expect(results.map((r) => r.exitCode)).toEqual(Array(8).fill(0));
      expect(results.every((r) => r.stdout.includes('load average'))).toBe(true);
      // Two at a time on the server, 300 ms each.
      expect(Date.now() - t0).toBeGreaterThanOrEqual(4 * 300 - 50);
      expect(host.sim.recorded.filter((c) => c.key === 'uptime')).toHaveLength(8);
      expect(host.sim.stats.refusedSessions).toBeGreaterThanOrEqual(1);
      expect(host.sim.stats.peakSessions).toBe(2);
    } finally {
      await t.close();
      await host.close();
    }
  });

  it('bounds a channel open that the server never answers by the deadline', async () => {
    const host = await startTestHost('sim-vks', { neverOpenSessions: true });
    const t = createSshTransport(host.target(), sshOptions());
    try {
      await t.connect();
      const r = await t.exec(prep(['uname', '-r']), { timeoutMs: 400 });
      expect(r.durationMs).toBeGreaterThanOrEqual(390);
      expect(r.durationMs).toBeLessThan(1500);
      expect(r.timedOut).toBe(true);
      expect(r.exitCode).toBeNull();
      expect(r.failure?.kind).toBe('transport');
      expect(r.failure?.message).toMatch(/did not open a channel within 0\.4s/);
      expect(host.sim.recorded).toHaveLength(0);
    } finally {
      await t.close();
      await host.close();
    }
  });
});

describe('ssh transport: losing the connection', () => {
  it('notices a silent network (keepalives unanswered) and fails the command in flight', async () => {
    const host = await startTestHost('sim-vks');
    // A TCP relay that can stop passing bytes without closing anything, like a dead switch port.
    let frozen = false;
    const sockets: Socket[] = [];
    const relay = createServer((inbound) => {
      const outbound = connect(host.sim.port, host.sim.address);
      sockets.push(inbound, outbound);
      inbound.on('data', (d) => frozen || outbound.write(d));
      outbound.on('data', (d) => frozen || inbound.write(d));
      inbound.on('error', () => outbound.destroy());
      outbound.on('error', () => inbound.destroy());
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const port = (relay.address() as { port: number }).port;
    const t = createSshTransport(
      host.target({ host: '127.0.0.1', port, hostKeyAlias: `[${host.sim.address}]:${host.sim.port}` }),
      sshOptions({ keepaliveIntervalMs: 100, keepaliveCountMax: 2 }),
    );
    try {
      await t.connect();
      const inflight = t.exec(prep(['df', '-P', '--', '/vms/blocked']), { timeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 200));
      frozen = true;
      const r = await inflight;
      expect(r.failure?.kind).toBe('transport');
      expect(r.failure?.message).toMatch(/lost \(Keepalive timeout\)/);
      expect(r.durationMs).toBeLessThan(3000);
      expect(r.stdout).toContain('Filesystem');
    } finally {
      await t.close();
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => relay.close(r));
      await host.close();
    }
  });

  it('gives up on a server that refuses every session', async () => {
    const host = await startTestHost('sim-vks', { maxSessions: 0 });
    const t = createSshTransport(host.target(), sshOptions());
    try {
      const r = await t.exec(prep(['uname', '-r']), { timeoutMs: 20_000 });
      expect(r.failure?.kind).toBe('transport');
      expect(r.failure?.message).toMatch(/cannot open an exec channel: \(SSH\) Channel open failure/);
      expect(r.timedOut).toBe(false);
      expect(host.sim.stats.refusedSessions).toBe(7);
    } finally {
      await t.close();
      await host.close();
    }
  });

  it('fails in-flight and later commands with a transport failure', async () => {
    const host = await startTestHost('sim-vks');
    const t = createSshTransport(host.target(), sshOptions());
    try {
      await t.connect();
      const inflight = t.exec(prep(['df', '-P', '--', '/vms/blocked']), { timeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 200));
      await host.sim.close();
      const r = await inflight;
      expect(r.failure?.kind).toBe('transport');
      expect(r.failure?.message).toMatch(/connection to root@127\.0\.0\.31:\d+ lost/);
      expect(r.stdout).toContain('Filesystem');
      expect(r.timedOut).toBe(false);
      const later = await t.exec(prep(['uname', '-r']), { timeoutMs: 5000 });
      expect(later.failure?.kind).toBe('transport');
      expect(later.failure?.message).toMatch(/lost/);
    } finally {
      await t.close();
      await host.close();
    }
  });

  it('close() ends commands in flight and refuses later ones', async () => {
    const host = await startTestHost('sim-vks');
    const t = createSshTransport(host.target(), sshOptions());
    try {
      const inflight = t.exec(prep(['df', '-P', '--', '/vms/blocked']), { timeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 300));
      await t.close();
      const r = await inflight;
      expect(r.failure?.kind).toBe('transport');
      expect(r.failure?.message).toMatch(/closed/);
      const later = await t.exec(prep(['uname', '-r']), { timeoutMs: 5000 });
      expect(later.failure).toMatchObject({ kind: 'transport', message: expect.stringMatching(/closed/) });
    } finally {
      await host.close();
    }
  });
});
