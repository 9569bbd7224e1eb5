import { describe, expect, it } from 'vitest';
import { renderMsg } from '../../src/i18n/message.js';
import { hostDir, resultOf, runOnFixtures } from '../support/fixture-run.js';

describe('a healthy VKS', () => {
  it('is ok for the storage and network checks, with nothing refused or missing', async () => {
    const seen: string[] = [];
    const out = await runOnFixtures([hostDir('vks-healthy')], ['storage-blocked', 'multipath-wwid', 'nic-packet-loss'], {
      onCommand: (_h, r) => {
        if (r.failure) seen.push(`${r.key}: ${r.failure.kind} ${r.failure.message}`);
      },
    });
    expect(seen).toEqual([]);
    for (const id of ['storage-blocked', 'multipath-wwid', 'nic-packet-loss'] as const) {
      const r = resultOf(out, 'cvknode11', id);
      expect({ id, status: r.status, summary: renderMsg(r.message, 'en') }).toMatchObject({ id, status: 'ok' });
      expect(r.recovery).toEqual([]);
    }
  });
});
