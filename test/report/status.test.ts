import { describe, expect, it } from 'vitest';
import type { Status } from '../../src/engine/types.js';
import { exitCodeFor } from '../../src/report/status.js';

describe('exit status (contract: worst status, monitoring-plugin style)', () => {
  it.each<[Status[], number]>([
    [[], 0],
    [['ok', 'skipped'], 0],
    [['ok', 'warn'], 1],
    [['warn', 'fail', 'ok'], 2],
    [['unknown', 'warn'], 3],
    [['error', 'ok'], 3],
    [['error', 'fail'], 2],
    [['skipped', 'skipped'], 0],
  ])('%j → %i', (statuses, code) => expect(exitCodeFor(statuses)).toBe(code));
});
