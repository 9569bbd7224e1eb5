import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';

const STEPS = ['read-qemu-log', 'check-domain-xml', 'remove-shmem-device', 'start-vm'];
const DEVICE = 'nu_fsec-4af99204-6623-45e9-afbf-d852746bf187';
const STAT = "cvknode11: stat -L -c '%A %u %U %g %G %s %n' -- /tmp/kvmsec";
const QEMU_LOG = 'cvknode11: tail -c 4M /var/log/libvirt/qemu/oa-server.log | grep -a -E -e \'Failed to connect to socket|opening backend "socket" failed|charshmem\' | tail -n 20';
const ELEMENT = [
  `    <shmem name='${DEVICE}'>`,
  "      <size unit='M'>8</size>",
  "      <server path='/tmp/kvmsec' />",
  "      <address type='pci' domain='0x0000' bus='0x00' slot='0x09' function='0x0' />",
  '    </shmem>',
].join('\n');

testCheck('vm-shmem-residue', {
  ok: [
    { hosts: ['@vks-healthy'], message: 'noShmem', values: { vms: 2 } },
    { hosts: ['antivirus-installed/cvknode11'], message: 'socketsLive', values: { count: 1 } },
  ],
  cases: [
    {
      name: 'fails for the shut-off VM whose antivirus shmem socket /tmp/kvmsec is gone, and shows the element to remove',
      hosts: ['guide-kvmsec/cvknode11'],
      status: 'fail',
      message: 'residue',
      values: { vm: 'oa-server', state: 'shut off', host: 'cvknode11', device: DEVICE, path: '/tmp/kvmsec', more: '' },
      nested: ['gone', 'logged', 'cannotStart'],
      steps: STEPS,
      evidence: ['cvknode11: virsh -r dumpxml -- oa-server', STAT, QEMU_LOG],
      filled: true,
      then: (r, _o, sent) => {
        expect(r.evidence[0]!.excerpt).toBe(ELEMENT);
        expect(r.evidence[1]!.excerpt).toContain('No such file or directory');
        expect(r.evidence[2]!.excerpt).toContain('opening backend "socket" failed');
        const remove = r.recovery.find((s) => s.id === 'remove-shmem-device')!;
        expect(remove.text.en).toContain(ELEMENT.split('\n').map((l) => l.trim()).join(' '));
        expect(remove.warning?.en).toContain('virsh dumpxml oa-server');
        // read-only: the socket is looked at with stat, the definition is never edited
        expect(sent).toContain(STAT);
        expect(sent.some((k) => /virsh (edit|define|undefine)/.test(k))).toBe(false);
      },
    },
    {
      name: 'warns for a running VM with the same residue: it will not start again',
      hosts: ['running-vm/cvknode11'],
      status: 'warn',
      message: 'residue',
      values: { vm: 'oa-server', state: 'running', logged: '' },
      nested: ['gone', 'willNotRestart'],
      steps: STEPS,
      evidence: ['cvknode11: virsh -r dumpxml -- oa-server', STAT],
    },
    {
      name: 'cannot decide when the socket cannot be looked at',
      hosts: ['stat-denied/cvknode11'],
      status: 'unknown',
      message: 'statUnread',
      values: { vm: 'oa-server', path: '/tmp/kvmsec', why: /Permission denied/ },
      evidence: [STAT],
    },
  ],
});
