/**
 * Regexes that backtracked quadratically (found reading every parser of the
 * registry) were rewritten to run in linear time. Each rewrite must read
 * what the former regex read: generated short lines are compared against
 * the former regex; and its time must grow linearly on the long lines that
 * made the former one quadratic (see test/support/linear-time.ts; each took
 * from 4 s to minutes at 200,000 characters before).
 */
import { describe, expect, it } from 'vitest';
import { parseLockLevel } from '../../src/parsers/ocfs2-debugfs.js';
import { parseFsLocks } from '../../src/parsers/ocfs2-locks.js';
import { parseGroupLine, parseHeader, parsePathLine } from '../../src/parsers/multipath-lines.js';
import { parseIfconfig } from '../../src/parsers/net-ifconfig.js';
import { baseSymbol } from '../../src/parsers/kstack.js';
import { keyValuePairs } from '../../src/parsers/storage-common.js';
import { classifyStorageEvent } from '../../src/parsers/syslog.js';
import { parseVsctlShow } from '../../src/parsers/ovs-vsctl.js';
import { closingBracket, ctZones, splitTopLevel, unquote } from '../../src/parsers/ovs-text.js';
import { bracketed, type ParseIssue } from '../../src/parsers/types.js';
import { superLinear } from '../support/linear-time.js';

/** `count` strings of up to `max` random pieces (xorshift32: deterministic, no flaky failures). */
function generated(seed: number, pieces: readonly string[], max: number, count = 10_000): string[] {
  let x = seed;
  const next = (): number => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
  return Array.from({ length: count }, () => Array.from({ length: 1 + (next() % max) }, () => pieces[next() % pieces.length]).join(''));
}

const LONG = 200_000;
const gap = ' '.repeat(LONG);

describe('bracketed() reads what /\\[([^\\]]*)\\]/g matched', () => {
  it.each([
    ['[', ']'],
    ['(', ')'],
  ])('%s...%s on generated text, and on an unclosed run', (open, close) => {
    const re = open === '[' ? /\[([^\]]*)\]/g : /\(([^)]*)\)/g;
    for (const s of generated(1, [open, close, 'a', ' ', '=', `${open}x${close}`], 12)) {
      expect(bracketed(s, open, close), JSON.stringify(s)).toEqual([...s.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length, inner: m[1] })));
    }
    expect(bracketed(open.repeat(LONG), open, close)).toEqual([]);
  });

  it('keeps ifconfig counters in lines with an unclosed run of "(", in linear time', () => {
    const ifconfig = (n: number) => `eth0: flags=4163<UP>  mtu 1500\n        RX packets 7  bytes 900 (900.0 B)${'('.repeat(n)}\n`;
    expect(parseIfconfig(ifconfig(LONG)).value.interfaces[0]!.counters).toMatchObject({ rx_packets: 7, rx_bytes: 900 });
    expect(superLinear(parseIfconfig, ifconfig)).toBeUndefined();
  });
});

describe('multipath -ll lines', () => {
  const GROUP_OLD = /^\s*\\_\s*(.*?)\s*((?:\[[^\]]*\]\s*)+)$/;
  const NAME_AND_WWID = /^(.*?\S)\s+\((.+)\)$/;

  it('reads old-style group lines as the former regex did', () => {
    let matched = 0;
    for (const s of generated(2, ['\\_ ', '[prio=1]', '[active]', '[', ']', ' ', 'round-robin 0', 'x', '[a[b]'], 8)) {
      const m = GROUP_OLD.exec(s);
      const g = parseGroupLine(s);
      if (/^[\s|`]*[|`]-\+-/.test(s)) continue; // the new layout, read by another pattern
      if (!m) {
        expect(g, JSON.stringify(s)).toBeUndefined();
        continue;
      }
      matched++;
      let prio: string | undefined;
      let status: string | undefined;
      for (const b of m[2]!.matchAll(/\[([^\]]*)\]/g)) {
        if (b[1]!.startsWith('prio=')) prio = b[1]!.slice(5);
        else status = b[1]!;
      }
      const p = prio !== undefined && /^-?\d+$/.test(prio) ? Number(prio) : undefined;
      expect(g, JSON.stringify(s)).toEqual({ ...(m[1] ? { policy: m[1] } : {}), ...(p !== undefined ? { prio: p } : {}), ...(status !== undefined ? { status } : {}), paths: [] });
    }
    expect(matched).toBeGreaterThan(300);
  });

  it('reads map names with a WWID in parentheses as the former regex did', () => {
    let named = 0;
    for (const s of generated(3, ['mpatha', ' (', '(', ')', ' ', '3600a0b8', 'x'], 7)) {
      const line = `${s.trim() || 'x'} dm-3 IBM,1814`;
      const h = parseHeader(line, 1);
      if (!h) continue;
      const left = /^(.*?\S)\s+(dm-\d+)/.exec(line)![1]!;
      const m = NAME_AND_WWID.exec(left);
      if (m) named++;
      expect([h.name, h.wwid], JSON.stringify(line)).toEqual(m ? [m[1], m[2]] : [left, left]);
    }
    expect(named).toBeGreaterThan(200);
  });

  it('reads long lines in linear time', () => {
    const groups = (n: number) => `\\_ round-robin 0 ${'[prio=1] '.repeat(n / 9)}x`;
    const header = (n: number) => `${'a ('.repeat(n / 3)} dm-0 IBM,2145`;
    const path = (n: number) => ` |- 1:0:0:1 sdb 8:16 ${'['.repeat(n)}`;
    expect(parseGroupLine(groups(LONG))).toBeUndefined();
    expect(parseGroupLine(`\\_ round-robin 0 ${'[prio=1]'.repeat(LONG / 8)}[active]`)).toMatchObject({ policy: 'round-robin 0', prio: 1, status: 'active' });
    expect(parseHeader(header(LONG), 1)).toMatchObject({ dm: 'dm-0', name: `${'a ('.repeat(LONG / 3)}`.trim() });
    expect(parsePathLine(path(LONG), 1)).toBeUndefined();
    expect(superLinear(parseGroupLine, groups)).toBeUndefined();
    expect(superLinear((s) => parseHeader(s, 1), header)).toBeUndefined();
    expect(superLinear((s) => parsePathLine(s, 1), path)).toBeUndefined();
  });
});

describe('keyValuePairs reads what /([\\w-]+)=(...)/g matched', () => {
  it('on generated text, and on a long word without "="', () => {
    const FORMER = /([\w-]+)=(?:'([^']*)'|"([^"]*)"|(\S*))/g;
    for (const s of generated(4, ['policy', '=', "'", '"', ' ', 'a-b', 'x y', 'prio=1', '-'], 10)) {
      const expected = new Map<string, string>();
      for (const m of s.matchAll(FORMER)) expected.set(m[1]!, m[2] ?? m[3] ?? m[4] ?? '');
      expect(keyValuePairs(s), JSON.stringify(s)).toEqual(expected);
    }
    expect(keyValuePairs(`${'a'.repeat(LONG)} prio=50`)).toEqual(new Map([['prio', '50']]));
    expect(superLinear(keyValuePairs, (n) => `${'a'.repeat(n)} prio=50`)).toBeUndefined();
  });
});

describe('baseSymbol strips what /(?:\\.(?:isra|...)(?:\\.\\d+)?)+$/ stripped', () => {
  it('on generated symbols, and on a long chain that ends otherwise', () => {
    const FORMER = /(?:\.(?:isra|constprop|part|cold|llvm)(?:\.\d+)?)+$/;
    for (const s of generated(5, ['ocfs2_lock', '.isra', '.constprop', '.part', '.cold', '.llvm', '.36', '.0', '.', 'x', '1'], 7)) {
      expect(baseSymbol(s), JSON.stringify(s)).toBe(s.replace(FORMER, ''));
    }
    expect(baseSymbol(`f${'.isra.1'.repeat(LONG / 7)}x`)).toBe(`f${'.isra.1'.repeat(LONG / 7)}x`);
    expect(baseSymbol(`f${'.isra.1'.repeat(LONG / 7)}`)).toBe('f');
    expect(superLinear(baseSymbol, (n) => `f${'.isra.1'.repeat(n / 7)}x`)).toBeUndefined();
  });
});

describe('debugfs locking_state two-label lines', () => {
  const lock = (line: string) => parseFsLocks(`Lockres: M000000000000000006672078b84822  Mode: Protected Read\n${line}\n`);

  it('read as the former regexes did', () => {
    const PENDING = /^Pending Action:\s*(.*?)\s+Pending Unlock Action:\s*(.*)$/;
    const REQUESTED = /^Requested Mode:\s*(.*?)\s+Blocking Mode:\s*(.*)$/;
    let matched = 0;
    for (const s of generated(6, [' ', '  ', 'None', 'Convert', 'Pending Unlock Action:', 'Blocking Mode:', 'Protected Read', 'Invalid', 'x'], 6)) {
      for (const [label, re] of [['Pending Action:', PENDING], ['Requested Mode:', REQUESTED]] as const) {
        const text = `${label}${s}`.trim();
        const m = re.exec(text);
        if (m) matched++;
        const got = lock(text);
        if (label === 'Pending Action:') {
          const l = got.value.locks[0]!;
          expect([l.pendingAction, l.pendingUnlockAction], JSON.stringify(text)).toEqual(m ? [m[1], m[2]] : [undefined, undefined]);
        } else {
          const issues: ParseIssue[] = [];
          const l = got.value.locks[0]!;
          const expected = m ? [parseLockLevel(m[1]!, 2, text, issues), parseLockLevel(m[2]!, 2, text, issues)] : [undefined, undefined];
          expect([l.requestedMode, l.blockingMode], JSON.stringify(text)).toEqual(expected);
        }
      }
    }
    expect(matched).toBeGreaterThan(1000);
  });

  it('read long lines in linear time', () => {
    expect(lock(`Pending Action: None${gap}x`).value.locks[0]!.pendingAction).toBeUndefined();
    expect(lock(`Pending Action: None${gap}Pending Unlock Action: None`).value.locks[0]).toMatchObject({ pendingAction: 'None', pendingUnlockAction: 'None' });
    expect(lock(`Requested Mode: Protected Read${gap}x`).value.locks[0]!.requestedMode).toBeUndefined();
    expect(superLinear(lock, (n) => `Pending Action: None${' '.repeat(n)}x`)).toBeUndefined();
    expect(superLinear(lock, (n) => `Requested Mode: Protected Read${' '.repeat(n)}x`)).toBeUndefined();
  });
});

describe('ovs-vsctl show node and property lines', () => {
  const show = (lines: string) => parseVsctlShow(`5a1bd3a6-1e0a-4d6b-9d0e-1a2b3c4d5e6f\n    Bridge br-int\n${lines}\n`);

  it('read as the former regexes did', () => {
    const NODE = /^(\s*)(Manager|Bridge|Controller|Port|Interface)\s+(.+?)\s*$/;
    const PROP = /^(\s*)([\w-]+):\s*(.*?)\s*$/;
    for (const s of generated(7, [' ', '  ', 'a', 'b c', '"q"', '\t', 'x'], 6)) {
      const port = show(`        Port${s}`).value.bridges[0]!;
      const n = NODE.exec(`        Port${s}`);
      expect(port.ports.map((p) => p.name), JSON.stringify(s)).toEqual(n ? [unquote(n[3]!)] : []);
      const prop = show(`        fail_mode:${s}`).value.bridges[0]!;
      const p = PROP.exec(`        fail_mode:${s}`);
      expect(prop.props.fail_mode, JSON.stringify(s)).toBe(p ? unquote(p[3]!) : undefined);
    }
  });

  it('read long lines in linear time', () => {
    const r = show(`        Port br-${gap}x\n        fail_mode: sec${gap}ure`);
    expect(r.value.bridges[0]!.ports.map((p) => p.name)).toEqual([`br-${gap}x`]);
    expect(r.value.bridges[0]!.props.fail_mode).toBe(`sec${gap}ure`);
    expect(superLinear(show, (n) => `        Port br-${' '.repeat(n)}x\n        fail_mode: sec${' '.repeat(n)}ure`)).toBeUndefined();
  });
});

describe('classifyStorageEvent', () => {
  const FORMER: Record<string, RegExp> = {
    fc: /qla2xxx.*(?:LOOP DOWN|Link down|Cable is unplugged)|lpfc.*(?:Link Down|Devloss timeout|link down)|rport-\d+:\d+-\d+:.*blocked|blocked FC remote port|\bfc_host\d*\b.*(?:down|offline)/i,
    iscsi: /connection\d+:\d+: (?:detected conn error|ping timeout)|session\d+: session recovery timed out|ISCSI_ERR_\w+|iscsid.*(?:error|failed|timed out|rejected)/i,
    'io-error': /blk_update_request: .*error|print_req_error: .*error|Buffer I\/O error on dev|end_request: I\/O error|\bI\/O error, dev \S+, sector|rejecting I\/O to offline device|\] tag#\d+ FAILED Result:|\bUnhandled (?:error|sense) code|\bmedium error\b/i,
  };

  it('classifies generated messages (several lines too) as the former X.*Y patterns did', () => {
    const pieces = ['qla2xxx', 'lpfc', 'rport-1:0-2:', 'fc_host3', 'iscsid', 'blk_update_request: ', 'print_req_error: ', ' ', 'LOOP DOWN', 'link down', 'blocked', 'offline', 'error', 'failed', '\n', 'x', 'QLA2XXX'];
    let classified = 0;
    for (const message of generated(9, pieces, 8, 20_000)) {
      const kind = classifyStorageEvent(message);
      if (kind !== undefined && kind in FORMER) classified++;
      // fc, iscsi, io-error come in this order, after the other kinds and before link-down: wherever no
      // earlier kind took the message, the first former pattern that matches must give the kind.
      if (kind === undefined || ['fc', 'iscsi', 'io-error', 'link-down'].includes(kind)) {
        const former = Object.keys(FORMER).find((k) => FORMER[k]!.test(message));
        if (former) expect(kind, JSON.stringify(message)).toBe(former);
        else expect([undefined, 'link-down'], JSON.stringify(message)).toContain(kind);
      }
    }
    expect(classified).toBeGreaterThan(2000);
  });

  it.each(['qla2xxx ', 'lpfc ', 'rport-1:0-2: ', 'fc_host1 ', 'iscsid ', 'blk_update_request: '])('reads a message repeating %j in linear time', (unit) => {
    expect(classifyStorageEvent(`${unit.repeat(LONG / unit.length)} LOOP DOWN`)).toBe(unit === 'qla2xxx ' || unit === 'fc_host1 ' ? 'fc' : undefined);
    expect(superLinear(classifyStorageEvent, (n) => unit.repeat(n / unit.length))).toBeUndefined();
  });
});

describe('ctZones', () => {
  /** The former implementation: every ct( found by a regex, its closing bracket searched, its text split again. */
  function formerCtZones(actions: string): (number | string)[] {
    const zones: (number | string)[] = [];
    const re = /(?:^|[^\w])ct\(/g;
    for (let m = re.exec(actions); m; m = re.exec(actions)) {
      const open = m.index + m[0].length - 1;
      const close = closingBracket(actions, open);
      for (const arg of splitTopLevel(actions.slice(open + 1, close < 0 ? undefined : close))) {
        const zone = /^zone=(.+)$/.exec(arg)?.[1];
        if (zone !== undefined) zones.push(/^(?:\d+|0x[0-9a-f]+)$/i.test(zone) ? Number(zone) : zone);
      }
    }
    return zones;
  }

  it('finds the zones the former implementation found (ct( outside quoted strings)', () => {
    const pieces = ['ct(', 'ct(zone=5', ')', ',', ',zone=0x1f', ',zone=NXM_NX_REG6[0..15]', 'zone=', '5', 'commit', 'nat(src=1.2.3.4)', 'exec(', '[', ']', '{', '}', ' ', 'act', '"a,b)"', 'x'];
    let found = 0;
    for (const s of generated(10, pieces, 10, 20_000)) {
      const zones = ctZones(s);
      if (zones.length) found++;
      expect(zones, JSON.stringify(s)).toEqual(formerCtZones(s));
    }
    expect(found).toBeGreaterThan(2000);
  });

  it('reads unclosed and nested ct( in linear time', () => {
    expect(ctZones(`ct(zone=1,${'ct('.repeat(LONG / 3)}`)).toEqual([1]);
    expect(superLinear(ctZones, (n) => 'ct('.repeat(n / 3))).toBeUndefined();
    expect(superLinear(ctZones, (n) => `${'ct(zone=1,'.repeat(n / 10)}`)).toBeUndefined();
  });
});
