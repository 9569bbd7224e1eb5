/**
 * Everything usdiag does on one host goes through its session: one lazily
 * opened connection, every command through the read-only policy, each
 * distinct command run once per scan (checks share the output), outputs
 * redacted before anyone sees them, and a deadline for the whole host.
 */
import { setMaxListeners } from 'node:events';
import type { CaptureWriter } from '../capture/layout.js';
import { redact } from '../redact/redact.js';
import { type Command, commandKey, sampleKey } from '../transport/command.js';
import { prepare, RefusedCommand } from '../transport/policy.js';
import { type ExecResult, type Transport, TransportError } from '../transport/types.js';
import type { CommandOutput, HostContext, HostInfo } from './types.js';

export interface SessionOptions {
  /** Per-command limit in seconds (host side; the client waits a little longer). */
  readonly timeoutSec: number;
  /** Budget for everything on this host, from its first use. */
  readonly hostTimeoutMs: number;
  /** The run's interrupt (Ctrl-C). */
  readonly signal: AbortSignal;
  readonly capture?: CaptureWriter | undefined;
  /** Called for every finished command (verbose logging). */
  readonly onCommand?: ((host: string, r: ExecResult) => void) | undefined;
}

/** The client waits this much longer than timeout(1) on the host, so the host side ends first. */
export const CLIENT_GRACE_MS = 3000;

export class HostSession implements HostContext {
  private connecting: Promise<void> | undefined;
  private connectError: TransportError | undefined;
  private readonly outputs = new Map<string, Promise<CommandOutput>>();
  private deadline: AbortSignal | undefined;
  private captureHeaderWritten = false;

  constructor(
    public host: HostInfo,
    private readonly transport: Transport,
    private readonly options: SessionOptions,
  ) {}

  /** The host's roles once known (inventory or detection). */
  setRoles(roles: HostInfo['roles']): void {
    this.host = { ...this.host, roles };
  }

  /** Aborts when the run is interrupted or this host's budget is spent. */
  get signal(): AbortSignal {
    if (!this.deadline) {
      this.deadline = AbortSignal.any([this.options.signal, AbortSignal.timeout(this.options.hostTimeoutMs)]);
      // Every command in flight on this host listens to it.
      setMaxListeners(0, this.deadline);
    }
    return this.deadline;
  }

  /** Opens the connection once; the error, if any, is kept for every later caller. */
  async connect(): Promise<TransportError | undefined> {
    this.connecting ??= this.transport.connect().catch((e: unknown) => {
      this.connectError =
        e instanceof TransportError ? e : new TransportError('protocol', e instanceof Error ? e.message : String(e));
    });
    await this.connecting;
    return this.connectError;
  }

  get connectionError(): TransportError | undefined {
    return this.connectError;
  }

  run(command: Command): Promise<CommandOutput> {
    const id = sampleKey(command);
    let p = this.outputs.get(id);
    if (!p) {
      p = this.execute(command);
      this.outputs.set(id, p);
    }
    return p;
  }

  private async execute(command: Command): Promise<CommandOutput> {
    const startedAt = new Date().toISOString();
    const base = { key: commandKey(command), sample: command.sample ?? 1, host: this.host.name, startedAt };
    const failed = (kind: 'refused' | 'transport' | 'aborted', message: string): CommandOutput => ({
      ...base, stdout: '', stderr: '', exitCode: null, durationMs: 0, timedOut: false, truncated: false,
      failure: { kind, message },
    });
    let prepared;
    try {
      prepared = prepare(command, { timeoutSec: this.options.timeoutSec });
    } catch (e) {
      if (e instanceof RefusedCommand) return failed('refused', e.reason);
      throw e;
    }
    const signal = this.signal;
    if (signal.aborted) return failed('aborted', abortReason(this.options.signal));
    const connErr = await this.connect();
    if (connErr) return failed('transport', connErr.message);
    const raw = await this.transport.exec(prepared, {
      timeoutMs: prepared.hostTimeoutSec * 1000 + CLIENT_GRACE_MS,
      signal,
    });
    const result: CommandOutput = {
      ...raw,
      stdout: redact(raw.stdout),
      stderr: redact(raw.stderr),
      host: this.host.name,
      ...(raw.failure?.kind === 'aborted' ? { failure: { kind: 'aborted' as const, message: abortReason(this.options.signal) } } : {}),
    };
    this.options.onCommand?.(this.host.name, result);
    this.record(result, prepared.wire);
    return result;
  }

  private record(r: CommandOutput, wire: string): void {
    const cap = this.options.capture;
    if (!cap || r.failure?.kind === 'refused' || r.failure?.kind === 'missing') return;
    if (!this.captureHeaderWritten) {
      cap.writeHost({ name: this.host.name, address: this.host.address, roles: this.host.roles, cluster: this.host.cluster });
      this.captureHeaderWritten = true;
    }
    cap.writeEntry(this.host.name, {
      key: r.key,
      sample: r.sample,
      stdout: r.stdout,
      stderr: r.stderr,
      meta: {
        exit: r.exitCode,
        durationMs: r.durationMs,
        ...(r.timedOut ? { timedOut: true } : {}),
        ...(r.truncated ? { truncated: true } : {}),
        ...(r.signal ? { signal: r.signal } : {}),
        startedAt: r.startedAt,
        wire,
      },
    });
  }

  /** Records in the capture that the host could not be reached, so a replay says the same. */
  captureUnreachable(error: string): void {
    this.options.capture?.writeHost({ name: this.host.name, address: this.host.address, roles: this.host.roles, cluster: this.host.cluster, error });
    this.captureHeaderWritten = true;
  }

  async close(): Promise<void> {
    await this.transport.close().catch(() => undefined);
  }
}

function abortReason(runSignal: AbortSignal): string {
  return runSignal.aborted ? 'interrupted' : 'host deadline passed';
}
