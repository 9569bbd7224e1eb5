/**
 * The contract between check modules and the engine. A check declares what
 * it always reads (`needs`), and its `run` asks for anything else through its
 * context, parses, and returns a verdict. It never sees SSH, quoting,
 * timeouts or the reader's language: verdicts are message ids with values.
 * Checks are written with `defineCheck` (define-check.ts).
 */
import type { CheckId, RecoveryPlan, Role, Status } from '../core.js';
import type { Msg, MsgValue } from '../i18n/message.js';
import type { RecoveryStep } from '../kb/types.js';
import type { Command } from '../transport/command.js';
import type { ExecResult } from '../transport/types.js';
import type { ReadState } from './reads.js';

export type { CheckId, Role, Status };

export interface HostInfo {
  /** How reports name the host. */
  readonly name: string;
  /** IP or DNS name used to reach it. */
  readonly address: string;
  /** Roles given in the inventory or detected; empty when unknown. */
  readonly roles: readonly Role[];
  /** Optional cluster label from the inventory (cluster-wide comparisons). */
  readonly cluster?: string | undefined;
  /** Every command runs through `sudo -n` (--sudo, or `sudo: true` in the inventory). */
  readonly sudo?: boolean | undefined;
}

export interface Evidence {
  /** Host the output came from (may differ from the checked host: cross-host leads). */
  readonly host: string;
  /** Canonical command line (commandKey). */
  readonly command: string;
  /** The lines that matter, as the host printed them (reports redact them). */
  readonly excerpt: string;
  /** Optional one-line explanation of what the excerpt shows. */
  readonly note?: MsgValue | undefined;
  /** The command ran out of time after this many seconds. */
  readonly timedOutAfterSec?: number | undefined;
}

/** Why a check was skipped: reports count these apart. */
export type SkipReason = 'guide' | 'role' | 'not-automated' | 'not-applicable';

/** What a fault comes from, as far as the check can name it (any that apply). */
export interface Culprit {
  readonly host?: string;
  readonly process?: string;
  readonly pid?: number;
  readonly device?: string;
  readonly vm?: string;
  readonly pool?: string;
}

/**
 * Which fault a verdict belongs to. One fault seen from several hosts (the
 * pool that two nodes wait on, held by a third) is one incident: every
 * verdict about it carries the same `key`, and the report groups them, the
 * culprit and the root cause first. A verdict without one is an incident of
 * its own.
 */
export interface IncidentLink {
  /** The same on every host that sees the fault (e.g. `storage-lock:/vms/pool:cvknode13`). */
  readonly key: string;
  /** What sort of fault (`storage-lock`, `storage-deadlock`, ...): scripts key on it. */
  readonly kind: string;
  readonly culprit: Culprit;
  /** `root`: this verdict is on the culprit; `affected`: it sees the fault's effect. */
  readonly role: 'root' | 'affected';
  /** When the fault leaves a choice (any node of a deadlock can be rebooted): the others. */
  readonly alternatives?: readonly Culprit[];
  /** Why the culprit was chosen among the alternatives. */
  readonly reason?: MsgValue;
}

/** A recovery plan: step ids of the guide entry or of the check's own steps, and the values they need. */
export type ResultRecovery = RecoveryPlan;

export interface CheckResult {
  readonly status: Status;
  /** With status skipped: why. */
  readonly skipReason?: SkipReason;
  /** What was found, naming the culprit (host, device, process, VM). */
  readonly message: Msg;
  readonly evidence?: readonly Evidence[];
  /** Omitted: the guide entry's recovery. Present but empty steps: no recovery (ok). */
  readonly recovery?: ResultRecovery;
  /** Structured findings for JSON consumers (devices, pids, hosts...). */
  readonly data?: unknown;
  /** The fault this verdict belongs to, when other hosts see the same one. */
  readonly incident?: IncidentLink;
}

/** Output of one command on one host, as checks see it. */
export type CommandOutput = ExecResult & {
  /** Host name the command ran on. */
  readonly host: string;
  /** Whether the read worked, says something is absent, or failed (and why). */
  readonly read: ReadState;
};

export interface ReadOptions {
  /**
   * The verdict does not rest on this read: when it fails, an `ok` stays `ok`.
   * Without it, an `ok` (or not-applicable) over a failed read becomes `unknown`.
   */
  readonly optional?: boolean;
}

/** What a check can do on one host. */
export interface HostContext {
  readonly host: HostInfo;
  /**
   * Runs a command (once per host per scan: a second call, from this or
   * another check, gets the same output). Never throws: refusals, timeouts
   * and transport failures are in the result. Every read is recorded.
   */
  run(command: Command, opts?: ReadOptions): Promise<CommandOutput>;
}

export interface CheckOptions {
  /** Seconds between two samples of counters (NIC errors, iostat). */
  readonly sampleSeconds: number;
  /** Host-side limit for probes that hang on blocked storage (df on OCFS2). */
  readonly probeSeconds: number;
  /** `usdiag check usb-device --watch SECONDS`: how long to sample USB devices while one is plugged in. */
  readonly watchSeconds?: number | undefined;
  /**
   * --active-probes: a check may send commands marked `active` (arping -D, a
   * duplicate-address probe). Without it the policy refuses them.
   */
  readonly activeProbes?: boolean;
}

export interface CheckContext extends HostContext {
  readonly options: CheckOptions;
  /** All hosts of the run (inventory order). */
  readonly inventory: readonly HostInfo[];
  /**
   * A context on another inventory host, to follow a lead (the owner of a
   * DLM lock, the node that holds it). Matches by address or name; undefined
   * when that host is not in the inventory. Uses the other host's connection
   * and shares its outputs, under this check's deadline.
   */
  peer(ref: { readonly address?: string | undefined; readonly name?: string | undefined }): HostContext | undefined;
  /** Waits (between two samples), ending early when the run is interrupted. */
  sleep(ms: number): Promise<void>;
  readonly signal: AbortSignal;
  /**
   * Another check's verdict on this host, to build on it rather than repeat
   * it (a frozen VM on a pool storage-blocked found blocked). The other check
   * runs once per host and shares its reads; it runs even when not selected.
   */
  finding(id: CheckId): Promise<CheckResult>;
}

/** A command a check always reads; `optional` as in ReadOptions. */
export interface Need {
  readonly command: Command;
  readonly optional?: boolean;
}

/** A recovery step a check adds to its guide entry's (a concrete diagnostic the guide does not spell out). */
export type StepSpec = Omit<RecoveryStep, 'id'>;

export interface CheckDefinition {
  readonly id: CheckId;
  /** Steps of the check's own, by id, besides its guide entry's. */
  readonly steps?: Readonly<Record<string, StepSpec>>;
  /** The commands every run reads: started at once, listed by --dry-run, known to fixture scaffolding. */
  readonly needs?: readonly Need[];
  /**
   * The check waits on purpose (a probe that may hang, two samples apart):
   * it starts before the others so its wait overlaps their work.
   */
  readonly waits?: boolean;
  /** Absent for entries usdiag cannot observe or does not automate yet. */
  readonly run?: (ctx: CheckContext) => Promise<CheckResult>;
}
