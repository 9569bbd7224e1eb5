import { describe, expect, it } from 'vitest';
import { hostDir, resultOf, runOnFixtures } from '../support/fixture-run.js';

const check = async (variant: string) =>
  resultOf(await runOnFixtures([hostDir('multipath-wwid', variant)], ['multipath-wwid']), 'cvknode11', 'multipath-wwid');

describe('multipath-wwid (guide 3.5.7)', () => {
  it('warns about a failed path while the map still has a working one', async () => {
    const r = await check('one-path-failed');
    expect(r.status).toBe('warn');
    expect(r.summary.en).toBe('multipath map mpatha (36000eb34fe49de76000000000004064): 1 of 2 paths failed (sdd)');
    expect(r.summary.zh).toContain('2 条路径中 1 条失效（sdd）');
    expect(r.evidence[0]!.excerpt).toBe('mpatha (36000eb34fe49de76000000000004064) dm-0 HUAWEI,XSG1\n  `- 2:0:0:1 sdd 8:48 failed faulty running');
    expect(r.recovery.map((s) => s.id)).toEqual(['check-failed-path-links', 'check-paths']);
  });

  it('fails a map with no working path', async () => {
    const r = await check('all-paths-failed');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe('multipath map mpatha (36000eb34fe49de76000000000004064) has no working path: all 2 failed');
  });

  it('fails on a WWID change in the log: the array changed the volume after mapping (5106)', async () => {
    const r = await check('wwid-changed');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toMatch(/^the log reports a changed WWID \(2 line\(s\)\).*error 5106\) \(\+1 more\)$/);
    expect(r.evidence[0]!.excerpt).toContain("sdc: path wwid changed from '36000eb34fe49de76000000000004064' to '36000eb34fe49de76000000000004065'");
    expect(r.recovery.map((s) => s.id)).toEqual(['compare-wwid', 'ask-storage-admin', 'flush-stale-map', 'rescan-paths', 'retry-add-pool', 'remap-volume']);
    const compare = r.recovery[0]!;
    expect(compare.text.en).toContain('36000eb34fe49de76000000000004064');
    expect((r.data as { staleWwids: string[]; unclaimedMaps: string[] })).toMatchObject({
      staleWwids: ['36000eb34fe49de76000000000004064'],
      unclaimedMaps: ['mpathb'],
    });
  });

  it('warns when a remembered WWID lost its map while a new one appeared, even without log lines', async () => {
    const r = await check('stale-wwid');
    expect(r.status).toBe('warn');
    expect(r.summary.en).toContain('multipath remembers WWID 36000eb34fe49de76000000000004064 that no map carries, while map mpathb (36000eb34fe49de76000000000004065) is new');
  });

  it('ignores WWID changes older than a week', async () => {
    expect((await check('old-wwid-change')).status).toBe('ok');
  });

  it('is not applicable without multipath', async () => {
    expect(await check('not-installed')).toMatchObject({ status: 'skipped', skipReason: 'not-applicable' });
    const none = await check('no-maps');
    expect(none).toMatchObject({ status: 'skipped', skipReason: 'not-applicable' });
    expect(none.summary.en).toContain('No multipath map');
  });
});

describe('multipath-wwid and the platform log', () => {
  it('adds error 5106 from the management node\'s log to the WWID finding', async () => {
    const out = await runOnFixtures([hostDir('multipath-wwid', 'wwid-changed'), hostDir('multipath-wwid', 'vms-5106', 'vms01')], ['multipath-wwid']);
    const r = resultOf(out, 'cvknode11', 'multipath-wwid');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toMatch(/\(\+2 more\)$/);
    const log = r.evidence.find((e) => e.host === 'vms01')!;
    expect(log.command).toBe("tail -c 16M /var/log/caslog/cas.log | grep -a -E -e '5106|配置多路径失败' | tail -n 50");
    expect(log.excerpt).toContain('（错误代码：5106）');
  });

  it('warns on a logged 5106 even when the paths look fine now', async () => {
    const out = await runOnFixtures([hostDir('vks-healthy'), hostDir('multipath-wwid', 'vms-5106', 'vms01')], ['multipath-wwid']);
    const r = resultOf(out, 'cvknode11', 'multipath-wwid');
    expect(r.status).toBe('warn');
    expect(r.summary.en).toBe('the platform on vms01 logged error 5106 (configuring multipath failed) 1 time(s)');
  });
});
