/**
 * --dry-run: the first wave of commands per host, as they would go on the
 * wire, and the inventory and credentials validated, with no connection at
 * all (the simulated hosts record nothing and accept no connection).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkDefinition } from '../../checks/index.js';
import { prepare } from '../../src/transport/policy.js';
import { startSimCluster, type SimCluster } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { violations } from '../support/denylist.js';
import { hostDir } from '../support/fixture-run.js';

describe('--dry-run', () => {
  let cluster: SimCluster;
  beforeAll(async () => {
    cluster = await startSimCluster([{ profileDir: hostDir('vks-healthy'), name: 'cvknode11' }, { profileDir: hostDir('vms-healthy'), name: 'cvm01' }]);
  });
  afterAll(() => cluster.close());
  const noConfig = () => ['--ssh-config', join(cluster.dir, 'none')];

  it('prints the first wave per host exactly as sent, and connects to nothing', async () => {
    const r = await runCli(['check', 'multipath-wwid,ui-login', '--inventory', cluster.inventoryPath, '--dry-run', ...noConfig()], { env: { SSH_AUTH_SOCK: '' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(cluster.recorded()).toEqual([]);
    expect(cluster.hosts.every((h) => h.stats.connections === 0)).toBe(true);
    expect(r.stdout).toContain('Dry run: no host is contacted.');
    expect(r.stdout).toContain('depend on what these print');
    // multipath-wwid's needs on the VKS, exactly as the session prepares them (timeout 30)
    const [vks, vms] = r.stdout.split(/\n(?=cvm01 )/);
    const wireOf = (c: Parameters<typeof prepare>[0]) => prepare({ ...c, timeoutSec: 30 }, { timeoutSec: 30 }).wire;
    const uiLogin = new Set(checkDefinition('ui-login')!.needs!.map((n) => wireOf(n.command)));
    for (const need of checkDefinition('multipath-wwid')!.needs!) {
      const wire = wireOf(need.command);
      expect(vks).toContain(`\n  ${wire}\n`);
      if (!uiLogin.has(wire)) expect(vms).not.toContain(`\n  ${wire}\n`);
    }
    for (const need of checkDefinition('ui-login')!.needs!) {
      expect(vms).toContain(`\n  ${prepare({ ...need.command, timeoutSec: 30 }, { timeoutSec: 30 }).wire}\n`);
    }
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('  LC_ALL') || l.startsWith('  { LC_ALL'));
    expect(lines.length).toBeGreaterThan(3);
    expect(violations(lines.map((l) => l.slice(2)))).toEqual([]);
  });

  it('with --sudo shows the preflight and the wrapped lines; role probe when the role is unknown; json', async () => {
    const h = cluster.hosts[0]!;
    const r = await runCli(['check', 'multipath-wwid', '--host', `admin@${h.address}:${h.port}`, '--sudo', '--dry-run', '--format', 'json',
      '--identity', cluster.identityPath, '--known-hosts', cluster.knownHostsPath, ...noConfig()], { env: { SSH_AUTH_SOCK: '' } });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { valid: boolean; hosts: { user: string; sudo: boolean; commands: { key: string; wire: string; for: string[] }[] }[] };
    expect(out.valid).toBe(true);
    expect(out.hosts[0]!.user).toBe('admin');
    const cmds = out.hosts[0]!.commands;
    expect(cmds[0]).toEqual({ key: 'id -u', wire: "sudo -n -- /bin/sh -c 'LC_ALL=C timeout -k 2 30 id -u </dev/null'", for: ['sudo'] });
    expect(cmds.find((c) => c.key === 'ps -e -o comm=')?.for).toEqual(['roles']);
    expect(cmds.every((c) => c.wire.startsWith('sudo -n -- /bin/sh -c '))).toBe(true);
    expect(h.stats.connections).toBe(0);
  });

  it('validates the credentials: unreadable key, unset password variable, missing known_hosts; exit 64', async () => {
    const inv = join(cluster.dir, 'bad-inventory.yaml');
    writeFileSync(inv, stringify({
      hosts: [
        { name: 'a', address: '127.0.0.1', identityFile: join(cluster.dir, 'no_such_key'), knownHostsFile: cluster.knownHostsPath },
        { name: 'b', address: '127.0.0.1', passwordEnv: 'NO_SUCH_PASSWORD_VAR', knownHostsFile: join(cluster.dir, 'no_known_hosts') },
      ],
    }));
    const r = await runCli(['scan', '--inventory', inv, '--dry-run', ...noConfig()], { env: { SSH_AUTH_SOCK: '' } });
    expect(r.code).toBe(64);
    expect(r.stderr).toContain(`usdiag: a: identity file ${join(cluster.dir, 'no_such_key')} does not exist`);
    expect(r.stderr).toContain('usdiag: b: the password variable NO_SUCH_PASSWORD_VAR is not set');
    expect(r.stderr).toContain(`usdiag: b: known_hosts file ${join(cluster.dir, 'no_known_hosts')} does not exist`);
    // set, the variable is fine; --accept-new may create the known_hosts file
    const ok = await runCli(['scan', '--inventory', inv, '--dry-run', '--accept-new', '--identity', cluster.identityPath, ...noConfig()], { env: { SSH_AUTH_SOCK: '', NO_SUCH_PASSWORD_VAR: 'x' } });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(cluster.recorded()).toEqual([]);
  });

  it('an invalid inventory is refused as in a scan', async () => {
    const inv = join(cluster.dir, 'typo.yaml');
    writeFileSync(inv, 'hosts:\n  - name: a\n    adress: 10.0.0.1\n');
    const r = await runCli(['scan', '--inventory', inv, '--dry-run']);
    expect(r.code).toBe(64);
    expect(r.stderr).toBe(`usdiag: ${inv}:3: unknown key "hosts[0].adress"\n`);
  });
});
