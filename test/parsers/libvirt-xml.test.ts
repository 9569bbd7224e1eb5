import { describe, expect, it } from 'vitest';
import { loadXml, parseDomainXml, parseNwfilter, parsers } from '../../src/parsers/libvirt-xml.js';
import { corpus, corpusFiles, fixture } from './compute-net-fixtures.js';

describe('parseDomainXml', () => {
  it('reads /etc/libvirt/qemu XML with its leading comment (insights-core-1)', () => {
    const r = parseDomainXml(corpus('libvirt-domain-xml', 'insights-core-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual({
      name: 'instance-000008d6',
      uuid: '601da52c-450f-4d8e-b502-503431536fa69',
      type: 'kvm',
      disks: [
        {
          device: 'disk',
          type: 'file',
          driverType: 'qcow2',
          cache: 'none',
          source: '/var/lib/nova/instances/601da52c-450f-4d8e-b502-50151536fa69/disk',
          target: 'vda',
          bus: 'virtio',
          backing: [],
          readonly: false,
          shareable: false,
        },
        {
          device: 'disk',
          type: 'block',
          driverType: 'raw',
          cache: 'none',
          source: '/dev/disk/by-id/dm-uuid-mpath-3600a09803830316d512b4a6b38374143',
          target: 'vdb',
          bus: 'virtio',
          backing: [],
          readonly: false,
          shareable: false,
        },
      ],
      interfaces: [{ type: 'bridge', mac: 'aa:aa:ee:bb:10:aa', bridge: 'qbrf975e53f-e0', target: 'tapf975e53f-e0', model: 'virtio', vlanTags: [] }],
      shmem: [],
      cpu: { mode: 'host-passthrough', features: [] },
      graphics: [{ type: 'vnc', port: -1, listen: '0.0.0.0' }],
      hostdevs: [],
    });
  });

  it('reads a custom CPU model and USB redirection (insights-core-2)', () => {
    const v = parseDomainXml(corpus('libvirt-domain-xml', 'insights-core-2.txt')).value;
    expect(v.cpu).toEqual({ mode: 'custom', match: 'exact', check: 'partial', model: 'Haswell-noTSX', features: [] });
    expect(v.interfaces[0]).toMatchObject({ type: 'network', network: 'default' });
    expect(v.hostdevs).toEqual([
      { kind: 'redirdev', type: 'spicevmc', bus: 'usb' },
      { kind: 'redirdev', type: 'spicevmc', bus: 'usb' },
    ]);
  });

  it('reads a lone <cpu> element with the rdrand fix (install-yamls)', () => {
    const r = parseDomainXml(corpus('libvirt-domain-xml', 'install-yamls-1.txt'));
    expect(r.value.cpu).toEqual({ mode: 'host-passthrough', check: 'none', features: [{ policy: 'disable', name: 'rdrand' }] });
    expect(r.value.name).toBe('');
    expect(r.issues.map((i) => i.reason)).toEqual(['no <domain> element: read the elements present']);
  });

  it('reads a documentation fragment with ... markers and a filterref with parameters (libvirt-docs)', () => {
    const r = parseDomainXml(corpus('libvirt-domain-xml', 'libvirt-docs-1.txt'));
    expect(r.value.interfaces).toEqual([
      { type: 'bridge', mac: '00:16:3e:5d:c7:9e', vlanTags: [], filterref: { filter: 'clean-traffic', params: { IP: '10.0.0.1' } } },
    ]);
    expect(r.issues.map((i) => i.reason)).toEqual(['XML fragment (no single root element): read the elements it has']);
  });

  it('reads every shmem variant (libvirt-tests)', () => {
    const r = parseDomainXml(corpus('libvirt-domain-xml', 'libvirt-tests-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.shmem).toEqual([
      { name: 'shmem0', hasServer: false },
      { name: 'shmem1', hasServer: false, sizeMiB: 128 },
      { name: 'shmem2', hasServer: false, sizeMiB: 256 },
      { name: 'shmem3', hasServer: true, sizeMiB: 512, model: 'ivshmem' },
      { name: 'shmem4', serverPath: '/tmp/shmem4-sock', hasServer: true, sizeMiB: 1024 },
      { name: 'shmem5', serverPath: '/tmp/shmem5-sock', hasServer: true, sizeMiB: 2048 },
      { name: 'shmem6', serverPath: '/tmp/shmem6-sock', hasServer: true, sizeMiB: 4096, model: 'ivshmem' },
      { name: 'shmem7', serverPath: '/tmp/shmem7-sock', hasServer: true, sizeMiB: 8192 },
    ]);
  });

  it("reads the guide's antivirus shmem device (3.4.3)", () => {
    expect(parseDomainXml(fixture('libvirt-xml', 'guide-3.4.3-shmem.xml')).value.shmem).toEqual([
      { name: 'nu_fsec-4af99204-6623-45e9-afbf-d852746bf187', serverPath: '/tmp/kvmsec', hasServer: true, sizeMiB: 8 },
    ]);
  });

  it("reports the guide's malformed cpu snippet and reads the cpu element alone (3.4.9)", () => {
    const bad = parseDomainXml(fixture('libvirt-xml', 'guide-3.4.9-cpu-verbatim.txt'));
    expect(bad.value).toEqual({ name: '', disks: [], interfaces: [], shmem: [], graphics: [], hostdevs: [] });
    expect(bad.issues).toHaveLength(1);
    expect(bad.issues[0]!.reason).toMatch(/^malformed XML: /);
    const cpu = parseDomainXml(fixture('libvirt-xml', 'guide-3.4.9-cpu.xml')).value.cpu;
    expect(cpu).toEqual({ mode: 'host-model', check: 'partial', features: [{ policy: 'disable', name: 'rdrand' }] });
  });

  it("reads the guide's OVS interface with a VLAN and an ACL filter (3.6.4)", () => {
    expect(parseDomainXml(fixture('libvirt-xml', 'guide-3.6.4-interface.xml')).value.interfaces).toEqual([
      {
        type: 'bridge',
        mac: '0c:da:41:1d:56:a7',
        bridge: 'vswitch0',
        target: 'vnet0',
        model: 'virtio',
        vlanTags: [1],
        virtualport: 'openvswitch',
        filterref: { filter: 'acl-test', params: {} },
      },
    ]);
  });

  it('reads a running domain: id, backing chain, shareable, empty cdrom, trunk, hostdevs, never the VNC password', () => {
    const text = fixture('libvirt-xml', 'dumpxml-running-synthetic.xml');
    const r = parseDomainXml(text);
    expect(r.issues).toEqual([]);
    const v = r.value;
    expect(v).toMatchObject({ name: 'E0513', id: 7, type: 'kvm' });
    expect(v.disks).toEqual([
      {
        device: 'disk',
        type: 'file',
        driverType: 'qcow2',
        cache: 'directsync',
        source: '/vms/IPsan St 001/E0513.qcow2',
        target: 'vda',
        bus: 'virtio',
        backing: ['/vms/IPsan St 001/E0513-snap1.qcow2', '/vms/images/centos6.5-base.qcow2'],
        readonly: false,
        shareable: false,
      },
      {
        device: 'disk',
        type: 'block',
        driverType: 'raw',
        cache: 'none',
        source: '/dev/mapper/36000c29a1b2c3d4e5f60718293a4b5c6',
        target: 'vdb',
        bus: 'virtio',
        backing: [],
        readonly: false,
        shareable: true,
      },
      { device: 'cdrom', type: 'file', driverType: 'raw', target: 'hdc', bus: 'ide', backing: [], readonly: true, shareable: false },
    ]);
    expect(v.interfaces[0]).toMatchObject({
      mac: '0c:da:41:1d:43:79',
      vlanTags: [100, 200],
      filterref: { filter: 'clean-traffic', params: { IP: '172.16.51.23,172.16.51.24', CTRL_IP_LEARNING: 'none' } },
    });
    expect(v.cpu?.features).toEqual([
      { policy: 'disable', name: 'rdrand' },
      { policy: 'require', name: 'x2apic' },
    ]);
    expect(v.graphics).toEqual([{ type: 'vnc', port: 5902, listen: '0.0.0.0' }]);
    expect(v.hostdevs).toEqual([
      { kind: 'hostdev', type: 'usb', vendor: '0x0781', product: '0x5567', address: '2.5' },
      { kind: 'hostdev', type: 'pci', address: '0000:03:00.1' },
    ]);
    expect(v.shmem).toEqual([{ name: 'nu_fsec-4af99204-6623-45e9-afbf-d852746bf187', serverPath: '/tmp/kvmsec', hasServer: true, sizeMiB: 8, model: 'ivshmem-doorbell' }]);
    expect(text).toContain('s3cr3t-vnc');
    expect(JSON.stringify(r)).not.toContain('s3cr3t-vnc');
  });

  it.each([
    ['', 'empty input'],
    ['<domain><name>x</domain>', 'malformed XML: '],
    ['error: failed to get domain \'x\'', 'virsh error'],
    ['just some text', 'not XML'],
    ['<!DOCTYPE d [<!ENTITY a "aaaa">]><domain>&a;</domain>', 'XML with entity declarations is not read'],
  ])('gives an issue, not an exception, for %j', (input, reason) => {
    const r = parseDomainXml(input);
    expect(r.value.disks).toEqual([]);
    expect(r.issues[0]!.reason.startsWith(reason)).toBe(true);
  });
});

describe('loadXml', () => {
  it('gives the line of a malformed document', () => {
    const r = loadXml('<domain>\n  <name>x</name>\n  <devices>\n</domain>\n');
    expect(r.root).toBeUndefined();
    expect(r.issues[0]).toMatchObject({ line: 4, text: '</domain>' });
  });
});

describe('parseNwfilter', () => {
  it('reads filter references and negative priorities (blog-clean-traffic)', () => {
    const r = parseNwfilter(corpus('virsh-nwfilter-dumpxml', 'blog-clean-traffic-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual({
      name: 'clean-traffic',
      chain: 'root',
      uuid: '2c7bbeb3-1438-zzz-yyy-xxx',
      filterrefs: ['no-mac-spoofing', 'no-ip-spoofing', 'allow-incoming-ipv4', 'no-arp-spoofing', 'no-other-l2-traffic', 'qemu-announce-self'],
      rules: [
        { action: 'accept', direction: 'out', priority: -650, protocol: 'mac', attrs: { protocolid: 'ipv4' } },
        { action: 'accept', direction: 'inout', priority: -500, protocol: 'mac', attrs: { protocolid: 'arp' } },
      ],
    });
  });

  it('reads ip match attributes (libvirt-tests)', () => {
    const r = parseNwfilter(corpus('virsh-nwfilter-dumpxml', 'libvirt-tests-1.txt'));
    expect(r.value.rules).toHaveLength(4);
    expect(r.value.rules[1]).toEqual({
      action: 'accept',
      direction: 'out',
      priority: 500,
      protocol: 'ip',
      attrs: { srcipaddr: '10.1.2.3', srcipmask: '17', dstipaddr: '10.1.2.3', dstipmask: '24', protocol: 'udp', dscp: '63' },
    });
    expect(r.value.rules[2]!.attrs.protocol).toBe('255');
  });

  it("reads the guide's ACL with the drop rule for the gateway (3.6.4)", () => {
    const r = parseNwfilter(fixture('libvirt-xml', 'guide-3.6.4-nwfilter.xml'));
    expect(r.issues).toEqual([]);
    expect(r.value.rules.map((x) => [x.action, x.direction, x.priority, x.protocol])).toEqual([
      ['accept', 'in', 4, 'all'],
      ['accept', 'out', 5, 'all'],
      ['accept', 'in', 6, 'all-ipv6'],
      ['accept', 'out', 7, 'all-ipv6'],
      ['drop', 'in', 10, 'icmp'],
    ]);
    expect(r.value.rules[4]).toMatchObject({ statematch: 'false', attrs: { dstipaddr: '172.16.51.6', dstipmask: '32' } });
  });

  it('reports XML that is not a filter', () => {
    const r = parseNwfilter('<domain><name>x</name></domain>');
    expect(r.value).toEqual({ name: '', filterrefs: [], rules: [] });
    expect(r.issues.map((i) => i.reason)).toEqual(['no <filter> element']);
  });
});

describe('libvirt XML parser registry', () => {
  it.each(['libvirt-domain-xml', 'virsh-nwfilter-dumpxml'] as const)('reads every %s sample without a malformed-XML issue', (dir) => {
    for (const file of corpusFiles(dir)) {
      const r = parsers[dir](corpus(dir, file));
      expect(r.issues.filter((i) => i.reason.startsWith('malformed')), `${dir}/${file}`).toEqual([]);
    }
  });
});
