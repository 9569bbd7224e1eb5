/**
 * The SSH transport: one connection per host, opened on first use, commands
 * multiplexed on exec channels. A host that cannot be reached fails once;
 * every command afterwards reports that failure without reconnecting.
 */
import { failedResult, policyRefusal } from '../exec-result.js';
import { RunControl, StoppedError, untilStopped } from '../run-control.js';
import { type ExecOptions, type ExecResult, type PreparedCommand, type Transport, TransportError } from '../types.js';
import { openConnection } from './connect.js';
import { SshConnection } from './connection.js';
import { runOverSsh } from './exec.js';
import type { SshOptions, SshTarget } from './types.js';

export function createSshTransport(target: SshTarget, options: SshOptions): Transport {
  return new SshTransport(target, options);
}

class SshTransport implements Transport {
  readonly kind = 'ssh';
  private connecting: Promise<SshConnection> | undefined;
  private readonly cancelConnect = new AbortController();
  private readonly runs = new Set<RunControl>();
  private closed = false;

  constructor(private readonly target: SshTarget, private readonly options: SshOptions) {
    if (!(options.maxChannels >= 1)) throw new RangeError(`maxChannels must be at least 1 (got ${options.maxChannels})`);
  }

  async connect(): Promise<void> {
    await this.connection();
  }

  async exec(cmd: PreparedCommand, opts: ExecOptions): Promise<ExecResult> {
    const refusal = policyRefusal(cmd);
    if (refusal) return failedResult(cmd, refusal.kind, refusal.message, new Date());
    const control = new RunControl(opts.signal);
    this.runs.add(control);
    const queuedAt = new Date();
    try {
      let conn: SshConnection;
      try {
        conn = await untilStopped(this.connection(), control.signal);
      } catch (e) {
        if (e instanceof StoppedError) return failedResult(cmd, e.reason.kind === 'transport' ? 'transport' : 'aborted', e.reason.message, queuedAt);
        return failedResult(cmd, 'transport', `not connected: ${(e as Error).message}`, queuedAt);
      }
      if (conn.lostReason) return failedResult(cmd, 'transport', conn.lostReason, queuedAt);
      return await runOverSsh(conn, cmd, opts, control, this.options.outputCapBytes);
    } finally {
      this.runs.delete(control);
      control.dispose();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const run of this.runs) run.stop('transport', `${this.target.name}: the SSH transport was closed`);
    this.cancelConnect.abort();
    const conn = await this.connecting?.catch(() => undefined);
    await conn?.end();
  }

  /** Opens the connection once a handshake slot is free (the connect timeout starts then). */
  private async handshake() {
    const slots = this.options.handshakes;
    const release = await slots?.acquireOrStop(this.cancelConnect.signal);
    if (slots && !release) throw new TransportError('protocol', `${this.target.name}: connection attempt cancelled`);
    try {
      return await openConnection(this.target, this.options, this.cancelConnect.signal);
    } finally {
      release?.();
    }
  }

  private connection(): Promise<SshConnection> {
    if (this.closed) return Promise.reject(new TransportError('protocol', `${this.target.name}: the SSH transport is closed`));
    if (!this.connecting) {
      this.connecting = this.handshake().then(
        (opened) => new SshConnection(opened, this.options.maxChannels),
      );
      // Callers get the rejection; this keeps an unawaited failed connect from being reported as unhandled.
      this.connecting.catch(() => undefined);
    }
    return this.connecting;
  }
}
