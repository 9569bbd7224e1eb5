/**
 * `usdiag check` against a real OpenSSH server: OpenSSH's key exchange,
 * public-key authentication and known_hosts handling, end to end through the
 * CLI, with the platform commands answered by fixture stand-ins.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { runCli } from '../support/cli.js';
import { hostDir } from '../support/fixture-run.js';
import { type OpenSshd, sshdUnavailableReason, startOpenSshd } from '../support/openssh.js';
import { tempDir } from '../support/sim.js';

const unavailable = sshdUnavailableReason();

describe.skipIf(unavailable !== null)('usdiag check through OpenSSH sshd', () => {
  let sshd: OpenSshd;
  let dir: string;
  let cleanup: () => void;
  beforeAll(async () => {
    sshd = await startOpenSshd(hostDir('multipath-wwid', 'one-path-failed'));
    ({ dir, cleanup } = tempDir());
  });
  afterAll(async () => {
    await sshd?.stop();
    cleanup?.();
  });

  const args = (knownHosts: string, extra: string[] = []) => [
    'check', 'multipath-wwid,nic-packet-loss',
    '--host', `${sshd.user}@${sshd.address}:${sshd.port}`, '--role', 'vks',
    '--identity', sshd.identityPath, '--known-hosts', knownHosts,
    '--ssh-config', join(dir, 'no-ssh-config'), '--sample-seconds', '1', '--format', 'json', ...extra,
  ];

  it('checks the host and finds the failed path', async () => {
    const r = await runCli(args(sshd.knownHostsPath), { env: { SSH_AUTH_SOCK: '' } });
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.results.map((x) => [x.check, x.status])).toEqual([['multipath-wwid', 'warn'], ['nic-packet-loss', 'ok']]);
    expect(report.results[0]!.summary).toBe('multipath map mpatha (36000eb34fe49de76000000000004064): 1 of 2 paths failed (sdd)');
    expect(r.code).toBe(1);
  });

  it('refuses an unknown host key unless --accept-new, then records and trusts it', async () => {
    const kh = join(dir, 'known_hosts_new');
    const refused = await runCli(args(kh), { env: { SSH_AUTH_SOCK: '' } });
    const report = reportSchema.parse(JSON.parse(refused.stdout));
    expect(report.results.every((x) => x.status === 'error')).toBe(true);
    expect(report.hosts[0]!.error).toMatch(/host key/i);
    expect(refused.code).toBe(3);
    const accepted = await runCli(args(kh, ['--accept-new']), { env: { SSH_AUTH_SOCK: '' } });
    expect(accepted.code).toBe(1);
    expect(readFileSync(kh, 'utf8')).toContain(sshd.knownHostsLine.split(' ').slice(1).join(' '));
    const trusted = await runCli(args(kh), { env: { SSH_AUTH_SOCK: '' } });
    expect(trusted.code).toBe(1);
  });

  it('always refuses a changed host key, naming both fingerprints', async () => {
    const kh = join(dir, 'known_hosts_changed');
    copyFileSync(sshd.knownHostsPath, kh);
    const other = 'AAAAC3NzaC1lZDI1NTE5AAAAIBR0i1dvz4zMQsfcS7yvzl1qZJ3Vv4W2dSmwGsEVfXQ5';
    const line = readFileSync(kh, 'utf8').trim().split(' ');
    writeFileSync(kh, `${line[0]} ${line[1]} ${other}\n`);
    const r = await runCli(args(kh, ['--accept-new']), { env: { SSH_AUTH_SOCK: '' } });
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.hosts[0]!.error).toMatch(/SHA256:\S+.*SHA256:\S+/s);
    expect(report.results.every((x) => x.status === 'error')).toBe(true);
    expect(r.code).toBe(3);
  });
});
