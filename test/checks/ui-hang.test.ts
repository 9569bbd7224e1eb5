import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';

testCheck('ui-hang', {
  ok: ['@vks-healthy', '@vms-healthy'],
  cases: [
    {
      name: 'warns on unfinished snapshot and backup tasks, naming task, VM and duration',
      hosts: ['tasks/cvknode11'],
      status: 'warn',
      message: 'tasks',
      values: { tasks: 'a snapshot of win7 running for 30 min 30 s (pid 12044); a backup of centos-db running for 15 min 20 s (pid 12310)' },
      steps: ['wait-for-tasks'],
      evidence: ['cvknode11: ps -e -o pid,ppid,stat,wchan:32,etimes,args', 'cvknode11: virsh -r domjobinfo -- win7'],
    },
    {
      name: 'points to storage-blocked for a blocked pool instead of repeating it',
      hosts: ['@storage-blocked/io-path/cvknode11'],
      status: 'fail',
      message: 'storageFault',
      values: { finding: /^found by storage-blocked \(\/vms\/IPsan-St-001\)$/ },
      steps: ['check-storage-pools'],
      then: (r) => expect((r.data as { storage: Record<string, string> }).storage['storage-blocked']).toBe('fail'),
    },
    {
      name: 'points to disk-io-latency for IO pressure',
      hosts: ['@disk-io-latency/busy-pool'],
      status: 'fail',
      message: 'ioPressure',
      values: { finding: /^disk-io-latency: dm-0/ },
      steps: ['check-storage-io'],
    },
    {
      name: 'points to storage-fence for a fence restart',
      hosts: ['@storage-fence/recent'],
      status: 'fail',
      message: 'storageFault',
      values: { finding: /^storage-fence: Fence restart/ },
      steps: ['check-storage-pools'],
    },
  ],
});
