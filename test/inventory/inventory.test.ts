import { describe, expect, it } from 'vitest';
import { ConfigError, parseInventory } from '../../src/inventory/inventory.js';

const ok = `defaults:
  user: root
  port: 22
  identityFile: ~/.ssh/id_ed25519
hosts:
  - name: cvknode11
    address: 172.16.51.11
    role: vks
    port: 2222
  - name: vms1
    address: 172.16.51.2
    role: [vms, vks]
    cluster: c1
  - name: bare
    address: 10.0.0.9
`;

function errorOf(src: string): ConfigError {
  try {
    parseInventory(src, 'hosts.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('inventory', () => {
  it('reads the contract shape with defaults applied per host', () => {
    const inv = parseInventory(ok, 'hosts.yaml');
    expect(inv.hosts.map((h) => [h.name, h.address, h.port, h.user, h.roles])).toEqual([
      ['cvknode11', '172.16.51.11', 2222, 'root', ['vks']],
      ['vms1', '172.16.51.2', 22, 'root', ['vms', 'vks']],
      ['bare', '10.0.0.9', 22, 'root', []],
    ]);
    expect(inv.hosts[0]!.identityFile).toMatch(/\/\.ssh\/id_ed25519$/);
    expect(inv.hosts[0]!.identityFile!.startsWith('~')).toBe(false);
    expect(inv.hosts[1]!.cluster).toBe('c1');
  });

  it('names an unknown key with its line', () => {
    const e = errorOf(ok.replace('    port: 2222', '    port: 2222\n    adress: 1.2.3.4'));
    expect(e.message).toBe('hosts.yaml:10: unknown key "hosts[0].adress"');
    expect(e.what.zh).toContain('未知的键');
  });

  it('names an unknown top-level key', () => {
    expect(errorOf(`${ok}extra: 1\n`).message).toBe('hosts.yaml:16: unknown key "extra"');
  });

  it('reports a wrong type at the value line', () => {
    expect(errorOf(ok.replace('port: 2222', 'port: "ssh"')).message).toBe('hosts.yaml:9: "hosts[0].port" must be a number');
    expect(errorOf(ok.replace('role: vks', 'role: cvk')).message).toMatch(/^hosts\.yaml:8: "hosts\[0\]\.role" must be vms, vks/);
  });

  it('reports a missing key at its host, and takes the name for a missing address', () => {
    expect(errorOf(ok.replace('  - name: cvknode11\n    address: 172.16.51.11\n', '  - address: 172.16.51.11\n')).message).toMatch(/^hosts\.yaml:\d+: missing required key "hosts\[0\]\.name"$/);
    const inv = parseInventory(ok.replace('    address: 172.16.51.11\n', ''), 'hosts.yaml');
    expect(inv.hosts[0]).toMatchObject({ name: 'cvknode11', address: 'cvknode11' });
  });

  it('reports YAML syntax errors with a line', () => {
    expect(errorOf('hosts:\n  - name: a\n   address: [\n').message).toMatch(/^hosts\.yaml:\d+: not valid YAML/);
  });

  it('refuses duplicate host names and empty host lists', () => {
    expect(errorOf(ok.replace('name: vms1', 'name: cvknode11')).message).toBe('hosts.yaml:10: host name "cvknode11" appears twice (also hosts[0])');
    expect(errorOf('hosts: []\n').message).toBe('hosts.yaml:1: "hosts" must list at least 1 entry');
  });
});
