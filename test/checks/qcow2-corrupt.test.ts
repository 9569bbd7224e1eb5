import { expect } from 'vitest';
import { noteEn } from '../support/fixture-run.js';
import { testCheck } from '../support/check-tester.js';

const REPAIR = ['read-qemu-log', 'check-image', 'backup-image', 'repair-image', 'start-vm'];
const qemuLog = (host: string, vm: string) =>
  `${host}: tail -c 4M /var/log/libvirt/qemu/${vm}.log | grep -a -E -e 'image marked as corrupt|Marking image as corrupt|Image is corrupt|Preventing invalid write on metadata' | tail -n 20`;
const WIN7 = '/vms/FC-St/win7.qcow2';

testCheck('qcow2-corrupt', {
  ok: [{ hosts: ['@vks-healthy'], message: 'allClean', values: { images: 2, vms: 2, notChecked: '' } }],
  cases: [
    {
      name: 'fails on qemu-img check errors (exit 2) and names the VM and image',
      hosts: ['corrupt'],
      status: 'fail',
      message: 'image',
      values: { vm: 'mzgk', vmState: 'shut off', image: '/vms/SG_IPSAN/mzgk.img', what: '1 error(s) and 12 leaked cluster(s): data may be damaged', more: '', notChecked: '' },
      nested: ['errors', 'andLeaks', 'loggedToo'],
      steps: REPAIR,
      evidence: [qemuLog('cvknode12', 'mzgk'), 'cvknode12: qemu-img check -U -- /vms/SG_IPSAN/mzgk.img'],
      filled: true,
      then: (r, _o, sent) => {
        const checked = r.evidence[1]!;
        // the ERROR line from stderr and the summary from stdout, one excerpt
        expect(checked.excerpt).toMatch(/^ERROR cluster 274639 refcount=0 reference=1\n1 errors were found on the image\.\n[^]*Image end offset: 21894463488$/);
        expect(noteEn(checked)).toBe('exit status 2');
        expect(r.evidence[0]!.excerpt).toContain('image marked as corrupt');
        const repair = r.recovery.find((s) => s.id === 'repair-image')!;
        expect(repair.command).toBe('qemu-img check -r all /vms/SG_IPSAN/mzgk.img');
        expect(repair.warning?.en).toContain('Back up /vms/SG_IPSAN/mzgk.img');
        // checks only: never a repair, always a shared read-only open
        const images = sent.filter((k) => k.includes(': qemu-img'));
        expect(images.length).toBeGreaterThan(0);
        expect(images.every((k) => k.includes(': qemu-img check -U -- '))).toBe(true);
      },
    },
    {
      name: 'warns on leaked clusters only (exit 3): space wasted, data intact',
      hosts: ['leaks'],
      status: 'warn',
      message: 'image',
      values: { vm: 'win7', vmState: 'running', image: WIN7, what: '3 leaked cluster(s) only: space is wasted, data is intact', logged: '' },
      nested: ['leaksOnly'],
      steps: REPAIR,
      evidence: [`cvknode11: qemu-img check -U -- ${WIN7}`],
    },
    {
      name: 'warns when the qemu log reported corruption that the check no longer finds',
      hosts: ['logged-only'],
      status: 'warn',
      message: 'image',
      values: { vm: 'win7', image: WIN7 },
      nested: ['loggedOnly'],
      evidence: [qemuLog('cvknode11', 'win7'), `cvknode11: qemu-img check -U -- ${WIN7}`],
      then: (r) => {
        expect(r.evidence[0]!.excerpt).toContain('image marked as corrupt');
        expect(r.evidence[1]!.excerpt).toMatch(/^No errors were found on the image\.\n[^]*Image end offset: \d+$/);
      },
    },
    {
      name: 'cannot decide when the image cannot be opened',
      hosts: ['locked'],
      status: 'unknown',
      message: 'undecided',
      values: { count: 1, vm: 'win7', why: /^qemu-img check could not check \/vms\/FC-St\/win7\.qcow2: .*Permission denied$/ },
      nested: ['cannotCheck'],
      steps: ['check-image'],
      evidence: [`cvknode11: qemu-img check -U -- ${WIN7}`],
      then: (r) => expect(r.evidence[0]!.excerpt).toMatch(/^qemu-img: Could not open .*Permission denied$/),
    },
    {
      name: 'cannot decide when the image check runs out of time',
      hosts: ['check-hangs'],
      status: 'unknown',
      message: 'undecided',
      values: { count: 1, vm: 'win7', why: /qemu-img check -U -- \/vms\/FC-St\/win7\.qcow2/ },
      steps: ['check-image'],
      evidence: [`cvknode11: qemu-img check -U -- ${WIN7}`],
      then: (r) => expect(r.evidence[0]!.timedOutAfterSec).toBeDefined(),
    },
    {
      name: 'does not send qemu-img into a pool whose df does not answer: its images are undecided, with the reason',
      hosts: ['@storage-blocked/io-path/cvknode11'],
      status: 'unknown',
      message: 'undecided',
      values: { count: 1, vm: 'centos-db', why: /^its pool \/vms\/IPsan-St-001 does not answer/ },
      nested: ['poolHung'],
      steps: ['check-image'],
      evidence: ['cvknode11: df -P -- /vms/IPsan-St-001'],
      then: (r, _o, sent) => {
        expect(r.evidence[0]!.timedOutAfterSec).toBeDefined();
        expect(noteEn(r.evidence[0])).toBe('df did not answer within 2 s');
        expect(sent.filter((k) => k.includes('qemu-img check') && k.includes('/vms/IPsan-St-001/'))).toEqual([]);
        // the image on the pool that answers was checked
        expect(sent).toContain(`cvknode11: qemu-img check -U -- ${WIN7}`);
      },
    },
    {
      name: 'is not applicable without VMs',
      hosts: ['no-vms'],
      status: 'skipped',
      skipReason: 'not-applicable',
      message: 'noVms',
      steps: [],
    },
  ],
});
