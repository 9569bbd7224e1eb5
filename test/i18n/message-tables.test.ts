/**
 * Every message table of the engine, the checks and their shared modules:
 * both languages present, the same placeholders in both, Chinese in the
 * Chinese text and none in the English.
 */
import { describe, expect, it } from 'vitest';
import '../../checks/index.js';
import '../../src/engine/messages.js';
import '../../src/report/messages.js';
import { automatedCheckIds, checkDefinition } from '../../checks/index.js';
import { placeholderMismatch, registeredScopes } from '../../src/i18n/message.js';

const HAN = /\p{Script=Han}/u;
/** A sentence, not a format such as '{command} (pid {pid})': three words or more besides placeholders. */
const isSentence = (s: string) => (s.replace(/\{[a-zA-Z]\w*\}/g, '').match(/[A-Za-z]{2,}/g) ?? []).length >= 3;

const rows = [...registeredScopes()].flatMap(([scope, table]) => Object.entries(table).map(([id, spec]) => [`${scope}.${id}`, spec] as const));

describe('message tables', () => {
  it('cover the engine, the shared modules and every check on the new contract', () => {
    const scopes = [...registeredScopes().keys()];
    expect(scopes).toEqual(expect.arrayContaining(['engine', 'ocfs2', 'lock-trace', 'storage-blocked']));
  });

  it.each(rows)('%s has both languages with the same placeholders', (_id, spec) => {
    expect(spec.en.trim()).not.toBe('');
    expect(spec.zh.trim()).not.toBe('');
    expect(placeholderMismatch(spec)).toBeNull();
    if (isSentence(spec.en)) expect(spec.zh).toMatch(HAN);
    expect(spec.en).not.toMatch(HAN);
  });
});

const ownSteps = automatedCheckIds().flatMap((id) => Object.entries(checkDefinition(id)?.steps ?? {}).flatMap(([sid, step]) => [
  [`${id} step ${sid}`, step.text] as const,
  ...(step.warning ? [[`${id} step ${sid} (caution)`, step.warning] as const] : []),
]));

describe("checks' own recovery steps", () => {
  it.each(ownSteps)('%s has both languages with the same placeholders', (_id, t) => {
    expect(t.en.trim()).not.toBe('');
    expect(t.zh.trim()).not.toBe('');
    expect(placeholderMismatch(t)).toBeNull();
    if (isSentence(t.en)) expect(t.zh).toMatch(HAN);
  });
});
