import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimHost } from '../../src/sim/sim-host.js';
import type { SimHost } from '../../src/sim/types.js';
import { createSshTransport } from '../../src/transport/ssh/transport.js';
import type { SshTarget } from '../../src/transport/ssh/types.js';
import { prep, sshOptions, tempDir, testHostDir, writeClientKey } from '../support/sim.js';

describe('ProxyJump through a simulated jump host', () => {
  let jump: SimHost;
  let target: SimHost;
  let dir: string;
  let cleanup: () => void;
  let key: string;
  let knownHosts: string;
  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    const client = writeClientKey(dir);
    key = client.path;
    const auth = { user: 'root', publicKeys: [client.publicKey] };
    jump = await startSimHost({ profileDir: testHostDir('sim-vms') }, auth);
    target = await startSimHost({ profileDir: testHostDir('sim-vks') }, auth);
    knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `${jump.knownHostsLine}\n${target.knownHostsLine}\n`);
  });
  afterAll(async () => {
    await jump.close();
    await target.close();
    cleanup();
  });

  const viaJump = (over: Partial<SshTarget> = {}): SshTarget => ({
    name: 'cvknode31', host: target.address, port: target.port, user: 'root', identityFiles: [key], knownHostsFiles: [knownHosts],
    proxyJump: { host: jump.address, port: jump.port, user: 'root', identityFiles: [key] },
    ...over,
  });

  it('runs commands on the target through a tunnel on the jump host', async () => {
    expect(jump.address).toBe('127.0.0.30');
    expect(target.address).toBe('127.0.0.31');
    const t = createSshTransport(viaJump(), sshOptions());
    try {
      const r = await t.exec(prep(['hostname']), { timeoutMs: 5000 });
      expect(r).toMatchObject({ stdout: 'cvknode31\n', exitCode: 0 });
      const again = await t.exec(prep(['uname', '-r']), { timeoutMs: 5000 });
      expect(again.stdout).toBe('4.14.131-generic\n');
      expect(jump.stats.tunnels).toBe(1);
      expect(jump.recorded).toHaveLength(0);
      expect(target.recorded.map((c) => c.key)).toEqual(['hostname', 'uname -r']);
    } finally {
      await t.close();
    }
  });

  it('verifies the jump host key too', async () => {
    const onlyTarget = join(dir, 'known_target_only');
    writeFileSync(onlyTarget, `${target.knownHostsLine}\n`);
    const t = createSshTransport(viaJump({ knownHostsFiles: [onlyTarget] }), sshOptions());
    await expect(t.connect()).rejects.toMatchObject({ kind: 'host-key-unknown', message: expect.stringContaining(`[127.0.0.30]:${jump.port}`) });
    await t.close();
  });

  it('says so when the jump host cannot reach the target', async () => {
    const t = createSshTransport(viaJump({ port: 1 }), sshOptions());
    await expect(t.connect()).rejects.toMatchObject({
      kind: 'unreachable',
      message: expect.stringMatching(new RegExp(`^root@127\\.0\\.0\\.31:1 via root@127\\.0\\.0\\.30:${jump.port}: the jump host cannot reach the target`)),
    });
    await t.close();
  });
});
