import { expect } from 'vitest';
import { renderMsg } from '../../src/i18n/message.js';
import { renderValue } from '../../src/i18n/message.js';
import { resultOf } from '../support/fixture-run.js';
import { testCheck } from '../support/check-tester.js';

const chain = ['chain/cvknode11', 'chain/cvknode12', 'chain/cvknode13'];
const REBOOT = ['list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered'];
const noteId = (n: unknown) => (n && typeof n === 'object' && 'id' in n ? (n as { id: string }).id : undefined);

testCheck('storage-blocked', {
  ok: ['transient/cvknode11'],
  cases: [
    {
      name: 'follows the lock from the blocked node through the owner to the holder and names its D-state process',
      hosts: chain,
      status: 'fail',
      message: 'lockHeld',
      values: {
        lockres: 'P00000000000000000000000000000000',
        holder: 'node 3 (cvknode13, 172.16.51.13)',
        holderHost: 'cvknode13',
        onHolder: '; on it dd (pid 27904, D+, ocfs2_cluster_lock.isra.30) is stuck',
        pool: '/vms/IPsan-St-001 (/dev/sdb)',
      },
      steps: REBOOT,
      // the evidence walks the same path as guide 3.5.3: df, fs_locks here, dlm_locks here and on the owner, ps on the holder
      evidence: [
        'cvknode11: df -P -- /vms/IPsan-St-001',
        "cvknode11: debugfs.ocfs2 -R 'fs_locks -B' /dev/sdb",
        "cvknode11: debugfs.ocfs2 -R 'dlm_locks P00000000000000000000000000000000' /dev/sdb",
        "cvknode12: debugfs.ocfs2 -R 'dlm_locks P00000000000000000000000000000000' /dev/sdk",
        'cvknode13: ps -e -o pid,ppid,stat,wchan:32,etimes,args',
      ],
      also: [
        // the owner node is blocked too and reaches the same verdict from its side
        { host: 'cvknode12', status: 'fail', message: 'lockHeld', values: { holderHost: 'cvknode13' } },
        // the holder itself answers, but shows the stuck process
        { host: 'cvknode13', status: 'warn', message: 'localWaiter', values: { process: 'dd (pid 27904, D+, ocfs2_cluster_lock.isra.30)' } },
      ],
      then: (r, _o, sent) => {
        expect(r.evidence[3]!.excerpt).toContain(' Granted     3     EX');
        expect(r.evidence[4]!.excerpt).toContain('27904    3411 D+   ocfs2_cluster_lock.isra.30');
        // the ps excerpt keeps its header line
        expect(r.evidence[4]!.excerpt.split('\n')[0]).toMatch(/^\s*PID\s+PPID\s+STAT/);
        expect(r.recovery.find((s) => s.id === 'reboot-host')!.text.en).toContain('cvknode13');
        // each distinct command ran once per host, even though two hosts followed the same lock
        expect(sent.filter((c, i) => sent.indexOf(c) !== i)).toEqual([]);
      },
    },
    {
      name: 'links the blocked nodes and the holder into one incident, the holder as its root cause',
      hosts: chain,
      status: 'fail',
      message: 'lockHeld',
      then: (r, o) => {
        const culprit = { host: 'cvknode13', process: 'dd', pid: 27904, pool: '/vms/IPsan-St-001' };
        const key = 'storage-lock:/vms/IPsan-St-001:cvknode13';
        expect(r.incident).toEqual({ key, kind: 'storage-lock', culprit, role: 'affected' });
        expect(resultOf(o, 'cvknode12', 'storage-blocked').incident).toMatchObject({ key, role: 'affected' });
        expect(resultOf(o, 'cvknode13', 'storage-blocked').incident).toEqual({ key, kind: 'storage-lock', culprit, role: 'root' });
      },
    },
    {
      name: 'fills the reboot procedure with the VMs the holder runs, and names its two pids apart',
      hosts: chain,
      status: 'fail',
      message: 'lockHeld',
      steps: REBOOT,
      then: (r, o) => {
        const step = (id: string) => r.recovery.find((s) => s.id === id)!;
        expect(step('list-vms').text.en).toContain('usdiag found 2 running VM(s) there: win7 (pid 3520, VNC :0), centos-db (pid 3611, VNC :1).');
        expect(step('list-vms').text.zh).toContain('win7（pid 3520，VNC :0）');
        // two VMs: the kill command keeps its placeholder, named for what it is; the text lists both pids
        expect(step('shutdown-vms').command).toBe('kill -9 <vmPid>');
        expect(step('shutdown-vms').text.en).toContain('Their qemu pids: win7 3520, centos-db 3611.');
        // on the holder, the stuck process is {stuckPid}, not a VM's
        const holder = resultOf(o, 'cvknode13', 'storage-blocked');
        expect(holder.recovery.find((s) => s.id === 'find-blocked-process')!.text.en).toContain('(dd, pid 27904)');
        expect(holder.recovery.find((s) => s.id === 'list-vms')!.text.en).toContain('win7 (pid 3520, VNC :0)');
      },
    },
    {
      name: 'names the owner node and the command to run there when it is not in the inventory',
      hosts: ['chain/cvknode11'],
      status: 'fail',
      message: 'ownerUnreachable',
      values: { owner: 'node 2 (cvknode12, 172.16.51.12)', why: 'node 2 (cvknode12, 172.16.51.12) is not in the inventory' },
      steps: ['dlm-on-owner', 'find-lock-holder', 'find-blocked-process', 'list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered'],
      then: (r) => {
        expect(r.recovery[0]!.command).toBe('debugfs.ocfs2 -R "dlm_locks P00000000000000000000000000000000" <device of /vms/IPsan-St-001>');
        expect(r.recovery[0]!.text.en).toContain('ssh 172.16.51.12');
        expect(r.recovery[0]!.text.zh).toContain('节点 2（cvknode12，172.16.51.12）');
      },
    },
    {
      name: 'names the holder node when it cannot be reached, with the ps command for it',
      hosts: ['chain/cvknode11', 'chain/cvknode12'],
      status: 'fail',
      message: 'holderUnreachable',
      values: { holder: 'node 3 (cvknode13, 172.16.51.13)', why: 'node 3 (cvknode13, 172.16.51.13) is not in the inventory' },
      steps: ['ps-on-holder', 'find-blocked-process', 'list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered'],
      then: (r) => expect(r.recovery[0]!.command).toBe('ps -e -o pid,stat,comm,wchan=WIDE-WCHAN-COLUMN | grep D'),
    },
    {
      name: 'says why the owner could not be asked when its host is down',
      hosts: ['chain/cvknode11', 'chain-owner-down/cvknode12'],
      status: 'fail',
      message: 'ownerUnreachable',
      values: { owner: 'node 2 (cvknode12, 172.16.51.12)', why: /ECONNREFUSED/ },
    },
    {
      name: 'follows a chain of more than two hops to the root holder',
      hosts: ['long-chain/cvknode11', 'long-chain/cvknode12', 'long-chain/cvknode13'],
      status: 'fail',
      message: 'lockHeld',
      values: { holderHost: 'cvknode13', chain: ' via node 2 (cvknode12, 172.16.51.12)', onHolder: /dd \(pid 27904/ },
      then: (r) => {
        const waiting = r.evidence.find((e) => e.host === 'cvknode12' && noteId(e.note) === 'itselfWaiting')!;
        expect(renderValue(waiting.note, 'en')).toBe('node 2 (cvknode12, 172.16.51.12) is itself waiting');
      },
    },
    {
      name: 'stops on a loop and reports the deadlock',
      hosts: ['deadlock/cvknode11', 'deadlock/cvknode12'],
      status: 'fail',
      message: 'deadlock',
      values: { nodes: 'node 1 (cvknode11, 172.16.51.11) → node 2 (cvknode12, 172.16.51.12) → node 1 (cvknode11, 172.16.51.11)' },
      steps: REBOOT,
      then: (r) => {
        const trace = (r.data as Array<{ traces: Array<{ end: { kind: string; nodes: Array<{ number: number }> } }> }>)[0]!.traces[0]!;
        expect(trace.end.kind).toBe('loop');
        expect(trace.end.nodes.map((n) => n.number)).toEqual([1, 2, 1]);
      },
    },
    {
      // Each node's trace ends at the other one; both must recommend the same node, or following the report reboots both.
      name: 'recommends one node of a deadlock from both sides: the one running fewer VMs, the other as the alternative',
      hosts: ['deadlock/cvknode11', 'deadlock/cvknode12'],
      status: 'fail',
      message: 'deadlock',
      values: { holderHost: 'cvknode11', alternative: 'cvknode12', why: 'it runs the fewest VMs: cvknode11 1, cvknode12 2' },
      nested: ['fewestVms'],
      also: [{ host: 'cvknode12', status: 'fail', message: 'deadlock', values: { holderHost: 'cvknode11', alternative: 'cvknode12' } }],
      then: (r, o) => {
        const other = resultOf(o, 'cvknode12', 'storage-blocked');
        expect(r.incident).toMatchObject({
          key: 'storage-deadlock:/vms/IPsan-St-001:cvknode11+cvknode12',
          kind: 'storage-deadlock',
          culprit: { host: 'cvknode11', pool: '/vms/IPsan-St-001' },
          alternatives: [{ host: 'cvknode12', pool: '/vms/IPsan-St-001' }],
          role: 'root',
        });
        expect(other.incident).toMatchObject({ key: r.incident!.key, culprit: { host: 'cvknode11' }, role: 'affected' });
        for (const x of [r, other]) expect(x.recovery.find((s) => s.id === 'reboot-host')!.text.en).toMatch(/^Reboot cvknode11\./);
        // one VM runs there: the kill command gets its pid
        expect(r.recovery.find((s) => s.id === 'shutdown-vms')!.command).toBe('kill -9 3520');
      },
    },
    {
      name: 'breaks a tie between the nodes of a deadlock by node number, the same from every side',
      hosts: ['deadlock-even/cvknode11', 'deadlock-even/cvknode12'],
      status: 'fail',
      message: 'deadlock',
      values: { holderHost: 'cvknode12', alternative: 'cvknode11' },
      nested: ['sameVms'],
      also: [{ host: 'cvknode12', status: 'fail', message: 'deadlock', values: { holderHost: 'cvknode12', alternative: 'cvknode11' } }],
      then: (r) => expect(r.incident).toMatchObject({ culprit: { host: 'cvknode12' }, role: 'affected' }),
    },
    {
      name: 'blames the IO path when df hangs but no lock is waited for',
      hosts: ['io-path/cvknode11'],
      status: 'fail',
      message: 'ioPath',
      values: { pool: '/vms/IPsan-St-001 (/dev/sdb)', state: 'is blocked' },
      steps: ['check-io-path', 'find-hung-mount'],
      then: (r) => expect(r.evidence[0]!.timedOutAfterSec).toBe(2),
    },
    {
      name: 'reports several blocked pools at once',
      hosts: ['two-pools/cvknode11'],
      status: 'fail',
      message: 'morePools',
      values: { more: 1 },
      then: (r) => {
        const pools = r.data as Array<{ mount: string; hung: boolean; waitingLocks: string[] }>;
        expect(pools.map((p) => [p.mount, p.hung, p.waitingLocks.length])).toEqual([
          ['/vms/IPsan-St-001', true, 1],
          ['/vms/FC-St', true, 1],
        ]);
      },
    },
    {
      name: 'warns about a lock waited for in both samples while df still answers',
      hosts: ['persistent-busy/cvknode11'],
      status: 'warn',
      message: 'holderUnreachable',
      values: { state: 'has a lock waited for in every sample', holder: 'node 2 (cvknode12, 172.16.51.12)' },
    },
    {
      name: 'does not start another df on a pool where an earlier probe is still stuck',
      hosts: ['stuck-probe/cvknode11'],
      status: 'fail',
      message: 'holderUnreachable',
      then: (r, _o, sent) => {
        expect(sent).not.toContain('cvknode11: df -P -- /vms/IPsan-St-001');
        expect(noteId(r.evidence[0]!.note)).toBe('earlierProbe');
      },
    },
    {
      name: 'cannot decide when the lock state is unreadable (tools older than the kernel)',
      hosts: ['proto-mismatch/cvknode11'],
      status: 'unknown',
      message: 'locksUnreadable',
      values: { why: /proto 4/ },
    },
    {
      name: 'is not applicable without OCFS2 pools',
      hosts: ['no-ocfs2/cvknode21'],
      status: 'skipped',
      skipReason: 'not-applicable',
      message: 'noPools',
    },
  ],
});

// The summary a person reads is still the guide's words, in both languages.
testCheck('storage-blocked', {
  ok: [],
  cases: [
    {
      name: 'renders the holder verdict in English and Chinese',
      hosts: chain,
      status: 'fail',
      message: 'lockHeld',
      then: (r, o) => {
        expect(renderMsg(r.message, 'en')).toContain('Reboot cvknode13 (guide 3.5.3)');
        expect(renderMsg(r.message, 'zh')).toContain('按指南 3.5.3 重启 cvknode13');
        expect(renderMsg(r.message, 'zh')).toContain('dd（pid 27904');
        expect(renderMsg(resultOf(o, 'cvknode13', 'storage-blocked').message, 'zh')).toContain('正卡在 OCFS2 锁上');
      },
    },
  ],
});
