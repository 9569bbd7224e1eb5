/**
 * Replays a capture made with `--save-raw` (or a fixture host directory): the
 * same checks run offline on what a customer's hosts printed.
 */
import { entryKey, type HostCapture } from '../capture/layout.js';
import { isPrepared } from './policy.js';
import { type ExecOptions, type ExecResult, type PreparedCommand, type Transport, TransportError } from './types.js';

export function createReplayTransport(capture: HostCapture): Transport {
  return {
    kind: 'replay',
    async connect() {
      if (capture.info.error) {
        throw new TransportError('unreachable', `${capture.info.name} (captured): ${capture.info.error}`);
      }
    },
    async exec(cmd: PreparedCommand, _opts: ExecOptions): Promise<ExecResult> {
      const base = { key: cmd.key, sample: cmd.sample, startedAt: new Date().toISOString() };
      if (!isPrepared(cmd)) {
        return { ...base, stdout: '', stderr: '', exitCode: null, durationMs: 0, timedOut: false, truncated: false, failure: { kind: 'refused', message: 'not prepared by the read-only policy' } };
      }
      const entry = capture.entries.get(entryKey(cmd.key, cmd.sample));
      if (!entry) {
        return {
          ...base, stdout: '', stderr: '', exitCode: null, durationMs: 0, timedOut: false, truncated: false,
          failure: { kind: 'missing', message: `not in the capture ${capture.dir}` },
        };
      }
      const m = entry.meta;
      if (m.hang || m.unkillable) {
        // A fixture of a hanging command: replay it as the host would end it.
        return {
          ...base, stdout: entry.stdout, stderr: entry.stderr, exitCode: m.unkillable ? null : 124,
          durationMs: cmd.hostTimeoutSec * 1000, timedOut: true, truncated: false,
        };
      }
      return {
        ...base,
        stdout: entry.stdout,
        stderr: entry.stderr,
        exitCode: m.exit === undefined ? (m.timedOut ? null : 0) : m.exit,
        signal: m.signal,
        durationMs: m.durationMs ?? 0,
        timedOut: m.timedOut ?? false,
        truncated: m.truncated ?? false,
        ...(m.startedAt ? { startedAt: m.startedAt } : {}),
      };
    },
    async close() {},
  };
}
