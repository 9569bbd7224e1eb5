import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';

const DEVICE_STEPS = ['check-vm-devices', 'read-qemu-log', 'check-process-state', 'check-process-usage', 'read-process-stack', 'follow-the-cause'];

testCheck('vm-stuck', {
  ok: [{ hosts: ['@vks-healthy'], message: 'ok', values: { count: 2 } }],
  cases: [
    {
      name: 'names the VM, pid, thread, state and wait channel, and points to storage-blocked for its blocked pool',
      hosts: ['storage/cvknode11'],
      status: 'fail',
      message: 'frozenOnStorage',
      values: { vm: 'centos-db', pid: 3611, state: 'D', wchan: '__ocfs2_cluster_lock.isra.36', thread: ' (thread 3628 CPU 0/KVM)', disk: 'vda', pool: '/vms/IPsan-St-001', finding: /^found by storage-blocked / },
      steps: ['check-process-state', 'read-process-stack', 'follow-the-cause'],
      filled: true,
      evidence: ['cvknode11: ps -e -o pid,ppid,stat,wchan:32,etimes,args', 'cvknode11: ps -L -o pid,lwp,stat,wchan:32,etimes,comm -p 3520,3611', 'cvknode11: cat /proc/3611/stack', 'cvknode11: cat /proc/3611/task/3628/stack'],
      then: (r) => expect(r.recovery[0]!.command).toBe('ps aux | grep centos-db'),
    },
    {
      name: 'points to the USB device its stuck thread waits on',
      hosts: ['usb/cvknode11'],
      status: 'fail',
      message: 'frozen',
      values: { vm: 'centos-db', wchan: 'usb_kill_urb.part.8', device: 'its USB device 0x096e:0x0702' },
      steps: DEVICE_STEPS,
      filled: true,
    },
    {
      name: 'points to the antivirus driver when a third-party module holds the thread and the VM has the antivirus device',
      hosts: ['antivirus/cvknode11'],
      status: 'fail',
      message: 'frozen',
      values: { device: 'the antivirus driver kvmsec_drv (the VM has the antivirus device /tmp/kvmsec)' },
      steps: DEVICE_STEPS,
    },
    {
      name: 'finds a zombie qemu by libvirt\'s pid file',
      hosts: ['zombie/cvknode11'],
      status: 'fail',
      message: 'zombie',
      values: { vm: 'centos-db', pid: 3611, device: /^its storage \(disk vda/ },
    },
    {
      name: 'calls slowness during a snapshot deletion expected',
      hosts: ['snapshot-delete/cvknode11'],
      status: 'warn',
      message: 'expected',
      values: { vm: 'centos-db', operation: 'a snapshot deletion', duration: '20 min 40 s' },
      steps: ['check-running-operation'],
    },
    {
      name: 'warns on a paused VM',
      hosts: ['paused/cvknode11'],
      status: 'warn',
      message: 'paused',
      values: { vm: 'centos-db' },
    },
  ],
});
