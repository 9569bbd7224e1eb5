import { describe, expect, it } from 'vitest';
import { hostDir, resultOf, runOnFixtures } from '../support/fixture-run.js';
import { noteEn } from '../support/fixture-run.js';

const check = async (...dir: string[]) => resultOf(await runOnFixtures([hostDir(...dir)], ['storage-fence']), 'cvknode11', 'storage-fence');

interface Data {
  restarts: { localTime: string; device?: string; kind: string; ageHours: number; syslogFiles?: string[]; syslogCovered?: boolean; events?: { kind: string; message: string }[] }[];
  inLast24h: number;
  inLast7d: number;
}

const KB_ORDER_AFTER_READING = ['check-hardware-logs', 'check-ip-san-path', 'check-fc-path', 'check-storage-logs', 'check-fc-zoning', 'check-blade-config', 'repair-link', 'fix-fc-zoning', 'upgrade-firmware'];

describe('storage-fence (guide 3.5.4)', () => {
  it('is ok when the fence log records nothing', async () => {
    const r = await check('vks-healthy');
    expect(r.status).toBe('ok');
    expect(r.summary.en).toBe('No fence restart is recorded in /var/log/ocfs2_fence_restart.log.');
    expect(r.summary.zh).toBe('/var/log/ocfs2_fence_restart.log 中没有 fence 重启记录。');
    expect(r.data).toEqual({ restarts: [] });
  });

  it('fails a restart this morning and lists what broke in the syslog minutes before it', async () => {
    const r = await check('storage-fence', 'recent');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe(
      'Fence restart 2 h ago at 2026-11-25 09:39:02 (sdb 7A1D5C0E33F54B5B9A3D6D0C2B4F1E08, disk heartbeat timeout); in the 10 minutes before: '
      + 'eth3 link down 72 s before, iSCSI connection errors 67 s before, disk IO errors (sdb) 47 s before, OCFS2 heartbeat / node connection timeouts 4 s before.',
    );
    expect(r.summary.zh).toBe(
      '2 小时前（2026-11-25 09:39:02）发生 fence 重启（sdb 7A1D5C0E33F54B5B9A3D6D0C2B4F1E08，磁盘心跳超时）；重启前 10 分钟内：'
      + 'eth3 链路断开（提前 72 秒）、iSCSI 连接错误（提前 67 秒）、磁盘 IO 错误（sdb）（提前 47 秒）、OCFS2 心跳或节点连接超时（提前 4 秒）。',
    );
    // the IP SAN check moves up because the lines point at the iSCSI NIC; the rest keeps the knowledge base's order
    expect(r.recovery.map((s) => s.id)).toEqual(['check-downed-nic', 'read-fence-log', 'read-syslog-before-restart', 'check-ip-san-path', ...KB_ORDER_AFTER_READING.filter((s) => s !== 'check-ip-san-path')]);
    expect(r.recovery[0]).toMatchObject({ command: 'ethtool eth3' });
    expect(r.recovery[3]!.text.en).toBe('For IP SAN storage: check packet loss on the physical NICs of cvknode11 that carry the storage traffic (eth3), and look for errors on the cables and in the switch logs.');
    expect(r.evidence[0]!.excerpt).toBe('Restarted at 2026-11-25 09:39:02 (1795570742.412907). sdb, 7A1D5C0E33F54B5B9A3D6D0C2B4F1E08, o2quo_disk_timeout: Disk heartbeat timeout.');
    expect(noteEn(r.evidence[0]!)).toBe('2 fence restart(s) recorded');
    expect(r.evidence[1]!.command).toMatch(/^tail -c 64M \/var\/log\/syslog \| grep -a -E -e '\^\(Nov 25 09:29\|2026-11-25T09:29\|.*\|Nov 25 09:39\|2026-11-25T09:39\)\.\*\(Link is Down\|/);
    expect(r.evidence[1]!.excerpt.split('\n')[0]).toBe('Nov 25 09:37:50 cvknode11 kernel: [1208278.339120] ixgbe 0000:04:00.1 eth3: NIC Link is Down');
    const data = r.data as Data;
    expect(data).toMatchObject({ inLast24h: 1, inLast7d: 1 });
    expect(data.restarts[0]).toMatchObject({ localTime: '2026-11-25 09:39:02', device: 'sdb', kind: 'disk-heartbeat', ageHours: 2, syslogFiles: ['/var/log/syslog'], syslogCovered: true });
    expect(data.restarts[0]!.events!.map((e) => e.kind)).toEqual(['link-down', 'iscsi', 'iscsi', 'iscsi', 'io-error', 'io-error', 'ocfs2-heartbeat', 'ocfs2-heartbeat', 'ocfs2-heartbeat']);
    expect(data.restarts[1]).toMatchObject({ localTime: '2025-06-18 21:40:02', kind: 'network' });
    expect(data.restarts[1]!.events).toBeUndefined();
  });

  it('fails two restarts in a week, reading each from the rotated syslog that covers it', async () => {
    const r = await check('storage-fence', 'repeated');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe(
      'Fence restart 3 days ago at 2026-11-22 03:17:45 (dm-0 BE229C2491E64FEA98550DF0469B6C10, disk heartbeat timeout); in the 10 minutes before: '
      + 'FC link errors 74 s before, multipath paths failing 69 s before, OCFS2 heartbeat / node connection timeouts 5 s before; 2 fence restarts in the last 7 days.',
    );
    expect(r.summary.zh).toContain('；最近 7 天共 2 次 fence 重启。');
    expect(r.recovery.map((s) => s.id).slice(0, 5)).toEqual(['check-fc-port', 'read-fence-log', 'read-syslog-before-restart', 'check-fc-path', 'check-fc-zoning']);
    const data = r.data as Data;
    expect(data.restarts.map((x) => [x.localTime, x.syslogFiles])).toEqual([
      ['2026-11-22 03:17:45', ['/var/log/syslog.4.gz']],
      ['2026-11-20 21:40:02', ['/var/log/syslog.5.gz']],
      ['2025-06-18 21:40:02', undefined],
    ]);
    expect(data.restarts[1]!.events!.map((e) => e.kind)).toEqual(['link-down', 'link-down', 'ocfs2-heartbeat', 'ocfs2-heartbeat', 'ocfs2-heartbeat']);
    expect(r.evidence.map((e) => e.command.split(' | ')[0])).toEqual(['tail -c 1M /var/log/ocfs2_fence_restart.log', 'zcat /var/log/syslog.4.gz', 'zcat /var/log/syslog.5.gz']);
    expect(r.evidence[2]!.excerpt).toContain('ixgbe 0000:03:00.0 eth0: NIC Link is Down');
  });

  it('warns on an older restart and says when the syslog no longer reaches back to it', async () => {
    const r = await check('storage-fence', 'old');
    expect(r.status).toBe('warn');
    expect(r.summary.en).toBe('Fence restart 12 days ago at 2026-11-13 14:28:52 (dm-0 BE229C2491E64FEA98550DF0469B6C10, disk heartbeat timeout); the syslog no longer covers that time.');
    expect(r.summary.zh).toBe('12 天前（2026-11-13 14:28:52）发生 fence 重启（dm-0 BE229C2491E64FEA98550DF0469B6C10，磁盘心跳超时）；syslog 已不再包含那段时间的记录。');
    expect(r.recovery.map((s) => s.id)).toEqual(['read-fence-log', 'read-syslog-before-restart', ...KB_ORDER_AFTER_READING]);
    expect((r.data as Data).restarts[0]).toMatchObject({ syslogFiles: [], syslogCovered: false, events: [] });
  });

  it('warns about restarts older than 30 days, as history', async () => {
    const r = await check('storage-fence', 'history');
    expect(r.status).toBe('warn');
    expect(r.summary.en).toBe('No fence restart in the last 30 days; the last one, 3517 days ago, was at 2017-04-08 22:04:57 (dm-1 BE229C2491E64FEA98550DF0469B6C10, disk heartbeat timeout).');
    expect(r.recovery.map((x) => x.id)).toEqual(['read-fence-log']);
    expect((r.data as Data).restarts.map((x) => x.kind)).toEqual(['disk-heartbeat', 'network']);
  });

  it('is not applicable on a host without OCFS2', async () => {
    const r = await check('ocfs2-repair', 'no-ocfs2');
    expect(r).toMatchObject({ status: 'skipped', skipReason: 'not-applicable' });
    expect(r.summary.en).toBe('This host has no OCFS2 cluster (no cluster.conf, no pool mounted) and no fence record.');
    expect(r.recovery).toEqual([]);
  });

  it('cannot decide when the fence log cannot be read', async () => {
    const r = await check('storage-fence', 'log-timeout');
    expect(r.status).toBe('unknown');
    expect(r.summary.en).toBe(`"tail -c 1M /var/log/ocfs2_fence_restart.log | grep -a -E -e 'Restarted at' | tail -n 200" did not finish within 30 s on cvknode11`);
    expect(r.recovery.map((s) => s.id)).toEqual(['read-fence-log', 'read-syslog-before-restart']);
    expect(r.recovery[0]!.text.en).toContain('on cvknode11');
  });
});
