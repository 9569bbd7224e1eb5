import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../../src/engine/runner.js';
import { hostDir, resultOf, runOnFixtures } from '../support/fixture-run.js';
import { noteEn } from '../support/fixture-run.js';

const sb = (...p: string[]) => hostDir('storage-blocked', ...p);
const run = (dirs: string[], commands?: string[]) =>
  runOnFixtures(dirs, ['storage-blocked'], commands ? { onCommand: (h, r) => commands.push(`${h}: ${r.key}`) } : {});
const stepIds = (o: RunOutcome, host: string) => resultOf(o, host, 'storage-blocked').recovery.map((s) => s.id);

describe('storage-blocked (guide 3.5.3)', () => {
  it('follows the lock from the blocked node through the owner to the holder and names its D-state process', async () => {
    const commands: string[] = [];
    const out = await run([sb('chain', 'cvknode11'), sb('chain', 'cvknode12'), sb('chain', 'cvknode13')], commands);
    const r = resultOf(out, 'cvknode11', 'storage-blocked');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe(
      '/vms/IPsan-St-001 (/dev/sdb) is blocked: lock P00000000000000000000000000000000 is held by node 3 (cvknode13, 172.16.51.13); on it dd (pid 27904, D+, ocfs2_cluster_lock.isra.30) is stuck. Reboot cvknode13 (guide 3.5.3).',
    );
    expect(r.summary.zh).toContain('重启 cvknode13');
    expect(r.summary.zh).toContain('dd（pid 27904');
    // the evidence walks the same path as guide 3.5.3: df, fs_locks here, dlm_locks here and on the owner, ps on the holder
    expect(r.evidence.map((e) => `${e.host}: ${e.command}`)).toEqual([
      'cvknode11: df -P -- /vms/IPsan-St-001',
      "cvknode11: debugfs.ocfs2 -R 'fs_locks -B' /dev/sdb",
      "cvknode11: debugfs.ocfs2 -R 'dlm_locks P00000000000000000000000000000000' /dev/sdb",
      "cvknode12: debugfs.ocfs2 -R 'dlm_locks P00000000000000000000000000000000' /dev/sdk",
      'cvknode13: ps -e -o pid,ppid,stat,wchan:32,etimes,args',
    ]);
    expect(r.evidence[3]!.excerpt).toContain(' Granted     3     EX');
    expect(r.evidence[4]!.excerpt).toContain('27904    3411 D+   ocfs2_cluster_lock.isra.30');
    expect(stepIds(out, 'cvknode11')).toEqual(['list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered']);
    const reboot = r.recovery.find((s) => s.id === 'reboot-host')!;
    expect(reboot.text.en).toContain('cvknode13');
    expect(reboot.text.en).not.toMatch(/[{}]|<holderHost>/);
    // the owner node is blocked too and reaches the same verdict from its side
    const owner = resultOf(out, 'cvknode12', 'storage-blocked');
    expect(owner.status).toBe('fail');
    expect(owner.summary.en).toContain('held by node 3 (cvknode13, 172.16.51.13)');
    // the holder itself answers, but shows the stuck process
    const holder = resultOf(out, 'cvknode13', 'storage-blocked');
    expect(holder.status).toBe('warn');
    expect(holder.summary.en).toContain('dd (pid 27904, D+, ocfs2_cluster_lock.isra.30) waits in an OCFS2 lock');
    // each distinct command ran once per host, even though two hosts followed the same lock
    const dupes = commands.filter((c, i) => commands.indexOf(c) !== i);
    expect(dupes).toEqual([]);
  });

  it('names the owner node and the command to run there when it is not in the inventory', async () => {
    const out = await run([sb('chain', 'cvknode11')]);
    const r = resultOf(out, 'cvknode11', 'storage-blocked');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toContain('is mastered by node 2 (cvknode12, 172.16.51.12), but node 2 (cvknode12, 172.16.51.12) is not in the inventory');
    expect(r.recovery[0]).toMatchObject({ id: 'run-on-node', command: 'debugfs.ocfs2 -R "dlm_locks P00000000000000000000000000000000" <device of /vms/IPsan-St-001>' });
    expect(r.recovery[0]!.text.en).toContain('ssh 172.16.51.12');
  });

  it('names the holder node when it cannot be reached, with the ps command for it', async () => {
    const out = await run([sb('chain', 'cvknode11'), sb('chain', 'cvknode12')]);
    const r = resultOf(out, 'cvknode11', 'storage-blocked');
    expect(r.summary.en).toContain('is held by node 3 (cvknode13, 172.16.51.13), but node 3 (cvknode13, 172.16.51.13) is not in the inventory');
    expect(r.recovery[0]!.command).toBe('ps -e -o pid,stat,comm,wchan=WIDE-WCHAN-COLUMN | grep D');
    expect(r.recovery.map((s) => s.id)).toContain('reboot-host');
  });

  it('says why the owner could not be asked when its host is down', async () => {
    const out = await run([sb('chain', 'cvknode11'), sb('chain-owner-down', 'cvknode12')]);
    const r = resultOf(out, 'cvknode11', 'storage-blocked');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toContain('is mastered by node 2 (cvknode12, 172.16.51.12), but');
    expect(r.summary.en).toContain('ECONNREFUSED');
  });

  it('follows a chain of more than two hops to the root holder', async () => {
    const out = await run([sb('long-chain', 'cvknode11'), sb('long-chain', 'cvknode12'), sb('long-chain', 'cvknode13')]);
    const r = resultOf(out, 'cvknode11', 'storage-blocked');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toContain('lock P00000000000000000000000000000000 is held by node 3 (cvknode13, 172.16.51.13) via node 2 (cvknode12, 172.16.51.12)');
    expect(r.summary.en).toContain('dd (pid 27904');
    expect(r.evidence.some((e) => e.host === 'cvknode12' && noteEn(e) === 'node 2 (cvknode12, 172.16.51.12) is itself waiting')).toBe(true);
  });

  it('stops on a loop and reports the deadlock', async () => {
    const out = await run([sb('deadlock', 'cvknode11'), sb('deadlock', 'cvknode12')]);
    const r = resultOf(out, 'cvknode11', 'storage-blocked');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toContain('the nodes wait for each other (deadlock): node 1 (cvknode11, 172.16.51.11) → node 2 (cvknode12, 172.16.51.12) → node 1 (cvknode11, 172.16.51.11)');
    const trace = (r.data as Array<{ traces: Array<{ end: { kind: string; nodes: Array<{ number: number }> } }> }>)[0]!.traces[0]!;
    expect(trace.end.kind).toBe('loop');
    expect(trace.end.nodes.map((n) => n.number)).toEqual([1, 2, 1]);
  });

  it('blames the IO path when df hangs but no lock is waited for', async () => {
    const r = resultOf(await run([sb('io-path', 'cvknode11')]), 'cvknode11', 'storage-blocked');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toContain('/vms/IPsan-St-001 (/dev/sdb) is blocked, but no OCFS2 lock is waited for');
    expect(r.recovery[0]!.id).toBe('check-io-path');
    expect(r.evidence[0]!.timedOutAfterSec).toBe(2);
  });

  it('reports several blocked pools at once', async () => {
    const r = resultOf(await run([sb('two-pools', 'cvknode11')]), 'cvknode11', 'storage-blocked');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toMatch(/\(1 more pool\(s\) blocked\)$/);
    const pools = r.data as Array<{ mount: string; hung: boolean; waitingLocks: string[] }>;
    expect(pools.map((p) => [p.mount, p.hung, p.waitingLocks.length])).toEqual([
      ['/vms/IPsan-St-001', true, 1],
      ['/vms/FC-St', true, 1],
    ]);
  });

  it('does not call a busy lock that clears by the second sample a fault', async () => {
    const r = resultOf(await run([sb('transient', 'cvknode11')]), 'cvknode11', 'storage-blocked');
    expect(r.status).toBe('ok');
  });

  it('warns about a lock waited for in both samples while df still answers', async () => {
    const r = resultOf(await run([sb('persistent-busy', 'cvknode11')]), 'cvknode11', 'storage-blocked');
    expect(r.status).toBe('warn');
    expect(r.summary.en).toContain('has a lock waited for in every sample');
    expect(r.summary.en).toContain('held by node 2 (cvknode12, 172.16.51.12)');
  });

  it('does not start another df on a pool where an earlier probe is still stuck', async () => {
    const commands: string[] = [];
    const r = resultOf(await run([sb('stuck-probe', 'cvknode11')], commands), 'cvknode11', 'storage-blocked');
    expect(commands).not.toContain('cvknode11: df -P -- /vms/IPsan-St-001');
    expect(r.status).toBe('fail');
    expect(noteEn(r.evidence[0]!)).toBe('an earlier df probe is still stuck');
  });

  it('cannot decide when the lock state is unreadable (tools older than the kernel)', async () => {
    const r = resultOf(await run([sb('proto-mismatch', 'cvknode11')]), 'cvknode11', 'storage-blocked');
    expect(r.status).toBe('unknown');
    expect(r.summary.en).toContain('proto 4');
  });

  it('is not applicable without OCFS2 pools', async () => {
    const r = resultOf(await run([sb('no-ocfs2', 'cvknode21')]), 'cvknode21', 'storage-blocked');
    expect(r).toMatchObject({ status: 'skipped', skipReason: 'not-applicable' });
  });
});
