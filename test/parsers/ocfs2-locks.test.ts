import { describe, expect, it } from 'vitest';
import { busyLocks, parseFsLocks } from '../../src/parsers/ocfs2-locks.js';
import { corpus, corpusFiles, fixture, GARBAGE, truncate } from './storage-fixtures.js';

describe('parseFsLocks', () => {
  it('covers the corpus directory', () => {
    expect(corpusFiles('debugfs-fs-locks')).toEqual(['ocfs2-tools-faq-1.txt']);
  });

  it('reads the OCFS2 1.2 (protocol 1) record of the FAQ: five lines, no statistics', () => {
    const r = parseFsLocks(corpus('debugfs-fs-locks', 'ocfs2-tools-faq-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.incomplete).toBeUndefined();
    expect(r.value.locks).toEqual([
      {
        name: 'M000000000000000006672078b84822',
        lockType: 'meta',
        mode: 'Protected Read',
        flags: ['Initialized', 'Attached'],
        busy: false,
        roHolders: 0,
        exHolders: 0,
        pendingAction: 'None',
        pendingUnlockAction: 'None',
        requestedMode: 'Protected Read',
        blockingMode: 'Invalid',
        line: 1,
        span: { first: 1, last: 5 },
      },
    ]);
  });

  it('reads the guide sample: OCR single spaces, no blank lines, old "Waits (usec)" statistics', () => {
    const r = parseFsLocks(fixture('ocfs2', 'fs-locks-guide-busy.txt'));
    expect(r.issues).toEqual([]);
    expect(r.incomplete).toBeUndefined();
    expect(r.value.locks.map((l) => [l.name, l.lockType, l.requestedMode, l.diskRefreshes])).toEqual([
      ['P00000000000000000000000000000000', 'orphan-scan', 'Exclusive', 0],
      ['M000000000000000000000000020737820a41', 'meta', 'Protected Read', 1],
      ['M000000000000000000000000020137820a41', 'meta', 'Protected Read', 0],
    ]);
    const [p] = r.value.locks;
    expect(p!.flags).toEqual(['Initialized', 'Attached', 'Busy', 'Needs Refresh']);
    expect(p).toMatchObject({ mode: 'No Lock', busy: true, pendingAction: 'Convert', pendingUnlockAction: 'None', blockingMode: 'No Lock' });
    expect(p!.ex).toEqual({ gets: 13805, fails: 0, waitTotalUs: 8934764, waitMaxUs: 5 });
    expect(r.value.locks[1]!.pr).toEqual({ gets: 2192274, fails: 0, waitTotalUs: 15332879, waitMaxUs: 1784 });
    expect(busyLocks(r.value)).toHaveLength(3);
  });

  it('reads protocol 2/3 statistics with averages', () => {
    const r = parseFsLocks(fixture('ocfs2', 'fs-locks-v3-busy.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.locks).toHaveLength(2);
    expect(r.value.locks[0]).toMatchObject({
      name: 'M000000000000000000020737820a41',
      requestedMode: 'Protected Read',
      pr: { gets: 2192274, fails: 0, waitTotalUs: 15332879, waitMaxUs: 1784, waitAvgNs: 6994 },
      ex: { gets: 2, fails: 0, waitTotalUs: 5714, waitMaxUs: 3, waitAvgNs: 2857000 },
      diskRefreshes: 1,
      line: 1,
    });
    expect(r.value.locks[0]!.pr!.lastWaitUs).toBeUndefined();
    expect(r.value.locks[1]!.flags).toContain('Needs Refresh');
    expect(r.value.locks[1]!.line).toBe(10);
  });

  it('reads protocol 4 Last and First Wait, Blocked flag and two-word unlock actions', () => {
    const r = parseFsLocks(fixture('ocfs2', 'fs-locks-v4-busy.txt'));
    expect(r.issues).toEqual([]);
    const [w, o] = r.value.locks;
    expect(w).toMatchObject({
      lockType: 'rw',
      mode: 'Protected Read',
      flags: ['Initialized', 'Attached', 'Busy', 'Blocked'],
      roHolders: 1,
      pendingAction: 'Downconvert',
      blockingMode: 'Exclusive',
      firstWaitUs: 187000042,
      diskRefreshes: 3,
    });
    expect(w!.ex).toEqual({ gets: 37, fails: 1, waitTotalUs: 90211, waitMaxUs: 45120, waitAvgNs: 2438135, lastWaitUs: 45120 });
    expect(o).toMatchObject({ lockType: 'open', pendingUnlockAction: 'Cancel Convert', exHolders: 1, firstWaitUs: 0 });
    expect(o!.flags).toEqual(['Initialized', 'Attached', 'Busy', 'Queued']);
  });

  it('reads -l LVB rows without mistaking decoded "Mode:" lines for records', () => {
    const r = parseFsLocks(fixture('ocfs2', 'fs-locks-v3-all-lvb.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.locks.map((l) => [l.lockType, l.mode, l.busy])).toEqual([
      ['super', 'Protected Read', false],
      ['meta', 'Exclusive', false],
    ]);
    const meta = r.value.locks[1]!;
    expect(meta.rawLvb!.split(' ')).toHaveLength(64);
    expect(meta.rawLvb!.startsWith('00 00 00 02 00 00 00 10')).toBe(true);
    expect(meta.pr).toMatchObject({ gets: 12, waitMaxUs: 40 });
    expect(meta.diskRefreshes).toBe(2);
    expect(busyLocks(r.value)).toEqual([]);
  });

  it('treats empty -B output as "no busy lock"', () => {
    expect(parseFsLocks('')).toEqual({ value: { locks: [] }, issues: [] });
  });

  it('reports a protocol newer than the tools', () => {
    const r = parseFsLocks(fixture('ocfs2', 'fs-locks-proto-mismatch.txt'));
    expect(r.value).toEqual({ locks: [], protoMismatch: { found: 4, supported: 3 } });
    expect(r.issues).toEqual([]);
  });

  it('reports a volume that is not mounted or a debugfs that is missing', () => {
    expect(parseFsLocks(fixture('ocfs2', 'fs-locks-not-mounted.txt')).value.unavailable).toEqual({
      reason: 'fs-not-mounted',
      message: 'Could not open debug state for "BE229C2491E64FEA98550DF0469B6C10".',
    });
    expect(parseFsLocks('Could not locate debugfs file system. Perhaps it is not mounted?\n').value.unavailable?.reason).toBe(
      'debugfs-not-mounted',
    );
    expect(
      parseFsLocks('debugfs.ocfs2: No such file or directory while opening device "/dev/sdx"\n').value.unavailable?.reason,
    ).toBe('cannot-open');
  });

  it('flags truncated output', () => {
    const r = parseFsLocks(truncate(fixture('ocfs2', 'fs-locks-v4-busy.txt'), 0.2));
    expect(r.incomplete).toBe(true);
    expect(r.value.locks.map((l) => l.name)).toEqual(['W000000000000000000a03b0b1c8c2d']);
    // a record whose statistics were cut off although the first record had them
    const cut = fixture('ocfs2', 'fs-locks-v3-busy.txt').split('\n').slice(0, 14).join('\n') + '\n';
    const r2 = parseFsLocks(cut);
    expect(r2.incomplete).toBe(true);
    expect(r2.value.locks).toHaveLength(2);
  });

  it('reports unknown words and garbage', () => {
    const r = parseFsLocks('Lockres: M0001  Mode: Half Lock\nFlags: Initialized Sleepy Busy\n');
    expect(r.value.locks[0]!.mode).toBe('Unknown');
    expect(r.value.locks[0]!.flags).toEqual(['Initialized', 'Busy']);
    expect(r.issues.map((i) => i.reason)).toEqual(['unknown lock level "Half Lock"', 'unknown lock flag "Sleepy"']);
    for (const g of GARBAGE) {
      const p = parseFsLocks(g);
      expect(p.value.locks).toEqual([]);
      expect(p.issues.length).toBeGreaterThan(0);
    }
  });
});

describe('fs_locks record spans', () => {
  it('cover each record from its Lockres line to its last line, for evidence', () => {
    const input = fixture('ocfs2', 'fs-locks-guide-busy.txt');
    const { locks } = parseFsLocks(input).value;
    const all = input.split('\n');
    for (const l of locks) {
      expect(all[l.span.first - 1]).toMatch(/^Lockres: /);
      // the next record, if any, starts right after (blank lines aside)
      const next = all.slice(l.span.last).find((x) => x.trim() !== '');
      expect(next === undefined || /^Lockres: /.test(next)).toBe(true);
    }
  });
});
