import { expect } from 'vitest';
import { noteEn } from '../support/fixture-run.js';
import { testCheck } from '../support/check-tester.js';

const WIN7 = '/vms/FC-St/win7.qcow2';
const qemuLog = (vm: string) =>
  `cvknode11: tail -c 4M /var/log/libvirt/qemu/${vm}.log | grep -a -E -e 'Could not read snapshots|Too many snapshots|Invalid snapshot table offset|Snapshot table too large' | tail -n 20`;

testCheck('qcow2-snapshot-table', {
  ok: [{ hosts: ['@vks-healthy'], message: 'allClean', values: { images: 2, vms: 2, notRead: '' } }],
  cases: [
    {
      name: 'fails on a snapshot table past the end of the file, names the shut-off VM that cannot start, and fills the header reset',
      hosts: ['past-eof/cvknode11'],
      status: 'fail',
      message: 'image',
      values: { vm: 'win7', vmState: 'shut off', image: WIN7, more: '' },
      nested: ['pastEnd', 'loggedToo', 'wontStart'],
      steps: ['read-qemu-log', 'dump-header', 'backup-image', 'reset-snapshot-fields', 'verify-header', 'start-vm'],
      evidence: [qemuLog('win7'), `cvknode11: od -A d -t x1 -N 112 -- ${WIN7}`, `cvknode11: stat -c '%Y %s %n' -- ${WIN7}`],
      filled: true,
      then: (r, _o, sent) => {
        expect(r.message.values?.problem).toMatchObject({ id: 'pastEnd', values: { nb: 4, offset: '0x130600000', fileSize: 5100273664 } });
        expect(r.evidence[0]!.excerpt).toContain('Could not read snapshots: File too large');
        // the od lines of bytes 48-79 (nb_snapshots, snapshot_offset), with the note naming them
        expect(r.evidence[1]!.excerpt).toBe('0000048 00 00 00 00 00 01 00 00 00 00 00 01 00 00 00 04\n0000064 00 00 00 01 30 60 00 00 00 00 00 00 00 00 00 00');
        expect(noteEn(r.evidence[1])).toMatch(/^bytes 56-71/);
        const reset = r.recovery.find((s) => s.id === 'reset-snapshot-fields')!;
        expect(reset.command).toBe(`qcow2.py ${WIN7} set-header nb_snapshots 0 && qcow2.py ${WIN7} set-header snapshot_offset 0x0`);
        expect(r.recovery.find((s) => s.id === 'backup-image')).toBeDefined();
        // the header is read with a bounded byte read; never qcow2.py, never a write
        expect(sent.some((k) => k.includes('qcow2.py'))).toBe(false);
      },
    },
    {
      name: 'warns when the qemu log has the message but the header now reads consistent',
      hosts: ['logged-only/cvknode11'],
      status: 'warn',
      message: 'image',
      values: { vm: 'win7', image: WIN7 },
      nested: ['loggedOnly', 'wontStart'],
      steps: ['read-qemu-log', 'dump-header'],
      evidence: [qemuLog('win7')],
    },
    {
      name: 'cannot decide when the header cannot be read',
      hosts: ['header-unreadable/cvknode11'],
      status: 'unknown',
      message: 'undecided',
      values: { count: 1, vm: 'win7', image: WIN7, why: /^the qcow2 header could not be read .*Permission denied/ },
      nested: ['headerUnreadable'],
      evidence: [`cvknode11: od -A d -t x1 -N 112 -- ${WIN7}`],
    },
    {
      name: 'does not read images on a pool whose df does not answer: unknown, joining the storage incident',
      hosts: ['@storage-blocked/io-path/cvknode11'],
      status: 'unknown',
      message: 'undecided',
      values: { count: 1, vm: 'centos-db', why: /^its pool \/vms\/IPsan-St-001 does not answer/ },
      nested: ['poolHung'],
      evidence: ['cvknode11: df -P -- /vms/IPsan-St-001'],
      then: (r, _o, sent) => {
        expect(r.incident?.kind).toMatch(/^storage-/);
        expect(r.incident?.role).toBe('affected');
        expect(sent.filter((k) => k.includes('/vms/IPsan-St-001/') && !k.includes(': df '))).toEqual([]);
        expect(sent).toContain(`cvknode11: od -A d -t x1 -N 112 -- ${WIN7}`);
      },
    },
    {
      name: 'is not applicable without VMs',
      hosts: ['@qcow2-corrupt/no-vms'],
      status: 'skipped',
      skipReason: 'not-applicable',
      message: 'noVms',
      steps: [],
    },
  ],
});
