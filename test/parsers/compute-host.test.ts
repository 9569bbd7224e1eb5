/**
 * The parsers of the compute suite (guide 3.4.3, 3.4.9) on real public
 * samples (fixtures/corpus, SOURCES.md) and the guide's own examples:
 * /proc/stat, /proc/meminfo, lscpu, libvirt's start thresholds, and what a
 * domain definition says about its guest.
 */
import { describe, expect, it } from 'vitest';
import { parseDomainGuest } from '../../src/parsers/libvirt-xml-guest.js';
import { cpuBusyPercent, parseCpuMemThreshold, parseCpuModel, parseMeminfo, parseProcStat } from '../../src/parsers/proc-host.js';
import { corpus } from './compute-net-fixtures.js';

describe('/proc/stat', () => {
  it('reads the aggregate cpu line and counts the per-CPU lines (kernel documentation sample)', () => {
    const r = parseProcStat(corpus('proc-stat', 'linux-doc-1.txt'));
    expect(r.issues).toEqual([]);
    // user nice system idle iowait irq softirq steal: busy excludes idle and iowait
    expect(r.value).toEqual({ cpu: { busy: 2255 + 34 + 2290 + 127 + 456, idle: 22625563 + 6290, span: { first: 1, last: 1 } }, cpus: 2 });
  });

  it('reads a single-space cpu line whose guest time is already in user (proc_stat(5) sample)', () => {
    const r = parseProcStat(corpus('proc-stat', 'man-proc-stat-1.txt'));
    expect(r.value.cpu).toMatchObject({ busy: 10132153 + 290696 + 3084719 + 25195, idle: 46828483 + 16683 });
    expect(r.value.cpus).toBe(1);
  });

  it('gives the busy share between two samples, and nothing when no time passed', () => {
    const a = { busy: 100, idle: 900, span: { first: 1, last: 1 } };
    expect(cpuBusyPercent(a, { busy: 190, idle: 910, span: a.span })).toBe(90);
    expect(cpuBusyPercent(a, a)).toBeUndefined();
  });

  it('says when there is no cpu line, and never throws on garbage', () => {
    expect(parseProcStat('intr 1 2 3\nctxt 4\n').issues[0]?.reason).toMatch(/no aggregate "cpu" line/);
    expect(parseProcStat('cpu a b c d\n').value.cpu).toBeUndefined();
  });
});

describe('/proc/meminfo', () => {
  it('reads kB values by key with their lines; a kernel before 3.14 has no MemAvailable (ServerMonitor notes)', () => {
    const r = parseMeminfo(corpus('proc-meminfo', 'servermonitor-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.MemTotal).toEqual({ kib: 24675128, span: { first: 1, last: 1 } });
    expect(r.value.Cached?.kib).toBe(9777444);
    expect(r.value.MemAvailable).toBeUndefined();
  });

  it('reads the aligned layout (RHEL deployment guide sample)', () => {
    const r = parseMeminfo(corpus('proc-meminfo', 'rhel-deployment-guide-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.MemFree?.kib).toBe(69936);
    expect(r.value.SwapTotal?.span).toEqual({ first: 12, last: 12 });
  });

  it('keeps unit-less counts and flags lines that are not "Key: value"', () => {
    const r = parseMeminfo('HugePages_Total:       0\nnot a line\nMemTotal: 12 MB\n');
    expect(r.value.HugePages_Total?.kib).toBe(0);
    expect(r.issues.map((i) => i.line)).toEqual([2, 3]);
  });
});

describe('lscpu', () => {
  it('reads the Hygon 7280 model of a Kylin VM (AuthenticAMD vendor, KVM hypervisor)', () => {
    const r = parseCpuModel(corpus('lscpu', 'unidentified-kylin-hygon-1.txt'));
    expect(r.value).toMatchObject({ model: 'Hygon C86 7280 32-core Processor', vendor: 'AuthenticAMD', hypervisor: 'KVM' });
    expect(r.value.spans.model).toEqual({ first: 14, last: 14 });
  });

  it('reads the localised labels with full-width colons (zh_CN lscpu of a Hygon host)', () => {
    const r = parseCpuModel(corpus('lscpu', 'unidentified-hygon-zh-1.txt'));
    expect(r.value).toMatchObject({ model: 'Hygon C86 7280 32-core Processor', vendor: 'HygonGenuine' });
    expect(r.value.spans.model).toEqual({ first: 13, last: 13 });
  });

  it('reads an Intel host and /proc/cpuinfo\'s tab-separated keys', () => {
    expect(parseCpuModel(corpus('lscpu', 'unidentified-intel-8163-1.txt')).value.model).toBe('Intel(R) Xeon(R) Platinum 8163 CPU @ 2.50GHz');
    const info = parseCpuModel('processor\t: 0\nvendor_id\t: HygonGenuine\nmodel name\t: Hygon C86 7280 32-core Processor\nprocessor\t: 1\nmodel name\t: Hygon C86 7280 32-core Processor\n');
    expect(info.value).toMatchObject({ model: 'Hygon C86 7280 32-core Processor', vendor: 'HygonGenuine', spans: { model: { first: 3, last: 3 } } });
    expect(parseCpuModel('garbage\n').issues[0]?.reason).toMatch(/no "Model name"/);
  });
});

describe('/etc/cvk/cpu_mem_threshold.conf', () => {
  it('reads the guide\'s one-line form', () => {
    const r = parseCpuMemThreshold('CpuUsePercent 85 MemSysReserved 4\n');
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual({ CpuUsePercent: { value: 85, span: { first: 1, last: 1 } }, MemSysReserved: { value: 4, span: { first: 1, last: 1 } } });
  });

  it('reads one key per line, comments, = and : separators', () => {
    const r = parseCpuMemThreshold('# thresholds\nCpuUsePercent=90\nMemSysReserved: 8\n');
    expect(r.issues).toEqual([]);
    expect(r.value.CpuUsePercent).toEqual({ value: 90, span: { first: 2, last: 2 } });
    expect(r.value.MemSysReserved?.value).toBe(8);
  });

  it('flags what is not a key and a number', () => {
    expect(parseCpuMemThreshold('CpuUsePercent high\n').issues).toHaveLength(1);
  });
});

describe('the guest of a domain definition', () => {
  it('reads title, libosinfo os id, memory and vCPUs (a /etc/libvirt/qemu file with its comment)', () => {
    const r = parseDomainGuest(corpus('libvirt-domain-xml', 'unidentified-k8s01-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual({ name: 'k8s01', title: '192.168.1.1', osId: 'http://centos.org/centos/7.0', memoryKiB: 2097152, currentMemoryKiB: 2097152, vcpus: 2 });
  });

  it('converts memory units and reads a description', () => {
    const r = parseDomainGuest("<domain><name>a</name><description>CentOS 6.8</description><memory unit='GiB'>4</memory><vcpu>2</vcpu></domain>");
    expect(r.value).toMatchObject({ memoryKiB: 4194304, description: 'CentOS 6.8' });
  });

  it('is empty with an issue on a virsh error', () => {
    const r = parseDomainGuest("error: failed to get domain 'x'\n");
    expect(r.value).toEqual({ name: '' });
    expect(r.issues[0]?.reason).toBe('virsh error');
  });
});
