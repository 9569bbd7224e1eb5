import { describe, expect, it } from 'vitest';
import { listCaptureHosts, loadHostCapture } from '../../src/capture/layout.js';
import { commandKey, splitShellLine } from '../../src/transport/command.js';
import { refusalReason } from '../../src/transport/policy.js';
import { TEST_HOSTS } from '../support/sim.js';

describe('fixtures/test-hosts', () => {
  const hosts = listCaptureHosts(TEST_HOSTS).map((d) => loadHostCapture(d));

  it('has the profiles the transport and sim tests use', () => {
    expect(hosts.map((h) => h.info.name).sort()).toEqual(['cvknode31', 'cvknode32', 'cvmnode30']);
    expect(hosts.find((h) => h.info.name === 'cvknode32')!.entries.size).toBeGreaterThan(10);
  });

  it('only holds commands the read-only policy allows, in canonical form', () => {
    for (const h of hosts) {
      for (const e of h.entries.values()) {
        const { stages, syntax } = splitShellLine(e.key);
        const command = { argv: stages[0]!, ...(stages.length > 1 ? { pipe: stages.slice(1) } : {}) };
        expect({ key: e.key, syntax, refused: refusalReason(command), canonical: commandKey(command) }).toEqual({
          key: e.key, syntax: [], refused: null, canonical: e.key,
        });
      }
    }
  });
});
