import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { assignLoopbacks, startSimCluster } from '../../src/sim/cluster.js';
import { resolveSshTarget } from '../../src/transport/ssh/target.js';
import { createSshTransport } from '../../src/transport/ssh/transport.js';
import { prep, sshOptions, tempDir, testHostDir } from '../support/sim.js';

interface InventoryHost {
  name: string;
  address: string;
  port: number;
  role?: string | string[];
}

describe('simulated cluster', () => {
  it('starts one host per profile on its own loopback address and writes key, known_hosts and inventory', async () => {
    const cluster = await startSimCluster([
      { profileDir: testHostDir('sim-vms') },
      { profileDir: testHostDir('sim-vks') },
      { profileDir: testHostDir('sim-vks-b'), name: 'cvknode32-renamed' },
    ]);
    try {
      expect(cluster.hosts.map((h) => [h.name, h.address])).toEqual([
        ['cvmnode30', '127.0.0.30'],
        ['cvknode31', '127.0.0.31'],
        ['cvknode32-renamed', '127.0.0.2'],
      ]);
      expect(statSync(cluster.identityPath).mode & 0o777).toBe(0o600);
      expect(readFileSync(cluster.identityPath, 'utf8')).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
      expect(readFileSync(cluster.knownHostsPath, 'utf8').trim().split('\n')).toEqual(cluster.hosts.map((h) => h.knownHostsLine));

      const inventory = parseYaml(readFileSync(cluster.inventoryPath, 'utf8')) as { defaults: Record<string, string>; hosts: InventoryHost[] };
      expect(inventory.defaults).toEqual({ user: 'root', identityFile: cluster.identityPath, knownHostsFile: cluster.knownHostsPath });
      expect(inventory.hosts).toEqual([
        { name: 'cvmnode30', address: '127.0.0.30', port: cluster.hosts[0]!.port, role: ['vms', 'vks'] },
        { name: 'cvknode31', address: '127.0.0.31', port: cluster.hosts[1]!.port, role: 'vks' },
        { name: 'cvknode32-renamed', address: '127.0.0.2', port: cluster.hosts[2]!.port, role: 'vks' },
      ]);

      // Reach every host the way usdiag would from the inventory: address, port, user, key, known_hosts.
      const outputs = await Promise.all(inventory.hosts.map(async (h) => {
        const target = resolveSshTarget(
          { name: h.name, address: h.address, port: h.port, user: inventory.defaults.user, identityFile: inventory.defaults.identityFile, knownHostsFile: inventory.defaults.knownHostsFile },
          join(cluster.dir, 'no-ssh-config'),
        );
        const t = createSshTransport(target, sshOptions());
        try {
          return (await t.exec(prep(['hostname']), { timeoutMs: 5000 })).stdout;
        } finally {
          await t.close();
        }
      }));
      expect(outputs).toEqual(['cvmnode30\n', 'cvknode31\n', 'cvknode32\n']);
      expect(cluster.recorded().map((c) => [c.host, c.key])).toEqual(
        expect.arrayContaining([['cvmnode30', 'hostname'], ['cvknode31', 'hostname'], ['cvknode32-renamed', 'hostname']]),
      );
      expect(cluster.recorded()).toHaveLength(3);
    } finally {
      await cluster.close();
    }
    expect(existsSync(cluster.dir)).toBe(false);
  });

  it('keeps a directory it was given', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const cluster = await startSimCluster([{ profileDir: testHostDir('sim-vks') }], { dir: join(dir, 'demo') });
      await cluster.close();
      expect(existsSync(join(dir, 'demo', 'inventory.yaml'))).toBe(true);
    } finally {
      cleanup();
    }
  });
});

describe('assignLoopbacks', () => {
  it('keeps 127.x addresses from profiles and allocates free ones for the rest', () => {
    expect(assignLoopbacks(['127.0.0.3', '172.16.51.11', 'cvknode12', '127.0.0.2'])).toEqual(['127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.2']);
  });

  it('moves to the next octet past .254 and rejects two profiles on one address', () => {
    const many = assignLoopbacks(Array(260).fill('10.0.0.1'));
    expect(many[252]).toBe('127.0.0.254');
    expect(many[253]).toBe('127.0.1.1');
    expect(new Set(many).size).toBe(260);
    expect(() => assignLoopbacks(['127.0.0.9', '127.0.0.9'])).toThrow('two simulated hosts ask for the same address 127.0.0.9');
  });
});
