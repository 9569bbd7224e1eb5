import { describe, expect, it } from 'vitest';
import { displayWidth, wrap } from '../../src/report/wrap.js';

describe('wrap', () => {
  it('breaks at spaces, with the first indent and a hanging one', () => {
    expect(wrap('hello world this is a long sentence that must wrap', 20, '  ', '    ')).toEqual([
      '  hello world this',
      '    is a long',
      '    sentence that',
      '    must wrap',
    ]);
  });

  it('keeps an excerpt line\'s own indentation and cuts a word longer than the line', () => {
    expect(wrap('    27904 D+ dd', 40, '  ')).toEqual(['      27904 D+ dd']);
    expect(wrap('x'.repeat(30), 12, '  ')).toEqual(['  xxxxxxxxxx', '  xxxxxxxxxx', '  xxxxxxxxxx']);
  });

  it('counts Chinese characters as two columns and breaks between them', () => {
    const lines = wrap('存储池可以访问，但本机 dd（pid 27904，D+）正卡在 OCFS2 锁上；若其他节点阻塞，锁可能就在本机手里。', 30, '  ');
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(30);
    expect(lines.join('').replace(/ /g, '')).toBe('存储池可以访问，但本机dd（pid27904，D+）正卡在OCFS2锁上；若其他节点阻塞，锁可能就在本机手里。');
    expect(displayWidth('锁a')).toBe(3);
  });
});
