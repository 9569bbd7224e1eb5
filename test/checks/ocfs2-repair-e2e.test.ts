import { describe, expect, it } from 'vitest';
import { scanSimCluster } from '../support/cli.js';
import { hostDir } from '../support/fixture-run.js';

describe('ocfs2-repair end to end over SSH on a three-node cluster', () => {
  it('names every node and its device for the read-only pool, and never sends fsck', async () => {
    const dir = hostDir('ocfs2-repair', 'read-only');
    const run = await scanSimCluster([dir, `${dir}/cvknode12`, `${dir}/cvknode13`], ['ocfs2-repair', 'storage-fence']);
    expect(run.stderr).toBe('');
    expect(run.report.results.map((r) => `${r.host} ${r.check} ${r.status}`)).toEqual([
      'cvknode11 ocfs2-repair fail', 'cvknode11 storage-fence ok',
      'cvknode12 ocfs2-repair ok', 'cvknode12 storage-fence ok',
      'cvknode13 ocfs2-repair ok', 'cvknode13 storage-fence ok',
    ]);
    const r = run.report.results[0]!;
    expect(r.summary).toBe(
      '/vms/FC-St (/dev/dm-0) is mounted read-only: OCFS2 reported on-disk corruption (ocfs2_validate_inode_block, Wed Nov 25 10:17:42 2026), '
      + 'after the unclean shutdown before the boot of Wed Nov 25 09:41:22 2026. Stop it on every host (cvknode11, cvknode12, cvknode13) before fsck.ocfs2 -fn /dev/dm-0.',
    );
    const hosts = r.recoverySteps[0]!;
    expect(hosts.id).toBe('pool-hosts');
    expect(hosts.text).toContain('cvknode11 (/dev/dm-0, this host), cvknode12 (/dev/dm-1), cvknode13 (/dev/dm-2)');
    expect(r.recoverySteps.find((s) => s.id === 'fsck-check')!.command).toBe('fsck.ocfs2 -fn /dev/dm-0');
    expect(run.recorded.some((x) => /fsck/.test(x.key?.split(' | ')[0] ?? ''))).toBe(false);
    expect(run.recorded.filter((x) => x.host === 'cvknode12').map((x) => x.key)).toContain('mount');
    expect(run.code).toBe(2);
  });
});
