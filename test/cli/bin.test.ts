/**
 * The installed executables, as a user runs them (built dist/, separate
 * processes): start-up time of --help and list, and the demo.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { FIXTURES } from '../support/fixture-run.js';

const run = promisify(execFile);
const ROOT = join(FIXTURES, '..');

async function timed(args: string[]): Promise<{ ms: number; stdout: string }> {
  const t0 = performance.now();
  const { stdout } = await run(process.execPath, [join(ROOT, 'bin', 'usdiag.js'), ...args], { env: { ...process.env, LANG: 'C' } });
  return { ms: performance.now() - t0, stdout };
}

describe('bin/usdiag.js', () => {
  it('answers --help and list quickly (no SSH or YAML loaded for them)', async () => {
    // measured on the 2-core dev machine: --help ~80 ms, list ~160 ms; the bound leaves room for a loaded CI box
    const help = await timed(['--help']);
    expect(help.stdout).toContain('Usage: usdiag');
    const list = await timed(['list']);
    expect(list.stdout).toContain('storage-blocked');
    expect(help.ms).toBeLessThan(1500);
    expect(list.ms).toBeLessThan(1500);
  });
});

describe('bin/usdiag-demo.js (npm run demo)', () => {
  it('scans the simulated cluster and finds the seeded storage chain', async () => {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'bin', 'usdiag-demo.js'), '--format', 'json'], { env: { ...process.env, LANG: 'C' } });
    const report = reportSchema.parse(JSON.parse(stdout));
    expect(report.hosts.map((h) => h.name)).toEqual(['cvknode11', 'cvknode12', 'cvknode13', 'vms01']);
    const blocked = report.results.find((r) => r.host === 'cvknode11' && r.check === 'storage-blocked')!;
    expect(blocked.status).toBe('fail');
    expect(blocked.summary).toContain('Reboot cvknode13');
    expect(stderr).toMatch(/Scan took \d+\.\d s; usdiag exited with status 2/);
    expect(stderr).not.toContain('Warning');
  });
});
