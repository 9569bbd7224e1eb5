/**
 * Speed and memory of explain on a 50 MB generated log, measured in a child
 * process (scripts/bench-explain.mjs) so that the numbers are explain's alone.
 * The 200 MB run is the same script against dist/ (see its header).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { transpileClosure } from './support/transpile.js';

const REPO = join(import.meta.dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'usdiag-explain-js-'));
transpileClosure(join(REPO, 'src/explain/stream.ts'), REPO, out);
afterAll(() => rmSync(out, { recursive: true, force: true }));

// Ten faults, each in its own 1 MiB chunk: the kept sample lines must not pin the chunks.
const RETAIN = `
import { Readable } from 'node:stream';
import { explainStream } from ${JSON.stringify(pathToFileURL(join(out, 'src/explain/stream.js')).href)};
const faults = ['Too short cookie string', 'No bootable device', 'lacp_status: configured', 'Bad SSH2 cipher spec',
  'o2quo_disk_timeout', 'Hardware event. This is not a software error.', '配置多路径失败',
  'TCP disconnected with other nodes', 'Image is corrupt; cannot be opened read/write', 'Too many snapshots'];
const result = await explainStream(Readable.from(faults.map((f) => Buffer.from(f + '\\n' + 'x'.repeat(1 << 20) + '\\n'))));
globalThis.gc();
console.log(JSON.stringify({ matches: result.matches.length, heapMiB: process.memoryUsage().heapUsed / 1048576 }));
globalThis.keep = result;
`;

describe('explain benchmark', () => {
  it('streams 50 MB well over 50 MB/s in under 150 MiB of memory and finds every planted fault', () => {
    const stdout = execFileSync(process.execPath, [join(REPO, 'scripts/bench-explain.mjs'), '--size', '50', '--root', out], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as {
      bytes: number;
      lines: number;
      mbPerSec: number;
      peakRssMiB: number;
      missing: string[];
      matches: string[];
    };
    console.log(`explain bench: ${JSON.stringify(report)}`);
    expect(report.bytes).toBeGreaterThanOrEqual(50e6);
    expect(report.lines).toBeGreaterThan(300_000);
    expect(report.missing).toEqual([]);
    expect(report.matches).toHaveLength(5);
    expect(report.mbPerSec).toBeGreaterThan(50);
    expect(report.peakRssMiB).toBeLessThan(150);
  }, 90_000);

  it('does not keep input chunks alive through the sample lines it reports', () => {
    const stdout = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', RETAIN], { encoding: 'utf8' });
    const report = JSON.parse(stdout) as { matches: number; heapMiB: number };
    expect(report.matches).toBe(9);
    // Ten 1 MiB chunks would show as more than 10 MiB.
    expect(report.heapMiB).toBeLessThan(8);
  }, 30_000);
});
