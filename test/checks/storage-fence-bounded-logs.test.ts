import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitShellLine } from '../../src/transport/command.js';
import { refusalReason } from '../../src/transport/policy.js';
import { hostDir, runOnFixtures } from '../support/fixture-run.js';

const CHECKS = ['disk-io-latency', 'storage-fence', 'ocfs2-repair'] as const;

/** Every fixture host of these checks' variants (peers nested in a variant included), plus the healthy base. */
function hostDirs(): string[][] {
  const out: string[][] = [[hostDir('vks-healthy')]];
  for (const id of CHECKS) {
    for (const v of readdirSync(hostDir(id)).filter((n) => statSync(hostDir(id, n)).isDirectory())) {
      const dir = hostDir(id, v);
      const peers = readdirSync(dir).filter((n) => n !== 'commands' && statSync(join(dir, n)).isDirectory()).map((n) => join(dir, n));
      out.push([dir, ...peers]);
    }
  }
  return out;
}

describe('the commands of disk-io-latency, storage-fence and ocfs2-repair', () => {
  it('read logs bounded, are all read-only, all captured, and never include fsck', async () => {
    const keys = new Set<string>();
    const optionalLogReads = new Set<string>();
    for (const dirs of hostDirs()) {
      const problems: string[] = [];
      const out = await runOnFixtures(dirs, [...CHECKS], {
        onCommand: (host, r) => {
          keys.add(r.key);
          if (r.failure) problems.push(`${host}: ${r.key}: ${r.failure.kind}`);
        },
      });
      expect(problems, dirs[0]).toEqual([]);
      for (const r of out.results) {
        for (const x of r.reads) if (x.optional && /\/var\/log\/|^(dmesg|last|zcat) /.test(x.command)) optionalLogReads.add(`${r.check}: ${x.command.split(' | ')[0]}`);
      }
    }
    // the fence log and the syslog are what the verdicts rest on: a failed read of them never leaves an ok.
    // Only this boot's dmesg (the syslog holds the same kernel lines; both unreadable is unknown) and the
    // boot records (they only date the signs) may fail under an ok.
    expect([...optionalLogReads].sort()).toEqual(['ocfs2-repair: dmesg -T', 'ocfs2-repair: last -x -F']);
    expect(keys.size).toBeGreaterThan(20);
    const logReads = [...keys].filter((k) => k.includes('/var/log/') && !k.startsWith('stat '));
    // the fence log, the syslog (signs and a restart window) and a rotated syslog.N.gz
    expect(new Set(logReads.map((k) => k.split(' | ')[0]!.split(' ').slice(0, 3).join(' ')))).toEqual(new Set(['tail -c 1M', 'tail -c 16M', 'tail -c 64M', 'zcat /var/log/syslog.4.gz', 'zcat /var/log/syslog.5.gz']));
    for (const key of [...keys]) {
      const { stages, syntax } = splitShellLine(key);
      expect(syntax, key).toEqual([]);
      expect(refusalReason({ argv: stages[0]!, pipe: stages.slice(1) }), key).toBeNull();
      expect(stages.flat().some((w) => /^fsck/.test(w)), key).toBe(false);
    }
    for (const key of [...logReads, ...[...keys].filter((k) => k.startsWith('dmesg'))]) {
      const stages = splitShellLine(key).stages;
      const first = stages[0]!;
      // one file from its end (tail -c N) or one rotated file (zcat), or the kernel ring buffer
      const bounded = (first[0] === 'tail' && first[1] === '-c' && first.length === 4) || (first[0] === 'zcat' && first.length === 2) || first[0] === 'dmesg';
      expect(bounded, key).toBe(true);
      expect(stages.length, key).toBeGreaterThanOrEqual(3);
      expect(stages[1]![0], key).toBe('grep');
      const last = stages.at(-1)!;
      expect(['tail', 'head'].includes(last[0]!) && last[1] === '-n', key).toBe(true);
    }
  });
});
