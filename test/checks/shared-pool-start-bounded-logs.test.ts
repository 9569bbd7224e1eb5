import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckId } from '../../src/kb/catalog.js';
import { splitShellLine } from '../../src/transport/command.js';
import { hostDir, runOnFixtures } from '../support/fixture-run.js';

const CHECKS: CheckId[] = ['shared-pool-start', 'pool-no-slot'];

/** Every host directory of both checks' fixtures (one level for single-host variants, two for clusters). */
function variantHosts(): string[][] {
  const groups: string[][] = [[hostDir('vks-healthy')]];
  for (const id of CHECKS) {
    const root = hostDir(id);
    for (const v of readdirSync(root).sort()) {
      const dir = join(root, v);
      groups.push(existsSync(join(dir, 'host.yaml')) ? [dir] : readdirSync(dir).sort().map((h) => join(dir, h)));
    }
  }
  return groups;
}

describe('shared-pool-start and pool-no-slot read logs the bounded way', () => {
  it('every log read is tail -c of one file, filtered by grep, cut by tail -n; nothing refused', async () => {
    const keys = new Set<string>();
    const refused: string[] = [];
    const optionalLogReads: string[] = [];
    for (const dirs of variantHosts()) {
      const out = await runOnFixtures(dirs, CHECKS, {
        onCommand: (_h, r) => {
          keys.add(r.key);
          if (r.failure?.kind === 'refused') refused.push(`${r.key}: ${r.failure.message}`);
        },
      });
      // what the logs say is what the verdicts rest on: a log read that failed can never leave an ok
      for (const r of out.results) for (const x of r.reads) if (x.optional && x.command.includes('/var/log/')) optionalLogReads.push(`${r.check} ${x.host}: ${x.command}`);
    }
    expect(refused).toEqual([]);
    expect(optionalLogReads).toEqual([]);
    const logReads = [...keys].filter((k) => k.includes('/var/log/') || k.includes('syslog'));
    // the shell log, libvirtd.log and syslog of shared-pool-start, the shell log and syslog of pool-no-slot
    expect(logReads.length).toBeGreaterThanOrEqual(5);
    for (const key of logReads) {
      const { stages, syntax } = splitShellLine(key);
      expect(syntax).toEqual([]);
      const [first, ...filters] = stages;
      expect(first!.slice(0, 2)).toEqual(['tail', '-c']);
      expect(first).toHaveLength(4); // tail -c SIZE FILE: one file
      expect(first![3]).toMatch(/^\/var\/log\/[\w./-]+$/);
      expect(filters[0]![0]).toBe('grep');
      expect(filters.at(-1)!.slice(0, 2)).toEqual(['tail', '-n']);
    }
    // /var/log itself is only listed (to find the shell log), never read whole
    expect([...keys].filter((k) => /^(cat|zcat|head) .*\/var\/log\//.test(k))).toEqual([]);
    expect(keys.has('ls /var/log')).toBe(true);
  });
});
