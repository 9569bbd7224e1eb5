import { describe, expect, it } from 'vitest';
import type { CheckId } from '../../src/kb/catalog.js';
import { hostDir, resultOf, runOnFixtures } from '../support/fixture-run.js';

const ID: CheckId = 'pool-no-slot';

async function run(dir: string, host = 'cvknode11') {
  const missing: string[] = [];
  const out = await runOnFixtures([dir], [ID], {
    onCommand: (_h, r) => {
      if (r.failure) missing.push(`${r.key} (${r.failure.kind})`);
    },
  });
  return { r: resultOf(out, host, ID), missing };
}

const variant = (name: string) => hostDir('pool-no-slot', name);
const ids = (r: { recovery: readonly { id: string }[] }) => r.recovery.map((s) => s.id);
const excerpts = (r: { evidence: readonly { host: string; command: string; excerpt: string }[] }) => r.evidence.map((e) => `${e.command} | ${e.excerpt}`);
const REFUSAL = 'Error: Disk /dev/disk/by-id/dm-name-2225d000155a30dda had been mounted by other hosts, not need to format it.';
const SHELL_LOG = "tail -c 16M /var/log/ocfs2_shell_201511.log | grep -a -E -e 'had been mounted by other hosts|no free slots available' | tail -n 400";

describe('pool-no-slot', () => {
  it('is ok on a healthy host: every node of every slot map is in cluster.conf', async () => {
    const { r, missing } = await run(hostDir('vks-healthy'));
    expect(missing).toEqual([]);
    expect(r.status).toBe('ok');
    expect(r.summary.en).toBe('2 OCFS2 volume(s) in use, every node in their slot maps is in cluster.conf; no "had been mounted by other hosts" in the last 24 h.');
    expect(r.summary.zh).toBe('2 个在用的 OCFS2 卷，其 slot 中的节点都在 cluster.conf 中；最近 24 小时日志中没有“had been mounted by other hosts”。');
    expect(r.recovery).toEqual([]);
    expect(r.data).toMatchObject({
      volumes: [
        { volume: '/dev/sdb', devices: ['/dev/sdb'], nodes: ['cvknode11', 'cvknode12', 'cvknode13'], foreignNodes: [], mountedHere: true, pool: 'IPsan-St-001' },
        { volume: 'mpatha (36000eb34fe49de76000000000004064)', devices: ['/dev/sdc', '/dev/sdd', '/dev/mapper/mpatha'], foreignNodes: [], mountedHere: true, pool: 'FC-St' },
      ],
      clusterConfNodes: ['1:cvknode11', '2:cvknode12', '3:cvknode13'],
    });
  });

  it('the guide\'s case: nodes 4 and 5 of another platform hold the volume the platform refused to mount', async () => {
    const { r, missing } = await run(variant('foreign-cluster'));
    expect(missing).toEqual([]);
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe("Volume mpathb (2225d000155a30dda) of pool FC-St2 is mounted by node(s) 4, 5 that are not in this cluster's cluster.conf: another platform uses it; unmount it there, then start the pool.");
    expect(r.summary.zh).toBe('存储池 FC-St2 的卷 mpathb (2225d000155a30dda)被不在本集群 cluster.conf 中的节点 4、5 挂载：另一个平台正在使用它，请在该平台解除挂载后再启动存储池。');
    expect(ids(r)).toEqual(['find-mount-error', 'find-other-cluster-nodes', 'release-on-other-platform', 'start-pool']);
    expect(r.recovery[0]!.text.en).toContain('/dev/disk/by-id/dm-name-2225d000155a30dda');
    expect(r.recovery[1]!.text.en).toContain('run `mounted.ocfs2 -f` on cvknode11');
    expect(r.recovery[3]!.text.en).toBe('Start the shared pool (FC-St2) again on this platform.');
    expect(excerpts(r)).toEqual([
      'mounted.ocfs2 -f | Device                FS     Nodes\n/dev/sde              ocfs2  4, 5\n/dev/sdf              ocfs2  4, 5\n/dev/mapper/mpathb    ocfs2  4, 5',
      'cat /etc/ocfs2/cluster.conf | \tnumber = 1\n\tname = cvknode11\n\tnumber = 2\n\tname = cvknode12\n\tnumber = 3\n\tname = cvknode13',
      `${SHELL_LOG} | 2026-11-25 03:47:26 ${REFUSAL}`,
    ]);
    expect(r.data).toMatchObject({
      volumes: [
        { volume: '/dev/sdb', foreignNodes: [] },
        { volume: 'mpatha (36000eb34fe49de76000000000004064)', foreignNodes: [] },
        { volume: 'mpathb (2225d000155a30dda)', wwid: '2225d000155a30dda', devices: ['/dev/sde', '/dev/sdf', '/dev/mapper/mpathb'], nodes: ['4', '5'], foreignNodes: ['4', '5'], mountedHere: false, pool: 'FC-St2', refusals: [{ file: '/var/log/ocfs2_shell_201511.log', stamp: '2026-11-25 03:47:26' }] },
      ],
    });
  });

  it('another platform numbering its nodes like ours: this host\'s own name on a volume it has not mounted', async () => {
    const { r, missing } = await run(variant('same-node-numbers'));
    expect(missing).toEqual([]);
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe(
      "Volume mpathb (2225d000155a30dda) of pool FC-St2 lists cvknode11 (this host's node number) in its slot map although this host has not mounted it, "
      + 'so a node of another cluster with the same number holds it: another platform uses it; unmount it there, then start the pool.',
    );
    expect(r.summary.zh).toContain('cvknode11（本机的节点编号），而本机并未挂载它，说明占用它的是另一个集群中编号相同的节点');
    expect(ids(r)).toEqual(['find-mount-error', 'find-other-cluster-nodes', 'release-on-other-platform', 'start-pool']);
    expect(r.data).toMatchObject({ volumes: [{}, {}, { volume: 'mpathb (2225d000155a30dda)', nodes: ['cvknode11', 'cvknode12'], foreignNodes: [], ownNumberElsewhere: 'cvknode11' }] });
  });

  it('refused an hour ago, released since: warns and says to start the pool again', async () => {
    const { r } = await run(variant('released'));
    expect(r.status).toBe('warn');
    expect(r.summary.en).toBe(
      'The platform refused to mount mpathb (2225d000155a30dda) (2026-11-25 03:02:10): "had been mounted by other hosts", but mounted.ocfs2 -f shows no node of another cluster on it now: it may have been released; start the pool again.',
    );
    expect(r.summary.zh).toContain('平台拒绝挂载 mpathb (2225d000155a30dda)（2026-11-25 03:02:10）');
    expect(ids(r)).toEqual(['find-mount-error', 'find-other-cluster-nodes', 'start-pool']);
    expect(excerpts(r)).toEqual([
      'mounted.ocfs2 -f | Device                FS     Nodes\n/dev/sde              ocfs2  Not mounted\n/dev/sdf              ocfs2  Not mounted\n/dev/mapper/mpathb    ocfs2  Not mounted',
      'cat /etc/ocfs2/cluster.conf | \tnumber = 1\n\tname = cvknode11\n\tnumber = 2\n\tname = cvknode12\n\tnumber = 3\n\tname = cvknode13',
      `${SHELL_LOG} | 2026-11-25 03:02:10 ${REFUSAL}`,
    ]);
    expect(r.data).toMatchObject({ volumes: [{}, {}, { volume: 'mpathb (2225d000155a30dda)', nodes: [], mountedHere: false, refusals: [{ stamp: '2026-11-25 03:02:10', recent: true }] }] });
  });

  it('the kernel found no free slot and only our nodes hold slots: too few slots for the cluster', async () => {
    const { r } = await run(variant('slots-exhausted'));
    expect(r.status).toBe('warn');
    expect(r.summary.en).toBe(
      'The kernel refused a mount on cvknode11 (Nov 25 03:51:02): "no free slots available", and no node of another cluster holds a slot (mpathb (2225d000155a30dda): cvknode12, cvknode13): the volume may have fewer node slots than the cluster has nodes.',
    );
    expect(r.summary.zh).toContain('该卷的节点 slot 数可能少于集群节点数');
    expect(ids(r)).toEqual(['count-node-slots', 'find-other-cluster-nodes', 'start-pool']);
    expect(r.recovery[0]!.command).toBe('debugfs.ocfs2 -R stats <device>');
    expect(excerpts(r)[0]).toContain('ocfs2_find_slot:492 ERROR: no free slots available!');
    expect(r.data).toMatchObject({ noFreeSlotLines: [expect.stringContaining('no free slots available!')] });
  });

  it('an old refusal is history: ok, and the summary says so', async () => {
    const { r } = await run(variant('old-refusal'));
    expect(r.status).toBe('ok');
    expect(r.summary.en).toBe('2 OCFS2 volume(s) in use, every node in their slot maps is in cluster.conf; no "had been mounted by other hosts" in the last 24 h; an older refusal (2026-11-11 10:15:42, /dev/disk/by-id/dm-name-2225d000155a30dda) is history.');
    expect(r.summary.zh).toContain('较早的一次拒绝挂载（2026-11-11 10:15:42，/dev/disk/by-id/dm-name-2225d000155a30dda）属于历史记录');
    expect(r.data).toMatchObject({ volumes: [{}, {}, { volume: 'mpathb (2225d000155a30dda)', refusals: [{ recent: false }] }] });
  });

  it('is skipped without cluster.conf (here ocfs2-tools are missing too)', async () => {
    const { r } = await run(variant('not-applicable'), 'cvknode21');
    expect(r).toMatchObject({ status: 'skipped', skipReason: 'not-applicable', recovery: [] });
    expect(r.summary.en).toBe('No OCFS2 cluster here: no /etc/ocfs2/cluster.conf and no refused mount in the logs.');
  });

  it('is unknown, never ok, when mounted.ocfs2 hangs and the logs say nothing', async () => {
    const { r } = await run(variant('unreadable'));
    expect(r.status).toBe('unknown');
    expect(r.summary.en).toBe('The slot maps could not be read: "mounted.ocfs2 -f" did not finish within 30 s on cvknode11');
    expect(r.summary.zh).toContain('无法读取 OCFS2 卷的 slot 信息');
  });
});
