/**
 * What one read tells a check: it worked, it says something is absent (no
 * such file, program not installed), or it failed. Only "No such file or
 * directory" means absent: "Permission denied", "Input/output error", a
 * timeout, a refusal or a lost connection is a failed read, and a verdict of
 * "nothing found" cannot rest on it.
 */
import type { Msg } from '../i18n/message.js';
import type { ExecResult } from '../transport/types.js';
import { engineMsg } from './messages.js';

export type ReadState =
  | { readonly kind: 'ok' }
  | { readonly kind: 'absent'; readonly what: 'file' | 'program' }
  | { readonly kind: 'failed'; readonly reason: Msg };

/** Shell and timeout(1): the program is not installed. */
const NO_PROGRAM = 127;
const ENOENT = /No such file or directory/;

export function classifyRead(out: ExecResult & { readonly host: string }, okExit: readonly number[] = [0]): ReadState {
  const command = out.key;
  const host = out.host;
  if (out.failure) {
    const why = out.failure.message;
    switch (out.failure.kind) {
      case 'refused': return failed(engineMsg('readRefused', { command, why }));
      case 'missing': return failed(engineMsg('readNotCaptured', { command }));
      case 'aborted': return failed(engineMsg('readNotRun', { command, host, why }));
      case 'skipped': return failed(engineMsg('readNotSent', { command, host, why }));
      default: return failed(engineMsg('readTransport', { command, host, why }));
    }
  }
  if (out.timedOut || out.exitCode === null) {
    return failed(engineMsg('readTimedOut', { command, host, seconds: Math.round(out.durationMs / 1000) }));
  }
  if (okExit.includes(out.exitCode)) return { kind: 'ok' };
  if (out.exitCode === NO_PROGRAM) return { kind: 'absent', what: 'program' };
  const errors = out.stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  if (errors.length && errors.every((l) => ENOENT.test(l))) return { kind: 'absent', what: 'file' };
  const why = errors.find((l) => !ENOENT.test(l)) ?? firstLine(out.stdout) ?? `exit ${out.exitCode}`;
  return failed(engineMsg('readFailed', { command, host, why: why || `exit ${out.exitCode}` }));
}

function failed(reason: Msg): ReadState {
  return { kind: 'failed', reason };
}

function firstLine(s: string): string | undefined {
  return s.split('\n').find((l) => l.trim() !== '')?.trim();
}
