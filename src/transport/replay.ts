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
          durationMs: cmd.hostTimeoutSec * 1000, timedOut: true, truncated: false, ...(m.unkillable ? { timedOutBy: 'client' as const } : { timedOutBy: 'host' as const }),
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
        // A captured timeout says which side ended it by its exit status: timeout(1)'s 124/137, or none.
        ...(m.timedOut ? { timedOutBy: m.exit === 124 || m.exit === 137 ? 'host' as const : 'client' as const } : {}),
        truncated: m.truncated ?? false,
        ...(m.startedAt ? { startedAt: m.startedAt } : {}),
      };
    },
    async close() {},
  };
}
