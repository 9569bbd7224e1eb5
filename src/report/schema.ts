/**
 * The JSON report's schema (contract + extensions). Tests validate every JSON
 * report against it; scripts can rely on it.
 */
import { z } from 'zod';

const status = z.enum(['ok', 'warn', 'fail', 'unknown', 'skipped', 'error']);

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
  counts: z.record(status, z.number().int().nonnegative()),
  results: z.array(z.object({
    host: z.string().min(1),
    check: z.string().min(1),
    section: z.string().regex(/^3\.\d\.\d$/),
    title: z.string().min(1),
    status,
    skipReason: z.enum(['guide', 'role', 'not-automated', 'not-applicable']).optional(),
    summary: z.string().min(1),
    message: z.object({ scope: z.string().min(1), id: z.string().min(1), values: z.record(z.string(), z.union([z.string(), z.number()])) }).strict(),
    evidence: z.array(z.object({ host: z.string().min(1), command: z.string().min(1), excerpt: z.string(), note: z.string().optional() }).strict()),
    recovery: z.array(z.string().min(1)),
    recoverySteps: z.array(z.object({
      id: z.string().min(1), kind: z.enum(['diagnostic', 'changing']), text: z.string().min(1),
      command: z.string().optional(), warning: z.string().optional(),
    }).strict()),
    durationMs: z.number().nonnegative(),
    data: z.unknown().optional(),
  }).strict()),
}).strict();

export type ReportJson = z.infer<typeof reportSchema>;
