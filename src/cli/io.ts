/**
 * What the CLI touches of the outside world, so tests can drive the real CLI
 * in-process: output streams, stdin, environment, and Ctrl-C.
 */
import type { Text } from '../i18n/text.js';

export interface OutStream {
  write(s: string): unknown;
  readonly isTTY?: boolean | undefined;
  /** Terminal width; 0 or undefined when unknown (`script`, `ssh -tt` from a script, `docker exec -t`). */
  readonly columns?: number | undefined;
}

export interface CliIO {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean | undefined };
  readonly env: NodeJS.ProcessEnv;
  /** The workstation's clock (waiver expiry); tests inject a date. */
  readonly now?: (() => Date) | undefined;
  /** Subscribes to Ctrl-C; returns the unsubscribe function. */
  onInterrupt(handler: () => void): () => void;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
}

/**
 * A closed standard output (`usdiag --help | head -1`) ends usdiag quietly
 * instead of with a stack trace: exit 0 when it was printing help, the
 * version, the catalogue or the policy (what was wanted was read), and 141
 * (128 + SIGPIPE, what a shell reports for a program killed by the closed
 * pipe) when it was printing a report, so `set -o pipefail` sees that the
 * report was cut. A closed standard error is ignored.
 */
export function quietOnClosedPipe(argv: readonly string[], exit: (code: number) => void = (c) => process.exit(c)): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') exit(closedPipeExitCode(argv));
    else throw e;
  });
  process.stderr.on('error', () => undefined);
}

const REPORT_COMMANDS = new Set(['scan', 'check', 'explain', 'parse']);

/** 0 for help, version, list, show and policy; 141 for a report whose reader went away. */
export function closedPipeExitCode(argv: readonly string[]): number {
  const words = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : argv.length);
  if (words.some((a) => a === '-h' || a === '--help' || a === '-V' || a === '--version') || words[0] === 'help') return 0;
  // The command is the first word that is neither an option nor the value of --lang before it.
  const command = words.find((a, i) => !a.startsWith('-') && words[i - 1] !== '--lang');
  return command !== undefined && REPORT_COMMANDS.has(command) ? 141 : 0;
}

/** A usage or configuration mistake: one clear line, exit 64. */
export class UsageError extends Error {
  constructor(readonly what: Text) {
    super(what.en);
    this.name = 'UsageError';
  }
}

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function wantColor(stream: OutStream, env: NodeJS.ProcessEnv, flag: boolean): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
