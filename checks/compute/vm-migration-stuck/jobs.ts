/**
 * The migration jobs of a host's VMs, read twice: `virsh -r domjobinfo` of
 * each running or paused VM (the read ui-hang and vm-stuck make too), and,
 * for a job that runs, a second sample `--sample-seconds` later. What moved
 * between the two decides the phase and whether the job is stuck.
 */
import { readProblem } from '../../../src/engine/outputs.js';
import { secondsBetweenSamples } from '../../../src/engine/sampling.js';
import type { CheckContext, CommandOutput } from '../../../src/engine/types.js';
import type { Msg } from '../../../src/i18n/message.js';
import { type MigrationJob, parseMigrationJob } from '../../../src/parsers/virsh-jobinfo.js';
import { domjobinfo } from '../../shared/commands.js';

/** The guide's symptom: speed 0 (or 99 %) for 15 minutes. */
export const SYMPTOM_MS = 15 * 60 * 1000;
/** Dirty pages per second worth this share of the bandwidth: the copy cannot catch up. */
export const DIRTY_SHARE = 0.8;
/** Memory left that shrank by less than this share between the samples did not go down. */
const SHRINK_SHARE = 0.02;
/** VMs whose job is read at most (a host runs tens; a migration is of one or a few). */
export const MAX_JOB_READS = 50;

export type Phase = 'disk' | 'memory';

export interface JobSample {
  readonly vm: string;
  readonly first: { readonly out: CommandOutput; readonly job: MigrationJob };
  readonly second?: { readonly out: CommandOutput; readonly job: MigrationJob } | undefined;
  /** Why the second sample could not be read. */
  readonly secondProblem?: Msg | undefined;
}

export interface Progress {
  readonly phase: Phase;
  /** Bytes sent between the samples (data, else memory, else disk counters). */
  readonly sent: number;
  /** Nothing moved: bytes processed and left the same in both samples. */
  readonly stalled: boolean;
  /** Memory phase: what is left did not shrink. */
  readonly notShrinking: boolean;
  /** Dirty bytes per second, when libvirt prints the rate and the page size (4 KiB when it does not). */
  readonly dirtyBytesPerS?: number | undefined;
  /** Sent bytes per second over the measured span, else libvirt's memory bandwidth. */
  readonly rate?: number | undefined;
  readonly seconds?: number | undefined;
  readonly processed?: number | undefined;
  readonly remaining?: number | undefined;
  readonly total?: number | undefined;
  readonly elapsedMs: number;
}

/** A job that may be a migration from this host: running, and not said to be incoming or something else. */
export function outgoing(job: MigrationJob): boolean {
  return job.active && (job.direction === undefined || job.direction === 'outgoing');
}

/** First samples of every VM, then the second of the ones with a job that runs. */
export async function sampleJobs(ctx: CheckContext, vms: readonly string[]): Promise<{ samples: JobSample[]; unread: { vm: string; out: CommandOutput; why: Msg }[] }> {
  const firsts = await Promise.all(vms.slice(0, MAX_JOB_READS).map(async (vm) => ({ vm, out: await ctx.run(domjobinfo(vm)) })));
  const unread = firsts.flatMap((f) => {
    const why = readProblem(f.out);
    return why ? [{ vm: f.vm, out: f.out, why }] : [];
  });
  const read = firsts.filter((f) => !readProblem(f.out)).map((f) => ({ vm: f.vm, out: f.out, job: parseMigrationJob(f.out.stdout).value }));
  const running = read.filter((r) => outgoing(r.job));
  if (running.length) await ctx.sleep(ctx.options.sampleSeconds * 1000);
  const seconds = new Map(await Promise.all(running.map(async (r) => [r.vm, await ctx.run(domjobinfo(r.vm, 2))] as const)));
  const samples = read.map((r): JobSample => {
    const out = seconds.get(r.vm);
    if (!out) return { vm: r.vm, first: { out: r.out, job: r.job } };
    const why = readProblem(out);
    return why
      ? { vm: r.vm, first: { out: r.out, job: r.job }, secondProblem: why }
      : { vm: r.vm, first: { out: r.out, job: r.job }, second: { out, job: parseMigrationJob(out.stdout).value } };
  });
  return { samples, unread };
}

/**
 * What moved between the two samples. A second sample whose job ended
 * (None, Completed) is no stuck migration: undefined.
 */
export function progressOf(s: JobSample, configuredSeconds: number): Progress | undefined {
  const a = s.first.job;
  const b = s.second?.job;
  if (!b || !outgoing(b)) return undefined;
  const phase: Phase = (b.fileRemaining ?? 0) > 0 ? 'disk' : 'memory';
  const processed = (j: MigrationJob) => j.dataProcessed ?? j.memoryProcessed ?? j.fileProcessed;
  const remaining = (j: MigrationJob) => (phase === 'disk' ? j.fileRemaining : j.memoryRemaining ?? j.dataRemaining);
  const total = (j: MigrationJob) => (phase === 'disk' ? j.fileTotal : j.memoryTotal ?? j.dataTotal);
  const p1 = processed(a);
  const p2 = processed(b);
  const r1 = remaining(a);
  const r2 = remaining(b);
  const sent = p1 !== undefined && p2 !== undefined ? Math.max(0, p2 - p1) : 0;
  const sameLeft = r1 === r2;
  const stalled = sent === 0 && (p1 !== undefined || r1 !== undefined) && sameLeft;
  const notShrinking = phase === 'memory' && r1 !== undefined && r2 !== undefined && r2 >= r1 * (1 - SHRINK_SHARE);
  const seconds = secondsBetweenSamples(s.first.out.startedAt, s.second!.out.startedAt, configuredSeconds);
  const measured = seconds && sent > 0 ? sent / seconds : undefined;
  const rate = measured ?? (phase === 'memory' ? b.memoryBandwidth : undefined);
  const dirtyBytesPerS = b.dirtyRatePages !== undefined ? b.dirtyRatePages * (b.pageSize ?? 4096) : undefined;
  return {
    phase, sent, stalled, notShrinking, dirtyBytesPerS, rate, seconds,
    processed: p2, remaining: r2, total: total(b), elapsedMs: b.elapsedMs ?? a.elapsedMs ?? 0,
  };
}

/** Memory that is dirtied about as fast as it is sent (or faster) and does not shrink. */
export function diverges(p: Progress, bandwidth: number | undefined): boolean {
  if (p.phase !== 'memory' || p.stalled || !p.notShrinking) return false;
  if (p.dirtyBytesPerS === undefined || bandwidth === undefined) return p.sent > 0;
  return p.dirtyBytesPerS >= bandwidth * DIRTY_SHARE;
}
