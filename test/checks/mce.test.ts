import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';

const FULL = ['read-mce-log', 'check-hardware-log', 'migrate-vms', 'isolate-host', 'replace-faulty-hardware'];

testCheck('mce', {
  ok: ['@vks-healthy', { hosts: ['@vms-healthy'], message: 'ok' }],
  cases: [
    {
      name: 'fails on an uncorrected error in mce.log and names the VMs to move away',
      hosts: ['uncorrected/cvknode11'],
      status: 'fail',
      message: 'uncorrected',
      values: { host: 'cvknode11', count: 1, where: 'CPU 3 bank 1: 1', when: '2026-11-24T22:40:00Z' },
      steps: FULL,
      filled: true,
      evidence: ['cvknode11: tail -c 4M /var/log/mce.log | tail -n 4000'],
      then: (r) => expect(r.recovery.find((s) => s.id === 'migrate-vms')!.text.en).toContain('(win7, centos-db)'),
    },
    {
      name: 'fails on corrected errors that keep coming on one DIMM (EDAC counters, kernel lines)',
      hosts: ['repeating-dimm/cvknode11'],
      status: 'fail',
      message: 'repeating',
      values: { count: 12, where: 'EDAC MC1 CPU_SrcID#1_Ha#0_Chan#1_DIMM#0: 12' },
      steps: FULL,
      then: (r) => {
        expect(r.evidence.map((e) => e.command.split(' ')[0])).toEqual(['grep', 'tail']);
        expect(r.evidence[0]!.excerpt).toContain('mc1/dimm1/dimm_ce_count:12');
      },
    },
    {
      name: 'warns on a single old corrected event',
      hosts: ['corrected-once/cvmnode01'],
      status: 'warn',
      message: 'once',
      values: { where: 'CPU 3 bank 0: 1' },
      steps: ['read-mce-log', 'check-hardware-log'],
    },
  ],
});
