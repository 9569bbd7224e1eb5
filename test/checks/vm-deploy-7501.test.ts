import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';

const LOG = "cvknode11: tail -c 8M /var/log/uspheretools.log | grep -a -E -e 'ERROR|Error|Traceback|Exception|[Ff]ailed|7501' | tail -n 200";
const WIN7 = '/vms/FC-St/win7.qcow2';

testCheck('vm-deploy-7501', {
  ok: [{ hosts: ['@vks-healthy'], message: 'noFailures', values: { file: '/var/log/uspheretools.log' } }],
  cases: [
    {
      name: 'fails when uspheretools.py failed and the VM\'s guest agent port is disconnected (qemu-ga not running)',
      hosts: ['agent-down/cvknode11'],
      status: 'fail',
      message: 'failed',
      values: { count: 2, file: '/var/log/uspheretools.log' },
      nested: ['forVm', 'agentDown'],
      steps: ['read-uspheretools-log', 'check-guest-agent', 'reinstall-uspheretools'],
      evidence: [LOG, 'cvknode11: virsh -r dumpxml -- win7'],
      filled: true,
      then: (r, _o, sent) => {
        expect(r.message.values?.forVm).toMatchObject({ values: { vm: 'win7' } });
        expect(r.message.values?.cause).toMatchObject({ id: 'agentDown', values: { state: 'disconnected' } });
        expect(r.evidence[0]!.excerpt).toContain('uspheretools.py exit with code 7501');
        expect(r.evidence[1]!.excerpt).toMatch(/^ {4}<channel type='unix'>[^]*state='disconnected'[^]*<\/channel>$/);
        // the agent is never asked through qemu-agent-command
        expect(sent.some((k) => k.includes('qemu-agent-command'))).toBe(false);
      },
    },
    {
      name: 'fails naming the damaged disk when qemu-img check finds errors (the same read as qcow2-corrupt)',
      hosts: ['disk-errors/cvknode11'],
      status: 'fail',
      message: 'failed',
      nested: ['forVm', 'diskErrors'],
      steps: ['read-uspheretools-log', 'check-image', 'backup-image', 'repair-image'],
      evidence: [LOG, `cvknode11: qemu-img check -U -- ${WIN7}`],
      filled: true,
      then: (r) => {
        expect(r.message.values?.cause).toMatchObject({ id: 'diskErrors', values: { image: WIN7, errors: 1 } });
        expect(r.recovery.find((s) => s.id === 'repair-image')!.command).toBe(`qemu-img check -r all ${WIN7}`);
      },
    },
    {
      name: 'fails naming a running VM without a guest agent channel',
      hosts: ['no-channel/cvknode11'],
      status: 'fail',
      message: 'failed',
      nested: ['forVm', 'noAgentChannel'],
      values: { count: 2 },
      steps: ['read-uspheretools-log', 'check-guest-agent', 'reinstall-uspheretools'],
      then: (r) => expect(r.message.values?.forVm).toMatchObject({ values: { vm: 'centos-db' } }),
    },
    {
      name: 'cannot decide when the log cannot be read',
      hosts: ['log-unreadable/cvknode11'],
      status: 'unknown',
      message: 'logUnreadable',
      values: { why: /Permission denied/ },
    },
  ],
});
