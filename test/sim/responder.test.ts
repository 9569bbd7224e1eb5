import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHostCapture } from '../../src/capture/layout.js';
import { FixtureResponder, REFUSED_STDERR } from '../../src/sim/responder.js';
import { prep, tempDir, testHostDir, writeProfile } from '../support/sim.js';

const wire = (argv: string[], timeoutSec = 30) => prep(argv, timeoutSec).wire;

describe('FixtureResponder on the sim-vks profile', () => {
  const responder = () => new FixtureResponder(loadHostCapture(testHostDir('sim-vks')));

  it('answers a known command with its fixture output and exit status', () => {
    expect(responder().decide(wire(['multipath', '-ll']))).toEqual({
      key: 'multipath -ll',
      answer: { kind: 'reply', delayMs: 0, stdout: '', stderr: 'Dec 01 10:00:00 | DM multipath kernel driver not loaded\n', exit: 1, signal: undefined },
    });
  });

  it('refuses wire lines the policy would not build, with exit 126', () => {
    for (const w of ['uname -r', 'LC_ALL=C timeout -k 2 30 uname -r; reboot', 'LC_ALL=C timeout -k 2 30 rm -rf /']) {
      expect(responder().decide(w)).toEqual({ key: null, answer: { kind: 'reply', delayMs: 0, stdout: '', stderr: REFUSED_STDERR, exit: 126 } });
    }
  });

  it('answers 127 for a command without a fixture', () => {
    expect(responder().decide(wire(['uname', '-a']))).toEqual({
      key: 'uname -a',
      answer: { kind: 'reply', delayMs: 0, stdout: '', stderr: 'usdiag-sim: no fixture for: uname -a\n', exit: 127 },
    });
  });

  it('serves sample n to the n-th request, then keeps serving the highest sample', () => {
    const r = responder();
    const errors = () => {
      const a = r.decide(wire(['ip', '-s', 'link', 'show'])).answer;
      return a.kind === 'reply' ? /987654321 {2}1234567 {2}(\d+) /.exec(a.stdout)?.[1] : undefined;
    };
    expect([errors(), errors(), errors()]).toEqual(['12', '57', '57']);
  });

  it('plays hang, slow, and D-state fixtures against the wire timeout', () => {
    const r = responder();
    expect(r.decide(wire(['df', '-P', '--', '/vms/blocked'], 7)).answer).toEqual({
      kind: 'timeout', afterMs: 7000, stdout: 'Filesystem     1024-blocks      Used Available Capacity Mounted on\n', stderr: '', stderrAtEnd: '', exit: 124,
    });
    expect(r.decide(wire(['uptime', '-p'], 2)).answer).toEqual({ kind: 'timeout', afterMs: 2000, stdout: '', stderr: '', stderrAtEnd: '', exit: 124 });
    expect(r.decide(wire(['uptime', '-p'], 30)).answer).toMatchObject({ kind: 'reply', delayMs: 5000, stdout: 'up 12 days\n', exit: 0 });
    expect(r.decide(wire(['cat', '/proc/4242/stack'], 1)).answer).toEqual({
      kind: 'stuck', stdout: '[<0>] ocfs2_cluster_lock+0x1f0/0x720 [ocfs2]\n', stderr: '',
    });
    expect(r.decide(wire(['ps', '-e', '-o', 'pid,stat,wchan:32,comm'])).answer).toMatchObject({ kind: 'reply', exit: null, signal: 'SIGKILL' });
  });
});

describe('FixtureResponder on captured timeouts', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
  });
  afterAll(() => cleanup());

  it('replays a command that timed out on the real host as a timeout', () => {
    const profile = writeProfile(join(dir, 'captured'), { name: 'captured' }, [
      { command: 'df -P', stdout: 'Filesystem 1024-blocks\n', meta: { exit: 124, timedOut: true, durationMs: 5012 } },
    ]);
    const r = new FixtureResponder(loadHostCapture(profile));
    expect(r.decide(wire(['df', '-P'], 5)).answer).toEqual({ kind: 'timeout', afterMs: 5000, stdout: 'Filesystem 1024-blocks\n', stderr: '', stderrAtEnd: '', exit: 124 });
  });
});

describe('FixtureResponder on pipelines', () => {
  it("answers like the wire's group: the fixture's exit status on stderr, the last filter's 0 on the channel", () => {
    const { dir, cleanup } = tempDir();
    try {
      const profile = writeProfile(join(dir, 'h'), { name: 'h' }, [
        { command: 'tail -c 1M /var/log/syslog | grep -a -e x | tail -n 5', stderr: "tail: cannot open '/var/log/syslog' for reading: Permission denied\n", meta: { exit: 1 } },
        { command: 'tail -c 1M /var/log/messages | grep -a -e x | tail -n 5', meta: { hang: true } },
      ]);
      const r = new FixtureResponder(loadHostCapture(profile));
      const pipe = (file: string) => prep({ argv: ['tail', '-c', '1M', file], pipe: [['grep', '-a', '-e', 'x'], ['tail', '-n', '5']] }, 3).wire;
      expect(r.decide(pipe('/var/log/syslog')).answer).toEqual({
        kind: 'reply', delayMs: 0, stdout: '', stderr: "tail: cannot open '/var/log/syslog' for reading: Permission denied\nusdiag-exit:1\n", exit: 0, signal: undefined,
      });
      expect(r.decide(pipe('/var/log/messages')).answer).toEqual({
        kind: 'timeout', afterMs: 3000, stdout: '', stderr: '', stderrAtEnd: 'usdiag-exit:124\n', exit: 0,
      });
    } finally {
      cleanup();
    }
  });
});

describe('a captured clock (liveClock)', () => {
  it('keeps the host\'s distance to the workstation\'s clock at capture time', async () => {
    const { liveClock } = await import('../../src/sim/responder.js');
    const at = '2026-11-25T04:00:00.000Z';
    // captured 20 days behind; an hour later it is still 20 days behind
    expect(liveClock(`${Date.parse(at) / 1000 - 20 * 86400}\n`, at, Date.parse(at) + 3600_000)).toBe(`${Date.parse(at) / 1000 - 20 * 86400 + 3600}\n`);
    expect(liveClock('not a number\n', at)).toBe('not a number\n');
    expect(liveClock('1795579200\n', undefined)).toBe('1795579200\n');
  });
});
