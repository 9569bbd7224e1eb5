import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  appendKnownHost, checkHostKey, fingerprint, hashHostName, hostMatches, keyBlobType, knownHostsName, loadKnownHosts,
  parseKnownHosts, preferredHostKeyAlgorithms,
} from '../../src/transport/ssh/known-hosts.js';
import { generateKeyPair } from '../../src/sim/keys.js';
import { tempDir } from '../support/sim.js';

// Vectors made with OpenSSH 9.2: ssh-keygen -t ed25519 / -t ecdsa, ssh-keygen -lf, ssh-keygen -H.
const ED = 'AAAAC3NzaC1lZDI1NTE5AAAAIKo+5fL1pw+efW3hA3V4DjE2Z2iaGj8xuyEtwpuOy/rO';
const EC = 'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBPCmeDrHoyWRiwqM7rYcSaZKnRGgBibscYej6MO8q0K2+XyK/y4QQ/HfGMAUiQ+7MQJgWQ6UKj6GK3DPbBVjwgM=';
const ED_FP = 'SHA256:LfgcOWBF3/hRxi5YHhSOxqysZ+ibApNEo8rnccBc/uI';
const EC_FP = 'SHA256:DhDFqWtgsE24F4AY45wrEHna//gXirYNSZkQFNW3yGM';
/** ssh-keygen -H of "[10.0.0.11]:2222 ssh-ed25519 ED" and "cvknode11,10.0.0.12 ecdsa-sha2-nistp256 EC". */
const HASHED = [
  `|1|jELLbV9NCGe6kiNDnOgNzE72UFM=|I7XG+JWCnZf7xnBiy30VEtHV584= ssh-ed25519 ${ED} `,
  `|1|HIIB01thfAvHDB9fXOC5CMpvPd8=|IhilgpgvvhKj9Lr4+z2Yzgnm0nU= ecdsa-sha2-nistp256 ${EC} `,
  `|1|wIsuyJIXHd42CekfF0MIroJ1FjY=|7Qvjc9MMLRggQwRAQ4rFDQudLBo= ecdsa-sha2-nistp256 ${EC} `,
].join('\n');

const edKey = Buffer.from(ED, 'base64');
const ecKey = Buffer.from(EC, 'base64');

describe('known_hosts parsing', () => {
  it('reads plain, marked and hashed lines, skipping comments, blanks and CRLF endings', () => {
    const text = [
      '# a comment',
      '',
      `cvknode11,10.0.0.11 ssh-ed25519 ${ED} root@cvknode11\r`,
      `@revoked * ecdsa-sha2-nistp256 ${EC}`,
      `@cert-authority *.lab ssh-ed25519 ${ED}`,
      '   ',
      `[10.0.0.12]:2222 ecdsa-sha2-nistp256 ${EC}`,
    ].join('\n');
    const { entries, issues } = parseKnownHosts(text, '/kh');
    expect(issues).toEqual([]);
    expect(entries.map((e) => [e.line, e.marker, e.hosts, e.keyType])).toEqual([
      [3, null, 'cvknode11,10.0.0.11', 'ssh-ed25519'],
      [4, 'revoked', '*', 'ecdsa-sha2-nistp256'],
      [5, 'cert-authority', '*.lab', 'ssh-ed25519'],
      [7, null, '[10.0.0.12]:2222', 'ecdsa-sha2-nistp256'],
    ]);
    expect(entries[0]!.key.equals(edKey)).toBe(true);
  });

  it('reports malformed lines instead of failing', () => {
    const { entries, issues } = parseKnownHosts(`onlyhost\n@bogus h ssh-ed25519 ${ED}\nh ssh-rsa ${ED}\nh ssh-ed25519 !!!\n`, '/kh');
    expect(entries).toEqual([]);
    expect(issues).toEqual([
      '/kh:1: expected "hosts keytype key"',
      '/kh:2: unknown marker @bogus',
      '/kh:3: the key is not a valid ssh-rsa key',
      '/kh:4: the key is not a valid ssh-ed25519 key',
    ]);
  });

  it('skips missing files and reads the others in order', () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'b'), `h1 ssh-ed25519 ${ED}\n`);
      const { entries } = loadKnownHosts([join(dir, 'missing'), join(dir, 'b')]);
      expect(entries.map((e) => `${e.file}:${e.line}`)).toEqual([`${join(dir, 'b')}:1`]);
    } finally {
      cleanup();
    }
  });
});

describe('known_hosts host matching', () => {
  const entry = (hosts: string) => parseKnownHosts(`${hosts} ssh-ed25519 ${ED}`, '/kh').entries[0]!;

  it('names hosts like OpenSSH: bare on port 22, [host]:port otherwise, or the alias', () => {
    expect(knownHostsName('CVKNode11', 22)).toBe('cvknode11');
    expect(knownHostsName('10.0.0.11', 2222)).toBe('[10.0.0.11]:2222');
    expect(knownHostsName('10.0.0.11', 2222, 'Node11-Alias')).toBe('node11-alias');
  });

  it('matches comma lists, wildcards and negation, case-insensitively', () => {
    expect(hostMatches(entry('cvknode11,10.0.0.11'), '10.0.0.11')).toBe(true);
    expect(hostMatches(entry('CVKNODE11'), 'cvknode11')).toBe(true);
    expect(hostMatches(entry('10.0.0.*'), '10.0.0.99')).toBe(true);
    expect(hostMatches(entry('10.0.0.?'), '10.0.0.9')).toBe(true);
    expect(hostMatches(entry('10.0.0.?'), '10.0.0.')).toBe(false);
    expect(hostMatches(entry('10.0.0.*,!10.0.0.5'), '10.0.0.5')).toBe(false);
    expect(hostMatches(entry('10.0.0.11'), '[10.0.0.11]:2222')).toBe(false);
    expect(hostMatches(entry('[10.0.0.11]:2222'), '[10.0.0.11]:2222')).toBe(true);
    expect(hostMatches(entry('[10.0.0.11]:2222'), '10.0.0.11')).toBe(false);
  });

  it('matches hashed names written by ssh-keygen -H', () => {
    const [port, name, ip] = parseKnownHosts(HASHED, '/kh').entries;
    expect(hostMatches(port!, '[10.0.0.11]:2222')).toBe(true);
    expect(hostMatches(port!, '10.0.0.11')).toBe(false);
    expect(hostMatches(name!, 'cvknode11')).toBe(true);
    expect(hostMatches(ip!, '10.0.0.12')).toBe(true);
    expect(hostMatches(ip!, '10.0.0.13')).toBe(false);
  });

  it('hashes names the same way it matches them', () => {
    const e = entry(hashHostName('[127.0.0.7]:4022'));
    expect(e.hosts).toMatch(/^\|1\|[A-Za-z0-9+/]{27}=\|[A-Za-z0-9+/]{27}=$/);
    expect(hostMatches(e, '[127.0.0.7]:4022')).toBe(true);
    expect(hostMatches(e, '[127.0.0.7]:4023')).toBe(false);
  });
});

describe('host key verdicts', () => {
  it('prints fingerprints like ssh-keygen -l', () => {
    expect(fingerprint(edKey)).toBe(ED_FP);
    expect(fingerprint(ecKey)).toBe(EC_FP);
    expect(keyBlobType(ecKey)).toBe('ecdsa-sha2-nistp256');
  });

  it('knows a recorded key, and spots a changed one with the entry it contradicts', () => {
    const other = Buffer.from(generateKeyPair().public.split(' ')[1]!, 'base64');
    const { entries } = parseKnownHosts(`x ssh-ed25519 ${ED}\nh1 ssh-ed25519 ${ED}\n`, '/kh');
    expect(checkHostKey(entries, 'h1', edKey)).toMatchObject({ status: 'known', entry: { line: 2 } });
    const changed = checkHostKey(entries, 'h1', other);
    expect(changed.status).toBe('changed');
    expect(changed.status === 'changed' && changed.expected.map((e) => e.line)).toEqual([2]);
  });

  it('tells "known only with other key types" apart from unknown', () => {
    const { entries } = parseKnownHosts(`h1 ecdsa-sha2-nistp256 ${EC}\n`, '/kh');
    expect(checkHostKey(entries, 'h1', edKey)).toMatchObject({ status: 'other-types', known: [{ keyType: 'ecdsa-sha2-nistp256' }] });
    expect(checkHostKey(entries, 'h2', edKey)).toEqual({ status: 'unknown' });
  });

  it('refuses a revoked key even when it is also recorded as valid, and ignores @cert-authority', () => {
    const { entries } = parseKnownHosts(`h1 ssh-ed25519 ${ED}\n@revoked * ssh-ed25519 ${ED}\n@cert-authority h2 ssh-ed25519 ${ED}\n`, '/kh');
    expect(checkHostKey(entries, 'h1', edKey)).toMatchObject({ status: 'revoked', entry: { line: 2 } });
    expect(checkHostKey(entries.filter((e) => e.marker !== 'revoked'), 'h2', edKey)).toEqual({ status: 'unknown' });
  });

  it('offers the key types already known for the host first', () => {
    const { entries } = parseKnownHosts(`h1 ecdsa-sha2-nistp256 ${EC}\nh2 ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7\n`, '/kh');
    expect(preferredHostKeyAlgorithms(entries, 'h1').slice(0, 2)).toEqual(['ecdsa-sha2-nistp256', 'ssh-ed25519']);
    expect(preferredHostKeyAlgorithms(entries, 'h9')[0]).toBe('ssh-ed25519');
    expect(preferredHostKeyAlgorithms(entries, 'h1')).toHaveLength(7);
  });
});

describe('recording accepted keys', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('creates the directory (0700) and file (0600) and appends plain or hashed lines', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = join(t.dir, 'new', '.ssh', 'known_hosts');
    appendKnownHost(file, '[127.0.0.9]:2200', edKey, false);
    expect(statSync(join(t.dir, 'new', '.ssh')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const hashedLine = appendKnownHost(file, 'cvknode11', ecKey, true);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe(`[127.0.0.9]:2200 ssh-ed25519 ${ED}`);
    expect(lines[1]).toBe(hashedLine);
    expect(lines[1]).toMatch(/^\|1\|\S+\|\S+ ecdsa-sha2-nistp256 /);
    const { entries } = loadKnownHosts([file]);
    expect(checkHostKey(entries, 'cvknode11', ecKey).status).toBe('known');
    expect(checkHostKey(entries, '[127.0.0.9]:2200', edKey).status).toBe('known');
  });

  it('starts a new line when the file does not end with one', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = join(t.dir, 'kh');
    writeFileSync(file, `h1 ssh-ed25519 ${ED}`);
    appendKnownHost(file, 'h2', ecKey, false);
    expect(readFileSync(file, 'utf8')).toBe(`h1 ssh-ed25519 ${ED}\nh2 ecdsa-sha2-nistp256 ${EC}\n`);
    expect(existsSync(file)).toBe(true);
  });
});

describe('known_hosts read once per run', () => {
  it('parses an unchanged file once for every connection, and again after it changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'usdiag-kh-once-'));
    try {
      const file = join(dir, 'known_hosts');
      const key = generateKeyPair().public;
      writeFileSync(file, `10.0.0.1 ${key.trim()}\n`);
      const first = loadKnownHosts([file]);
      // the same parse object: nothing read or parsed again
      expect(loadKnownHosts([file])).toBe(first);
      appendFileSync(file, `10.0.0.2 ${key.trim()}\n`);
      const again = loadKnownHosts([file]);
      expect(again).not.toBe(first);
      expect(again.entries.map((e) => e.hosts)).toEqual(['10.0.0.1', '10.0.0.2']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
