/**
 * Unrelated real outputs must match nothing. The corpus holds healthy outputs
 * of the commands usdiag reads (fixtures/corpus) plus some that DO show a
 * fault: those must point at the right entry. fixtures/explain/negative holds
 * ordinary logs of healthy hosts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainText } from '../../src/explain/stream.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const CORPUS = join(FIXTURES, 'corpus');

/** Corpus samples that show a fault, and the entry they must rank first. */
const FAULTY: Record<string, string> = {
  'dmesg-hung-task/lkml-ocfs2-reflink-1.txt': 'storage-blocked',
  'proc-pid-stack/linux-f5785283-1.txt': 'storage-blocked',
  'ip-addr/insights-core-1.txt': 'nic-packet-loss',
  'ip-s-s-link/zh-net-notes-b-1.txt': 'nic-packet-loss',
  // a laptop's wired NIC without cable: NO-CARRIER is the sign, rightly
  'ip-o-link/nbmdt-1.txt': 'nic-packet-loss',
  'ls-l-var-lib-mysql/slackware-notes-1.txt': 'db-connection',
  'mcelog/lp1307225-1.txt': 'mce',
  'mcelog/mcelog-analysis-blog-1.txt': 'mce',
  'mcelog/mint-forum-archive-1.txt': 'mce',
  'mcelog/qa-archive-haswell-1.txt': 'mce',
  'multipath-ll/dell-csm-issue296-1.txt': 'multipath-wwid',
  'multipath-ll/insights-core-3.txt': 'multipath-wwid',
  'multipath-ll/iscsi-tp-a-1.txt': 'multipath-wwid',
  'multipath-ll/iscsi-tp-b-1.txt': 'multipath-wwid',
  'multipath-ll/zh-osbrick-blog-1.txt': 'multipath-wwid',
  'qemu-img-check/lp1846427-2.txt': 'qcow2-corrupt',
  'qemu-img-check/qemu-devel-luks-1.txt': 'qcow2-corrupt',
  'qemu-img-check/qemu-iotests-039-1.txt': 'qcow2-corrupt',
  'qemu-img-check/qemu-iotests-039-2.txt': 'qcow2-corrupt',
  'qemu-img-check/qemu-iotests-060-1.txt': 'qcow2-corrupt',
  'qemu-img-check/qemu-iotests-060-2.txt': 'qcow2-corrupt',
  'qemu-img-check/qemu-iotests-060-3.txt': 'qcow2-corrupt',
  'qemu-log-qcow2-corrupt/qemu-iotests-060-1.txt': 'qcow2-corrupt',
  'qemu-qcow2-open-errors/qemu-iotests-080-1.txt': 'qcow2-snapshot-table',
  'systemctl-status/bbb-issue10726-1.txt': 'ui-login',
  'virsh-domjobinfo/libvirt-exporter-issue132-1.txt': 'vm-migration-stuck',
  // alarms and platform suite: samples of the faults themselves
  'ip-o-link/unidentified-cumulus-1.txt': 'nic-packet-loss',
  'ip-o-link/unidentified-nbmdt-1.txt': 'nic-packet-loss',
  'nic-kernel-log/lede-issue9867-1.txt': 'nic-fault',
  'nic-kernel-log/openwrt-nic-drivers-issue11-1.txt': 'nic-fault',
  'nic-kernel-log/pf-ring-issue293-1.txt': 'nic-fault',
  'rabbitmqctl-status/moocng-issue56-1.txt': 'ui-login',
  'rabbitmqctl-status/rabbitmq-server-issue1614-1.txt': 'ui-login',
  'service-status/moocng-issue56-1.txt': 'ui-login',
  'usb-kernel-log/aioc-issue122-1.txt': 'usb-device',
  'usb-kernel-log/raspberrypi-linux-issue2692-1.txt': 'usb-device',
  'usb-kernel-log/re4son-kernel-builder-issue6-1.txt': 'usb-device',
  // compute suite: a Hygon C86 7280 CPU is itself the sign of guide 3.4.9 (rdrand must be disabled for CentOS 5/6 guests)
  'lscpu/unidentified-hygon-zh-1.txt': 'hygon-rdrand',
  'lscpu/unidentified-kylin-hygon-1.txt': 'hygon-rdrand',
};

const corpusFiles = readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(CORPUS, d.name)).map((f) => `${d.name}/${f}`));

describe('explain on real outputs', () => {
  it('knows every faulty corpus sample it lists', () => {
    for (const f of Object.keys(FAULTY)) expect(corpusFiles).toContain(f);
    expect(corpusFiles.length).toBeGreaterThan(150);
  });

  it.each(corpusFiles.filter((f) => !(f in FAULTY)))('healthy corpus %s matches nothing', (f) => {
    const result = explainText(readFileSync(join(CORPUS, f), 'utf8'));
    expect(result.matches.map((m) => `${m.id} ${m.signatures.map((s) => s.id).join(',')}`)).toEqual([]);
  });

  it.each(Object.entries(FAULTY))('faulty corpus %s ranks %s first', (f, id) => {
    const result = explainText(readFileSync(join(CORPUS, f), 'utf8'));
    expect(result.matches[0]?.id).toBe(id);
  });

  it.each(readdirSync(join(FIXTURES, 'explain/negative')))('healthy log %s matches nothing', (f) => {
    const text = readFileSync(join(FIXTURES, 'explain/negative', f), 'utf8');
    const result = explainText(text);
    expect(result.matches.map((m) => `${m.id} ${m.lines.map((l) => l.text).join(' | ')}`)).toEqual([]);
    expect(result.input.lines).toBe(text.trimEnd().split('\n').length);
  });
});
