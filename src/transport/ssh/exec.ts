/**
 * Runs one prepared command on an exec channel of a live connection: waits
 * for a channel slot, opens the channel (backing off when the server refuses
 * one), drains stdout and stderr into capped buffers and stops at the
 * deadline, on abort, or when the connection is lost, keeping the output so far.
 */
import type { ClientChannel } from 'ssh2';
import { CappedOutput } from '../capped-output.js';
import { failedResult, finishedResult } from '../exec-result.js';
import { type RunControl, StoppedError, formatSeconds, sleep, stopFailure, untilStopped } from '../run-control.js';
import type { ExecFailure, ExecOptions, ExecResult, PreparedCommand } from '../types.js';
import type { SshConnection } from './connection.js';

/** Channel-open refusals tolerated per command before giving up (the deadline also bounds them). */
const MAX_OPEN_REFUSALS = 6;
const BACKOFF_BASE_MS = 50;
const BACKOFF_MAX_MS = 1000;
/**
 * How long a channel may stay open after its exit status arrived. A process
 * timeout(1) could not kill (D state on a hung mount) keeps the channel's
 * pipes open, so sshd never closes it; the exit status (124, 137) is the
 * host's verdict and is kept rather than waiting for the client's deadline.
 */
const CLOSE_AFTER_EXIT_MS = 1000;

interface OpenChannel {
  readonly channel: ClientChannel;
  readonly ended: Promise<ChannelEnd>;
}

interface ChannelEnd {
  readonly exitCode: number | null;
  readonly signal?: string | undefined;
  /** False when the channel closed without an exit status. */
  readonly exited: boolean;
}

export async function runOverSsh(conn: SshConnection, cmd: PreparedCommand, opts: ExecOptions, control: RunControl, capBytes: number): Promise<ExecResult> {
  const queuedAt = new Date();
  const unsubscribe = conn.onLost((message) => control.stop('transport', message));
  let release: (() => void) | undefined;
  let startedAt: Date | undefined;
  let t0 = 0;
  let channel: OpenChannel | undefined;
  const stdout = new CappedOutput(capBytes);
  const stderr = new CappedOutput(capBytes);
  try {
    for (let refusals = 0; ; ) {
      release = await conn.slots.acquire(control.signal);
      if (!startedAt) {
        // The deadline counts from the first attempt to open a channel, not from the wait for a slot.
        startedAt = new Date();
        t0 = performance.now();
        control.startDeadline(opts.timeoutMs);
      }
      const inUse = conn.slots.inUse;
      const opened = await openChannel(conn, cmd.wire, control.signal, stdout, stderr);
      if (!(opened instanceof Error)) {
        channel = opened;
        break;
      }
      release();
      release = undefined;
      if (!isOpenRefusal(opened) || ++refusals > MAX_OPEN_REFUSALS) {
        return finishedResult({
          cmd, startedAt, durationMs: performance.now() - t0, stdout, stderr, exitCode: null, deadlineHit: false,
          failure: { kind: 'transport', message: `${conn.label}: cannot open an exec channel: ${opened.message}` },
        });
      }
      // The server refused while `inUse` of ours were open (counting this one): it allows one fewer.
      conn.slots.lowerTo(inUse - 1);
      await sleep(Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (refusals - 1)) * (0.5 + Math.random() / 2), control.signal);
      const stopped = control.stopReason();
      if (stopped) throw new StoppedError(stopped);
    }
    const end = await untilStopped(channel.ended, control.signal);
    return finishedResult({
      cmd, startedAt, durationMs: performance.now() - t0, stdout, stderr,
      exitCode: end.exitCode, signal: end.signal, deadlineHit: false,
      failure: end.exited ? undefined : { kind: 'transport', message: conn.lostReason ?? `${conn.label}: the channel closed without an exit status` },
    });
  } catch (e) {
    if (!(e instanceof StoppedError)) throw e;
    if (channel) killRemote(channel.channel);
    if (!startedAt) return failedResult(cmd, e.reason.kind === 'transport' ? 'transport' : 'aborted', e.reason.message, queuedAt);
    return finishedResult({
      cmd, startedAt, durationMs: performance.now() - t0, stdout, stderr, exitCode: null,
      deadlineHit: e.reason.kind === 'deadline',
      failure: channel ? stopFailure(e.reason) : neverOpened(e.reason.kind, e.reason.message, opts.timeoutMs, conn.label),
    });
  } finally {
    unsubscribe();
    if (channel) closeQuietly(channel.channel);
    release?.();
  }
}

/** The command never started: a deadline then is the server's fault, not evidence about the command. */
function neverOpened(kind: 'deadline' | 'aborted' | 'transport', message: string, timeoutMs: number, label: string): ExecFailure {
  if (kind === 'deadline') return { kind: 'transport', message: `${label}: the server did not open a channel within ${formatSeconds(timeoutMs)}` };
  return { kind, message };
}

/**
 * The channel with its output collectors, or the error the server answered
 * with. Rejects with StoppedError. The collectors are attached inside ssh2's
 * callback: the exit status can arrive in the same packet batch as the open
 * confirmation, and an 'exit' event nobody listens to yet is lost.
 */
function openChannel(conn: SshConnection, wire: string, signal: AbortSignal, stdout: CappedOutput, stderr: CappedOutput): Promise<OpenChannel | Error> {
  return new Promise((resolve, reject) => {
    let gaveUp = false;
    const onAbort = () => {
      gaveUp = true;
      reject(new StoppedError(signal.reason));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      // No PTY: a PTY would merge stderr into stdout and could make programs page or color their output.
      conn.client.exec(wire, (err, ch) => {
        if (gaveUp) {
          // The server answered after the deadline: close what it opened.
          if (!err) closeQuietly(ch);
          return;
        }
        signal.removeEventListener('abort', onAbort);
        resolve(err ?? { channel: ch, ended: collect(ch, stdout, stderr) });
      });
    } catch (e) {
      signal.removeEventListener('abort', onAbort);
      resolve(e as Error);
    }
  });
}

/** ssh2's message for CHANNEL_OPEN_FAILURE (MaxSessions reached, "open failed"). */
function isOpenRefusal(err: Error): boolean {
  return err.message.startsWith('(SSH) Channel open failure') && !/unexpectedly/.test(err.message);
}

/**
 * Reads both streams to the end (a full stderr window must never stall
 * stdout) and resolves when the channel closes.
 */
function collect(ch: ClientChannel, stdout: CappedOutput, stderr: CappedOutput): Promise<ChannelEnd> {
  return new Promise((resolve) => {
    let exitCode: number | null = null;
    let exitSignal: string | undefined;
    let exited = false;
    ch.on('data', (c: Buffer) => stdout.push(c));
    ch.stderr.on('data', (c: Buffer) => stderr.push(c));
    let lingering: NodeJS.Timeout | undefined;
    const end = () => {
      clearTimeout(lingering);
      resolve({ exitCode, signal: exitSignal, exited });
    };
    ch.on('exit', (code: number | null, sig?: string) => {
      exited = true;
      if (typeof code === 'number') exitCode = code;
      else if (sig) exitSignal = sig.startsWith('SIG') ? sig : `SIG${sig}`;
      lingering = setTimeout(end, CLOSE_AFTER_EXIT_MS);
      lingering.unref?.();
    });
    ch.on('close', end);
    // No EOF on stdin: ssh2 sends no signal request once the channel is half-closed, and killRemote
    // needs one. Nothing the policy allows reads standard input (files and devices are operands).
  });
}

/**
 * Asks sshd to KILL the command's process group before the channel closes:
 * closing alone leaves a sleeping command running until timeout(1) ends it.
 * Best effort: sshd signals the session's process group (for a one-stage
 * command that is timeout(1)'s own group), but OpenSSH refuses signal
 * requests in root sessions ("requires privilege separation"), so for root
 * logins the wire's timeout(1) is what bounds the process on the host.
 */
function killRemote(ch: ClientChannel): void {
  try {
    ch.signal('KILL');
  } catch {
    // The connection is already gone.
  }
}

function closeQuietly(ch: ClientChannel): void {
  try {
    ch.close();
  } catch {
    // The connection is already gone.
  }
}
