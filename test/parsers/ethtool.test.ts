import { describe, expect, it } from 'vitest';
import { parseEthtool } from '../../src/parsers/ethtool.js';
import { corpus } from './compute-net-fixtures.js';

describe('parseEthtool', () => {
  it('collects permission errors of a non-root run; link state is then unknown (insights-core-1)', () => {
    const r = parseEthtool(corpus('ethtool', 'insights-core-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toMatchObject({
      interface: 'eth0',
      speed: '100Mb/s',
      speedMbps: 100,
      duplex: 'Full',
      autoneg: true,
      port: 'MII',
      permissionErrors: [
        'Cannot get wake-on-lan settings: Operation not permitted',
        'Cannot get link status: Operation not permitted',
      ],
      errors: [],
    });
    expect(r.value.linkDetected).toBeUndefined();
    expect(r.value.settings['Current message level']).toBe('0x00000007 (7) drv probe link');
    expect(r.value.settings['Link partner advertised link modes']).toBe('10baseT/Half 10baseT/Full 100baseT/Half 100baseT/Full');
  });

  it('reads a TAB-indented 1G copper NIC with trailing spaces on continuation lines (jc-1)', () => {
    const r = parseEthtool(corpus('ethtool', 'jc-1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toMatchObject({
      interface: 'enp0s3',
      speedMbps: 1000,
      duplex: 'Full',
      autoneg: true,
      linkDetected: true,
      port: 'Twisted Pair',
      permissionErrors: [],
    });
    expect(r.value.supportedLinkModes).toEqual(['10baseT/Half', '10baseT/Full', '100baseT/Half', '100baseT/Full', '1000baseT/Full']);
    expect(r.value.settings['MDI-X']).toBe('off (auto)');
  });

  it('reads a 40G fibre NIC with autonegotiation off (jc-2)', () => {
    const r = parseEthtool(corpus('ethtool', 'jc-2.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value).toMatchObject({ speed: '40000Mb/s', speedMbps: 40000, autoneg: false, port: 'FIBRE', linkDetected: true });
    expect(r.value.supportedLinkModes).toHaveLength(8);
    expect(r.value.advertisedLinkModes).toContain('40000baseSR4/Full');
    expect(r.value.settings['Current message level']).toBe('0x00000014 (20) link ifdown');
  });

  it('reads a NIC whose link is down', () => {
    const r = parseEthtool('Settings for eth3:\n\tSpeed: Unknown!\n\tDuplex: Unknown! (255)\n\tPort: FIBRE\n\tLink detected: no\n');
    expect(r.value).toMatchObject({ interface: 'eth3', speed: 'Unknown!', duplex: 'Unknown! (255)', linkDetected: false });
    expect(r.value.speedMbps).toBeUndefined();
  });

  it('separates other errors from permission errors', () => {
    const r = parseEthtool('netlink error: Operation not permitted\nCannot get device settings: No such device\nNo data available\n');
    expect(r.value.permissionErrors).toEqual(['netlink error: Operation not permitted']);
    expect(r.value.errors).toEqual(['Cannot get device settings: No such device', 'No data available']);
    expect(r.issues).toEqual([]);
  });

  it('reports lines it does not know', () => {
    const r = parseEthtool('bash: ethtool: command not found\n');
    expect(r.issues).toHaveLength(1);
    expect(r.value.settings).toEqual({});
  });
});
