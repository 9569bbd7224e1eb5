/**
 * The independent denylist, and the policy, over every command the checks
 * emit (every fixture command: a command missing from the fixtures shows up as
 * "missing" in the check tests) and over known mutating command lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellJoin, splitShellLine } from '../../src/transport/command.js';
import { prepare, refusalReason } from '../../src/transport/policy.js';
import { READ_ONLY_PROGRAMS } from '../../src/transport/read-only-programs.js';
import { denylistViolation } from '../support/denylist.js';
import { FIXTURES } from '../support/fixture-run.js';
import { asCommand, GUARDS, HARMLESS, HOLES, STILL_ALLOWED } from '../support/read-only-holes.js';

function commandFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return commandFiles(p);
    return n === 'command' ? [p] : [];
  });
}

const keys = [...new Set(['hosts', 'demo'].flatMap((d) => commandFiles(join(FIXTURES, d))).map((f) => readFileSync(f, 'utf8').trim()))];

describe('every command the checks emit', () => {
  it('is a real set', () => {
    expect(keys.length).toBeGreaterThan(80);
  });

  it.each(keys)('%s passes the policy and the denylist', (key) => {
    const { stages, syntax } = splitShellLine(key);
    expect(syntax).toEqual([]);
    // A program that sends packets (arping -D) is emitted only as an active command of a run with --active-probes.
    const active = READ_ONLY_PROGRAMS[stages[0]![0]!]?.active === true;
    const command = { argv: stages[0]!, ...(stages.length > 1 ? { pipe: stages.slice(1) } : {}), ...(active ? { active: true as const } : {}) };
    expect(refusalReason(command, { allowActive: active })).toBeNull();
    expect(denylistViolation(prepare(command, { timeoutSec: 30, allowActive: active }).wire)).toBeNull();
  });
});

describe('the denylist catches what must never reach a host', () => {
  it.each([
    'LC_ALL=C timeout -k 2 30 qemu-img check -r all /vms/a.qcow2',
    "LC_ALL=C timeout -k 2 30 qcow2.py /vms/a.qcow2 set-header nb_snapshots 0",
    'LC_ALL=C timeout -k 2 30 virsh destroy vm1',
    'LC_ALL=C timeout -k 2 30 ovs-vsctl set Interface eth0 mtu_request=9000',
    'LC_ALL=C timeout -k 2 30 systemctl restart libvirtd',
    'LC_ALL=C timeout -k 2 30 service tomcat8 restart',
    'LC_ALL=C timeout -k 2 30 reboot',
    'LC_ALL=C timeout -k 2 30 fsck.ocfs2 -fpy /dev/dm-0',
    'LC_ALL=C timeout -k 2 30 multipath -F',
    'LC_ALL=C timeout -k 2 30 cat /etc/passwd > /tmp/x',
    'LC_ALL=C timeout -k 2 30 df -P; reboot',
    'LC_ALL=C timeout -k 2 30 df -P && rm -rf /',
    'LC_ALL=C timeout -k 2 30 df $(reboot)',
    'LC_ALL=C timeout -k 2 30 df `reboot`',
    'LC_ALL=C timeout -k 2 30 ip link set eth0 down',
    'LC_ALL=C timeout -k 2 30 kill -9 27904',
    'LC_ALL=C timeout -k 2 30 tail -f /var/log/syslog',
  ])('%s', (wire) => {
    expect(denylistViolation(wire)).not.toBeNull();
  });

  it('does not mistake quoted data for commands', () => {
    expect(denylistViolation("LC_ALL=C timeout -k 2 30 tail -c 16M /var/log/syslog | LC_ALL=C grep -a -E -e 'reboot|restart; rm' | LC_ALL=C tail -n 400")).toBeNull();
  });
});

/** The line as the policy would have sent it (built by hand: the policy now refuses these). */
function wireOf(words: readonly string[]): string {
  const c = asCommand(words);
  return [c.argv, ...(c.pipe ?? [])].map((s, i) => `LC_ALL=C ${i === 0 ? 'timeout -k 2 30 ' : ''}${shellJoin(s)}`).join(' | ');
}

describe('the denylist mirrors every rule of "the allowlist requires the reading verb"', () => {
  const harmful = [...HOLES, ...GUARDS].filter(([what]) => !HARMLESS.has(what));

  it.each(harmful)('catches: %s', (_what, words) => {
    expect(denylistViolation(wireOf(words))).not.toBeNull();
  });

  it.each(STILL_ALLOWED)('lets the reading form through: %s', (...words) => {
    expect(denylistViolation(prepare(asCommand(words), { timeoutSec: 30 }).wire)).toBeNull();
  });

  it('looks at paths however they are attached to an option', () => {
    expect(denylistViolation(wireOf(['grep', '--file=/etc/shadow', '/var/log/syslog']))).not.toBeNull();
    expect(denylistViolation(wireOf(['last', '-f/proc/1/root/var/log/wtmp']))).not.toBeNull();
    expect(denylistViolation(wireOf(['cat', '/var/log/../../etc/shadow']))).not.toBeNull();
  });
});

describe('the denylist and the frames the policy puts around the first stage', () => {
  const first = 'LC_ALL=C timeout -k 2 30 tail -c 16M /var/log/syslog </dev/null';
  const filters = 'LC_ALL=C grep -a -E -e ocfs2 | LC_ALL=C tail -n 400';
  const status = 'echo "usdiag-exit:$?" >&2';

  it('accepts the status group of a pipeline and standard input from /dev/null', () => {
    expect(denylistViolation(`{ ${first}; ${status}; } | ${filters}`)).toBeNull();
    expect(denylistViolation('LC_ALL=C timeout -k 2 30 multipath -ll </dev/null')).toBeNull();
  });

  it('still sees what the frames hold, and nothing else passes for them', () => {
    expect(denylistViolation(`{ LC_ALL=C timeout -k 2 30 reboot </dev/null; ${status}; } | ${filters}`)).not.toBeNull();
    expect(denylistViolation(`{ ${first}; reboot; ${status}; } | ${filters}`)).not.toBeNull();
    expect(denylistViolation(`{ ${first}; echo "usdiag-exit:$?" > /etc/motd; } | ${filters}`)).not.toBeNull();
    expect(denylistViolation(`${first}; ${status}`)).not.toBeNull();
    expect(denylistViolation(`{ ${first}; ${status}; } | ${filters} > /etc/motd`)).not.toBeNull();
    expect(denylistViolation('LC_ALL=C timeout -k 2 30 crontab -l </tmp/evil')).not.toBeNull();
    expect(denylistViolation('LC_ALL=C timeout -k 2 30 cat /var/log/syslog >/dev/null')).not.toBeNull();
    expect(denylistViolation('LC_ALL=C timeout -k 2 30 cat /var/log/syslog </dev/null | LC_ALL=C grep x </dev/null')).not.toBeNull();
  });
});
