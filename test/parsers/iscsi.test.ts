import { describe, expect, it } from 'vitest';
import { parseIscsiSessions, sessionLines, unhealthySessions } from '../../src/parsers/iscsi.js';
import { fixture, GARBAGE, truncate } from './storage-fixtures.js';

describe('parseIscsiSessions flat output', () => {
  it('reads session lines without and with the (non-flash) suffix', () => {
    const plain = parseIscsiSessions(fixture('iscsi', 'libvirt-session.txt'));
    expect(plain.issues).toEqual([]);
    expect(plain.value.sessions.map((s) => s.sid)).toEqual([1, 2, 3, 5, 6, 7]);
    expect(plain.value.sessions[0]).toEqual({
      sid: 1,
      transport: 'tcp',
      portal: '10.20.30.40:3260',
      tpgt: 1,
      target: 'iqn.2004-06.example:example1:iscsi.test',
      disks: [],
      params: {},
      line: 1,
      span: { first: 1, last: 1 },
      keyLines: {},
    });
    expect(sessionLines(plain.value.sessions[0]!)).toEqual([1]);
    const nonFlash = parseIscsiSessions(fixture('iscsi', 'libvirt-session-non-flash.txt'));
    expect(nonFlash.issues).toEqual([]);
    expect(nonFlash.value.sessions[5]).toMatchObject({ sid: 7, target: 'iqn.2009-04.example:example1:iscsi.seven', flash: false });
  });

  it('reads IPv6 portals', () => {
    const r = parseIscsiSessions('tcp: [2] [fe80::1]:3260,1 iqn.2001-04.com.example:lun1 (non-flash)\n');
    expect(r.value.sessions[0]).toMatchObject({ portal: '[fe80::1]:3260', tpgt: 1 });
  });

  it('recognises "no active sessions" and other iscsiadm errors', () => {
    expect(parseIscsiSessions(fixture('iscsi', 'no-sessions.txt'))).toEqual({
      value: { sessions: [], noSessions: true, errors: [] },
      issues: [],
    });
    expect(parseIscsiSessions('iscsiadm: can not connect to iSCSI daemon (111)!\n').value.errors).toEqual([
      'can not connect to iSCSI daemon (111)!',
    ]);
  });
});

describe('parseIscsiSessions tree output', () => {
  it('reads -P 3 with timeouts, params and the attached disk, without CHAP fields', () => {
    const r = parseIscsiSessions(fixture('iscsi', 'openebs-session-P3.txt'));
    expect(r.issues).toEqual([]);
    expect(r.incomplete).toBeUndefined();
    expect(r.value).toMatchObject({ transportClassVersion: '2.0-870', version: '2.0-873', noSessions: false });
    const [s] = r.value.sessions;
    expect(s).toMatchObject({
      sid: 1,
      transport: 'tcp',
      target: 'iqn.2016-09.com.openebs.jiva:pvc-8de2f9e7-64a3-11e8-994b-000c2959d9a2',
      flash: false,
      portal: '10.106.254.221:3260',
      tpgt: 1,
      persistentPortal: '10.106.254.221:3260',
      ifaceName: 'default',
      initiatorName: 'iqn.1993-08.org.debian:01:c6385a9091e6',
      ifaceAddress: '20.10.45.20',
      connectionState: 'LOGGED IN',
      sessionState: 'LOGGED_IN',
      internalState: 'NO CHANGE',
      hostNumber: 3,
      hostState: 'running',
      disks: [{ device: 'sdb', state: 'running', hctl: '3:0:0:0' }],
      line: 4,
    });
    expect(s!.netdev).toBeUndefined();
    expect(s!.params).toMatchObject({ 'Recovery Timeout': '120', MaxRecvDataSegmentLength: '262144', ImmediateData: 'Yes' });
    expect(Object.keys(s!.params)).not.toContain('password');
    expect(Object.keys(s!.params)).not.toContain('username');
    expect(unhealthySessions(r.value)).toEqual([]);
  });

  it('reads -P 1 with TAB indentation', () => {
    const r = parseIscsiSessions(fixture('iscsi', 'rhcsa-notes-session-P1.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.sessions).toHaveLength(1);
    expect(r.value.sessions[0]).toMatchObject({ sid: 1, portal: '192.168.4.4:3260', ifaceAddress: '192.168.4.5', sessionState: 'LOGGED_IN', disks: [] });
  });

  it('separates several sessions of one target and finds the failed one', () => {
    const r = parseIscsiSessions(fixture('iscsi', 'synthetic-session-P3-failed.txt'));
    expect(r.issues).toEqual([]);
    expect(r.value.sessions.map((s) => [s.sid, s.portal, s.tpgt, s.netdev, s.hostNumber, s.disks.map((d) => `${d.device}:${d.state}`)])).toEqual([
      [3, '172.23.60.10:3260', 8193, 'eth4', 7, ['sdc:running', 'sde:running']],
      [4, '172.23.61.10:3260', 8194, 'eth5', 8, ['sdd:transport-offline', 'sdf:blocked']],
      [5, '172.23.61.10:3260', 8194, 'eth6', 9, ['sdg:running']],
    ]);
    expect(r.value.sessions[2]!.target).toBe('iqn.2006-08.com.huawei:oceanstor:2100a0f479c5a1b2::1020100:172.23.61.10');
    const bad = unhealthySessions(r.value);
    expect(bad.map((s) => [s.sid, s.connectionState, s.sessionState, s.internalState])).toEqual([[4, 'TRANSPORT WAIT', 'FAILED', 'REOPEN']]);
    expect(bad[0]!.disks[0]!.hctl).toBe('8:0:0:1');
  });

  it('knows the lines of each session: its own span, its target line, its key and disk lines', () => {
    const [a, b, c] = parseIscsiSessions(fixture('iscsi', 'synthetic-session-P3-failed.txt')).value.sessions;
    expect([a!.span, b!.span, c!.span]).toEqual([{ first: 4, last: 26 }, { first: 28, last: 50 }, { first: 53, last: 70 }]);
    expect([a!.targetLine, b!.targetLine, c!.targetLine]).toEqual([3, 27, 27]);
    expect(b!.disks.map((d) => d.line)).toEqual([48, 50]);
    // evidence: target, portal, the three states and the disks; a second session to the same target has no portal line of its own
    expect(sessionLines(b!)).toEqual([27, 28, 40, 41, 42, 48, 50]);
    expect(sessionLines(c!)).toEqual([27, 62, 63, 64, 70]);
  });

  it('flags truncated output and reports garbage', () => {
    const r = parseIscsiSessions(truncate(fixture('iscsi', 'openebs-session-P3.txt'), 0.15));
    expect(r.incomplete).toBe(true);
    expect(r.value.sessions[0]!.target).toBe('iqn.2016-09.com.openebs.jiva:pvc-8de2f9e7-64a3-11e8-994b-000c2959d9a2');
    expect(parseIscsiSessions('')).toEqual({ value: { sessions: [], noSessions: false, errors: [] }, issues: [] });
    for (const g of GARBAGE) expect(parseIscsiSessions(g).issues.length).toBeGreaterThan(0);
  });
});
