/**
 * Where reports go, and the edges of the command line: several formats in
 * one run, outputs checked before anything connects, --save-raw that does
 * not merge two scans, help without a command, --lang before it, and a run
 * that checked nothing.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { runCli } from '../support/cli.js';
import { FIXTURES } from '../support/fixture-run.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'usdiag-out-'));
const chain = join(FIXTURES, 'hosts', 'storage-blocked', 'chain');
const DEMO = join(FIXTURES, 'demo');

describe('several formats in one run', () => {
  it('writes text to the terminal and JSON and JUnit to files', async () => {
    const d = tmp();
    const r = await runCli(['check', 'storage-blocked', '--from', chain, '--format', 'text,json,junit', '--output', `-,${join(d, 'r.json')},${join(d, 'r.xml')}`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^Incidents\n {2}#1 FAIL/);
    const json = reportSchema.parse(JSON.parse(readFileSync(join(d, 'r.json'), 'utf8')));
    expect(json.incidents[0]!.culprit).toMatchObject({ host: 'cvknode13', pid: 27904 });
    expect(readFileSync(join(d, 'r.xml'), 'utf8')).toContain('<testsuites name="usdiag"');
  });

  it.each([
    [['--format', 'text,json'], 'usdiag: --format names 2 formats: say where each goes with --output, - for standard output (e.g. --output -,report.json)'],
    [['--format', 'text,json', '--output', '-'], 'usdiag: --format names 2 formats but --output 1 file(s): give one per format, - for standard output (e.g. --format text,json --output -,report.json)'],
    [['--format', 'text,json', '--output', '-,-'], 'usdiag: --output names standard output (-) more than once'],
    [['--format', 'json,junit', '--output', 'a.out,./a.out'], 'usdiag: --output names ./a.out twice'],
    [['--format', 'text,pdf', '--output', '-,r.pdf'], 'usdiag: --format must be text, json, junit, markdown or html (got "pdf")'],
    [['--format', 'text,', '--output', '-,x'], 'usdiag: --format "text," names an empty format'],
  ])('refuses %j with one line and exit 64', async (extra, message) => {
    const r = await runCli(['check', 'storage-blocked', '--from', chain, ...extra]);
    expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ code: 64, stderr: `${message}\n`, stdout: '' });
  });
});

describe('outputs are checked before any host is reached', () => {
  it('refuses --output into a directory that does not exist, naming it', async () => {
    // 127.0.0.1:1 refuses at once: the scan would run and only then fail to write
    const r = await runCli(['check', 'storage-blocked', '--host', '127.0.0.1:1', '--output', '/nonexistent-dir/x/report.json', '--format', 'json']);
    expect(r.code).toBe(64);
    expect(r.stderr).toBe('usdiag: cannot write /nonexistent-dir/x/report.json: the directory /nonexistent-dir/x does not exist\n');
    const dir = tmp();
    const isDir = await runCli(['check', 'storage-blocked', '--from', chain, '--output', dir]);
    expect(isDir.stderr).toBe(`usdiag: --output ${dir} is a directory: give a file name\n`);
  });

  it('refuses --save-raw into a directory that holds a capture unless --force, and onto a file', async () => {
    const d = tmp();
    mkdirSync(join(d, 'cvknode11'));
    const r = await runCli(['check', 'storage-blocked', '--from', chain, '--save-raw', d]);
    expect(r.code).toBe(64);
    expect(r.stderr).toBe(`usdiag: --save-raw ${d} already holds 1 entries (e.g. cvknode11): a new scan would be mixed into them; give a new or empty directory, or add --force\n`);
    expect((await runCli(['check', 'storage-blocked', '--from', chain, '--save-raw', d, '--force', '--format', 'json'])).code).toBe(2);
    const file = join(tmp(), 'capture.txt');
    writeFileSync(file, 'x');
    const onFile = await runCli(['check', 'storage-blocked', '--from', chain, '--save-raw', file]);
    expect(onFile.code).toBe(64);
    expect(onFile.stderr).toBe(`usdiag: --save-raw ${file} is a file, not a directory: give a new or empty directory\n`);
    // an empty directory is fine
    expect((await runCli(['check', 'storage-blocked', '--from', chain, '--save-raw', tmp(), '--format', 'json'])).code).toBe(2);
  });
});

describe('the command line around the report', () => {
  it('prints the help on stderr and exits 64 without a command', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: usdiag \[options\] \[command\]/);
  });

  it('names the formats list accepts when one it does not is given', async () => {
    const r = await runCli(['list', '--format', 'junit']);
    expect(r.code).toBe(64);
    expect(r.stderr).toBe('usdiag: --format must be text or json (got "junit")\n');
  });

  it('takes --lang before the command as well as after it', async () => {
    const before = await runCli(['--lang', 'zh', 'check', 'storage-blocked', '--from', chain]);
    expect(before.code).toBe(2);
    expect(before.stdout).toMatch(/^故障事件\n/);
    const bad = await runCli(['--lang', 'fr', 'list']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toBe('usdiag: --lang must be en or zh (got "fr")\n');
  });

  it('exits 3 and says nothing was checked for a guide-only entry, naming what to do instead', async () => {
    // every entry a host shows is automated now; guide-only entries (and any future gap) keep the rule
    const r = await runCli(['check', 'host-no-boot-device', '--from', DEMO]);
    expect(r.code).toBe(3);
    expect(r.stdout).not.toContain('No faults found');
    expect(r.stdout).toContain('Nothing was checked');
    expect(r.stdout).toMatch(/follow the recovery below\s+when the symptom matches/);
  });
});
