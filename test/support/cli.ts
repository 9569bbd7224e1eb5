/**
 * Drives the real CLI in-process (main() with captured streams), and scans a
 * simulated cluster through real SSH: the end-to-end path of every check.
 */
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { reportSchema, type ReportJson } from '../../src/report/schema.js';
import { startSimCluster } from '../../src/sim/index.js';
import type { RecordedCommand, SimCluster, SimHostSpec } from '../../src/sim/index.js';
import { expect } from 'vitest';
import { violations } from './denylist.js';
import { hostDir } from './fixture-run.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly stdin?: string;
  /** Called with a function that sends Ctrl-C, once the CLI subscribed to it. */
  readonly interrupt?: (send: () => void) => void;
  /** The workstation's clock as the CLI sees it (waiver expiry). */
  readonly now?: () => Date;
}

export async function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end(opts.stdin ?? '');
  const handlers = new Set<() => void>();
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin,
    env: { LANG: 'C', ...opts.env },
    ...(opts.now ? { now: opts.now } : {}),
    onInterrupt(h) {
      handlers.add(h);
      opts.interrupt?.(() => handlers.forEach((x) => x()));
      return () => handlers.delete(h);
    },
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

export interface SimScan extends CliRun {
  readonly report: ReportJson;
  readonly recorded: readonly RecordedCommand[];
}

/**
 * Starts one simulated host per profile directory, runs `usdiag check IDS`
 * (or scan when ids is undefined) against the generated inventory with
 * --format json, validates the report and the commands the hosts received.
 */
export async function scanSimCluster(
  profiles: readonly (string | SimHostSpec)[],
  ids: readonly string[] | undefined,
  extra: readonly string[] = [],
  opts: CliOptions = {},
): Promise<SimScan> {
  const cluster: SimCluster = await startSimCluster(profiles.map((d) => (typeof d === 'string' ? { profileDir: d } : d)));
  try {
    const args = [...(ids ? ['check', ids.join(',')] : ['scan']), '--inventory', cluster.inventoryPath, '--format', 'json', '--sample-seconds', '1', ...extra];
    const run = await runCli(args, opts);
    const report = reportSchema.parse(JSON.parse(run.stdout));
    const recorded = cluster.recorded();
    const bad = violations(recorded.map((r) => r.wire));
    if (bad.length) throw new Error(`mutating commands reached the simulated hosts: ${JSON.stringify(bad)}`);
    return { ...run, report, recorded };
  } finally {
    await cluster.close();
  }
}

/** Every command the simulated hosts received was one the policy builds (locale, timeout(1)). */
export function expectPolicyWire(run: SimScan): void {
  expect(run.recorded.every((x) => x.key !== null && /^(\{ )?LC_ALL=C timeout -k 2 /.test(x.wire))).toBe(true);
}

/**
 * One check on one fault fixture over SSH (`variant/host` under the check's
 * fixtures): a single verdict with this status whose summary says `summary`,
 * nothing on stderr, every command policy-built. Returns the run for more.
 */
export async function expectFixtureVerdict(id: string, variantHost: string, status: string, summary: string): Promise<SimScan> {
  const [variant, name] = variantHost.split('/');
  const run = await scanSimCluster([hostDir(id, variant!, name!)], [id]);
  expect(run.stderr).toBe('');
  const [r] = run.report.results;
  expect(r).toMatchObject({ check: id, status });
  expect(r!.summary).toContain(summary);
  expectPolicyWire(run);
  return run;
}
