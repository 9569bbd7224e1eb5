/**
 * Small vocabulary checks use on command outputs: did it run, why not, and
 * which lines to show as evidence.
 */
import { type Text, text } from '../i18n/text.js';
import type { CommandOutput, Evidence } from './types.js';

/** The command ran to completion (any exit status). */
export function ran(out: CommandOutput): boolean {
  return !out.failure && !out.timedOut && out.exitCode !== null;
}

/** The command ran and succeeded. */
export function succeeded(out: CommandOutput): boolean {
  return ran(out) && out.exitCode === 0;
}

/** The program is not installed (shell exit 127) or not runnable (126). */
export function missingProgram(out: CommandOutput): boolean {
  return out.exitCode === 127 || out.exitCode === 126;
}

/** Why an output cannot be used, in words for a report; undefined when it can. */
export function problem(out: CommandOutput): Text | undefined {
  if (out.failure) {
    switch (out.failure.kind) {
      case 'refused':
        return text(`"${out.key}" was refused by the read-only policy (${out.failure.message})`, `"${out.key}" 被只读策略拒绝（${out.failure.message}）`);
      case 'missing':
        return text(`"${out.key}" is not in the capture`, `采集结果中没有 "${out.key}"`);
      case 'aborted':
        return text(`"${out.key}" did not run (${out.failure.message})`, `"${out.key}" 未执行（${out.failure.message}）`);
      default:
        return text(`"${out.key}" failed on ${out.host}: ${out.failure.message}`, `"${out.key}" 在 ${out.host} 上执行失败：${out.failure.message}`);
    }
  }
  if (out.timedOut) return text(`"${out.key}" did not finish in time on ${out.host}`, `"${out.key}" 在 ${out.host} 上未在时限内结束`);
  if (missingProgram(out)) return text(`"${out.key}": program not available on ${out.host}`, `"${out.key}"：${out.host} 上没有该程序`);
  if (out.exitCode !== 0) {
    const why = firstLine(out.stderr) || firstLine(out.stdout) || `exit ${out.exitCode}`;
    return text(`"${out.key}" failed on ${out.host}: ${why}`, `"${out.key}" 在 ${out.host} 上失败：${why}`);
  }
  return undefined;
}

export function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

/** Evidence from an output: the given lines, or its first lines when none are given. */
export function evidence(out: CommandOutput, lines?: readonly string[] | string, note?: Text): Evidence {
  const body =
    lines === undefined
      ? out.stdout.split('\n').slice(0, 20).join('\n')
      : typeof lines === 'string'
        ? lines
        : lines.join('\n');
  const status = out.timedOut ? `(timed out after ${Math.round(out.durationMs / 1000)} s)` : '';
  return {
    host: out.host,
    command: out.key,
    excerpt: [body.replace(/\s+$/, ''), status].filter(Boolean).join('\n'),
    ...(note ? { note } : {}),
  };
}

/** Lines of `s` matching `re`, at most `max`. */
export function grepLines(s: string, re: RegExp, max = 20): string[] {
  const out: string[] = [];
  for (const line of s.split('\n')) {
    if (re.test(line)) {
      out.push(line);
      if (out.length >= max) break;
    }
  }
  return out;
}
