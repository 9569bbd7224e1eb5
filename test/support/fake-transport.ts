/** A scripted transport for engine tests: answers by command key, counts calls, can hang or fail to connect. */
import { assertPrepared } from '../../src/transport/policy.js';
import { type ExecOptions, type ExecResult, type PreparedCommand, type Transport, TransportError } from '../../src/transport/types.js';

export interface FakeAnswer {
  stdout?: string;
  stderr?: string;
  exit?: number;
  /** Never answers until aborted or the deadline. */
  hang?: boolean;
  /** Answers after this long. */
  delayMs?: number;
}

export class FakeTransport implements Transport {
  readonly kind = 'fake';
  readonly calls: string[] = [];
  /** The prepared commands, as the policy built them (wire line, host-side limit). */
  readonly prepared: PreparedCommand[] = [];
  /** Commands running right now, and the most that ever ran at once, by program. */
  readonly running = new Map<string, number>();
  readonly peak = new Map<string, number>();
  closed = false;
  constructor(
    private readonly answers: Record<string, FakeAnswer>,
    private readonly connectError?: TransportError,
  ) {}

  async connect(): Promise<void> {
    if (this.connectError) throw this.connectError;
  }

  exec(cmd: PreparedCommand, opts: ExecOptions): Promise<ExecResult> {
    assertPrepared(cmd);
    this.calls.push(cmd.key);
    this.prepared.push(cmd);
    const a = this.answers[cmd.key];
    const base = { key: cmd.key, sample: cmd.sample, startedAt: new Date().toISOString(), truncated: false };
    if (!a) return Promise.resolve({ ...base, stdout: '', stderr: `sh: 1: ${cmd.key.split(' ')[0]}: not found\n`, exitCode: 127, durationMs: 1, timedOut: false });
    const program = cmd.key.split(' ')[0]!;
    if (a.delayMs !== undefined && !a.hang) {
      const now = (this.running.get(program) ?? 0) + 1;
      this.running.set(program, now);
      this.peak.set(program, Math.max(this.peak.get(program) ?? 0, now));
      return new Promise((resolve) => setTimeout(() => {
        this.running.set(program, this.running.get(program)! - 1);
        resolve({ ...base, stdout: a.stdout ?? '', stderr: a.stderr ?? '', exitCode: a.exit ?? 0, durationMs: a.delayMs!, timedOut: false });
      }, a.delayMs));
    }
    if (!a.hang) return Promise.resolve({ ...base, stdout: a.stdout ?? '', stderr: a.stderr ?? '', exitCode: a.exit ?? 0, durationMs: 1, timedOut: false });
    return new Promise((resolve) => {
      const t0 = Date.now();
      const end = (aborted: boolean) => {
        clearTimeout(timer);
        resolve({ ...base, stdout: '', stderr: '', exitCode: null, durationMs: Date.now() - t0, timedOut: !aborted, ...(aborted ? { failure: { kind: 'aborted' as const, message: 'aborted' } } : {}) });
      };
      const timer = setTimeout(() => end(false), opts.timeoutMs);
      opts.signal?.addEventListener('abort', () => end(true), { once: true });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
