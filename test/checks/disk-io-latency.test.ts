import { expect } from 'vitest';
import { renderMsg } from '../../src/i18n/message.js';
import type { CheckRecord } from '../../src/engine/runner.js';
import { testCheck } from '../support/check-tester.js';

const ID = 'disk-io-latency';
const noteId = (e: CheckRecord['evidence'][number] | undefined) => (e?.note && typeof e.note === 'object' && 'id' in e.note ? e.note.id : undefined);
const virsh = (sent: readonly string[]) => sent.filter((k) => k.includes(': virsh'));

interface Data {
  seconds: number;
  devices: { name: string; map?: string; mounts: string[]; awaitMs: number; util: number; severity?: string }[];
  slow?: { device: string; severity: string; stalled: boolean; vmShare?: number; moveTo?: string; vms: { vm: string; iops: number; kBps: number; latencyMs?: number; share: number }[] }[];
  vmsListed?: string[];
  vmsSampled?: string[];
}

const FC_POOL = ' (multipath mpatha, pool /vms/FC-St)';
const SAMPLES = ['cvknode11: cat /proc/diskstats', 'cvknode11: cat /proc/diskstats'];
const UNDECIDED = ['find-busy-devices', 'find-io-heavy-vms'];
const LIMIT_THEN_MOVE = ['find-busy-devices', 'find-io-heavy-vms', 'limit-vm-io', 'move-vm-to-other-pool'];

testCheck(ID, {
  ok: [
    { hosts: ['@vks-healthy'], message: 'allInTime', values: { count: 4, device: 'dm-0', where: FC_POOL, await: '2.8', util: 35 } },
    // the mount table only names the devices: every device is still judged from /proc/diskstats
    { hosts: ['healthy-mount-hangs'], message: 'allInTime', values: { device: 'dm-0', where: ' (multipath mpatha)' } },
  ],
  cases: [
    {
      name: 'is ok on a healthy host, naming the busiest device, without asking libvirt',
      hosts: ['@vks-healthy'],
      status: 'ok',
      message: 'allInTime',
      values: { seconds: '2' },
      then: (r, _o, sent) => {
        const data = r.data as Data;
        // partitions, loop/sr devices and multipath paths are not judged on their own
        expect(data.devices.map((d) => d.name)).toEqual(['sda', 'sdb', 'dm-0', 'dm-1']);
        expect(data.devices.find((d) => d.name === 'dm-1')).toMatchObject({ mounts: ['/'], awaitMs: 2.27 });
        expect(data.devices.find((d) => d.name === 'sdb')).toMatchObject({ mounts: ['/vms/IPsan-St-001'], awaitMs: 3.6, util: 15 });
        expect(virsh(sent)).toEqual([]);
        expect(sent).toContain('cvknode11: readlink -f /dev/mapper/vg0-root');
      },
    },
    {
      name: 'fails a saturated FC pool and names the VM producing the IO, with a quieter pool to move it to',
      hosts: ['busy-pool'],
      status: 'fail',
      message: 'oneVmHeavy',
      values: { device: 'dm-0', where: FC_POOL, vm: 'erp-db', iops: 1110, mbps: '26.6', share: 77, remedy: /\/vms\/IPsan-St-001 \(util 15 %\)/, notes: '' },
      nested: ['where', 'metrics', 'limitOrMoveIt'],
      steps: LIMIT_THEN_MOVE,
      filled: true,
      evidence: [...SAMPLES, 'cvknode11: virsh -r domblkstat erp-db vdb', 'cvknode11: virsh -r domblkstat erp-db vda'],
      then: (r) => {
        expect(r.recovery[0]!.text.en).toContain('/dev/dm-0');
        expect(r.recovery[0]!.text.en).toContain('cvknode11');
        expect(r.recovery[3]!.text.en).toContain('(erp-db)');
        const [first, second, vm] = r.evidence;
        // the map's line and its paths' lines, in the order the kernel prints them
        expect(first!.excerpt.split('\n').map((l) => l.trim().split(/\s+/)[2])).toEqual(['sdc', 'sdd', 'dm-0']);
        expect(second!.excerpt).toContain(' 253       0 dm-0 60223101 0 964016741 180390111 60023251 0 1920270441 150391450 48 162112212 330781561');
        expect([noteId(first), noteId(second), noteId(vm)]).toEqual(['firstSample', 'later', 'vmDisk']);
        expect(vm!.excerpt.split('\n').map((l) => l.trim().split(/\s+/)[1])).toEqual(['rd_req', 'rd_bytes', 'wr_req', 'wr_bytes']);
        const data = r.data as Data;
        expect(data.slow).toHaveLength(1);
        expect(data.slow![0]).toMatchObject({ device: 'dm-0', severity: 'fail', stalled: false, moveTo: '/vms/IPsan-St-001' });
        expect(data.slow![0]!.vmShare).toBeCloseTo(1230 / 1450, 5);
        expect(data.slow![0]!.vms.map((v) => [v.vm, v.iops, v.share])).toEqual([['erp-db', 1110, 0.77], ['win7', 90, 0.06], ['web01', 30, 0.02]]);
        expect(data.slow![0]!.vms[0]!.latencyMs).toBeCloseTo((1050 * 85 + 60 * 70) / 1110, 1);
        expect(data.vmsListed).toEqual(['win7', 'centos-db', 'erp-db', 'web01']);
        // centos-db lives on the quiet IP SAN pool: listed, not sampled
        expect(data.vmsSampled).toEqual(['win7', 'erp-db', 'web01']);
      },
    },
    {
      name: "says the guide's remedies do not apply when the VMs make little of the IO",
      hosts: ['host-io'],
      status: 'fail',
      message: 'vmsMakeLittle',
      values: { device: 'dm-0', share: 7 },
      nested: ['hostOrLun'],
      steps: ['find-other-io', 'find-busy-devices'],
      filled: true,
      then: (r) => {
        // the shared LUN sends the engineer to the other hosts too
        expect(r.recovery[0]!.text.en).toContain('usdiag check disk-io-latency');
        expect(r.recovery[0]!.text.en).toContain('/dev/dm-0');
        expect((r.data as Data).slow![0]!.vmShare).toBeCloseTo(120 / 1800, 5);
      },
    },
    {
      name: 'does not clear the VMs when the counters of one of them could not be read',
      hosts: ['host-io-vm-unread'],
      status: 'fail',
      message: 'vmsPartlyRead',
      values: { device: 'dm-0', count: 1, why: /virsh -r domblkstat win7 vda.*30 s/, notes: '' },
      steps: UNDECIDED,
    },
    {
      name: 'fails IO that does not complete at all and points at the storage path, without sampling the VMs',
      hosts: ['stalled'],
      status: 'fail',
      message: 'stalled',
      values: { device: 'dm-0', where: FC_POOL, inFlight: 64, util: 100 },
      steps: ['check-stuck-path', 'find-busy-devices'],
      filled: true,
      evidence: SAMPLES,
      then: (r, _o, sent) => {
        expect(r.recovery[0]).toMatchObject({ command: 'multipath -ll' });
        expect(r.recovery[0]!.text.en).toContain('usdiag check storage-blocked,storage-fence,multipath-wwid');
        expect(virsh(sent)).toEqual([]);
        expect((r.data as Data).slow![0]).toMatchObject({ device: 'dm-0', stalled: true });
      },
    },
    {
      name: 'warns on a pool at 28 ms and offers the FC pool as the move target',
      hosts: ['ipsan-slow'],
      status: 'warn',
      message: 'oneVmHeavy',
      values: { device: 'sdb', where: ' (pool /vms/IPsan-St-001)', vm: 'centos-db', share: 93, remedy: /\/vms\/FC-St \(util 35 %\)/ },
      steps: LIMIT_THEN_MOVE,
      evidence: [...SAMPLES, 'cvknode11: virsh -r domblkstat centos-db vda'],
      then: (r) => {
        expect(r.recovery.find((s) => s.id === 'find-io-heavy-vms')!.text.en).toContain('`virsh domblkstat centos-db`');
        expect(r.evidence[0]!.excerpt.trim()).toBe('8      16 sdb 41230110 120331 660210044 160233012 28123077 510220 901233112 81233410 6 199233110 241512099');
      },
    },
    {
      name: 'still fails the slow device when libvirt cannot be asked, saying why the VMs are unknown',
      hosts: ['virsh-down'],
      status: 'fail',
      message: 'vmsUnmeasured',
      values: { device: 'dm-0', why: /"virsh -r list --all" failed on cvknode11: error: failed to connect to the hypervisor/ },
      steps: UNDECIDED,
      evidence: SAMPLES,
      then: (r) => expect((r.data as Data).slow![0]!.vms).toEqual([]),
    },
    {
      name: 'still fails the slow device when the mount table hangs, without asking libvirt or saying it holds nothing',
      hosts: ['mount-hangs'],
      status: 'fail',
      message: 'vmsUnmeasured',
      values: { device: 'dm-0', where: ' (multipath mpatha)', why: /"mount" did not finish within 30 s on cvknode11/ },
      steps: UNDECIDED,
      then: (r, _o, sent) => {
        expect(virsh(sent)).toEqual([]);
        expect(r.reads.filter((x) => x.command === 'mount').every((x) => x.optional)).toBe(true);
      },
    },
    {
      name: 'cannot decide when the second sample does not come back',
      hosts: ['second-sample-timeout'],
      status: 'unknown',
      message: 'secondSampleFailed',
      values: { why: /"cat \/proc\/diskstats" did not finish within 30 s on cvknode11/ },
      steps: UNDECIDED,
      then: (r) => expect(r.recovery[0]!.text.en).toContain('cvknode11'),
    },
    {
      name: 'samples at most 30 VMs, says so, and calls a pool loaded by many small VMs overloaded as a whole',
      hosts: ['many-vms'],
      status: 'fail',
      message: 'overloaded',
      values: {
        device: 'dm-0',
        count: 30,
        share: 83,
        heaviest: 'desk01 (40 IO/s, 0.8 MB/s), desk04 (40 IO/s, 0.8 MB/s), desk07 (40 IO/s, 0.8 MB/s)',
        move: /\/vms\/IPsan-St-001 \(util 15 %\)/,
      },
      nested: ['moveSome', 'notes', 'notAllSampled'],
      steps: ['find-busy-devices', 'find-io-heavy-vms', 'move-vm-to-other-pool', 'limit-vm-io'],
      then: (r, _o, sent) => {
        expect(sent.filter((k) => k.includes(': virsh -r domblklist'))).toHaveLength(33);
        expect(new Set(sent.filter((k) => k.includes(': virsh -r domblkstat')))).toHaveLength(30);
        expect(sent).not.toContain('cvknode11: virsh -r domblkstat desk31 vda');
        expect(r.data).toMatchObject({ vmsNotSampled: ['desk31', 'desk32', 'desk33'], vmsNotListed: [] });
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
      hosts: ['busy-pool'],
      status: 'fail',
      message: 'oneVmHeavy',
      then: (r) => {
        expect(renderMsg(r.message, 'en')).toBe(
          'dm-0 (multipath mpatha, pool /vms/FC-St) is slow: await 77.9 ms (read 40 / write 95), util 100 %, 1450 IO/s, 34.8 MB/s over 2 s; '
          + 'erp-db (1110 IO/s, 26.6 MB/s) makes 77 % of it: limit its IO or move it to /vms/IPsan-St-001 (util 15 %).',
        );
        expect(renderMsg(r.message, 'zh')).toBe(
          'dm-0（多路径 mpatha，存储池 /vms/FC-St）响应慢：await 77.9 ms（读 40 / 写 95），利用率 100%，2 秒内平均 1450 次/秒、34.8 MB/s；'
          + 'erp-db（1110 次/秒，26.6 MB/s）占其中 77%：可限制其 IO，或迁移到 /vms/IPsan-St-001（利用率 15%）。',
        );
      },
    },
  ],
});
