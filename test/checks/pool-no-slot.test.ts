import { expect } from 'vitest';
import { renderMsg } from '../../src/i18n/message.js';
import type { CheckRecord } from '../../src/engine/runner.js';
import { testCheck } from '../support/check-tester.js';

const ID = 'pool-no-slot';
const excerpts = (r: CheckRecord) => r.evidence.map((e) => `${e.command} | ${e.excerpt}`);
/** Every read the verdict rests on was in the capture and answered. */
const allRead = (r: CheckRecord) => expect(r.reads.filter((x) => x.state === 'failed' && !x.optional).map((x) => `${x.host}: ${x.command}`)).toEqual([]);

const REFUSAL = 'Error: Disk /dev/disk/by-id/dm-name-2225d000155a30dda had been mounted by other hosts, not need to format it.';
const SHELL_LOG = "tail -c 16M /var/log/ocfs2_shell_201511.log | grep -a -E -e 'had been mounted by other hosts|no free slots available' | tail -n 400";
const SYSLOG = "tail -c 16M /var/log/syslog | grep -a -E -e 'had been mounted by other hosts|no free slots available' | tail -n 400";
const NODES = 'cat /etc/ocfs2/cluster.conf | \tnumber = 1\n\tname = cvknode11\n\tnumber = 2\n\tname = cvknode12\n\tnumber = 3\n\tname = cvknode13';
const EVIDENCE = ['cvknode11: mounted.ocfs2 -f', 'cvknode11: cat /etc/ocfs2/cluster.conf', `cvknode11: ${SHELL_LOG}`];
const RELEASE = ['find-mount-error', 'find-other-cluster-nodes', 'release-on-other-platform', 'start-pool'];
const VOLUME = 'mpathb (2225d000155a30dda)';

testCheck(ID, {
  ok: [
    { hosts: ['@vks-healthy'], message: 'allKnown' },
    { hosts: ['old-refusal'], message: 'allKnown' },
    // libvirt only names the pool of a volume: without it the slot maps are still judged
    { hosts: ['@shared-pool-start/libvirt-down'], message: 'allKnown' },
  ],
  cases: [
    {
      name: 'is ok on a healthy host: every node of every slot map is in cluster.conf',
      hosts: ['@vks-healthy'],
      status: 'ok',
      message: 'allKnown',
      values: { count: 2, history: '' },
      then: (r) => {
        allRead(r);
        expect(r.data).toMatchObject({
          volumes: [
            { volume: '/dev/sdb', devices: ['/dev/sdb'], nodes: ['cvknode11', 'cvknode12', 'cvknode13'], foreignNodes: [], mountedHere: true, pool: 'IPsan-St-001' },
            { volume: 'mpatha (36000eb34fe49de76000000000004064)', devices: ['/dev/sdc', '/dev/sdd', '/dev/mapper/mpatha'], foreignNodes: [], mountedHere: true, pool: 'FC-St' },
          ],
          clusterConfNodes: ['1:cvknode11', '2:cvknode12', '3:cvknode13'],
        });
      },
    },
    {
      name: "the guide's case: nodes 4 and 5 of another platform hold the volume the platform refused to mount",
      hosts: ['foreign-cluster'],
      status: 'fail',
      message: 'otherPlatform',
      values: { volume: VOLUME, ofPool: /FC-St2/, who: /\b4, 5\b/, alsoHere: '', more: '' },
      steps: RELEASE,
      filled: true,
      evidence: EVIDENCE,
      then: (r) => {
        allRead(r);
        expect(r.recovery[0]!.text.en).toContain('/dev/disk/by-id/dm-name-2225d000155a30dda');
        expect(r.recovery[1]!.text.en).toContain('cvknode11');
        expect(r.recovery[3]!.text.en).toContain('FC-St2');
        expect(excerpts(r)).toEqual([
          'mounted.ocfs2 -f | Device                FS     Nodes\n/dev/sde              ocfs2  4, 5\n/dev/sdf              ocfs2  4, 5\n/dev/mapper/mpathb    ocfs2  4, 5',
          NODES,
          `${SHELL_LOG} | 2026-11-25 03:47:26 ${REFUSAL}`,
        ]);
        expect(r.evidence[1]!.note).toMatchObject({ scope: ID, id: 'knownNodes' });
        expect(r.data).toMatchObject({
          volumes: [
            { volume: '/dev/sdb', foreignNodes: [] },
            { volume: 'mpatha (36000eb34fe49de76000000000004064)', foreignNodes: [] },
            {
              volume: VOLUME, wwid: '2225d000155a30dda', devices: ['/dev/sde', '/dev/sdf', '/dev/mapper/mpathb'], nodes: ['4', '5'], foreignNodes: ['4', '5'],
              mountedHere: false, pool: 'FC-St2', refusals: [{ file: '/var/log/ocfs2_shell_201511.log', stamp: '2026-11-25 03:47:26' }],
            },
          ],
        });
      },
    },
    {
      name: "another platform numbering its nodes like ours: this host's own name on a volume it has not mounted",
      hosts: ['same-node-numbers'],
      status: 'fail',
      message: 'otherPlatform',
      values: { volume: VOLUME, who: /cvknode11/ },
      steps: RELEASE,
      evidence: EVIDENCE,
      then: (r) => expect(r.data).toMatchObject({ volumes: [{}, {}, { volume: VOLUME, nodes: ['cvknode11', 'cvknode12'], foreignNodes: [], ownNumberElsewhere: 'cvknode11' }] }),
    },
    {
      name: 'refused an hour ago, released since: warns and says to start the pool again',
      hosts: ['released'],
      status: 'warn',
      message: 'refusedReleased',
      values: { volume: VOLUME, when: '2026-11-25 03:02:10' },
      steps: ['find-mount-error', 'find-other-cluster-nodes', 'start-pool'],
      evidence: EVIDENCE,
      then: (r) => {
        expect(excerpts(r)).toEqual([
          'mounted.ocfs2 -f | Device                FS     Nodes\n/dev/sde              ocfs2  Not mounted\n/dev/sdf              ocfs2  Not mounted\n/dev/mapper/mpathb    ocfs2  Not mounted',
          NODES,
          `${SHELL_LOG} | 2026-11-25 03:02:10 ${REFUSAL}`,
        ]);
        expect(r.data).toMatchObject({ volumes: [{}, {}, { volume: VOLUME, nodes: [], mountedHere: false, refusals: [{ stamp: '2026-11-25 03:02:10', recent: true }] }] });
      },
    },
    {
      name: 'the kernel found no free slot and only our nodes hold slots: too few slots for the cluster',
      hosts: ['slots-exhausted'],
      status: 'warn',
      message: 'slotsExhausted',
      values: { host: 'cvknode11', when: 'Nov 25 03:51:02', holders: /mpathb \(2225d000155a30dda\).*cvknode12, cvknode13/ },
      steps: ['count-node-slots', 'find-other-cluster-nodes', 'start-pool'],
      evidence: [`cvknode11: ${SYSLOG}`],
      then: (r) => {
        expect(r.recovery[0]!.command).toBe('debugfs.ocfs2 -R stats <device>');
        expect(r.evidence[0]!.excerpt).toContain('ocfs2_find_slot:492 ERROR: no free slots available!');
        expect(r.data).toMatchObject({ noFreeSlotLines: [expect.stringContaining('no free slots available!')] });
      },
    },
    {
      name: 'an old refusal is history: ok, and the verdict names it',
      hosts: ['old-refusal'],
      status: 'ok',
      message: 'allKnown',
      values: { count: 2, history: /2026-11-11 10:15:42.*\/dev\/disk\/by-id\/dm-name-2225d000155a30dda/ },
      then: (r) => expect(r.data).toMatchObject({ volumes: [{}, {}, { volume: VOLUME, refusals: [{ recent: false }] }] }),
    },
    {
      name: 'is not applicable without cluster.conf (here ocfs2-tools are missing too)',
      hosts: ['not-applicable'],
      status: 'skipped',
      skipReason: 'not-applicable',
      message: 'noCluster',
      steps: [],
    },
    {
      // with `mount` unread every volume looks not mounted here: our own name is no impostor then
      name: "is unknown, not a warning, when this host's mounts cannot be read",
      hosts: ['mount-unreadable'],
      status: 'unknown',
      message: 'mountUnreadable',
      values: { node: 'cvknode11', why: /mount.*cvknode11/, volumes: /\/dev\/sdb.*mpatha/ },
      then: (r) => expect(r.data).toMatchObject({ volumes: [{ ownNumberElsewhere: undefined }, { ownNumberElsewhere: undefined }] }),
    },
    {
      name: 'is unknown, never ok, when mounted.ocfs2 hangs and the logs say nothing',
      hosts: ['unreadable'],
      status: 'unknown',
      message: 'slotMapsUnreadable',
      values: { why: /mounted\.ocfs2 -f.*30 s.*cvknode11/ },
    },
    {
      name: 'a node its cluster.conf lacks is foreign to it, on a volume it has mounted too (two clusters writing to one volume)',
      hosts: ['@shared-pool-start/conf-node-missing/cvknode12'],
      host: 'cvknode12',
      status: 'fail',
      message: 'otherPlatform',
      values: { volume: '/dev/sdb', ofPool: /IPsan-St-001/, who: /cvknode13/, more: /1/ },
      steps: ['find-other-cluster-nodes', 'release-on-other-platform', 'start-pool'],
      evidence: ['cvknode12: mounted.ocfs2 -f', 'cvknode12: cat /etc/ocfs2/cluster.conf', 'cvknode12: mounted.ocfs2 -f'],
      then: (r) => {
        expect(r.message.values?.alsoHere).toMatchObject({ scope: ID, id: 'mountedHereToo' });
        expect(r.data).toMatchObject({ volumes: [{ volume: '/dev/sdb', foreignNodes: ['cvknode13'], mountedHere: true }, { foreignNodes: ['cvknode13'], mountedHere: true }] });
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
      hosts: ['foreign-cluster'],
      status: 'fail',
      message: 'otherPlatform',
      then: (r) => {
        expect(renderMsg(r.message, 'en')).toBe(`Volume ${VOLUME} of pool FC-St2 is mounted by node(s) 4, 5 that are not in this cluster's cluster.conf: another platform uses it; unmount it there, then start the pool.`);
        expect(renderMsg(r.message, 'zh')).toBe(`存储池 FC-St2 的卷 ${VOLUME}被不在本集群 cluster.conf 中的节点 4、5 挂载：另一个平台正在使用它，请在该平台解除挂载后再启动存储池。`);
      },
    },
  ],
});
