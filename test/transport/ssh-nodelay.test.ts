/**
 * Both ends of every SSH connection turn Nagle's algorithm off: each command
 * is a small request and a small answer, and with Nagle on each would wait
 * for a delayed ACK (tens of ms a command, hundreds per host).
 */
import { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSshTransport } from '../../src/transport/ssh/transport.js';
import { prep, sshOptions, startTestHost } from '../support/sim.js';

afterEach(() => vi.restoreAllMocks());

describe('TCP_NODELAY', () => {
  it('is set on the client socket and on the simulated server socket', async () => {
    const calls: { local: number | undefined; remote: number | undefined; on: boolean | undefined }[] = [];
    const original = Socket.prototype.setNoDelay;
    vi.spyOn(Socket.prototype, 'setNoDelay').mockImplementation(function (this: Socket, on?: boolean) {
      calls.push({ local: this.localPort, remote: this.remotePort, on });
      return original.call(this, on);
    });
    const host = await startTestHost('sim-vks');
    const t = createSshTransport(host.target(), sshOptions());
    try {
      await t.connect();
      expect((await t.exec(prep(['hostname']), { timeoutMs: 5000 })).stdout).toBe('cvknode31\n');
      // the client's socket talks to the server's port; the server's socket is the one accepted on it
      expect(calls.some((c) => c.remote === host.sim.port && c.on === true)).toBe(true);
      expect(calls.some((c) => c.local === host.sim.port && c.on === true)).toBe(true);
    } finally {
      await t.close();
      await host.close();
    }
  });
});
