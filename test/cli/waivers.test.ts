/**
 * --waivers end to end: two simulated hosts with multipath faults (a fail on
 * cvknode11, a warn on cvknode12), scanned through SSH with a waiver file;
 * every output format shows the waiver, the exit status ignores what is
 * waived, and an expired waiver leaves the finding as it was, with a note.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWaivers, waiverMatcher, globToRegExp } from '../../src/report/waivers.js';
import { reportSchema } from '../../src/report/schema.js';
import { ConfigError } from '../../src/inventory/errors.js';
import { diffReports } from '../../src/cli/diff.js';
import { runCli, scanSimCluster } from '../support/cli.js';
import { hostDir } from '../support/fixture-run.js';
import { tempDir } from '../support/sim.js';

const FAIL_HOST = { profileDir: hostDir('multipath-wwid', 'all-paths-failed'), name: 'cvknode11' };
const WARN_HOST = { profileDir: hostDir('multipath-wwid', 'one-path-failed'), name: 'cvknode12' };
const on = (iso: string) => () => new Date(`${iso}T12:00:00`);

describe('waiver files', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());

  const write = (name: string, body: string) => {
    const p = join(dir, name);
    writeFileSync(p, body);
    return p;
  };

  it.each([
    ['unknown-key.yaml', '- check: multipath-wwid\n  host: cvknode11\n  reason: replacing sdd\n  owner: ops\n', ':4: unknown key "[0].owner"'],
    ['no-reason.yaml', '- check: multipath-wwid\n  host: cvknode11\n', ':1: missing required key "[0].reason"'],
    ['bad-date.yaml', '- check: multipath-wwid\n  host: "*"\n  reason: r\n  expires: 2026-02-30\n', ':4: "[0].expires": must be a date YYYY-MM-DD'],
    ['bad-check.yaml', '- check: multipath-wwid\n  host: a\n  reason: r\n- check: multipath-wid\n  host: b\n  reason: r\n', ':4: "[1].check": unknown check id'],
    ['not-list.yaml', 'check: multipath-wwid\nhost: a\n', ':1: must be a list of waivers'],
    ['bad-yaml.yaml', '- check: [unclosed\n', ':2: not valid YAML'],
  ])('refuses %s with the file, line and key, exit 64, no stack trace', async (name, body, expected) => {
    const path = write(name, body);
    const r = await runCli(['check', 'multipath-wwid', '--host', '127.0.0.1:1', '--waivers', path]);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`usdiag: ${path}${expected}`);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says it in Chinese too', async () => {
    const path = write('zh.yaml', '- check: multipath-wwid\n  host: "*"\n  reason: ""\n  expires: 2026-13-01\n');
    const r = await runCli(['scan', '--host', 'h', '--waivers', path, '--lang', 'zh']);
    expect(r.code).toBe(64);
    expect(r.stderr).toBe(`usdiag: ${path}:3: "[0].reason" 不能为空\n`);
  });

  it('refuses a missing file', async () => {
    const r = await runCli(['scan', '--host', 'h', '--waivers', join(dir, 'nope.yaml')]);
    expect(r.code).toBe(64);
    expect(r.stderr).toBe(`usdiag: ${join(dir, 'nope.yaml')}: cannot read the waiver file (ENOENT)\n`);
  });

  it('matches globs on check and host (name or address), first valid waiver wins, ok is never waived', () => {
    const ws = parseWaivers([
      '- {check: "multipath-*", host: "cvknode1?", reason: old, expires: 2026-01-01}',
      '- {check: multipath-wwid, host: "172.16.51.*", reason: new}',
    ].join('\n'), 'w.yaml');
    const m = waiverMatcher(ws, '2026-06-01');
    expect(m.match('multipath-wwid', { name: 'cvknode11', address: '172.16.51.11' }, 'fail')).toEqual({ reason: 'new' });
    expect(m.match('multipath-wwid', { name: 'cvknode11', address: '10.0.0.1' }, 'warn')).toEqual({ reason: 'old', expires: '2026-01-01', expired: true });
    expect(m.match('multipath-wwid', { name: 'cvknode11', address: '172.16.51.11' }, 'ok')).toBeUndefined();
    expect(m.match('storage-blocked', { name: 'cvknode11' }, 'fail')).toBeUndefined();
    // valid through its expiry day
    expect(waiverMatcher(ws, '2026-01-01').match('multipath-wwid', { name: 'cvknode12' }, 'fail')).toEqual({ reason: 'old', expires: '2026-01-01' });
    expect(globToRegExp('node[1-3]').test('node2')).toBe(true);
    expect(globToRegExp('node[!1-3]').test('node2')).toBe(false);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    expect(() => parseWaivers('- {check: x, host: y, reason: z}', 'f.yaml')).toThrow(ConfigError);
  });
});

describe('--waivers on simulated hosts', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());

  const waiverFile = (expires?: string) => {
    const p = join(dir, `waivers-${expires ?? 'none'}.yaml`);
    writeFileSync(p, [
      '# path sdd is being replaced',
      '- check: multipath-wwid',
      '  host: cvknode1*',
      '  reason: HBA replacement, ticket 4711',
      ...(expires ? [`  expires: ${expires}`] : []),
      '- check: storage-blocked',
      '  host: "*"',
      '  reason: never matches an ok',
    ].join('\n'));
    return p;
  };

  it('reports the findings as waived in every format, with their status, reason and expiry; exit 0', async () => {
    const out = (f: string) => join(dir, f);
    const run = await scanSimCluster([FAIL_HOST, WARN_HOST], ['multipath-wwid', 'storage-blocked'], [
      '--waivers', waiverFile('2026-12-31'),
      '--format', 'json,text,markdown,html,junit', '--output', `-,${out('r.txt')},${out('r.md')},${out('r.html')},${out('r.xml')}`,
    ], { now: on('2026-12-07') });
    const mp = run.report.results.filter((r) => r.check === 'multipath-wwid');
    expect(mp.map((r) => [r.host, r.status, r.waivedStatus, r.waiver])).toEqual([
      ['cvknode11', 'waived', 'fail', { reason: 'HBA replacement, ticket 4711', expires: '2026-12-31' }],
      ['cvknode12', 'waived', 'warn', { reason: 'HBA replacement, ticket 4711', expires: '2026-12-31' }],
    ]);
    // storage-blocked is ok on both: an ok is not waived
    expect(run.report.results.filter((r) => r.check === 'storage-blocked').map((r) => [r.status, r.waiver])).toEqual([['ok', undefined], ['ok', undefined]]);
    expect(run.report.counts.waived).toBe(2);
    expect(run.report.incidents).toEqual([]);
    expect(run.code).toBe(0);

    const text = readFileSync(out('r.txt'), 'utf8');
    expect(text).toMatch(/WAIVED\s+multipath-wwid\s+multipath map/);
    expect(text).toContain('waived, was FAIL: HBA replacement, ticket 4711 (until 2026-12-31)');
    expect(text).toContain('waived, was WARN: HBA replacement, ticket 4711 (until 2026-12-31)');
    expect(text).toContain(', 2 waived');
    expect(text).toContain('No faults found on the checked hosts other than 2 waived');
    expect(text).toContain('- skipped, w waived)');
    const md = readFileSync(out('r.md'), 'utf8');
    expect(md).toContain('## Waivers');
    expect(md).toMatch(/\| cvknode11 \| `multipath-wwid` \| WAIVED \| waived, was FAIL: HBA replacement, ticket 4711 \(until 2026-12-31\) \|/);
    const html = readFileSync(out('r.html'), 'utf8');
    expect(html).toContain('<section id="waivers">');
    expect(html).toContain('waived, was WARN: HBA replacement, ticket 4711 (until 2026-12-31)');
    const xml = readFileSync(out('r.xml'), 'utf8');
    expect(xml).toMatch(/<testcase classname="usdiag\.cvknode11" name="multipath-wwid \(3\.5\.7\)"[^>]*>\n.*waivedStatus" value="fail".*\n\s*<skipped message="waived, was FAIL: HBA replacement, ticket 4711 \(until 2026-12-31\): multipath map/);
    expect(xml).not.toContain('<failure');
  });

  it('reports the findings again once the waiver expired, with a note; the exit status is the finding\'s', async () => {
    const out = join(dir, 'expired.txt');
    const run = await scanSimCluster([FAIL_HOST, WARN_HOST], ['multipath-wwid'], [
      '--waivers', waiverFile('2026-12-06'), '--format', 'json,text,junit', '--output', `-,${out},${join(dir, 'expired.xml')}`,
    ], { now: on('2026-12-07') });
    expect(run.report.results.map((r) => [r.host, r.status, r.waivedStatus, r.waiver])).toEqual([
      ['cvknode11', 'fail', undefined, { reason: 'HBA replacement, ticket 4711', expires: '2026-12-06', expired: true }],
      ['cvknode12', 'warn', undefined, { reason: 'HBA replacement, ticket 4711', expires: '2026-12-06', expired: true }],
    ]);
    // one LUN's paths, failed on one host and degraded on the other: one incident, said at its worst
    expect(run.report.incidents.map((i) => [i.status, i.hosts])).toEqual([['fail', ['cvknode11', 'cvknode12']]]);
    expect(run.code).toBe(2);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('waiver expired 2026-12-06: HBA replacement, ticket 4711');
    // in the incident too, not only under the host
    expect(text).toMatch(/Waivers: cvknode11 multipath-wwid: waiver expired 2026-12-06: HBA replacement, ticket 4711/);
    expect(readFileSync(join(dir, 'expired.xml'), 'utf8')).toContain('<property name="waiverExpired" value="2026-12-06: HBA replacement, ticket 4711"/>');
  });

  it('a waiver without expiry waives one host only when its glob says so', async () => {
    const p = join(dir, 'one.yaml');
    writeFileSync(p, '- {check: multipath-wwid, host: cvknode11, reason: known}\n');
    const run = await scanSimCluster([FAIL_HOST, WARN_HOST], ['multipath-wwid'], ['--waivers', p], { now: on('2030-01-01') });
    expect(run.report.results.map((r) => [r.host, r.status])).toEqual([['cvknode11', 'waived'], ['cvknode12', 'warn']]);
    expect(run.code).toBe(1);
  });

  it('usdiag diff: a finding that is waived after is still there, not fixed', () => {
    const r = (status: string) => ({ host: 'h', check: 'mce', status: status as 'fail', summary: 's' });
    expect(diffReports([r('fail')], [r('waived')]).map((x) => x.change)).toEqual(['stayed']);
    expect(diffReports([r('waived')], [r('ok')]).map((x) => x.change)).toEqual(['fixed']);
  });

  it('the schema refuses a waived result without its waiver', () => {
    const bad = { status: 'waived' };
    const r = reportSchema.safeParse({ tool: 'usdiag', version: '1.0.0', lang: 'en', startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(), interrupted: false, hosts: [], counts: { ok: 0, warn: 0, fail: 0, unknown: 0, skipped: 0, error: 0, waived: 1 }, incidents: [], results: [{
      host: 'h', check: 'mce', section: '3.7.2', title: 't', summary: 's', message: { scope: 's', id: 'i', values: {} }, evidence: [], recovery: [], recoverySteps: [], durationMs: 0, ...bad,
    }] });
    expect(r.success).toBe(false);
  });
});
