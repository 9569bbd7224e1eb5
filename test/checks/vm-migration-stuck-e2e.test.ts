/**
 * vm-migration-stuck end to end over SSH on simulated hosts: the real CLI,
 * both samples of domjobinfo sent a second apart, the destination looked at
 * through its own session, every command checked against the independent
 * denylist (scanSimCluster) and against the guide's changing commands.
 */
import { describe, expect, it } from 'vitest';
import { scanSimCluster } from '../support/cli.js';
import { hostDir } from '../support/fixture-run.js';

const pair = (variant: string) => ['cvknode11', 'cvknode12'].map((h) => hostDir('vm-migration-stuck', variant, h));
const statuses = (run: Awaited<ReturnType<typeof scanSimCluster>>) => Object.fromEntries(run.report.results.map((r) => [`${r.host} ${r.check}`, r.status]));
/** What the guide's recovery runs: shown in the report, never sent. */
const CHANGING = /\bvirsh\s+(?:-\S+\s+)*(?:destroy|undefine|start|migrate|domjobabort)\b|\bsystemctl\b|\bkill\b/;

describe('vm-migration-stuck over SSH', () => {
  it('names the VM paused on the source and running on the destination, one incident from both ends', async () => {
    const run = await scanSimCluster(pair('network'), ['vm-migration-stuck']);
    expect(run.stderr).toBe('');
    expect(statuses(run)).toEqual({ 'cvknode11 vm-migration-stuck': 'fail', 'cvknode12 vm-migration-stuck': 'warn' });
    const src = run.report.results.find((r) => r.host === 'cvknode11')!;
    expect(src.summary).toContain('centos-db is paused on cvknode11 (migration) and running on cvknode12 (migrated)');
    expect(src.recoverySteps.map((s) => s.id)).toEqual(['check-vm-states', 'destroy-both', 'restart-libvirtd', 'undefine-source', 'start-destination']);
    expect(run.report.incidents.filter((i) => i.kind === 'vm-migration-split')).toHaveLength(1);
    // read-only: two looks at the job, the states on both ends, nothing the recovery would run
    const keys = run.recorded.map((r) => `${r.host}: ${r.key}`);
    expect(keys.filter((k) => k === 'cvknode11: virsh -r domjobinfo -- centos-db')).toHaveLength(2);
    expect(keys).toContain('cvknode12: virsh -r domstate --reason -- centos-db');
    expect(run.recorded.filter((r) => CHANGING.test(r.wire))).toEqual([]);
    expect(run.recorded.every((r) => r.key !== null && /^(\{ )?LC_ALL=C timeout -k 2 /.test(r.wire))).toBe(true);
    expect(run.code).toBe(2);
  }, 60_000);

  it('finds a disk copy that moves but has run 20 minutes, timed by the samples, with the destination file', async () => {
    const run = await scanSimCluster(pair('disk-copy'), ['vm-migration-stuck']);
    expect(run.stderr).toBe('');
    expect(statuses(run)).toEqual({ 'cvknode11 vm-migration-stuck': 'warn', 'cvknode12 vm-migration-stuck': 'ok' });
    const r = run.report.results.find((x) => x.host === 'cvknode11')!;
    expect(r.summary).toMatch(/Migration of centos-db to cvknode12 has copied its disks for 20 min 2 s: 35\.3 GiB of 164\.0 GiB left, [\d.]+ [KMG]iB\/s/);
    expect(r.summary).toContain('On cvknode12: /vms/defaultpool/centos-db.qcow2 128.5 GiB of 164.0 GiB.');
    expect(run.recorded.filter((x) => CHANGING.test(x.wire))).toEqual([]);
  }, 60_000);

  it('joins the storage incident of a blocked pool instead of repeating it', async () => {
    const run = await scanSimCluster([hostDir('vm-migration-stuck', 'storage', 'cvknode11')], ['vm-migration-stuck', 'storage-blocked']);
    expect(run.stderr).toBe('');
    expect(statuses(run)).toEqual({ 'cvknode11 vm-migration-stuck': 'fail', 'cvknode11 storage-blocked': 'fail' });
    const incident = run.report.incidents.find((i) => i.kind === 'storage-io-path')!;
    expect(incident.results.map((v) => `${v.check} ${v.role}`).sort()).toEqual(['storage-blocked affected', 'vm-migration-stuck affected']);
  }, 60_000);
});
