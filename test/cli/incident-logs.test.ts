/** The log list of `usdiag collect`: every read passes the read-only policy, every section is the guide's. */
import { describe, expect, it } from 'vitest';
import { INCIDENT_LOGS, qemuLog, safeVmName, tailCommand } from '../../src/capture/incident-logs.js';
import { catalogEntry, type CheckId } from '../../src/kb/catalog.js';
import { prepare } from '../../src/transport/policy.js';
import { violations } from '../support/denylist.js';

describe('the incident logs', () => {
  it.each([...INCIDENT_LOGS, qemuLog('centos-db')].map((l) => [l.path, l] as const))('%s is read with tail -c, allowed by the policy and the denylist', (_p, l) => {
    const prepared = prepare(tailCommand(l), { timeoutSec: 30 });
    expect(prepared.key).toBe(`tail -c ${l.bound} -- ${l.path}`);
    expect(violations([prepared.wire])).toEqual([]);
    expect(l.bound).toBeGreaterThan(0);
    expect(l.bound).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it('names each log with the guide section of its catalogue entry', () => {
    for (const l of [...INCIDENT_LOGS, qemuLog('x')]) expect({ path: l.path, section: catalogEntry(l.check as CheckId)?.section }).toEqual({ path: l.path, section: l.section });
  });

  it('takes a VM name only when it is one plain file name', () => {
    for (const ok of ['centos-db', 'win7', 'vm_01.prod', 'a+b']) expect(safeVmName(ok)).toBe(true);
    for (const bad of ['', '..', '../etc/passwd', 'a/b', '.hidden', 'a b', 'x..y', `v${'x'.repeat(200)}`]) expect(safeVmName(bad)).toBe(false);
  });
});
