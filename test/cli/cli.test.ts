import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { runCli } from '../support/cli.js';
import { FIXTURES, hostDir } from '../support/fixture-run.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'usdiag-cli-'));

describe('usdiag CLI: usage', () => {
  it('prints help with examples and the exit statuses', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: usdiag \[options\] \[command\]/);
    expect(r.stdout).toContain('$ usdiag check storage-blocked,multipath-wwid --inventory hosts.yaml --format json');
    expect(r.stdout).toContain('Exit status: 0 all ok/skipped, 1 warnings, 2 faults found');
    for (const c of ['scan', 'check', 'list', 'show', 'explain', 'parse']) {
      const h = await runCli([c, '--help']);
      expect(h.code, c).toBe(0);
      expect(h.stdout, c).toContain('Examples:');
    }
  });

  it('speaks Chinese when the locale or --lang says so', async () => {
    const zh = await runCli(['--help'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.stdout).toMatch(/^用法： usdiag/);
    expect(zh.stdout).toContain('示例：');
    expect((await runCli(['scan', '--help', '--lang', 'zh'])).stdout).toContain('要检查的主机');
    const err = await runCli(['check', 'nosuch', '--host', 'h'], { env: { LC_ALL: 'zh_CN.UTF-8' } });
    expect(err.stderr).toBe('usdiag: 未知的检查项 "nosuch"（见 "usdiag list"）\n');
  });

  it('prints the version of package.json', async () => {
    const r = await runCli(['--version']);
    const pkg = JSON.parse(readFileSync(join(FIXTURES, '..', 'package.json'), 'utf8')) as { version: string };
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it.each([
    [['frobnicate'], 'usdiag: unknown command "frobnicate" (see "usdiag --help")'],
    [['check', 'nosuch', '--host', 'h'], 'usdiag: unknown check id "nosuch" (see "usdiag list")'],
    [['check', ',', '--host', 'h'], 'usdiag: unknown check id "," (see "usdiag list")'],
    [['scan'], 'usdiag: say which hosts to check: --host ADDR, --inventory FILE, --local or --from DIR'],
    [['scan', '--host', 'a', '--inventory', 'b.yaml'], 'usdiag: use only one of --host, --inventory, --local, --from'],
    [['scan', '--host', 'a', '--timeout', 'soon'], 'usdiag: --timeout needs a number 1-3600 (got "soon")'],
    [['scan', '--host', 'a', '--format', 'xml'], 'usdiag: --format must be text, json, junit, markdown or html (got "xml")'],
    [['scan', '--host', 'a', '--concurrency', '0'], 'usdiag: --concurrency needs a number 1-1024 (got "0")'],
    [['scan', '--host', 'root@host:99999'], 'usdiag: --host "root@host:99999" is not [user@]host[:port]'],
    [['scan', '--host', 'a', '--bogus'], 'usdiag: unknown option --bogus'],
    [['scan', '--host', 'a', '--role', 'cvk'], 'usdiag: --role must be vms or vks (got "cvk")'],
    [['show', 'nosuch'], 'usdiag: unknown check id "nosuch" (see "usdiag list")'],
    [['list', '--lang', 'fr'], 'usdiag: --lang must be en or zh (got "fr")'],
    // Reports name a host without its user: both would be "h", one session dropped and a result shown twice.
    [['scan', '--host', 'root@h', '--host', 'admin@h'], 'usdiag: host name "h" appears twice (--host root@h and --host admin@h)'],
    [['check', 'storage-blocked', '--host', 'a', '--host', '[fe80::1]:2222', '--host', 'root@[fe80::1]:2222'], 'usdiag: host name "[fe80::1]:2222" appears twice (--host [fe80::1]:2222 and --host root@[fe80::1]:2222)'],
    [['scan', '--host', 'h', '--host', 'h'], 'usdiag: host name "h" appears twice (--host h and --host h)'],
  ])('refuses %j with one line and exit 64', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    if (message) expect(r.stderr.trim()).toBe(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says which host name appears twice in Chinese too', async () => {
    const r = await runCli(['scan', '--host', 'root@h', '--host', 'admin@h', '--lang', 'zh']);
    expect(r.code).toBe(64);
    expect(r.stderr).toBe('usdiag: 主机名 "h" 重复出现（--host root@h 与 --host admin@h）\n');
  });

  it('accepts the same address under different names (another port)', async () => {
    // Not refused as a duplicate: h:2222 and h are two names; the scan then fails to connect (exit 3), not a usage error.
    const r = await runCli(['check', 'storage-blocked', '--host', '127.0.0.1:1', '--host', 'root@127.0.0.1:2', '--connect-timeout', '1', '--format', 'json']);
    expect(r.code).not.toBe(64);
  });

  it('never takes a password on the command line, and never echoes it', async () => {
    const r = await runCli(['scan', '--host', 'a', '--password', 'hunter2']);
    expect(r.code).toBe(64);
    expect(r.stderr).toBe('usdiag: passwords are never given on the command line: use --password-env NAME or --ask-password\n');
    expect(r.stderr + r.stdout).not.toContain('hunter2');
  });

  it('names the file, line and key of an inventory mistake', async () => {
    const d = tmp();
    const inv = join(d, 'hosts.yaml');
    writeFileSync(inv, 'hosts:\n  - name: a\n    address: 10.0.0.1\n    rol: vks\n');
    const r = await runCli(['scan', '--inventory', inv]);
    expect(r.code).toBe(64);
    expect(r.stderr).toBe(`usdiag: ${inv}:4: unknown key "hosts[0].rol"\n`);
    const missing = await runCli(['scan', '--inventory', join(d, 'nope.yaml')]);
    expect(missing.code).toBe(64);
    expect(missing.stderr).toBe(`usdiag: ${join(d, 'nope.yaml')}: cannot read the inventory (ENOENT)\n`);
  });
});

describe('usdiag list / show', () => {
  it('lists the catalogue grouped by the guide fault types', async () => {
    const r = await runCli(['list']);
    expect(r.code).toBe(0);
    const heads = r.stdout.split('\n').filter((l) => /^3\.\d /.test(l)).map((l) => l.split('  ')[0]);
    expect(heads).toEqual(['3.4 Compute faults', '3.5 Storage faults', '3.6 Network faults', '3.7 Fault alarms', '3.8 Other faults']);
    expect(r.stdout).toMatch(/storage-blocked\s+3\.5\.3\s+automated/);
    expect(r.stdout).toMatch(/host-no-boot-device\s+3\.4\.1\s+guide/);
    const json = JSON.parse((await runCli(['list', '--format', 'json'])).stdout) as { checks: Array<{ id: string; automated: boolean; title: string }> };
    expect(json.checks).toHaveLength(33);
    expect(json.checks.find((c) => c.id === 'storage-blocked')).toMatchObject({ automated: true });
    expect(json.checks.every((c) => c.title.length > 0)).toBe(true);
  });

  it('shows one entry in full, in both languages', async () => {
    const en = await runCli(['show', 'qcow2-corrupt']);
    expect(en.stdout).toContain('$ qemu-img check -r all <image>');
    expect(en.stdout).toContain('caution: Back up <image> before repairing it');
    const zh = await runCli(['show', 'qcow2-corrupt', '--lang', 'zh']);
    expect(zh.stdout).toContain('故障现象');
    expect(zh.stdout).toContain('注意：修复前务必备份 <image>');
    const json = JSON.parse((await runCli(['show', 'qcow2-corrupt', '--format', 'json'])).stdout) as { recovery: Array<{ id: string; kind: string }> };
    expect(json.recovery.map((s) => s.id)).toEqual(['read-qemu-log', 'check-image', 'backup-image', 'repair-image', 'start-vm']);
  });

  it('says what usdiag does for the entry today, never "auto" for one it cannot check', async () => {
    const automated = await runCli(['show', 'storage-blocked']);
    expect(automated.stdout).toMatch(/^usdiag {2}checks this on vks\+cluster hosts: usdiag check storage-blocked/m);
    const guide = await runCli(['show', 'host-no-boot-device']);
    expect(guide.stdout).toMatch(/^usdiag {2}cannot see this fault from the hosts \(guide-only\)/m);
    for (const r of [automated, guide]) expect(r.stdout.split('\n')[0]).not.toMatch(/\bauto\b/);
    const json = JSON.parse((await runCli(['show', 'host-no-boot-device', '--format', 'json'])).stdout) as { observable: string; automated: boolean };
    expect(json).toMatchObject({ observable: 'guide', automated: false });
  });
});

describe('usdiag scan/check offline (--from)', () => {
  const chain = join(FIXTURES, 'hosts', 'storage-blocked', 'chain');

  it('replays a capture and reports per the contract (json), exit 2 on a fault', async () => {
    const r = await runCli(['check', 'storage-blocked', '--from', chain, '--format', 'json']);
    expect(r.code).toBe(2);
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.results.map((x) => [x.host, x.status])).toEqual([['cvknode11', 'fail'], ['cvknode12', 'fail'], ['cvknode13', 'warn']]);
    expect(report.results[0]!.recovery[2]).toBe('[change] Reboot cvknode13. If the reboot command fails, log in to the server\'s management interface through its iLO port and choose a graceful restart, or reset the server. → reboot (caution: Reboot only the host that holds the lock, after its VMs are down; a reset through iLO is a hard power cycle.)');
    expect(report.counts).toMatchObject({ fail: 2, warn: 1 });
    // scripts key on the message id and its values, not on the sentence
    expect(report.results[0]!.message).toMatchObject({
      scope: 'storage-blocked', id: 'lockHeld',
      values: { holderHost: 'cvknode13', lockres: 'P00000000000000000000000000000000', holder: 'node 3 (cvknode13, 172.16.51.13)' },
    });
    const zh = reportSchema.parse(JSON.parse((await runCli(['check', 'storage-blocked', '--from', chain, '--format', 'json', '--lang', 'zh'])).stdout));
    expect(zh.results[0]!.message.values.holder).toBe('节点 3（cvknode13，172.16.51.13）');
  });

  it('writes JUnit with one testcase per host and check', async () => {
    const r = await runCli(['check', 'storage-blocked,multipath-wwid', '--from', chain, '--format', 'junit']);
    expect(r.code).toBe(2);
    expect(r.stdout.match(/<testcase /g)).toHaveLength(6);
    expect(r.stdout.match(/<failure type="fail"/g)).toHaveLength(2);
    expect(r.stdout).toContain('<testsuite name="cvknode11" hostname="172.16.51.11" tests="2" failures="1" errors="0" skipped="0"');
    expect(r.stdout).toContain('<system-out>WARN: Pools answer, but dd (pid 27904');
  });

  it('exits 0 when everything is ok and writes --output files', async () => {
    const out = join(tmp(), 'report.json');
    const r = await runCli(['check', 'storage-blocked,multipath-wwid', '--from', hostDir('vks-healthy'), '--format', 'json', '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(reportSchema.parse(JSON.parse(readFileSync(out, 'utf8'))).results.every((x) => x.status === 'ok')).toBe(true);
  });

  it('exits 1 on warnings only and 3 when a check cannot decide', async () => {
    expect((await runCli(['check', 'multipath-wwid', '--from', hostDir('multipath-wwid', 'one-path-failed')])).code).toBe(1);
    expect((await runCli(['check', 'storage-blocked', '--from', hostDir('storage-blocked', 'proto-mismatch')])).code).toBe(3);
  });

  it('prints text without colour unless forced, and in Chinese with --lang zh', async () => {
    const plain = await runCli(['check', 'storage-blocked', '--from', chain]);
    expect(plain.stdout).not.toMatch(/\x1b\[/);
    expect(plain.stdout).toMatch(/^Incidents\n  #1 FAIL    storage-blocked 3\.5\.3 /);
    const forced = await runCli(['check', 'storage-blocked', '--from', chain], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\x1b\[/);
    const noColor = await runCli(['check', 'storage-blocked', '--from', chain], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.stdout).not.toMatch(/\x1b\[/);
    const zh = await runCli(['check', 'storage-blocked', '--from', chain, '--lang', 'zh']);
    expect(zh.stdout).toMatch(/^故障事件\n/);
    expect(zh.stdout).toContain('重启 cvknode13');
  });

  it('refuses a directory that is not a capture', async () => {
    const r = await runCli(['scan', '--from', tmp()]);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/holds no host directories \(host\.yaml\)\n$/);
  });
});

describe('usdiag parse', () => {
  it('prints what a parser reads from a saved output', async () => {
    const r = await runCli(['parse', 'multipath-ll', join(FIXTURES, 'corpus', 'multipath-ll', 'iscsi-tp-a-1.txt')]);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as { value: { maps: Array<{ name: string }> }; issues: unknown[] };
    expect(parsed.value.maps.map((m) => m.name)).toEqual(['mpatha', 'mpathb']);
    expect((await runCli(['parse', '--list'])).stdout.split('\n')).toContain('debugfs-fs-locks');
    const bad = await runCli(['parse', 'nosuch', 'x']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/^usdiag: unknown parser "nosuch"; known: /);
  });
});

describe('usdiag explain', () => {
  it('names the guide entry for pasted text, from arguments, a file or stdin', async () => {
    const words = await runCli(['explain', 'error: Failed to start domain centos', 'Could not read snapshots: File too large']);
    expect(words.code).toBe(0);
    expect(words.stdout).toMatch(/^usdiag explain: \d+ guide entries match/);
    expect(words.stdout.split('\n')[2]).toContain('qcow2-snapshot-table');
    const dir = tmp();
    const log = join(dir, 'vm.log');
    writeFileSync(log, '2023-06-07 10:37:52.416+0000: 29917: qcow2: Preventing invalid write on metadata (overlaps with snapshot table); image marked as corrupt.\n');
    const file = JSON.parse((await runCli(['explain', '--file', log, '--format', 'json'])).stdout) as { matches: Array<{ id: string }> };
    expect(file.matches[0]!.id).toBe('qcow2-corrupt');
    const stdin = await runCli(['explain', '-', '--lang', 'zh'], { stdin: 'Error: Disk /dev/disk/by-id/dm-name-2225d000155a30dda had been mounted by other hosts, not need to format it.\n' });
    expect(stdin.code).toBe(0);
    expect(stdin.stdout).toContain('pool-no-slot');
    expect(stdin.stdout).toContain('匹配原因');
  });

  it('says when nothing matches (exit 1) and refuses a missing file (exit 64)', async () => {
    const none = await runCli(['explain', 'everything is fine']);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('No guide entry matches this text. Run `usdiag list`');
    const missing = await runCli(['explain', '--file', '/nonexistent/log']);
    expect(missing.code).toBe(64);
    expect(missing.stderr).toBe('usdiag: cannot read /nonexistent/log: ENOENT\n');
    expect((await runCli(['explain'])).code).toBe(64);
  });
});
