/**
 * The read-only policy: the one place that decides what may be sent to a
 * host. Checks describe commands as data; `prepare` validates every stage
 * against the allowlist of read-only programs and argument shapes, then builds
 * the wire line itself, quoting every value. Transports accept only commands
 * this module prepared, so nothing bypasses it.
 */
import { type Command, commandKey, shellJoin, shellQuote, splitShellLine } from './command.js';
import { READ_ONLY_PROGRAMS } from './read-only-programs.js';
import type { PreparedCommand } from './types.js';

/** Seconds timeout(1) waits after TERM before it sends KILL. */
export const KILL_AFTER_SEC = 2;

/** The locale every command runs in, so output parses the same on zh_CN hosts. */
const LOCALE = 'LC_ALL=C';

export interface PolicyDefaults {
  /** Host-side limit for commands that do not ask for their own. */
  readonly timeoutSec: number;
  /** The run allows active probes (--active-probes): commands marked `active` may be sent. */
  readonly allowActive?: boolean;
  /** --sudo (or `sudo: true` in the inventory): the whole line runs through `sudo -n` (SUDO_PREFIX). */
  readonly sudo?: boolean;
}

export interface RefusalOptions {
  /** Commands marked `active` (they send packets) may pass; without it every active program is refused. */
  readonly allowActive?: boolean;
}

export class RefusedCommand extends Error {
  constructor(readonly key: string, readonly reason: string) {
    super(`refused by the read-only policy: ${key}: ${reason}`);
    this.name = 'RefusedCommand';
  }
}

const approved = new WeakSet<PreparedCommand>();

/** Why a command is not read-only, or null when it may be sent. */
export function refusalReason(c: Command, opts: RefusalOptions = {}): string | null {
  if (c.argv.length === 0) return 'empty command';
  const stages = [c.argv, ...(c.pipe ?? [])];
  for (let i = 0; i < stages.length; i++) {
    const [program, ...args] = stages[i]!;
    if (program === undefined) return 'empty pipeline stage';
    const entry = Object.prototype.hasOwnProperty.call(READ_ONLY_PROGRAMS, program)
      ? READ_ONLY_PROGRAMS[program]
      : undefined;
    if (!entry) return `${program} is not a read-only program usdiag knows`;
    // A program that sends packets runs only when its check asked for it and the run allows it.
    if (entry.active && !(c.active === true && opts.allowActive === true)) {
      return `${program} sends packets on the network: only with --active-probes, from a check that marks the command active`;
    }
    const rule = i === 0 ? entry.rule : entry.filter;
    if (!rule) return `${program} cannot be used as a filter stage`;
    const why = rule(args);
    if (why) return `${program}: ${why}`;
  }
  if (c.timeoutSec !== undefined && !(c.timeoutSec > 0 && c.timeoutSec <= 3600)) return 'timeout out of range';
  return null;
}

/** Closes standard input of the first stage: nothing the policy allows may wait for input. */
const NO_STDIN = '</dev/null';
/**
 * A pipeline's exit status is its last stage's (`tail -n` always succeeds), so
 * a first stage that failed or timed out would read as a short clean answer.
 * The first stage runs in a group that prints its status on stderr, in every
 * POSIX shell (no bash `pipefail`, which would also report grep's "no match").
 */
const STATUS_MARK = 'usdiag-exit:';
const STATUS_ECHO = `echo "${STATUS_MARK}$?" >&2`;
const GROUP_END = `; ${STATUS_ECHO}; } | `;

function buildWire(first: readonly string[], filters: readonly (readonly string[])[], hostTimeoutSec: number): string {
  const head = `${LOCALE} timeout -k ${KILL_AFTER_SEC} ${hostTimeoutSec} ${shellJoin(first)} ${NO_STDIN}`;
  if (filters.length === 0) return head;
  return `{ ${head}${GROUP_END}${filters.map((f) => `${LOCALE} ${shellJoin(f)}`).join(' | ')}`;
}

/**
 * How a line runs as root for a non-root login: `sudo -n -- /bin/sh -c 'LINE'`.
 * LINE is exactly the line `buildWire` makes (the one the policy proved
 * read-only), as one single-quoted word, so the login shell passes it to
 * root's /bin/sh unexpanded and that shell runs it as it would have run
 * without sudo: the locale, timeout(1), the closed stdin, the status group
 * and the filters all stay inside. `-n` (non-interactive): sudo never asks for
 * a password; it fails with "sudo: a password is required" instead, which the
 * session reports as a host error (SUDO_REFUSED). `--` ends sudo's options.
 */
export const SUDO_PREFIX = 'sudo -n -- /bin/sh -c ';

function wrapSudo(line: string): string {
  return `${SUDO_PREFIX}${shellQuote(line)}`;
}

/**
 * What sudo prints when it will not run the command: it wants a password
 * (`-n` forbids asking), the user is not in sudoers or may not run this, or
 * sudo insists on a terminal (`Defaults requiretty`).
 */
export const SUDO_REFUSED = /^(?:sudo: (?:a password is required|a terminal is required|sorry, you must have a tty to run sudo|no tty present)|.*\bis not in the sudoers file\b|.*\bis not allowed to (?:execute|run sudo)\b|Sorry, user \S+ (?:is not allowed|may not run sudo))/im;

/**
 * Validates a command and builds what goes on the wire:
 * `LC_ALL=C timeout -k 2 T prog args </dev/null`, or for a pipeline
 * `{ LC_ALL=C timeout -k 2 T prog args </dev/null; echo "usdiag-exit:$?" >&2; } | LC_ALL=C filter args`.
 * The first stage is bounded on the host by timeout(1) so that nothing
 * lingers when the client gives up on it.
 */
export function prepare(c: Command, defaults: PolicyDefaults): PreparedCommand {
  const key = commandKey(c);
  const why = refusalReason(c, { allowActive: defaults.allowActive === true });
  if (why) throw new RefusedCommand(key, why);
  const hostTimeoutSec = Math.max(1, Math.ceil(c.timeoutSec ?? defaults.timeoutSec));
  const filters = c.pipe ?? [];
  const line = buildWire(c.argv, filters, hostTimeoutSec);
  const prepared: PreparedCommand = Object.freeze({
    key,
    wire: defaults.sudo === true ? wrapSudo(line) : line,
    ...(defaults.sudo === true ? { sudo: true as const } : {}),
    sample: c.sample ?? 1,
    hostTimeoutSec,
    piped: filters.length > 0,
    // A reader that stops early (head) ends the first stage with SIGPIPE: that is success.
    earlyReader: filters.some((f) => f[0] === 'head'),
  });
  approved.add(prepared);
  return prepared;
}

/** 128 + SIGPIPE: how timeout(1) reports a first stage whose reader stopped early. */
const SIGPIPE_EXIT = 141;

/**
 * The first stage's exit status of a prepared pipeline, read back from the
 * status line the wire prints on stderr (and removed from it). Without that
 * line the first stage did not report (the shell was killed): the status is
 * unknown. One-stage commands keep the channel's own status.
 */
export function firstStageStatus(p: PreparedCommand, stderr: string, exitCode: number | null): { stderr: string; exitCode: number | null } {
  if (!p.piped) return { stderr, exitCode };
  const m = /(?:^|\n)usdiag-exit:(\d+)\n?$/.exec(stderr);
  if (!m) return { stderr, exitCode: null };
  const status = Number(m[1]);
  return {
    stderr: stderr.slice(0, m.index + (m[0].startsWith('\n') ? 1 : 0)),
    exitCode: status === SIGPIPE_EXIT && p.earlyReader ? 0 : status,
  };
}

/** True only for objects `prepare` returned; transports check this before sending. */
export function isPrepared(p: PreparedCommand): boolean {
  return approved.has(p);
}

export function assertPrepared(p: PreparedCommand): void {
  if (!isPrepared(p)) throw new RefusedCommand(p.key, 'not prepared by the read-only policy');
}

export interface WireCommand {
  /** The command as data, as a check described it. */
  readonly command: Command;
  readonly key: string;
  readonly hostTimeoutSec?: number;
  /** The line runs through `sudo -n -- /bin/sh -c` (SUDO_PREFIX). */
  readonly sudo?: true;
}

/**
 * Reads a wire line back into the command it carries (the simulated hosts use
 * this to find a fixture). Returns null for anything `prepare` would not have
 * produced: the line is rebuilt from what was read and must match exactly.
 */
export function parseWire(wire: string): WireCommand | null {
  if (wire.startsWith(SUDO_PREFIX)) {
    // One single-quoted word after the prefix, and inside it a line the policy builds: nothing else runs as root.
    const rest = splitShellLine(wire.slice(SUDO_PREFIX.length));
    if (rest.syntax.length || rest.stages.length !== 1 || rest.stages[0]!.length !== 1) return null;
    const inner = parseWire(rest.stages[0]![0]!);
    if (!inner || inner.sudo || wrapSudo(rest.stages[0]![0]!) !== wire) return null;
    return { ...inner, sudo: true };
  }
  let head = wire;
  let rest: string | undefined;
  if (wire.startsWith('{ ')) {
    const end = wire.indexOf(GROUP_END);
    if (end < 0) return null;
    head = wire.slice(2, end);
    rest = wire.slice(end + GROUP_END.length);
  }
  if (!head.endsWith(` ${NO_STDIN}`)) return null;
  head = head.slice(0, -NO_STDIN.length - 1);
  const first = splitShellLine(head);
  const filters = rest === undefined ? { stages: [], syntax: [] } : splitShellLine(rest);
  if (first.syntax.length || filters.syntax.length || first.stages.length !== 1) return null;
  const words = first.stages[0]!;
  if (words[0] !== LOCALE || words[1] !== 'timeout' || words[2] !== '-k' || !/^\d+$/.test(words[4] ?? '')) return null;
  const hostTimeoutSec = Number(words[4]);
  const argv = words.slice(5);
  const pipe: string[][] = [];
  for (const stage of filters.stages) {
    if (stage[0] !== LOCALE || stage.length < 2) return null;
    pipe.push(stage.slice(1));
  }
  if (argv.length === 0) return null;
  // An active program's line exists only where the run allowed it; read it back as the active command it was.
  const active = Object.prototype.hasOwnProperty.call(READ_ONLY_PROGRAMS, argv[0]!) && READ_ONLY_PROGRAMS[argv[0]!]!.active === true;
  const command: Command = { argv, ...(pipe.length ? { pipe } : {}), ...(active ? { active: true as const } : {}) };
  if (refusalReason(command, { allowActive: true })) return null;
  if (buildWire(argv, pipe, hostTimeoutSec) !== wire) return null;
  return { command, key: commandKey(command), hostTimeoutSec };
}
