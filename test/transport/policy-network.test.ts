/**
 * The network suite's additions to the read-only policy (lldptool,
 * ethtool --show-priv-flags, arping -D), and the independent denylist's
 * mirror of them: the reading forms pass both, the forms that change a host
 * or its neighbours fail both.
 */
import { describe, expect, it } from 'vitest';
import { prepare, refusalReason } from '../../src/transport/policy.js';
import { denylistViolation } from '../support/denylist.js';
import { asCommand } from '../support/read-only-holes.js';

const wire = (words: readonly string[], active = false) =>
  prepare({ ...asCommand(words), ...(active ? { active: true as const } : {}) }, { timeoutSec: 30, allowActive: active }).wire;
const raw = (words: readonly string[]) => `LC_ALL=C timeout -k 2 30 ${words.join(' ')} </dev/null`;

describe('lldptool: the reading commands only', () => {
  it.each([
    ['lldptool', 'get-lldp', '-i', 'eth1', 'adminStatus'],
    ['lldptool', '-l', '-i', 'eth1', 'adminStatus'],
    ['lldptool', 'get-tlv', '-i', 'eth1'],
    ['lldptool', '-t', '-i', 'eth1', '-V', 'portDesc', '-c', 'enableTx'],
    ['lldptool', '-t', '-n', '-i', 'eth1'],
    ['lldptool', 'stats', '-i', 'eth1'],
    ['lldptool', '-S', '-i', 'eth1', '-g', 'ncb'],
  ])('allows %s', (...words) => {
    expect(refusalReason(asCommand(words))).toBeNull();
    expect(denylistViolation(wire(words))).toBeNull();
  });

  it.each([
    ['lldptool', 'set-lldp', '-i', 'eth1', 'adminStatus=disabled'],
    ['lldptool', '-L', '-i', 'eth1', 'adminStatus=rxtx'],
    ['lldptool', '-T', '-i', 'eth1', '-V', 'sysName', 'enableTx=yes'],
    ['lldptool', 'set-tlv', '-i', 'eth1', '-V', 'mngAddr', 'ipv4=10.0.0.1'],
    ['lldptool', 'set', '-i', 'eth1', 'adminStatus=rxtx'],
    ['lldptool', 's', '-i', 'eth1'],
    ['lldptool', '-l', '-i', 'eth1', 'adminStatus=disabled'],
    ['lldptool', '-T', '-d', '-i', 'eth1', '-V', 'vdp'],
  ])('refuses %s, and the denylist flags it', (...words) => {
    expect(refusalReason(asCommand(words))).not.toBeNull();
    expect(denylistViolation(raw(words))).not.toBeNull();
  });

  it.each([
    [['lldptool']],
    [['lldptool', '-i', 'eth1']],
    [['lldptool', 'get-lldp', 'adminStatus']],
    [['lldptool', '-l', '-t', '-i', 'eth1']],
    [['lldptool', '-q']],
  ])('refuses a command-less (interactive), interface-less or doubled form: %j', (words) => {
    expect(refusalReason(asCommand(words))).not.toBeNull();
  });
});

describe('ethtool --show-priv-flags', () => {
  it('allows showing the private flags, refuses setting them (policy and denylist)', () => {
    expect(refusalReason(asCommand(['ethtool', '--show-priv-flags', 'eth1']))).toBeNull();
    expect(denylistViolation(wire(['ethtool', '--show-priv-flags', 'eth1']))).toBeNull();
    const set = ['ethtool', '--set-priv-flags', 'eth1', 'disable-fw-lldp', 'on'];
    expect(refusalReason(asCommand(set))).not.toBeNull();
    expect(denylistViolation(raw(set))).not.toBeNull();
  });
});

describe('arping: duplicate-address detection only', () => {
  const probe = ['arping', '-D', '-c', '2', '-w', '3', '-I', 'vswitch0', '172.16.51.12'];

  it('passes the policy (active, allowed) and the denylist', () => {
    expect(refusalReason({ ...asCommand(probe), active: true }, { allowActive: true })).toBeNull();
    expect(denylistViolation(wire(probe, true))).toBeNull();
  });

  it.each([
    [['arping', '-U', '-w', '3', '-I', 'vswitch0', '172.16.51.12'], 'unsolicited ARP rewrites neighbours\' caches'],
    [['arping', '-A', '-w', '3', '-I', 'vswitch0', '172.16.51.12'], 'unsolicited ARP replies'],
    [['arping', '-D', '-s', '172.16.51.99', '-w', '3', '-I', 'vswitch0', '172.16.51.12'], 'a chosen sender address'],
    [['arping', '-w', '3', '-I', 'vswitch0', '172.16.51.12'], 'requests from the host\'s own address'],
    [['arping', '-DU', '-w', '3', '-I', 'vswitch0', '172.16.51.12'], 'a cluster hiding -U'],
  ])('refuses %j (%s), even with --active-probes, and the denylist flags it', (words) => {
    expect(refusalReason({ ...asCommand(words), active: true }, { allowActive: true })).not.toBeNull();
    expect(denylistViolation(raw(words))).not.toBeNull();
  });

  it.each([
    [['arping', '-D', '-I', 'vswitch0', '172.16.51.12'], 'no deadline'],
    [['arping', '-D', '-w', '3', '172.16.51.12'], 'no interface'],
    [['arping', '-D', '-w', '60', '-I', 'vswitch0', '172.16.51.12'], 'a long deadline'],
    [['arping', '-D', '-c', '100', '-w', '3', '-I', 'vswitch0', '172.16.51.12'], 'many probes'],
    [['arping', '-D', '-w', '3', '-I', 'vswitch0', '172.16.51.0/24'], 'not one address'],
    [['arping', '-D', '-w', '3', '-I', 'vswitch0', '172.16.51.12', '172.16.51.13'], 'two addresses'],
  ])('refuses %j (%s)', (words) => {
    expect(refusalReason({ ...asCommand(words), active: true }, { allowActive: true })).not.toBeNull();
  });
});
