import { describe, expect, it } from 'vitest';
import { hostDir, resultOf, runOnFixtures } from '../support/fixture-run.js';
import { noteEn } from '../support/fixture-run.js';

const check = async (...dir: string[]) => resultOf(await runOnFixtures([hostDir(...dir)], ['ocfs2-repair']), 'cvknode11', 'ocfs2-repair');

interface Data {
  pools: { mount?: string; device: string; kernelName?: string; readOnly: boolean; signs: { kind: string; function?: string; current?: boolean; stamp?: string }[] }[];
  thisBoot?: { start: string; unclean?: boolean };
  uncleanBoots: string[];
  hosts?: { name: string; device?: string; state: string }[];
}

describe('ocfs2-repair (guide 3.5.5)', () => {
  it('is ok on a healthy host: pools read-write, only mount lines in the kernel log', async () => {
    const r = await check('vks-healthy');
    expect(r.status).toBe('ok');
    expect(r.summary.en).toBe('2 OCFS2 pool(s) mounted read-write and no sign of on-disk inconsistency in the kernel log.');
    expect(r.summary.zh).toBe('2 个 OCFS2 存储池以读写方式挂载，内核日志中没有磁盘数据不一致的迹象。');
    const data = r.data as Data;
    expect(data.pools.map((p) => [p.mount, p.device, p.kernelName, p.readOnly, p.signs.length])).toEqual([
      ['/vms/IPsan-St-001', '/dev/sdb', 'sdb', false, 0],
      ['/vms/FC-St', '/dev/dm-0', 'dm-0', false, 0],
    ]);
    expect(data.thisBoot).toEqual({ start: 'Wed Nov 11 11:59:52 2026', unclean: false });
  });

  it('fails a pool the kernel turned read-only after corruption that followed a power loss, with the all-host procedure', async () => {
    const three = hostDir('ocfs2-repair', 'read-only');
    const out = await runOnFixtures([three, `${three}/cvknode12`, `${three}/cvknode13`], ['ocfs2-repair']);
    const r = resultOf(out, 'cvknode11', 'ocfs2-repair');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe(
      '/vms/FC-St (/dev/dm-0) is mounted read-only: OCFS2 reported on-disk corruption (ocfs2_validate_inode_block, Wed Nov 25 10:17:42 2026), '
      + 'after the unclean shutdown before the boot of Wed Nov 25 09:41:22 2026. Stop it on every host (cvknode11, cvknode12, cvknode13) before fsck.ocfs2 -fn /dev/dm-0.',
    );
    expect(r.summary.zh).toBe(
      '/vms/FC-St（/dev/dm-0）已变为只读挂载：OCFS2 报告磁盘数据损坏（ocfs2_validate_inode_block，Wed Nov 25 10:17:42 2026），'
      + '发生在 Wed Nov 25 09:41:22 2026 启动前的非正常关机之后。先在所有主机（cvknode11、cvknode12、cvknode13）上停用它，再执行 fsck.ocfs2 -fn /dev/dm-0。',
    );
    expect(r.recovery.map((s) => s.id)).toEqual(['pool-hosts', 'stop-pool-all-hosts', 'fsck-check', 'fsck-repair', 'start-pool-all-hosts', 'start-vms']);
    expect(r.recovery[0]!.text.en).toBe(
      '/vms/FC-St is used by these hosts of cluster ocfs2: cvknode11 (/dev/dm-0, this host), cvknode12 (/dev/dm-1), cvknode13 (/dev/dm-2). '
      + 'It must be stopped on EVERY one of them before any fsck; the device name differs from host to host.',
    );
    expect(r.recovery[1]!.text.en).toBe('Stop the shared file system (/vms/FC-St) on ALL hosts of the cluster; the VMs on it have to be shut down first.');
    expect(r.recovery.map((s) => s.command)).toEqual([undefined, undefined, 'fsck.ocfs2 -fn /dev/dm-0', 'fsck.ocfs2 -fpy /dev/dm-0', undefined, undefined]);
    expect(r.evidence.map((e) => e.command.split(' ')[0])).toEqual(['cat', 'dmesg', 'last']);
    expect(r.evidence[0]!.excerpt).toBe('/dev/dm-0 /vms/FC-St ocfs2 ro,relatime,_netdev,heartbeat=local,nointr,data=ordered,errors=remount-ro,atime_quantum=60,coherency=full,user_xattr,acl 0 0');
    // the -30 (read-only) follow-up error is no sign of its own, and syslog repeats dmesg: three lines only
    expect(r.evidence[1]!.excerpt.split('\n')).toEqual([
      '[Wed Nov 25 10:17:42 2026] OCFS2: ERROR (device dm-0): ocfs2_validate_inode_block: Invalid dinode #75238: signature = 0QWE2&',
      '[Wed Nov 25 10:17:42 2026] On-disk corruption discovered. Please run fsck.ocfs2 once the filesystem is unmounted.',
      '[Wed Nov 25 10:17:42 2026] OCFS2: File system is now read-only.',
    ]);
    expect(noteEn(r.evidence[2]!)).toBe('no shutdown record before the boot of Wed Nov 25 09:41:22 2026: it followed a power loss, crash or fence');
    const data = r.data as Data;
    expect(data.pools[1]).toMatchObject({ mount: '/vms/FC-St', readOnly: true });
    expect(data.pools[1]!.signs.map((s) => [s.kind, s.current])).toEqual([['corruption', true], ['corruption', true], ['read-only', true]]);
    expect(data.thisBoot).toEqual({ start: 'Wed Nov 25 09:41:22 2026', unclean: true });
    expect(data.hosts!.map((h) => [h.name, h.device, h.state])).toEqual([
      ['cvknode11', '/dev/dm-0', 'this-host'], ['cvknode12', '/dev/dm-1', 'mounted'], ['cvknode13', '/dev/dm-2', 'mounted'],
    ]);
    for (const peer of ['cvknode12', 'cvknode13']) expect(resultOf(out, peer, 'ocfs2-repair').status).toBe('ok');
  });

  it('names nodes it cannot reach as ones to check by hand', async () => {
    const r = await check('ocfs2-repair', 'read-only');
    expect(r.recovery[0]!.text.en).toContain('cvknode12 172.16.51.12 (not in the inventory: check it by hand), cvknode13 172.16.51.13 (not in the inventory: check it by hand)');
    expect(r.recovery[0]!.text.zh).toContain('cvknode12 172.16.51.12（不在主机清单中，请人工确认）');
  });

  it('warns on IO errors in the journal of a still writable pool: the path first, no fsck yet', async () => {
    const r = await check('ocfs2-repair', 'journal-io');
    expect(r.status).toBe('warn');
    expect(r.summary.en).toBe('IO errors hit the OCFS2 journal of /vms/FC-St (/dev/dm-0) (Wed Nov 25 11:02:14 2026); it is still writable: fix the storage path before it turns read-only.');
    expect(r.summary.zh).toBe('/vms/FC-St（/dev/dm-0）的 OCFS2 日志（journal）遇到 IO 错误（Wed Nov 25 11:02:14 2026）；目前仍可写：请在其变为只读之前修复存储路径。');
    expect(r.recovery.map((s) => s.id)).toEqual(['fix-storage-path', 'check-kernel-log']);
    expect(r.recovery[1]!.text.en).toBe('Look in the kernel log of cvknode11 (`dmesg`, /var/log/syslog) for OCFS2 errors on /dev/dm-0 and for read-only remounts.');
    // the jbd2 journal "dm-0-24" and the lines naming no device all land on dm-0
    expect((r.data as Data).pools[1]!.signs.map((s) => s.kind)).toEqual(['journal-io', 'journal-io', 'journal-io']);
  });

  it('warns on corruption reported before a clean reboot: the pool may not have been repaired', async () => {
    const r = await check('ocfs2-repair', 'old-corruption');
    expect(r.status).toBe('warn');
    expect(r.summary.en).toBe('OCFS2 reported on-disk corruption on /vms/FC-St (/dev/dm-0) before this boot (ocfs2_validate_extent_block, Nov 25 08:50:13); it is writable now: make sure it was repaired.');
    expect(r.recovery.map((s) => s.id)).toEqual(['pool-hosts', 'check-kernel-log', 'stop-pool-all-hosts', 'fsck-check', 'fsck-repair', 'start-pool-all-hosts', 'start-vms']);
    expect(r.evidence[0]!.command).toBe("tail -c 16M /var/log/syslog | grep -a -E -e 'OCFS2|ocfs2|JBD2|[Jj]ournal|read-only|fsck' | tail -n 400");
    const data = r.data as Data;
    expect(data.thisBoot).toEqual({ start: 'Wed Nov 25 09:41:22 2026', unclean: false });
    expect(data.pools[1]!.signs.map((s) => [s.kind, s.current])).toEqual([['corruption', false], ['corruption', false], ['read-only', false]]);
  });

  it('is not applicable without OCFS2', async () => {
    const r = await check('ocfs2-repair', 'no-ocfs2');
    expect(r).toMatchObject({ status: 'skipped', skipReason: 'not-applicable' });
    expect(r.summary.en).toBe('No OCFS2 pool is mounted or configured on this host.');
    expect(r.recovery).toEqual([]);
  });

  it('cannot decide when neither dmesg nor the syslog can be read', async () => {
    const r = await check('ocfs2-repair', 'logs-unreadable');
    expect(r.status).toBe('unknown');
    expect(r.summary.en).toBe(`No pool is read-only, but the kernel log could not be read: "dmesg -T | grep -a -E -e 'OCFS2|ocfs2|JBD2|[Jj]ournal|read-only|fsck' | tail -n 200" failed on cvknode11: dmesg: read kernel buffer failed: Operation not permitted`);
    expect(r.recovery.map((s) => s.id)).toEqual(['check-kernel-log']);
    expect(r.recovery[0]!.text.en).toContain('OCFS2 errors on /dev/sdb, /dev/dm-0');
  });
});
