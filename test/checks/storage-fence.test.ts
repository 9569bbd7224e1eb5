import { expect } from 'vitest';
import { renderMsg } from '../../src/i18n/message.js';
import type { CheckRecord } from '../../src/engine/runner.js';
import { testCheck } from '../support/check-tester.js';

const ID = 'storage-fence';
const noteId = (e: CheckRecord['evidence'][number] | undefined) => (e?.note && typeof e.note === 'object' && 'id' in e.note ? e.note.id : undefined);

interface Data {
  restarts: { localTime: string; device?: string; kind: string; ageHours: number; syslogFiles?: string[]; syslogCovered?: boolean; events?: { kind: string; message: string }[] }[];
  inLast24h: number;
  inLast7d: number;
}

const FENCE_LOG = "cvknode11: tail -c 1M /var/log/ocfs2_fence_restart.log | grep -a -E -e 'Restarted at' | tail -n 200";
const READING = ['read-fence-log', 'read-syslog-before-restart'];
const KB_ORDER_AFTER_READING = ['check-hardware-logs', 'check-ip-san-path', 'check-fc-path', 'check-storage-logs', 'check-fc-zoning', 'check-blade-config', 'repair-link', 'fix-fc-zoning', 'upgrade-firmware'];

testCheck(ID, {
  ok: [
    { hosts: ['@vks-healthy'], message: 'noRestart', values: { log: '/var/log/ocfs2_fence_restart.log' } },
    // the mount table only tells ok from not applicable: the ok rests on the fence log
    { hosts: ['@disk-io-latency/healthy-mount-hangs'], message: 'noRestart' },
  ],
  cases: [
    {
      name: 'is ok when the fence log records nothing',
      hosts: ['@vks-healthy'],
      status: 'ok',
      message: 'noRestart',
      then: (r) => expect(r.data).toEqual({ restarts: [] }),
    },
    {
      name: 'fails a restart this morning and lists what broke in the syslog minutes before it',
      hosts: ['recent'],
      status: 'fail',
      message: 'restart',
      values: {
        ago: '2 h ago',
        time: '2026-11-25 09:39:02',
        what: 'sdb 7A1D5C0E33F54B5B9A3D6D0C2B4F1E08, disk heartbeat timeout',
        before: /eth3 link down 72 s before, iSCSI connection errors 67 s before, disk IO errors \(sdb\) 47 s before, OCFS2 heartbeat/,
        repeated: '',
      },
      nested: ['hoursAgo', 'onDevice', 'diskHeartbeat', 'eventsBefore', 'nicsDown', 'ioErrorsOn'],
      // the IP SAN check moves up because the lines point at the iSCSI NIC; the rest keeps the knowledge base's order
      steps: ['check-downed-nic', ...READING, 'check-ip-san-path', ...KB_ORDER_AFTER_READING.filter((s) => s !== 'check-ip-san-path')],
      filled: true,
      then: (r) => {
        // the fence log, then the syslog filtered on the host to the window's minutes
        expect(r.evidence.map((e) => `${e.host}: ${e.command}`)).toEqual([
          FENCE_LOG,
          expect.stringMatching(/^cvknode11: tail -c 64M \/var\/log\/syslog \| grep -a -E -e '\^\(Nov 25 09:29\|2026-11-25T09:29\|.*\|Nov 25 09:39\|2026-11-25T09:39\)\.\*\(Link is Down\|/),
        ]);
        expect(r.recovery[0]).toMatchObject({ command: 'ethtool eth3' });
        expect(r.recovery[0]!.text.en).toContain('eth3');
        expect(r.recovery[0]!.text.en).toContain('2026-11-25 09:39:02');
        // the guide's IP SAN step names the host and the NIC
        expect(r.recovery[3]!.text.en).toContain('cvknode11');
        expect(r.recovery[3]!.text.en).toContain('(eth3)');
        expect(r.evidence[0]!.excerpt).toBe('Restarted at 2026-11-25 09:39:02 (1795570742.412907). sdb, 7A1D5C0E33F54B5B9A3D6D0C2B4F1E08, o2quo_disk_timeout: Disk heartbeat timeout.');
        expect(r.evidence.map(noteId)).toEqual(['recorded', 'windowLines']);
        expect(r.evidence[1]!.excerpt.split('\n')[0]).toBe('Nov 25 09:37:50 cvknode11 kernel: [1208278.339120] ixgbe 0000:04:00.1 eth3: NIC Link is Down');
        const data = r.data as Data;
        expect(data).toMatchObject({ inLast24h: 1, inLast7d: 1 });
        expect(data.restarts[0]).toMatchObject({ localTime: '2026-11-25 09:39:02', device: 'sdb', kind: 'disk-heartbeat', ageHours: 2, syslogFiles: ['/var/log/syslog'], syslogCovered: true });
        expect(data.restarts[0]!.events!.map((e) => e.kind)).toEqual(['link-down', 'iscsi', 'iscsi', 'iscsi', 'io-error', 'io-error', 'ocfs2-heartbeat', 'ocfs2-heartbeat', 'ocfs2-heartbeat']);
        expect(data.restarts[1]).toMatchObject({ localTime: '2025-06-18 21:40:02', kind: 'network' });
        expect(data.restarts[1]!.events).toBeUndefined();
      },
    },
    {
      name: 'fails two restarts in a week, reading each from the rotated syslog that covers it',
      hosts: ['repeated'],
      status: 'fail',
      message: 'restart',
      values: {
        ago: '3 days ago',
        time: '2026-11-22 03:17:45',
        what: 'dm-0 BE229C2491E64FEA98550DF0469B6C10, disk heartbeat timeout',
        before: 'in the 10 minutes before: FC link errors 74 s before, multipath paths failing 69 s before, OCFS2 heartbeat / node connection timeouts 5 s before',
        repeated: '; 2 fence restarts in the last 7 days',
      },
      nested: ['daysAgo', 'repeated'],
      steps: ['check-fc-port', ...READING, 'check-fc-path', 'check-fc-zoning', 'check-hardware-logs', 'check-ip-san-path', 'check-storage-logs', 'check-blade-config', 'repair-link', 'fix-fc-zoning', 'upgrade-firmware'],
      then: (r) => {
        expect(r.recovery[0]).toMatchObject({ command: 'cat /sys/class/fc_host/host*/port_state' });
        const data = r.data as Data;
        expect(data.restarts.map((x) => [x.localTime, x.syslogFiles])).toEqual([
          ['2026-11-22 03:17:45', ['/var/log/syslog.4.gz']],
          ['2026-11-20 21:40:02', ['/var/log/syslog.5.gz']],
          ['2025-06-18 21:40:02', undefined],
        ]);
        expect(data.restarts[1]!.events!.map((e) => e.kind)).toEqual(['link-down', 'link-down', 'ocfs2-heartbeat', 'ocfs2-heartbeat', 'ocfs2-heartbeat']);
        expect(r.evidence.map((e) => e.command.split(' | ')[0])).toEqual(['tail -c 1M /var/log/ocfs2_fence_restart.log', 'zcat /var/log/syslog.4.gz', 'zcat /var/log/syslog.5.gz']);
        // both restarts of the week, as the host printed them
        expect(r.evidence[0]!.excerpt.split('\n')).toHaveLength(2);
        expect(r.evidence[2]!.excerpt).toContain('ixgbe 0000:03:00.0 eth0: NIC Link is Down');
      },
    },
    {
      name: 'warns on an older restart and says when the syslog no longer reaches back to it',
      hosts: ['old'],
      status: 'warn',
      message: 'restart',
      values: { ago: '12 days ago', time: '2026-11-13 14:28:52', what: /^dm-0 BE229C2491E64FEA98550DF0469B6C10/ },
      nested: ['rotatedAway'],
      steps: [...READING, ...KB_ORDER_AFTER_READING],
      evidence: [FENCE_LOG],
      then: (r) => expect((r.data as Data).restarts[0]).toMatchObject({ syslogFiles: [], syslogCovered: false, events: [] }),
    },
    {
      name: 'warns about restarts older than 30 days, as history',
      hosts: ['history'],
      status: 'warn',
      message: 'history',
      values: { ago: '3517 days ago', time: '2017-04-08 22:04:57', what: 'dm-1 BE229C2491E64FEA98550DF0469B6C10, disk heartbeat timeout' },
      steps: ['read-fence-log'],
      evidence: [FENCE_LOG],
      then: (r) => {
        expect(r.evidence[0]!.excerpt).toMatch(/^Restarted at 2017-04-08 22:04:57 /);
        expect((r.data as Data).restarts.map((x) => x.kind)).toEqual(['disk-heartbeat', 'network']);
      },
    },
    {
      name: 'is not applicable on a host without OCFS2',
      hosts: ['@ocfs2-repair/no-ocfs2'],
      status: 'skipped',
      skipReason: 'not-applicable',
      message: 'noOcfs2',
      steps: [],
    },
    {
      name: 'cannot decide when the fence log cannot be read',
      hosts: ['log-timeout'],
      status: 'unknown',
      message: 'logUnreadable',
      values: { why: /"tail -c 1M \/var\/log\/ocfs2_fence_restart\.log \| grep -a -E -e 'Restarted at' \| tail -n 200" did not finish within 30 s on cvknode11/ },
      steps: READING,
      filled: true,
      then: (r) => expect(r.recovery[0]!.text.en).toContain('cvknode11'),
    },
  ],
});

// The summary a person reads is still the guide's words, in both languages.
testCheck(ID, {
  ok: [],
  cases: [
    {
      name: 'renders the verdict in English and Chinese',
      hosts: ['recent'],
      status: 'fail',
      message: 'restart',
      then: (r) => {
        expect(renderMsg(r.message, 'en')).toBe(
          'Fence restart 2 h ago at 2026-11-25 09:39:02 (sdb 7A1D5C0E33F54B5B9A3D6D0C2B4F1E08, disk heartbeat timeout); in the 10 minutes before: '
          + 'eth3 link down 72 s before, iSCSI connection errors 67 s before, disk IO errors (sdb) 47 s before, OCFS2 heartbeat / node connection timeouts 4 s before.',
        );
        expect(renderMsg(r.message, 'zh')).toBe(
          '2 小时前（2026-11-25 09:39:02）发生 fence 重启（sdb 7A1D5C0E33F54B5B9A3D6D0C2B4F1E08，磁盘心跳超时）；重启前 10 分钟内：'
          + 'eth3 链路断开（提前 72 秒）、iSCSI 连接错误（提前 67 秒）、磁盘 IO 错误（sdb）（提前 47 秒）、OCFS2 心跳或节点连接超时（提前 4 秒）。',
        );
      },
    },
  ],
});
