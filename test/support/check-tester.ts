/**
 * One table per check, after typescript-eslint's RuleTester: fixture hosts
 * that must be `ok`, and fixture hosts with the verdict they must get (status,
 * message id, the values that name the culprit, recovery step ids, where the
 * evidence comes from). Tests assert what a finding is, never its sentences.
 *
 *   testCheck('storage-blocked', {
 *     ok: ['transient/cvknode11'],
 *     cases: [{
 *       name: 'follows the lock to its holder',
 *       hosts: ['chain/cvknode11', 'chain/cvknode12', 'chain/cvknode13'],
 *       status: 'fail', message: 'lockHeld', values: { holderHost: 'cvknode13' },
 *       steps: ['list-vms', 'shutdown-vms', 'reboot-host', 'verify-recovered'],
 *     }],
 *   });
 *
 * Host paths are relative to fixtures/hosts/<check id>/ unless they start with
 * `/` or `@` (`@vks-healthy` is fixtures/hosts/vks-healthy).
 */
import { describe, expect, it } from 'vitest';
import type { CheckRecord, RunOptions, RunOutcome } from '../../src/engine/runner.js';
import type { Status } from '../../src/engine/types.js';
import { checkDefinition } from '../../checks/index.js';
import { isMsg, type Msg, type MsgValue, placeholdersOf, plainValues, renderMsg } from '../../src/i18n/message.js';
import { kbEntry } from '../../src/kb/index.js';
import type { CheckId } from '../../src/kb/catalog.js';
import { catalogEntry } from '../../src/kb/catalog.js';
import { hostDir, resultOf, runOnFixtures } from './fixture-run.js';

export interface Expectation {
  readonly status: Status;
  /** The message id of the verdict (`scope` defaults to the check's own table). */
  readonly message: string;
  readonly scope?: string;
  /** Values the message must carry (a subset; nested messages as their English text). */
  readonly values?: Readonly<Record<string, string | number | RegExp>>;
  /** Message ids that must appear among the verdict's nested messages (the culprit inside a sub-message). */
  readonly nested?: readonly string[];
  /** The recovery step ids, in order. */
  readonly steps?: readonly string[];
  /** `host: command` of every evidence item, in order (a RegExp matches one item). */
  readonly evidence?: readonly (string | RegExp)[];
  /** Message ids of the evidence notes, in order (undefined for an item without a note). */
  readonly notes?: readonly (string | undefined)[];
  readonly skipReason?: string;
  /** Every placeholder of the recovery steps must be filled. */
  readonly filled?: boolean;
}

export interface Case extends Expectation {
  readonly name: string;
  /** Fixture host directories scanned together (a cluster case lists every node). */
  readonly hosts: readonly string[];
  /** The host whose result is checked; the first host's name when absent. */
  readonly host?: string;
  /** Results of other hosts of the same run. */
  readonly also?: readonly (Expectation & { readonly host: string })[];
  readonly options?: Partial<RunOptions>;
  /** Anything the table cannot say (structured data, commands sent). */
  readonly then?: (result: CheckRecord, outcome: RunOutcome, sent: readonly string[]) => void;
}

export interface OkCase {
  readonly hosts: readonly string[];
  readonly host?: string;
  readonly message?: string;
  readonly values?: Expectation['values'];
  readonly then?: Case['then'];
}

export interface CheckTable {
  /** Fixture hosts that must come out `ok` (each alone, or a group as one cluster). */
  readonly ok: readonly (string | OkCase)[];
  readonly cases: readonly Case[];
}

function resolveHost(id: CheckId, h: string): string {
  if (h.startsWith('/')) return h;
  if (h.startsWith('@')) return hostDir(h.slice(1));
  return hostDir(id, h);
}

async function runCase(id: CheckId, hosts: readonly string[], options: Partial<RunOptions> = {}) {
  const sent: string[] = [];
  const outcome = await runOnFixtures(hosts.map((h) => resolveHost(id, h)), [id], {
    ...options,
    onCommand: (host, r) => sent.push(`${host}: ${r.key}`),
  });
  return { outcome, sent };
}

function expectVerdict(id: CheckId, r: CheckRecord, e: Expectation): void {
  const got = {
    status: r.status,
    message: `${r.message.scope}.${r.message.id}`,
    ...(e.skipReason !== undefined ? { skipReason: r.skipReason } : {}),
  };
  expect(got, renderMsg(r.message, 'en')).toEqual({
    status: e.status,
    message: `${e.scope ?? id}.${e.message}`,
    ...(e.skipReason !== undefined ? { skipReason: e.skipReason } : {}),
  });
  expectValues(r.message, e.values);
  if (e.nested) expect(nestedIds(r.message)).toEqual(expect.arrayContaining([...e.nested]));
  if (e.steps) expect(r.recovery.map((s) => s.id)).toEqual(e.steps);
  if (e.evidence) {
    const got = r.evidence.map((x) => `${x.host}: ${x.command}`);
    expect(got.length, got.join('\n')).toBe(e.evidence.length);
    e.evidence.forEach((want, i) => (want instanceof RegExp ? expect(got[i]).toMatch(want) : expect(got[i]).toEqual(want)));
  }
  if (e.notes) expect(r.evidence.map((x) => (isMsg(x.note) ? x.note.id : undefined))).toEqual(e.notes);
  if (e.filled) expectFilled(id, r);
}

/**
 * Every placeholder of the chosen steps filled: the finding knew all they ask
 * for. Judged against each step's template, so text that is literally `<n>`
 * or `<shmem>` in the guide's own words is not taken for a gap.
 */
function expectFilled(id: CheckId, r: CheckRecord): void {
  const templates = new Map<string, string>([
    ...(kbEntry(id)?.recovery ?? []).map((s): [string, string] => [s.id, `${s.text.en} ${s.command ?? ''}`]),
    ...Object.entries(checkDefinition(id)?.steps ?? {}).map(([sid, s]): [string, string] => [sid, `${s.text.en} ${s.command ?? ''}`]),
  ]);
  for (const s of r.recovery) {
    const template = templates.get(s.id) ?? '';
    const gaps = placeholdersOf(template).filter((p) => !template.includes(`<${p}>`) && `${s.text.en} ${s.command ?? ''}`.includes(`<${p}>`));
    expect(gaps, `step ${s.id}: placeholders without a value`).toEqual([]);
  }
}

function expectValues(m: Msg, want: Expectation['values']): void {
  if (!want) return;
  const values = plainValues(m, 'en');
  for (const [k, w] of Object.entries(want)) {
    if (w instanceof RegExp) expect(String(values[k]), `value ${k}`).toMatch(w);
    else expect(values[k], `value ${k}`).toEqual(w);
  }
}

/** Every message id inside a message's values, at any depth. */
function nestedIds(m: Msg): string[] {
  const out: string[] = [];
  const walk = (v: MsgValue | undefined): void => {
    if (v === undefined || typeof v === 'string' || typeof v === 'number') return;
    if (isMsg(v)) {
      out.push(v.id);
      Object.values(v.values ?? {}).forEach(walk);
    } else if ('items' in v) v.items.forEach(walk);
  };
  Object.values(m.values ?? {}).forEach(walk);
  return out;
}

export function testCheck(id: CheckId, table: CheckTable): void {
  const section = catalogEntry(id)!.section;
  describe(`${id} (guide ${section})`, () => {
    const oks = table.ok.map((o): OkCase => (typeof o === 'string' ? { hosts: [o] } : o));
    it.each(oks.map((o) => [o.hosts.join(' + '), o] as const))('is ok on %s', async (_n, o) => {
      const { outcome } = await runCase(id, o.hosts);
      const host = o.host ?? outcome.hosts[0]!.name;
      const r = resultOf(outcome, host, id);
      expect({ status: r.status, why: renderMsg(r.message, 'en') }).toMatchObject({ status: 'ok' });
      if (o.message) expect(r.message.id).toBe(o.message);
      expectValues(r.message, o.values);
      o.then?.(r, outcome, []);
      expect(r.recovery).toEqual([]);
    });
    it.each(table.cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
      const { outcome, sent } = await runCase(id, c.hosts, c.options);
      const host = c.host ?? outcome.hosts[0]!.name;
      const r = resultOf(outcome, host, id);
      expectVerdict(id, r, c);
      for (const a of c.also ?? []) expectVerdict(id, resultOf(outcome, a.host, id), a);
      c.then?.(r, outcome, sent);
    });
  });
}
