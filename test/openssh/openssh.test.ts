/**
 * The SSH transport against a real OpenSSH sshd (the server the field hosts
 * run), with fixture stand-ins for the platform commands.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSshTransport } from '../../src/transport/ssh/transport.js';
import type { SshOptions, SshTarget } from '../../src/transport/ssh/types.js';
import { TransportError } from '../../src/transport/types.js';
import { type OpenSshd, sshdUnavailableReason, startOpenSshd } from '../support/openssh.js';
import { prep, processesMatching, sshOptions, tempDir, testHostDir } from '../support/sim.js';

const unavailable = sshdUnavailableReason();
if (unavailable) console.warn(`skipping the OpenSSH tests: ${unavailable}`);

/** `ssh-keygen -lf` of a public key file: its SHA256 fingerprint, computed by OpenSSH itself. */
function opensshFingerprint(pubFile: string): string {
  return execFileSync('ssh-keygen', ['-lf', pubFile], { encoding: 'utf8' }).split(/\s+/)[1]!;
}

describe.skipIf(unavailable !== null)('ssh transport against OpenSSH sshd', () => {
  let sshd: OpenSshd;
  let dir: string;
  let cleanup: () => void;
  beforeAll(async () => {
    sshd = await startOpenSshd(testHostDir('sim-vks'));
    ({ dir, cleanup } = tempDir());
  });
  afterAll(async () => {
    await sshd?.stop();
    cleanup?.();
  });

  const target = (over: Partial<SshTarget> = {}): SshTarget => ({
    name: 'openssh', host: sshd.address, port: sshd.port, user: sshd.user, identityFiles: [sshd.identityPath], knownHostsFiles: [sshd.knownHostsPath], ...over,
  });

  async function withTransport<T>(t: SshTarget, options: Partial<SshOptions>, fn: (run: ReturnType<typeof createSshTransport>) => Promise<T>): Promise<T | TransportError> {
    const transport = createSshTransport(t, sshOptions(options));
    try {
      await transport.connect();
      return await fn(transport);
    } catch (e) {
      if (e instanceof TransportError) return e;
      throw e;
    } finally {
      await transport.close();
    }
  }

  it('runs prepared commands through the fixture stand-ins (PATH from SetEnv), with real filters', async () => {
    const out = await withTransport(target(), {}, async (t) => ({
      // The real kernel is not 4.14.131: this proves the session's PATH starts with the stand-ins.
      uname: await t.exec(prep(['uname', '-r']), { timeoutMs: 10_000 }),
      multipath: await t.exec(prep(['multipath', '-ll']), { timeoutMs: 10_000 }),
      piped: await t.exec(prep({ argv: ['dmesg', '-T'], pipe: [['grep', '-a', '-E', 'blocked for more than'], ['tail', '-n', '50']] }), { timeoutMs: 10_000 }),
      sample2: [await t.exec(prep(['ip', '-s', 'link', 'show']), { timeoutMs: 10_000 }), await t.exec(prep({ argv: ['ip', '-s', 'link', 'show'], sample: 2 }), { timeoutMs: 10_000 })],
      missing: await t.exec(prep(['uname', '-a']), { timeoutMs: 10_000 }),
    }));
    if (out instanceof TransportError) throw out;
    expect(out.uname).toMatchObject({ stdout: '4.14.131-generic\n', stderr: '', exitCode: 0, timedOut: false });
    expect(out.multipath).toMatchObject({ stdout: '', stderr: 'Dec 01 10:00:00 | DM multipath kernel driver not loaded\n', exitCode: 1 });
    expect(out.piped.stdout).toBe('[Mon Dec  1 10:00:00 2025] INFO: task dd:27904 blocked for more than 120 seconds.\n');
    expect(out.sample2.map((r) => /987654321 {2}1234567 {2}(\d+) /.exec(r.stdout)?.[1])).toEqual(['12', '57']);
    expect(out.missing).toMatchObject({ exitCode: 127, stderr: 'usdiag-standin: no fixture for: uname -a\n' });
  });

  it("keeps a pipeline's first-stage status through the real shell: a refused or timed-out read is not a clean empty one", async () => {
    const logTail = (file: string, timeoutSec = 30) =>
      prep({ argv: ['tail', '-c', '1M', file], pipe: [['grep', '-a', '-e', 'fence'], ['tail', '-n', '5']], timeoutSec });
    const out = await withTransport(target(), {}, async (t) => ({
      denied: await t.exec(logTail('/var/log/denied.log'), { timeoutMs: 10_000 }),
      hung: await t.exec(logTail('/var/log/hung.log', 1), { timeoutMs: 10_000 }),
      matched: await t.exec(prep({ argv: ['dmesg', '-T'], pipe: [['grep', '-a', '-E', 'blocked for more than'], ['tail', '-n', '50']] }), { timeoutMs: 10_000 }),
      nothing: await t.exec(prep({ argv: ['dmesg', '-T'], pipe: [['grep', '-a', '-e', 'no such words anywhere'], ['tail', '-n', '50']] }), { timeoutMs: 10_000 }),
    }));
    if (out instanceof TransportError) throw out;
    expect(out.denied).toMatchObject({ stdout: '', stderr: "tail: cannot open '/var/log/denied.log' for reading: Permission denied\n", exitCode: 1, timedOut: false });
    expect(out.denied.failure).toBeUndefined();
    expect(out.hung).toMatchObject({ stdout: '', stderr: '', exitCode: 124, timedOut: true });
    expect(out.matched).toMatchObject({ exitCode: 0, stderr: '' });
    // grep finding nothing is a clean read: the first stage succeeded
    expect(out.nothing).toMatchObject({ stdout: '', stderr: '', exitCode: 0, timedOut: false });
  });

  it('accepts a hashed known_hosts entry (hashed by ssh-keygen -H)', async () => {
    const kh = join(dir, 'hashed');
    writeFileSync(kh, `${sshd.knownHostsLine}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', kh], { stdio: 'ignore' });
    expect(readFileSync(kh, 'utf8')).toMatch(/^\|1\|/);
    const r = await withTransport(target({ knownHostsFiles: [kh] }), {}, (t) => t.exec(prep(['hostname']), { timeoutMs: 10_000 }));
    expect(r).toMatchObject({ stdout: 'cvknode31\n' });
  });

  it('refuses an unknown key, and with accept-new records it so the next connection verifies it', async () => {
    const kh = join(dir, 'fresh', 'known_hosts');
    const refused = await withTransport(target({ knownHostsFiles: [kh] }), {}, async () => 'connected');
    expect(refused).toBeInstanceOf(TransportError);
    expect((refused as TransportError).kind).toBe('host-key-unknown');
    expect((refused as TransportError).message).toContain(opensshFingerprint(sshd.hostPublicKeyPath));

    const accepted = await withTransport(target({ knownHostsFiles: [kh] }), { acceptNew: true }, (t) => t.exec(prep(['hostname']), { timeoutMs: 10_000 }));
    expect(accepted).toMatchObject({ stdout: 'cvknode31\n' });
    expect(readFileSync(kh, 'utf8')).toBe(`${sshd.knownHostsLine}\n`);
    const again = await withTransport(target({ knownHostsFiles: [kh] }), { acceptNew: false }, (t) => t.exec(prep(['hostname']), { timeoutMs: 10_000 }));
    expect(again).toMatchObject({ stdout: 'cvknode31\n' });
  });

  it('refuses a changed key, showing both fingerprints', async () => {
    const impostor = join(dir, 'impostor');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', impostor], { stdio: 'ignore' });
    const kh = join(dir, 'changed');
    writeFileSync(kh, `[127.0.0.1]:${sshd.port} ${readFileSync(`${impostor}.pub`, 'utf8').trim()}\n`);
    const r = (await withTransport(target({ knownHostsFiles: [kh] }), { acceptNew: true }, async () => 'connected')) as TransportError;
    expect(r.kind).toBe('host-key-changed');
    expect(r.message).toContain(`offered ssh-ed25519 ${opensshFingerprint(sshd.hostPublicKeyPath)}`);
    expect(r.message).toContain(`known_hosts has ${opensshFingerprint(`${impostor}.pub`)} (${kh}:1)`);
  });

  it('ends a hanging command at the client deadline; timeout(1) then ends it on the host, leaving no process', async () => {
    const r = await withTransport(target(), {}, (t) => t.exec(prep({ argv: ['df', '-P', '--', '/vms/blocked'], timeoutSec: 2 }), { timeoutMs: 700 }));
    if (r instanceof TransportError) throw r;
    expect(r).toMatchObject({ exitCode: null, timedOut: true, stdout: 'Filesystem     1024-blocks      Used Available Capacity Mounted on\n' });
    // Well before timeout(1)'s 2 s on the host: the client deadline ended it.
    expect(r.durationMs).toBeLessThan(1500);
    // OpenSSH refuses the client's KILL signal request in root sessions: the host-side timeout(1) is the bound.
    await waitFor(() => processesMatching(sshd.standInScript).length === 0, 4000);
    expect(processesMatching(sshd.standInScript)).toEqual([]);
  });

  it('reports timeout(1) ending a hanging command with exit 124, leaving no process behind', async () => {
    const r = await withTransport(target(), {}, (t) => t.exec(prep({ argv: ['df', '-P', '--', '/vms/blocked'], timeoutSec: 1 }), { timeoutMs: 10_000 }));
    expect(r).toMatchObject({ exitCode: 124, timedOut: true });
    expect(processesMatching(sshd.standInScript)).toEqual([]);
  });
});

describe.skipIf(unavailable !== null)('channel limits against OpenSSH sshd', () => {
  it('backs off when sshd refuses sessions beyond MaxSessions, and every command still runs', async () => {
    const sshd = await startOpenSshd(testHostDir('sim-vks'), { maxSessions: 2 });
    const t = createSshTransport(
      { name: 'openssh', host: sshd.address, port: sshd.port, user: sshd.user, identityFiles: [sshd.identityPath], knownHostsFiles: [sshd.knownHostsPath] },
      sshOptions({ maxChannels: 5 }),
    );
    try {
      const results = await Promise.all(Array.from({ length: 6 }, () => t.exec(prep(['uptime']), { timeoutMs: 15_000 })));
      expect(results.map((r) => [r.exitCode, r.failure])).toEqual(Array(6).fill([0, undefined]));
      expect(results.every((r) => r.stdout.includes('load average: 0.52, 0.61, 0.70'))).toBe(true);
    } finally {
      await t.close();
      await sshd.stop();
    }
  });
});

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
}
