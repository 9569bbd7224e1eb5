import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';
import { renderMsg } from '../../src/i18n/message.js';

const PAT = "'cpu_mem_threshold|CpuUsePercent|MemSysReserved|[Ii]nsufficient (memory|cpu|CPU)|not enough (memory|cpu|CPU)|cannot set up guest memory|Cannot allocate memory'";
const STEPS = ['check-thresholds', 'read-libvirt-log', 'free-resources', 'shutdown-idle-vms', 'migrate-other-vms'];

testCheck('vm-start-resources', {
  ok: [{ hosts: ['@vks-healthy'], message: 'fits' }],
  cases: [
    {
      name: 'names the shut-off VM that the reservation rule and libvirt\'s check refuse, and by how much',
      hosts: ['memory-short/cvknode11'],
      status: 'fail',
      message: 'refusedStart',
      values: { vm: 'erp01', vmMem: 32, host: 'cvknode11', more: '' },
      nested: ['overReservation', 'shortForLibvirt', 'cpuNow', 'memoryNow', 'reserved'],
      steps: STEPS,
      evidence: [
        'cvknode11: cat /etc/cvk/cpu_mem_threshold.conf',
        'cvknode11: cat /proc/stat',
        'cvknode11: cat /proc/stat',
        'cvknode11: cat /proc/meminfo',
        'cvknode11: virsh -r dumpxml -- erp01',
        `cvknode11: tail -c 8M /var/log/libvirt/libvirtd.log | grep -a -E -e ${PAT} | tail -n 40`,
      ],
      then: (r, _o, sent) => {
        const en = renderMsg(r.message, 'en');
        expect(en).toContain('20.6 GiB above the 80 % reservation limit');
        expect(en).toContain('only 24 GiB is: 12 GiB short');
        expect(en).toContain('MemSysReserved 4 GiB held back for the host');
        expect(r.evidence[4]!.excerpt).toBe("  <memory unit='KiB'>33554432</memory>");
        expect(r.evidence[5]!.excerpt).toContain('insufficient memory on host to start domain erp01');
        const free = r.recovery.find((s) => s.id === 'free-resources')!;
        expect(free.text.en).toContain('Free at least 20.6 GiB of memory on cvknode11 for erp01 to start.');
        expect(r.recovery.find((s) => s.id === 'shutdown-idle-vms')!.text.en).toContain('win7 (8 GiB), centos-db (8 GiB)');
        const vms = (r.data as { vms: { vm: string; refused?: boolean; overReservationGiB?: number; shortGiB?: number }[] }).vms;
        expect(vms.find((v) => v.vm === 'erp01')).toMatchObject({ refused: true, overReservationGiB: 20.6, shortGiB: 12 });
        expect(vms.find((v) => v.vm === 'win7')!.refused).toBeUndefined();
        // two samples of /proc/stat, never one
        expect(sent.filter((k) => k === 'cvknode11: cat /proc/stat')).toHaveLength(2);
      },
    },
    {
      name: 'reads the one-key-per-line thresholds and refuses a small VM while the CPU is above CpuUsePercent',
      hosts: ['cpu-busy/cvknode11'],
      status: 'fail',
      message: 'refusedStart',
      values: { vm: 'erp01', vmMem: 4 },
      nested: ['cpuOver'],
      steps: STEPS,
      then: (r) => {
        expect(renderMsg(r.message, 'en')).toContain('CPU use 93 % is above CpuUsePercent 85 %');
        expect(renderMsg(r.message, 'en')).not.toContain('reservation limit');
        expect(r.recovery.find((s) => s.id === 'free-resources')!.text.en).toContain('bring CPU use below 85 % (now 93 %)');
        expect((r.data as { cpuLimit: number }).cpuLimit).toBe(85);
      },
    },
    {
      name: 'cannot decide when the thresholds cannot be read (never ok on a refused read)',
      hosts: ['conf-denied/cvknode11'],
      status: 'unknown',
      message: 'unread',
      values: { what: '/etc/cvk/cpu_mem_threshold.conf', why: /Permission denied/ },
    },
    {
      name: 'without the threshold file only the reservation rule applies: a busy CPU refuses nothing, the shut-off VM fits',
      hosts: ['no-conf/cvknode11'],
      status: 'ok',
      message: 'fits',
      nested: ['cpuNoLimit', 'memoryNow', 'noConf', 'allFit'],
      then: (r) => {
        expect(renderMsg(r.message, 'en')).toContain('all 1 shut-off VM(s) would start (the largest, erp01, books 4 GiB');
        expect(renderMsg(r.message, 'en')).toContain("no /etc/cvk/cpu_mem_threshold.conf: libvirt's own check is not configured");
      },
    },
  ],
});
