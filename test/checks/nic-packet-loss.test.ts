import { describe, expect, it } from 'vitest';
import { hostDir, resultOf, runOnFixtures } from '../support/fixture-run.js';
import { noteEn } from '../support/fixture-run.js';

const check = async (variant: string, host = 'cvknode11') =>
  resultOf(await runOnFixtures([hostDir('nic-packet-loss', variant)], ['nic-packet-loss']), host, 'nic-packet-loss');

describe('nic-packet-loss (guide 3.6.1)', () => {
  it('fails when LACP negotiation failed (lacp_status: configured)', async () => {
    const r = await check('lacp-failed');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe('bond vswitch0_bond: lacp_status configured, LACP negotiation with the switch failed');
    expect(r.evidence[0]!.excerpt).toContain('lacp_status: configured');
    expect(r.recovery.map((s) => s.id)).toEqual(['check-bond', 'fix-switch-lacp']);
  });

  it('fails on a bond member without carrier and says the bond lost redundancy', async () => {
    const r = await check('no-carrier');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toBe('eth1 (member of vswitch0_bond) has no carrier: the physical link is down (+1 more)');
    expect(r.evidence.map((e) => e.excerpt.split('\n')[0])).toContain('3: eth1: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc mq master ovs-system state DOWN mode DEFAULT group default qlen 1000');
    expect(r.recovery.map((s) => s.id)).toEqual(expect.arrayContaining(['check-nic-state', 'fix-cabling']));
    expect(r.recovery.find((s) => s.id === 'check-nic-state')!.command).toContain('eth1');
  });

  it('fails when error counters grow between the two samples, and names the counters', async () => {
    const r = await check('errors-growing');
    expect(r.status).toBe('fail');
    expect(r.summary.en).toMatch(/^eth0: rx_errors \+37, rx_frame \+37, rx_crc \+37, rx_dropped \+412 in 0 s \(/);
    expect(r.evidence).toHaveLength(2);
    expect(noteEn(r.evidence[0]!)).toBe('first sample');
    expect(r.recovery.map((s) => s.id)).toEqual(expect.arrayContaining(['check-counter-growth', 'replace-cable-optics', 'grow-ring-buffer']));
    const growth = (r.data as { growth: Record<string, Record<string, number>> }).growth.eth0!;
    expect(growth).toMatchObject({ rx_errors: 37, rx_frame: 37, rx_dropped: 412 });
  });

  it('only warns when just dropped grows (the kernel also drops frames it does not want)', async () => {
    const r = await check('dropped-growing');
    expect(r.status).toBe('warn');
    expect(r.summary.en).toMatch(/^eth0: rx_dropped \+96 in 0 s/);
  });

  it('reports old counters as history, not as loss', async () => {
    const r = resultOf(await runOnFixtures([hostDir('vks-healthy')], ['nic-packet-loss']), 'cvknode11', 'nic-packet-loss');
    expect(r.status).toBe('ok');
    expect(r.summary.en).toContain('Non-zero counters on eth0 did not grow: history, not current loss.');
    expect((r.data as { historicalCounters: Record<string, Record<string, number>> }).historicalCounters).toEqual({ eth0: { rx_overrun: 83979, rx_dropped: 7 } });
  });

  it('checks NICs of a host without Open vSwitch', async () => {
    const r = await check('no-ovs', 'vms01');
    expect(r.status).toBe('ok');
    expect((r.data as { bonds: unknown[] }).bonds).toEqual([]);
  });
});
