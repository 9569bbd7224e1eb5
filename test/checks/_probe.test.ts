import { it } from 'vitest';
import { hostDir, runOnFixtures } from '../support/fixture-run.js';
import { renderMsg } from '../../src/i18n/message.js';
it('probe', async () => {
  const dirs = (process.env.PROBE_HOSTS ?? '').split(',').map((h) => (h.startsWith('@') ? hostDir(h.slice(1)) : hostDir(...h.split('/'))));
  const seen: string[] = [];
  const out = await runOnFixtures(dirs, (process.env.PROBE_CHECKS ?? '').split(',') as never, { onCommand: (h, r) => { if (r.failure) seen.push(`${h}: ${r.key}: ${r.failure.kind}`); } });
  for (const s of seen) console.log('MISSING', s);
  for (const r of out.results) {
    console.log(r.host, r.check, r.status, r.message.id, '::', renderMsg(r.message, 'en'));
    for (const e of r.evidence) console.log('   ev', e.host, e.command, '|', e.excerpt.split('\n').slice(0, 3).join(' / '));
    for (const s of r.recovery) console.log('   step', s.id, s.command ?? '', s.text.en.slice(0, 100));
  }
});
