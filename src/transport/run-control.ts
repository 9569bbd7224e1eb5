/**
 * Everything that can end one command early, as one AbortSignal whose reason
 * says why: the client-side deadline, the caller's abort signal (Ctrl-C, the
 * host's overall deadline), or the transport itself (connection lost,
 * transport closed). Each waiting step of a run listens to this one signal.
 */
import type { ExecFailure } from './types.js';

export type StopKind = 'deadline' | 'aborted' | 'transport';

export interface StopReason {
  readonly kind: StopKind;
  readonly message: string;
}

export class RunControl {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  // The caller's signal says why when it can ("host deadline passed", a stuck host); Ctrl-C is an interrupt.
  private readonly onUserAbort = () => this.stop('aborted', typeof this.userSignal?.reason === 'string' ? this.userSignal.reason : 'interrupted');

  constructor(private readonly userSignal?: AbortSignal) {
    if (userSignal?.aborted) this.stop('aborted', 'interrupted before it started');
    else userSignal?.addEventListener('abort', this.onUserAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the run was stopped; undefined while it may go on. (A method: it changes under the caller's feet.) */
  stopReason(): StopReason | undefined {
    return this.controller.signal.aborted ? (this.controller.signal.reason as StopReason) : undefined;
  }

  /**
   * Starts the client-side deadline (counted from now). It is a safety net:
   * when it fires, an answer that already arrived while the event loop was
   * busy (timers run before sockets are read) is still read first.
   */
  startDeadline(timeoutMs: number): void {
    if (this.timer || this.stopReason()) return;
    this.timer = setTimeout(() => {
      this.immediate = setImmediate(() => this.stop('deadline', `no answer within ${formatSeconds(timeoutMs)}`));
    }, Math.max(0, timeoutMs));
  }

  private immediate: NodeJS.Immediate | undefined;

  stop(kind: StopKind, message: string): void {
    if (this.controller.signal.aborted) return;
    this.controller.abort({ kind, message } satisfies StopReason);
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.userSignal?.removeEventListener('abort', this.onUserAbort);
  }
}

/** The ExecResult failure for a stop reason; a deadline is evidence, not a failure. */
export function stopFailure(reason: StopReason | undefined): ExecFailure | undefined {
  if (!reason || reason.kind === 'deadline') return undefined;
  return { kind: reason.kind, message: reason.message };
}

/** Resolves with `p`, or rejects with a StoppedError as soon as the signal fires. */
export function untilStopped<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new StoppedError(signal.reason as StopReason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new StoppedError(signal.reason as StopReason));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export class StoppedError extends Error {
  constructor(readonly reason: StopReason) {
    super(reason.message);
    this.name = 'StoppedError';
  }
}

/** Waits `ms`, or less when the signal fires (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)}s`;
}
