import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';

const STEPS = ['check-host-cpu', 'check-vm-cpu-mode', 'disable-rdrand', 'restart-vm'];
const MODEL = 'Hygon C86 7280 32-core Processor';
const FIXED = "<cpu mode='host-model' check='partial'> <topology sockets='1' dies='1' cores='4' threads='1'/> <feature policy='disable' name='rdrand'/> </cpu>";

testCheck('hygon-rdrand', {
  ok: [{ hosts: ['healthy/cvknode11'], message: 'safe', values: { count: 2, model: MODEL, disabled: 1, otherMode: 0, newer: 1 } }],
  cases: [
    {
      name: 'is not applicable on a non-Hygon host, and says the model it read',
      hosts: ['@vks-healthy'],
      status: 'skipped',
      message: 'notHygon',
      values: { model: 'Intel(R) Xeon(R) Gold 6226R CPU @ 2.90GHz' },
      evidence: ['cvknode11: lscpu'],
      skipReason: 'not-applicable',
    },
    {
      name: 'fails for a host-model CentOS 6.8 guest (libosinfo) without rdrand disabled, and shows the <cpu> element to write',
      hosts: ['guide-centos68/cvknode11'],
      status: 'fail',
      message: 'oldGuest',
      values: { vm: 'centos-db', host: 'cvknode11', model: MODEL, mode: 'host-model', os: 'CentOS 6.8', confidence: 0.9, lockup: '', more: '' },
      nested: ['fromLibosinfo'],
      steps: STEPS,
      evidence: ['cvknode11: lscpu', 'cvknode11: virsh -r dumpxml -- centos-db'],
      filled: true,
      then: (r) => {
        expect(r.evidence[0]!.excerpt).toContain(`Model name:                      ${MODEL}`);
        expect(r.evidence[1]!.excerpt).toContain('<libosinfo:os id="http://centos.org/centos/6.8"/>');
        const step = r.recovery.find((s) => s.id === 'disable-rdrand')!.text.en;
        expect(step).toContain("add <feature policy='disable' name='rdrand'/> as the last line inside <cpu mode='host-model' check='partial'>, before </cpu>");
        expect(step).toContain(FIXED);
        expect((r.data as { vms: { vm: string; confidence?: number }[] }).vms.find((v) => v.vm === 'win7')!.confidence).toBe(0.4);
      },
    },
    {
      name: 'warns when nothing names the guest system, with confidence 0',
      hosts: ['unknown-guest/cvknode11'],
      status: 'warn',
      message: 'unknownGuest',
      values: { vm: 'centos-db', mode: 'host-model', confidence: 0 },
      nested: ['notNamed'],
      steps: STEPS,
    },
    {
      name: 'fails on the soft lockup lines of the qemu log when the definition names no system',
      hosts: ['lockup-logged/cvknode11'],
      status: 'fail',
      message: 'oldGuest',
      values: { vm: 'centos-db', confidence: 0.7, lockup: /soft lockup - CPU#2 stuck for 67s/ },
      nested: ['fromLog', 'unknownOs', 'lockup'],
      evidence: ['cvknode11: lscpu', 'cvknode11: virsh -r dumpxml -- centos-db', /qemu\/centos-db\.log/],
    },
    {
      name: 'reads /proc/cpuinfo when lscpu is not installed',
      hosts: ['lscpu-missing/cvknode11'],
      status: 'fail',
      message: 'oldGuest',
      values: { vm: 'centos-db', os: 'CentOS 6.8' },
      evidence: ['cvknode11: cat /proc/cpuinfo', 'cvknode11: virsh -r dumpxml -- centos-db'],
      then: (r) => expect(r.evidence[0]!.excerpt).toBe('vendor_id\t: HygonGenuine\nmodel name\t: Hygon C86 7280 32-core Processor'),
    },
  ],
});
