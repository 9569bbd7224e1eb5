import { describe, expect, it } from 'vitest';
import { parseDomstate, parseMigrationJob } from '../../src/parsers/virsh-jobinfo.js';
import { corpus, fixture } from './compute-net-fixtures.js';

describe('parseMigrationJob', () => {
  it('reads a migration that does not converge (newer libvirt: operation, bandwidth, dirty rate)', () => {
    const r = parseMigrationJob(corpus('virsh-domjobinfo', 'libvirt-exporter-issue132-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toMatchObject({
      jobType: 'Unbounded', active: true, operation: 'Outgoing migration', direction: 'outgoing',
      elapsedMs: 294154, dataRemaining: Math.round(26.287 * 1024 ** 3), memoryBandwidth: Math.round(101.96 * 1024 ** 2),
      dirtyRatePages: 31340, pageSize: 4096, iteration: 2,
    });
    expect(r.value.spans.dirtyRatePages).toEqual({ first: 11, last: 11 });
    expect(r.value.span).toEqual({ first: 1, last: 13 });
  });

  it('reads the first libvirt layout (plain bytes, no operation) and two samples of one job', () => {
    const a = parseMigrationJob(corpus('virsh-domjobinfo', 'libvir-list-2010-02-save-1.txt')).value;
    const b = parseMigrationJob(corpus('virsh-domjobinfo', 'libvir-list-2010-02-save-2.txt')).value;
    expect(a).toMatchObject({ jobType: 'Unbounded', active: true, elapsedMs: 795, dataProcessed: 22446080, dataRemaining: 219119616, dataTotal: 241565696 });
    expect(a.operation).toBeUndefined();
    expect(a.direction).toBeUndefined();
    expect(a.memoryBandwidth).toBeUndefined();
    expect(b.dataProcessed! - a.dataProcessed!).toBe(117338112);
    expect(b.dataRemaining).toBeLessThan(a.dataRemaining!);
  });

  it('reads "no job", a completed job and garbage without throwing', () => {
    expect(parseMigrationJob(fixture('virsh', 'domjobinfo-none-synthetic.txt')).value).toMatchObject({ jobType: 'None', active: false });
    expect(parseMigrationJob(fixture('virsh', 'domjobinfo-completed-synthetic.txt')).value).toMatchObject({ jobType: 'Completed', active: false, dataRemaining: 0 });
    const r = parseMigrationJob('error: failed to get domain \'x\'\nnonsense\n');
    expect(r.value).toMatchObject({ active: false, spans: {} });
    expect(r.value.jobType).toBeUndefined();
    expect(r.issues.map((i) => i.reason)).toEqual(['virsh error', 'not a domjobinfo line']);
  });

  it('takes the "File" fields of a disk copy and knows an incoming migration', () => {
    const r = parseMigrationJob('Job type: Unbounded\nOperation: Incoming migration\nFile processed: 1.5 GiB\nFile remaining: 38.5 GiB\nFile total: 40.000 GiB\n').value;
    expect(r).toMatchObject({ direction: 'incoming', fileProcessed: 1.5 * 1024 ** 3, fileRemaining: 38.5 * 1024 ** 3, fileTotal: 40 * 1024 ** 3 });
    expect(r.spans.fileRemaining).toEqual({ first: 4, last: 4 });
  });
});

describe('parseDomstate', () => {
  it('reads the state and its reason', () => {
    expect(parseDomstate(fixture('virsh', 'domstate-reason-synthetic.txt')).value).toEqual({ state: 'paused', reason: 'migration', line: 1 });
    expect(parseDomstate(fixture('virsh', 'domstate-running-synthetic.txt'))).toEqual({ value: { state: 'running', reason: 'migrated', line: 1 }, issues: [] });
    expect(parseDomstate('shut off\n').value).toEqual({ state: 'shut off', line: 1 });
  });

  it('reports errors and extra lines', () => {
    const r = parseDomstate("error: failed to get domain 'x'\n");
    expect(r.value).toBeUndefined();
    expect(r.issues.map((i) => i.reason)).toEqual(['virsh error']);
    expect(parseDomstate('running (booted)\nmore\n').issues.map((i) => i.reason)).toEqual(['not a domstate line']);
  });
});
