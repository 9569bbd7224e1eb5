/**
 * The signature set itself: complete (every entry, every phrase the guide
 * prints), well-formed, and every signature proven to fire on a realistic line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorsOf, compileSignatures } from '../../src/explain/compile.js';
import { explainText } from '../../src/explain/stream.js';
import { CHECK_IDS } from '../../src/kb/catalog.js';
import { allSignatures, isAllSignature, signaturesFor } from '../../src/kb/signatures/index.js';

const ENTRIES = join(import.meta.dirname, '../../fixtures/explain/entries');

/** One realistic line for each signature that the entry fixtures do not already exercise. */
const EXAMPLES: Record<string, string> = {
  'qcow2-snapshot-table/create-efbig': "qemu-img: Could not create snapshot 'backup-0311': -27 (File too large)",
  'qcow2-snapshot-table/snapshot-l1': 'qemu-img: Failed to load snapshot: Snapshot L1 table too large',
  'qcow2-snapshot-table/zh-damaged': '虚拟机镜像文件的快照信息损坏，无法启动',
  'qcow2-corrupt/repaired': 'The following inconsistencies were found and repaired:',
  'qcow2-corrupt/zh-damaged': 'qemu-img check 报错，磁盘镜像损坏',
  'migration-ssh-cipher/no-matching-cipher':
    'Unable to negotiate with 10.10.1.21 port 22: no matching cipher found. Their offer: aes128-ctr,aes192-ctr',
  'shared-pool-start/config-differs': '/etc/ocfs2/cluster.conf on cvknode12 differs from cvknode11',
  'shared-pool-start/lun-missing': 'ls: /dev/disk/by-id/dm-name-36000eb34fe49de76000000000004064: No such file or directory',
  'storage-blocked/blocked-zh': '共享文件系统阻塞，df -h 长时间没有返回',
  'storage-fence/io-errors': 'Oct 30 02:11:20 cvknode15 kernel: blk_update_request: I/O error, dev sdc, sector 2048 op 0x1:(WRITE)',
  'ocfs2-repair/fsck-unrecoverable': 'fsck encountered unrecoverable errors while replaying the journals and will not continue',
  'ocfs2-repair/unclean': 'ocfs2: File system on device (253,2) was not unmounted cleanly, recovering it.',
  'multipath-wwid/wwid-mismatch': '存储端 WWID 与主机识别的 WWID 不一致',
  'multipath-wwid/paths-lost': 'Aug 21 16:22:10 cvknode11 multipathd[1187]: mpatha: remaining active paths: 0',
  'nic-packet-loss/mtu-mismatch': 'vswitch0 与物理交换机的 MTU 不一致',
  'vfirewall-zone/port-flow-script': 'root@cvknode116:~# bash /opt/bin/set_cvk_port_flow.sh vnet2',
  'host-compromised/infected-zh': '主机中毒，对外发起大量 SYN 连接',
  'mce/uncorrected': 'Processor context corrupt',
  'ui-login/epmd': 'ERROR: epmd error for host cvm01: timeout (timed out)',
  'ui-login/cookie-file': 'Cookie file /var/lib/rabbitmq/.erlang.cookie must be accessible by owner only',
  'ui-login/auth-rejected': 'Authentication failed (rejected by the remote node), please check the Erlang cookie',
  'ui-login/node-down': "Error: unable to perform an operation on node 'rabbit@cvm01'. Please see diagnostics information below.",
  'ui-login/rabbit-init-zh': '日志中报 rabbitmq 初始化失败',
  'ui-login/rabbit-ports-blocked': '-A INPUT -p tcp -m tcp --dport 5672 -j DROP',
  'ui-login/login-fails-zh': '前台界面无法正常登录',
  'db-connection/datadir-owner': 'drwx------ 2 root  root   4096 May 20 17:16 performance_schema',
  'db-connection/mysqld-down': 'Job for mariadb.service failed because the control process exited with error code.',
  'db-connection/access-denied': "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)",
  'ui-hang/unfinished-tasks': '任务台中存在未完成的任务（销毁虚拟机、备份）',
  'vm-stuck/io-thread-spun': 'qemu-system-x86_64: warning: main-loop: WARNING: I/O thread spun for 1000 iterations',
  'usb-device/over-current': '[ 88.120011] usb usb2-port3: over-current condition',
  'ha-time-skew/clock-moved-back': 'VMS 主机的系统时间向过去修改了 15 天',
  'ha-time-skew/skip-ssl': '在 /etc/mysql/mysql.conf.d/mysql.cnf 的 [mysqld] 段增加 skip_ssl',
};

/** Every error text the brief and the guide name, with the entry it must rank first. */
const GUIDE_PHRASES: [string, string][] = [
  ['No bootable device.', 'host-no-boot-device'],
  ['Boot failed: could not read the boot disk', 'qcow2-corrupt'],
  ['could not open disk image /vms/a: Could not read snapshots: File too large', 'qcow2-snapshot-table'],
  ["qemu-img: Could not open '/vms/a': Too many snapshots", 'qcow2-snapshot-table'],
  ["qemu-img: Could not open '/vms/a': Invalid snapshot table offset", 'qcow2-snapshot-table'],
  ['qcow2: Preventing invalid write on metadata (overlaps with snapshot table); image marked as corrupt.', 'qcow2-corrupt'],
  ['qcow2: Marking image as corrupt: Preventing invalid write on metadata (overlaps with active L1 table)', 'qcow2-corrupt'],
  ['Image is corrupt; cannot be opened read/write', 'qcow2-corrupt'],
  ['2 errors were found on the image.', 'qcow2-corrupt'],
  ['12 leaked clusters were found on the image.', 'qcow2-corrupt'],
  ["command-line line 0: Bad SSH2 cipher spec 'arcfour128,aes128-ctr'.", 'migration-ssh-cipher'],
  ['(error_logger {{2022,5,14},{18,27,59}}: "Too short cookie string" [])', 'ui-login'],
  ["failed to open log file at '/var/log/rabbitmq/rabbit@localhost.log', reason: permission denied", 'ui-login'],
  ['SSL connection error: protocol version mismatch', 'ha-time-skew'],
  ['protocol version mismatch', 'ha-time-skew'],
  ['原因：HA进程响应超时。', 'ha-time-skew'],
  ['原因：HA 进程响应超时。', 'ha-time-skew'],
  ['错误码 7501，详见 /var/log/uspheretools.log', 'vm-deploy-7501'],
  ['（错误代码：5106）', 'multipath-wwid'],
  ['配置多路径失败，请检查或联系管理员。', 'multipath-wwid'],
  ['存储池没有可用的 slot', 'pool-no-slot'],
  ['Error: Disk /dev/disk/by-id/dm-name-2225d000155a30dda had been mounted by other hosts, not need to format it.', 'pool-no-slot'],
  ['dm-1, BE229C2491E64FEA98550DF0469B6C10, o2quo_disk_timeout: Disk heartbeat timeout.', 'storage-fence'],
  ['o2quo_make_decision: TCP disconnected with other nodes.', 'storage-fence'],
  ['Restarted at 2017-03-14 14:28:52 (1489501732.600511). UNKOWN_DEV, UNKOWN_UUID,', 'storage-fence'],
  ['BUG: soft lockup - CPU#0 stuck for 67s! [modprobe:1208]\n[exception RIP: get_random_bytes+41]', 'hygon-rdrand'],
  ['kvm: -chardev socket,id=charshmem0,path=/tmp/kvmsec: Failed to connect to socket: No\nsuch file or directory', 'vm-shmem-residue'],
  ['Can not find /etc/netplan/tools-netcfgv6.yaml to update mtu', 'guest-ubuntu-netplan'],
  ['修改虚拟机 ubuntu-01 配置失败', 'guest-ubuntu-netplan'],
  ['error: Failed to start domain vm01', 'vm-start-resources'],
  ['Lockres: M000000000000000000000000020737820a41 Mode: No Lock\nFlags: Initialized Attached Busy', 'storage-blocked'],
  ['Converting 4 NL EX 4:1443 2 No No None', 'storage-blocked'],
  ['27904 D+ dd ocfs2_cluster_lock.isra.30', 'storage-blocked'],
  ['lacp_status: configured', 'nic-packet-loss'],
  ['10: eth2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc mq master ovs-system state DOWN', 'nic-packet-loss'],
  ['详情：迁移虚拟机失败，文件拷贝错误', 'migration-ssh-cipher'],
  ['"Protocol: ~tp: register error: ~tp~n",["inet_tcp",{{badmatch,{error,timeout}}', 'ui-login'],
  ["{reason,{'EXIT',nodistribution}}", 'ui-login'],
  ['Hardware event. This is not a software error.', 'mce'],
  ['Machine check', 'mce'],
  ["ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)", 'db-connection'],
  ["Can't connect to MySQL server on '127.0.0.1' (111)", 'db-connection'],
];

function firedBy(text: string): Set<string> {
  return new Set(explainText(text).matches.flatMap((m) => m.signatures.map((s) => s.id)));
}

describe('signature set', () => {
  it('compiles, with unique ids named after their entry and weights in 1..100', () => {
    const set = compileSignatures(allSignatures);
    expect(set.signatures.length).toBe(allSignatures.length);
    expect(new Set(allSignatures.map((s) => s.id)).size).toBe(allSignatures.length);
    for (const s of allSignatures) {
      expect(s.id.startsWith(`${s.entry}/`), s.id).toBe(true);
      expect(s.weight).toBeGreaterThanOrEqual(1);
      expect(s.weight).toBeLessThanOrEqual(100);
      expect(s.why.en.length, s.id).toBeGreaterThan(10);
      expect(s.why.zh.length, s.id).toBeGreaterThan(4);
      if (isAllSignature(s)) expect(s.window, s.id).toBeGreaterThan(0);
    }
  });

  it('covers every catalogue entry with a strong signature (weight >= 65)', () => {
    for (const id of CHECK_IDS) {
      expect(signaturesFor(id).length, id).toBeGreaterThanOrEqual(3);
      expect(Math.max(...signaturesFor(id).map((s) => s.weight)), id).toBeGreaterThanOrEqual(65);
    }
    expect(signaturesFor('no-such-entry')).toEqual([]);
  });

  it('anchors a phrase on its rarest pairs of words or its CJK run', () => {
    expect(anchorsOf('Bad SSH2 cipher spec')).toEqual(['ssh2 cipher']);
    expect(anchorsOf('Could not read snapshots: File too large')).toEqual(['read snapshots:', 'too large']);
    expect(anchorsOf('Too short cookie string')).toEqual(['short cookie']);
    expect(anchorsOf('o2quo_disk_timeout')).toEqual(['o2quo_disk_timeout']);
    expect(anchorsOf('存储池没有可用的 slot')).toEqual(['存储池没有可用的']);
    expect(anchorsOf('Hardware event. This is not a software error')).toEqual(['hardware event.', 'a software']);
    expect(anchorsOf('“”')).toEqual([]);
  });

  it('rejects malformed definitions', () => {
    const base = { entry: 'mce' as const, weight: 50, why: { en: 'x', zh: 'x' } };
    expect(() => compileSignatures([{ ...base, id: 'mce/a', any: [{ re: /x+/, anchors: [] }] }])).toThrow(/no anchor/);
    expect(() => compileSignatures([{ ...base, id: 'mce/a', any: ['a'] }, { ...base, id: 'mce/a', any: ['b'] }])).toThrow(
      /duplicate/,
    );
    expect(() => compileSignatures([{ ...base, id: 'mce/a', weight: 0, any: ['a'] }])).toThrow(/weight/);
    expect(() => compileSignatures([{ ...base, id: 'mce/a', any: [{ re: /a/, anchors: [' '] }] }])).toThrow(/bad anchor/);
    expect(() => compileSignatures([{ ...base, id: 'mce/a', any: ['“”'] }])).toThrow(/no anchor/);
  });

  it.each(Object.entries(EXAMPLES))('%s fires on its example', (id, line) => {
    expect([...firedBy(line)]).toContain(id);
  });

  it('has every signature proven by an entry fixture or an example', () => {
    const fired = new Set<string>(Object.keys(EXAMPLES));
    for (const id of readdirSync(ENTRIES)) {
      for (const f of readdirSync(join(ENTRIES, id))) for (const s of firedBy(readFileSync(join(ENTRIES, id, f), 'utf8'))) fired.add(s);
    }
    expect(allSignatures.map((s) => s.id).filter((id) => !fired.has(id))).toEqual([]);
  });

  it.each(GUIDE_PHRASES)('guide text %j ranks %s first', (text, id) => {
    expect(explainText(text).matches[0]?.id).toBe(id);
  });

  it('treats soft lockup alone as weak and together with get_random_bytes as strong', () => {
    const alone = explainText('BUG: soft lockup - CPU#0 stuck for 67s! [modprobe:1208]').matches[0]!;
    const both = explainText(
      ['BUG: soft lockup - CPU#0 stuck for 67s! [modprobe:1208]', ...Array(30).fill('R10: 0 R11: 0'), '[exception RIP: get_random_bytes+41]'].join('\n'),
    ).matches[0]!;
    expect(alone.id).toBe('hygon-rdrand');
    expect(alone.score).toBe(30);
    expect(both.signatures.map((s) => s.id)).toContain('hygon-rdrand/lockup-in-rdrand');
    expect(both.score).toBeGreaterThanOrEqual(95);
  });
});
