import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair } from '../../src/sim/keys.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, hashHostName } from '../../src/transport/ssh/known-hosts.js';
import { TransportError } from '../../src/transport/types.js';
import { runOnce, startTestHost, type TestHost } from '../support/sim.js';

function newKey(type: 'ed25519' | 'ecdsa' = 'ed25519'): { priv: string; pub: string; blob: Buffer } {
  const k = generateKeyPair(type);
  const pub = k.public;
  return { priv: k.private, pub, blob: Buffer.from(pub.split(' ')[1]!, 'base64') };
}

describe('host key verification against a simulated host', () => {
  let host: TestHost;
  let hostName: string;
  let hostKeyLine: string;
  let hostBlob: Buffer;
  beforeAll(async () => {
    host = await startTestHost('sim-vks');
    hostName = `[${host.sim.address}]:${host.sim.port}`;
    hostKeyLine = host.sim.hostPublicKeys[0]!;
    hostBlob = Buffer.from(hostKeyLine.split(' ')[1]!, 'base64');
  });
  afterAll(() => host.close());

  const knownHosts = (name: string, content: string) => {
    const path = join(host.dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('accepts a plain [host]:port entry', async () => {
    expect(await runOnce(host.target())).toBe('cvknode31\n');
  });

  it('accepts a hashed entry', async () => {
    const kh = knownHosts('hashed', `# hashed\n${hashHostName(hostName)} ${hostKeyLine}\n`);
    expect(await runOnce(host.target({ knownHostsFiles: [kh] }))).toBe('cvknode31\n');
  });

  it('finds the host in the second (system-wide) file, and under a HostKeyAlias', async () => {
    const empty = knownHosts('empty', '');
    const global = knownHosts('global', `otherhost ${newKey().pub}\n${hostName} ${hostKeyLine}\n`);
    expect(await runOnce(host.target({ knownHostsFiles: [empty, global] }))).toBe('cvknode31\n');
    const aliased = knownHosts('alias', `node31-alias ${hostKeyLine}\n`);
    expect(await runOnce(host.target({ knownHostsFiles: [aliased], hostKeyAlias: 'node31-alias' }))).toBe('cvknode31\n');
  });

  it('does not take a bare host entry for a non-22 port', async () => {
    const kh = knownHosts('bare', `${host.sim.address} ${hostKeyLine}\n`);
    const r = await runOnce(host.target({ knownHostsFiles: [kh] }));
    expect(r).toBeInstanceOf(TransportError);
    expect((r as TransportError).kind).toBe('host-key-unknown');
  });

  it('refuses an unknown host, naming its fingerprint, and leaves known_hosts alone', async () => {
    const kh = knownHosts('unknown', `someoneelse ${newKey().pub}\n`);
    const r = (await runOnce(host.target({ knownHostsFiles: [kh] }))) as TransportError;
    expect(r.kind).toBe('host-key-unknown');
    expect(r.message).toContain(`host key of ${hostName} is not known (ssh-ed25519 ${fingerprint(hostBlob)}`);
    expect(r.message).toContain('--accept-new');
    expect(r.detail?.zh).toMatch(/known_hosts/);
    expect(readFileSync(kh, 'utf8').split('\n')).toHaveLength(2);
  });

  it('with accept-new records the key (creating the file) and verifies the next connection from it', async () => {
    const kh = join(host.dir, 'accept', 'sub', 'known_hosts');
    expect(await runOnce(host.target({ knownHostsFiles: [kh, '/nonexistent/global'] }), { acceptNew: true })).toBe('cvknode31\n');
    expect(readFileSync(kh, 'utf8')).toBe(`${hostName} ${hostKeyLine}\n`);
    expect(statSync(kh).mode & 0o777).toBe(0o600);
    expect(await runOnce(host.target({ knownHostsFiles: [kh] }), { acceptNew: false })).toBe('cvknode31\n');
  });

  it('with accept-new and HashKnownHosts writes a hashed line', async () => {
    const kh = join(host.dir, 'accept-hashed');
    expect(await runOnce(host.target({ knownHostsFiles: [kh], hashKnownHosts: true }), { acceptNew: true })).toBe('cvknode31\n');
    const line = readFileSync(kh, 'utf8').trim();
    expect(line).toMatch(/^\|1\|/);
    expect(line).not.toContain(host.sim.address);
    expect(await runOnce(host.target({ knownHostsFiles: [kh] }))).toBe('cvknode31\n');
  });

  it('always refuses a changed key, showing both fingerprints and the known_hosts line', async () => {
    const old = newKey();
    const kh = knownHosts('changed', `# line 1\n\n${hostName} ${old.pub}\n`);
    const before = readFileSync(kh, 'utf8');
    const r = (await runOnce(host.target({ knownHostsFiles: [kh] }), { acceptNew: true })) as TransportError;
    expect(r.kind).toBe('host-key-changed');
    expect(r.message).toContain(`the server offered ssh-ed25519 ${fingerprint(hostBlob)}`);
    expect(r.message).toContain(`known_hosts has ${fingerprint(old.blob)} (${kh}:3)`);
    expect(readFileSync(kh, 'utf8')).toBe(before);
  });

  it('refuses a revoked key', async () => {
    const kh = knownHosts('revoked', `${hostName} ${hostKeyLine}\n@revoked * ${hostKeyLine}\n`);
    const r = (await runOnce(host.target({ knownHostsFiles: [kh] }))) as TransportError;
    expect(r.kind).toBe('host-key-revoked');
    expect(r.message).toContain(`@revoked at ${kh}:2`);
  });

  it('refuses a host known only with other key types, even with accept-new', async () => {
    const ec = newKey('ecdsa');
    const kh = knownHosts('other-type', `${hostName} ${ec.pub}\n`);
    const r = (await runOnce(host.target({ knownHostsFiles: [kh] }), { acceptNew: true })) as TransportError;
    expect(r.kind).toBe('host-key-changed');
    expect(r.message).toContain(`known only with other key types (ecdsa-sha2-nistp256 ${fingerprint(ec.blob)} (${kh}:1))`);
    expect(r.message).toContain(`offered ssh-ed25519 ${fingerprint(hostBlob)}`);
  });
});

describe('host key algorithm preference', () => {
  it('asks a server with several host keys for the type already known', async () => {
    const ed = newKey();
    const ec = newKey('ecdsa');
    const host = await startTestHost('sim-vks', { hostKeys: [ed.priv, ec.priv] });
    try {
      const kh = join(host.dir, 'ecdsa-only');
      // Only the ECDSA key is known; ssh2 alone would pick ed25519 first and see an "other type".
      writeFileSync(kh, `[${host.sim.address}]:${host.sim.port} ${host.sim.hostPublicKeys[1]}\n`);
      expect(host.sim.hostPublicKeys[1]).toMatch(/^ecdsa-sha2-nistp256 /);
      expect(await runOnce(host.target({ knownHostsFiles: [kh] }))).toBe('cvknode31\n');
    } finally {
      await host.close();
    }
  });
});
