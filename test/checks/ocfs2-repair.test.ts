import { expect } from 'vitest';
import { renderMsg } from '../../src/i18n/message.js';
import type { CheckRecord } from '../../src/engine/runner.js';
import { resultOf } from '../support/fixture-run.js';
import { testCheck } from '../support/check-tester.js';

const ID = 'ocfs2-repair';
const noteId = (e: CheckRecord['evidence'][number] | undefined) => (e?.note && typeof e.note === 'object' && 'id' in e.note ? e.note.id : undefined);

interface Data {
  pools: { mount?: string; device: string; kernelName?: string; readOnly: boolean; signs: { kind: string; function?: string; current?: boolean; stamp?: string }[] }[];
  thisBoot?: { start: string; unclean?: boolean };
  uncleanBoots: string[];
  hosts?: { name: string; device?: string; state: string }[];
}

const THREE = ['read-only', 'read-only/cvknode12', 'read-only/cvknode13'];
const FC_ST = '/vms/FC-St (/dev/dm-0)';
const DMESG = "cvknode11: dmesg -T | grep -a -E -e 'OCFS2|ocfs2|JBD2|[Jj]ournal|read-only|fsck' | tail -n 200";
const SYSLOG = "cvknode11: tail -c 16M /var/log/syslog | grep -a -E -e 'OCFS2|ocfs2|JBD2|[Jj]ournal|read-only|fsck' | tail -n 400";
const BOOTS = "cvknode11: last -x -F | grep -a -E -e '^(reboot|shutdown|runlevel) ' | head -n 60";
const REPAIR = ['stop-pool-all-hosts', 'fsck-check', 'fsck-repair', 'start-pool-all-hosts', 'start-vms'];

testCheck(ID, {
  ok: [
    { hosts: ['@vks-healthy'], message: 'allWritable', values: { count: 2, unclean: '' } },
    // the syslog holds this boot's kernel lines too: a refused dmesg does not spoil the ok
    { hosts: ['dmesg-refused'], message: 'allWritable' },
  ],
  cases: [
    {
      name: 'is ok on a healthy host: pools read-write, only mount lines in the kernel log',
      hosts: ['@vks-healthy'],
      status: 'ok',
      message: 'allWritable',
      then: (r) => {
        const data = r.data as Data;
        expect(data.pools.map((p) => [p.mount, p.device, p.kernelName, p.readOnly, p.signs.length])).toEqual([
          ['/vms/IPsan-St-001', '/dev/sdb', 'sdb', false, 0],
          ['/vms/FC-St', '/dev/dm-0', 'dm-0', false, 0],
        ]);
        expect(data.thisBoot).toEqual({ start: 'Wed Nov 11 11:59:52 2026', unclean: false });
      },
    },
    {
      name: 'fails a pool the kernel turned read-only after corruption that followed a power loss, with the all-host procedure',
      hosts: THREE,
      status: 'fail',
      message: 'readOnly',
      values: {
        pool: FC_ST,
        why: 'OCFS2 reported on-disk corruption (ocfs2_validate_inode_block, Wed Nov 25 10:17:42 2026)',
        after: ', after the unclean shutdown before the boot of Wed Nov 25 09:41:22 2026',
        procedure: / \(cvknode11, cvknode12, cvknode13\) .*fsck\.ocfs2 -fn \/dev\/dm-0/,
        more: '',
      },
      nested: ['poolAt', 'corruption', 'signAt', 'afterUnclean', 'stopFirst'],
      steps: ['pool-hosts', ...REPAIR],
      filled: true,
      evidence: ['cvknode11: cat /proc/mounts', DMESG, BOOTS],
      also: [
        { host: 'cvknode12', status: 'ok', message: 'allWritable' },
        { host: 'cvknode13', status: 'ok', message: 'allWritable' },
      ],
      then: (r) => {
        // every node with the device it mounts the pool from, and the cluster's name
        const hosts = r.recovery[0]!.text.en;
        for (const h of ['cvknode11 (/dev/dm-0, this host)', 'cvknode12 (/dev/dm-1)', 'cvknode13 (/dev/dm-2)', 'cluster ocfs2', '/vms/FC-St']) expect(hosts).toContain(h);
        expect(r.recovery[1]!.text.en).toContain('(/vms/FC-St)');
        expect(r.recovery.map((s) => s.command)).toEqual([undefined, undefined, 'fsck.ocfs2 -fn /dev/dm-0', 'fsck.ocfs2 -fpy /dev/dm-0', undefined, undefined]);
        expect(r.evidence[0]!.excerpt).toBe('/dev/dm-0 /vms/FC-St ocfs2 ro,relatime,_netdev,heartbeat=local,nointr,data=ordered,errors=remount-ro,atime_quantum=60,coherency=full,user_xattr,acl 0 0');
        // the -30 (read-only) follow-up error is no sign of its own, and syslog repeats dmesg: three lines only
        expect(r.evidence[1]!.excerpt.split('\n')).toEqual([
          '[Wed Nov 25 10:17:42 2026] OCFS2: ERROR (device dm-0): ocfs2_validate_inode_block: Invalid dinode #75238: signature = 0QWE2&',
          '[Wed Nov 25 10:17:42 2026] On-disk corruption discovered. Please run fsck.ocfs2 once the filesystem is unmounted.',
          '[Wed Nov 25 10:17:42 2026] OCFS2: File system is now read-only.',
        ]);
        expect(r.evidence.map(noteId)).toEqual(['mountedReadOnly', undefined, 'noShutdownRecord']);
        // the boot records down to the boot without a shutdown before it, and the record below it
        expect(r.evidence[2]!.excerpt.split('\n').at(-2)).toMatch(/^reboot +system boot .*Wed Nov 25 09:41:22 2026/);
        const data = r.data as Data;
        expect(data.pools[1]).toMatchObject({ mount: '/vms/FC-St', readOnly: true });
        expect(data.pools[1]!.signs.map((s) => [s.kind, s.current])).toEqual([['corruption', true], ['corruption', true], ['read-only', true]]);
        expect(data.thisBoot).toEqual({ start: 'Wed Nov 25 09:41:22 2026', unclean: true });
        expect(data.hosts!.map((h) => [h.name, h.device, h.state])).toEqual([
          ['cvknode11', '/dev/dm-0', 'this-host'], ['cvknode12', '/dev/dm-1', 'mounted'], ['cvknode13', '/dev/dm-2', 'mounted'],
        ]);
      },
    },
    {
      name: 'names nodes it cannot reach as ones to check by hand',
      hosts: ['read-only'],
      status: 'fail',
      message: 'readOnly',
      values: { procedure: /\(cvknode11, cvknode12, cvknode13\)/ },
      steps: ['pool-hosts', ...REPAIR],
      then: (r) => {
        expect((r.data as Data).hosts!.map((h) => h.state)).toEqual(['this-host', 'not-in-inventory', 'not-in-inventory']);
        expect(r.recovery[0]!.text.en).toContain('cvknode12 172.16.51.12 (not in the inventory: check it by hand)');
      },
    },
    {
      name: 'warns on IO errors in the journal of a still writable pool: the path first, no fsck yet',
      hosts: ['journal-io'],
      status: 'warn',
      message: 'journalIo',
      values: { pool: FC_ST, sign: 'Wed Nov 25 11:02:14 2026', after: '', more: '' },
      steps: ['fix-storage-path', 'check-kernel-log'],
      filled: true,
      evidence: [DMESG],
      then: (r) => {
        expect(r.recovery[0]).toMatchObject({ command: 'multipath -ll' });
        expect(r.recovery[1]!.text.en).toContain('cvknode11');
        expect(r.recovery[1]!.text.en).toContain('/dev/dm-0');
        // the jbd2 journal "dm-0-24" and the lines naming no device all land on dm-0
        expect((r.data as Data).pools[1]!.signs.map((s) => s.kind)).toEqual(['journal-io', 'journal-io', 'journal-io']);
      },
    },
    {
      name: 'warns on corruption reported before a clean reboot: the pool may not have been repaired',
      hosts: ['old-corruption'],
      status: 'warn',
      message: 'corruptionEarlier',
      values: { pool: FC_ST, sign: 'ocfs2_validate_extent_block, Nov 25 08:50:13' },
      steps: ['pool-hosts', 'check-kernel-log', ...REPAIR],
      evidence: [SYSLOG],
      then: (r) => {
        const data = r.data as Data;
        expect(data.thisBoot).toEqual({ start: 'Wed Nov 25 09:41:22 2026', unclean: false });
        expect(data.pools[1]!.signs.map((s) => [s.kind, s.current])).toEqual([['corruption', false], ['corruption', false], ['read-only', false]]);
      },
    },
    {
      name: 'without boot records the same corruption warns, not saying it came before this boot',
      hosts: ['no-boot-records'],
      status: 'warn',
      message: 'corruptionUndated',
      values: { pool: FC_ST, sign: 'ocfs2_validate_extent_block, Nov 25 08:50:13' },
      steps: ['pool-hosts', 'check-kernel-log', ...REPAIR],
      evidence: [SYSLOG],
      then: (r) => expect((r.data as Data).thisBoot).toBeUndefined(),
    },
    {
      name: 'is not applicable without OCFS2',
      hosts: ['no-ocfs2'],
      status: 'skipped',
      skipReason: 'not-applicable',
      message: 'noOcfs2',
      steps: [],
    },
    {
      name: 'cannot decide when neither dmesg nor the syslog can be read',
      hosts: ['logs-unreadable'],
      status: 'unknown',
      message: 'logsUnreadable',
      values: { why: /"dmesg -T \| grep .*" failed on cvknode11: dmesg: read kernel buffer failed: Operation not permitted/ },
      steps: ['check-kernel-log'],
      then: (r) => expect(r.recovery[0]!.text.en).toContain('/dev/sdb, /dev/dm-0'),
    },
  ],
});

// The summary a person reads is still the guide's words, in both languages.
testCheck(ID, {
  ok: [],
  cases: [
    {
      name: 'renders the verdict and the all-host step in English and Chinese',
      hosts: THREE,
      status: 'fail',
      message: 'readOnly',
      then: (r, o) => {
        expect(renderMsg(r.message, 'en')).toBe(
          '/vms/FC-St (/dev/dm-0) is mounted read-only: OCFS2 reported on-disk corruption (ocfs2_validate_inode_block, Wed Nov 25 10:17:42 2026), '
          + 'after the unclean shutdown before the boot of Wed Nov 25 09:41:22 2026. Stop it on every host (cvknode11, cvknode12, cvknode13) before fsck.ocfs2 -fn /dev/dm-0.',
        );
        expect(renderMsg(r.message, 'zh')).toBe(
          '/vms/FC-St（/dev/dm-0）已变为只读挂载：OCFS2 报告磁盘数据损坏（ocfs2_validate_inode_block，Wed Nov 25 10:17:42 2026），'
          + '发生在 Wed Nov 25 09:41:22 2026 启动前的非正常关机之后。先在所有主机（cvknode11、cvknode12、cvknode13）上停用它，再执行 fsck.ocfs2 -fn /dev/dm-0。',
        );
        expect(r.recovery[0]!.text.en).toBe(
          '/vms/FC-St is used by these hosts of cluster ocfs2: cvknode11 (/dev/dm-0, this host), cvknode12 (/dev/dm-1), cvknode13 (/dev/dm-2). '
          + 'It must be stopped on EVERY one of them before any fsck; the device name differs from host to host.',
        );
        expect(r.recovery[0]!.text.zh).toBe(
          '以下集群 ocfs2 中的主机使用 /vms/FC-St：cvknode11（/dev/dm-0，本机）、cvknode12（/dev/dm-1）、cvknode13（/dev/dm-2）。执行任何 fsck 之前，必须在每一台主机上都停用它；各主机上的设备名可能不同。',
        );
        expect(renderMsg(resultOf(o, 'cvknode12', ID).message, 'en')).toBe('2 OCFS2 pool(s) mounted read-write and no sign of on-disk inconsistency in the kernel log.');
      },
    },
  ],
});
