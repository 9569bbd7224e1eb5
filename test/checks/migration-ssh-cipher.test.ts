import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';

const CAS = "tail -c 16M /var/log/caslog/cas.log | grep -a -E -e 'Bad SSH2 cipher spec|Ciphers=' | tail -n 200";
const WIN7 = '/vms/FC-St/win7.qcow2';
const CHAIN = `qemu-img info -U --backing-chain --output=json -- ${WIN7}`;

testCheck('migration-ssh-cipher', {
  ok: [
    { hosts: ['@vks-healthy'], message: 'singleLevel', values: { vms: 2, images: 2 } },
    { hosts: ['@vms-healthy'], message: 'noErrors', values: { file: '/var/log/caslog/cas.log' } },
  ],
  cases: [
    {
      name: 'fails on "Bad SSH2 cipher spec" in cas.log, names the VM whose copy failed and the ciphers this OpenSSH lacks',
      hosts: ['bad-spec/cvmnode01'],
      status: 'fail',
      message: 'badSpec',
      values: { file: '/var/log/caslog/cas.log', count: 1, spec: 'arcfour128,aes128-ctr,aes192-ctr,aes256-ctr' },
      nested: ['vmPart', 'missingPart'],
      steps: ['check-cas-log', 'check-disk-chain', 'merge-images', 'migrate-online'],
      evidence: [`cvmnode01: ${CAS}`, 'cvmnode01: ssh -Q cipher'],
      filled: true,
      then: (r, _o, sent) => {
        expect(r.message.values?.vmPart).toMatchObject({ values: { vm: 'test_inc_1', source: 'root@172.16.40.21:/vms/MacroSAN-37T/test_inc_1' } });
        expect(r.message.values?.missingPart).toMatchObject({ values: { missing: { items: ['arcfour128'] } } });
        // the scp line and the refusal, quoted
        expect(r.evidence[0]!.excerpt).toMatch(/scp -o Ciphers=arcfour128[^]*\nBad SSH2 cipher spec|Bad SSH2 cipher spec 'arcfour128/);
        // ssh only as the local query, never a connection
        expect(sent.filter((k) => /: (ssh|scp) /.test(k))).toEqual(['cvmnode01: ssh -Q cipher']);
      },
    },
    {
      name: 'warns about VMs whose disks have a backing chain or snapshots: their migration needs SCP',
      hosts: ['chain/cvknode11'],
      status: 'warn',
      message: 'scpVms',
      values: { count: 1 },
      nested: ['vmChain', 'chainAndSnapshots', 'rejectsOld'],
      steps: ['check-disk-chain', 'merge-images', 'migrate-online'],
      evidence: [`cvknode11: ${CHAIN}`, 'cvknode11: ssh -Q cipher'],
      filled: true,
      then: (r) => {
        const d = r.data as { oldListAccepted: boolean; disks: { vm: string; levels: number; snapshots: number }[] };
        expect(d.oldListAccepted).toBe(false);
        expect(d.disks.find((x) => x.vm === 'win7')).toMatchObject({ levels: 2, snapshots: 1 });
      },
    },
    {
      name: 'is ok when this OpenSSH still accepts the old list: the chains are named, the copy does not fail here',
      hosts: ['old-openssh/cvknode11'],
      status: 'ok',
      message: 'scpAccepted',
      values: { count: 1, vms: /win7/ },
      nested: ['vmChain'],
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
        expect(r.incident?.role).toBe('affected');
        expect(sent.filter((k) => k.includes('qemu-img') && k.includes('/vms/IPsan-St-001/'))).toEqual([]);
      },
    },
  ],
});
