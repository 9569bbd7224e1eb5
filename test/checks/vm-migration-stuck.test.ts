import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';

const SPLIT_STEPS = ['check-vm-states', 'destroy-both', 'restart-libvirtd', 'undefine-source', 'start-destination'];

testCheck('vm-migration-stuck', {
  ok: [
    { hosts: ['@vks-healthy'], message: 'ok', values: { count: 2, host: 'cvknode11', moving: '' } },
    { hosts: ['moving/cvknode11'], message: 'ok', values: { moving: '; centos-db migrating and moving' } },
    // the destination of a migration in progress holds the VM paused with an incoming job: not a split
    { hosts: ['disk-copy/cvknode12', 'disk-copy/cvknode11'], host: 'cvknode12', message: 'ok' },
    // paused by hand here, a VM of the same name booted there: no migration, no split
    { hosts: ['name-clash/cvknode11', 'name-clash/cvknode12'], message: 'ok' },
    { hosts: ['name-clash/cvknode12', 'name-clash/cvknode11'], host: 'cvknode12', message: 'ok' },
  ],
  cases: [
    {
      name: 'cause 1: a disk copy that moves but has run 20 minutes, with the destination file growing',
      hosts: ['disk-copy/cvknode11', 'disk-copy/cvknode12'],
      status: 'warn',
      message: 'diskCopy',
      values: { vm: 'centos-db', to: ' to cvknode12', remaining: '35.3 GiB', total: '164.0 GiB', rate: '110.1 MiB/s', elapsed: '20 min 2 s', destDisks: / On cvknode12: \/vms\/defaultpool\/centos-db\.qcow2 128\.5 GiB of 164\.0 GiB\./ },
      steps: ['watch-disk-copy', 'watch-job'],
      filled: true,
      evidence: ['cvknode11: virsh -r domjobinfo -- centos-db', 'cvknode11: virsh -r domjobinfo -- centos-db', "cvknode12: stat -c '%Y %s %n' -- /vms/defaultpool/centos-db.qcow2"],
    },
    {
      name: 'cause 2: memory dirtied faster than it is sent does not go down',
      hosts: ['not-converging/cvknode11'],
      status: 'warn',
      message: 'notConverging',
      values: { vm: 'centos-db', to: '', dirty: '123.1 MiB/s (31512 pages/s)', bandwidth: '101.7 MiB/s', remaining: '26.3 GiB', iteration: 3 },
      steps: ['reduce-guest-load', 'watch-job'],
      filled: true,
    },
    {
      name: 'cause 3: a job that does not move on a blocked pool joins the storage incident',
      hosts: ['storage/cvknode11'],
      status: 'fail',
      message: 'storageFrozen',
      values: { vm: 'centos-db', pool: '/vms/IPsan-St-001', processed: '6.0 GiB', finding: /^found by storage-blocked/ },
      steps: ['check-storage-pool', 'kill-destination-kvm'],
      then: (r) => expect(r.incident).toMatchObject({ key: 'storage-io:/vms/IPsan-St-001', role: 'affected' }),
    },
    {
      name: 'cause 4: paused on the source, running (migrated) on the destination',
      hosts: ['network/cvknode11', 'network/cvknode12'],
      status: 'fail',
      message: 'networkBroken',
      values: { vm: 'centos-db', host: 'cvknode11', reason: ' (migration)', destination: 'cvknode12', destReason: ' (migrated)', link: '' },
      steps: SPLIT_STEPS,
      filled: true,
      evidence: ['cvknode11: virsh -r list --all', 'cvknode12: virsh -r list --all', 'cvknode11: virsh -r domstate --reason -- centos-db', 'cvknode12: virsh -r domstate --reason -- centos-db'],
      also: [{ host: 'cvknode12', status: 'warn', message: 'migratedHere', values: { vm: 'centos-db', source: 'cvknode11' }, steps: ['check-vm-states'] }],
      then: (r, outcome) => {
        expect(r.incident).toMatchObject({ key: 'vm-migration-split:centos-db:cvknode11:cvknode12', role: 'root', culprit: { vm: 'centos-db', host: 'cvknode11' } });
        const other = outcome.results.find((x) => x.host === 'cvknode12' && x.check === 'vm-migration-stuck')!;
        expect(other.incident).toMatchObject({ key: r.incident!.key, role: 'affected' });
        // the destructive steps are shown with their cautions, never run
        expect(r.recovery.find((s) => s.id === 'destroy-both')!.warning).toBeTruthy();
        expect(r.recovery.find((s) => s.id === 'undefine-source')!.command).toBe('virsh undefine centos-db');
        expect(r.reads.some((x) => /destroy|undefine|restart|start /.test(x.command))).toBe(false);
      },
    },
    {
      name: 'cause 4: a job that does not move while every port of the switch toward the destination lost its carrier',
      hosts: ['link-down/cvknode11', 'link-down/cvknode12'],
      status: 'fail',
      message: 'linkDown',
      values: { vm: 'centos-db', destination: 'cvknode12', iface: 'vswitch0', address: '172.16.51.11', destAddress: '172.16.51.12', members: ' (its ports eth0, eth1 have no carrier)' },
      steps: ['check-migration-link', 'check-vm-states', 'kill-destination-kvm'],
      filled: true,
      also: [{ host: 'cvknode12', status: 'ok', message: 'ok' }],
      then: (r) => {
        expect(r.recovery.find((s) => s.id === 'kill-destination-kvm')!.text.en).toContain('kill 3611');
        expect(r.recovery[0]!.command).toBe('ip -o link; ethtool eth0');
      },
    },
    {
      name: 'a job that does not move for 20 minutes with no cause usdiag can name, to a destination outside the inventory (its qemu stream)',
      hosts: ['stalled/cvknode11'],
      status: 'fail',
      message: 'stalled',
      values: { vm: 'centos-db', to: ' to 172.16.51.20', processed: '9.3 GiB', linkState: 'vswitch0, toward 172.16.51.20, has a link' },
      steps: ['watch-job', 'check-storage-pool', 'check-vm-states', 'kill-destination-kvm'],
      evidence: ['cvknode11: virsh -r domjobinfo -- centos-db', 'cvknode11: virsh -r domjobinfo -- centos-db', 'cvknode11: ss -tunap'],
    },
    {
      name: 'a job that cannot be read while the pool is blocked is unknown, in the storage incident',
      hosts: ['unreadable-blocked/cvknode11'],
      status: 'unknown',
      message: 'jobsUnreadOnBlocked',
      values: { vms: 'centos-db', finding: /^found by storage-blocked/ },
      steps: ['check-storage-pool'],
      then: (r) => expect(r.incident).toMatchObject({ key: 'storage-io:/vms/IPsan-St-001', role: 'affected' }),
    },
    {
      name: 'an unreadable job is unknown, never ok',
      hosts: ['unreadable/cvknode11'],
      status: 'unknown',
      message: 'jobsUnread',
      values: { vms: 'centos-db' },
    },
  ],
});
