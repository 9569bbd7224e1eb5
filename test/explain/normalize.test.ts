import { describe, expect, it } from 'vitest';
import { foldText, normalizeLine, stripLogPrefix } from '../../src/explain/normalize.js';

describe('foldText', () => {
  it.each([
    ['（错误代码：５１０６）', '(错误代码:5106)'],
    ['配置多路径失败，请检查或联系管理员。', '配置多路径失败,请检查或联系管理员。'],
    ['HA 进程响应超时', 'ha进程响应超时'],
    ['存储池没有可用的 slot', '存储池没有可用的slot'],
    ['集群“cluster0”启用 HA 失败', '集群"cluster0"启用ha失败'],
    ['Bad SSH2   cipher\tspec ‘arcfour128’', "bad ssh2 cipher spec 'arcfour128'"],
    ['\x1b[1mTooShort\x1b[0m COOKIE', 'tooshort cookie'],
    ['  padded line with CR\r', 'padded line with cr'],
    ['bin\x00ary\x07garbage\x7f', 'bin ary garbage'],
    ['ＬＡＣＰ＿ＳＴＡＴＵＳ: configured', 'lacp_status: configured'],
    ['', ''],
  ])('%j → %j', (input, folded) => {
    expect(foldText(input)).toBe(folded);
  });
});

describe('normalizeLine strips prefixes that only say when, where and how loud', () => {
  it.each([
    ['Nov 25 03:18:11 cvknode11 kernel: [8123456.101133] OCFS2: ERROR (device dm-0): x', 'ocfs2: error (device dm-0): x'],
    ['Nov  5 03:18:11 cvknode11 multipathd[1187]: sdc: path wwid changed', 'sdc: path wwid changed'],
    ['<13>Nov 25 03:18:11 cvknode11 mcelog: Hardware event.', 'hardware event.'],
    ['2023-11-02T03:30:14.552871+08:00 cvknode16 kernel: o2net: No longer connected', 'o2net: no longer connected'],
    ['[  412.990188] OCFS2: File system is now read-only.', 'ocfs2: file system is now read-only.'],
    [
      '2017-05-18 11:01:52.617+0000: 29917: error : qemuProcessWaitForMonitor:1852 : internal',
      'error : qemuprocesswaitformonitor:1852 : internal',
    ],
    ['2023-05-22 14:58:22.044059+08:00 [error] <0.224.0> BOOT FAILED', 'boot failed'],
    [
      '2022-08-10 17:14:00 [ERROR] [Domain Request Processor Manager 10] [com.virtual.plat.server.vm.ssh.ScpUtil::copyStorage]',
      '[com.virtual.plat.server.vm.ssh.scputil::copystorage]',
    ],
    ['2023-02-11 10:22:03,118 ERROR uspheretools.py[4411]: set hostname failed', 'error uspheretools.py[4411]: set hostname failed'],
    ['root@cvknode11:~# ovs-appctl bond/show', 'ovs-appctl bond/show'],
    ['[root@cvknode110 test]# ip link show dev eth2', 'ip link show dev eth2'],
    ['root@LSSZF- :~# qemu-img check /vms/SG_IPSAN/mzgk.img', 'qemu-img check /vms/sg_ipsan/mzgk.img'],
    ['15:11:51 [root@cvknode3204 ~]#rabbitmqctl list_permissions', 'rabbitmqctl list_permissions'],
    ['root@VM-CAS08-CW08: /var/log/rabbitmq# service rabbitmq-server status', 'service rabbitmq-server status'],
  ])('%j', (raw, message) => {
    expect(normalizeLine(raw)).toBe(message);
  });

  it.each([
    'kvm: -drive file=/vms/share/a,if=none: could not open disk image',
    '[exception RIP: get_random_bytes+41]',
    'ERROR cluster 274639 refcount=0 reference=1',
    'Restarted at 2017-03-14 14:28:52 (1489501732.600511). UNKOWN_DEV',
    '27904 D+ dd ocfs2_cluster_lock.isra.30',
    'rabbit@localhost: failed to open log file',
  ])('keeps message-bearing starts: %j', (raw) => {
    expect(normalizeLine(raw)).toBe(foldText(raw));
  });

  it('strips only from folded text and never throws on odd input', () => {
    expect(stripLogPrefix('')).toBe('');
    expect(normalizeLine('\uFFFD\uFFFD\x00\x01')).toBe('\uFFFD\uFFFD');
    expect(normalizeLine('x'.repeat(100_000)).length).toBe(100_000);
  });
});
