import { describe, expect, it } from 'vitest';
import { entries } from '../../src/kb/entries/storage.js';
import { stepRank, type KbEntry } from '../../src/kb/types.js';
import { allText, areaIds, contentProblems, stepOf } from './entry-content-rules.js';

const byId = new Map<string, KbEntry>(entries.map((e) => [e.id, e]));
function entry(id: string): KbEntry {
  const e = byId.get(id);
  if (!e) throw new Error(`no storage entry ${id}`);
  return e;
}
const ids = (e: KbEntry) => e.recovery.map((s) => s.id);

describe('storage KB entries (guide 3.5)', () => {
  it('holds exactly the storage ids of the catalogue, in guide order', () => {
    expect(entries.map((e) => e.id)).toEqual(areaIds('storage'));
    expect(entries).toHaveLength(7);
  });

  it.each(entries.map((e) => [e.id, e] as const))('%s follows the content rules', (_id, e) => {
    expect(contentProblems(e)).toEqual([]);
  });
});

describe('storage entries keep the guide\'s facts', () => {
  it('disk-io-latency (3.5.1): the quick IO limit before the long move to another pool', () => {
    const e = entry('disk-io-latency');
    const limit = stepOf(e, 'limit-vm-io');
    const move = stepOf(e, 'move-vm-to-other-pool');
    expect(limit).toMatchObject({ kind: 'changing', cost: 'short' });
    expect(move).toMatchObject({ kind: 'changing', cost: 'long', likelihood: 'high' });
    expect(ids(e).indexOf('limit-vm-io')).toBeLessThan(ids(e).indexOf('move-vm-to-other-pool'));
    expect(allText(e)).toContain('iostat -x 1 2');
    expect(e.causes[0]?.en).toContain('IOPS');
  });

  it('shared-pool-start (3.5.2)', () => {
    const e = entry('shared-pool-start');
    const logs = stepOf(e, 'read-logs').text.en;
    for (const log of ['/var/log/ocfs2_shell_201511.log', '/var/log/libvirt/libvirtd.log', '/var/log/syslog']) {
      expect(logs).toContain(log);
    }
    expect(stepOf(e, 'compare-cluster-config').text.en).toContain('/etc/default/o2cb');
    expect(stepOf(e, 'compare-cluster-config').text.en).toContain('/etc/ocfs2/cluster.conf');
    expect(stepOf(e, 'check-multipath').command).toBe('multipath -ll');
    expect(stepOf(e, 'check-multipath').text.en).toContain('/dev/disk/by-id/dm-name-{wwid}');
    expect(allText(e)).toContain('/dev/disk/by-id/dm-name-36000eb34fe49de76000000000004064');
    expect(stepOf(e, 'check-disk').command).toBe('fdisk -l');
    expect(ids(e).at(-1)).toBe('reboot-host');
    expect(stepOf(e, 'reboot-host')).toMatchObject({ kind: 'changing', cost: 'long', likelihood: 'low' });
    expect(e.notes?.[0]?.en).toContain('contact technical support');
  });

  it('storage-blocked (3.5.3): the lock trail to the holder, as one procedure', () => {
    const e = entry('storage-blocked');
    expect(ids(e)).toEqual([
      'find-hung-mount', 'list-ocfs2-mounts', 'find-busy-locks', 'find-lock-owner', 'find-lock-holder',
      'find-blocked-process', 'list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered',
    ]);
    expect(new Set(e.recovery.map(stepRank)).size).toBe(1);
    expect(e.recovery.filter((s) => s.kind === 'changing').map((s) => s.id)).toEqual(['shutdown-vms', 'reboot-host']);

    expect(stepOf(e, 'find-hung-mount').command).toBe('df -h {mount}');
    expect(stepOf(e, 'find-hung-mount').text.en).toContain('{host}');
    expect(stepOf(e, 'list-ocfs2-mounts').command).toBe('mount | grep ocfs2');
    expect(stepOf(e, 'find-busy-locks').command).toBe('debugfs.ocfs2 -R "fs_locks -B" {device}');
    const owner = stepOf(e, 'find-lock-owner');
    expect(owner.command).toBe('debugfs.ocfs2 -R "dlm_locks {lockres}" {device}');
    expect(owner.text.en).toContain('/etc/ocfs2/cluster.conf');
    expect(owner.text.en).toContain('{ownerNode}');
    const holder = stepOf(e, 'find-lock-holder');
    expect(holder.command).toBe('debugfs.ocfs2 -R "dlm_locks {lockres}" {device}');
    expect(holder.text.en).toContain('{ownerHost}');
    expect(holder.text.en).toContain('"Granted"');
    expect(holder.text.en).toContain('{holderHost}');
    const blocked = stepOf(e, 'find-blocked-process');
    expect(blocked.command).toBe('ps -e -o pid,stat,comm,wchan=WIDE-WCHAN-COLUMN | grep D');
    expect(blocked.text.en).toContain('{holderHost}');
    // two different pids in one procedure, named for what they are
    expect(blocked.text.en).toContain('pid {stuckPid}');
    expect(stepOf(e, 'list-vms').command).toBe('ps -ef | grep kvm');
    expect(stepOf(e, 'list-vms').text.en).toContain('VNC port');
    const shutdown = stepOf(e, 'shutdown-vms');
    expect(shutdown.command).toBe('kill -9 {vmPid}');
    expect(shutdown.text.en).toContain('VNC');
    expect(shutdown.warning?.en).toContain('kill -9');
    const reboot = stepOf(e, 'reboot-host');
    expect(reboot.command).toBe('reboot');
    expect(reboot.text.en).toContain('iLO');
    expect(reboot.text.en).toContain('{holderHost}');
    expect(allText(e)).toContain('27904 D+ dd ocfs2_cluster_lock.isra.30');
  });

  it('storage-fence (3.5.4)', () => {
    const e = entry('storage-fence');
    const all = allText(e);
    expect(stepOf(e, 'read-fence-log').text.en).toContain('/var/log/ocfs2_fence_restart.log');
    expect(all).toContain('o2quo_disk_timeout: Disk heartbeat timeout.');
    expect(all).toContain('o2quo_make_decision: TCP disconnected with other nodes.');
    expect(all).toContain('/var/log/mcelog');
    expect(stepOf(e, 'check-hardware-logs').text.en).toContain('IML');
    const kinds = e.recovery.map((s) => s.kind);
    expect(kinds.lastIndexOf('diagnostic')).toBeLessThan(kinds.indexOf('changing'));
    expect(stepOf(e, 'fix-fc-zoning').warning?.en).toContain('switch vendor');
  });

  it('ocfs2-repair (3.5.5): stop everywhere, check, repair, start everywhere', () => {
    const e = entry('ocfs2-repair');
    expect(ids(e)).toEqual(['check-kernel-log', 'stop-pool-all-hosts', 'fsck-check', 'fsck-repair', 'start-pool-all-hosts', 'start-vms']);
    expect(stepOf(e, 'fsck-check')).toMatchObject({ kind: 'diagnostic', command: 'fsck.ocfs2 -fn {device}' });
    const repair = stepOf(e, 'fsck-repair');
    expect(repair).toMatchObject({ kind: 'changing', command: 'fsck.ocfs2 -fpy {device}' });
    expect(repair.warning?.en).toContain('EVERY host');
    expect(repair.warning?.zh).toContain('所有主机');
    expect(new Set(e.recovery.slice(1).map(stepRank)).size).toBe(1);
    expect(stepOf(e, 'fsck-check').text.en).toContain('/dev/dm-0');
    expect(e.notes?.map((n) => n.en).join(' ')).toContain('R&D');
  });

  it('pool-no-slot (3.5.6)', () => {
    const e = entry('pool-no-slot');
    expect(e.symptom.zh).toContain('存储池没有可用的 slot');
    expect(e.causes[0]?.en).toContain(
      'Error: Disk /dev/disk/by-id/dm-name-2225d000155a30dda had been mounted by other hosts, not need to format it.',
    );
    expect(stepOf(e, 'find-mount-error').text.en).toContain('had been mounted by other hosts');
    const release = stepOf(e, 'release-on-other-platform');
    expect(release.kind).toBe('changing');
    expect(release.warning?.en).toContain('Never format');
  });

  it('multipath-wwid (3.5.7): guide recovery lost, changing steps are usdiag advice', () => {
    const e = entry('multipath-wwid');
    expect(e.symptom.en).toContain('5106');
    expect(e.symptom.zh).toContain('配置多路径失败，请检查或联系管理员。（错误代码：5106）');
    expect(ids(e).slice(0, 2)).toEqual(['check-paths', 'compare-wwid']);
    expect(stepOf(e, 'check-paths')).toMatchObject({ kind: 'diagnostic', command: 'multipath -ll' });
    const compare = stepOf(e, 'compare-wwid');
    expect(compare.kind).toBe('diagnostic');
    expect(compare.text.en).toContain('~698');
    expect(compare.text.en).toContain('~699');
    expect(compare.text.en).toContain('/var/log/syslog');
    const changing = e.recovery.filter((s) => s.kind === 'changing');
    expect(changing.length).toBeGreaterThan(0);
    for (const s of changing) {
      expect(s.text.en).toMatch(/^usdiag advice:/);
      expect(s.text.zh).toMatch(/^usdiag 建议：/);
    }
    expect(e.notes?.[0]?.en).toContain('recovery text for this entry is lost');
  });
});
