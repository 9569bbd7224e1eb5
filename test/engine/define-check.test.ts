/**
 * defineCheck: messages and step ids are checked by the compiler (the
 * @ts-expect-error lines fail `npm test`'s typecheck if they ever compile),
 * and the verdicts it builds carry the check's scope, values and plan.
 */
import { describe, expect, it } from 'vitest';
import { defineCheck } from '../../src/engine/define-check.js';
import type { CheckContext } from '../../src/engine/types.js';
import { renderMsg } from '../../src/i18n/message.js';
import { cmd } from '../../src/transport/command.js';

const probe = defineCheck({
  id: 'storage-fence',
  needs: [cmd('uname', '-n'), { command: cmd('date', '+%s'), optional: true }],
  messages: {
    restarted: { en: '{host} restarted {count} time(s)', zh: '{host} 重启了 {count} 次' },
    quiet: { en: 'No fence restart is recorded.', zh: '没有 fence 重启记录。' },
  },
  steps: { 'look-here': { kind: 'diagnostic', cost: 'short', likelihood: 'high', text: { en: 'Look at {host}.', zh: '查看 {host}。' } } },
  async run(_ctx, say) {
    return say.warn('restarted', { host: 'cvknode11', count: 2 }, { recovery: { steps: ['look-here', 'read-fence-log'], vars: { host: 'cvknode11' } } });
  },
});

// Never called: it only has to compile, with each marked line refusing to.
export function typingRules(say: Parameters<Parameters<typeof defineCheck<'storage-fence', { a: { en: 'x {host}'; zh: 'x {host}' }; b: { en: 'plain'; zh: '普通' } }>>[0]['run']>[1]) {
  say.msg('a', { host: 'h' });
  say.msg('b');
  // @ts-expect-error a placeholder without its value
  say.msg('a', {});
  // @ts-expect-error a message the table does not have
  say.msg('c', {});
  // @ts-expect-error a recovery step the guide entry (storage-fence) does not have
  say.ok('b', {}, { recovery: { steps: ['reboot-host'] } });
  say.ok('b', {}, { recovery: { steps: ['read-fence-log'] } });
}

describe('defineCheck', () => {
  it('turns needs into the engine\'s form and builds verdicts in the check\'s own scope', async () => {
    expect(probe.needs).toEqual([{ command: cmd('uname', '-n') }, { command: cmd('date', '+%s'), optional: true }]);
    const r = await probe.run!({} as CheckContext);
    expect(r).toMatchObject({ status: 'warn', message: { scope: 'storage-fence', id: 'restarted', values: { host: 'cvknode11', count: 2 } } });
    expect(renderMsg(r.message!, 'zh')).toBe('cvknode11 重启了 2 次');
    expect(r.recovery!.steps).toEqual(['look-here', 'read-fence-log']);
    expect(probe.steps!['look-here']!.text.en).toBe('Look at {host}.');
  });
});
