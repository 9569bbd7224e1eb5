import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { truncationMarker } from '../../src/transport/capped-output.js';
import { createSshTransport } from '../../src/transport/ssh/transport.js';
import type { PreparedCommand, Transport } from '../../src/transport/types.js';
import { prep, sshOptions, startTestHost, tempDir, testHostDir, type TestHost, writeProfile } from '../support/sim.js';

describe('ssh transport: running commands on a simulated host', () => {
  let host: TestHost;
  let t: Transport;
  beforeAll(async () => {
    host = await startTestHost('sim-vks');
    t = createSshTransport(host.target(), sshOptions());
    await t.connect();
  });
  afterAll(async () => {
    await t.close();
    await host.close();
  });

  it('runs a prepared command and returns its output and exit status', async () => {
    const r = await t.exec(prep(['uname', '-r']), { timeoutMs: 5000 });
    expect(r).toMatchObject({ key: 'uname -r', sample: 1, stdout: '4.14.131-generic\n', stderr: '', exitCode: 0, timedOut: false, truncated: false });
    expect(r.failure).toBeUndefined();
    expect(Date.parse(r.startedAt)).toBeGreaterThan(Date.now() - 10_000);
    expect(host.sim.recorded.at(-1)).toMatchObject({ host: 'cvknode31', key: 'uname -r', wire: 'LC_ALL=C timeout -k 2 30 uname -r </dev/null' });
  });

  it('keeps stderr apart from stdout and reports a failing exit status', async () => {
    const r = await t.exec(prep(['multipath', '-ll']), { timeoutMs: 5000 });
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Dec 01 10:00:00 | DM multipath kernel driver not loaded\n');
    expect(r.exitCode).toBe(1);
    expect(r.failure).toBeUndefined();
  });

  it('runs pipelines exactly as prepared', async () => {
    const c = { argv: ['dmesg', '-T'], pipe: [['grep', '-a', '-E', 'blocked for more than'], ['tail', '-n', '50']] };
    const r = await t.exec(prep(c), { timeoutMs: 5000 });
    expect(r.stdout).toBe('[Mon Dec  1 10:00:00 2025] INFO: task dd:27904 blocked for more than 120 seconds.\n');
    expect(host.sim.recorded.at(-1)?.wire).toBe(
      `{ LC_ALL=C timeout -k 2 30 dmesg -T </dev/null; echo "usdiag-exit:$?" >&2; } | LC_ALL=C grep -a -E 'blocked for more than' | LC_ALL=C tail -n 50`,
    );
  });

  it('decodes UTF-8 output (zh_CN text)', async () => {
    const r = await t.exec(prep(['cat', '/etc/locale.conf']), { timeoutMs: 5000 });
    expect(r.stdout).toBe('LANG="zh_CN.UTF-8"\n# 存储心跳超时 (中文输出)\n');
  });

  it('serves the second sample of a command on the second request', async () => {
    const c = { argv: ['ip', '-s', 'link', 'show'] };
    const first = await t.exec(prep(c), { timeoutMs: 5000 });
    const second = await t.exec(prep({ ...c, sample: 2 }), { timeoutMs: 5000 });
    expect(first.stdout).toMatch(/987654321 {2}1234567 {2}12 /);
    expect(second.stdout).toMatch(/987654321 {2}1234567 {2}57 /);
    expect(second.sample).toBe(2);
  });

  it('gets every exit status when many quick commands run at once', async () => {
    // The exit status can arrive in the same packet batch as the channel confirmation.
    const cmds = [['uname', '-r'], ['hostname'], ['cat', '/proc/loadavg'], ['multipath', '-ll']];
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => t.exec(prep(cmds[i % 4]!), { timeoutMs: 5000 })));
    expect(results.map((r) => r.exitCode)).toEqual(Array.from({ length: 16 }, (_, i) => (i % 4 === 3 ? 1 : 0)));
    expect(results.map((r) => r.failure)).toEqual(Array(16).fill(undefined));
    expect(results[1]!.stdout).toBe('cvknode31\n');
  });

  it('reports a command killed by a signal with its signal and no exit code', async () => {
    const r = await t.exec(prep(['ps', '-e', '-o', 'pid,stat,wchan:32,comm']), { timeoutMs: 5000 });
    expect(r.exitCode).toBeNull();
    expect(r.signal).toBe('SIGKILL');
    expect(r.failure).toBeUndefined();
  });

  it('passes on the host\'s "no such command" answer', async () => {
    const r = await t.exec(prep(['hostname', '-f']), { timeoutMs: 5000 });
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toBe('usdiag-sim: no fixture for: hostname -f\n');
  });

  it('refuses a command the policy did not prepare, without sending it', async () => {
    const before = host.sim.recorded.length;
    const forged: PreparedCommand = { key: 'uname -r', wire: 'LC_ALL=C timeout -k 2 30 uname -r; reboot', sample: 1, hostTimeoutSec: 30, piped: false, earlyReader: false };
    const r = await t.exec(forged, { timeoutMs: 5000 });
    expect(r.failure?.kind).toBe('refused');
    expect(r.failure?.message).toMatch(/not prepared by the read-only policy/);
    expect(r.exitCode).toBeNull();
    expect(host.sim.recorded.length).toBe(before);
  });

  it('marks exit 124 from timeout(1) after the host timeout as timed out, keeping the partial output', async () => {
    const r = await t.exec(prep({ argv: ['df', '-P', '--', '/vms/blocked'], timeoutSec: 1 }), { timeoutMs: 5000 });
    expect(r.exitCode).toBe(124);
    expect(r.timedOut).toBe(true);
    expect(r.failure).toBeUndefined();
    expect(r.stdout).toBe('Filesystem     1024-blocks      Used Available Capacity Mounted on\n');
    expect(r.durationMs).toBeGreaterThanOrEqual(1000);
  });

  it('ends a command at the client deadline, keeping what arrived', async () => {
    const t0 = Date.now();
    const r = await t.exec(prep({ argv: ['df', '-P', '--', '/vms/blocked'], timeoutSec: 30 }), { timeoutMs: 300 });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r).toMatchObject({ exitCode: null, timedOut: true, stdout: 'Filesystem     1024-blocks      Used Available Capacity Mounted on\n' });
    expect(r.failure).toBeUndefined();
    expect(r.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('gives up on a process that ignores even timeout(1) (D state) at the deadline', async () => {
    const r = await t.exec(prep({ argv: ['cat', '/proc/4242/stack'], timeoutSec: 1 }), { timeoutMs: 1500 });
    expect(r).toMatchObject({ exitCode: null, timedOut: true, stdout: '[<0>] ocfs2_cluster_lock+0x1f0/0x720 [ocfs2]\n' });
    expect(r.durationMs).toBeGreaterThanOrEqual(1490);
  });

  it('waits for a slow command, and a command slower than its timeout(1) ends with 124 and no output', async () => {
    const slow = await t.exec(prep(['uptime']), { timeoutMs: 5000 });
    expect(slow.exitCode).toBe(0);
    expect(slow.stdout).toContain('load average: 0.52, 0.61, 0.70');
    expect(slow.durationMs).toBeGreaterThanOrEqual(290);
    const tooSlow = await t.exec(prep({ argv: ['uptime', '-p'], timeoutSec: 1 }), { timeoutMs: 5000 });
    expect(tooSlow).toMatchObject({ exitCode: 124, timedOut: true, stdout: '' });
  });

  it('stops on abort with an aborted failure, keeping partial output', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const r = await t.exec(prep(['df', '-P', '--', '/vms/blocked']), { timeoutMs: 5000, signal: ac.signal });
    expect(r.failure?.kind).toBe('aborted');
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBeNull();
    expect(r.stdout).toContain('Filesystem');
  });

  it('does not send a command whose signal is already aborted', async () => {
    const before = host.sim.recorded.length;
    const r = await t.exec(prep(['uname', '-r']), { timeoutMs: 5000, signal: AbortSignal.abort() });
    expect(r.failure?.kind).toBe('aborted');
    expect(host.sim.recorded.length).toBe(before);
  });
});

describe('ssh transport: output size', () => {
  it('caps each stream, keeping the head and the tail with a marker between', async () => {
    const host = await startTestHost('sim-vks');
    const t = createSshTransport(host.target(), sshOptions({ outputCapBytes: 1024 }));
    try {
      const r = await t.exec(prep(['dmesg']), { timeoutMs: 5000 });
      expect(r.truncated).toBe(true);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toBe('[    0.000000] usdiag test line 0000 sd 2:0:0:0: [sdc] tag#0 FAILED Result: hostbyte=DID_OK');
      expect(lines.at(-2)).toBe('[   79.000000] usdiag test line 0079 sd 2:0:0:0: [sdc] tag#15 FAILED Result: hostbyte=DID_OK');
      const full = statSync(join(testHostDir('sim-vks'), 'commands', 'dmesg', 'stdout')).size;
      expect(full).toBeGreaterThan(6000);
      const [head, tail] = r.stdout.split(`${truncationMarker(full - 1024, 1024)}\n`);
      expect(Buffer.byteLength(head!) + Buffer.byteLength(tail!)).toBe(1024 + 1); // + the newline put before the marker
      expect(r.stdout).not.toContain('test line 0040');
    } finally {
      await t.close();
      await host.close();
    }
  });

  it('drains large stdout and stderr together without stalling', async () => {
    const { dir, cleanup } = tempDir();
    const big = 'o'.repeat(1023) + '\n';
    const profile = writeProfile(join(dir, 'big'), { name: 'bighost' }, [
      { command: 'dmesg', stdout: big.repeat(3 * 1024), stderr: 'e'.repeat(1023).concat('\n').repeat(3 * 1024) },
    ]);
    const host = await startTestHost(profile);
    const t = createSshTransport(host.target(), sshOptions());
    try {
      const r = await t.exec(prep(['dmesg']), { timeoutMs: 20_000 });
      expect(r.exitCode).toBe(0);
      expect(r.stdout.length).toBe(3 * 1024 * 1024);
      expect(r.stderr.length).toBe(3 * 1024 * 1024);
      expect(r.truncated).toBe(false);
    } finally {
      await t.close();
      await host.close();
      cleanup();
    }
  });
});
