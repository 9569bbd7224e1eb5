import { describe, expect, it } from 'vitest';
import {
  baseSymbol,
  isOcfs2LockSymbol,
  parseFrame,
  parseHungTasks,
  parseKernelStack,
  waitsOnOcfs2Lock,
} from '../../src/parsers/kstack.js';
import { corpus, corpusFiles, fixture, GARBAGE, truncate } from './storage-fixtures.js';

describe('parseKernelStack', () => {
  it('covers the corpus directory', () => {
    expect(corpusFiles('proc-pid-stack')).toEqual(['linux-f5785283-1.txt']);
  });

  it('reads the OCFS2 recovery worker stack of the corpus (no address prefix)', () => {
    const r = parseKernelStack(corpus('proc-pid-stack', 'linux-f5785283-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toHaveLength(14);
    expect(r.value[0]).toEqual({ symbol: '__ocfs2_cluster_lock.isra.36', offset: 0x336, size: 0x9e0, module: 'ocfs2' });
    expect(r.value[3]).toEqual({ symbol: 'evict', offset: 0xae, size: 0x1a0 });
    expect(r.value.at(-1)!.symbol).toBe('ret_from_fork');
    expect(waitsOnOcfs2Lock(r.value)).toBe(true);
  });

  it('reads [<0>] prefixes of newer kernels', () => {
    const r = parseKernelStack(fixture('kstack', 'proc-stack-hidden-addr.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.map((f) => f.symbol).slice(0, 3)).toEqual(['__ocfs2_cluster_lock.isra.41', 'ocfs2_inode_lock_full_nested', 'ocfs2_permission']);
    expect(r.value[0]!.address).toBeUndefined();
    expect(waitsOnOcfs2Lock(r.value)).toBe(true);
  });

  it('reads real addresses and the 0xffffffffffffffff end marker', () => {
    const r = parseKernelStack(fixture('kstack', 'proc-stack-addresses.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value[0]).toEqual({ symbol: 'o2hb_thread', offset: 0x3ad, size: 0x890, module: 'ocfs2_nodemanager', address: 'ffffffffa0557a1d' });
    expect(r.value[3]).toEqual({ symbol: '0xffffffffffffffff', address: 'ffffffffffffffff' });
    expect(waitsOnOcfs2Lock(r.value)).toBe(false);
  });

  it('reports non-frame lines, empty and truncated output', () => {
    expect(parseKernelStack('')).toEqual({ value: [], issues: [] });
    const r = parseKernelStack('schedule+0x29/0x70\ncat: /proc/123/stack: No such file or directory\n');
    expect(r.value.map((f) => f.symbol)).toEqual(['schedule']);
    expect(r.issues).toEqual([{ line: 2, text: 'cat: /proc/123/stack: No such file or directory', reason: 'not a stack frame' }]);
    expect(parseKernelStack(truncate(corpus('proc-pid-stack', 'linux-f5785283-1.txt'))).incomplete).toBe(true);
    for (const g of GARBAGE) expect(parseKernelStack(g).issues.length).toBeGreaterThan(0);
  });
});

describe('OCFS2 lock-wait detection', () => {
  it.each([
    ['__ocfs2_cluster_lock.isra.36', true],
    ['ocfs2_cluster_lock.isra.30', true],
    ['ocfs2_inode_lock_full_nested', true],
    ['ocfs2_rw_lock', true],
    ['ocfs2_open_lock', true],
    ['ocfs2_inode_unlock', false],
    ['ocfs2_lock_res_free', false],
    ['o2hb_thread', false],
    ['msleep_interruptible', false],
  ])('%s → %s', (symbol, expected) => {
    expect(isOcfs2LockSymbol(symbol)).toBe(expected);
  });

  it('strips compiler clone suffixes', () => {
    expect(baseSymbol('link_path_walk.part.0')).toBe('link_path_walk');
    expect(baseSymbol('__ocfs2_cluster_lock.isra.41')).toBe('__ocfs2_cluster_lock');
    expect(baseSymbol('foo.constprop.0.isra.3')).toBe('foo');
  });

  it('ignores unreliable frames', () => {
    expect(waitsOnOcfs2Lock([parseFrame('? ocfs2_inode_lock_full_nested+0x1fc/0x960 [ocfs2]')!])).toBe(false);
  });
});

describe('parseHungTasks', () => {
  it('covers the corpus directory', () => {
    expect(corpusFiles('dmesg-hung-task')).toEqual(['lkml-ocfs2-reflink-1.txt']);
  });

  it('reads the 5.x dump of the corpus (task line, no INFO line)', () => {
    const r = parseHungTasks(corpus('dmesg-hung-task', 'lkml-ocfs2-reflink-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.incomplete).toBeUndefined();
    expect(r.value).toHaveLength(1);
    const [t] = r.value;
    expect(t).toMatchObject({ command: 'reflink', pid: 1283, ppid: 4154, state: 'D', line: 1 });
    expect(t!.frames).toHaveLength(19);
    expect(t!.frames[3]).toEqual({ symbol: 'ocfs2_control_cfu', offset: 0x50, size: 0x50, module: 'ocfs2_stack_user', unreliable: true });
    expect(t!.frames[4]).toEqual({ symbol: '0xffffffffc0e3e000', address: 'ffffffffc0e3e000', unreliable: true });
    expect(t!.frames[7]!.symbol).toBe('__ocfs2_cluster_lock.isra.41');
    expect(waitsOnOcfs2Lock(t!.frames)).toBe(true);
  });

  it('reads 3.x reports in syslog, skipping other daemons and stack-content rows', () => {
    const r = parseHungTasks(fixture('kstack', 'hung-task-3x-syslog.txt'), {
      reference: new Date('2017-03-15T00:00:00+08:00'),
      utcOffsetMinutes: 480,
    });
    expect(r.issues).toEqual([]);
    expect(r.value.map((t) => [t.command, t.pid, t.ppid, t.state, t.blockedSeconds, t.frames.length, t.line])).toEqual([
      ['dd', 27904, 3411, 'D', 120, 9, 1],
      ['qemu-system-x86', 3520, 1, 'D', 120, 4, 17],
    ]);
    expect(r.value[0]!.time).toEqual(new Date('2017-03-14T14:20:31+08:00'));
    expect(r.value[0]!.uptimeSeconds).toBe(2314.400211);
    expect(r.value[0]!.frames[3]).toMatchObject({ symbol: '__ocfs2_cluster_lock.isra.30', address: 'ffffffffa05bb4f5', module: 'ocfs2' });
    expect(r.value.map((t) => waitsOnOcfs2Lock(t.frames))).toEqual([true, false]);
  });

  it('reads 6.x dmesg: tgid-less task line, <TASK> markers, register lines', () => {
    const r = parseHungTasks(fixture('kstack', 'hung-task-6x-dmesg.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.map((t) => [t.command, t.pid, t.ppid, t.blockedSeconds, t.uptimeSeconds, t.frames.length])).toEqual([
      ['kworker/u8:2', 123, 2, 122, 1352.318204, 12],
      ['qemu-img', 28001, 1, 122, 1352.31862, 10],
    ]);
    expect(r.value[1]!.frames.at(-1)!.symbol).toBe('asm_exc_page_fault');
    expect(r.value.map((t) => waitsOnOcfs2Lock(t.frames))).toEqual([true, false]);
  });

  it('reads a 6.x task line with tgid', () => {
    const r = parseHungTasks('task:dd              state:D stack:0     pid:27904 tgid:27904 ppid:3411   flags:0x00004002\nCall Trace:\n <TASK>\n schedule+0x5a/0xd0\n');
    expect(r.value).toEqual([{ command: 'dd', pid: 27904, ppid: 3411, state: 'D', frames: [{ symbol: 'schedule', offset: 0x5a, size: 0xd0 }], line: 1 }]);
  });

  it('finds nothing in a log without hung tasks and says when the input is not a kernel log', () => {
    const quiet = parseHungTasks('[    0.000000] Linux version 5.4.0\n[    1.2] ocfs2: Registered cluster interface o2cb\n');
    expect(quiet).toEqual({ value: [], issues: [] });
    expect(parseHungTasks('')).toEqual({ value: [], issues: [] });
    for (const g of GARBAGE) {
      const p = parseHungTasks(g);
      expect(p.value).toEqual([]);
      expect(p.issues.map((i) => i.reason)).toEqual(['no kernel log lines']);
    }
  });

  it('reads every short task line as the former regexes did', () => {
    // The patterns before the task lines were read in linear time: the reference on short lines.
    const NEW = /^task:(.+?)\s+state:(\S+)\s+stack:\s*\d+\s+pid:\s*(\d+)(?:\s+tgid:\s*\d+)?\s+ppid:\s*(\d+)/;
    const OLD = /^(\S.*?)\s+([A-Z])\s+(?:[0-9a-f]{8,16}\s+)?\d+\s+(\d+)\s+(\d+)\s+0x[0-9a-f]+$/;
    const PIECES = ['task:', 'state:D', 'state:', 'stack:', 'pid:', 'tgid:', 'ppid:', '12', '0', ' ', '  ', 'D', 'S', 'ffff88003fc13780', '0x00000080', 'dd', 'a b', 'x'];
    let x = 11; // xorshift32: deterministic
    const next = (): number => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
    const some = (max: number): string => Array.from({ length: next() % (max + 1) }, () => PIECES[next() % PIECES.length]).join('');
    const sp = (): string => ' \t'[next() % 2]!.repeat(1 + (next() % 3));
    /** Mostly what the field should hold, sometimes anything. */
    const or = (...good: string[]): string => (next() % 5 ? good[next() % good.length]! : some(2));
    const num = (): string => or('0', '12', '4154');
    let matched = 0;
    for (let n = 0; n < 20_000; n++) {
      const line = [
        () => some(12),
        () =>
          `task:${or('dd', 'a b', '', ' ')}${sp()}state:${or('D', 'S')}${sp()}stack:${sp()}${num()}${sp()}pid:${sp()}${num()}${sp()}` +
          `${n % 2 ? '' : `tgid:${num()}${sp()}`}ppid:${num()}${or('', ' flags:0x0')}`,
        () => `${or('dd', 'a b', 'kworker/0:1')}${sp()}${or('D', 'S')}${sp()}${or('ffff88003fc13780', '', '0')}${sp()}${num()}${sp()}${num()}${sp()}${num()}${sp()}${or('0x00000080', '0x0')}`,
      ][n % 3]!().trim();
      if (line === '' || /^INFO: |^Call Trace:/.test(line)) continue;
      const m = NEW.exec(line) ?? OLD.exec(line);
      if (m) matched++;
      const task = parseHungTasks(line).value[0];
      const expected = m ? { command: m[1]!.trim(), state: m[2], pid: Number(m[3]), ppid: Number(m[4]) } : undefined;
      expect(task && { command: task.command, state: task.state, pid: task.pid, ppid: task.ppid }, JSON.stringify(line)).toEqual(expected);
    }
    expect(matched).toBeGreaterThan(2000);
  });

  it('reads task lines with 200,000-character gaps (the former regexes backtracked for seconds)', () => {
    const gap = ' '.repeat(200_000);
    const r = parseHungTasks(`task:${gap}x\ndd${gap}D 0 1 2 0x00000000\nreflink${gap}x\ntask:dd${gap}state:D stack:0 pid:9 ppid:1 flags:0x0\n`);
    expect(r.value.map((t) => [t.command, t.pid, t.ppid, t.state, t.line])).toEqual([
      ['dd', 1, 2, 'D', 2],
      ['dd', 9, 1, 'D', 4],
    ]);
  });

  it('reads the task line of an empty command name', () => {
    expect(parseHungTasks(`task:${' '.repeat(15)} state:D stack:0     pid:7 ppid:2      flags:0x0\n`).value).toMatchObject([{ command: '', pid: 7, ppid: 2, state: 'D' }]);
  });

  it('flags a dump cut right after Call Trace', () => {
    const r = parseHungTasks('INFO: task dd:1 blocked for more than 120 seconds.\ndd D 0 1 2 0x00000000\nCall Trace:\n');
    expect(r.incomplete).toBe(true);
    expect(r.value[0]).toMatchObject({ command: 'dd', pid: 1, ppid: 2, state: 'D', frames: [] });
  });
});
