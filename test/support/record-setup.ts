/**
 * Runs in every test file: the simulated hosts append each command they
 * receive to USDIAG_SIM_RECORD, and after the file's tests every recorded
 * command must pass the independent denylist. So no test anywhere in the
 * suite can send a mutating command without failing.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { violations } from './denylist.js';

const file = join(tmpdir(), `usdiag-sim-record-${process.pid}-${randomUUID()}.jsonl`);
process.env.USDIAG_SIM_RECORD = file;

afterAll(() => {
  if (!existsSync(file)) return;
  const wires = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { wire: string }).wire);
  rmSync(file, { force: true });
  // A command the simulated host refused (not built by the policy) is recorded too: it must still be harmless.
  expect(violations(wires)).toEqual([]);
});
