import { describe, expect, it } from 'vitest';
import { AnchorAutomaton, AnchorProbe } from '../../src/explain/prefilter.js';

const ANCHORS = ['ssh2 cipher', 'cookie', 'o2quo_disk_timeout', 'slot', 'free slot', '没有可用', '进程响应超时', 'lacp_status'];
const automaton = new AnchorAutomaton(ANCHORS);

function found(text: string): string[] {
  const out: string[] = [];
  automaton.find(text, (a) => out.push(ANCHORS[a]!));
  return out.sort();
}

describe('anchor automaton', () => {
  it('reports every anchor occurrence, overlapping and nested ones included', () => {
    expect(found('no free slots available')).toEqual(['free slot', 'slot']);
    expect(found('bad ssh2 cipher spec, slot 3, slot 4')).toEqual(['slot', 'slot', 'ssh2 cipher']);
    expect(found('存储池没有可用的slot')).toEqual(['slot', '没有可用']);
    expect(found('ha进程响应超时')).toEqual(['进程响应超时']);
    expect(found('nothing to see')).toEqual([]);
    expect(found('')).toEqual([]);
  });

  it('probes raw lines case-insensitively, across tabs and full-width forms', () => {
    const probe = new AnchorProbe(automaton);
    expect(probe.probe('Too short COOKIE string')).toBe(true);
    expect(probe.probe('BAD SSH2\tCIPHER spec')).toBe(true);
    expect(probe.probe('ＬＡＣＰ＿ＳＴＡＴＵＳ: configured')).toBe(true);
    expect(probe.probe('HA 进程响应超时')).toBe(true);
    expect(probe.probe('Started Session 12 of user root.')).toBe(false);
  });

  it('sees anchors cut by a line break, mid-word or between two words', () => {
    const probe = new AnchorProbe(automaton);
    expect([probe.probe('{exit,{"T oo short coo'), probe.probe('kie string",{auth,init_cookie...')]).toEqual([false, true]);
    const words = new AnchorProbe(automaton);
    expect([words.probe('Execute command Error Msg: Bad SSH2'), words.probe('   cipher spec x')]).toEqual([false, true]);
    const trailing = new AnchorProbe(automaton);
    expect([trailing.probe('line ends with o2quo_disk_   '), trailing.probe('timeout: Disk heartbeat')]).toEqual([false, true]);
    const cjk = new AnchorProbe(automaton);
    expect([cjk.probe('原因：HA进程响应'), cjk.probe('超时。')]).toEqual([false, true]);
    const unrelated = new AnchorProbe(automaton);
    expect([unrelated.probe('ssh2'), unrelated.probe('ciphers are fine')]).toEqual([false, true]);
    expect([unrelated.probe('ssh'), unrelated.probe('2cipher')]).toEqual([false, false]);
  });

  it('carries on through the pieces of a line cut for length', () => {
    const probe = new AnchorProbe(automaton);
    expect(probe.probe('x'.repeat(100) + 'o2quo_di')).toBe(false);
    expect(probe.probe('sk_timeout', true)).toBe(true);
  });
});
