/**
 * The JSON report's schema (contract + extensions). Tests validate every JSON
 * report against it; scripts can rely on it.
 */
import { z } from 'zod';

const status = z.enum(['ok', 'warn', 'fail', 'unknown', 'skipped', 'error', 'waived']);

/** The statuses a waiver accepts (`waivedStatus` of a `waived` result). */
const waivable = z.enum(['warn', 'fail', 'unknown', 'error']);

/** The waiver that matched a result (--waivers): reason, expiry, and `expired` when its date has passed. */
const waiver = z.object({ reason: z.string().min(1), expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), expired: z.literal(true).optional() }).strict();

const culprit = z.object({
  host: z.string().min(1).optional(),
  process: z.string().min(1).optional(),
  pid: z.number().int().nonnegative().optional(),
  device: z.string().min(1).optional(),
  vm: z.string().min(1).optional(),
  pool: z.string().min(1).optional(),
}).strict();

const step = z.object({
  id: z.string().min(1), kind: z.enum(['diagnostic', 'changing']), text: z.string().min(1),
  command: z.string().optional(), warning: z.string().optional(),
}).strict();

const evidence = z.object({ host: z.string().min(1), command: z.string().min(1), excerpt: z.string(), note: z.string().optional() }).strict();

/** One fault: the verdicts of every host that sees it (indexes into `results`), its culprit, evidence once, one recovery. */
const incident = z.object({
  id: z.number().int().positive(),
  key: z.string().min(1),
  kind: z.string().min(1),
  status,
  check: z.string().min(1).optional(),
  section: z.string().regex(/^3\.\d\.\d$/).optional(),
  title: z.string().min(1),
  summary: z.string().min(1),
  culprit,
  alternatives: z.array(culprit).optional(),
  reason: z.string().min(1).optional(),
  hosts: z.array(z.string().min(1)).min(1),
  results: z.array(z.object({
    index: z.number().int().nonnegative(),
    host: z.string().min(1),
    check: z.string().min(1),
    status,
    role: z.enum(['root', 'affected']),
  }).strict()),
  evidence: z.array(evidence),
  recoverySteps: z.array(step.extend({ shown: z.boolean().optional() }).strict()),
}).strict();

export const reportSchema = z.object({
  tool: z.literal('usdiag'),
  version: z.string().regex(/^\d+\.\d+\.\d+/),
  lang: z.enum(['en', 'zh']),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  interrupted: z.boolean(),
  hosts: z.array(z.object({
    name: z.string().min(1),
    address: z.string().min(1),
    roles: z.array(z.enum(['vms', 'vks'])),
    roleSource: z.enum(['inventory', 'detected', 'undetected']),
    error: z.string().optional(),
    problem: z.enum(['unreachable', 'stuck']).optional(),
    durationMs: z.number().nonnegative(),
  }).strict()),
  // `waived` was added with --waivers: optional, so reports written before it still validate.
  counts: z.object({
    ...Object.fromEntries(status.options.filter((s) => s !== 'waived').map((s) => [s, z.number().int().nonnegative()])) as Record<Exclude<z.infer<typeof status>, 'waived'>, z.ZodNumber>,
    waived: z.number().int().nonnegative().optional(),
  }).strict(),
  incidents: z.array(incident),
  results: z.array(z.object({
    host: z.string().min(1),
    check: z.string().min(1),
    section: z.string().regex(/^3\.\d\.\d$/),
    title: z.string().min(1),
    status,
    skipReason: z.enum(['guide', 'role', 'not-automated', 'not-applicable']).optional(),
    summary: z.string().min(1),
    message: z.object({ scope: z.string().min(1), id: z.string().min(1), values: z.record(z.string(), z.union([z.string(), z.number()])) }).strict(),
    evidence: z.array(evidence),
    recovery: z.array(z.string().min(1)),
    recoverySteps: z.array(step),
    durationMs: z.number().nonnegative(),
    data: z.unknown().optional(),
    waivedStatus: waivable.optional(),
    waiver: waiver.optional(),
  }).strict()),
}).strict().superRefine((r, ctx) => {
  // A waived result says what it was and which waiver; a waiver that is still valid always waives.
  r.results.forEach((res, i) => {
    if ((res.status === 'waived') !== (res.waivedStatus !== undefined)) ctx.addIssue({ code: 'custom', message: `result ${i}: status waived and waivedStatus go together` });
    if (res.status === 'waived' && (!res.waiver || res.waiver.expired)) ctx.addIssue({ code: 'custom', message: `result ${i}: waived without an unexpired waiver` });
    if (res.waiver && !res.waiver.expired && res.status !== 'waived') ctx.addIssue({ code: 'custom', message: `result ${i}: an unexpired waiver that did not waive` });
  });
  // Every incident points at results that exist, on its hosts.
  for (const i of r.incidents) {
    for (const m of i.results) {
      const res = r.results[m.index];
      if (!res || res.host !== m.host || res.check !== m.check) ctx.addIssue({ code: 'custom', message: `incident ${i.id} points at result ${m.index}, which is not ${m.host} ${m.check}` });
    }
  }
});

export type ReportJson = z.infer<typeof reportSchema>;
