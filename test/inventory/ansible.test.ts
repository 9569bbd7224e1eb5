import { describe, expect, it } from 'vitest';
import { expandHostPattern } from '../../src/inventory/ansible.js';
import { ConfigError, parseInventory } from '../../src/inventory/inventory.js';

const INI = `# the platform's own inventory
[vms]
cvm01 ansible_host=172.16.51.10

[cvk]
cvknode[11:13] ansible_user=admin
cvknode21 ansible_host=172.16.52.21 ansible_port=2222 ansible_ssh_private_key_file=~/.ssh/cas_key

[cluster0:children]
cvk

[cluster0:vars]
ansible_user=ops
ansible_become=true

[all:vars]
ansible_user=root
ansible_ssh_pass=Cloud@123
ntp_server=10.0.0.1
`;

const YAML = `all:
  vars:
    ansible_user: root
  children:
    vms:
      hosts:
        cvm01:
          ansible_host: 172.16.51.10
    vks:
      hosts:
        cvknode[11:12]:
          ansible_port: 2222
      vars:
        ansible_user: admin
`;

describe('Ansible inventories', () => {
  it('reads INI: groups to roles, ranges, host vars over group vars over all:vars, ignored vars named', () => {
    const inv = parseInventory(INI, 'hosts.ini');
    expect(inv.hosts.map((h) => [h.name, h.address, h.roles, h.user ?? '', h.port ?? ''])).toEqual([
      ['cvm01', '172.16.51.10', ['vms'], 'root', ''],
      ['cvknode11', 'cvknode11', ['vks'], 'admin', ''],
      ['cvknode12', 'cvknode12', ['vks'], 'admin', ''],
      ['cvknode13', 'cvknode13', ['vks'], 'admin', ''],
      ['cvknode21', '172.16.52.21', ['vks'], 'ops', 2222],
    ]);
    expect(inv.hosts.find((h) => h.name === 'cvknode21')!.identityFile).toMatch(/\/\.ssh\/cas_key$/);
    expect(inv.notes).toEqual(expect.arrayContaining([
      'hosts.ini:14: ansible_become ignored',
      'hosts.ini:18: ansible_ssh_pass ignored: usdiag takes passwords only from an environment variable or a prompt',
      'hosts.ini:19: ntp_server ignored',
    ]));
    // the password in the file is never used
    expect(JSON.stringify(inv.hosts)).not.toContain('Cloud@123');
  });

  it('reads an INI inventory without the .ini extension', () => {
    expect(parseInventory(INI, 'inventory').hosts).toHaveLength(5);
  });

  it('reads YAML: all, children, hosts, vars and ranges', () => {
    const inv = parseInventory(YAML, 'hosts.yml');
    expect(inv.hosts.map((h) => [h.name, h.address, h.roles, h.user, h.port])).toEqual([
      ['cvm01', '172.16.51.10', ['vms'], 'root', undefined],
      ['cvknode11', 'cvknode11', ['vks'], 'admin', 2222],
      ['cvknode12', 'cvknode12', ['vks'], 'admin', 2222],
    ]);
  });

  it('still reads usdiag\'s own inventory as before', () => {
    expect(parseInventory('hosts:\n  - name: a\n    address: 10.0.0.1\n', 'x.yaml').hosts[0]).toMatchObject({ name: 'a', address: '10.0.0.1' });
  });

  it.each([
    ['[vks]\ncvknode1 ansible_port=abc\n', 'hosts.ini:2: ansible_port must be a port number (got "abc")'],
    ['[vks]\ncvknode[5:1]\n', 'hosts.ini:2: host range [5:1] is empty or too large'],
    ['[vks\ncvknode1\n', 'hosts.ini:1: not an inventory section header: [vks'],
    ['[vks:vars]\nnot an assignment\n', 'hosts.ini:2: expected "name=value" in [vks:vars]'],
    ['[vks]\ncvk1 ansible_host="10.0.0.1\n', 'hosts.ini:2: a quote is not closed'],
    ['[vks]\n', 'hosts.ini: the Ansible inventory lists no hosts'],
  ])('says where an INI inventory is wrong: %j', (src, message) => {
    let err: unknown;
    try {
      parseInventory(src, 'hosts.ini');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe(message);
  });

  it('expands Ansible host ranges', () => {
    expect(expandHostPattern('node[08:11]', 'x')).toEqual(['node08', 'node09', 'node10', 'node11']);
    expect(expandHostPattern('rack[a:c]-[1:2]', 'x')).toEqual(['racka-1', 'racka-2', 'rackb-1', 'rackb-2', 'rackc-1', 'rackc-2']);
    expect(expandHostPattern('web[1:9:4]', 'x')).toEqual(['web1', 'web5', 'web9']);
  });
});

describe('an Ansible INI inventory end to end', () => {
  it('scans the simulated hosts it lists, roles from its groups', async () => {
    const { startSimCluster } = await import('../../src/sim/index.js');
    const { runCli } = await import('../support/cli.js');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { FIXTURES } = await import('../support/fixture-run.js');
    const chain = ['cvknode11', 'cvknode12', 'cvknode13'].map((h) => join(FIXTURES, 'hosts', 'storage-blocked', 'chain', h));
    const cluster = await startSimCluster(chain.map((profileDir) => ({ profileDir })));
    try {
      const ini = join(cluster.dir, 'hosts.ini');
      writeFileSync(ini, [
        '[cvk]',
        ...cluster.hosts.map((h) => `${h.name} ansible_host=${h.address} ansible_port=${h.port}`),
        '[all:vars]',
        `ansible_user=root`,
        `ansible_ssh_private_key_file=${cluster.identityPath}`,
        'ansible_python_interpreter=/usr/bin/python3',
        '',
      ].join('\n'));
      const r = await runCli(['check', 'storage-blocked', '--inventory', ini, '--known-hosts', cluster.knownHostsPath, '--format', 'json', '--sample-seconds', '1']);
      expect(r.stderr).toContain(`${ini}:${cluster.hosts.length + 5}: ansible_python_interpreter ignored`);
      const report = JSON.parse(r.stdout) as { hosts: Array<{ name: string; roles: string[]; roleSource: string }>; results: Array<{ host: string; status: string }> };
      expect(report.hosts.map((h) => [h.name, h.roles, h.roleSource])).toEqual(cluster.hosts.map((h) => [h.name, ['vks'], 'inventory']));
      expect(report.results.find((x) => x.host === 'cvknode11')!.status).toBe('fail');
    } finally {
      await cluster.close();
    }
  }, 30_000);
});
