import { describe, expect, it } from 'vitest';
import type { CheckId } from '../../src/kb/catalog.js';
import { hostDir, resultOf, runOnFixtures } from '../support/fixture-run.js';
import { noteEn } from '../support/fixture-run.js';

const ID: CheckId = 'shared-pool-start';
const variant = (...p: string[]) => hostDir('shared-pool-start', ...p);
const cluster = (name: string) => ['cvknode11', 'cvknode12', 'cvknode13'].map((h) => variant(name, h));

async function run(dirs: string[]) {
  const missing: string[] = [];
  const out = await runOnFixtures(dirs, [ID], {
    onCommand: (h, r) => {
      if (r.failure) missing.push(`${h}: ${r.key} (${r.failure.kind})`);
    },
  });
  return { out, missing };
}

const ids = (r: { recovery: readonly { id: string }[] }) => r.recovery.map((s) => s.id);
const excerpts = (r: { evidence: readonly { host: string; command: string; excerpt: string }[] }) => r.evidence.map((e) => `${e.host} | ${e.command} | ${e.excerpt}`);

describe('shared-pool-start on healthy hosts', () => {
  it('is ok on one host and says which cluster.conf nodes it could not compare with', async () => {
    const { out, missing } = await run([hostDir('vks-healthy')]);
    expect(missing).toEqual([]);
    const r = resultOf(out, 'cvknode11', ID);
    expect(r.status).toBe('ok');
    expect(r.summary.en).toBe('2 shared pool(s) mounted (FC-St, IPsan-St-001); cvknode12, cvknode13 of cluster.conf not in the inventory, not compared.');
    expect(r.summary.zh).toBe('2 个共享存储池均已挂载（FC-St、IPsan-St-001）；cluster.conf 中的 cvknode12、cvknode13 不在清单中，未比对。');
    expect(r.recovery).toEqual([]);
    expect(r.data).toMatchObject({
      pools: [
        { name: 'FC-St', targetPath: '/vms/FC-St', libvirtState: 'active', mountedHere: true, sourceDevice: '/dev/disk/by-id/dm-uuid-mpath-36000eb34fe49de76000000000004064' },
        { name: 'IPsan-St-001', targetPath: '/vms/IPsan-St-001', libvirtState: 'active', mountedHere: true },
      ],
      peersCompared: [],
      notInInventory: ['cvknode12', 'cvknode13'],
      configDifferences: [],
    });
  });

  it('is ok on each node of a healthy three-node cluster, compared with the two others', async () => {
    const { out, missing } = await run(cluster('cluster-healthy'));
    expect(missing).toEqual([]);
    for (const [host, others] of [['cvknode11', 'cvknode12, cvknode13'], ['cvknode12', 'cvknode11, cvknode13'], ['cvknode13', 'cvknode11, cvknode12']] as const) {
      const r = resultOf(out, host, ID);
      expect(r.status).toBe('ok');
      expect(r.summary.en).toBe(`2 shared pool(s) mounted (FC-St, IPsan-St-001); cluster.conf and /etc/default/o2cb are the same on ${others}.`);
      expect(r.summary.zh).toContain(`cluster.conf 和 /etc/default/o2cb 与 ${others.replace(', ', '、')} 一致`);
      expect((r.data as { pools: { mountedOn: string[] }[] }).pools[0]!.mountedOn).toEqual(others.split(', '));
    }
  });
});

describe('shared-pool-start finds why a pool does not start', () => {
  it('FC ports down: names the pool, the missing LUN, the ports, and the nodes that still have it', async () => {
    const { out, missing } = await run(cluster('fc-links-down'));
    expect(missing).toEqual([]);
    const r = resultOf(out, 'cvknode11', ID);
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe(
      'Pool FC-St (/vms/FC-St) is not mounted on cvknode11 (libvirt: inactive) while cvknode12, cvknode13 have it mounted: '
      + 'LUN 36000eb34fe49de76000000000004064 is not visible (/dev/disk/by-id/dm-uuid-mpath-36000eb34fe49de76000000000004064 missing, no multipath map): '
      + 'FC ports host1 Linkdown, host2 Linkdown.',
    );
    expect(r.summary.zh).toContain('存储池 FC-St（/vms/FC-St）在 cvknode11 上未挂载（libvirt 状态：inactive），而 cvknode12、cvknode13 上已挂载');
    expect(r.summary.zh).toContain('FC 端口 host1 Linkdown、host2 Linkdown');
    expect(ids(r)).toEqual(['check-fc-ports', 'check-san-links', 'check-multipath', 'restore-storage-access', 'read-logs']);
    expect(r.recovery[0]!.text.en).toContain('host1 (0x10000090fa8c3d41) Linkdown, host2 (0x10000090fa8c3d42) Linkdown');
    expect(r.recovery[2]!.text.en).toContain('/dev/disk/by-id/dm-name-36000eb34fe49de76000000000004064 exists');
    expect(r.recovery[1]!.text.en).toContain('From cvknode11,');
    expect(excerpts(r)).toEqual(expect.arrayContaining([
      'cvknode11 | virsh -r pool-list --all |  FC-St                inactive   yes',
      'cvknode12 | mount | /dev/dm-0 on /vms/FC-St type ocfs2 (rw,_netdev,heartbeat=local)',
      "cvknode11 | ls -l -- /dev/disk/by-id/dm-uuid-mpath-36000eb34fe49de76000000000004064 | ls: cannot access '/dev/disk/by-id/dm-uuid-mpath-36000eb34fe49de76000000000004064': No such file or directory",
      'cvknode11 | cat /sys/class/fc_host/host1/port_state | Linkdown',
      'cvknode11 | cat /sys/class/fc_host/host2/port_state | Linkdown',
    ]));
    // the libvirt error is kept as evidence though the summary names the decisive cause
    expect(excerpts(r).some((e) => e.includes('libvirtd.log') && e.includes('unexpected exit status 1'))).toBe(true);
    expect(r.data).toMatchObject({
      pools: [{ name: 'FC-St', mountedHere: false, mountedOn: ['cvknode12', 'cvknode13'], lun: { wwid: '36000eb34fe49de76000000000004064', linkExists: false }, causes: ['lun-missing-fc-down', 'log-error'] }, { name: 'IPsan-St-001', mountedHere: true }],
      fcPorts: [{ host: 'host1', state: 'Linkdown', wwpn: '0x10000090fa8c3d41' }, { host: 'host2', state: 'Linkdown', wwpn: '0x10000090fa8c3d42' }],
      peersCompared: ['cvknode12', 'cvknode13'],
    });
    // the two other nodes are fine, and were not asked about links they do not need
    expect(resultOf(out, 'cvknode12', ID).status).toBe('ok');
    expect(resultOf(out, 'cvknode13', ID).status).toBe('ok');
  });

  it('links up, LUN gone: the storage stopped presenting it; asks for the mapping of this host\'s WWPNs', async () => {
    const { out, missing } = await run([variant('lun-unmapped')]);
    expect(missing).toEqual([]);
    const r = resultOf(out, 'cvknode11', ID);
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe(
      'Pool FC-St (/vms/FC-St) is not mounted on cvknode11 (libvirt: inactive): LUN 36000eb34fe49de76000000000004064 is not visible '
      + '(/dev/disk/by-id/dm-uuid-mpath-36000eb34fe49de76000000000004064 missing, no multipath map), while the links are up: the storage no longer presents it to this host (mapping or host group changed).',
    );
    expect(r.summary.zh).toContain('而链路正常：存储已不再把它映射给本主机（映射或主机组被改动）');
    expect(ids(r)).toEqual(['ask-lun-mapping', 'check-lun-mapping', 'check-multipath', 'check-disk', 'restore-storage-access']);
    expect(r.recovery[0]!.text.en).toBe(
      "Ask the storage administrator whether LUN 36000eb34fe49de76000000000004064 is still mapped to this host's initiators: WWPN 0x10000090fa8c3d41, WWPN 0x10000090fa8c3d42, iqn.1993-08.org.debian:01:cvknode11.",
    );
    expect(r.recovery[1]!.text.en).toContain('keeps cvknode11 from reaching the LUN');
    expect(excerpts(r)).toContain('cvknode11 | cat /sys/class/fc_host/host1/port_state | Online');
    expect(r.data).toMatchObject({ pools: [{ name: 'FC-St', causes: ['lun-unmapped'] }, { name: 'IPsan-St-001', mountedHere: true }] });
  });

  it('iSCSI session gone: names the target and portal of the pool\'s by-path LUN', async () => {
    const { out, missing } = await run([variant('iscsi-session-down')]);
    expect(missing).toEqual([]);
    const r = resultOf(out, 'cvknode11', ID);
    expect(r.status).toBe('fail');
    expect(r.summary.en).toContain('Pool IPsan-St-001 (/vms/IPsan-St-001) is not mounted on cvknode11 (libvirt: inactive): iSCSI LUN 1 is not visible');
    expect(r.summary.en).toContain('no iSCSI session to iqn.2006-08.com.huawei:oceanstor:2100a0f479c5a1b2::20100:172.16.60.10 at 172.16.60.10:3260.');
    expect(r.summary.zh).toContain('没有到 172.16.60.10:3260 上 iqn.2006-08.com.huawei:oceanstor:2100a0f479c5a1b2::20100:172.16.60.10 的 iSCSI 会话');
    expect(ids(r)).toEqual(['check-san-links', 'check-lun-mapping', 'restore-storage-access', 'read-logs']);
    expect(excerpts(r)).toContain('cvknode11 | iscsiadm -m session -P 3 | iscsiadm: No active sessions.');
    expect(excerpts(r)).toContain("cvknode11 | tail -c 16M /var/log/syslog | grep -a -E -e 'ocfs2|o2net|o2hb|o2cb|o2dlm|dlm_join|iscsid' | tail -n 400 | Nov 25 03:41:09 cvknode11 iscsid: connect to 172.16.60.10:3260 failed (No route to host)");
    expect(r.data).toMatchObject({ pools: [{ name: 'FC-St', mountedHere: true }, { name: 'IPsan-St-001', mountedHere: false, causes: ['lun-missing-iscsi-down', 'log-error'] }], iscsiSessions: [] });
  });

  it('o2cb differs on one node: that node fails with the key named, the others warn about it', async () => {
    const { out, missing } = await run(cluster('config-differs'));
    expect(missing).toEqual([]);
    const bad = resultOf(out, 'cvknode13', ID);
    expect(bad.status).toBe('fail');
    expect(bad.summary.en).toBe(
      'Pool FC-St (/vms/FC-St) is not mounted on cvknode13 (libvirt: inactive) while cvknode11, cvknode12 have it mounted: '
      + '/etc/default/o2cb differs between the nodes (O2CB_IDLE_TIMEOUT_MS: 30000 on cvknode13; 60000 on cvknode11, cvknode12).',
    );
    expect(bad.summary.zh).toContain('各节点的 /etc/default/o2cb 不一致（O2CB_IDLE_TIMEOUT_MS：cvknode13 为 30000；cvknode11、cvknode12 为 60000）');
    expect(ids(bad)).toEqual(['compare-cluster-config', 'restore-storage-access', 'read-logs']);
    expect(excerpts(bad)).toEqual(expect.arrayContaining([
      'cvknode13 | cat /etc/default/o2cb | O2CB_IDLE_TIMEOUT_MS=30000',
      'cvknode11 | cat /etc/default/o2cb | O2CB_IDLE_TIMEOUT_MS=60000',
    ]));
    expect(excerpts(bad).some((e) => e.includes('uses a network idle timeout of 60000 ms, but we use 30000 ms locally'))).toBe(true);
    expect(bad.data).toMatchObject({
      configDifferences: [{ file: '/etc/default/o2cb', key: 'O2CB_IDLE_TIMEOUT_MS', here: '30000', severity: 'fail', groups: [{ value: '30000', hosts: ['cvknode13'] }, { value: '60000', hosts: ['cvknode11', 'cvknode12'] }] }],
      pools: [{ name: 'FC-St', causes: ['config-differs', 'log-error'], lun: { linkExists: true, multipathMap: 'mpatha', usablePaths: 2, totalPaths: 2 } }, { name: 'IPsan-St-001', mountedHere: true }],
    });
    for (const host of ['cvknode11', 'cvknode12']) {
      const r = resultOf(out, host, ID);
      expect(r.status).toBe('warn');
      expect(r.summary.en).toBe(`/etc/default/o2cb differs between the nodes: O2CB_IDLE_TIMEOUT_MS: 60000 on ${host === 'cvknode11' ? 'cvknode11, cvknode12' : 'cvknode12, cvknode11'}; 30000 on cvknode13; the pools are up now, the next start or reboot may fail.`);
      expect(r.summary.zh).toContain('存储池目前正常，但下次启动或重启可能失败');
      expect(ids(r)).toEqual(['compare-cluster-config', 'restore-storage-access']);
      expect(excerpts(r)).toContain('cvknode13 | cat /etc/default/o2cb | O2CB_IDLE_TIMEOUT_MS=30000');
    }
  });

  it('a node missing from one cluster.conf is reported on every node with who has it; layout differences do not count', async () => {
    const { out, missing } = await run(cluster('conf-node-missing'));
    expect(missing).toEqual([]);
    const r = resultOf(out, 'cvknode11', ID);
    expect(r.status).toBe('warn');
    expect(r.summary.en).toBe(
      '/etc/ocfs2/cluster.conf differs between the nodes: node cvknode13: present on cvknode11, cvknode13; missing on cvknode12 (+1 more difference(s)); the pools are up now, the next start or reboot may fail.',
    );
    expect(r.summary.zh).toBe('各节点的 /etc/ocfs2/cluster.conf 不一致：node cvknode13：cvknode11、cvknode13 为 present；cvknode12 为 missing（另有 1 处差异）；存储池目前正常，但下次启动或重启可能失败。');
    expect(ids(r)).toEqual(['compare-cluster-config', 'restore-storage-access']);
    expect(r.recovery[1]!.warning!.en).toContain('Change /etc/ocfs2/cluster.conf or /etc/default/o2cb only together with technical support');
    // cvknode11 writes the file in o2cb_ctl's layout (cluster first, 8 spaces), cvknode13 in the base layout: same content, no difference
    expect(r.data).toMatchObject({
      configDifferences: [
        { file: '/etc/ocfs2/cluster.conf', key: 'node cvknode13', here: 'present', severity: 'fail', groups: [{ value: 'present', hosts: ['cvknode11', 'cvknode13'] }, { value: 'missing', hosts: ['cvknode12'] }] },
        { file: '/etc/ocfs2/cluster.conf', key: 'cluster ocfs2: node_count', here: '3', severity: 'warn', groups: [{ value: '3', hosts: ['cvknode11', 'cvknode13'] }, { value: '2', hosts: ['cvknode12'] }] },
      ],
    });
    expect(excerpts(r).slice(0, 2)).toEqual([
      'cvknode11 | cat /etc/ocfs2/cluster.conf | node:\n        ip_port = 7100\n        ip_address = 172.16.51.13\n        number = 3\n        name = cvknode13\n        cluster = ocfs2',
      'cvknode12 | cat /etc/ocfs2/cluster.conf |         name = ocfs2\n        name = cvknode11\n        name = cvknode12',
    ]);
    // cvknode12 does not list cvknode13, but cvknode13 lists cvknode12: they still compare with each other
    expect(resultOf(out, 'cvknode12', ID)).toMatchObject({ status: 'warn', data: { peersCompared: ['cvknode11', 'cvknode13'] } });
    expect(resultOf(out, 'cvknode13', ID).summary.en).toContain('node cvknode13: present on cvknode13, cvknode11; missing on cvknode12');
  });

  it('every path of the map failed: names the map, the failed paths and the port that is down', async () => {
    const { out, missing } = await run([variant('paths-failed')]);
    expect(missing).toEqual([]);
    const r = resultOf(out, 'cvknode11', ID);
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe('Pool FC-St (/vms/FC-St) is not mounted on cvknode11 (libvirt: inactive): multipath map mpatha (36000eb34fe49de76000000000004064) has no working path (2 failed); FC port host1 Linkdown (1 online).');
    expect(r.summary.zh).toBe('存储池 FC-St（/vms/FC-St）在 cvknode11 上未挂载（libvirt 状态：inactive）：多路径设备 mpatha (36000eb34fe49de76000000000004064) 没有可用路径（2 条全部失效）；FC 端口 host1 Linkdown（1 个 Online）。');
    expect(ids(r)).toEqual(['check-san-links', 'check-multipath', 'restore-storage-access']);
    expect(excerpts(r)).toContain('cvknode11 | multipath -ll | mpatha (36000eb34fe49de76000000000004064) dm-0 HUAWEI,XSG1\n  |- 1:0:0:1 sdc 8:32 failed faulty offline\n  `- 2:0:0:1 sdd 8:48 failed faulty running');
    expect(r.data).toMatchObject({ pools: [{ name: 'FC-St', causes: ['no-working-path'], lun: { linkExists: true, multipathMap: 'mpatha', usablePaths: 0, totalPaths: 2 } }, {}] });
  });

  it('a host that is not a node of its own cluster.conf: named as the cause with the file\'s nodes as evidence', async () => {
    const { out, missing } = await run([variant('not-in-cluster-conf')]);
    expect(missing).toEqual([]);
    const r = resultOf(out, 'cvknode14', ID);
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe('Pool FC-St (/vms/FC-St) is not mounted on cvknode14 (libvirt: inactive): cvknode14 is not a node of its own /etc/ocfs2/cluster.conf. (+1 more)');
    expect(r.summary.zh).toBe('存储池 FC-St（/vms/FC-St）在 cvknode14 上未挂载（libvirt 状态：inactive）：cvknode14 不在本机 /etc/ocfs2/cluster.conf 的节点列表中。（另有 1 项）');
    expect(ids(r)).toEqual(['compare-cluster-config', 'restore-storage-access']);
    expect(excerpts(r)).toContain('cvknode14 | cat /etc/ocfs2/cluster.conf | \tip_address = 172.16.51.11\n\tname = cvknode11\n\tip_address = 172.16.51.12\n\tname = cvknode12\n\tip_address = 172.16.51.13\n\tname = cvknode13\n\tname = ocfs2');
    expect(noteEn(r.evidence.find((e) => e.command === 'cat /etc/ocfs2/cluster.conf')!)).toBe('no node named cvknode14 or at 172.16.51.14');
  });

  it('O2CB offline: both pools down, the stack named as the cause with the o2cb step first', async () => {
    const { out, missing } = await run([variant('stack-offline')]);
    expect(missing).toEqual([]);
    const r = resultOf(out, 'cvknode11', ID);
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe('Pool FC-St (/vms/FC-St) is not mounted on cvknode11 (libvirt: inactive): the O2CB cluster stack is offline (no cluster under /sys/kernel/config/cluster). (+1 more)');
    expect(r.summary.zh).toBe('存储池 FC-St（/vms/FC-St）在 cvknode11 上未挂载（libvirt 状态：inactive）：O2CB 集群栈未上线（/sys/kernel/config/cluster 下没有集群）。（另有 1 项）');
    expect(ids(r)).toEqual(['check-o2cb-service', 'compare-cluster-config', 'read-logs', 'restore-storage-access']);
    expect(r.recovery[0]!.command).toBe('service o2cb status');
    // both pools name the same stack evidence; the report shows it once
    expect(excerpts(r).filter((e) => e.includes('/sys/kernel/config/cluster'))).toEqual([
      "cvknode11 | ls /sys/kernel/config/cluster | ls: cannot access '/sys/kernel/config/cluster': No such file or directory",
    ]);
    expect(r.data).toMatchObject({
      pools: [{ name: 'FC-St', causes: ['stack-offline'], lun: { linkExists: true } }, { name: 'IPsan-St-001', causes: ['stack-offline'], lun: { linkExists: true } }],
      clusterStack: { clusters: [] },
    });
  });

  it('nothing wrong but the logs: quotes the mount helper\'s words and ends with the guide\'s last resorts', async () => {
    const { out, missing } = await run([variant('mount-error-logged')]);
    expect(missing).toEqual([]);
    const r = resultOf(out, 'cvknode11', ID);
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe(
      'Pool FC-St (/vms/FC-St) is not mounted on cvknode11 (libvirt: inactive): /var/log/libvirt/libvirtd.log says: '
      + "\"mount.ocfs2: Transport endpoint is not connected while mounting /dev/dm-0 on /vms/FC-St. Check 'dmesg' for more information on this error.\".",
    );
    expect(r.summary.zh).toContain('/var/log/libvirt/libvirtd.log 中记录：“mount.ocfs2: Transport endpoint is not connected');
    expect(ids(r)).toEqual(['read-logs', 'check-disk', 'reboot-host']);
    expect(r.recovery[2]!.text.en).toBe('If the situation allows, reboot cvknode11 and try to start the pool again.');
    expect(r.data).toMatchObject({ pools: [{ name: 'FC-St', causes: ['log-error'] }, { name: 'IPsan-St-001', mountedHere: true }] });
  });
});

describe('shared-pool-start hands over to pool-no-slot', () => {
  it('a refused mount of the pool\'s volume ("had been mounted by other hosts") is named as the cause, with guide 3.5.6', async () => {
    const { out, missing } = await run([hostDir('pool-no-slot', 'foreign-cluster')]);
    expect(missing).toEqual([]);
    const r = resultOf(out, 'cvknode11', ID);
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe('Pool FC-St2 (/vms/FC-St2) is not mounted on cvknode11 (libvirt: inactive): the platform refused to mount it because hosts of another cluster have its volume mounted (guide 3.5.6).');
    expect(r.summary.zh).toBe('存储池 FC-St2（/vms/FC-St2）在 cvknode11 上未挂载（libvirt 状态：inactive）：平台拒绝挂载：该卷已被其他集群的主机挂载（指南 3.5.6）。');
    expect(ids(r)).toEqual(['check-pool-no-slot', 'read-logs']);
    expect(r.recovery[0]!.command).toBe('usdiag check pool-no-slot');
    expect(r.data).toMatchObject({ pools: [{ name: 'FC-St' }, { name: 'FC-St2', mountedHere: false, lun: { wwid: '2225d000155a30dda', multipathMap: 'mpathb', usablePaths: 2 }, causes: ['other-cluster', 'log-error'] }, { name: 'IPsan-St-001' }] });
  });

  it('an old refusal is not taken for today\'s cause', async () => {
    const { out } = await run([hostDir('pool-no-slot', 'old-refusal')]);
    const r = resultOf(out, 'cvknode11', ID);
    expect(r.summary.en).toBe('Pool FC-St2 (/vms/FC-St2) is not mounted on cvknode11 (libvirt: inactive): no cause found in the cluster stack, the LUN, its links or the configuration; read the logs.');
    expect(ids(r)).toEqual(['read-logs', 'check-disk', 'reboot-host']);
  });
});

describe('shared-pool-start when it cannot or need not decide', () => {
  it('is skipped on a host without OCFS2', async () => {
    const { out } = await run([variant('not-applicable')]);
    const r = resultOf(out, 'cvknode21', ID);
    expect(r).toMatchObject({ status: 'skipped', skipReason: 'not-applicable', recovery: [] });
    expect(r.summary.en).toBe('No OCFS2 here: no shared pool defined or mounted, no /etc/ocfs2/cluster.conf.');
  });

  it('is unknown, never ok, when libvirt does not answer', async () => {
    const { out } = await run([variant('libvirt-down')]);
    const r = resultOf(out, 'cvknode11', ID);
    expect(r.status).toBe('unknown');
    expect(r.summary.en).toBe('Shared pools or this host\'s OCFS2 configuration could not be read: "virsh -r pool-list --all" failed on cvknode11: error: failed to connect to the hypervisor');
    expect(r.summary.zh).toContain('无法读取共享存储池或本机 OCFS2 配置');
    expect(r.data).toMatchObject({ unreadable: [{ host: 'cvknode11', what: 'libvirt pools' }] });
  });
});
