import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/sim/keys.js';
import { SIM_RECORD_ENV, startSimHost } from '../../src/sim/sim-host.js';
import { createSshTransport } from '../../src/transport/ssh/transport.js';
import { FIXTURES } from '../support/fixture-run.js';
import { prep, sshOptions, startTestHost, tempDir, type TestHost, testHostDir } from '../support/sim.js';

interface RawResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Sends any line (bypassing usdiag's transport) the way a careless client would. */
function rawExec(host: TestHost, line: string, login: { username?: string; privateKey?: string; password?: string } = {}): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client();
    c.on('error', reject);
    c.on('ready', () => {
      c.exec(line, (err, ch) => {
        if (err) return reject(err);
        const out: RawResult = { stdout: '', stderr: '', code: null };
        ch.on('data', (d: Buffer) => (out.stdout += d));
        ch.stderr.on('data', (d: Buffer) => (out.stderr += d));
        ch.on('exit', (code: number) => (out.code = code));
        ch.on('close', () => {
          c.end();
          resolve(out);
        });
      });
    });
    c.connect({
      host: host.sim.address,
      port: host.sim.port,
      username: login.username ?? 'root',
      ...(login.password ? { password: login.password } : { privateKey: login.privateKey ?? readFileSync(host.identityPath, 'utf8') }),
    });
  });
}

describe('simulated host', () => {
  let host: TestHost;
  let recordFile: string;
  let cleanup: () => void;
  const outerRecord = process.env[SIM_RECORD_ENV];
  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    recordFile = join(t.dir, 'record.jsonl');
    process.env[SIM_RECORD_ENV] = recordFile;
    host = await startTestHost('sim-vks', { password: 'sim-password' });
  });
  afterAll(async () => {
    if (outerRecord === undefined) delete process.env[SIM_RECORD_ENV];
    else {
      // Hand what this file recorded on to the suite-wide record, so its checks see these commands too.
      appendFileSync(outerRecord, readFileSync(recordFile));
      process.env[SIM_RECORD_ENV] = outerRecord;
    }
    await host.close();
    cleanup();
  });

  it('binds the loopback address from its profile', () => {
    expect(host.sim).toMatchObject({ name: 'cvknode31', address: '127.0.0.31' });
    expect(host.sim.knownHostsLine).toMatch(new RegExp(`^\\[127\\.0\\.0\\.31\\]:${host.sim.port} ssh-ed25519 AAAA[A-Za-z0-9+/=]+$`));
  });

  it('refuses lines that usdiag\'s policy does not build, and records them with a null key', async () => {
    // Harmless lines, but not what the policy builds (no locale/timeout wrapper, an option it does not allow).
    for (const line of ['uname -r', 'LC_ALL=C timeout -k 2 30 uname --bogus']) {
      const r = await rawExec(host, line);
      expect(r).toEqual({ stdout: '', stderr: "usdiag-sim: refused: not a command usdiag's policy builds\n", code: 126 });
      expect(host.sim.recorded.at(-1)).toMatchObject({ host: 'cvknode31', wire: line, key: null });
    }
  });

  it('appends every command to the file named by USDIAG_SIM_RECORD', async () => {
    await rawExec(host, prep(['hostname']).wire);
    const lines = readFileSync(recordFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({ host: 'cvknode31', wire: 'LC_ALL=C timeout -k 2 30 hostname </dev/null', key: 'hostname' });
    expect(lines.map((l) => l.wire)).toContain('uname -r');
    expect(Date.parse(lines.at(-1)!.at as string)).toBeGreaterThan(0);
  });

  it('accepts the password it was given, and nothing for other users or keys', async () => {
    expect((await rawExec(host, prep(['hostname']).wire, { password: 'sim-password' })).stdout).toBe('cvknode31\n');
    await expect(rawExec(host, 'x', { password: 'wrong' })).rejects.toThrow(/All configured authentication methods failed/);
    await expect(rawExec(host, 'x', { username: 'admin' })).rejects.toThrow(/authentication methods failed/);
    await expect(rawExec(host, 'x', { privateKey: generateKeyPair().private })).rejects.toThrow(/authentication methods failed/);
  });

  it('ends a hanging command with 124 at the wire timeout, like timeout(1) on a real host', async () => {
    const t0 = Date.now();
    const r = await rawExec(host, prep({ argv: ['df', '-P', '--', '/vms/blocked'], timeoutSec: 1 }).wire);
    expect(r).toEqual({ stdout: 'Filesystem     1024-blocks      Used Available Capacity Mounted on\n', stderr: '', code: 124 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
  });
});

describe('simulated host from a profile that extends another', () => {
  let cleanup = async () => {};
  afterEach(() => cleanup());

  it('serves inherited and overridden commands, on 127.0.0.1 when the profile address is not loopback', async () => {
    const { dir, cleanup: rm } = tempDir();
    const key = generateKeyPair();
    const sim = await startSimHost({ profileDir: testHostDir('sim-vks-b') }, { user: 'root', publicKeys: [key.public] });
    cleanup = async () => {
      await sim.close();
      rm();
    };
    expect(sim).toMatchObject({ name: 'cvknode32', address: '127.0.0.1' });
    const idPath = join(dir, 'id');
    writeFileSync(idPath, key.private, { mode: 0o600 });
    const khPath = join(dir, 'kh');
    writeFileSync(khPath, `${sim.knownHostsLine}\n`);
    const t = createSshTransport(
      { name: sim.name, host: sim.address, port: sim.port, user: 'root', identityFiles: [idPath], knownHostsFiles: [khPath] },
      sshOptions(),
    );
    try {
      expect((await t.exec(prep(['hostname']), { timeoutMs: 5000 })).stdout).toBe('cvknode32\n');
      expect((await t.exec(prep(['uname', '-r']), { timeoutMs: 5000 })).stdout).toBe('4.14.131-generic\n');
    } finally {
      await t.close();
    }
  });

  it('counts samples per connection: a second scan reads the first sample again, then the second', async () => {
    const { dir, cleanup: rm } = tempDir();
    const key = generateKeyPair();
    const sim = await startSimHost({ profileDir: join(FIXTURES, 'hosts', 'vks-healthy') }, { user: 'root', publicKeys: [key.public] });
    cleanup = async () => {
      await sim.close();
      rm();
    };
    const idPath = join(dir, 'id');
    writeFileSync(idPath, key.private, { mode: 0o600 });
    const khPath = join(dir, 'kh');
    writeFileSync(khPath, `${sim.knownHostsLine}\n`);
    const cpuLine = async () => {
      const t = createSshTransport(
        { name: sim.name, host: sim.address, port: sim.port, user: 'root', identityFiles: [idPath], knownHostsFiles: [khPath] },
        sshOptions(),
      );
      try {
        const read = async () => (await t.exec(prep(['cat', '/proc/stat']), { timeoutMs: 5000 })).stdout.split('\n')[0];
        return [await read(), await read()];
      } finally {
        await t.close();
      }
    };
    const first = await cpuLine();
    expect(first[0]).not.toBe(first[1]);
    expect(await cpuLine()).toEqual(first);
  });

  it('refuses to bind a non-loopback address', async () => {
    const key = generateKeyPair();
    await expect(startSimHost({ profileDir: testHostDir('sim-vks') }, { user: 'root', publicKeys: [key.public] }, { address: '10.0.0.1' }))
      .rejects.toThrow('simulated host cvknode31: 10.0.0.1 is not a loopback address');
  });
});
