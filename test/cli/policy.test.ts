/**
 * `usdiag policy` and `usdiag policy test`, through the real CLI: the table
 * the approvers read is the one the policy enforces, every hole of "the
 * allowlist must require the reading verb" is refused, and every command the
 * checks emit (every fixture host's commands) is accepted with its wire line.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHostCapture } from '../../src/capture/layout.js';
import { VALUE_KINDS } from '../../src/transport/argspec.js';
import { type Command, commandKey, splitShellLine } from '../../src/transport/command.js';
import { prepare } from '../../src/transport/policy.js';
import { READ_ONLY_PROGRAMS } from '../../src/transport/read-only-programs.js';
import { runCli } from '../support/cli.js';
import { FIXTURES } from '../support/fixture-run.js';
import { asCommand, GUARDS, HOLES, STILL_ALLOWED } from '../support/read-only-holes.js';

const CJK = /[\u4e00-\u9fff]/;

/** Every host directory under fixtures/ (capture layout), nested ones too. */
function hostDirs(dir: string): string[] {
  const here = existsSync(join(dir, 'host.yaml')) ? [dir] : [];
  const below = readdirSync(dir)
    .map((n) => join(dir, n))
    .filter((d) => statSync(d).isDirectory())
    .flatMap(hostDirs);
  return [...here, ...below];
}

const fixtureHosts = hostDirs(FIXTURES);
const fixtureKeys = [...new Set(fixtureHosts.flatMap((d) => [...loadHostCapture(d).entries.values()].map((e) => e.key)))].sort();

function commandOf(key: string): Command {
  const { stages, syntax } = splitShellLine(key);
  expect(syntax, key).toEqual([]);
  return { argv: stages[0]!, ...(stages.length > 1 ? { pipe: stages.slice(1) } : {}) };
}

/** The words a person types after `--`: stages separated by a lone `|`. */
function wordsOf(c: Command): string[] {
  return [c.argv, ...(c.pipe ?? [])].flatMap((s, i) => (i ? ['|', ...s] : [...s]));
}

describe('the allowlist table carries its own description', () => {
  it.each(Object.entries(READ_ONLY_PROGRAMS))('%s has a shape and a reason in English and Chinese', (_name, e) => {
    for (const t of [e.shape, e.why]) {
      expect(t.en.trim()).not.toBe('');
      expect(t.zh.trim()).not.toBe('');
      expect(CJK.test(t.en)).toBe(false);
    }
    expect(CJK.test(e.why.zh)).toBe(true);
  });

  it.each(Object.entries(VALUE_KINDS))('the term %s is explained in both languages', (_name, t) => {
    expect(CJK.test(t.en)).toBe(false);
    expect(CJK.test(t.zh)).toBe(true);
  });
});

describe('usdiag policy', () => {
  it('prints every program of the table with its shape and reason', async () => {
    const r = await runCli(['policy']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^What usdiag may run on a host\n/);
    for (const [name, e] of Object.entries(READ_ONLY_PROGRAMS)) {
      expect(r.stdout).toContain(`\n${name}\n  ${e.shape.en}\n  why: ${e.why.en}\n`);
    }
    for (const [name, t] of Object.entries(VALUE_KINDS)) expect(r.stdout).toContain(`  ${name.padEnd(7)} ${t.en}\n`);
  });

  it('speaks Chinese from the locale or --lang', async () => {
    const zh = await runCli(['policy'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/^usdiag 可以在主机上运行的命令\n/);
    expect(zh.stdout).toContain(`\ncrontab\n  crontab -l [-u USER]\n  理由：${READ_ONLY_PROGRAMS.crontab!.why.zh}\n`);
    expect((await runCli(['policy', '--lang', 'zh'])).stdout).toBe(zh.stdout);
    expect((await runCli(['policy', '--lang', 'en'], { env: { LANG: 'zh_CN.UTF-8' } })).stdout).toBe((await runCli(['policy'])).stdout);
  });

  it('writes JSON: the terms and every program, in the chosen language', async () => {
    const r = await runCli(['policy', '--format', 'json', '--lang', 'zh']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { lang: string; terms: Array<{ name: string }>; programs: Array<{ program: string; shape: string; why: string; filter: boolean; options: string[] }> };
    expect(json.lang).toBe('zh');
    expect(json.terms.map((t) => t.name)).toEqual(Object.keys(VALUE_KINDS));
    expect(json.programs.map((p) => p.program)).toEqual(Object.keys(READ_ONLY_PROGRAMS));
    const grep = json.programs.find((p) => p.program === 'grep')!;
    expect(grep).toMatchObject({ filter: true, why: READ_ONLY_PROGRAMS.grep!.why.zh });
    expect(grep.options).toEqual(expect.arrayContaining(['-E', '-e VALUE', '--regexp VALUE']));
    expect(json.programs.find((p) => p.program === 'cat')!.filter).toBe(false);
  });

  it.each([
    [['policy', '--format', 'xml'], 'usdiag: --format must be text or json (got "xml")'],
    [['policy', '--lang', 'fr'], 'usdiag: --lang must be en or zh (got "fr")'],
    [['policy', '--bogus'], 'usdiag: unknown option --bogus'],
  ])('refuses %j with one line and exit 64', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${message}\n`);
  });

  it('has localized help with examples and its exit statuses', async () => {
    const h = await runCli(['policy', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('$ usdiag policy --format json');
    expect(h.stdout).toContain('Exit status: 0 printed, 64 usage error.');
    const t = await runCli(['policy', 'test', '--help', '--lang', 'zh']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^用法： usdiag policy test/);
    expect(t.stdout).toContain('退出码：0 命令会被发送，1 命令会被拒绝，64 用法错误。');
    expect((await runCli(['--help'])).stdout).toMatch(/\n {2}policy \[options\] +print what usdiag may run on a host/);
  });
});

describe('usdiag policy test', () => {
  it('has every fixture host to draw commands from', () => {
    expect(fixtureHosts.length).toBeGreaterThan(80);
    expect(fixtureKeys.length).toBeGreaterThan(100);
  });

  // A program that sends packets (arping -D) is sent only in a run with --active-probes: policy test refuses it and says so.
  const activeKey = (key: string) => READ_ONLY_PROGRAMS[commandOf(key).argv[0]!]?.active === true;

  it.each(fixtureKeys.filter(activeKey))('refuses what only --active-probes sends, naming the option: %s', async (key) => {
    const r = await runCli(['policy', 'test', '--', ...wordsOf(commandOf(key))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/reason: .*sends packets on the network: only with --active-probes/);
  });

  it.each(fixtureKeys.filter((k) => !activeKey(k)))('sends what the checks emit: %s', async (key) => {
    const c = commandOf(key);
    const r = await runCli(['policy', 'test', '--', ...wordsOf(c)]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`allowed: ${key}\nsent as: ${prepare(c, { timeoutSec: 30 }).wire}\n`);
    expect(r.code).toBe(0);
  });

  it.each([...HOLES, ...GUARDS])('refuses: %s', async (_what, words) => {
    const r = await runCli(['policy', 'test', '--', ...words]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const [refused, rule, ...rest] = r.stdout.trimEnd().split('\n');
    expect(refused).toMatch(new RegExp(`^refused: ${commandKey(asCommand(words)).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const program = asCommand(words).argv[0]!;
    expect(rule).toMatch(/^rule: /);
    expect(rule).not.toBe('rule: -');
    expect(rest.at(-1)).toMatch(/^reason: \S/);
    expect(r.stdout).not.toContain(`none: ${program} is not in the allowlist`);
  });

  it.each(STILL_ALLOWED)('sends the reading form %s', async (...words) => {
    const r = await runCli(['policy', 'test', '--', ...words]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^allowed: .*\nsent as: LC_ALL=C timeout /);
  });

  it('names the rule and the reason, and the stage of a pipeline', async () => {
    const r = await runCli(['policy', 'test', '--', 'tail', '-n', '5', '/var/log/syslog', '|', 'grep', '-eroot', '/etc/shadow']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe([
      'refused: tail -n 5 /var/log/syslog | grep -eroot /etc/shadow [stage 2 (grep)]',
      `rule: ${READ_ONLY_PROGRAMS.grep!.shape.en}`,
      `why: ${READ_ONLY_PROGRAMS.grep!.why.en}`,
      'reason: grep: a filter stage reads standard input only',
      '',
    ].join('\n'));
    const unknown = await runCli(['policy', 'test', '--lang', 'zh', '--', 'rm', '-rf', '/']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('拒绝：rm -rf /\n规则：无：rm 不在允许清单中\n拒绝原因：rm is not a read-only program usdiag knows\n');
  });

  it('takes a whole line as one word, and refuses shell syntax in it', async () => {
    const key = 'dmesg -T | grep -a -E -e \'blocked for more than\' | tail -n 50';
    const ok = await runCli(['policy', 'test', '--', key]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(`allowed: ${key}\nsent as: ${prepare(commandOf(key), { timeoutSec: 30 }).wire}\n`);
    const bad = await runCli(['policy', 'test', '--', 'df -P; reboot']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('reason: shell syntax (;): usdiag builds the line itself and never sends shell syntax');
  });

  it('tests words that look like its own options as part of the command', async () => {
    const r = await runCli(['policy', 'test', '--', 'ls', '--format', 'json', '/']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('reason: ls: option --format is not allowed');
    expect((await runCli(['policy', 'test', '--format', 'json', '--', 'ls', '/'])).code).toBe(0);
    expect((await runCli(['policy', '--format', 'json', 'test', '--', 'ls', '/'])).stdout).toMatch(/^\{/);
  });

  it('writes JSON verdicts', async () => {
    const ok = JSON.parse((await runCli(['policy', 'test', '--format', 'json', '--', 'multipath', '-ll'])).stdout) as Record<string, unknown>;
    expect(ok).toEqual({ tool: 'usdiag', lang: 'en', allowed: true, command: 'multipath -ll', wire: prepare({ argv: ['multipath', '-ll'] }, { timeoutSec: 30 }).wire });
    const r = await runCli(['policy', 'test', '--format', 'json', '--', 'virsh', '-c', 'qemu+ssh://other/system', 'list']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      tool: 'usdiag', lang: 'en', allowed: false, command: 'virsh -c qemu+ssh://other/system list', stage: 1, program: 'virsh',
      rule: READ_ONLY_PROGRAMS.virsh!.shape.en, why: READ_ONLY_PROGRAMS.virsh!.why.en,
      reason: 'virsh: -c: "qemu+ssh://other/system" is not a local libvirt URI (qemu:///system or qemu:///session)',
    });
  });

  it.each([
    [['policy', 'test'], 'usdiag: put the command to test after --: usdiag policy test -- PROGRAM ARG...'],
    [['policy', 'test', 'cat', '/etc/shadow'], 'usdiag: put the command to test after --: usdiag policy test -- PROGRAM ARG...'],
    [['policy', 'test', 'cat', '-A', '/etc/passwd'], 'usdiag: put the command to test after --: usdiag policy test -- PROGRAM ARG...'],
    [['policy', 'test', 'cat', '--', '/etc/passwd'], 'usdiag: put the command to test after --: usdiag policy test -- PROGRAM ARG...'],
    [['policy', 'test', '--'], 'usdiag: nothing to test after --: usdiag policy test -- PROGRAM ARG...'],
    [['policy', 'test', '--format', 'json', '--'], 'usdiag: nothing to test after --: usdiag policy test -- PROGRAM ARG...'],
    [['policy', 'test', '--bogus', '--', 'ls', '/'], 'usdiag: unknown option --bogus'],
    [['policy', 'test', '--format', 'xml', '--', 'ls', '/'], 'usdiag: --format must be text or json (got "xml")'],
  ])('refuses %j with one line and exit 64', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${message}\n`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says the usage error in Chinese too', async () => {
    const r = await runCli(['policy', 'test', 'crontab'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(r.code).toBe(64);
    expect(r.stderr).toBe('usdiag: 请把要测试的命令放在 -- 之后：usdiag policy test -- 程序 参数...\n');
  });
});
