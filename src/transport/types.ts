/**
 * The seam between the engine and the ways of reaching a host (SSH, local
 * shell, a saved capture). Transports only ever receive commands the
 * read-only policy prepared; they refuse anything else.
 */
import type { Text } from '../i18n/text.js';

/** A command approved by the read-only policy, ready for a transport. */
export interface PreparedCommand {
  /** Canonical form (see commandKey): reports, captures, fixtures. */
  readonly key: string;
  /** The exact line sent to the host's shell. */
  readonly wire: string;
  /** 1 for the first run of a command in a scan, 2 for a second sample... */
  readonly sample: number;
  /** Host-side limit the wire line carries (timeout(1)), in seconds. */
  readonly hostTimeoutSec: number;
  /** Filter stages follow: the exit status is the first stage's, read from stderr (firstStageStatus). */
  readonly piped: boolean;
  /** A later stage may stop reading early (head): SIGPIPE in the first stage is success. */
  readonly earlyReader: boolean;
  /** The line runs as root through `sudo -n` (policy.ts SUDO_PREFIX). */
  readonly sudo?: true;
}

export interface ExecOptions {
  /**
   * Client-side deadline in milliseconds for this command, counted from the
   * moment the transport starts opening a channel for it.
   */
  readonly timeoutMs: number;
  /** Aborts the command (Ctrl-C, host deadline). */
  readonly signal?: AbortSignal;
}

export type ExecFailureKind =
  /** The read-only policy refused the command; it never reached the host. */
  | 'refused'
  /** Channel could not be opened or broke (connection lost, MaxSessions...). */
  | 'transport'
  /** A replayed capture has no output for this command. */
  | 'missing'
  /** The run was interrupted (Ctrl-C) or the host's overall deadline passed. */
  | 'aborted'
  /** The engine did not send it: the host is stuck, or a path it names does not answer. */
  | 'skipped';

export interface ExecFailure {
  readonly kind: ExecFailureKind;
  readonly message: string;
}

export interface ExecResult {
  readonly key: string;
  readonly sample: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Exit status; null when the command did not finish (timeout, failure). */
  readonly exitCode: number | null;
  readonly signal?: string | undefined;
  readonly durationMs: number;
  /**
   * True when the command ran out of time, on either side: timeout(1) on the
   * host (exit 124/137) or the client deadline. A timeout is evidence (a hung
   * df means a blocked mount), not an error of usdiag.
   */
  readonly timedOut: boolean;
  /**
   * Which side ended it when it timed out: `host` when timeout(1) on the host
   * did (exit 124/137, the first stage's status for a pipeline: the host's own
   * verdict), `client` when only usdiag's safety-net timer did (which can fire
   * late on a busy client and proves nothing about the command). Absent when
   * the command did not time out (and in results of older transports).
   */
  readonly timedOutBy?: 'host' | 'client' | undefined;
  /** Output was larger than the cap; head and tail kept, middle dropped. */
  readonly truncated: boolean;
  readonly failure?: ExecFailure | undefined;
  /** ISO time the command started. */
  readonly startedAt: string;
}

export type TransportErrorKind =
  | 'unreachable'
  | 'connect-timeout'
  | 'auth'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'config'
  | 'protocol'
  /** --sudo: sudo asks for a password, the user may not use it, or it does not make the commands root's. */
  | 'sudo';

/** Why a host could not be reached at all; every check of that host reports it. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
    /** A bilingual explanation for reports, when the transport has one. */
    readonly detail?: Text,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface Transport {
  /** 'ssh', 'local', 'replay' or 'sim' (in tests). */
  readonly kind: string;
  /** Opens the connection (idempotent). Throws TransportError. */
  connect(): Promise<void>;
  /** Runs one prepared command. Never throws: failures are in the result. */
  exec(cmd: PreparedCommand, opts: ExecOptions): Promise<ExecResult>;
  close(): Promise<void>;
}
