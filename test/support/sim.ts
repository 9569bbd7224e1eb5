/**
 * Helpers for tests that talk to simulated hosts: start one with a fresh
 * client key and known_hosts, build the SshTarget and SshOptions for it,
 * write throw-away fixture profiles, prepare commands through the policy.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify as stringifyYaml } from 'yaml';
import type { CaptureMeta } from '../../src/capture/layout.js';
import { generateKeyPair } from '../../src/sim/keys.js';
import { startSimHost } from '../../src/sim/sim-host.js';
import type { SimHost, SimHostOptions } from '../../src/sim/types.js';
import type { Command } from '../../src/transport/command.js';
import { prepare } from '../../src/transport/policy.js';
import { createSecretSource, type SecretSource } from '../../src/transport/ssh/secrets.js';
import { createSshTransport } from '../../src/transport/ssh/transport.js';
import { SSH_DEFAULTS, type SshOptions, type SshTarget } from '../../src/transport/ssh/types.js';
import { type PreparedCommand, TransportError } from '../../src/transport/types.js';

export const TEST_HOSTS = fileURLToPath(new URL('../../fixtures/test-hosts', import.meta.url));

export function testHostDir(name: string): string {
  return join(TEST_HOSTS, name);
}

/** A temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'usdiag-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function prep(c: Command | string[], timeoutSec = 30): PreparedCommand {
  return prepare(Array.isArray(c) ? { argv: c } : c, { timeoutSec });
}

/** No environment secrets, no prompts: only keys authenticate. */
export function noSecrets(): SecretSource {
  return createSecretSource({ env: {}, prompter: null });
}

export function sshOptions(overrides: Partial<SshOptions> = {}): SshOptions {
  return { ...SSH_DEFAULTS, connectTimeoutMs: 5000, agentSocket: '', secrets: noSecrets(), ...overrides };
}

/** Connects, runs one command, closes: its stdout, or the TransportError that kept it from connecting. */
export async function runOnce(target: SshTarget, options: Partial<SshOptions> = {}, argv: string[] = ['hostname']): Promise<string | TransportError> {
  const t = createSshTransport(target, sshOptions(options));
  try {
    await t.connect();
    return (await t.exec(prep(argv), { timeoutMs: 5000 })).stdout;
  } catch (e) {
    if (e instanceof TransportError) return e;
    throw e;
  } finally {
    await t.close();
  }
}

/** Processes whose command line mentions `needle` (pgrep -f), without pgrep itself. */
export function processesMatching(needle: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', needle], { encoding: 'utf8' }).trim().split('\n').filter((l) => l && !l.includes('pgrep'));
  } catch (e) {
    // pgrep exits 1 when nothing matches; anything else (pgrep missing) must not pass for "no process".
    if ((e as { status?: number }).status === 1) return [];
    throw e;
  }
}

export interface TestHost {
  readonly sim: SimHost;
  readonly dir: string;
  readonly identityPath: string;
  readonly publicKey: string;
  readonly knownHostsPath: string;
  target(overrides?: Partial<SshTarget>): SshTarget;
  close(): Promise<void>;
}

/** Writes an unencrypted (or passphrase-protected) ed25519 client key; returns its path and public line. */
export function writeClientKey(dir: string, name = 'id_ed25519', passphrase?: string): { path: string; publicKey: string } {
  const keys = generateKeyPair('ed25519', passphrase ? { passphrase } : {});
  const path = join(dir, name);
  writeFileSync(path, keys.private, { mode: 0o600 });
  return { path, publicKey: keys.public };
}

/**
 * One simulated host from a profile, with a client key it accepts and a
 * known_hosts file that knows it.
 */
export async function startTestHost(profile: string, opts: SimHostOptions & { password?: string; extraKeys?: string[]; user?: string } = {}): Promise<TestHost> {
  const { dir, cleanup } = tempDir('usdiag-sim-test-');
  let sim: SimHost;
  const key = writeClientKey(dir);
  try {
    sim = await startSimHost(
      { profileDir: profile.startsWith('/') ? profile : testHostDir(profile) },
      { user: opts.user ?? 'root', publicKeys: [key.publicKey, ...(opts.extraKeys ?? [])], password: opts.password },
      opts,
    );
  } catch (e) {
    cleanup();
    throw e;
  }
  const knownHostsPath = join(dir, 'known_hosts');
  writeFileSync(knownHostsPath, `${sim.knownHostsLine}\n`);
  return {
    sim,
    dir,
    identityPath: key.path,
    publicKey: key.publicKey,
    knownHostsPath,
    target: (o = {}) => ({
      name: sim.name, host: sim.address, port: sim.port, user: opts.user ?? 'root',
      identityFiles: [key.path], knownHostsFiles: [knownHostsPath], ...o,
    }),
    async close() {
      await sim.close();
      cleanup();
    },
  };
}

export interface ProfileEntry {
  readonly command: string;
  readonly stdout?: string | Buffer;
  readonly stderr?: string;
  readonly meta?: CaptureMeta;
}

/** Writes a capture-layout host directory for one test. */
export function writeProfile(dir: string, host: { name: string; address?: string; roles?: string[] }, entries: readonly ProfileEntry[]): string {
  mkdirSync(join(dir, 'commands'), { recursive: true });
  writeFileSync(join(dir, 'host.yaml'), stringifyYaml({ name: host.name, address: host.address ?? '127.0.0.1', roles: host.roles ?? ['vks'] }));
  entries.forEach((e, i) => {
    const d = join(dir, 'commands', `c${i}`);
    mkdirSync(d);
    writeFileSync(join(d, 'command'), `${e.command}\n`);
    writeFileSync(join(d, 'stdout'), e.stdout ?? '');
    if (e.stderr !== undefined) writeFileSync(join(d, 'stderr'), e.stderr);
    if (e.meta) writeFileSync(join(d, 'meta.yaml'), stringifyYaml(e.meta));
  });
  return dir;
}
