/**
 * Runs checks offline on fixture host directories (capture layout) through
 * the real engine and replay transport: the quickest way to test a check's
 * decisions on every fault variant.
 */
import { resolve } from 'node:path';
import { loadHostCapture } from '../../src/capture/layout.js';
import { type CheckRecord, type HostPlan, type RunOutcome, type RunOptions, runChecks } from '../../src/engine/runner.js';
import type { CheckId } from '../../src/kb/catalog.js';
import { kbEntry } from '../../src/kb/index.js';
import { createReplayTransport } from '../../src/transport/replay.js';
import { checkDefinition } from '../../checks/index.js';
import type { Evidence } from '../../src/engine/types.js';
import { renderValue } from '../../src/i18n/message.js';

export const FIXTURES = resolve(import.meta.dirname, '../../fixtures');

export function hostDir(...parts: string[]): string {
  return resolve(FIXTURES, 'hosts', ...parts);
}

export async function runOnFixtures(dirs: readonly string[], checks: readonly CheckId[], opts: Partial<RunOptions> = {}): Promise<RunOutcome> {
  const plans = dirs.map((d) => {
    const cap = loadHostCapture(d);
    return {
      info: { name: cap.info.name, address: cap.info.address, roles: cap.info.roles, cluster: cap.info.cluster },
      transport: createReplayTransport(cap),
    };
  });
  return runOnPlans(plans, checks, opts);
}

/** The real engine and registry on these hosts, with the offline tests' limits (no sampling wait). */
export function runOnPlans(plans: readonly HostPlan[], checks: readonly CheckId[], opts: Partial<RunOptions> = {}): Promise<RunOutcome> {
  return runChecks(plans, {
    checks,
    registry: checkDefinition,
    kb: kbEntry,
    timeoutSec: 30,
    hostTimeoutMs: 60_000,
    concurrency: 8,
    sampleSeconds: 0,
    probeSeconds: 2,
    signal: new AbortController().signal,
    ...opts,
  });
}

/** The one result of `check` on `host`. */
export function resultOf(outcome: RunOutcome, host: string, check: CheckId): CheckRecord {
  const r = outcome.results.find((x) => x.host === host && x.check === check);
  if (!r) throw new Error(`no result for ${check} on ${host}`);
  return r;
}

/** An evidence note in English (undefined when there is none). */
export function noteEn(e: Evidence | undefined): string | undefined {
  return e?.note === undefined ? undefined : renderValue(e.note, 'en');
}
