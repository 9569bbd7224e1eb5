/**
 * The df probe's "hung" comes from the host (timeout(1)'s exit 124), never
 * from usdiag's own timer, which fires late when the client's event loop is
 * saturated. Real SSH to a simulated host that shares this process's event
 * loop: right after the host answered a probe (answer on the socket, not yet
 * read), the loop is blocked for longer than the client's whole deadline
 * (a relay in between hands the answer to the client's socket first).
 */
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDefinition } from '../../checks/index.js';
import { CLIENT_GRACE_MS } from '../../src/engine/host-session.js';
import { runChecks, type RunOptions } from '../../src/engine/runner.js';
import { kbEntry } from '../../src/kb/index.js';
import { createReplayTransport } from '../../src/transport/replay.js';
import { createSshTransport } from '../../src/transport/ssh/transport.js';
import type { Transport } from '../../src/transport/types.js';
import { loadHostCapture } from '../../src/capture/layout.js';
import { hostDir } from '../support/fixture-run.js';
import { sshOptions, startTestHost, type TestHost } from '../support/sim.js';

const PROBE_SECONDS = 1;

function options(extra: Partial<RunOptions> = {}): RunOptions {
  return {
    checks: ['storage-blocked'],
    registry: checkDefinition,
    kb: kbEntry,
    timeoutSec: 30,
    hostTimeoutMs: 60_000,
    concurrency: 4,
    sampleSeconds: 1,
    probeSeconds: PROBE_SECONDS,
    signal: new AbortController().signal,
    ...extra,
  };
}

function blockFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // a saturated client: nothing else runs, no socket is read, every timer comes due
  }
}

/** A TCP relay to host:port; `afterToClient` runs right after each chunk from the host was written to the client. */
async function startRelay(address: string, port: number, afterToClient: () => void): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(port, address);
    sockets.add(client).add(upstream);
    client.on('data', (c) => upstream.write(c));
    upstream.on('data', (c) => {
      client.write(c);
      afterToClient();
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, address, r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

let host: TestHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

describe('storage-blocked on a saturated client', () => {
  it('does not call a pool blocked when the host answered its df in time but the client read it late', async () => {
    let armed = false;
    let blocked = 0;
    host = await startTestHost(hostDir('vks-healthy'), {
      // once, for the first probe: the answer is on its way to the client
      onAnswered: (wire) => {
        if (wire.includes('df -P -- /vms/') && blocked === 0) armed = true;
      },
    });
    // A relay between client and host: it hands the probe's answer to the client's socket, then
    // blocks the loop for longer than the client's probe deadline (limit + grace), as a client
    // busy with hundreds of hosts would. The timers come due before the socket is read.
    const relay = await startRelay(host.sim.address, host.sim.port, () => {
      if (!armed) return;
      armed = false;
      blocked++;
      blockFor(PROBE_SECONDS * 1000 + CLIENT_GRACE_MS + 1500);
    });
    try {
      const target = host.target({ port: relay.port, hostKeyAlias: `[${host.sim.address}]:${host.sim.port}` });
      const transport: Transport = createSshTransport(target, sshOptions());
      const info = { name: host.sim.name, address: '172.16.51.11', roles: ['vks' as const] };
      const out = await runChecks([{ info, transport }], options());
      expect(blocked).toBe(1);
      const r = out.results[0]!;
      const df = r.reads.filter((x) => x.command.startsWith('df -P -- /vms/'));
      expect(df).toHaveLength(2);
      expect(r.status).not.toBe('fail');
      expect(r.status).not.toBe('warn');
      // the answer already there is read before the safety net gives up: the pools are healthy
      expect(r.status).toBe('ok');
    } finally {
      await relay.close();
    }
  });

  it('makes a probe that only the client timer ended unknown, and one timeout(1) ended blocked', async () => {
    const cap = loadHostCapture(hostDir('vks-healthy'));
    const replay = createReplayTransport(cap);
    const clientExpired = (exitCode: number | null): Transport => ({
      kind: 'test',
      connect: () => replay.connect(),
      close: () => replay.close(),
      async exec(cmd, o) {
        if (!cmd.key.startsWith('df -P -- /vms/')) return replay.exec(cmd, o);
        const base = await replay.exec(cmd, o);
        return exitCode === null
          ? { ...base, stdout: '', exitCode: null, timedOut: true, timedOutBy: 'client', durationMs: 4000 }
          : { ...base, stdout: '', exitCode, timedOut: true, timedOutBy: 'host', durationMs: 1000 };
      },
    });
    const info = { name: 'cvknode11', address: '172.16.51.11', roles: ['vks' as const] };
    const late = await runChecks([{ info, transport: clientExpired(null) }], options({ sampleSeconds: 0 }));
    expect(late.results[0]!.status).toBe('unknown');
    const hung = await runChecks([{ info, transport: clientExpired(124) }], options({ sampleSeconds: 0 }));
    expect(hung.results[0]!.status).toBe('fail');
  });
});
