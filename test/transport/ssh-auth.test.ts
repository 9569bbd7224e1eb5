import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearSecretsForTest, maskSecrets } from '../../src/redact/secrets.js';
import { createSecretSource, type SecretSource } from '../../src/transport/ssh/secrets.js';
import { createSshTransport } from '../../src/transport/ssh/transport.js';
import type { SshTarget } from '../../src/transport/ssh/types.js';
import { TransportError } from '../../src/transport/types.js';
import { prep, runOnce, sshOptions, startTestHost, tempDir, type TestHost, writeClientKey } from '../support/sim.js';

const PASSWORD = 'S3cret-pw-for-tests';

describe('authentication', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost('sim-vks', { password: PASSWORD });
  });
  afterAll(() => host.close());

  it('logs in with the identity file', async () => {
    expect(await runOnce(host.target(), {})).toBe('cvknode31\n');
  });

  it('tries identity files in order, skipping missing ones', async () => {
    const target = host.target({ identityFiles: [join(host.dir, 'missing_key'), host.identityPath] });
    expect(await runOnce(target, {})).toBe('cvknode31\n');
  });

  it('logs in with a password from USDIAG_PASSWORD, and masks it from then on', async () => {
    clearSecretsForTest();
    const secrets = createSecretSource({ env: { USDIAG_PASSWORD: PASSWORD }, prompter: null });
    expect(await runOnce(host.target({ identityFiles: [] }), { secrets })).toBe('cvknode31\n');
    expect(maskSecrets(`echoed ${PASSWORD} back`)).toBe('echoed ****** back');
  });

  it('takes the password variable name from the options, or from the host', async () => {
    const secrets = createSecretSource({ env: { SITE_PW: PASSWORD, NODE31_PW: PASSWORD }, passwordEnv: 'SITE_PW', prompter: null });
    expect(await runOnce(host.target({ identityFiles: [] }), { secrets })).toBe('cvknode31\n');
    expect(await runOnce(host.target({ identityFiles: [], passwordEnv: 'NODE31_PW' }), { secrets })).toBe('cvknode31\n');
    const r = (await runOnce(host.target({ identityFiles: [], passwordEnv: 'UNSET_PW' }), { secrets })) as TransportError;
    expect(r.message).toContain('password: none given (set UNSET_PW or ask for a prompt)');
  });

  it('prompts for the password once for many hosts connecting at the same time', async () => {
    const questions: string[] = [];
    const secrets = createSecretSource({
      env: {},
      askPassword: true,
      prompter: async (q) => {
        questions.push(q);
        await new Promise((r) => setTimeout(r, 100));
        return PASSWORD;
      },
    });
    const results = await Promise.all([1, 2, 3, 4].map(() => runOnce(host.target({ identityFiles: [] }), { secrets })));
    expect(results).toEqual(Array(4).fill('cvknode31\n'));
    expect(questions).toHaveLength(1);
    expect(questions[0]).toMatch(/^usdiag: SSH password \(root@127\.0\.0\.31:\d+; used for every host\): $/);
  });

  it('does not count the time spent typing against the connect timeout', async () => {
    const secrets = createSecretSource({ env: {}, askPassword: true, prompter: () => new Promise((r) => setTimeout(() => r(PASSWORD), 600)) });
    expect(await runOnce(host.target({ identityFiles: [] }), { secrets, connectTimeoutMs: 400 })).toBe('cvknode31\n');
  });

  it('does not prompt for a password unless asked to', async () => {
    let asked = 0;
    const secrets = createSecretSource({ env: {}, prompter: async () => (asked++, PASSWORD) });
    const r = (await runOnce(host.target({ identityFiles: [] }), { secrets })) as TransportError;
    expect(asked).toBe(0);
    expect(r.kind).toBe('auth');
    expect(r.message).toMatch(/skipped: password: none given \(set USDIAG_PASSWORD/);
  });

  it('names the methods tried when authentication fails', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const stranger = writeClientKey(dir, 'id_stranger');
      const secrets = createSecretSource({ env: { USDIAG_PASSWORD: 'wrong' }, prompter: null });
      const r = (await runOnce(host.target({ identityFiles: [stranger.path, join(dir, 'nope')] }), { secrets })) as TransportError;
      expect(r).toBeInstanceOf(TransportError);
      expect(r.kind).toBe('auth');
      expect(r.message).toContain(`authentication as root@127.0.0.31:${host.sim.port} failed`);
      expect(r.message).toContain(`tried: publickey ${stranger.path}, password`);
      expect(r.message).toContain('server accepts: publickey,password');
      expect(r.message).toContain(`${join(dir, 'nope')}: not found`);
    } finally {
      cleanup();
    }
  });
});

describe('encrypted identity files', () => {
  let host: TestHost;
  let keyPath: string;
  let cleanup: () => void;
  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const key = writeClientKey(t.dir, 'id_encrypted', 'key-pass-phrase');
    keyPath = key.path;
    host = await startTestHost('sim-vks', { extraKeys: [key.publicKey] });
  });
  afterAll(async () => {
    await host.close();
    cleanup();
  });

  it('decrypts with the passphrase from USDIAG_KEY_PASSPHRASE', async () => {
    const secrets = createSecretSource({ env: { USDIAG_KEY_PASSPHRASE: 'key-pass-phrase' }, prompter: null });
    expect(await runOnce(host.target({ identityFiles: [keyPath] }), { secrets })).toBe('cvknode31\n');
  });

  it('asks for the passphrase on the terminal when it is not in the environment', async () => {
    const questions: string[] = [];
    const secrets = createSecretSource({ env: {}, prompter: async (q) => (questions.push(q), 'key-pass-phrase') });
    expect(await runOnce(host.target({ identityFiles: [keyPath] }), { secrets })).toBe('cvknode31\n');
    expect(questions).toEqual([`usdiag: passphrase for ${keyPath} (used for every encrypted key): `]);
  });

  it('skips the key, saying why, without a passphrase or with a wrong one', async () => {
    const none = (await runOnce(host.target({ identityFiles: [keyPath] }), { secrets: createSecretSource({ env: {}, prompter: null }) })) as TransportError;
    expect(none.kind).toBe('auth');
    expect(none.message).toContain(`${keyPath}: encrypted and no passphrase (set USDIAG_KEY_PASSPHRASE)`);
    const wrong = (await runOnce(host.target({ identityFiles: [keyPath] }), {
      secrets: createSecretSource({ env: { USDIAG_KEY_PASSPHRASE: 'nope' }, prompter: null }),
    })) as TransportError;
    expect(wrong.message).toContain(`${keyPath}: the passphrase does not decrypt it`);
  });
});

describe('ssh-agent', () => {
  let host: TestHost;
  let agent: ChildProcess;
  let sock: string;
  let cleanup: () => void;
  beforeAll(async () => {
    host = await startTestHost('sim-vks');
    const t = tempDir();
    cleanup = t.cleanup;
    sock = join(t.dir, 'agent.sock');
    agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 20));
    execFileSync('ssh-add', [host.identityPath], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
  });
  afterAll(async () => {
    agent.kill();
    await host.close();
    cleanup();
  });

  it('logs in with a key held by the agent', async () => {
    expect(await runOnce(host.target({ identityFiles: [] }), { agentSocket: sock })).toBe('cvknode31\n');
  });

  it('goes on with identity files when the agent socket is dead', async () => {
    expect(await runOnce(host.target(), { agentSocket: join(host.dir, 'no-agent.sock') })).toBe('cvknode31\n');
    const r = (await runOnce(host.target({ identityFiles: [] }), { agentSocket: join(host.dir, 'no-agent.sock') })) as TransportError;
    expect(r.kind).toBe('auth');
    expect(r.message).toMatch(/tried: agent; .*skipped: agent: /);
  });
});

describe('connection failures', () => {
  it('reports a closed port as unreachable, naming host and port; commands then fail as transport', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const target: SshTarget = { name: 'gone', host: '127.0.0.1', port, user: 'root', identityFiles: [], knownHostsFiles: [] };
    const t = createSshTransport(target, sshOptions());
    await expect(t.connect()).rejects.toMatchObject({ kind: 'unreachable', message: `root@127.0.0.1:${port}: connection refused (no SSH server on that port)` });
    const r = await t.exec(prep(['uname', '-r']), { timeoutMs: 1000 });
    expect(r.failure).toEqual({ kind: 'transport', message: `not connected: root@127.0.0.1:${port}: connection refused (no SSH server on that port)` });
    await t.close();
  });

  it('gives up after the connect timeout when the server never speaks SSH', async () => {
    // Reads (so it notices the client hanging up) but never answers.
    const silent: Server = createServer((s) => s.resume());
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const target: SshTarget = { name: 'mute', host: '127.0.0.1', port, user: 'root', identityFiles: [], knownHostsFiles: [] };
    const t = createSshTransport(target, sshOptions({ connectTimeoutMs: 300 }));
    const t0 = Date.now();
    try {
      await expect(t.connect()).rejects.toMatchObject({ kind: 'connect-timeout', message: `root@127.0.0.1:${port}: no SSH session within 0.3s` });
      expect(Date.now() - t0).toBeLessThan(2000);
    } finally {
      await t.close();
      await new Promise((r) => silent.close(r));
    }
  });
});

describe('secret source', () => {
  it('prefers the environment, asks once per kind, and treats a failed prompt as no secret', async () => {
    const asked: string[] = [];
    const s: SecretSource = createSecretSource({
      env: { USDIAG_KEY_PASSPHRASE: 'from-env' },
      askPassword: true,
      prompter: async (q) => {
        asked.push(q);
        throw new Error('no terminal');
      },
    });
    expect(await s.get('passphrase', '/k')).toBe('from-env');
    expect(s.interactive('passphrase')).toBe(false);
    expect(s.interactive('password')).toBe(true);
    expect(await s.get('password', 'root@h:22')).toBeNull();
    expect(await s.get('password', 'root@h2:22')).toBeNull();
    expect(asked).toHaveLength(1);
    expect(s.envName('password')).toBe('USDIAG_PASSWORD');
    expect(s.envName('password', 'HOST_PW')).toBe('HOST_PW');
  });

  it('prompts on a terminal without echoing what is typed', async () => {
    const { PassThrough } = await import('node:stream');
    const tty = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => tty });
    let shown = '';
    const s = createSecretSource({ env: {}, askPassword: true, stdin: tty, stderr: { write: (x: string) => (shown += x) } });
    expect(s.interactive('password')).toBe(true);
    const answer = s.get('password', 'root@10.0.0.11:22');
    setTimeout(() => tty.write('typed-secret\r'), 20);
    expect(await answer).toBe('typed-secret');
    expect(shown).toContain('usdiag: SSH password (root@10.0.0.11:22; used for every host): ');
    expect(shown).not.toContain('typed-secret');
    expect(maskSecrets('x typed-secret y')).toBe('x ****** y');
  });

  it('never prompts when stdin is not a terminal', async () => {
    const { PassThrough } = await import('node:stream');
    const written: string[] = [];
    const s = createSecretSource({ env: {}, askPassword: true, stdin: new PassThrough(), stderr: { write: (x: string) => written.push(x) } });
    expect(s.interactive('password')).toBe(false);
    expect(await s.get('password', 'root@h:22')).toBeNull();
    expect(await s.get('passphrase', '/k')).toBeNull();
    expect(written).toEqual([]);
  });
});
