import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { truncationMarker } from '../../src/transport/capped-output.js';
import { createLocalTransport } from '../../src/transport/local.js';
import type { PreparedCommand, Transport } from '../../src/transport/types.js';
import { prep, processesMatching, tempDir } from '../support/sim.js';

describe('local transport', () => {
  let t: Transport;
  let dir: string;
  let cleanup: () => void;
  let fifo: string;
  beforeAll(() => {
    t = createLocalTransport({ outputCapBytes: 16 * 1024 * 1024 });
    ({ dir, cleanup } = tempDir('usdiag-local-'));
    // Opening a FIFO nobody writes to blocks: a read-only command that hangs, like df on a dead mount.
    fifo = join(dir, 'blocked.fifo');
    execFileSync('mkfifo', [fifo]);
  });
  afterAll(async () => {
    await t.close();
    cleanup();
  });

  it('runs a prepared command under /bin/sh and returns its output', async () => {
    await t.connect();
    const r = await t.exec(prep(['uname', '-r']), { timeoutMs: 5000 });
    expect(r).toMatchObject({ key: 'uname -r', stdout: `${release()}\n`, stderr: '', exitCode: 0, timedOut: false, truncated: false });
    expect(r.failure).toBeUndefined();
    const load = await t.exec(prep(['cat', '/proc/loadavg']), { timeoutMs: 5000 });
    expect(load.stdout).toMatch(/^\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+\/\d+ \d+\n$/);
  });

  it('runs the filter stages of a pipeline', async () => {
    const r = await t.exec(prep({ argv: ['cat', '/proc/cpuinfo'], pipe: [['grep', '-c', '^processor']] }), { timeoutMs: 5000 });
    expect(r.stdout).toBe(`${cpus().length}\n`);
  });

  it('keeps stderr apart and reports the exit status', async () => {
    const r = await t.exec(prep(['cat', '/proc/usdiag-no-such-file']), { timeoutMs: 5000 });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('cat: /proc/usdiag-no-such-file: No such file or directory\n');
  });

  it('decodes output as UTF-8 with replacement characters for invalid bytes', async () => {
    const file = join(dir, 'mixed.txt');
    writeFileSync(file, Buffer.concat([Buffer.from('存储 ok '), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]));
    const r = await t.exec(prep(['cat', file]), { timeoutMs: 5000 });
    expect(r.stdout).toBe('存储 ok \uFFFD\uFFFD\n');
  });

  it('ends a hanging command at the deadline and kills its whole process tree (timeout(1) has its own group)', async () => {
    const t0 = Date.now();
    const r = await t.exec(prep({ argv: ['cat', fifo], timeoutSec: 30 }), { timeoutMs: 300 });
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(r).toMatchObject({ exitCode: null, timedOut: true });
    expect(r.failure).toBeUndefined();
    expect(r.durationMs).toBeGreaterThanOrEqual(290);
    await new Promise((res) => setTimeout(res, 100));
    expect(processesMatching(fifo)).toEqual([]);
  });

  it('reports timeout(1) ending the command on its own as timed out (exit 124)', async () => {
    const r = await t.exec(prep({ argv: ['cat', fifo], timeoutSec: 1 }), { timeoutMs: 5000 });
    expect(r).toMatchObject({ exitCode: 124, timedOut: true });
    expect(r.durationMs).toBeGreaterThanOrEqual(1000);
  });

  it('stops on abort with an aborted failure', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const r = await t.exec(prep({ argv: ['cat', fifo], timeoutSec: 30 }), { timeoutMs: 5000, signal: ac.signal });
    expect(r).toMatchObject({ exitCode: null, timedOut: false, failure: { kind: 'aborted' } });
    await new Promise((res) => setTimeout(res, 100));
    expect(processesMatching(fifo)).toEqual([]);
    const pre = await t.exec(prep(['uname', '-r']), { timeoutMs: 5000, signal: AbortSignal.abort() });
    expect(pre.failure?.kind).toBe('aborted');
    expect(pre.stdout).toBe('');
  });

  it('caps the output, keeping head and tail', async () => {
    const capped = createLocalTransport({ outputCapBytes: 1000 });
    const file = join(dir, 'big.log');
    const lines = Array.from({ length: 5000 }, (_, i) => `log line ${String(i).padStart(5, '0')}\n`).join('');
    writeFileSync(file, lines);
    const r = await capped.exec(prep(['cat', file]), { timeoutMs: 5000 });
    expect(r.truncated).toBe(true);
    expect(r.stdout.startsWith('log line 00000\nlog line 00001\n')).toBe(true);
    expect(r.stdout.endsWith('log line 04998\nlog line 04999\n')).toBe(true);
    expect(r.stdout).toContain(truncationMarker(lines.length - 1000, 1000));
    await capped.close();
  });

  it('refuses a command the policy did not prepare and does not run it', async () => {
    const marker = join(dir, 'must-not-exist');
    const forged: PreparedCommand = { key: 'uname -r', wire: `touch ${marker}`, sample: 1, hostTimeoutSec: 5, piped: false, earlyReader: false };
    const r = await t.exec(forged, { timeoutMs: 5000 });
    expect(r.failure?.kind).toBe('refused');
    expect(existsSync(marker)).toBe(false);
  });
});
