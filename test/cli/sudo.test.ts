/**
 * --sudo end to end on simulated hosts with a non-root login: every command
 * arrives wrapped in `sudo -n`, the checks read the same outputs as root's,
 * and a sudo that wants a password or does not know the user is one clear
 * host error, never a row of empty outputs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { reportSchema } from '../../src/report/schema.js';
import { parseInventory } from '../../src/inventory/inventory.js';
import { SUDO_PREFIX } from '../../src/transport/policy.js';
import { runCli } from '../support/cli.js';
import { violations } from '../support/denylist.js';
import { hostDir } from '../support/fixture-run.js';
import { startTestHost, type TestHost } from '../support/sim.js';

const PROFILE = hostDir('multipath-wwid', 'one-path-failed');
let hosts: TestHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  hosts = [];
});

async function host(opts: Parameters<typeof startTestHost>[1] = {}) {
  const h = await startTestHost(PROFILE, { user: 'admin', ...opts });
  hosts.push(h);
  return h;
}

const args = (h: TestHost, extra: string[] = []) => [
  'check', 'multipath-wwid', '--host', `admin@${h.sim.address}:${h.sim.port}`, '--role', 'vks',
  '--identity', h.identityPath, '--known-hosts', h.knownHostsPath, '--ssh-config', join(h.dir, 'none'), '--format', 'json', ...extra,
];

describe('sudo in inventories', () => {
  it('reads sudo: true per host and under defaults', () => {
    const own = parseInventory('defaults:\n  sudo: true\nhosts:\n  - name: a\n  - name: b\n    sudo: false\n', 'inv.yaml');
    expect(own.hosts.map((h) => [h.name, h.sudo])).toEqual([['a', true], ['b', false]]);
  });
});

describe('--sudo on simulated hosts', () => {
  it('sends every command through sudo -n, the preflight first, and finds the fault', async () => {
    const h = await host();
    const r = await runCli(args(h, ['--sudo']), { env: { SSH_AUTH_SOCK: '' } });
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.results.map((x) => [x.check, x.status])).toEqual([['multipath-wwid', 'warn']]);
    expect(r.code).toBe(1);
    const wires = h.sim.recorded.map((c) => c.wire);
    expect(wires.length).toBeGreaterThan(2);
    expect(wires.every((w) => w.startsWith(SUDO_PREFIX))).toBe(true);
    expect(h.sim.recorded[0]!.key).toBe('id -u');
    expect(h.sim.recorded.every((c) => c.key !== null)).toBe(true);
    expect(violations(wires)).toEqual([]);
  });

  it('without --sudo nothing is wrapped', async () => {
    const h = await host();
    await runCli(args(h), { env: { SSH_AUTH_SOCK: '' } });
    expect(h.sim.recorded.length).toBeGreaterThan(0);
    expect(h.sim.recorded.some((c) => c.wire.includes('sudo'))).toBe(false);
  });

  it.each([
    ['password', /sudo -n refused: sudo: a password is required/],
    ['not-allowed', /sudo -n refused: admin is not in the sudoers file/],
  ] as const)('a sudo that answers %s is one host error, nothing else is sent', async (mode, why) => {
    const h = await host({ sudo: mode });
    const r = await runCli(args(h, ['--sudo']), { env: { SSH_AUTH_SOCK: '' } });
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.hosts[0]!.error).toMatch(why);
    expect(report.hosts[0]!.error).toContain('NOPASSWD');
    expect(report.hosts[0]!.problem).toBe('unreachable');
    expect(report.results.map((x) => x.status)).toEqual(['error']);
    expect(report.incidents.map((i) => i.kind)).toEqual(['host-unreachable']);
    expect(r.code).toBe(3);
    // only the preflight reached the host
    expect(h.sim.recorded).toHaveLength(1);
  });

  it('takes sudo: true per host from the inventory (and refuses a non-boolean)', async () => {
    const a = await host();
    const b = await startTestHost(hostDir('vks-healthy'), { address: '127.0.0.9' });
    hosts.push(b);
    const kh = join(a.dir, 'kh');
    writeFileSync(kh, `${a.sim.knownHostsLine}\n${b.sim.knownHostsLine}\n`);
    const inv = join(a.dir, 'inv.yaml');
    writeFileSync(inv, stringify({
      defaults: { knownHostsFile: kh },
      hosts: [
        { name: 'nonroot', address: a.sim.address, port: a.sim.port, user: 'admin', sudo: true, role: 'vks', identityFile: a.identityPath },
        { name: 'rootly', address: b.sim.address, port: b.sim.port, user: 'root', role: 'vks', identityFile: b.identityPath },
      ],
    }));
    const r = await runCli(['check', 'multipath-wwid', '--inventory', inv, '--ssh-config', join(a.dir, 'none'), '--format', 'json'], { env: { SSH_AUTH_SOCK: '' } });
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.results.map((x) => [x.host, x.status])).toEqual([['nonroot', 'warn'], ['rootly', 'ok']]);
    expect(a.sim.recorded.every((c) => c.wire.startsWith(SUDO_PREFIX))).toBe(true);
    expect(b.sim.recorded.some((c) => c.wire.includes('sudo'))).toBe(false);

    writeFileSync(inv, 'hosts:\n  - name: x\n    sudo: yes please\n');
    const bad = await runCli(['scan', '--inventory', inv]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toBe(`usdiag: ${inv}:3: "hosts[0].sudo" must be a boolean\n`);
  });
});
