/**
 * The terminal and the shell around the built executables (separate
 * processes): a pseudo-terminal whose width is 0 (`script`, `ssh -tt` from a
 * script, `docker exec -t`), NO_COLOR for the progress spinner, and a reader
 * that closes the pipe early (`| head`).
 */
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { wantsSpinner } from '../../src/cli/scan.js';
import { closedPipeExitCode } from '../../src/cli/io.js';
import { FIXTURES } from '../support/fixture-run.js';

const ROOT = join(FIXTURES, '..');
const USDIAG = join(ROOT, 'bin', 'usdiag.js');
const DEMO = join(FIXTURES, 'demo');
const sh = promisify(execFile);

/** The environment of a person at a terminal: not CI (no spinner there), English. */
function terminalEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C', TERM: 'xterm', ...extra };
  delete env.CI;
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return { ...env, ...extra };
}

/** Runs a shell command under a pseudo-terminal of the given size (util-linux `script`), killed after `ms`. */
function underPty(command: string, size: { cols: number; rows: number }, env: NodeJS.ProcessEnv, ms: number) {
  return new Promise<{ code: number | null; output: Buffer; timedOut: boolean; ms: number }>((resolve) => {
    const t0 = Date.now();
    const child = spawn('script', ['-qec', `stty cols ${size.cols} rows ${size.rows}; ${command}`, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const chunks: Buffer[] = [];
    let bytes = 0;
    const keep = (c: Buffer) => {
      bytes += c.length;
      if (bytes < 4_000_000) chunks.push(c);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid!, 'SIGKILL');
    }, ms);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: Buffer.concat(chunks), timedOut, ms: Date.now() - t0 });
    });
  });
}

describe('a pseudo-terminal', () => {
  it('of width 0: the demo ends normally, with no progress output', async () => {
    const r = await underPty(`exec ${process.execPath} ${join(ROOT, 'bin', 'usdiag-demo.js')}`, { cols: 0, rows: 0 }, terminalEnv(), 60_000);
    expect(r.timedOut, 'the demo hung').toBe(false);
    const out = r.output.toString('utf8');
    expect(out).toMatch(/Scan took \d+\.\d s; usdiag exited with status 2/);
    expect(r.code).toBe(0);
    // the report, not megabytes of escape codes to clear lines
    expect(r.output.length).toBeLessThan(200_000);
    expect(out).not.toContain('\x1b[?25l');
  }, 70_000);

  it('of width 80 with NO_COLOR: the spinner runs without colour', async () => {
    const r = await underPty(`exec ${process.execPath} ${USDIAG} scan --from ${DEMO}`, { cols: 80, rows: 24 }, terminalEnv({ NO_COLOR: '1' }), 30_000);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    const out = r.output.toString('utf8');
    // the spinner was there (it hides the cursor), but wrote no colour
    expect(out).toContain('\x1b[?25l');
    expect(out).not.toMatch(/\x1b\[(?:3\d|9\d|1)m/);
  }, 40_000);

  it('shows progress only with a known width, never in CI or --verbose', () => {
    const io = (columns: number | undefined, env: NodeJS.ProcessEnv = {}) => ({ stderr: { write: () => true, isTTY: true, columns }, env });
    expect(wantsSpinner(io(80), false)).toBe(true);
    expect(wantsSpinner(io(0), false)).toBe(false);
    expect(wantsSpinner(io(undefined), false)).toBe(false);
    expect(wantsSpinner(io(80, { CI: 'true' }), false)).toBe(false);
    expect(wantsSpinner(io(80), true)).toBe(false);
  });
});

/** Starts usdiag with its standard output closed before it writes: the reader went away. */
function closedStdout(args: string[]) {
  return new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [USDIAG, ...args], { env: terminalEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('a closed standard output', () => {
  it('ends help quietly with exit 0, and a report with 141 (128 + SIGPIPE)', async () => {
    for (const [args, code] of [
      [['--help'], 0],
      [['list'], 0],
      [['scan', '--from', DEMO, '--format', 'json'], 141],
      [['parse', 'multipath-ll', join(FIXTURES, 'corpus', 'multipath-ll', 'iscsi-tp-a-1.txt')], 141],
    ] as const) {
      const r = await closedStdout([...args]);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code, stderr: '' });
    }
  }, 30_000);

  it('usdiag --help | head -1 exits 0 without a stack trace', async () => {
    const { stdout, stderr } = await sh('bash', ['-c', `"${process.execPath}" "${USDIAG}" --help | head -1; echo "status \${PIPESTATUS[0]}"`], { env: terminalEnv() });
    expect(stdout).toBe('Usage: usdiag [options] [command]\nstatus 0\n');
    expect(stderr).toBe('');
  });

  it('knows which commands print reports', () => {
    expect(closedPipeExitCode(['--help'])).toBe(0);
    expect(closedPipeExitCode(['scan', '--help'])).toBe(0);
    expect(closedPipeExitCode(['show', 'storage-blocked'])).toBe(0);
    expect(closedPipeExitCode(['--lang', 'zh', 'scan', '--from', 'x'])).toBe(141);
    expect(closedPipeExitCode(['explain', '-'])).toBe(141);
    expect(closedPipeExitCode(['policy', 'test', '--', 'scan', '--help'])).toBe(0);
  });
});
