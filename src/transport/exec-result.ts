/**
 * How the live transports (SSH, local shell) turn what happened to one
 * command into an ExecResult, so both report timeouts, refusals and partial
 * output the same way.
 */
import type { CappedOutput } from './capped-output.js';
import { assertPrepared, firstStageStatus } from './policy.js';
import type { ExecFailure, ExecFailureKind, ExecResult, PreparedCommand } from './types.js';

/** Exit statuses of timeout(1): 124 after TERM, 137 (128+KILL) when -k had to kill. */
const TIMEOUT_EXITS = new Set([124, 137]);

/**
 * True when the exit status says timeout(1) on the host ended the command.
 * The duration guard keeps a program that exits 124 by itself from passing
 * for a timeout.
 */
export function hostTimedOut(exitCode: number | null, durationMs: number, hostTimeoutSec: number): boolean {
  return exitCode !== null && TIMEOUT_EXITS.has(exitCode) && durationMs >= hostTimeoutSec * 1000;
}

/** The refusal for a command the read-only policy did not prepare, or null when it may run. */
export function policyRefusal(cmd: PreparedCommand): ExecFailure | null {
  try {
    assertPrepared(cmd);
    return null;
  } catch (e) {
    return { kind: 'refused', message: (e as Error).message };
  }
}

/** A result for a command that produced nothing (refused, never started, connection gone). */
export function failedResult(cmd: PreparedCommand, kind: ExecFailureKind, message: string, startedAt: Date, extra?: { timedOut?: boolean }): ExecResult {
  return {
    key: cmd.key,
    sample: cmd.sample,
    stdout: '',
    stderr: '',
    exitCode: null,
    durationMs: Math.max(0, Date.now() - startedAt.getTime()),
    timedOut: extra?.timedOut ?? false,
    truncated: false,
    failure: { kind, message },
    startedAt: startedAt.toISOString(),
  };
}

export interface FinishedRun {
  readonly cmd: PreparedCommand;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly stdout: CappedOutput;
  readonly stderr: CappedOutput;
  readonly exitCode: number | null;
  readonly signal?: string | undefined;
  /** The client-side deadline ended the command. */
  readonly deadlineHit: boolean;
  readonly failure?: ExecFailure | undefined;
}

export function finishedResult(run: FinishedRun): ExecResult {
  const status = firstStageStatus(run.cmd, run.stderr.text(), run.exitCode);
  // A pipeline that ended by itself without its status line ran under a shell usdiag cannot read.
  const unreported = run.cmd.piped && status.exitCode === null && run.exitCode !== null && !run.deadlineHit && !run.failure;
  const onHost = hostTimedOut(status.exitCode, run.durationMs, run.cmd.hostTimeoutSec);
  return {
    key: run.cmd.key,
    sample: run.cmd.sample,
    stdout: run.stdout.text(),
    stderr: status.stderr,
    exitCode: status.exitCode,
    signal: run.signal,
    durationMs: Math.round(run.durationMs),
    timedOut: run.deadlineHit || onHost,
    ...(onHost ? { timedOutBy: 'host' as const } : run.deadlineHit ? { timedOutBy: 'client' as const } : {}),
    truncated: run.stdout.truncated || run.stderr.truncated,
    failure: run.failure ?? (unreported ? { kind: 'transport', message: 'the pipeline did not report the exit status of its first stage' } : undefined),
    startedAt: run.startedAt.toISOString(),
  };
}
