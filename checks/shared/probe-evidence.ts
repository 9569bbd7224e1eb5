/**
 * What shows that a mount point does not answer: the df probe of this scan
 * that ran out of time, or the df an earlier run left stuck in D state (the
 * ps line). For every check that stays out of a pool because its probe hung.
 */
import { excerpt } from '../../src/engine/outputs.js';
import type { Evidence } from '../../src/engine/types.js';
import { defineMessages } from '../../src/i18n/message.js';
import type { MountProbe } from './mount-probe.js';

const m = defineMessages('probe-evidence', {
  dfNoAnswer: { en: 'df did not answer within {seconds} s', zh: 'df 在 {seconds} 秒内没有返回' },
  earlierProbe: { en: 'an earlier df probe is still stuck', zh: '之前的 df 探测仍卡住' },
});

/** Evidence of a hung probe (none for one that answered); `seconds` is the probe limit. */
export function hungProbeEvidence(probe: MountProbe, seconds: number): Evidence[] {
  return [
    ...(probe.df && probe.hung ? [excerpt(probe.df, [], m('dfNoAnswer', { seconds }))] : []),
    ...(probe.stuck ? [excerpt(probe.stuck.ps, [probe.stuck.process.line], m('earlierProbe'))] : []),
  ];
}
