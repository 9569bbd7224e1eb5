/**
 * Everything usdiag does on one host goes through its session: one lazily
 * opened connection, every command through the read-only policy, each
 * distinct command run once per scan (checks share the output), a budget for
 * the whole host, a quota for long reads, and two facts the host teaches as
 * it answers: a path whose probe hung does not answer (nothing else is sent
 * into it), and a host on which no command finishes is stuck (nothing else is
 * sent at all).
 */
import { setMaxListeners } from 'node:events';
import type { CaptureWriter } from '../capture/layout.js';
import { redact } from '../redact/redact.js';
import { type Command, type CommandKind, commandKey, sampleKey } from '../transport/command.js';
import { prepare, RefusedCommand } from '../transport/policy.js';
import { Semaphore } from '../transport/semaphore.js';
import { type ExecFailureKind, type ExecResult, type Transport, TransportError } from '../transport/types.js';
import { renderMsg } from '../i18n/message.js';
import { engineMsg } from './messages.js';
import { classifyRead } from './reads.js';
import { sudoPreflight, sudoRefusal } from './sudo.js';
import type { CommandOutput, HostInfo } from './types.js';

export interface CommandLimits {
  /** --timeout: every command that is not a probe or an image check. */
  readonly defaultSec: number;
  /** --probe-timeout: commands expected to hang on a sick host. */
  readonly probeSec: number;
  /** --image-timeout: qemu-img check reads a whole image. */
  readonly imageSec: number;
}

export interface SessionOptions {
  readonly limits: CommandLimits;
  /** Budget for this host's own checks, from the moment its turn starts. */
  readonly hostTimeoutMs: number;
  /** The run's interrupt (Ctrl-C); its reason says why. */
  readonly signal: AbortSignal;
  readonly capture?: CaptureWriter | undefined;
  /** Called for every finished command (verbose logging). */
  readonly onCommand?: ((host: string, r: ExecResult) => void) | undefined;
  /** --active-probes: commands marked active (they send packets) may be sent. */
  readonly allowActive?: boolean | undefined;
}

/** The client waits this much longer than timeout(1) on the host, so the host side ends first. */
export const CLIENT_GRACE_MS = 3000;

/** How many commands of a kind may run at once on one host (the rest wait for a turn). */
const QUOTA: Readonly<Partial<Record<CommandKind, number>>> = { 'image-check': 2 };

/** Timed-out commands of different programs, with none finished, that make a host stuck. */
const STUCK_AFTER = 2;

export const INTERRUPTED = 'interrupted';
export const HOST_BUDGET = 'host deadline passed';

export interface StuckHost {
  readonly timedOut: number;
  readonly finished: number;
  readonly seconds: number;
}

export class HostSession {
  private connecting: Promise<void> | undefined;
  private connectError: TransportError | undefined;
  private readonly outputs = new Map<string, Promise<CommandOutput>>();
  /** Outputs another host's check read (a lead): kept when the host's turn ends, others will ask again. */
  private readonly sharedOutputs = new Set<string>();
  private readonly quotas = new Map<CommandKind, Semaphore>();
  private readonly budget = new AbortController();
  private budgetTimer: NodeJS.Timeout | undefined;
  private readonly given = new AbortController();
  private ownSignal: AbortSignal | undefined;
  private captureHeaderWritten = false;
  /** Paths whose probe timed out, and the probe that found it. */
  private readonly hungPaths = new Map<string, string>();
  private readonly pendingProbes = new Map<string, Promise<CommandOutput>>();
  private completed = 0;
  private readonly timedOutPrograms = new Set<string>();
  private timedOutCount = 0;
  private stuckInfo: StuckHost | undefined;

  constructor(
    public host: HostInfo,
    private readonly transport: Transport,
    private readonly options: SessionOptions,
  ) {}

  /** The host's roles once known (inventory or detection). */
  setRoles(roles: HostInfo['roles']): void {
    this.host = { ...this.host, roles };
  }

  /** Starts this host's own budget (its turn in the scan has come). Idempotent. */
  startBudget(): void {
    if (this.budgetTimer || this.budget.signal.aborted) return;
    this.budgetTimer = setTimeout(() => this.budget.abort(HOST_BUDGET), this.options.hostTimeoutMs);
    this.budgetTimer.unref?.();
  }

  /** Aborts when the run is interrupted, this host's budget is spent, or the host is given up. */
  get signal(): AbortSignal {
    if (!this.ownSignal) {
      this.ownSignal = AbortSignal.any([this.options.signal, this.budget.signal, this.given.signal]);
      // Every command in flight on this host listens to it.
      setMaxListeners(0, this.ownSignal);
    }
    return this.ownSignal;
  }

  /** Set once no command finishes on this host: everything else is given up. */
  get stuck(): StuckHost | undefined {
    return this.stuckInfo;
  }

  /** Opens the connection once; the error, if any, is kept for every later caller. */
  async connect(): Promise<TransportError | undefined> {
    this.connecting ??= this.transport.connect()
      // --sudo: sudo must run the commands as root without a password before anything else is sent.
      .then(async () => {
        if (this.host.sudo) this.connectError = await sudoPreflight(this.transport, this.options.limits.defaultSec, this.signal);
      })
      .catch((e: unknown) => {
        this.connectError =
          e instanceof TransportError ? e : new TransportError('protocol', e instanceof Error ? e.message : String(e));
      });
    await this.connecting;
    return this.connectError;
  }

  get connectionError(): TransportError | undefined {
    return this.connectError;
  }

  /**
   * Runs a command under `signal` (this host's own by default; a lead from
   * another host's check passes that check's). An output that was cut short
   * by someone else's deadline is not served to a caller who still has time.
   */
  async run(command: Command, signal: AbortSignal = this.signal): Promise<CommandOutput> {
    const id = sampleKey(command);
    const cached = this.outputs.get(id);
    if (cached) {
      const out = await cached;
      if (!(out.failure?.kind === 'aborted' && !signal.aborted && !this.given.signal.aborted)) return out;
      if (this.outputs.get(id) !== cached) return this.run(command, signal);
    }
    const p = this.execute(command, signal);
    this.outputs.set(id, p);
    if (command.probes) {
      this.pendingProbes.set(command.probes, p);
      void p.then(() => this.pendingProbes.delete(command.probes!));
    }
    return p;
  }

  /** A check of another host read this command's output through a lead: keep it past this host's turn. */
  keep(command: Command): void {
    this.sharedOutputs.add(sampleKey(command));
  }

  /**
   * This host's own checks are done: its outputs go, except those another
   * host's check read (leads ask again: a cluster.conf every peer compares).
   * Their evidence lives on as excerpts in the verdicts. A later lead for a
   * forgotten output runs its command again. Returns how many were let go.
   */
  forgetOutputs(): number {
    let n = 0;
    for (const key of [...this.outputs.keys()]) {
      if (this.sharedOutputs.has(key)) continue;
      this.outputs.delete(key);
      n++;
    }
    return n;
  }

  private async execute(command: Command, callerSignal: AbortSignal): Promise<CommandOutput> {
    const startedAt = new Date().toISOString();
    const base = { key: commandKey(command), sample: command.sample ?? 1, host: this.host.name, startedAt };
    const failed = (kind: ExecFailureKind, message: string): CommandOutput => {
      const r = { ...base, stdout: '', stderr: '', exitCode: null, durationMs: 0, timedOut: false, truncated: false, failure: { kind, message } };
      return { ...r, read: classifyRead(r) };
    };
    const timeoutSec = this.secondsFor(command.kind);
    let prepared;
    try {
      prepared = prepare({ ...command, timeoutSec }, { timeoutSec, allowActive: this.options.allowActive === true, sudo: this.host.sudo === true });
    } catch (e) {
      if (e instanceof RefusedCommand) return failed('refused', e.reason);
      throw e;
    }
    const signal = AbortSignal.any([callerSignal, this.given.signal]);
    if (signal.aborted) return failed(this.given.signal.aborted ? 'skipped' : 'aborted', abortMessage(signal));
    const hung = await this.hungPathOf(command);
    if (hung) return failed('skipped', hung);
    const connErr = await this.connect();
    if (connErr) return failed('transport', connErr.message);
    const quota = this.quota(command.kind);
    const release = quota ? await quota.acquireOrStop(signal) : undefined;
    if (quota && !release) return failed('aborted', abortMessage(signal));
    let raw: ExecResult;
    try {
      raw = await this.transport.exec(prepared, { timeoutMs: prepared.hostTimeoutSec * 1000 + CLIENT_GRACE_MS, signal });
    } finally {
      release?.();
    }
    // sudo would not run it (the preflight passed, sudoers changed since): a failed read, never an empty output.
    const refused = prepared.sudo ? sudoRefusal(raw) : undefined;
    if (refused) raw = { ...raw, stdout: '', exitCode: null, failure: { kind: 'refused', message: `sudo -n refused: ${refused}` } };
    // Cut off because this host was given up, not by the caller: the command was not allowed to finish.
    const givenUp = raw.failure?.kind === 'aborted' && this.given.signal.aborted && !callerSignal.aborted;
    const result0 = {
      ...raw,
      host: this.host.name,
      ...(raw.failure?.kind === 'aborted' ? { failure: { kind: givenUp ? 'skipped' as const : 'aborted' as const, message: abortMessage(signal) } } : {}),
    };
    const result: CommandOutput = { ...result0, read: classifyRead(result0, command.okExit) };
    this.learn(command, result, timeoutSec);
    this.options.onCommand?.(this.host.name, result);
    this.record(result, prepared.wire);
    return result;
  }

  private secondsFor(kind: CommandKind | undefined): number {
    const l = this.options.limits;
    return kind === 'probe' ? l.probeSec : kind === 'image-check' ? l.imageSec : l.defaultSec;
  }

  private quota(kind: CommandKind | undefined): Semaphore | undefined {
    const n = kind ? QUOTA[kind] : undefined;
    if (!kind || n === undefined) return undefined;
    let q = this.quotas.get(kind);
    if (!q) this.quotas.set(kind, (q = new Semaphore(n)));
    return q;
  }

  /**
   * Why a command must not be sent because a path it names does not answer.
   * A probe of that path still running is waited for first.
   */
  private async hungPathOf(command: Command): Promise<string | undefined> {
    if (command.probes) return undefined;
    const paths = command.argv.filter((a) => a.startsWith('/'));
    if (paths.length === 0) return undefined;
    const under = (path: string, root: string) => path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`);
    await Promise.all([...this.pendingProbes].filter(([root]) => paths.some((p) => under(p, root))).map(([, p]) => p));
    for (const [root, probe] of this.hungPaths) {
      if (paths.some((p) => under(p, root))) return renderMsg(engineMsg('pathHung', { path: root, probe }), 'en');
    }
    return undefined;
  }

  /** What this answer teaches about the host: a hung path, a stuck host. */
  private learn(command: Command, r: CommandOutput, timeoutSec: number): void {
    // Only the host's timeout(1) says a path hangs; usdiag's own timer may have fired late on a busy client.
    if (command.probes && r.timedOut && r.timedOutBy === 'host') this.hungPaths.set(command.probes, r.key);
    // A probe may hang on purpose; it says nothing about the host as a whole.
    if (command.kind === 'probe' || r.failure) return;
    if (!r.timedOut) {
      this.completed++;
      return;
    }
    this.timedOutCount++;
    this.timedOutPrograms.add(command.argv[0]!);
    if (this.completed === 0 && this.timedOutPrograms.size >= STUCK_AFTER && !this.stuckInfo) {
      this.stuckInfo = { timedOut: this.timedOutCount, finished: this.timedOutCount, seconds: timeoutSec };
      this.given.abort(renderMsg(engineMsg('hostStuck', { timedOut: this.timedOutCount, finished: this.timedOutCount, seconds: timeoutSec }), 'en'));
    }
  }

  private record(r: CommandOutput, wire: string): void {
    const cap = this.options.capture;
    if (!cap || r.failure) return;
    if (!this.captureHeaderWritten) {
      cap.writeHost({ name: this.host.name, address: this.host.address, roles: this.host.roles, cluster: this.host.cluster });
      this.captureHeaderWritten = true;
    }
    // A capture leaves the process: it is redacted, the outputs checks parse are not.
    cap.writeEntry(this.host.name, {
      key: r.key,
      sample: r.sample,
      stdout: redact(r.stdout),
      stderr: redact(r.stderr),
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
    clearTimeout(this.budgetTimer);
    await this.transport.close().catch(() => undefined);
  }
}

/** Why a signal fired, in words: its reason when it carries one. */
export function abortMessage(signal: AbortSignal): string {
  return typeof signal.reason === 'string' ? signal.reason : INTERRUPTED;
}
