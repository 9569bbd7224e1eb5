import { expect } from 'vitest';
import { renderMsg } from '../../src/i18n/message.js';
import type { CheckRecord, RunOutcome } from '../../src/engine/runner.js';
import { testCheck } from '../support/check-tester.js';
import { resultOf } from '../support/fixture-run.js';

const ID = 'shared-pool-start';
const cluster = (name: string) => ['cvknode11', 'cvknode12', 'cvknode13'].map((h) => `${name}/${h}`);
const excerpts = (r: CheckRecord) => r.evidence.map((e) => `${e.host} | ${e.command} | ${e.excerpt}`);
/** Every read the verdict rests on was in the capture and answered. */
const allRead = (r: CheckRecord) => expect(r.reads.filter((x) => x.state === 'failed' && !x.optional).map((x) => `${x.host}: ${x.command}`)).toEqual([]);
const dataOf = (o: RunOutcome, host: string) => resultOf(o, host, ID).data;

const FC_LUN = '/dev/disk/by-id/dm-uuid-mpath-36000eb34fe49de76000000000004064';
const ISCSI_LUN = '/dev/disk/by-path/ip-172.16.60.10:3260-iscsi-iqn.2006-08.com.huawei:oceanstor:2100a0f479c5a1b2::20100:172.16.60.10-lun-1';
const IQN = 'iqn.2006-08.com.huawei:oceanstor:2100a0f479c5a1b2::20100:172.16.60.10';
const LIBVIRTD_LOG = "tail -c 16M /var/log/libvirt/libvirtd.log | grep -a -E -e ' error : ' | tail -n 400";
const SHELL_LOG = "tail -c 16M /var/log/ocfs2_shell_201511.log | grep -a -E -e '[Ee]rror|ERROR|[Ff]ail' | tail -n 400";
const SYSLOG = "tail -c 16M /var/log/syslog | grep -a -E -e 'ocfs2|o2net|o2hb|o2cb|o2dlm|dlm_join|iscsid' | tail -n 400";
const LAST_RESORTS = ['read-logs', 'check-disk', 'reboot-host'];

testCheck(ID, {
  ok: [
    { hosts: ['@vks-healthy'], message: 'allMounted' },
    ...['cvknode11', 'cvknode12', 'cvknode13'].map((host) => ({ hosts: cluster('cluster-healthy'), host, message: 'allMounted' })),
    // a peer whose mount table cannot be read only cannot say whether it has the pools: the others' ok stands
    { hosts: cluster('peer-mount-unreadable'), host: 'cvknode11' },
  ],
  cases: [
    {
      name: 'alone: ok, and the nodes of cluster.conf it could not compare with are named',
      hosts: ['@vks-healthy'],
      status: 'ok',
      message: 'allMounted',
      values: { count: 2, pools: 'FC-St, IPsan-St-001', compared: '' },
      then: (r) => expect(r.data).toMatchObject({
        pools: [
          { name: 'FC-St', targetPath: '/vms/FC-St', libvirtState: 'active', mountedHere: true, sourceDevice: FC_LUN },
          { name: 'IPsan-St-001', targetPath: '/vms/IPsan-St-001', libvirtState: 'active', mountedHere: true },
        ],
        peersCompared: [],
        notInInventory: ['cvknode12', 'cvknode13'],
        configDifferences: [],
      }),
    },
    {
      name: 'in a healthy three-node cluster each node is compared with the two others',
      hosts: cluster('cluster-healthy'),
      status: 'ok',
      message: 'allMounted',
      values: { outside: '' },
      also: [{ host: 'cvknode12', status: 'ok', message: 'allMounted' }, { host: 'cvknode13', status: 'ok', message: 'allMounted' }],
      then: (_r, o) => {
        for (const [host, others] of [['cvknode11', ['cvknode12', 'cvknode13']], ['cvknode12', ['cvknode11', 'cvknode13']], ['cvknode13', ['cvknode11', 'cvknode12']]] as const) {
          expect(dataOf(o, host)).toMatchObject({ peersCompared: others, pools: [{ mountedOn: others }, { mountedOn: others }] });
        }
      },
    },
    {
      name: 'FC ports down: names the pool, the missing LUN, the ports, and the nodes that still have it',
      hosts: cluster('fc-links-down'),
      status: 'fail',
      message: 'poolDown',
      values: {
        pool: 'FC-St', target: '/vms/FC-St', host: 'cvknode11', state: 'inactive',
        elsewhere: /cvknode12, cvknode13/,
        why: /36000eb34fe49de76000000000004064.*host1 Linkdown, host2 Linkdown/,
      },
      steps: ['check-fc-ports', 'check-san-links', 'check-multipath', 'restore-storage-access', 'read-logs'],
      filled: true,
      evidence: [
        'cvknode11: virsh -r pool-list --all',
        'cvknode12: mount',
        'cvknode13: mount',
        `cvknode11: ls -l -- ${FC_LUN}`,
        'cvknode11: cat /sys/class/fc_host/host1/port_state',
        'cvknode11: cat /sys/class/fc_host/host2/port_state',
        `cvknode11: ${LIBVIRTD_LOG}`,
      ],
      // the two other nodes are fine
      also: [{ host: 'cvknode12', status: 'ok', message: 'allMounted' }, { host: 'cvknode13', status: 'ok', message: 'allMounted' }],
      then: (r, _o, sent) => {
        allRead(r);
        // the ports' WWPNs fill the FC step; the by-id name of the LUN the multipath step
        expect(r.recovery[0]!.text.en).toContain('host1 (0x10000090fa8c3d41) Linkdown, host2 (0x10000090fa8c3d42) Linkdown');
        expect(r.recovery[2]!.text.en).toContain('/dev/disk/by-id/dm-name-36000eb34fe49de76000000000004064');
        expect(excerpts(r).slice(0, 6)).toEqual([
          'cvknode11 | virsh -r pool-list --all |  FC-St                inactive   yes',
          'cvknode12 | mount | /dev/dm-0 on /vms/FC-St type ocfs2 (rw,_netdev,heartbeat=local)',
          'cvknode13 | mount | /dev/dm-0 on /vms/FC-St type ocfs2 (rw,_netdev,heartbeat=local)',
          `cvknode11 | ls -l -- ${FC_LUN} | ls: cannot access '${FC_LUN}': No such file or directory`,
          'cvknode11 | cat /sys/class/fc_host/host1/port_state | Linkdown',
          'cvknode11 | cat /sys/class/fc_host/host2/port_state | Linkdown',
        ]);
        // the libvirt error is kept as evidence though the summary names the decisive cause
        expect(r.evidence[6]!.excerpt).toContain('unexpected exit status 1');
        expect(r.data).toMatchObject({
          pools: [
            { name: 'FC-St', mountedHere: false, mountedOn: ['cvknode12', 'cvknode13'], lun: { wwid: '36000eb34fe49de76000000000004064', linkExists: false }, causes: ['lun-missing-fc-down', 'log-error'] },
            { name: 'IPsan-St-001', mountedHere: true },
          ],
          fcPorts: [{ host: 'host1', state: 'Linkdown', wwpn: '0x10000090fa8c3d41' }, { host: 'host2', state: 'Linkdown', wwpn: '0x10000090fa8c3d42' }],
          peersCompared: ['cvknode12', 'cvknode13'],
        });
        // the SAN was looked at only where a pool is down
        expect(sent.filter((c) => c.endsWith(': iscsiadm -m session -P 3'))).toEqual(['cvknode11: iscsiadm -m session -P 3']);
      },
    },
    {
      name: "links up, LUN gone: the storage stopped presenting it; asks for the mapping of this host's WWPNs",
      hosts: ['lun-unmapped'],
      status: 'fail',
      message: 'poolDown',
      values: { pool: 'FC-St', host: 'cvknode11', elsewhere: '', why: /36000eb34fe49de76000000000004064/ },
      steps: ['ask-lun-mapping', 'check-lun-mapping', 'check-multipath', 'check-disk', 'restore-storage-access'],
      filled: true,
      evidence: [
        'cvknode11: virsh -r pool-list --all',
        `cvknode11: ls -l -- ${FC_LUN}`,
        'cvknode11: cat /sys/class/fc_host/host1/port_state',
        'cvknode11: cat /sys/class/fc_host/host2/port_state',
      ],
      then: (r) => {
        allRead(r);
        expect(r.recovery[0]!.text.en).toContain('36000eb34fe49de76000000000004064');
        expect(r.recovery[0]!.text.en).toContain('WWPN 0x10000090fa8c3d41, WWPN 0x10000090fa8c3d42, iqn.1993-08.org.debian:01:cvknode11');
        expect(r.recovery[1]!.text.en).toContain('cvknode11');
        expect(excerpts(r)).toContain('cvknode11 | cat /sys/class/fc_host/host1/port_state | Online');
        expect(r.data).toMatchObject({ pools: [{ name: 'FC-St', causes: ['lun-unmapped'] }, { name: 'IPsan-St-001', mountedHere: true }] });
      },
    },
    {
      name: "iSCSI session gone: names the target and portal of the pool's by-path LUN",
      hosts: ['iscsi-session-down'],
      status: 'fail',
      message: 'poolDown',
      values: { pool: 'IPsan-St-001', target: '/vms/IPsan-St-001', host: 'cvknode11', why: new RegExp(`${IQN.replace(/[.]/g, '\\.')}.*172\\.16\\.60\\.10:3260`) },
      steps: ['check-san-links', 'check-lun-mapping', 'restore-storage-access', 'read-logs'],
      evidence: ['cvknode11: virsh -r pool-list --all', `cvknode11: ls -l -- ${ISCSI_LUN}`, 'cvknode11: iscsiadm -m session -P 3', `cvknode11: ${SYSLOG}`],
      then: (r) => {
        allRead(r);
        expect(excerpts(r).slice(2)).toEqual([
          'cvknode11 | iscsiadm -m session -P 3 | iscsiadm: No active sessions.',
          `cvknode11 | ${SYSLOG} | Nov 25 03:41:09 cvknode11 iscsid: connect to 172.16.60.10:3260 failed (No route to host)`,
        ]);
        expect(r.data).toMatchObject({ pools: [{ name: 'FC-St', mountedHere: true }, { name: 'IPsan-St-001', mountedHere: false, causes: ['lun-missing-iscsi-down', 'log-error'] }], iscsiSessions: [] });
      },
    },
    {
      name: 'o2cb differs on one node: that node fails with the key named, the others warn about it',
      hosts: cluster('config-differs'),
      host: 'cvknode13',
      status: 'fail',
      message: 'poolDown',
      values: { pool: 'FC-St', host: 'cvknode13', elsewhere: /cvknode11, cvknode12/, why: /\/etc\/default\/o2cb.*O2CB_IDLE_TIMEOUT_MS/ },
      steps: ['compare-cluster-config', 'restore-storage-access', 'read-logs'],
      evidence: [
        'cvknode13: virsh -r pool-list --all',
        'cvknode11: mount',
        'cvknode12: mount',
        'cvknode13: cat /etc/default/o2cb',
        'cvknode11: cat /etc/default/o2cb',
        `cvknode13: ls -l -- ${FC_LUN}`,
        `cvknode13: ${SYSLOG}`,
      ],
      also: [
        { host: 'cvknode11', status: 'warn', message: 'configDiffers', values: { file: '/etc/default/o2cb', others: '' }, steps: ['compare-cluster-config', 'restore-storage-access'], evidence: ['cvknode11: cat /etc/default/o2cb', 'cvknode13: cat /etc/default/o2cb'] },
        { host: 'cvknode12', status: 'warn', message: 'configDiffers', values: { file: '/etc/default/o2cb' }, steps: ['compare-cluster-config', 'restore-storage-access'], evidence: ['cvknode12: cat /etc/default/o2cb', 'cvknode13: cat /etc/default/o2cb'] },
      ],
      then: (r, o) => {
        allRead(r);
        expect(excerpts(r).slice(3, 5)).toEqual(['cvknode13 | cat /etc/default/o2cb | O2CB_IDLE_TIMEOUT_MS=30000', 'cvknode11 | cat /etc/default/o2cb | O2CB_IDLE_TIMEOUT_MS=60000']);
        // the other node's words on the wire are in the log evidence
        expect(r.evidence[6]!.excerpt).toContain('uses a network idle timeout of 60000 ms, but we use 30000 ms locally');
        expect(r.data).toMatchObject({
          configDifferences: [{ file: '/etc/default/o2cb', key: 'O2CB_IDLE_TIMEOUT_MS', here: '30000', severity: 'fail', groups: [{ value: '30000', hosts: ['cvknode13'] }, { value: '60000', hosts: ['cvknode11', 'cvknode12'] }] }],
          pools: [{ name: 'FC-St', causes: ['config-differs', 'log-error'], lun: { linkExists: true, multipathMap: 'mpatha', usablePaths: 2, totalPaths: 2 } }, { name: 'IPsan-St-001', mountedHere: true }],
        });
        // each node's report puts its own value first
        expect(dataOf(o, 'cvknode12')).toMatchObject({ configDifferences: [{ groups: [{ value: '60000', hosts: ['cvknode12', 'cvknode11'] }, { value: '30000', hosts: ['cvknode13'] }] }] });
      },
    },
    {
      name: 'a node missing from one cluster.conf is reported on every node with who has it; layout differences do not count',
      hosts: cluster('conf-node-missing'),
      status: 'warn',
      message: 'configDiffers',
      values: { file: '/etc/ocfs2/cluster.conf', groups: /node cvknode13/, others: /1/ },
      steps: ['compare-cluster-config', 'restore-storage-access'],
      evidence: ['cvknode11: cat /etc/ocfs2/cluster.conf', 'cvknode12: cat /etc/ocfs2/cluster.conf', 'cvknode11: cat /etc/ocfs2/cluster.conf', 'cvknode12: cat /etc/ocfs2/cluster.conf'],
      // cvknode12 does not list cvknode13, but cvknode13 lists cvknode12: they still compare with each other
      also: [
        { host: 'cvknode12', status: 'warn', message: 'configDiffers' },
        { host: 'cvknode13', status: 'warn', message: 'configDiffers' },
      ],
      then: (r, o) => {
        expect(r.recovery[1]!.warning!.en).toContain('/etc/ocfs2/cluster.conf');
        // cvknode11 writes the file in o2cb_ctl's layout (cluster first, 8 spaces), cvknode13 in the base layout: same content, no difference
        expect(r.data).toMatchObject({
          configDifferences: [
            { file: '/etc/ocfs2/cluster.conf', key: 'node cvknode13', here: 'present', severity: 'fail', groups: [{ value: 'present', hosts: ['cvknode11', 'cvknode13'] }, { value: 'missing', hosts: ['cvknode12'] }] },
            { file: '/etc/ocfs2/cluster.conf', key: 'cluster ocfs2: node_count', here: '3', severity: 'warn', groups: [{ value: '3', hosts: ['cvknode11', 'cvknode13'] }, { value: '2', hosts: ['cvknode12'] }] },
          ],
        });
        // the stanza as this host wrote it; on the host that lacks it, the stanzas it has
        expect(excerpts(r).slice(0, 2)).toEqual([
          'cvknode11 | cat /etc/ocfs2/cluster.conf | node:\n        ip_port = 7100\n        ip_address = 172.16.51.13\n        number = 3\n        name = cvknode13\n        cluster = ocfs2',
          'cvknode12 | cat /etc/ocfs2/cluster.conf |         name = ocfs2\n        name = cvknode11\n        name = cvknode12',
        ]);
        expect(dataOf(o, 'cvknode12')).toMatchObject({ peersCompared: ['cvknode11', 'cvknode13'] });
        expect(dataOf(o, 'cvknode13')).toMatchObject({ configDifferences: [{ groups: [{ value: 'present', hosts: ['cvknode13', 'cvknode11'] }, { value: 'missing', hosts: ['cvknode12'] }] }, {}] });
      },
    },
    {
      name: 'every path of the map failed: names the map, the failed paths and the port that is down',
      hosts: ['paths-failed'],
      status: 'fail',
      message: 'poolDown',
      values: { pool: 'FC-St', why: /mpatha \(36000eb34fe49de76000000000004064\).*2.*host1 Linkdown.*1/ },
      steps: ['check-san-links', 'check-multipath', 'restore-storage-access'],
      evidence: [
        'cvknode11: virsh -r pool-list --all',
        `cvknode11: ls -l -- ${FC_LUN}`,
        'cvknode11: multipath -ll',
        'cvknode11: cat /sys/class/fc_host/host1/port_state',
        'cvknode11: cat /sys/class/fc_host/host2/port_state',
      ],
      then: (r) => {
        allRead(r);
        expect(excerpts(r)[2]).toBe('cvknode11 | multipath -ll | mpatha (36000eb34fe49de76000000000004064) dm-0 HUAWEI,XSG1\n  |- 1:0:0:1 sdc 8:32 failed faulty offline\n  `- 2:0:0:1 sdd 8:48 failed faulty running');
        expect(r.data).toMatchObject({ pools: [{ name: 'FC-St', causes: ['no-working-path'], lun: { linkExists: true, multipathMap: 'mpatha', usablePaths: 0, totalPaths: 2 } }, {}] });
      },
    },
    {
      name: "a host that is not a node of its own cluster.conf: named as the cause with the file's nodes as evidence",
      hosts: ['not-in-cluster-conf'],
      status: 'fail',
      message: 'poolDown',
      values: { pool: 'FC-St', host: 'cvknode14', why: /cvknode14/, more: /1/ },
      steps: ['compare-cluster-config', 'restore-storage-access'],
      evidence: [
        'cvknode14: virsh -r pool-list --all',
        'cvknode14: cat /etc/ocfs2/cluster.conf',
        `cvknode14: ls -l -- ${FC_LUN}`,
        'cvknode14: virsh -r pool-list --all',
        `cvknode14: ls -l -- ${ISCSI_LUN}`,
      ],
      then: (r) => {
        allRead(r);
        expect(excerpts(r)[1]).toBe('cvknode14 | cat /etc/ocfs2/cluster.conf | \tip_address = 172.16.51.11\n\tname = cvknode11\n\tip_address = 172.16.51.12\n\tname = cvknode12\n\tip_address = 172.16.51.13\n\tname = cvknode13\n\tname = ocfs2');
        expect(r.evidence[1]!.note).toMatchObject({ scope: ID, id: 'noSuchNode', values: { host: 'cvknode14', address: '172.16.51.14' } });
        expect(r.data).toMatchObject({ pools: [{ name: 'FC-St', causes: ['not-in-cluster-conf'] }, { name: 'IPsan-St-001', causes: ['not-in-cluster-conf'] }] });
      },
    },
    {
      name: 'O2CB offline: both pools down, the stack named as the cause with the o2cb step first',
      hosts: ['stack-offline'],
      status: 'fail',
      message: 'poolDown',
      values: { pool: 'FC-St', why: /\/sys\/kernel\/config\/cluster/, more: /1/ },
      steps: ['check-o2cb-service', 'compare-cluster-config', 'read-logs', 'restore-storage-access'],
      // both pools name the same stack evidence; the report shows it once
      evidence: [
        'cvknode11: virsh -r pool-list --all',
        'cvknode11: ls /sys/kernel/config/cluster',
        `cvknode11: ls -l -- ${FC_LUN}`,
        'cvknode11: virsh -r pool-list --all',
        `cvknode11: ls -l -- ${ISCSI_LUN}`,
      ],
      then: (r) => {
        allRead(r);
        expect(r.recovery[0]!.command).toBe('service o2cb status');
        expect(excerpts(r)[1]).toBe("cvknode11 | ls /sys/kernel/config/cluster | ls: cannot access '/sys/kernel/config/cluster': No such file or directory");
        expect(r.data).toMatchObject({
          pools: [{ name: 'FC-St', causes: ['stack-offline'], lun: { linkExists: true } }, { name: 'IPsan-St-001', causes: ['stack-offline'], lun: { linkExists: true } }],
          clusterStack: { clusters: [] },
        });
      },
    },
    {
      name: "nothing wrong but the logs: quotes the mount helper's words and ends with the guide's last resorts",
      hosts: ['mount-error-logged'],
      status: 'fail',
      message: 'poolDown',
      values: { pool: 'FC-St', why: /\/var\/log\/libvirt\/libvirtd\.log.*mount\.ocfs2: Transport endpoint is not connected while mounting \/dev\/dm-0 on \/vms\/FC-St/ },
      steps: LAST_RESORTS,
      filled: true,
      evidence: ['cvknode11: virsh -r pool-list --all', `cvknode11: ls -l -- ${FC_LUN}`, `cvknode11: ${LIBVIRTD_LOG}`],
      then: (r) => {
        allRead(r);
        expect(r.recovery[2]!.text.en).toContain('cvknode11');
        expect(r.data).toMatchObject({ pools: [{ name: 'FC-St', causes: ['log-error'] }, { name: 'IPsan-St-001', mountedHere: true }] });
      },
    },
    {
      name: 'a refused mount of the pool\'s volume ("had been mounted by other hosts") hands over to pool-no-slot (guide 3.5.6)',
      hosts: ['@pool-no-slot/foreign-cluster'],
      status: 'fail',
      message: 'poolDown',
      values: { pool: 'FC-St2', target: '/vms/FC-St2', state: 'inactive' },
      steps: ['check-pool-no-slot', 'read-logs'],
      evidence: ['cvknode11: virsh -r pool-list --all', 'cvknode11: ls -l -- /dev/disk/by-id/dm-uuid-mpath-2225d000155a30dda', `cvknode11: ${SHELL_LOG}`],
      then: (r) => {
        allRead(r);
        expect(r.recovery[0]!.command).toBe('usdiag check pool-no-slot');
        expect(r.data).toMatchObject({
          pools: [{ name: 'FC-St' }, { name: 'FC-St2', mountedHere: false, lun: { wwid: '2225d000155a30dda', multipathMap: 'mpathb', usablePaths: 2 }, causes: ['other-cluster', 'log-error'] }, { name: 'IPsan-St-001' }],
        });
      },
    },
    {
      name: "an old refusal is not taken for today's cause",
      hosts: ['@pool-no-slot/old-refusal'],
      status: 'fail',
      message: 'poolDown',
      values: { pool: 'FC-St2' },
      steps: LAST_RESORTS,
      then: (r) => expect(r.data).toMatchObject({ pools: [{}, { name: 'FC-St2', causes: [], notChecked: [] }, {}] }),
    },
    {
      name: 'is not applicable on a host without OCFS2',
      hosts: ['not-applicable'],
      status: 'skipped',
      skipReason: 'not-applicable',
      message: 'noOcfs2',
      steps: [],
    },
    {
      name: 'is unknown, never ok, when libvirt does not answer',
      hosts: ['libvirt-down'],
      status: 'unknown',
      message: 'unreadable',
      values: { why: /virsh -r pool-list --all.*cvknode11.*failed to connect to the hypervisor/ },
      then: (r) => expect(r.data).toMatchObject({ unreadable: [{ host: 'cvknode11', what: 'libvirt pools' }] }),
    },
    {
      name: 'is unknown when its own mount table cannot be read; a peer still compares with it',
      hosts: cluster('peer-mount-unreadable'),
      host: 'cvknode12',
      status: 'unknown',
      message: 'mountUnreadable',
      values: { why: /"mount".*cvknode12/ },
      also: [{ host: 'cvknode13', status: 'ok', message: 'allMounted' }],
      then: (_r, o) => {
        const peer = resultOf(o, 'cvknode11', ID);
        expect(peer.reads).toContainEqual({ host: 'cvknode12', command: 'mount', state: 'failed', optional: true });
        expect(peer.data).toMatchObject({ peersCompared: ['cvknode12', 'cvknode13'], pools: [{ mountedOn: ['cvknode13'] }, { mountedOn: ['cvknode13'] }] });
      },
    },
  ],
});

// The summary a person reads is still the guide's words, in both languages.
testCheck(ID, {
  ok: [],
  cases: [
    {
      name: 'renders the verdict in English and Chinese',
      hosts: cluster('fc-links-down'),
      status: 'fail',
      message: 'poolDown',
      then: (r) => {
        expect(renderMsg(r.message, 'en')).toBe(
          'Pool FC-St (/vms/FC-St) is not mounted on cvknode11 (libvirt: inactive) while cvknode12, cvknode13 have it mounted: '
          + `LUN 36000eb34fe49de76000000000004064 is not visible (${FC_LUN} missing, no multipath map): FC ports host1 Linkdown, host2 Linkdown.`,
        );
        expect(renderMsg(r.message, 'zh')).toBe(
          '存储池 FC-St（/vms/FC-St）在 cvknode11 上未挂载（libvirt 状态：inactive），而 cvknode12、cvknode13 上已挂载：'
          + `LUN 36000eb34fe49de76000000000004064 不可见（${FC_LUN} 不存在，也没有多路径设备）：FC 端口 host1 Linkdown、host2 Linkdown。`,
        );
      },
    },
  ],
});
