import { describe, expect, it } from 'vitest';
import { levelsConflict, lockHolders, parseDlmLocks, requestedLevel, waitingEntries } from '../../src/parsers/ocfs2-dlm.js';
import { fixture, GARBAGE, truncate } from './storage-fixtures.js';

describe('parseDlmLocks', () => {
  it('reads the owner-node view of the guide and names node 7 as the holder', () => {
    const r = parseDlmLocks(fixture('ocfs2', 'dlm-locks-guide-owner.txt'));
    expect(r.issues).toEqual([]);
    expect(r.incomplete).toBeUndefined();
    const [res] = r.value.resources;
    expect(res).toMatchObject({
      name: 'P00000000000000000000000000000000',
      owner: 5,
      state: '0x0',
      stateFlags: [],
      lastUsed: 0,
      astsReserved: 0,
      inflight: 0,
      migrationPending: false,
      refs: 12,
      locks: 10,
      onLists: [],
      referenceMap: [1, 2, 3, 4, 6, 7, 8, 9, 10],
    });
    expect(res!.queue).toHaveLength(10);
    expect(res!.queue[0]).toEqual({
      queue: 'Granted',
      node: 7,
      level: 'EX',
      cookie: '7:1446',
      refs: 2,
      ast: false,
      bast: false,
      pendingAction: [],
      line: 6,
    });
    expect(waitingEntries(res!).map((e) => e.node)).toEqual([4, 2, 8, 6, 3, 1, 10, 5, 9]);
    expect(lockHolders(res!).map((e) => e.node)).toEqual([7]);
  });

  it('reads the waiting-node view whose OCR lost the trailing columns', () => {
    const r = parseDlmLocks(fixture('ocfs2', 'dlm-locks-guide-waiter.txt'));
    expect(r.issues).toEqual([]);
    const [res] = r.value.resources;
    expect(res).toMatchObject({ owner: 5, refs: 3, locks: 1, referenceMap: [] });
    expect(res!.queue).toEqual([{ queue: 'Converting', node: 10, level: 'NL', conv: 'EX', cookie: '10:1260', line: 6 }]);
    expect(requestedLevel(res!.queue[0]!)).toBe('EX');
    // this node only sees itself: the holder has to be looked up on the owner
    expect(lockHolders(res!)).toEqual([]);
  });

  it('reads the exact printf layout: padding, state words, LVB, Blocked queue, pending actions', () => {
    const r = parseDlmLocks(fixture('ocfs2', 'dlm-locks-synthetic.txt'));
    expect(r.issues).toEqual([]);
    const [m, w] = r.value.resources;
    expect(m).toMatchObject({
      name: 'M00000000000000000001a5e2f3b4c1',
      owner: 3,
      state: '0x8',
      stateFlags: ['Dirty'],
      astsReserved: 1,
      onLists: ['Dirty'],
      referenceMap: [1, 3, 6],
      locks: 4,
    });
    expect(m!.rawLvb!.split(' ')).toHaveLength(64);
    expect(m!.queue.map((e) => [e.queue, e.node, e.level, e.conv, e.bast, e.pendingAction])).toEqual([
      ['Granted', 1, 'PR', undefined, true, []],
      ['Granted', 3, 'PR', undefined, false, []],
      ['Converting', 6, 'PR', 'EX', false, ['Convert']],
      ['Blocked', 7, 'EX', undefined, false, ['Lock']],
    ]);
    // both PR grants conflict with the EX requests
    expect(lockHolders(m!).map((e) => e.node)).toEqual([1, 3]);
    expect(w).toMatchObject({ owner: 1, lastUsed: 12, referenceMap: [], stateFlags: [] });
    expect(lockHolders(w!)).toEqual([]);
  });

  it('applies the DLM compatibility matrix', () => {
    expect(levelsConflict('EX', 'NL')).toBe(false);
    expect(levelsConflict('EX', 'PR')).toBe(true);
    expect(levelsConflict('PR', 'PR')).toBe(false);
    expect(levelsConflict('PR', 'EX')).toBe(true);
    expect(levelsConflict('NL', 'EX')).toBe(false);
    expect(levelsConflict('CR', 'EX')).toBe(true);
    expect(levelsConflict('CW', 'PR')).toBe(true);
  });

  it('maps numeric levels and treats -1 as "not converting"', () => {
    const r = parseDlmLocks('Lockres: N000000  Owner: 2  State: 0x0\n Granted  4  3  -1  4:7  1  No  No  None\n Converting 2 1 4 2:9\n');
    expect(r.value.resources[0]!.queue.map((e) => [e.level, e.conv])).toEqual([
      ['PR', undefined],
      ['CR', 'PW'],
    ]);
    expect(lockHolders(r.value.resources[0]!).map((e) => e.node)).toEqual([4]);
  });

  it('reports debugfs failures instead of records', () => {
    expect(parseDlmLocks('Lockres string proto 2 found, but 1 is the highest I understand.\n').value.protoMismatch).toEqual({
      found: 2,
      supported: 1,
    });
    expect(
      parseDlmLocks('Could not open debug state for "DCDA2845177F4D59A0F2DCD8DE507CC3".\nPerhaps that OCFS2 file system is not mounted?\n')
        .value.unavailable?.reason,
    ).toBe('fs-not-mounted');
    expect(parseDlmLocks('')).toEqual({ value: { resources: [] }, issues: [] });
  });

  it('flags truncation and reports garbage', () => {
    const r = parseDlmLocks(truncate(fixture('ocfs2', 'dlm-locks-synthetic.txt'), 0.5));
    expect(r.incomplete).toBe(true);
    expect(r.value.resources[0]!.name).toBe('M00000000000000000001a5e2f3b4c1');
    expect(parseDlmLocks('Lockres: X  Owner: 1\nReference Map: 1 two 3\n').issues[0]!.reason).toBe('not a node number: "two"');
    for (const g of GARBAGE) {
      const p = parseDlmLocks(g);
      expect(p.value.resources).toEqual([]);
      expect(p.issues.length).toBeGreaterThan(0);
    }
  });
});
