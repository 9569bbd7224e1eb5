/**
 * --sudo in the read-only policy: the prepared line is wrapped whole in
 * `sudo -n -- /bin/sh -c '...'`, the inner line is exactly the one the
 * policy builds without sudo, and parseWire reads back only wrappers the
 * policy itself makes (so the simulated hosts and the denylist see the
 * same command as without sudo).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseWire, prepare, SUDO_PREFIX, SUDO_REFUSED } from '../../src/transport/policy.js';
import { splitShellLine } from '../../src/transport/command.js';
import { sudoRefusal } from '../../src/engine/sudo.js';
import { runCli } from '../support/cli.js';
import { violations } from '../support/denylist.js';

const HOSTILE = { argv: ['ls', '-l', "/vms/it's $(reboot) `halt`; rm -rf /"], pipe: [['grep', '-a', '-e', "a'b|c"], ['tail', '-n', '5']] };

describe('sudo -n wrapping', () => {
  it('wraps the exact policy line in one single-quoted word for root\'s /bin/sh', () => {
    const plain = prepare(HOSTILE, { timeoutSec: 30 });
    const sudo = prepare(HOSTILE, { timeoutSec: 30, sudo: true });
    expect(sudo.wire.startsWith(SUDO_PREFIX)).toBe(true);
    expect(sudo.sudo).toBe(true);
    expect(sudo.key).toBe(plain.key);
    // What the login shell hands sudo: sudo, -n, --, /bin/sh, -c and the plain line as one word.
    const words = splitShellLine(sudo.wire);
    expect(words.syntax).toEqual([]);
    expect(words.stages).toEqual([['sudo', '-n', '--', '/bin/sh', '-c', plain.wire]]);
    expect(parseWire(sudo.wire)).toEqual({ ...parseWire(plain.wire), sudo: true });
  });

  it('is what a real POSIX shell hands to sudo, word for word', () => {
    const sudo = prepare(HOSTILE, { timeoutSec: 30, sudo: true });
    const plain = prepare(HOSTILE, { timeoutSec: 30 });
    // sh prints the words it would pass to sudo, one per line, NUL-separated
    const out = execFileSync('/bin/sh', ['-c', `set -- ${sudo.wire.replace(/^sudo /, '')}; printf '%s\\0' "$@"`], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(['-n', '--', '/bin/sh', '-c', plain.wire]);
  });

  it('parseWire refuses wrappers the policy does not make', () => {
    const plain = prepare({ argv: ['uname', '-r'] }, { timeoutSec: 30 });
    const good = prepare({ argv: ['uname', '-r'] }, { timeoutSec: 30, sudo: true }).wire;
    expect(parseWire(good)?.command.argv).toEqual(['uname', '-r']);
    for (const bad of [
      `${SUDO_PREFIX}'${plain.wire}'; reboot`,
      `${SUDO_PREFIX}'${plain.wire}' extra`,
      `${SUDO_PREFIX}"${plain.wire}"`,
      `${SUDO_PREFIX}'reboot </dev/null'`,
      `${SUDO_PREFIX}'${good.replace(/'/g, `'\\''`)}'`,
      `sudo -S -- /bin/sh -c '${plain.wire}'`,
      `sudo -n -- /bin/bash -c '${plain.wire}'`,
    ]) expect(parseWire(bad), bad).toBeNull();
  });

  it('the test denylist still sees what runs inside the wrapper', () => {
    expect(violations([prepare({ argv: ['uname', '-r'] }, { timeoutSec: 30, sudo: true }).wire])).toEqual([]);
    expect(violations([`${SUDO_PREFIX}'LC_ALL=C timeout -k 2 30 reboot </dev/null'`]).length).toBeGreaterThan(0);
  });

  it('recognises sudo\'s refusals, not a command\'s own output', () => {
    for (const line of [
      'sudo: a password is required',
      'admin is not in the sudoers file.  This incident will be reported.',
      "Sorry, user admin is not allowed to execute '/bin/sh -c uname' as root on cvknode11.",
      'sudo: sorry, you must have a tty to run sudo',
    ]) {
      expect(SUDO_REFUSED.test(line), line).toBe(true);
      expect(sudoRefusal({ stderr: `${line}\n`, exitCode: 1 })).toBe(line.trim());
    }
    expect(sudoRefusal({ stderr: 'grep: /etc/x: No such file or directory\n', exitCode: 2 })).toBeUndefined();
    expect(sudoRefusal({ stderr: 'sudo: a password is required\n', exitCode: 0 })).toBeUndefined();
  });

  it('usdiag policy test --sudo shows the wrapped line', async () => {
    const r = await runCli(['policy', 'test', '--sudo', '--', 'multipath', '-ll']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("sudo -n -- /bin/sh -c 'LC_ALL=C timeout -k 2 30 multipath -ll </dev/null'");
    const refused = await runCli(['policy', 'test', '--sudo', '--', 'reboot']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).not.toContain('sudo -n');
  });
});
