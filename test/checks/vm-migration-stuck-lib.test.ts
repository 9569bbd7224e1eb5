import { describe, expect, it } from 'vitest';
import type { CommandOutput } from '../../src/engine/types.js';
import { parseMigrationJob } from '../../src/parsers/virsh-jobinfo.js';
import { diverges, type JobSample, progressOf } from '../../checks/compute/vm-migration-stuck/jobs.js';
import { size } from '../../checks/compute/vm-migration-stuck/index.js';
import { corpus } from '../parsers/compute-net-fixtures.js';

const out = (stdout: string, startedAt: string) => ({ stdout, startedAt }) as unknown as CommandOutput;
const sample = (a: string, b: string | undefined, t2 = '2026-11-25T04:00:02.000Z'): JobSample => ({
  vm: 'vm1',
  first: { out: out(a, '2026-11-25T04:00:00.000Z'), job: parseMigrationJob(a).value },
  ...(b === undefined ? {} : { second: { out: out(b, t2), job: parseMigrationJob(b).value } }),
});
const job = (processed: string, remaining: string, extra = '') => `Job type: Unbounded\nOperation: Outgoing migration\nTime elapsed: 1000 ms\nData processed: ${processed}\nData remaining: ${remaining}\nMemory remaining: ${remaining}\n${extra}`;

describe('progressOf', () => {
  it('measures what moved over the span between the samples (the 2010 samples: 874 ms apart)', () => {
    const p = progressOf(sample(corpus('virsh-domjobinfo', 'libvir-list-2010-02-save-1.txt'), corpus('virsh-domjobinfo', 'libvir-list-2010-02-save-2.txt'), '2026-11-25T04:00:00.874Z'), 1)!;
    expect(p).toMatchObject({ phase: 'memory', stalled: false, notShrinking: false, sent: 117338112, seconds: 0.874 });
    expect(p.rate).toBeCloseTo(117338112 / 0.874);
    expect(diverges(p, p.rate)).toBe(false);
  });

  it('has nothing to say of a job that ended before the second look, or of no second look', () => {
    expect(progressOf(sample(job('1 GiB', '1 GiB'), 'Job type: None\n'), 1)).toBeUndefined();
    expect(progressOf(sample(job('1 GiB', '1 GiB'), undefined), 1)).toBeUndefined();
  });

  it('calls a job stalled only when neither processed nor remaining moved', () => {
    expect(progressOf(sample(job('1 GiB', '2 GiB'), job('1 GiB', '2 GiB')), 1)).toMatchObject({ stalled: true, sent: 0 });
    expect(progressOf(sample(job('1 GiB', '2 GiB'), job('1 GiB', '1.5 GiB')), 1)).toMatchObject({ stalled: false });
  });

  it('falls back to the configured interval when the samples carry no real span', () => {
    const p = progressOf(sample(job('1 GiB', '2 GiB'), job('1.5 GiB', '2 GiB'), '2026-11-25T04:00:00.000Z'), 2)!;
    expect(p.seconds).toBe(2);
    expect(p.rate).toBe(0.25 * 1024 ** 3);
  });
});

describe('diverges', () => {
  const dirty = (pages: number) => `Memory bandwidth: 100 MiB/s\nDirty rate: ${pages} pages/s\nPage size: 4096 bytes\n`;
  it('needs memory left that does not shrink and pages dirtied about as fast as they are sent', () => {
    const fast = progressOf(sample(job('10 GiB', '5 GiB', dirty(30000)), job('10.2 GiB', '5 GiB', dirty(30000))), 2)!;
    expect(diverges(fast, 100 * 1024 ** 2)).toBe(true);
    const slow = progressOf(sample(job('10 GiB', '5 GiB', dirty(2000)), job('10.2 GiB', '5 GiB', dirty(2000))), 2)!;
    expect(diverges(slow, 100 * 1024 ** 2)).toBe(false);
    const shrinking = progressOf(sample(job('10 GiB', '5 GiB', dirty(30000)), job('10.2 GiB', '4 GiB', dirty(30000))), 2)!;
    expect(diverges(shrinking, 100 * 1024 ** 2)).toBe(false);
  });
});

describe('size', () => {
  it('prints bytes as people read them', () => {
    expect([size(undefined), size(512), size(2048), size(5 * 1024 ** 2), size(26.287 * 1024 ** 3)]).toEqual(['?', '512 B', '2.0 KiB', '5.0 MiB', '26.3 GiB']);
  });
});
