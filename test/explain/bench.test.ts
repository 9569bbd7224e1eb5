/**
 * explain on generated logs of 12.5 and 50 MB, measured in a child process
 * (scripts/bench-explain.mjs) so that the numbers are explain's alone: every
 * planted fault found, peak memory under a bound, and time growing linearly
 * with the size. No speed is asserted: that depends on the machine and its
 * load (`npm run bench` prints the figures, 200 MB against dist/).
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

interface BenchReport {
  bytes: number;
  lines: number;
  seconds: number;
  mbPerSec: number;
  peakRssMiB: number;
  missing: string[];
  matches: string[];
}

function bench(sizeMb: number): BenchReport {
  const stdout = execFileSync(process.execPath, [join(REPO, 'scripts/bench-explain.mjs'), '--size', String(sizeMb), '--root', out], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as BenchReport;
}

/** 4x the input: linear time is ~4x, quadratic ~16x. */
const MAX_RATIO = 8;

describe('explain benchmark', () => {
  it('streams 50 MB in under 150 MiB of memory, finds every planted fault, and 4x the input costs less than 8x the time', () => {
    let small = bench(12.5);
    let large = bench(50);
    // One retry: a loaded machine can slow either run down.
    if (large.seconds >= MAX_RATIO * small.seconds) [small, large] = [bench(12.5), bench(50)];
    console.log(`explain bench: ${JSON.stringify({ small, large })}`);
    for (const [report, mb] of [[small, 12.5], [large, 50]] as const) {
      expect(report.bytes).toBeGreaterThanOrEqual(mb * 1e6);
      expect(report.lines).toBeGreaterThan(mb * 6000);
      expect(report.missing).toEqual([]);
      expect(report.matches).toHaveLength(5);
    }
    expect(large.peakRssMiB).toBeLessThan(150);
    expect(large.seconds).toBeLessThan(MAX_RATIO * Math.max(small.seconds, 0.01));
  }, 240_000);

  it('does not keep input chunks alive through the sample lines it reports', () => {
    const stdout = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', RETAIN], { encoding: 'utf8' });
    const report = JSON.parse(stdout) as { matches: number; heapMiB: number };
    expect(report.matches).toBe(9);
    // Ten 1 MiB chunks would show as more than 10 MiB.
    expect(report.heapMiB).toBeLessThan(8);
  }, 30_000);
});
