import { describe, expect, it } from 'vitest';
import { fcPortUsable, parseFcPortName, parseFcPortState, parseLsNames } from '../../src/parsers/sysfs-storage.js';
import { GARBAGE } from './storage-fixtures.js';

describe('parseLsNames', () => {
  it('reads one name per line (ls to a pipe) and several per line (a terminal capture)', () => {
    expect(parseLsNames('host1\nhost2\n').value).toEqual(['host1', 'host2']);
    expect(parseLsNames('host1  host2\r\n\n').value).toEqual(['host1', 'host2']);
    expect(parseLsNames('').value).toEqual([]);
  });

  it('reports ls errors instead of taking them for names', () => {
    const r = parseLsNames("ls: cannot access '/sys/class/fc_host': No such file or directory\n");
    expect(r.value).toEqual([]);
    expect(r.issues[0]!.reason).toBe('ls error');
  });
});

describe('parseFcPortState', () => {
  it('reads every state of the FC transport class', () => {
    expect(parseFcPortState('Online\n').value).toEqual({ state: 'Online', span: { first: 1, last: 1 } });
    expect(parseFcPortState('Linkdown\n').value.state).toBe('Linkdown');
    expect(parseFcPortState('\nNot Present\n').value).toEqual({ state: 'Not Present', span: { first: 2, last: 2 } });
    expect(parseFcPortState('\u001b[0mBlocked\u001b[0m\n').value.state).toBe('Blocked');
  });

  it('only Online and Marginal ports carry IO', () => {
    expect(['Online', 'Marginal', 'Linkdown', 'Offline', 'Blocked'].map((s) => fcPortUsable(parseFcPortState(s).value.state))).toEqual([true, true, false, false, false]);
    expect(fcPortUsable(undefined)).toBe(false);
  });

  it('rejects anything else', () => {
    for (const g of [...GARBAGE, '']) {
      const r = parseFcPortState(g);
      expect(r.value).toEqual({});
      expect(r.issues[0]!.reason).toBe('not an FC port state');
    }
  });
});

describe('parseFcPortName', () => {
  it('reads the WWPN and rejects anything else', () => {
    expect(parseFcPortName('0x10000090fa8c3d41\n').value).toBe('0x10000090fa8c3d41');
    for (const g of [...GARBAGE, '']) {
      const r = parseFcPortName(g);
      expect(r.value).toBeUndefined();
      expect(r.issues[0]!.reason).toBe('not a port WWPN');
    }
  });
});
