/**
 * What a simulated host answers to one wire line, decided from its fixture
 * profile. Pure bookkeeping (no I/O): the SSH server plays the answer out.
 */
import { type CaptureEntry, type HostCapture } from '../capture/layout.js';
import { parseWire } from '../transport/policy.js';

export type SimAnswer =
  /** Wait, then print and exit (by a signal when `signal` is set; no exit status at all when both are null). */
  | { readonly kind: 'reply'; readonly delayMs: number; readonly stdout: string; readonly stderr: string; readonly exit: number | null; readonly signal?: string | undefined }
  /**
   * Print what was printed before the hang; when the wire's timeout(1) fires, print `stderrAtEnd`
   * and exit with `exit` (124, or 0 for a pipeline whose first stage reports 124 on stderr).
   */
  | { readonly kind: 'timeout'; readonly afterMs: number; readonly stdout: string; readonly stderr: string; readonly stderrAtEnd: string; readonly exit: number }
  /** Print, then never finish (a process in D state ignores even timeout(1)). */
  | { readonly kind: 'stuck'; readonly stdout: string; readonly stderr: string };

export interface SimDecision {
  /** Canonical key, or null when the wire line is not one the policy builds. */
  readonly key: string | null;
  readonly answer: SimAnswer;
}

/** timeout(1)'s exit status when it had to stop the command. */
export const TIMEOUT_EXIT = 124;
export const REFUSED_STDERR = "usdiag-sim: refused: not a command usdiag's policy builds\n";

export class FixtureResponder {
  /** key → the samples the profile has for it, ascending. */
  private readonly samples = new Map<string, CaptureEntry[]>();
  /** key → how many times it was asked on this host. */
  private readonly asked = new Map<string, number>();

  constructor(capture: HostCapture) {
    for (const e of capture.entries.values()) {
      const list = this.samples.get(e.key) ?? [];
      list.push(e);
      this.samples.set(e.key, list);
    }
    for (const list of this.samples.values()) list.sort((a, b) => a.sample - b.sample);
  }

  decide(wire: string): SimDecision {
    const parsed = parseWire(wire);
    const decision = this.decideParsed(wire, parsed);
    return parsed?.command.pipe ? { ...decision, answer: asPipeline(decision.answer) } : decision;
  }

  private decideParsed(wire: string, parsed: ReturnType<typeof parseWire>): SimDecision {
    if (!parsed) return { key: null, answer: { kind: 'reply', delayMs: 0, stdout: '', stderr: REFUSED_STDERR, exit: 126 } };
    const n = (this.asked.get(parsed.key) ?? 0) + 1;
    this.asked.set(parsed.key, n);
    const entry = this.pick(parsed.key, n);
    if (!entry) {
      return { key: parsed.key, answer: { kind: 'reply', delayMs: 0, stdout: '', stderr: `usdiag-sim: no fixture for: ${parsed.key}\n`, exit: 127 } };
    }
    const limitMs = (parsed.hostTimeoutSec ?? Infinity) * 1000;
    const { meta } = entry;
    if (meta.unkillable) return { key: parsed.key, answer: { kind: 'stuck', stdout: entry.stdout, stderr: entry.stderr } };
    // A captured command that timed out on the real host times out here too.
    if (meta.hang || meta.timedOut) return { key: parsed.key, answer: timeoutAnswer(limitMs, entry.stdout, entry.stderr) };
    const delayMs = meta.delayMs ?? 0;
    // A command slower than its timeout(1) is killed before it prints anything.
    if (delayMs > limitMs) return { key: parsed.key, answer: timeoutAnswer(limitMs, '', '') };
    const exit = meta.exit === undefined ? 0 : meta.exit;
    const stdout = meta.liveClock ? liveClock(entry.stdout, meta.startedAt) : entry.stdout;
    return { key: parsed.key, answer: { kind: 'reply', delayMs, stdout, stderr: entry.stderr, exit, signal: meta.signal } };
  }

  /** The n-th request gets sample n, else the highest sample below n, else the first. */
  private pick(key: string, n: number): CaptureEntry | undefined {
    const list = this.samples.get(key);
    if (!list) return undefined;
    let best = list[0];
    for (const e of list) if (e.sample <= n) best = e;
    return best;
  }
}

/** A captured `date +%s` moved to now, keeping the host's distance to the workstation's clock at capture time. */
export function liveClock(stdout: string, startedAt: string | undefined, now = Date.now()): string {
  const epoch = Number(stdout.trim());
  const at = Date.parse(startedAt ?? '');
  if (!Number.isFinite(epoch) || !Number.isFinite(at)) return stdout;
  return `${Math.round(epoch + (now - at) / 1000)}\n`;
}

function timeoutAnswer(afterMs: number, stdout: string, stderr: string): SimAnswer {
  return { kind: 'timeout', afterMs, stdout, stderr, stderrAtEnd: '', exit: TIMEOUT_EXIT };
}

/**
 * What the wire's pipeline makes of an answer: the fixture's exit status is
 * the first stage's, which the group prints on stderr; the channel's own
 * status is the last filter's (0). A shell killed outright prints nothing.
 */
function asPipeline(a: SimAnswer): SimAnswer {
  const status = (n: number) => `usdiag-exit:${n}\n`;
  switch (a.kind) {
    case 'reply':
      return a.exit === null ? a : { ...a, stderr: a.stderr + status(a.exit), exit: 0 };
    case 'timeout':
      return { ...a, stderrAtEnd: a.stderrAtEnd + status(a.exit), exit: 0 };
    default:
      return a;
  }
}
