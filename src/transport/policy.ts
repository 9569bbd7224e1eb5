/**
 * The read-only policy: the one place that decides what may be sent to a
 * host. Checks describe commands as data; `prepare` validates every stage
 * against the allowlist of read-only programs and argument shapes, then builds
 * the wire line itself, quoting every value. Transports accept only commands
 * this module prepared, so nothing bypasses it.
 */
import { type Command, commandKey, shellJoin, splitShellLine } from './command.js';
import { READ_ONLY_PROGRAMS } from './read-only-programs.js';
import type { PreparedCommand } from './types.js';

/** Seconds timeout(1) waits after TERM before it sends KILL. */
export const KILL_AFTER_SEC = 2;

/** The locale every command runs in, so output parses the same on zh_CN hosts. */
const LOCALE = 'LC_ALL=C';

export interface PolicyDefaults {
  /** Host-side limit for commands that do not ask for their own. */
  readonly timeoutSec: number;
}

export class RefusedCommand extends Error {
  constructor(readonly key: string, readonly reason: string) {
    super(`refused by the read-only policy: ${key}: ${reason}`);
    this.name = 'RefusedCommand';
  }
}

const approved = new WeakSet<PreparedCommand>();

/** Why a command is not read-only, or null when it may be sent. */
export function refusalReason(c: Command): string | null {
  if (c.argv.length === 0) return 'empty command';
  const stages = [c.argv, ...(c.pipe ?? [])];
  for (let i = 0; i < stages.length; i++) {
    const [program, ...args] = stages[i]!;
    if (program === undefined) return 'empty pipeline stage';
    const entry = Object.prototype.hasOwnProperty.call(READ_ONLY_PROGRAMS, program)
      ? READ_ONLY_PROGRAMS[program]
      : undefined;
    if (!entry) return `${program} is not a read-only program usdiag knows`;
    const rule = i === 0 ? entry.rule : entry.filter;
    if (!rule) return `${program} cannot be used as a filter stage`;
    const why = rule(args);
    if (why) return `${program}: ${why}`;
  }
  if (c.timeoutSec !== undefined && !(c.timeoutSec > 0 && c.timeoutSec <= 3600)) return 'timeout out of range';
  return null;
}

/**
 * Validates a command and builds what goes on the wire:
 * `LC_ALL=C timeout -k 2 T prog args | LC_ALL=C filter args`.
 * The first stage is bounded on the host by timeout(1) so that nothing
 * lingers when the client gives up on it.
 */
export function prepare(c: Command, defaults: PolicyDefaults): PreparedCommand {
  const key = commandKey(c);
  const why = refusalReason(c);
  if (why) throw new RefusedCommand(key, why);
  const hostTimeoutSec = Math.max(1, Math.ceil(c.timeoutSec ?? defaults.timeoutSec));
  const [first, ...filters] = [c.argv, ...(c.pipe ?? [])];
  const wire = [
    `${LOCALE} timeout -k ${KILL_AFTER_SEC} ${hostTimeoutSec} ${shellJoin(first!)}`,
    ...filters.map((f) => `${LOCALE} ${shellJoin(f)}`),
  ].join(' | ');
  const prepared: PreparedCommand = Object.freeze({ key, wire, sample: c.sample ?? 1, hostTimeoutSec });
  approved.add(prepared);
  return prepared;
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
}

/**
 * Reads a wire line back into the command it carries (the simulated hosts use
 * this to find a fixture). Returns null for anything `prepare` would not have
 * produced.
 */
export function parseWire(wire: string): WireCommand | null {
  const { stages, syntax } = splitShellLine(wire);
  if (syntax.length) return null;
  const out: string[][] = [];
  let hostTimeoutSec: number | undefined;
  for (let i = 0; i < stages.length; i++) {
    let words = stages[i]!;
    if (words[0] !== LOCALE) return null;
    words = words.slice(1);
    if (i === 0) {
      if (words[0] !== 'timeout' || words[1] !== '-k' || !/^\d+$/.test(words[3] ?? '')) return null;
      hostTimeoutSec = Number(words[3]);
      words = words.slice(4);
    }
    if (words.length === 0) return null;
    out.push(words);
  }
  const command: Command = { argv: out[0]!, ...(out.length > 1 ? { pipe: out.slice(1) } : {}) };
  if (refusalReason(command)) return null;
  return { command, key: commandKey(command), ...(hostTimeoutSec !== undefined ? { hostTimeoutSec } : {}) };
}
