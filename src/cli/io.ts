/**
 * What the CLI touches of the outside world, so tests can drive the real CLI
 * in-process: output streams, stdin, environment, and Ctrl-C.
 */
import type { Text } from '../i18n/text.js';

export interface OutStream {
  write(s: string): unknown;
  readonly isTTY?: boolean | undefined;
}

export interface CliIO {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean | undefined };
  readonly env: NodeJS.ProcessEnv;
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
