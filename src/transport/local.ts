/**
 * `--local`: the engineer is already logged into a hypervisor and runs usdiag
 * there. The prepared wire line runs under /bin/sh exactly as sshd would run
 * it, in its own process group; a deadline kills the whole process tree.
 */
import { execa } from 'execa';
import { CappedOutput } from './capped-output.js';
import { failedResult, finishedResult, policyRefusal } from './exec-result.js';
import { killProcessTree } from './process-tree.js';
import { RunControl, stopFailure } from './run-control.js';
import type { ExecOptions, ExecResult, PreparedCommand, Transport } from './types.js';

export interface LocalTransportOptions {
  /** Per stream; head and tail are kept past it. */
  readonly outputCapBytes: number;
}

/** How long to wait for pipes to close after the process group was killed. */
const DRAIN_AFTER_KILL_MS = 2000;

export function createLocalTransport(options: LocalTransportOptions): Transport {
  const running = new Set<RunControl>();
  return {
    kind: 'local',
    async connect() {},
    async exec(cmd, opts) {
      const refusal = policyRefusal(cmd);
      if (refusal) return failedResult(cmd, refusal.kind, refusal.message, new Date());
      const control = new RunControl(opts.signal);
      running.add(control);
      try {
        return await runLocal(cmd, opts, control, options.outputCapBytes);
      } finally {
        running.delete(control);
        control.dispose();
      }
    },
    async close() {
      for (const c of running) c.stop('transport', 'the local transport was closed');
    },
  };
}

async function runLocal(cmd: PreparedCommand, opts: ExecOptions, control: RunControl, capBytes: number): Promise<ExecResult> {
  const startedAt = new Date();
  const early = control.stopReason();
  if (early) return failedResult(cmd, 'aborted', early.message, startedAt);
  const t0 = performance.now();
  control.startDeadline(opts.timeoutMs);
  const stdout = new CappedOutput(capBytes);
  const stderr = new CappedOutput(capBytes);
  const child = execa('/bin/sh', ['-c', cmd.wire], {
    buffer: false,
    stdin: 'ignore',
    detached: true,
    reject: false,
    cleanup: true,
  });
  child.stdout?.on('data', (c: Buffer) => stdout.push(c));
  child.stderr?.on('data', (c: Buffer) => stderr.push(c));

  let drainTimer: NodeJS.Timeout | undefined;
  const drained = new Promise<'abandoned'>((resolve) => {
    control.signal.addEventListener(
      'abort',
      () => {
        if (child.pid !== undefined) killProcessTree(child.pid);
        // A process that escaped the tree (daemonized) could hold the pipes open: do not wait for it forever.
        drainTimer = setTimeout(() => resolve('abandoned'), DRAIN_AFTER_KILL_MS);
      },
      { once: true },
    );
  });
  const outcome = await Promise.race([child, drained]);
  clearTimeout(drainTimer);
  if (outcome === 'abandoned') {
    child.stdout?.destroy();
    child.stderr?.destroy();
  }
  const reason = control.stopReason();
  const exited = outcome !== 'abandoned' && !reason ? outcome : undefined;
  const spawnError = exited && exited.exitCode === undefined && !exited.signal ? exited.message : undefined;
  return finishedResult({
    cmd,
    startedAt,
    durationMs: performance.now() - t0,
    stdout,
    stderr,
    exitCode: exited?.exitCode ?? null,
    signal: exited?.signal,
    deadlineHit: reason?.kind === 'deadline',
    failure: stopFailure(reason) ?? (spawnError ? { kind: 'transport', message: spawnError } : undefined),
  });
}
