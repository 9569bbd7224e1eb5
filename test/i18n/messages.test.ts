import { describe, expect, it } from 'vitest';
import { HELP } from '../../src/cli/help-text.js';
import { MESSAGES } from '../../src/i18n/messages.js';
import { detectLang, fill } from '../../src/i18n/text.js';

const CJK = /[\u4e00-\u9fff]/;

describe('every CLI string in both languages', () => {
  const all = { ...MESSAGES, ...HELP };
  it.each(Object.entries(all))('%s has English and Chinese', (_key, t) => {
    expect(t.en.trim()).not.toBe('');
    expect(t.zh.trim()).not.toBe('');
    expect(CJK.test(t.en)).toBe(false);
    // Chinese text is Chinese, unless the message is a label that reads the same (e.g. OK)
    if (t.en.split(' ').length > 1) expect(CJK.test(t.zh)).toBe(true);
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, t] of Object.entries(all)) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(t.zh), key).toEqual(names(t.en));
    }
  });

  it('fills placeholders and shows unknown ones', () => {
    expect(fill({ en: '{a} and {b}', zh: '{a}与{b}' }, { a: 1 })).toEqual({ en: '1 and <b>', zh: '1与<b>' });
  });

  it.each([
    [{ LANG: 'zh_CN.UTF-8' }, 'zh'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }, 'en'],
    [{ LC_MESSAGES: 'zh_TW.UTF-8', LANG: 'en_US' }, 'zh'],
    [{}, 'en'],
  ])('picks the language from %j', (env, lang) => expect(detectLang(env)).toBe(lang));
});
