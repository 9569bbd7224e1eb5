/**
 * `qemu-img check [-r leaks|all] IMG`, stdout and stderr together (the
 * per-cluster lines go to stderr, the summary to stdout; their order does not
 * matter here). The exit code is the primary signal (QEMU docs): 0 consistent,
 * 1 check not completed, 2 corrupted, 3 leaked clusters only, 63 format
 * cannot be checked. With `-r` it describes the image after the repair.
 * A corrupted image can list tens of thousands of clusters: one pass, lists capped.
 */
import { issue, lines, lineSpan, type Parsed, type ParseIssue, type Span } from './types.js';

export type CheckVerdict = 'clean' | 'corrupt' | 'leaks' | 'check-failed' | 'unsupported' | 'locked' | 'unknown';

export interface RepairSummary {
  readonly leaksFixed: number;
  readonly corruptionsFixed: number;
  /** `Rebuilding refcount structure` was printed. */
  readonly rebuiltRefcounts: boolean;
  /** Number of `Repairing ...` lines. */
  readonly repairedLines: number;
}

export interface QemuImgCheck {
  /** From the exit code when it is known, else from the text. */
  readonly verdict: CheckVerdict;
  /** What the text alone says; differs from verdict when exit code and text disagree. */
  readonly textVerdict: CheckVerdict;
  readonly exitCode?: number;
  /** From `N errors were found on the image.`; the ERROR line count when the summary is missing. */
  readonly errors: number;
  /** From `N leaked clusters were found on the image.`; the Leaked line count when missing. */
  readonly leaks: number;
  readonly internalErrors: number;
  /** The first ERROR lines, as printed. */
  readonly errorLines: readonly string[];
  readonly errorLineCount: number;
  /** Cluster numbers of the first `Leaked cluster N ...` lines. */
  readonly leakedClusters: readonly number[];
  readonly leakedClusterCount: number;
  readonly allocatedClusters?: number;
  readonly totalClusters?: number;
  /** Percentages of the statistics line (absent when nothing is allocated). */
  readonly allocated?: number;
  readonly fragmented?: number;
  readonly compressed?: number;
  readonly imageEndOffset?: number;
  /** `-r leaks|all` output: what was repaired before the final check. */
  readonly repairSummary?: RepairSummary;
  /** `qemu-img: ...` messages (open failures, locks, unsupported format) and their follow-up lines. */
  readonly messages: readonly string[];
  readonly warnings: readonly string[];
  /** Where the findings were printed (1-based lines of the input), for evidence. */
  readonly spans: CheckSpans;
}

export interface CheckSpans {
  /** The kept ERROR lines (as `errorLines`). */
  readonly errors: readonly Span[];
  /** The summary the verdict describes: its first count line (`N errors were found ...`, `No errors ...`) to `Image end offset`. */
  readonly summary?: Span;
  /** The `qemu-img: ...` messages (as `messages`). */
  readonly messages: readonly Span[];
}

/** How many ERROR lines / leaked clusters are kept; the counts go on. */
export const CHECK_LINES_KEPT = 20;

const LOCKED = /Failed to get "?(?:shared|exclusive)"? "?write"? lock|Is another process using the image/i;
const UNSUPPORTED = /does not support checks/i;
const VERDICT_BY_EXIT: Record<number, CheckVerdict> = { 0: 'clean', 1: 'check-failed', 2: 'corrupt', 3: 'leaks', 63: 'unsupported' };
const EXPLANATIONS = [/^Data may be corrupted/, /^This means waste of disk space/];

interface Counts {
  errors?: number;
  leaks?: number;
  internal: number;
  noErrors: boolean;
  errorLineCount: number;
  leakLineCount: number;
}

const fresh = (): Counts => ({ internal: 0, noErrors: false, errorLineCount: 0, leakLineCount: 0 });

function textVerdict(c: Counts, messages: readonly string[]): CheckVerdict {
  const all = messages.join('\n');
  if (LOCKED.test(all)) return 'locked';
  if (UNSUPPORTED.test(all)) return 'unsupported';
  if (c.internal > 0 || messages.length > 0) return 'check-failed';
  if ((c.errors ?? c.errorLineCount) > 0) return 'corrupt';
  if ((c.leaks ?? c.leakLineCount) > 0) return 'leaks';
  return c.noErrors ? 'clean' : 'unknown';
}

export function parseQemuImgCheck(input: string, exitCode?: number): Parsed<QemuImgCheck> {
  const issues: ParseIssue[] = [];
  const errorLines: string[] = [];
  const leakedClusters: number[] = [];
  const messages: string[] = [];
  const warnings: string[] = [];
  const stats: { -readonly [K in 'allocatedClusters' | 'totalClusters' | 'allocated' | 'fragmented' | 'compressed' | 'imageEndOffset']?: number } = {};
  let counts = fresh();
  let allErrorLines = 0;
  let allLeakLines = 0;
  let repair: { -readonly [K in keyof RepairSummary]: RepairSummary[K] } | undefined;
  let ended = false;
  let m: RegExpExecArray | null;
  const errorSpans: Span[] = [];
  const messageSpans: Span[] = [];
  let summary: Span | undefined;
  const inSummary = (n: number) => (summary = { first: summary?.first ?? n, last: n });

  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    if (ended) {
      issues.push(issue(i + 1, raw, 'text after the end of the check result'));
      return;
    }
    if (text.startsWith('ERROR')) {
      counts.errorLineCount++;
      if (allErrorLines++ < CHECK_LINES_KEPT) {
        errorLines.push(text);
        errorSpans.push(lineSpan(i + 1));
      }
    } else if ((m = /^Leaked cluster (\d+)\b/.exec(text))) {
      counts.leakLineCount++;
      if (allLeakLines++ < CHECK_LINES_KEPT) leakedClusters.push(Number(m[1]));
    } else if (text.startsWith('Repairing ')) {
      repair ??= { leaksFixed: 0, corruptionsFixed: 0, rebuiltRefcounts: false, repairedLines: 0 };
      repair.repairedLines++;
    } else if ((m = /^(\d+) errors were found on the image\.?$/.exec(text))) {
      counts.errors = Number(m[1]);
      inSummary(i + 1);
    } else if ((m = /^(\d+) leaked clusters were found on the image\.?$/.exec(text))) {
      counts.leaks = Number(m[1]);
      inSummary(i + 1);
    } else if ((m = /^(\d+) internal errors have occurred during the check\.?$/.exec(text))) {
      counts.internal = Number(m[1]);
      inSummary(i + 1);
    } else if (/^No errors were found on the image\.?$/.test(text)) {
      counts.noErrors = true;
      inSummary(i + 1);
    } else if ((m = /^(\d+)\/(\d+) = ([\d.]+)% allocated, ([\d.]+)% fragmented(?:, ([\d.]+)% compressed clusters)?/.exec(text))) {
      Object.assign(stats, { allocatedClusters: Number(m[1]), totalClusters: Number(m[2]), allocated: Number(m[3]), fragmented: Number(m[4]) });
      if (m[5] !== undefined) stats.compressed = Number(m[5]);
      inSummary(i + 1);
    } else if ((m = /^Image end offset: (\d+)$/.exec(text))) {
      stats.imageEndOffset = Number(m[1]);
      inSummary(i + 1);
      // qemu-img prints this last; anything after it is another command's output.
      ended = true;
    } else if (/^Rebuilding refcount structure/.test(text)) {
      repair ??= { leaksFixed: 0, corruptionsFixed: 0, rebuiltRefcounts: false, repairedLines: 0 };
      repair.rebuiltRefcounts = true;
    } else if (/^The following inconsistencies were found and repaired:?$/.test(text)) {
      repair ??= { leaksFixed: 0, corruptionsFixed: 0, rebuiltRefcounts: false, repairedLines: 0 };
    } else if (repair && (m = /^(\d+) (leaked clusters|corruptions)$/.exec(text))) {
      if (m[2] === 'corruptions') repair.corruptionsFixed = Number(m[1]);
      else repair.leaksFixed = Number(m[1]);
    } else if (/^Double checking the fixed image now/.test(text)) {
      // What follows is the state after the repair: that is what the verdict describes.
      counts = fresh();
      summary = undefined;
    } else if (text.startsWith('qemu-img:') || (messages.length > 0 && LOCKED.test(text))) {
      messages.push(text);
      messageSpans.push(lineSpan(i + 1));
    }
    else if (/^Warning:/i.test(text)) warnings.push(text);
    else if (!EXPLANATIONS.some((re) => re.test(text))) issues.push(issue(i + 1, raw, 'not a qemu-img check line'));
  });

  const fromText = textVerdict(counts, messages);
  const verdict =
    exitCode === undefined ? fromText : exitCode === 1 && fromText === 'locked' ? 'locked' : (VERDICT_BY_EXIT[exitCode] ?? 'unknown');
  const summarySeen = counts.errors !== undefined || counts.leaks !== undefined || counts.noErrors || counts.internal > 0;
  const incomplete = !ended && !summarySeen && messages.length === 0 && (allErrorLines > 0 || allLeakLines > 0 || repair !== undefined);
  return {
    value: {
      verdict,
      textVerdict: fromText,
      ...(exitCode !== undefined ? { exitCode } : {}),
      errors: counts.errors ?? counts.errorLineCount,
      leaks: counts.leaks ?? counts.leakLineCount,
      internalErrors: counts.internal,
      errorLines,
      errorLineCount: allErrorLines,
      leakedClusters,
      leakedClusterCount: allLeakLines,
      ...stats,
      ...(repair ? { repairSummary: repair } : {}),
      messages,
      warnings,
      spans: { errors: errorSpans, ...(summary ? { summary } : {}), messages: messageSpans },
    },
    issues,
    ...(incomplete ? { incomplete } : {}),
  };
}
