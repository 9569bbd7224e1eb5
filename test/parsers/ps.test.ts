import { describe, expect, it } from 'vitest';
import { dStateProcesses, parsePs } from '../../src/parsers/ps.js';
import { corpus, corpusFiles, fixture, GARBAGE } from './storage-fixtures.js';

describe('parsePs on the corpus', () => {
  it('covers the corpus directory', () => {
    expect(corpusFiles('ps')).toEqual(['hotsos-3.txt', 'insights-core-1.txt', 'insights-core-2.txt', 'insights-core-4.txt']);
  });

  it('reads ps axo ...,lstart,...,cmd: five-token STARTED, kernel threads in brackets', () => {
    const r = parsePs(corpus('ps', 'hotsos-3.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toHaveLength(450);
    expect(r.value[0]).toMatchObject({
      pid: 1,
      ppid: 0,
      stat: 'S',
      wchan: 'ep_poll',
      comm: 'init',
      args: '/sbin/init',
      uid: 0,
      started: 'Wed Feb 9 22:38:08 2022',
      line: 2,
    });
    expect(r.value[0]!.columns).toMatchObject({ CLS: 'TS', TT: '?', TIME: '00:00:38' });
    expect(r.value[4]).toMatchObject({ pid: 6, stat: 'I', wchan: 'worker_thread', comm: 'kworker/0:0H-kblockd', args: '[kworker/0:0H-kblockd]' });
    // long qemu command lines stay whole
    const qemu = r.value.filter((p) => p.comm === 'qemu-system-x86_64');
    expect(qemu.length).toBeGreaterThan(0);
    expect(qemu[0]!.args!.split(' ').length).toBeGreaterThan(20);
    expect(dStateProcesses(r.value)).toEqual([]);
  });

  it('reads ps alxwww with truncated WCHAN and STAT modifiers', () => {
    const r = parsePs(corpus('ps', 'insights-core-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.map((p) => [p.pid, p.stat, p.wchan, p.comm])).toEqual([
      [1, 'Ss', 'ep_pol', 'systemd'],
      [2, 'S', 'kthrea', 'kthreadd'],
      [3, 'S', 'smpboo', 'ksoftirqd/0'],
      [4, 'S', 'worker', 'kworker/0:0'],
      [5, 'S<', 'worker', 'kworker/0:0H'],
      [1585, 'Ss', 'ep_pol', 'systemd-journald'],
      [2964, 'S<sl', 'ep_pol', 'auditd'],
      [2966, 'S<sl', 'futex_', 'audispd'],
      [2968, 'S<', 'unix_s', 'sedispatch'],
      [3000, 'Ssl', 'ep_pol', 'dbus-daemon'],
    ]);
    expect(r.value[9]!.args).toBe('/usr/bin/dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation');
    expect(r.value[9]!.uid).toBe(81);
  });

  it('reads the realtime kernel thread with PRI -100 and NI -', () => {
    const r = parsePs(corpus('ps', 'insights-core-2.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.find((p) => p.pid === 7)).toMatchObject({ comm: 'migration/0', columns: expect.objectContaining({ PRI: '-100', NI: '-' }) });
  });

  it('reads ps auxcww: USER, START, bare command names', () => {
    const r = parsePs(corpus('ps', 'insights-core-4.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toHaveLength(89);
    expect(r.value[0]).toMatchObject({ pid: 1, user: 'root', stat: 'Ss', started: '11:52', comm: 'init' });
    expect(r.value[0]!.args).toBeUndefined();
    expect(r.value[6]!.comm).toBe('events/0');
  });
});

describe('parsePs on usdiag and guide formats', () => {
  it('reads usdiag ps -o with etimes and args; finds the D-state tasks', () => {
    const r = parsePs(fixture('ps', 'usdiag-ps-o.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toHaveLength(8);
    const stuck = dStateProcesses(r.value);
    expect(stuck.map((p) => [p.pid, p.stat, p.wchan, p.comm, p.elapsedSeconds])).toEqual([
      [27904, 'D+', '__ocfs2_cluster_lock.isra.30', 'dd', 5420],
      [28001, 'D', 'ocfs2_inode_lock_full_nested', 'qemu-img', 5300],
      [28160, 'D', 'o2net_send_message_vec', 'kworker/u64:3', 4900],
    ]);
    expect(stuck[0]!.args).toBe('dd if=/dev/zero of=/vms/FC-St/test.img bs=1M count=1024');
    expect(r.value.find((p) => p.pid === 29001)).toMatchObject({ stat: 'Z', wchan: '-', args: '[python3] <defunct>' });
  });

  it('reads the guide output whose COMMAND column is not the last one', () => {
    const r = parsePs(fixture('ps', 'guide-d-state.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual([
      {
        pid: 22299,
        stat: 'S<',
        wchan: 'msleep_interruptible',
        comm: 'o2hb-C12DDF3DE7',
        columns: { PID: '22299', STAT: 'S<', COMMAND: 'o2hb-C12DDF3DE7', 'WIDE-WCHAN-COLUMN': 'msleep_interruptible' },
        line: 2,
        headerLine: 1,
      },
      {
        pid: 27904,
        stat: 'D+',
        wchan: 'ocfs2_cluster_lock.isra.30',
        comm: 'dd',
        columns: { PID: '27904', STAT: 'D+', COMMAND: 'dd', 'WIDE-WCHAN-COLUMN': 'ocfs2_cluster_lock.isra.30' },
        line: 3,
        headerLine: 1,
      },
    ]);
  });

  it('reads ps -ef (UID holds a name) and etime durations', () => {
    const r = parsePs(
      'UID        PID  PPID  C STIME TTY          TIME CMD\nroot     27904  3411  0 Mar14 pts/0    00:00:01 dd if=/dev/zero of=/vms/x\n' +
        '    PID     ELAPSED S COMM\n    812 2-03:04:05 D qemu-kvm\n    813       04:05 S sshd\n',
    );
    expect(r.issues).toEqual([]);
    expect(r.value[0]).toMatchObject({ pid: 27904, ppid: 3411, user: 'root', started: 'Mar14', comm: 'dd' });
    expect(r.value[0]!.uid).toBeUndefined();
    expect(r.value.slice(1).map((p) => [p.pid, p.elapsedSeconds, p.stat, p.comm])).toEqual([
      [812, 2 * 86400 + 3 * 3600 + 4 * 60 + 5, 'D', 'qemu-kvm'],
      [813, 245, 'S', 'sshd'],
    ]);
  });

  it('reads two-token STARTED from ps -o start', () => {
    const r = parsePs('  PID  STARTED STAT COMMAND\n 4242   Feb 09 Ss   /usr/sbin/sshd -D\n 4243 22:38:08 D    cp -a /a /b\n');
    expect(r.issues).toEqual([]);
    expect(r.value.map((p) => [p.started, p.args])).toEqual([
      ['Feb 09', '/usr/sbin/sshd -D'],
      ['22:38:08', 'cp -a /a /b'],
    ]);
  });

  it('reads lstart in the zh_CN locale (weekday 三, month 2月)', () => {
    const r = parsePs('  PID                  STARTED STAT COMMAND\n 4242 三 2月  9 22:38:08 2022 D    /usr/bin/qemu-img check /vms/a.qcow2\n');
    expect(r.issues).toEqual([]);
    expect(r.value[0]).toMatchObject({ pid: 4242, started: '三 2月 9 22:38:08 2022', stat: 'D', comm: 'qemu-img' });
  });

  it('accepts rows whose header was filtered away when told the columns', () => {
    const body = '27904 D+ dd ocfs2_cluster_lock.isra.30\n';
    expect(parsePs(body).issues[0]!.reason).toBe('ps row before any header line');
    const r = parsePs(body, { columns: ['PID', 'STAT', 'COMMAND', 'WCHAN'] });
    expect(r.issues).toEqual([]);
    expect(dStateProcesses(r.value).map((p) => p.wchan)).toEqual(['ocfs2_cluster_lock.isra.30']);
  });
});

describe('parsePs on hostile input', () => {
  it('reports rows that do not fit and garbage', () => {
    expect(parsePs('')).toEqual({ value: [], issues: [] });
    const r = parsePs('  PID STAT COMMAND\n  abc S bash\n  12\n');
    expect(r.issues.map((i) => i.line)).toEqual([2, 3]);
    for (const g of GARBAGE) expect(parsePs(g).issues.length).toBeGreaterThan(0);
  });
  it('keeps the rows before a cut', () => {
    const text = fixture('ps', 'usdiag-ps-o.txt');
    const cut = text.slice(0, text.indexOf('28001') + 3);
    const r = parsePs(cut);
    expect(r.value.map((p) => p.pid)).toEqual([1, 2, 1187, 3520, 27904]);
    expect(r.issues).toHaveLength(1);
  });
});

describe('parsePs on long input', () => {
  it('reads a row under a header of 40,000 columns (a regex per column over the rest of the line was quadratic)', () => {
    const header = Array.from({ length: 40_000 }, (_, k) => (k === 0 ? 'PID' : `C${k}`));
    const r = parsePs(`${header.join(' ')}\n${header.map((_, k) => k).join('  ')}\n1 2\n`);
    expect(r.value).toHaveLength(1);
    expect(r.value[0]!.pid).toBe(0);
    expect(r.value[0]!.columns.C39999).toBe('39999');
    expect(r.issues.map((i) => i.line)).toEqual([3]);
    expect(r.issues[0]!.reason.length).toBeLessThan(400);
  });

  it('cuts rows into columns as before: five-token STARTED, a command with its spacing, too few tokens', () => {
    const r = parsePs('  PID STARTED                  CMD\n    1 Wed Feb  9 22:38:08 2022 /sbin/init   splash\n    2 22:38:08\n');
    expect(r.value).toEqual([
      { pid: 1, started: 'Wed Feb 9 22:38:08 2022', args: '/sbin/init   splash', comm: 'init', columns: { PID: '1', STARTED: 'Wed Feb 9 22:38:08 2022', CMD: '/sbin/init   splash' }, line: 2, headerLine: 1 },
    ]);
    expect(r.issues.map((i) => [i.line, i.reason])).toEqual([[3, 'does not match the header PID STARTED CMD']]);
  });
});
