import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJumpSpec, resolveSshTarget } from '../../src/transport/ssh/target.js';
import { TransportError } from '../../src/transport/types.js';
import { tempDir } from '../support/sim.js';

const GLOBAL_KNOWN = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];

describe('resolveSshTarget', () => {
  let home: string;
  let cleanup: () => void;
  let config: string;
  const ctx = () => ({ home, localUser: 'engineer' });
  const write = (text: string) => writeFileSync(config, text);
  const resolve = (input: Partial<Parameters<typeof resolveSshTarget>[0]> & { address: string }) =>
    resolveSshTarget({ name: input.address, ...input }, config, ctx());

  beforeEach(() => {
    const t = tempDir('usdiag-home-');
    home = t.dir;
    cleanup = t.cleanup;
    mkdirSync(join(home, '.ssh'));
    config = join(home, '.ssh', 'config');
  });
  afterEach(() => cleanup());

  it('uses OpenSSH defaults without a config file: local user, port 22, the default keys that exist', () => {
    writeFileSync(join(home, '.ssh', 'id_ed25519'), 'k');
    writeFileSync(join(home, '.ssh', 'id_rsa'), 'k');
    expect(resolve({ address: '172.16.51.11', name: 'cvknode11' })).toEqual({
      name: 'cvknode11',
      host: '172.16.51.11',
      port: 22,
      user: 'engineer',
      identityFiles: [join(home, '.ssh', 'id_ed25519'), join(home, '.ssh', 'id_rsa')],
      knownHostsFiles: [join(home, '.ssh', 'known_hosts'), join(home, '.ssh', 'known_hosts2'), ...GLOBAL_KNOWN],
      hostKeyAlias: undefined,
      proxyJump: undefined,
      hashKnownHosts: undefined,
    });
  });

  it('applies Host patterns: wildcards, ? as one character, negation, first value wins, case-insensitive', () => {
    write(`
# site config
Host cvknode1? !cvknode13
  User ops
  Port 2222

Host cvknode*
  User wrong
  Port 2200
  IdentityFile ~/.ssh/lab_%h_%r_%p

Host *
  IdentityFile %d/.ssh/all_%u
  UserKnownHostsFile ~/.ssh/kh_a "~/.ssh/kh b"
  HashKnownHosts yes
`);
    const t12 = resolve({ address: 'cvknode12' });
    expect(t12).toMatchObject({ host: 'cvknode12', user: 'ops', port: 2222, hashKnownHosts: true });
    expect(t12.identityFiles).toEqual([join(home, '.ssh', 'lab_cvknode12_ops_2222'), join(home, '.ssh', 'all_engineer')]);
    expect(t12.knownHostsFiles).toEqual([join(home, '.ssh', 'kh_a'), join(home, '.ssh', 'kh b'), ...GLOBAL_KNOWN]);
    expect(resolve({ address: 'cvknode13' })).toMatchObject({ user: 'wrong', port: 2200 });
    expect(resolve({ address: 'CVKNODE12' })).toMatchObject({ user: 'ops', port: 2222 });
    expect(resolve({ address: 'cvknode1' })).toMatchObject({ user: 'wrong', port: 2200 });
    expect(resolve({ address: 'other' })).toMatchObject({ user: 'engineer', port: 22, identityFiles: [join(home, '.ssh', 'all_engineer')] });
  });

  it('lets explicit inventory/CLI values beat the config file', () => {
    write('Host *\n  User ops\n  Port 2222\n  IdentityFile ~/.ssh/site_key\n  UserKnownHostsFile ~/.ssh/site_known\n');
    const t = resolve({ address: '10.0.0.11', user: 'root', port: 22, identityFile: '~/keys/usphere', knownHostsFile: '/srv/kh' });
    expect(t).toMatchObject({ user: 'root', port: 22 });
    expect(t.identityFiles).toEqual([join(home, 'keys', 'usphere'), join(home, '.ssh', 'site_key')]);
    expect(t.knownHostsFiles).toEqual(['/srv/kh', ...GLOBAL_KNOWN]);
  });

  it('resolves HostName and HostKeyAlias; %h means the resolved host name', () => {
    write('Host vks11\n  HostName 10.1.1.11\n  HostKeyAlias vks11-key\n  IdentityFile ~/.ssh/key_%h_%n\n');
    expect(resolve({ address: 'vks11' })).toMatchObject({
      host: '10.1.1.11',
      hostKeyAlias: 'vks11-key',
      identityFiles: [join(home, '.ssh', 'key_10.1.1.11_vks11')],
    });
  });

  it('resolves a ProxyJump through the jump host\'s own config entry', () => {
    write([
      'Host 172.16.*',
      '  ProxyJump admin@bastion:2200',
      'Host bastion',
      '  HostName 10.0.0.1',
      '  Port 2022',
      '  IdentityFile ~/.ssh/bastion_key',
      'Host jumpy',
      '  User jumper',
      'Host 192.168.*',
      '  ProxyJump jumpy',
    ].join('\n'));
    expect(resolve({ address: '172.16.51.11', identityFile: '/keys/site' }).proxyJump).toEqual({
      host: '10.0.0.1', port: 2200, user: 'admin', identityFiles: [join(home, '.ssh', 'bastion_key'), '/keys/site'],
    });
    expect(resolve({ address: '192.168.1.5' }).proxyJump).toEqual({ host: 'jumpy', port: 22, user: 'jumper', identityFiles: [] });
    expect(resolve({ address: '10.0.0.5' }).proxyJump).toBeUndefined();
  });

  it('lets an inventory ProxyJump (or "none") beat the config, and carries the host\'s password variable', () => {
    write('Host 172.16.*\n  ProxyJump admin@bastion:2200\n  ProxyCommand nc %h %p\n');
    expect(resolve({ address: '172.16.51.11', proxyJump: 'ops@jump2' }).proxyJump).toEqual({ host: 'jump2', port: 22, user: 'ops', identityFiles: [] });
    expect(resolve({ address: '172.16.51.11', proxyJump: 'none' }).proxyJump).toBeUndefined();
    expect(resolve({ address: '10.0.0.1', passwordEnv: 'SITE_A_PW' }).passwordEnv).toBe('SITE_A_PW');
  });

  it('refuses what it cannot do faithfully: two jump hops, ProxyCommand, bad ports, unknown tokens', () => {
    write([
      'Host twohops', '  ProxyJump a,b',
      'Host chained', '  ProxyJump j1',
      'Host j1', '  ProxyJump j2',
      'Host pc', '  ProxyCommand nc %h %p',
      'Host badport', '  Port 99999',
      'Host token', '  IdentityFile ~/.ssh/%C',
    ].join('\n'));
    const kindOf = (address: string) => {
      try {
        resolve({ address });
        return 'resolved';
      } catch (e) {
        return `${(e as TransportError).kind}: ${(e as Error).message}`;
      }
    };
    expect(kindOf('twohops')).toBe('config: ProxyJump a,b: usdiag supports exactly one jump host (got 2)');
    expect(kindOf('chained')).toBe('config: ProxyJump j1: the jump host has its own ProxyJump j2; usdiag supports one hop');
    expect(kindOf('pc')).toBe(`config: ${config}: ProxyCommand for pc is not supported; use ProxyJump`);
    expect(kindOf('badport')).toBe(`config: ${config}: Port: "99999" is not a TCP port`);
    expect(kindOf('token')).toBe('config: IdentityFile ~/.ssh/%C: token %C is not supported');
    expect(() => resolveSshTarget({ name: 'x', address: 'x', port: 0 }, config, ctx())).toThrow(TransportError);
  });

  it('follows Include (relative to ~/.ssh, with wildcards in the file name)', () => {
    mkdirSync(join(home, '.ssh', 'conf.d'));
    writeFileSync(join(home, '.ssh', 'conf.d', '10-site.conf'), 'Host site-*\n  User siteuser\n');
    writeFileSync(join(home, '.ssh', 'conf.d', '20-more.conf'), 'Host site-b\n  Port 2201\n');
    writeFileSync(join(home, '.ssh', 'conf.d', 'ignored.txt'), 'Host site-*\n  Port 1\n');
    write('Include conf.d/*.conf\nHost *\n  User fallback\n');
    expect(resolve({ address: 'site-b' })).toMatchObject({ user: 'siteuser', port: 2201 });
    expect(resolve({ address: 'elsewhere' })).toMatchObject({ user: 'fallback', port: 22 });
  });

  it('evaluates Match host/user/all but never runs Match exec', () => {
    const marker = join(home, 'exec-ran');
    write([
      `Match exec "touch ${marker}"`,
      '  Port 1111',
      'Match host 10.9.* user root',
      '  Port 2222',
      'Match originalhost db* !user root',
      '  Port 3333',
      'Match all',
      '  User everyone',
    ].join('\n'));
    expect(resolve({ address: '10.9.0.1', user: 'root' })).toMatchObject({ port: 2222, user: 'root' });
    expect(resolve({ address: 'db1' })).toMatchObject({ port: 3333, user: 'everyone' });
    expect(resolve({ address: 'db1', user: 'root' }).port).toBe(22);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('parseJumpSpec', () => {
  it.each([
    ['bastion', { host: 'bastion' }],
    ['admin@bastion', { host: 'bastion', user: 'admin' }],
    ['admin@10.0.0.1:2222', { host: '10.0.0.1', port: 2222, user: 'admin' }],
    ['[fe80::1]:2200', { host: 'fe80::1', port: 2200 }],
    ['ssh://ops@jump.lab:22', { host: 'jump.lab', port: 22, user: 'ops' }],
  ])('%s', (spec, want) => {
    expect(parseJumpSpec(spec)).toEqual(want);
  });

  it('rejects a port that is not one', () => {
    expect(() => parseJumpSpec('h:http')).toThrow(/not a TCP port/);
    expect(() => parseJumpSpec('@h')).toThrow(/not \[user@\]host\[:port\]/);
  });
});
