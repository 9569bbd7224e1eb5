/**
 * --sudo against a real OpenSSH server and the real sudo, with a non-root
 * login: a temporary user (useradd, only when this runs as root) allowed
 * NOPASSWD by a temporary drop-in in /etc/sudoers.d, both removed afterwards.
 * The stand-ins are found by root through the drop-in's secure_path.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { runCli } from '../support/cli.js';
import { hostDir } from '../support/fixture-run.js';
import { type OpenSshd, sshdUnavailableReason, startOpenSshd } from '../support/openssh.js';
import { tempDir } from '../support/sim.js';

const USER = `usdsudo${process.pid % 100000}`;
const DROP_IN = `/etc/sudoers.d/usdiag-test-${USER}`;

function unavailable(): string | null {
  const sshd = sshdUnavailableReason();
  if (sshd) return sshd;
  if (process.getuid?.() !== 0) return 'not running as root: cannot create a temporary user and sudoers drop-in';
  if (!existsSync('/usr/sbin/useradd')) return 'useradd is missing';
  if (!existsSync('/usr/bin/sudo')) return 'sudo is missing (Debian package sudo; .ci/run installs it)';
  if (!existsSync('/etc/sudoers.d')) return '/etc/sudoers.d does not exist';
  return null;
}

const reason = unavailable();
if (reason) console.warn(`skipping the OpenSSH --sudo tests: ${reason}`);

describe.skipIf(reason !== null)('--sudo through OpenSSH and the real sudo, non-root login', () => {
  let sshd: OpenSshd;
  let dir: string;
  let cleanup: () => void;
  const sudoers = (rule: string) => {
    const body = `Defaults:${USER} secure_path="${sshd.binDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\n${USER} ALL=(root) ${rule}\n`;
    const tmp = join(dir, 'sudoers');
    writeFileSync(tmp, body, { mode: 0o440 });
    // visudo -c: a broken drop-in would break sudo for the whole machine
    if (existsSync('/usr/sbin/visudo')) execFileSync('/usr/sbin/visudo', ['-cqf', tmp]);
    writeFileSync(DROP_IN, body, { mode: 0o440 });
  };
  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    // '*' as the password: no password login, but not a locked account (sshd refuses those to keys too)
    execFileSync('/usr/sbin/useradd', ['-M', '-N', '-d', '/nonexistent', '-s', '/bin/sh', '-p', '*', USER]);
    sshd = await startOpenSshd(hostDir('multipath-wwid', 'one-path-failed'), { extraUsers: [USER] });
  });
  afterAll(async () => {
    rmSync(DROP_IN, { force: true });
    await sshd?.stop();
    try {
      execFileSync('/usr/sbin/userdel', [USER], { stdio: 'ignore' });
    } catch {
      // already gone
    }
    cleanup?.();
  });

  const args = (extra: string[] = []) => [
    'check', 'multipath-wwid', '--host', `${USER}@${sshd.address}:${sshd.port}`, '--role', 'vks',
    '--identity', sshd.identityPath, '--known-hosts', sshd.knownHostsPath, '--ssh-config', join(dir, 'none'), '--format', 'json', ...extra,
  ];

  it('runs the checks as root through sudo -n and finds the fault', async () => {
    sudoers('NOPASSWD: ALL');
    const r = await runCli(args(['--sudo']), { env: { SSH_AUTH_SOCK: '' } });
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.hosts[0]!.error, sshd.log()).toBeUndefined();
    expect(report.results.map((x) => [x.check, x.status])).toEqual([['multipath-wwid', 'warn']]);
    expect(report.results[0]!.summary).toBe('multipath map mpatha (36000eb34fe49de76000000000004064): 1 of 2 paths failed (sdd)');
    expect(r.code).toBe(1);
  });

  it('without --sudo the same login does not see the stand-ins (the read fails, never an ok)', async () => {
    sudoers('NOPASSWD: ALL');
    const r = await runCli(args(), { env: { SSH_AUTH_SOCK: '' } });
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.results[0]!.status).not.toBe('ok');
  });

  it('a sudo that wants a password is one clear host error', async () => {
    sudoers('ALL');
    const r = await runCli(args(['--sudo']), { env: { SSH_AUTH_SOCK: '' } });
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.hosts[0]!.error).toMatch(/^sudo -n refused: sudo: a password is required/);
    expect(report.results.map((x) => x.status)).toEqual(['error']);
    expect(r.code).toBe(3);
  });
});
