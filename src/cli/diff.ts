/**
 * `usdiag diff BEFORE.json AFTER.json`: the engineer's proof that a reboot
 * or a repair worked. Per host and check: fixed (a finding before, healthy
 * now), new (healthy or absent before, a finding now), still there (a finding
 * both times, its status and summary then and now), and what could not be
 * compared (a check run only once). Exit 0 when nothing is left or new, 1
 * otherwise, 64 for a file that is not a usdiag JSON report.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { msg, msgText } from '../i18n/messages.js';
import type { Lang } from '../i18n/text.js';
import { validateFormat, validateLang } from './flags.js';
import { type CliIO, UsageError } from './io.js';

/** Only what a comparison needs: reports of other versions (more fields) compare too. */
const comparable = z.looseObject({
  tool: z.literal('usdiag'),
  finishedAt: z.string().optional(),
  results: z.array(z.looseObject({
    host: z.string(),
    check: z.string(),
    status: z.enum(['ok', 'warn', 'fail', 'unknown', 'skipped', 'error', 'waived']),
    summary: z.string(),
  })),
});

type Result = z.infer<typeof comparable>['results'][number];

export type Change = 'fixed' | 'new' | 'stayed' | 'unchanged-ok' | 'only-before' | 'only-after';

export interface DiffRow {
  readonly host: string;
  readonly check: string;
  readonly change: Change;
  readonly before?: { status: string; summary: string } | undefined;
  readonly after?: { status: string; summary: string } | undefined;
}

/** A waived finding is still there (accepted, not fixed). */
const FINDING = new Set(['warn', 'fail', 'unknown', 'error', 'waived']);

export function diffReports(before: readonly Result[], after: readonly Result[]): DiffRow[] {
  const key = (r: Result) => `${r.host}\u0000${r.check}`;
  const was = new Map(before.map((r) => [key(r), r]));
  const now = new Map(after.map((r) => [key(r), r]));
  const rows: DiffRow[] = [];
  for (const k of new Set([...was.keys(), ...now.keys()])) {
    const b = was.get(k);
    const a = now.get(k);
    const host = (a ?? b)!.host;
    const check = (a ?? b)!.check;
    const side = (r: Result | undefined) => (r ? { status: r.status, summary: r.summary } : undefined);
    const bad = (r: Result | undefined) => r !== undefined && FINDING.has(r.status);
    let change: Change;
    if (!a) change = 'only-before';
    else if (!b) change = bad(a) ? 'new' : 'only-after';
    else if (bad(b) && bad(a)) change = 'stayed';
    else if (bad(b)) change = 'fixed';
    else if (bad(a)) change = 'new';
    else change = 'unchanged-ok';
    rows.push({ host, check, change, before: side(b), after: side(a) });
  }
  return rows;
}

function readReport(file: string): z.infer<typeof comparable> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(msgText('errReadFile', { file, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message }));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(msgText('errNotReport', { file, reason: (e as Error).message.split('\n')[0]! }));
  }
  const parsed = comparable.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(msgText('errNotReport', { file, reason: `${issue.path.join('.') || '(top level)'}: ${issue.message}` }));
  }
  return parsed.data;
}

const ORDER: readonly Change[] = ['new', 'stayed', 'fixed', 'only-before', 'only-after', 'unchanged-ok'];
const LABEL = { new: 'diffNew', stayed: 'diffStayed', fixed: 'diffFixed', 'only-before': 'diffOnlyBefore', 'only-after': 'diffOnlyAfter', 'unchanged-ok': 'diffOk' } as const;

export function runDiff(beforeFile: string, afterFile: string, flags: { format?: string; lang?: string }, io: CliIO, lang: Lang): number {
  validateLang(flags);
  const format = validateFormat(flags.format, ['text', 'json']);
  const before = readReport(beforeFile);
  const after = readReport(afterFile);
  const rows = diffReports(before.results, after.results);
  const count = (c: Change) => rows.filter((r) => r.change === c).length;
  const code = count('new') + count('stayed') > 0 ? 1 : 0;
  if (format === 'json') {
    const counts = Object.fromEntries(ORDER.map((c) => [c, count(c)]));
    io.stdout.write(`${JSON.stringify({ tool: 'usdiag', before: beforeFile, after: afterFile, counts, rows }, null, 2)}\n`);
    return code;
  }
  const out: string[] = [msg('diffHeader', lang, { before: beforeFile, after: afterFile })];
  for (const c of ORDER.filter((x) => x !== 'unchanged-ok')) {
    const mine = rows.filter((r) => r.change === c);
    if (mine.length === 0) continue;
    out.push('', `${msg(LABEL[c], lang)} (${mine.length})`);
    for (const r of mine) {
      const was = r.before ? `${r.before.status}` : '-';
      const now = r.after ? `${r.after.status}` : '-';
      out.push(`  ${r.host}  ${r.check}  ${was} → ${now}`);
      const summary = (r.after && FINDING.has(r.after.status) ? r.after : r.before)?.summary;
      if (summary && c !== 'only-after') out.push(`      ${summary}`);
    }
  }
  out.push('', msg('diffTotals', lang, { fixed: count('fixed'), new: count('new'), stayed: count('stayed'), ok: count('unchanged-ok') }));
  io.stdout.write(`${out.join('\n')}\n`);
  return code;
}
