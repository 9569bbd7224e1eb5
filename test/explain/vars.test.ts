import { describe, expect, it } from 'vitest';
import { explainText, renderExplainJson } from '../../src/explain/index.js';
import { varsFromText } from '../../src/explain/vars.js';
import { kbEntry } from '../../src/kb/index.js';

describe('explain fills the steps with what the pasted text names', () => {
  it('fills <image> from the path in the pasted line, and leaves what the text does not say', () => {
    const result = explainText("qemu-img: Could not open '/vms/FC-St/mzgk.img': qcow2: Image is corrupt; cannot be opened read/write");
    const json = JSON.parse(renderExplainJson(result, { lang: 'en', kbEntry })) as { matches: Array<{ id: string; recoverySteps: Array<{ id: string; command?: string; text: string }> }> };
    const qcow2 = json.matches.find((m) => m.id === 'qcow2-corrupt')!;
    expect(qcow2.recoverySteps.find((s) => s.id === 'repair-image')!.command).toBe('qemu-img check -r all /vms/FC-St/mzgk.img');
    // no VM is named in that line: it stays a visible placeholder
    expect(qcow2.recoverySteps.find((s) => s.id === 'start-vm')!.command).toBe('virsh start <vm>');
  });

  it('reads a VM, a device, a lock, a WWID and a NIC from common lines', () => {
    expect(varsFromText([
      '2023-06-07 10:37:52.416+0000: /var/log/libvirt/qemu/centos-db.log: image marked as corrupt',
      'Buffer I/O error on dev /dev/sdk, logical block 0',
      'Lockres: M000000000000000000000000020737820a41  Owner: 1',
      'mpatha (36000eb34fe49de76000000000004064) dm-0 HUAWEI,XSG1',
      'eth0: rx_dropped +294',
    ])).toEqual({
      vm: 'centos-db',
      device: '/dev/sdk',
      lockres: 'M000000000000000000000000020737820a41',
      wwid: '36000eb34fe49de76000000000004064',
      iface: 'eth0',
    });
    expect(varsFromText(["error: Failed to start domain 'win7'", "-drive file=/vms/IPsan-St-001/win7.qcow2,format=qcow2"])).toEqual({ vm: 'win7', image: '/vms/IPsan-St-001/win7.qcow2' });
  });
});
