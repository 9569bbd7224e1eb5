import { describe, expect, it } from 'vitest';
import { hostDir, resultOf, runOnFixtures } from '../support/fixture-run.js';
import { noteEn } from '../support/fixture-run.js';

const check = async (variant: string, host = 'cvknode11') => {
  const keys: string[] = [];
  const out = await runOnFixtures([hostDir('qcow2-corrupt', variant)], ['qcow2-corrupt'], { onCommand: (_h, r) => keys.push(r.key) });
  return { r: resultOf(out, host, 'qcow2-corrupt'), keys };
};

describe('qcow2-corrupt (guide 3.4.5)', () => {
  it('fails on qemu-img check errors (exit 2) and names the VM and image', async () => {
    const { r, keys } = await check('corrupt', 'cvknode12');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe('VM mzgk (shut off), disk /vms/SG_IPSAN/mzgk.img: 1 error(s) and 12 leaked cluster(s): data may be damaged; its qemu log says "image marked as corrupt"');
    expect(r.summary.zh).toContain('虚拟机 mzgk（shut off）的磁盘 /vms/SG_IPSAN/mzgk.img');
    const checked = r.evidence.find((e) => e.command === 'qemu-img check -U -- /vms/SG_IPSAN/mzgk.img')!;
    expect(checked.excerpt).toContain('ERROR cluster 274639 refcount=0 reference=1');
    expect(checked.excerpt).toContain('1 errors were found on the image.');
    expect(noteEn(checked)).toBe('exit status 2');
    expect(r.recovery.map((s) => s.id)).toEqual(['read-qemu-log', 'check-image', 'backup-image', 'repair-image', 'start-vm']);
    const repair = r.recovery.find((s) => s.id === 'repair-image')!;
    expect(repair.command).toBe('qemu-img check -r all /vms/SG_IPSAN/mzgk.img');
    expect(repair.warning?.en).toContain('Back up /vms/SG_IPSAN/mzgk.img');
    // checks only: never a repair, always a shared read-only open
    expect(keys.filter((k) => k.startsWith('qemu-img')).every((k) => k.startsWith('qemu-img check -U -- '))).toBe(true);
  });

  it('warns on leaked clusters only (exit 3): space wasted, data intact', async () => {
    const { r } = await check('leaks');
    expect(r.status).toBe('warn');
    expect(r.summary.en).toBe('VM win7 (running), disk /vms/FC-St/win7.qcow2: 3 leaked cluster(s) only: space is wasted, data is intact');
  });

  it('cannot decide when the image cannot be opened', async () => {
    const { r } = await check('locked');
    expect(r.status).toBe('unknown');
    expect(r.summary.en).toContain('could not be checked, e.g. VM win7');
    expect(r.summary.en).toContain('Permission denied');
  });

  it('warns when the qemu log reported corruption that the check no longer finds', async () => {
    const { r } = await check('logged-only');
    expect(r.status).toBe('warn');
    expect(r.summary.en).toContain('the qemu log says the image was marked corrupt');
    expect(r.evidence[0]!.excerpt).toContain('image marked as corrupt');
  });

  it('is ok when every image checks clean', async () => {
    const r = resultOf(await runOnFixtures([hostDir('vks-healthy')], ['qcow2-corrupt']), 'cvknode11', 'qcow2-corrupt');
    expect(r.status).toBe('ok');
    expect(r.summary.en).toBe('2 qcow2 image(s) of 2 VM(s) checked: no errors, no leaks, no corruption in the qemu logs.');
  });

  it('is not applicable without VMs', async () => {
    expect((await check('no-vms')).r).toMatchObject({ status: 'skipped', skipReason: 'not-applicable' });
  });
});
