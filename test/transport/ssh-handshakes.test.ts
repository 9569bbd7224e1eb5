/** --max-handshakes: SSH handshakes of a scan share one bound; the wait for a turn is not the connect timeout's. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Semaphore } from '../../src/transport/semaphore.js';
import { createSshTransport } from '../../src/transport/ssh/transport.js';
import { prep, sshOptions, startTestHost, type TestHost } from '../support/sim.js';

let host: TestHost;
beforeAll(async () => {
  host = await startTestHost('sim-vks');
});
afterAll(() => host.close());

class CountingSemaphore extends Semaphore {
  peak = 0;
  taken = 0;
  override acquire(signal: AbortSignal, first = false) {
    return super.acquire(signal, first).then((release) => {
      this.taken++;
      this.peak = Math.max(this.peak, this.inUse);
      return release;
    });
  }
}

describe('ssh handshakes', () => {
  it('runs at most --max-handshakes handshakes at once across transports, and every one connects', async () => {
    const handshakes = new CountingSemaphore(1);
    const transports = Array.from({ length: 4 }, () => createSshTransport(host.target(), sshOptions({ handshakes })));
    try {
      await Promise.all(transports.map((t) => t.connect()));
      const outs = await Promise.all(transports.map((t) => t.exec(prep(['hostname']), { timeoutMs: 5000 })));
      expect(outs.map((o) => o.failure)).toEqual([undefined, undefined, undefined, undefined]);
      expect(handshakes.taken).toBe(4);
      expect(handshakes.peak).toBe(1);
      expect(handshakes.inUse).toBe(0);
    } finally {
      await Promise.all(transports.map((t) => t.close()));
    }
  });
});
