/**
 * The contract between check modules and the engine. A check is a small,
 * declarative module: which roles it applies to, and a `run` that asks for
 * command outputs through its context, parses them, and returns a verdict.
 * It never sees SSH, quoting or timeouts.
 */
import type { Text, Vars } from '../i18n/text.js';
import type { Command } from '../transport/command.js';
import type { ExecResult } from '../transport/types.js';
import type { CheckId } from '../kb/catalog.js';
import type { RecoveryStep } from '../kb/types.js';

export type Status = 'ok' | 'warn' | 'fail' | 'unknown' | 'skipped' | 'error';

export type Role = 'vms' | 'vks';

export interface HostInfo {
  /** How reports name the host. */
  readonly name: string;
  /** IP or DNS name used to reach it. */
  readonly address: string;
  /** Roles given in the inventory or detected; empty when unknown. */
  readonly roles: readonly Role[];
  /** Optional cluster label from the inventory (cluster-wide comparisons). */
  readonly cluster?: string | undefined;
}

export interface Evidence {
  /** Host the output came from (may differ from the checked host: cross-host leads). */
  readonly host: string;
  /** Canonical command line (commandKey). */
  readonly command: string;
  /** The lines that matter, already redacted. */
  readonly excerpt: string;
  /** Optional one-line explanation of what the excerpt shows. */
  readonly note?: Text | undefined;
}

export interface RecoveryPlan {
  /**
   * KB step ids to show, in this order. Omitted: all steps of the entry in the
   * entry's order (quick and likely first, per guide 2.2.2).
   */
  readonly steps?: readonly string[];
  /** Values for the steps' placeholders: {host}, {device}, {pid}, {vm}... */
  readonly vars?: Vars;
  /** Concrete steps this finding adds before the KB's own. */
  readonly first?: readonly RecoveryStep[];
}

/** Why a check was skipped: reports count these apart. */
export type SkipReason = 'guide' | 'role' | 'not-automated' | 'not-applicable';

export interface CheckResult {
  readonly status: Status;
  /** With status skipped: why. */
  readonly skipReason?: SkipReason;
  /** One line naming the culprit (host, device, process, VM). */
  readonly summary: Text;
  readonly evidence?: readonly Evidence[];
  /** Omitted: the KB entry's recovery. Present but empty steps: no recovery (ok). */
  readonly recovery?: RecoveryPlan;
  /** Structured findings for JSON consumers (devices, pids, hosts...). */
  readonly data?: unknown;
}

/** Output of one command on one host, as checks see it. */
export type CommandOutput = ExecResult & {
  /** Host name the command ran on. */
  readonly host: string;
};

/** What a check can do on one host. */
export interface HostContext {
  readonly host: HostInfo;
  /**
   * Runs a command (once per host per scan: a second call, from this or
   * another check, gets the same output). Never throws: refusals, timeouts
   * and transport failures are in the result.
   */
  run(command: Command): Promise<CommandOutput>;
}

export interface CheckOptions {
  /** Seconds between two samples of counters (NIC errors, iostat). */
  readonly sampleSeconds: number;
  /** Host-side limit for probes that hang on blocked storage (df on OCFS2). */
  readonly probeSeconds: number;
}

export interface CheckContext extends HostContext {
  readonly options: CheckOptions;
  /** All hosts of the run (inventory order). */
  readonly inventory: readonly HostInfo[];
  /**
   * A context on another inventory host, to follow a lead (the owner of a
   * DLM lock, the node that holds it). Matches by address or name; undefined
   * when that host is not in the inventory. Uses the other host's connection
   * and shares its command outputs.
   */
  peer(ref: { readonly address?: string | undefined; readonly name?: string | undefined }): HostContext | undefined;
  /** Waits (between two samples), ending early when the run is interrupted. */
  sleep(ms: number): Promise<void>;
  readonly signal: AbortSignal;
}

export interface CheckDefinition {
  readonly id: CheckId;
  /**
   * Runs on hosts with one of these roles. A `guide` check (the fault cannot be
   * seen from the hosts) has no `run`: it is always reported as skipped with
   * the guide's recovery.
   */
  readonly run?: (ctx: CheckContext) => Promise<CheckResult>;
  /**
   * The check waits on purpose (a probe that may hang, two samples apart):
   * it starts before the others so its wait overlaps their work.
   */
  readonly waits?: boolean;
}
