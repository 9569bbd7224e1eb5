import { describe, expect, it } from 'vitest';
import { scanSimCluster } from '../support/cli.js';
import { hostDir } from '../support/fixture-run.js';

describe('storage-fence end to end over SSH', () => {
  it('reads the fence log and the syslog minutes before this morning\'s restart', async () => {
    const run = await scanSimCluster([hostDir('storage-fence', 'recent')], ['storage-fence']);
    expect(run.stderr).toBe('');
    const [r] = run.report.results;
    expect(r).toMatchObject({ host: 'cvknode11', check: 'storage-fence', section: '3.5.4', status: 'fail' });
    expect(r!.summary).toContain('Fence restart 2 h ago at 2026-11-25 09:39:02 (sdb 7A1D5C0E33F54B5B9A3D6D0C2B4F1E08, disk heartbeat timeout)');
    expect(r!.summary).toContain('eth3 link down 72 s before');
    expect(r!.recoverySteps.slice(0, 4).map((s) => s.id)).toEqual(['check-downed-nic', 'read-fence-log', 'read-syslog-before-restart', 'check-ip-san-path']);
    const syslogRead = run.recorded.find((x) => x.key?.startsWith('tail -c 64M /var/log/syslog'))!;
    expect(syslogRead.wire).toMatch(/^\{ LC_ALL=C timeout -k 2 \d+ tail -c 64M \/var\/log\/syslog <\/dev\/null; echo "usdiag-exit:\$\?" >&2; \} \| LC_ALL=C grep -a -E -e '\^\(Nov 25 09:29\|/);
    expect(run.code).toBe(2);
  });
});
