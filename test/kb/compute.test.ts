import { describe, expect, it } from 'vitest';
import { text } from '../../src/i18n/text.js';
import { entries } from '../../src/kb/entries/compute.js';
import { stepRank, type KbEntry } from '../../src/kb/types.js';
import { allText, areaIds, contentProblems, stepOf } from './entry-content-rules.js';

const byId = new Map<string, KbEntry>(entries.map((e) => [e.id, e]));
function entry(id: string): KbEntry {
  const e = byId.get(id);
  if (!e) throw new Error(`no compute entry ${id}`);
  return e;
}
const ids = (e: KbEntry) => e.recovery.map((s) => s.id);
const ranks = (e: KbEntry, from: string, to: string) => {
  const list = ids(e);
  return e.recovery.slice(list.indexOf(from), list.indexOf(to) + 1).map(stepRank);
};

describe('compute KB entries (guide 3.4)', () => {
  it('holds exactly the compute ids of the catalogue, in guide order', () => {
    expect(entries.map((e) => e.id)).toEqual(areaIds('compute'));
    expect(entries).toHaveLength(10);
  });

  it.each(entries.map((e) => [e.id, e] as const))('%s follows the content rules', (_id, e) => {
    expect(contentProblems(e)).toEqual([]);
  });
});

describe('the content rules catch broken entries', () => {
  it('reports language, placeholder, id, order and command faults', () => {
    const broken: KbEntry = {
      id: 'qcow2-corrupt',
      title: text('Title', 'Title only in English'),
      symptom: text('Shows {vm}', '显示 {vm}'),
      impact: text('中文 in English', '影响'),
      causes: [text('Cause', '原因')],
      diagnosis: [text('Look', '查看')],
      recovery: [
        { id: 'slow', kind: 'changing', cost: 'long', likelihood: 'high', text: text('Slow {vm}', '慢 {vm}') },
        { id: 'slow', kind: 'diagnostic', cost: 'short', likelihood: 'high', text: text('Quick {guest}', '快 {guest}') },
        { id: 'Bad_Id', kind: 'changing', cost: 'long', likelihood: 'low', text: text('Go {vm}', '执行'), command: 'qemu-img check {image}，' },
      ],
    };
    expect(contentProblems(broken)).toEqual([
      'title: zh has no Chinese',
      'symptom: braces outside a step',
      'impact: en contains CJK or full-width characters',
      'step slow: duplicate id',
      'step slow: rank 0 after rank 2 (guide 2.2.2 order)',
      'step slow text: unknown placeholder {guest} in en',
      'step slow text: unknown placeholder {guest} in zh',
      'step Bad_Id: id is not kebab-case',
      'step Bad_Id text: placeholders differ between en (vm) and zh ()',
      'step Bad_Id command: contains CJK or full-width characters',
    ]);
  });
});

describe('compute entries keep the guide\'s facts', () => {
  it('host-no-boot-device (3.4.1)', () => {
    const e = entry('host-no-boot-device');
    expect(e.symptom.en).toContain('"No bootable device."');
    expect(e.causes).toHaveLength(3);
    expect(stepOf(e, 'reinstall-system').kind).toBe('changing');
    expect(stepOf(e, 'reinstall-system').warning).toBeDefined();
    expect(stepOf(e, 'repair-raid-controller').text.en).toContain('technical support');
    expect(stepOf(e, 'check-boot-disk').kind).toBe('diagnostic');
    expect(ids(e)[0]).toBe('check-boot-disk');
  });

  it('install-console (3.4.2)', () => {
    const e = entry('install-console');
    const dd = stepOf(e, 'write-usb-with-dd');
    expect(dd.command).toBe('dd if=/root/CAS-*.iso of={device} bs=1M');
    expect(dd.text.en).toContain('/dev/sdc');
    expect(dd.warning?.en).toContain('lsblk');
    expect(stepOf(e, 'check-cpu-platform').text.en).toContain('Phytium');
    expect(stepOf(e, 'check-cpu-platform').text.zh).toContain('飞腾');
    expect(e.title.en).toContain('xsconsole');
  });

  it('vm-start-resources (3.4.3)', () => {
    const e = entry('vm-start-resources');
    expect(stepOf(e, 'check-thresholds').command).toBe('cat /etc/cvk/cpu_mem_threshold.conf');
    const all = allText(e);
    expect(all).toContain('CpuUsePercent 85 MemSysReserved 4');
    expect(e.causes[1]?.en).toContain('80 %');
    expect(e.causes[1]?.zh).toContain('80%');
    expect(e.causes[1]?.zh).toContain('主机内存预留');
    expect(all).toContain('/var/log/libvirt/libvirtd.log');
    expect(ids(e)).toEqual(['check-thresholds', 'read-libvirt-log', 'free-resources', 'shutdown-idle-vms', 'migrate-other-vms']);
    expect(stepOf(e, 'migrate-other-vms').cost).toBe('long');
  });

  it('vm-shmem-residue (3.4.3)', () => {
    const e = entry('vm-shmem-residue');
    expect(e.symptom.en).toContain('path=/tmp/kvmsec: Failed to connect to socket: No such file or directory');
    expect(allText(e)).toContain("<server path='/tmp/kvmsec' />");
    expect(allText(e)).toContain('nu_fsec-');
    const remove = stepOf(e, 'remove-shmem-device');
    expect(remove.kind).toBe('changing');
    expect(remove.warning?.en).toContain('virsh dumpxml {vm}');
    expect(stepOf(e, 'start-vm').command).toBe('virsh start {vm}');
    expect(stepOf(e, 'read-qemu-log').text.en).toContain('/var/log/libvirt/qemu/{vm}.log');
  });

  it('qcow2-snapshot-table (3.4.4)', () => {
    const e = entry('qcow2-snapshot-table');
    expect(ids(e)).toEqual(['read-qemu-log', 'dump-header', 'backup-image', 'reset-snapshot-fields', 'verify-header', 'start-vm']);
    expect(e.title.en).toContain('Could not read snapshots: File too large');
    expect(stepOf(e, 'read-qemu-log').text.en).toContain('"Could not read snapshots: File too large"');
    expect(stepOf(e, 'dump-header').command).toBe('qcow2.py {image} dump-header');
    const reset = stepOf(e, 'reset-snapshot-fields');
    expect(reset.kind).toBe('changing');
    expect(reset.command).toContain('qcow2.py {image} set-header nb_snapshots 0');
    expect(reset.command).toContain('qcow2.py {image} set-header snapshot_offset 0x0');
    expect(reset.warning?.zh).toContain('备份');
    expect(stepOf(e, 'backup-image').kind).toBe('changing');
    expect(new Set(ranks(e, 'backup-image', 'start-vm'))).toEqual(new Set([2]));
    expect(allText(e)).toContain('snapshot_offset 0x130600000');
  });

  it('qcow2-corrupt (3.4.5)', () => {
    const e = entry('qcow2-corrupt');
    expect(ids(e)).toEqual(['read-qemu-log', 'check-image', 'backup-image', 'repair-image', 'start-vm']);
    expect(stepOf(e, 'read-qemu-log').text.en).toContain('"image marked as corrupt"');
    expect(stepOf(e, 'read-qemu-log').text.en).toContain('/var/log/libvirt/qemu/{vm}.log');
    expect(stepOf(e, 'check-image')).toMatchObject({ kind: 'diagnostic', command: 'qemu-img check {image}' });
    const repair = stepOf(e, 'repair-image');
    expect(repair).toMatchObject({ kind: 'changing', command: 'qemu-img check -r all {image}' });
    expect(repair.warning?.en).toContain('Back up {image}');
    expect(repair.warning?.en).toContain('shut off');
    expect(stepOf(e, 'backup-image').kind).toBe('changing');
    expect(e.symptom.en).toContain('Boot failed: could not read the boot disk');
    expect(e.causes[0]?.en).toContain('(overlaps with snapshot table); image marked as corrupt.');
    expect(allText(e)).toContain('ERROR cluster 274639 refcount=0 reference=1');
  });

  it('vm-migration-stuck (3.4.6)', () => {
    const e = entry('vm-migration-stuck');
    expect(e.symptom.en).toContain('99 %');
    expect(e.symptom.en).toContain('15 minutes');
    expect(e.causes).toHaveLength(4);
    expect(stepOf(e, 'check-vm-states').command).toBe('virsh list');
    expect(stepOf(e, 'destroy-both').command).toBe('virsh destroy {vm}');
    expect(stepOf(e, 'restart-libvirtd').command).toBe('systemctl restart libvirtd');
    expect(stepOf(e, 'undefine-source').command).toBe('virsh undefine {vm}');
    expect(stepOf(e, 'undefine-source').warning?.en).toContain('virsh undefined');
    expect(stepOf(e, 'start-destination').command).toBe('virsh start {vm}');
    expect(stepOf(e, 'kill-destination-kvm').text.en).toContain('kill {pid}');
    expect(new Set(ranks(e, 'check-vm-states', 'start-destination'))).toEqual(new Set([2]));
    expect(ids(e).slice(-5)).toEqual(['check-vm-states', 'destroy-both', 'restart-libvirtd', 'undefine-source', 'start-destination']);
  });

  it('vm-deploy-7501 (3.4.7)', () => {
    const e = entry('vm-deploy-7501');
    expect(e.title.en).toContain('7501');
    expect(e.symptom.zh).toContain('7501');
    const all = allText(e);
    expect(all).toContain('uspheretools.py');
    expect(all).toContain('/var/log/uspheretools.log');
    expect(all).toContain('libguestfs');
    expect(all).toContain('qemu-ga');
    expect(stepOf(e, 'repair-image').command).toBe('qemu-img check -r all {image}');
    expect(ids(e).indexOf('backup-image')).toBe(ids(e).indexOf('repair-image') - 1);
    expect(stepOf(e, 'reinstall-uspheretools').kind).toBe('changing');
  });

  it('migration-ssh-cipher (3.4.8)', () => {
    const e = entry('migration-ssh-cipher');
    expect(e.symptom.en).toContain('E0710P11');
    expect(e.symptom.en).toContain('E0718');
    expect(e.symptom.zh).toContain('文件拷贝错误');
    expect(e.causes[0]?.en).toContain("Bad SSH2 cipher spec 'arcfour128,aes128-ctr,aes192-ctr,aes256-ctr'");
    expect(e.causes[0]?.en).toContain('scp -o Ciphers=');
    expect(stepOf(e, 'check-cas-log').text.en).toContain('cas.log');
    expect(ids(e).slice(-2)).toEqual(['merge-images', 'migrate-online']);
    expect(stepOf(e, 'migrate-online').text.en).toContain('libvirt');
  });

  it('hygon-rdrand (3.4.9)', () => {
    const e = entry('hygon-rdrand');
    expect(e.symptom.en).toContain('Hygon C86 7280 32-Core');
    expect(e.symptom.zh).toContain('海光');
    expect(e.causes[0]?.en).toContain('exception RIP: get_random_bytes+41');
    expect(stepOf(e, 'disable-rdrand').text.en).toContain("<feature policy='disable' name='rdrand'/>");
    expect(stepOf(e, 'disable-rdrand').kind).toBe('changing');
    expect(allText(e)).toContain('2.6.32');
    expect(stepOf(e, 'restart-vm').text.en).toMatch(/^usdiag advice:/);
  });
});
