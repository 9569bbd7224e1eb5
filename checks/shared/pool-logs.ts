/**
 * The logs guide 3.5.2 and 3.5.6 send the engineer to: the platform's OCFS2
 * shell log, libvirtd's log and syslog, read the bounded way (tail -c, grep
 * and tail -n on the host: readLog), each line dated with its own stamp.
 *
 * The shell log is named after the release of the platform's OCFS2 scripts
 * (/var/log/ocfs2_shell_201511.log in the guide), so /var/log is listed and
 * the newest ocfs2_shell_<n>.log is read; the guide's name is used when the
 * directory cannot be listed.
 */
import { excerpt, readProblem } from '../../src/engine/outputs.js';
import type { CommandOutput, Evidence, HostContext } from '../../src/engine/types.js';
import type { Msg } from '../../src/i18n/message.js';
import { parseAppLog } from '../../src/parsers/app-log.js';
import { parseLsNames } from '../../src/parsers/sysfs-storage.js';
import { cmd } from '../../src/transport/command.js';
import { readLog, SYSLOG_FILES } from './logs.js';

export const VAR_LOG = cmd('ls', '/var/log');
export const GUIDE_SHELL_LOG = '/var/log/ocfs2_shell_201511.log';
export const LIBVIRTD_LOG = '/var/log/libvirt/libvirtd.log';
export { SYSLOG_FILES };

/**
 * A failed pool start is minutes old when the engineer runs usdiag; a day
 * covers a failure reported the next morning. Older lines are history.
 */
export const RECENT_MS = 24 * 3600_000;

/** The platform's refusal to mount a volume another cluster uses (guide 3.5.6); group 1 is the disk. */
export const REFUSED_MOUNT = /Disk (\S+) had been mounted by other hosts/;

/** The disk a log line says the platform refused to mount (guide 3.5.6), if it says so. */
export function refusedDisk(l: LogLine): string | undefined {
  return REFUSED_MOUNT.exec(l.message)?.[1];
}

export async function ocfs2ShellLog(host: HostContext): Promise<string> {
  const out = await host.run(VAR_LOG);
  if (readProblem(out)) return GUIDE_SHELL_LOG;
  const found = parseLsNames(out.stdout).value
    .map((n) => /^ocfs2_shell_(\d+)\.log$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]));
  return found.length ? `/var/log/${found[0]![0]}` : GUIDE_SHELL_LOG;
}

export interface LogLine {
  readonly file: string;
  /** The line as the host printed it. */
  readonly raw: string;
  readonly time?: Date | undefined;
  /** The line's own stamp as printed (how reports quote it: no time zone guessing). */
  readonly stamp?: string | undefined;
  readonly level?: string | undefined;
  readonly message: string;
  /** Within RECENT_MS of the host's clock; undefined when the line carries no date. */
  readonly recent: boolean | undefined;
  readonly output: CommandOutput;
  /** Its line in the output (evidence). */
  readonly line: number;
}

export interface LogScan {
  readonly lines: readonly LogLine[];
  readonly problems: ReadonlyArray<{ readonly file: string; readonly why: Msg }>;
}

export interface LogQuery {
  /** Alternatives: the first that exists is read (syslog, then messages). */
  readonly files: readonly string[];
  /** Extended regex, evaluated by grep on the host. */
  readonly pattern: string;
}

export async function scanLogs(host: HostContext, queries: readonly LogQuery[], now: Date): Promise<LogScan> {
  const reads = await Promise.all(queries.map((q) => readLog(host, q.files, q.pattern)));
  const out: LogLine[] = [];
  const problems: Array<{ file: string; why: Msg }> = [];
  reads.forEach((r, i) => {
    const file = r.file ?? queries[i]!.files[0]!;
    if (r.problem) problems.push({ file, why: r.problem });
    const output = r.output;
    if (!output) return;
    // Lines printed before a failure count too: the problem says the read is not complete.
    for (const line of parseAppLog(output.stdout, { reference: now }).value) {
      out.push({
        file,
        raw: line.raw,
        time: line.time,
        stamp: line.stamp,
        level: line.level,
        message: line.message,
        recent: line.time ? now.getTime() - line.time.getTime() <= RECENT_MS : undefined,
        output,
        line: line.line,
      });
    }
  });
  return { lines: out, problems };
}

/** Log lines as evidence: one excerpt per log read (its last `perRead` lines), in the order the reads first appear. */
export function logEvidence(lines: readonly LogLine[], perRead = Infinity): Evidence[] {
  const byOutput = new Map<CommandOutput, number[]>();
  for (const l of lines) byOutput.set(l.output, [...(byOutput.get(l.output) ?? []), l.line]);
  return [...byOutput].map(([o, ns]) => excerpt(o, ns.slice(-perRead)));
}
