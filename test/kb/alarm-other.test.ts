import { describe, expect, it } from 'vitest';
import { entries as alarm } from '../../src/kb/entries/alarm.js';
import { entries as other } from '../../src/kb/entries/other.js';
import type { KbEntry } from '../../src/kb/types.js';
import { expectFactInBothLanguages } from './bilingual-text.js';
import { areaIds, contentProblems, stepOf as step } from './entry-content-rules.js';

describe.each([
  ['alarm', '3.7', alarm],
  ['other', '3.8', other],
] as const)('%s KB entries (guide %s)', (area, _section, entries) => {
  it('holds exactly the ids of the area in the catalogue, in guide order', () => {
    expect(entries.map((e) => e.id)).toEqual(areaIds(area));
  });

  it.each(entries.map((e) => [e.id, e] as const))('%s follows the content rules', (_id, e) => {
    expect(contentProblems(e)).toEqual([]);
  });
});

const byId = (id: string): KbEntry => {
  const e = [...alarm, ...other].find((x) => x.id === id);
  if (!e) throw new Error(`no entry ${id}`);
  return e;
};

const ids = (e: KbEntry) => e.recovery.map((s) => s.id);

describe('nic-fault (3.7.1)', () => {
  const e = byId('nic-fault');
  it('checks state, negotiation and syslog before hardware work', () => {
    expect(step(e, 'check-link-state').command).toBe('ip link show dev {iface}');
    expect(step(e, 'check-negotiation').command).toBe('ethtool {iface}');
    expect(step(e, 'bring-nic-up').command).toBe('ip link set dev {iface} up');
    expectFactInBothLanguages(e, '/var/log/syslog');
    expect(ids(e).slice(-2)).toEqual(['upgrade-nic-firmware', 'replace-nic']);
  });
});

describe('mce (3.7.2)', () => {
  const e = byId('mce');
  it('reads mce.log, then migrates, isolates and replaces', () => {
    expect(step(e, 'read-mce-log').command).toBe('cat /var/log/mce.log');
    expectFactInBothLanguages(e, 'Hardware event. This is not a software error.');
    expect(ids(e).slice(2)).toEqual(['migrate-vms', 'isolate-host', 'replace-faulty-hardware']);
  });
});

describe('ui-login (3.8.1)', () => {
  const e = byId('ui-login');
  it('handles tomcat8 first, saving its state before the restart', () => {
    expect(ids(e).slice(0, 5)).toEqual(['check-tomcat', 'find-tomcat-pid', 'dump-tomcat-threads', 'dump-tomcat-heap', 'restart-tomcat']);
    expect(step(e, 'check-tomcat').command).toBe('service tomcat8 status');
    expect(step(e, 'find-tomcat-pid').command).toBe('ps -ef | grep tomcat8');
    expect(step(e, 'dump-tomcat-threads').command).toBe('jstack -l {pid} > /vms/{file}');
    expect(step(e, 'dump-tomcat-heap').command).toBe('jmap -dump:format=b,file=/vms/{file} {pid}');
    expect(step(e, 'restart-tomcat').command).toBe('service tomcat8 restart');
  });

  it('covers the rabbitmq failures with their exact facts', () => {
    expect(step(e, 'check-rabbitmq').command).toBe('service rabbitmq-server status');
    expect(step(e, 'start-rabbitmq').command).toBe('service rabbitmq-server start');
    expect(step(e, 'check-cloud-permissions').command).toBe('rabbitmqctl list_permissions');
    expect(step(e, 'reinit-rabbitmq-users').command).toBe('rabbitmq-init.sh');
    for (const fact of ['Too short cookie string', '/var/lib/rabbitmq/.erlang.cookie', '4369', '5672', '/var/log/rabbitmq', '2021-05']) {
      expectFactInBothLanguages(e, fact);
    }
    expect(step(e, 'fix-clock').warning?.en).toContain('10 days');
  });
});

describe('db-connection (3.8.2)', () => {
  const e = byId('db-connection');
  it('fixes ownership to mysql and leaves power-loss and full-disk cases to support', () => {
    expect(step(e, 'fix-db-ownership').command).toBe('chown mysql:mysql -R {dir}');
    expectFactInBothLanguages(e, '/var/lib/mysql');
    expectFactInBothLanguages(e, '/var/lib/mysql-share');
    expectFactInBothLanguages(e, '/var/log/mariadb');
    expect(e.recovery.at(-1)).toMatchObject({ id: 'contact-support', cost: 'long' });
  });
});

describe('ui-hang (3.8.3)', () => {
  const e = byId('ui-hang');
  it('points storage causes to the storage entries', () => {
    expect(ids(e)).toEqual(['wait-for-tasks', 'check-storage-io', 'check-storage-pools']);
    expectFactInBothLanguages(e, 'disk-io-latency');
    expectFactInBothLanguages(e, 'storage-fence');
    expectFactInBothLanguages(e, '4.2.1');
  });
});

describe('vm-stuck (3.8.4)', () => {
  const e = byId('vm-stuck');
  it('inspects the qemu process of the VM', () => {
    expect(step(e, 'check-process-state').command).toBe('ps aux | grep {vm}');
    expect(step(e, 'check-process-usage').command).toBe('top -c -H -p {pid}');
    expect(step(e, 'read-process-stack').command).toBe('cat /proc/{pid}/stack');
    expect(step(e, 'check-vm-devices').command).toBe('virsh dumpxml {vm}');
    expectFactInBothLanguages(e, '/var/log/libvirt/qemu/{vm}.log');
    expectFactInBothLanguages(e, '50');
  });
});

describe('usb-device (3.8.5)', () => {
  const e = byId('usb-device');
  it('reads the bus tree, then compares lsusb before and after re-plugging', () => {
    expect(e.recovery.map((s) => s.command)).toEqual(['lsusb -t', undefined, 'lsusb', undefined]);
    for (const fact of ['ehci-pci', 'uhci', 'xhci', '480']) expectFactInBothLanguages(e, fact);
  });
});

describe('ha-time-skew (3.8.6)', () => {
  const e = byId('ha-time-skew');
  it('fixes the clock and adds skip_ssl', () => {
    expectFactInBothLanguages(e, 'SSL connection error: protocol version mismatch');
    expectFactInBothLanguages(e, '/etc/mysql/mysql.conf.d/mysql.cnf');
    expectFactInBothLanguages(e, '10');
    expect(e.symptom.zh).toContain('HA 进程响应超时');
    expect(ids(e)).toEqual(['compare-clock', 'check-skip-ssl', 'fix-clock', 'add-skip-ssl']);
  });
});
