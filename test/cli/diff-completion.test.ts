import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffReports } from '../../src/cli/diff.js';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'usdiag-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const r = (host: string, check: string, status: 'ok' | 'warn' | 'fail' | 'unknown' | 'skipped' | 'error', summary = `${check} on ${host}: ${status}`) => ({ host, check, status, summary });
const report = (results: ReturnType<typeof r>[]) => ({ tool: 'usdiag', version: '1.0.0', results, incidents: [] });
const write = (name: string, v: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof v === 'string' ? v : JSON.stringify(v));
  return p;
};

describe('usdiag diff', () => {
  const before = [r('cvknode11', 'storage-blocked', 'fail'), r('cvknode12', 'storage-blocked', 'fail'), r('cvknode12', 'multipath-wwid', 'warn'), r('cvknode13', 'storage-blocked', 'ok'), r('cvknode13', 'mce', 'warn')];
  const after = [r('cvknode11', 'storage-blocked', 'ok'), r('cvknode12', 'storage-blocked', 'ok'), r('cvknode12', 'multipath-wwid', 'warn'), r('cvknode13', 'storage-blocked', 'fail'), r('cvknode13', 'nic-fault', 'ok')];

  it('sorts each host and check into fixed, new, still there and checked once', () => {
    const rows = diffReports(before, after);
    const by = (c: string) => rows.filter((x) => x.change === c).map((x) => `${x.host} ${x.check}`);
    expect(by('fixed')).toEqual(['cvknode11 storage-blocked', 'cvknode12 storage-blocked']);
    expect(by('new')).toEqual(['cvknode13 storage-blocked']);
    expect(by('stayed')).toEqual(['cvknode12 multipath-wwid']);
    expect(by('only-before')).toEqual(['cvknode13 mce']);
    expect(by('only-after')).toEqual(['cvknode13 nic-fault']);
  });

  it('prints the changes and exits 1 while something is left or new, 0 when the repair worked', async () => {
    const b = write('before.json', report(before));
    const left = await runCli(['diff', b, write('after.json', report(after))]);
    expect(left.code).toBe(1);
    expect(left.stdout).toContain('Fixed (2)');
    expect(left.stdout).toContain('  cvknode13  storage-blocked  ok → fail');
    expect(left.stdout).toContain('2 fixed, 1 new, 1 still there, 0 healthy both times');
    const good = await runCli(['diff', b, write('good.json', report(before.map((x) => ({ ...x, status: 'ok' as const }))))]);
    expect(good.code).toBe(0);
    const zh = await runCli(['diff', b, write('good2.json', report(before.map((x) => ({ ...x, status: 'ok' as const })))), '--lang', 'zh']);
    expect(zh.stdout).toContain('已修复 (4)');
    const json = JSON.parse((await runCli(['diff', b, join(dir, 'after.json'), '--format', 'json'])).stdout) as { counts: Record<string, number> };
    expect(json.counts).toMatchObject({ fixed: 2, new: 1, stayed: 1 });
  });

  it.each([
    ['not JSON', '{nope', /is not a usdiag JSON report: /],
    ['another tool', { tool: 'other', results: [] }, /is not a usdiag JSON report: tool: /],
    ['a result without a status', { tool: 'usdiag', results: [{ host: 'a', check: 'b', summary: 'c' }] }, /results\.0\.status/],
  ])('refuses %s with exit 64 and one line', async (_n, content, message) => {
    const res = await runCli(['diff', write('bad.json', content), write('ok.json', report(before))]);
    expect(res.code).toBe(64);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(message);
  });
});

describe('usdiag completion', () => {
  it('writes a bash script that completes commands, options and check ids (comma lists too)', async () => {
    const script = write('usdiag.bash', (await runCli(['completion', 'bash'])).stdout);
    const complete = (line: string) => {
      const words = line.split(' ');
      const out = execFileSync('bash', ['-c', `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _usdiag; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
      return out.trim().split('\n').filter(Boolean);
    };
    expect(complete('usdiag ch')).toEqual(['check']);
    expect(complete('usdiag check storage-b')).toEqual(['storage-blocked']);
    expect(complete('usdiag check storage-blocked,multi')).toEqual(['storage-blocked,multipath-wwid']);
    expect(complete('usdiag scan --form')).toEqual(['--format']);
    expect(complete('usdiag scan --format j')).toEqual(['json', 'junit']);
    expect(complete('usdiag diff --la')).toEqual(['--lang']);
  });

  it('writes a zsh script that zsh accepts, when zsh is installed', async () => {
    const script = write('_usdiag', (await runCli(['completion', 'zsh'])).stdout);
    expect(script).toBeTruthy();
    let zsh = true;
    try {
      execFileSync('zsh', ['--version']);
    } catch {
      zsh = false;
    }
    if (zsh) execFileSync('zsh', ['-n', script]);
    expect((await runCli(['completion', 'zsh'])).stdout).toMatch(/^#compdef usdiag/);
  });

  it('refuses another shell with exit 64', async () => {
    const res = await runCli(['completion', 'fish']);
    expect(res.code).toBe(64);
    expect(res.stderr).toBe('usdiag: completion is written for bash and zsh (got "fish")\n');
  });
});
