import { describe, expect, it } from 'vitest';
import { hostDir, resultOf, runOnFixtures } from '../support/fixture-run.js';
import { noteEn } from '../support/fixture-run.js';

const check = async (...dir: string[]) => resultOf(await runOnFixtures([hostDir(...dir)], ['disk-io-latency']), 'cvknode11', 'disk-io-latency');

interface Data {
  seconds: number;
  devices: { name: string; map?: string; mounts: string[]; awaitMs: number; util: number; severity?: string }[];
  slow?: { device: string; severity: string; stalled: boolean; vmShare?: number; moveTo?: string; vms: { vm: string; iops: number; kBps: number; latencyMs?: number; share: number }[] }[];
  vmsListed?: string[];
  vmsSampled?: string[];
}

describe('disk-io-latency (guide 3.5.1)', () => {
  it('is ok on a healthy host, naming the busiest device, without asking libvirt', async () => {
    const seen: string[] = [];
    const out = await runOnFixtures([hostDir('vks-healthy')], ['disk-io-latency'], { onCommand: (_h, r) => seen.push(r.key) });
    const r = resultOf(out, 'cvknode11', 'disk-io-latency');
    expect(r.status).toBe('ok');
    expect(r.summary.en).toBe('4 disk device(s) answer in time over 2 s; busiest dm-0 (multipath mpatha, pool /vms/FC-St): await 2.8 ms, util 35 %.');
    expect(r.summary.zh).toBe('2 秒内 4 个磁盘设备响应正常；最忙的 dm-0（多路径 mpatha，存储池 /vms/FC-St）：await 2.8 ms，利用率 35%。');
    expect(r.recovery).toEqual([]);
    const data = r.data as Data;
    // partitions, loop/sr devices and multipath paths are not judged on their own
    expect(data.devices.map((d) => d.name)).toEqual(['sda', 'sdb', 'dm-0', 'dm-1']);
    expect(data.devices.find((d) => d.name === 'dm-1')).toMatchObject({ mounts: ['/'], awaitMs: 2.27 });
    expect(data.devices.find((d) => d.name === 'sdb')).toMatchObject({ mounts: ['/vms/IPsan-St-001'], awaitMs: 3.6, util: 15 });
    expect(seen.filter((k) => k.startsWith('virsh'))).toEqual([]);
    expect(seen).toContain('readlink -f /dev/mapper/vg0-root');
  });

  it('fails a saturated FC pool and names the VM producing the IO, with a quieter pool to move it to', async () => {
    const r = await check('disk-io-latency', 'busy-pool');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe(
      'dm-0 (multipath mpatha, pool /vms/FC-St) is slow: await 77.9 ms (read 40 / write 95), util 100 %, 1450 IO/s, 34.8 MB/s over 2 s; '
      + 'erp-db (1110 IO/s, 26.6 MB/s) makes 77 % of it: limit its IO or move it to /vms/IPsan-St-001 (util 15 %).',
    );
    expect(r.summary.zh).toContain('erp-db（1110 次/秒，26.6 MB/s）占其中 77%：可限制其 IO，或迁移到 /vms/IPsan-St-001（利用率 15%）');
    expect(r.recovery.map((s) => s.id)).toEqual(['find-busy-devices', 'find-io-heavy-vms', 'limit-vm-io', 'move-vm-to-other-pool']);
    expect(r.recovery[0]!.text.en).toContain('On cvknode11, find the saturated storage device behind the pool (/dev/dm-0)');
    expect(r.recovery[3]!.text.en).toBe('Move the IO-heavy VMs (erp-db) to another storage pool.');
    const [first, second, ...vm] = r.evidence;
    expect(first!.excerpt.split('\n').map((l) => l.trim().split(/\s+/)[2])).toEqual(['sdc', 'sdd', 'dm-0']);
    expect(second!.excerpt).toContain(' 253       0 dm-0 60223101 0 964016741 180390111 60023251 0 1920270441 150391450 48 162112212 330781561');
    expect(noteEn(second!)).toBe('2 s later: await 77.9 ms (read 40 / write 95), util 100 %, 1450 IO/s, 34.8 MB/s over 2 s');
    expect(vm.map((e) => e.command)).toEqual(['virsh -r domblkstat erp-db vdb', 'virsh -r domblkstat erp-db vda']);
    expect(noteEn(vm[0]!)).toBe('erp-db vdb on /vms/FC-St: 1050 IO/s, 26.3 MB/s, 85 ms per request');
    const data = r.data as Data;
    expect(data.slow).toHaveLength(1);
    expect(data.slow![0]).toMatchObject({ device: 'dm-0', severity: 'fail', stalled: false, moveTo: '/vms/IPsan-St-001' });
    expect(data.slow![0]!.vmShare).toBeCloseTo(1230 / 1450, 5);
    expect(data.slow![0]!.vms.map((v) => [v.vm, v.iops, v.share])).toEqual([['erp-db', 1110, 0.77], ['win7', 90, 0.06], ['web01', 30, 0.02]]);
    expect(data.slow![0]!.vms[0]!.latencyMs).toBeCloseTo((1050 * 85 + 60 * 70) / 1110, 1);
    expect(data.vmsListed).toEqual(['win7', 'centos-db', 'erp-db', 'web01']);
    // centos-db lives on the quiet IP SAN pool: listed, not sampled
    expect(data.vmsSampled).toEqual(['win7', 'erp-db', 'web01']);
  });

  it('says the guide\'s remedies do not apply when the VMs make little of the IO', async () => {
    const r = await check('disk-io-latency', 'host-io');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe(
      'dm-0 (multipath mpatha, pool /vms/FC-St) is slow: await 63.8 ms (read 20 / write 65), util 98 %, 1800 IO/s, 219 MB/s over 2 s; '
      + 'the VMs on it make only 7 % of its IO: the rest comes from the host itself or other hosts on the shared LUN, so limiting or moving these VMs will not help.',
    );
    expect(r.summary.zh).toContain('其上的虚拟机只占其 IO 的 7%：其余来自本机自身的进程，或共享该 LUN 的其他主机');
    expect(r.recovery.map((s) => s.id)).toEqual(['find-other-io', 'find-busy-devices']);
    expect(r.recovery[0]!.text.en).toContain('Find what else does IO on /dev/dm-0: host processes (backups, copies, image conversions: iotop -o) on cvknode11, and the VMs of the other hosts using this shared LUN');
    expect((r.data as Data).slow![0]!.vmShare).toBeCloseTo(120 / 1800, 5);
  });

  it('fails IO that does not complete at all and points at the storage path, without sampling the VMs', async () => {
    const seen: string[] = [];
    const out = await runOnFixtures([hostDir('disk-io-latency', 'stalled')], ['disk-io-latency'], { onCommand: (_h, x) => seen.push(x.key) });
    const r = resultOf(out, 'cvknode11', 'disk-io-latency');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe('dm-0 (multipath mpatha, pool /vms/FC-St) does not complete IO: 64 request(s) in flight, none finished in 2 s, util 100 %: the storage path is stuck, not merely busy.');
    expect(r.summary.zh).toBe('dm-0（多路径 mpatha，存储池 /vms/FC-St）的 IO 无法完成：64 个请求在途，2 秒内一个也没有完成，利用率 100%：存储路径卡住了，而不只是繁忙。');
    expect(r.recovery.map((s) => s.id)).toEqual(['check-stuck-path', 'find-busy-devices']);
    expect(r.recovery[0]!).toMatchObject({ command: 'multipath -ll' });
    expect(r.recovery[0]!.text.en).toContain('usdiag check storage-blocked,storage-fence,multipath-wwid');
    expect(seen.filter((k) => k.startsWith('virsh'))).toEqual([]);
    expect((r.data as Data).slow![0]).toMatchObject({ device: 'dm-0', stalled: true });
  });

  it('warns on a pool at 28 ms and offers the FC pool as the move target', async () => {
    const r = await check('disk-io-latency', 'ipsan-slow');
    expect(r.status).toBe('warn');
    expect(r.summary.en).toBe(
      'sdb (pool /vms/IPsan-St-001) is slow: await 28.3 ms (read 30 / write 25), util 70 %, 300 IO/s, 2.3 MB/s over 2 s; '
      + 'centos-db (280 IO/s, 2.2 MB/s) makes 93 % of it: limit its IO or move it to /vms/FC-St (util 35 %).',
    );
    expect(r.recovery.find((s) => s.id === 'find-io-heavy-vms')!.text.en).toContain('`virsh domblkstat centos-db`');
    expect(r.evidence[0]!.excerpt.trim()).toBe('8      16 sdb 41230110 120331 660210044 160233012 28123077 510220 901233112 81233410 6 199233110 241512099');
  });

  it('still fails the slow device when libvirt cannot be asked, saying why the VMs are unknown', async () => {
    const r = await check('disk-io-latency', 'virsh-down');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toMatch(/^dm-0 \(multipath mpatha, pool \/vms\/FC-St\) is slow: await 77\.9 ms .*; its VMs could not be measured \("virsh -r list --all" failed on cvknode11: error: failed to connect to the hypervisor\)\.$/);
    expect(r.recovery.map((s) => s.id)).toEqual(['find-busy-devices', 'find-io-heavy-vms']);
    expect((r.data as Data).slow![0]!.vms).toEqual([]);
  });

  it('cannot decide when the second sample does not come back', async () => {
    const r = await check('disk-io-latency', 'second-sample-timeout');
    expect(r.status).toBe('unknown');
    expect(r.summary.en).toBe('The second sample failed: "cat /proc/diskstats" did not finish within 30 s on cvknode11');
    expect(r.recovery.map((s) => s.id)).toEqual(['find-busy-devices', 'find-io-heavy-vms']);
    expect(r.recovery[0]!.text.en).toContain('On cvknode11,');
  });
});

describe('disk-io-latency with many VMs on the slow pool', () => {
  it('samples at most 30 VMs, says so, and calls a pool loaded by many small VMs overloaded as a whole', async () => {
    const seen: string[] = [];
    const out = await runOnFixtures([hostDir('disk-io-latency', 'many-vms')], ['disk-io-latency'], { onCommand: (_h, x) => seen.push(x.key) });
    const r = resultOf(out, 'cvknode11', 'disk-io-latency');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe(
      'dm-0 (multipath mpatha, pool /vms/FC-St) is slow: await 77.9 ms (read 40 / write 95), util 100 %, 1450 IO/s, 34.8 MB/s over 2 s; '
      + '30 VMs make 83 % of its IO, none dominant (the heaviest: desk01 (40 IO/s, 0.8 MB/s), desk04 (40 IO/s, 0.8 MB/s), desk07 (40 IO/s, 0.8 MB/s)): '
      + 'the pool is overloaded as a whole: move some of them to /vms/IPsan-St-001 (util 15 %). (only 30 of the 33 VMs on the slow device(s) were measured)',
    );
    expect(r.summary.zh).toMatch(/存储池整体过载，请把其中一部分迁移到 \/vms\/IPsan-St-001（利用率 15%）。（慢设备上的 33 台虚拟机只测量了 30 台）$/);
    expect(r.recovery.map((s) => s.id)).toEqual(['find-busy-devices', 'find-io-heavy-vms', 'move-vm-to-other-pool', 'limit-vm-io']);
    expect(seen.filter((k) => k.startsWith('virsh -r domblklist'))).toHaveLength(33);
    expect(new Set(seen.filter((k) => k.startsWith('virsh -r domblkstat')))).toHaveLength(30);
    expect(seen).not.toContain('virsh -r domblkstat desk31 vda');
    expect(r.data).toMatchObject({ vmsNotSampled: ['desk31', 'desk32', 'desk33'], vmsNotListed: [] });
  });
});
