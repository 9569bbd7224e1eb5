import { describe, expect, it } from 'vitest';
import { isOcfs2Pool, parsePoolList, parsePoolXml } from '../../src/parsers/libvirt-pool.js';
import { GARBAGE, truncate } from './storage-fixtures.js';

// Published `virsh pool-list --all` outputs (shell prompts removed).
// libvirt < 4 (`%-20s %-10s %-10s`, trailing spaces): a blog post on KVM storage pools (unidentified GitHub repository).
const OLD = [
  ' Name                 State      Autostart ',
  '-------------------------------------------',
  ' default              active     yes       ',
  ' root                 active     yes       ',
  ' vmdisk               inactive   no     ',
  '',
].join('\n');
// libvirt >= 4 (columns sized to the content): a benchmark log (unidentified GitHub repository).
const NEW = [
  ' Name                       State    Autostart',
  '------------------------------------------------',
  ' boot-scratch               active   yes',
  ' default                    active   yes',
  ' Downloads                  active   yes',
  ' scheduler_benchmark_pool   active   yes',
  ' vms-glusterfs              active   yes',
  '',
].join('\n');

describe('parsePoolList', () => {
  it('reads the fixed-width table of older virsh, trailing spaces and all', () => {
    const r = parsePoolList(OLD);
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual([
      { name: 'default', state: 'active', autostart: true, line: 3, span: { first: 3, last: 3 } },
      { name: 'root', state: 'active', autostart: true, line: 4, span: { first: 4, last: 4 } },
      { name: 'vmdisk', state: 'inactive', autostart: false, line: 5, span: { first: 5, last: 5 } },
    ]);
  });

  it('reads the content-sized table of newer virsh', () => {
    const r = parsePoolList(NEW);
    expect(r.issues).toEqual([]);
    expect(r.value.map((p) => [p.name, p.state, p.autostart])).toEqual([
      ['boot-scratch', 'active', true],
      ['default', 'active', true],
      ['Downloads', 'active', true],
      ['scheduler_benchmark_pool', 'active', true],
      ['vms-glusterfs', 'active', true],
    ]);
  });

  it('keeps a name with spaces whole and reads a zh_CN table', () => {
    const zh = ' 名称               状态     自动开始\n-------------------------------------\n FC St              活动     是\n isopool            不活跃   否\n';
    expect(parsePoolList(zh).value).toEqual([
      { name: 'FC St', state: 'active', autostart: true, line: 3, span: { first: 3, last: 3 } },
      { name: 'isopool', state: 'inactive', autostart: false, line: 4, span: { first: 4, last: 4 } },
    ]);
  });

  it('reports virsh errors and never throws on garbage or a cut output', () => {
    const down = parsePoolList('error: failed to connect to the hypervisor\nerror: no valid connection\n');
    expect(down.value).toEqual([]);
    expect(down.issues.map((i) => [i.line, i.reason])).toEqual([[1, 'virsh error'], [2, 'virsh error']]);
    for (const g of GARBAGE) {
      const r = parsePoolList(g);
      expect(r.value).toEqual([]);
      expect(r.issues.length).toBeGreaterThan(0);
    }
    const cut = parsePoolList(truncate(NEW, 0.7));
    expect(cut.value.map((p) => p.name)).toEqual(['boot-scratch', 'default', 'Downloads']);
    expect(cut.issues).toHaveLength(1);
  });
});

// libvirt/libvirt tests/storagepoolxml2xmlout/pool-fs.xml and pool-iscsi.xml @ 265457845fc51f197d9cc0854fa5e9164565f3bb (LGPL-2.1+).
const FS = `<pool type='fs'>
  <name>images</name>
  <uuid>7641d5a8-af11-f730-a34e-0a7dfcede71f</uuid>
  <capacity unit='bytes'>0</capacity>
  <allocation unit='bytes'>0</allocation>
  <available unit='bytes'>0</available>
  <source>
    <device path='/dev/sda6'/>
    <format type='ext3'/>
  </source>
  <target>
    <path>/mnt</path>
    <permissions>
      <mode>0700</mode>
      <owner>0</owner>
      <group>0</group>
    </permissions>
  </target>
</pool>
`;
const ISCSI = `<pool type='iscsi'>
  <name>virtimages</name>
  <uuid>e9392370-2917-565e-692b-d057f46512d6</uuid>
  <capacity unit='bytes'>0</capacity>
  <allocation unit='bytes'>0</allocation>
  <available unit='bytes'>0</available>
  <source>
    <host name='iscsi.example.com'/>
    <device path='demo-target'/>
  </source>
  <target>
    <path>/dev/disk/by-path</path>
    <permissions>
      <mode>0700</mode>
      <owner>0</owner>
      <group>0</group>
    </permissions>
  </target>
</pool>
`;

describe('parsePoolXml', () => {
  it('reads a file system pool: source device, format, mount point', () => {
    const r = parsePoolXml(FS);
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual({
      type: 'fs',
      name: 'images',
      uuid: '7641d5a8-af11-f730-a34e-0a7dfcede71f',
      sourceDevices: ['/dev/sda6'],
      sourceFormat: 'ext3',
      sourceHosts: [],
      targetPath: '/mnt',
    });
    expect(isOcfs2Pool(r.value)).toBe(false);
  });

  it('reads an iSCSI pool: host and target IQN as the device', () => {
    const r = parsePoolXml(ISCSI);
    expect(r.value).toMatchObject({ type: 'iscsi', sourceHosts: ['iscsi.example.com'], sourceDevices: ['demo-target'], targetPath: '/dev/disk/by-path' });
    expect(r.value.sourceFormat).toBeUndefined();
  });

  it('recognises a Usphere shared pool by its ocfs2 format', () => {
    const usphere = FS.replace("'/dev/sda6'", "'/dev/disk/by-id/dm-name-36000eb34fe49de76000000000004064'").replace("'ext3'", "'ocfs2'").replace('/mnt', '/vms/FC-St');
    const r = parsePoolXml(usphere);
    expect(r.value.sourceDevices).toEqual(['/dev/disk/by-id/dm-name-36000eb34fe49de76000000000004064']);
    expect(r.value.targetPath).toBe('/vms/FC-St');
    expect(isOcfs2Pool(r.value)).toBe(true);
  });

  it('says what is wrong with a virsh error, another document, truncated XML and garbage', () => {
    expect(parsePoolXml("error: failed to get pool 'FC-St'\nerror: Storage pool not found: no storage pool with matching name 'FC-St'\n").issues[0]!.reason).toBe('virsh error');
    expect(parsePoolXml('<network><name>default</name></network>').issues[0]!.reason).toBe('not a storage pool definition');
    const cut = parsePoolXml(FS.slice(0, 200));
    expect(cut.value.targetPath).toBeUndefined();
    expect(cut.issues[0]!.reason).toMatch(/malformed XML/);
    for (const g of GARBAGE) {
      const r = parsePoolXml(g);
      expect(r.value).toEqual({ sourceDevices: [], sourceHosts: [] });
      expect(r.issues.length).toBeGreaterThan(0);
    }
  });
});
