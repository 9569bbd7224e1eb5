/**
 * Reading logs on a host the bounded way (tail -c, then grep, then tail -n on
 * the host), and the host's own clock to place year-less syslog stamps.
 */
import { readProblem } from '../../src/engine/outputs.js';
import type { CommandOutput, HostContext } from '../../src/engine/types.js';
import type { Msg } from '../../src/i18n/message.js';
import { parseSyslogLine, type SyslogLine } from '../../src/parsers/syslog.js';
import { cmd } from '../../src/transport/command.js';
import { logTail } from './commands.js';

export const HOST_EPOCH = cmd('date', '+%s');

/** Debian/Ubuntu (Usphere) first, then RHEL-style. */
export const SYSLOG_FILES = ['/var/log/syslog', '/var/log/messages'] as const;

/** The host's clock (its logs are stamped with it), or the workstation's when unreadable. */
export async function hostNow(host: HostContext): Promise<Date> {
  // Optional: without it, log stamps are placed with the workstation's clock.
  const out = await host.run(HOST_EPOCH, { optional: true });
  const s = Number(out.stdout.trim());
  return out.exitCode === 0 && Number.isFinite(s) && s > 0 ? new Date(s * 1000) : new Date();
}

export interface LogMatch extends SyslogLine {
  /** The line as the host printed it. */
  readonly raw: string;
  /** Its line number in the read's output (for `excerpt`). */
  readonly line: number;
}

export interface LogRead {
  readonly file?: string | undefined;
  readonly matches: readonly LogMatch[];
  readonly output?: CommandOutput | undefined;
  readonly problem?: Msg | undefined;
}

/**
 * Lines matching `pattern` (extended regex, evaluated by grep on the host) in
 * the last part of the first log file that exists.
 */
export async function readLog(
  host: HostContext,
  files: readonly string[],
  pattern: string,
  opts: { bytes?: string; maxLines?: number } = {},
): Promise<LogRead> {
  let last: LogRead = { matches: [] };
  const now = await hostNow(host);
  for (const file of files) {
    const out = await host.run(logTail(file, pattern, opts));
    // Only "No such file or directory" means the log is not there; "Permission denied" is a failed read.
    if (out.read.kind === 'absent') {
      last = { file, matches: [], output: out };
      continue;
    }
    // Lines printed before a failure are kept as evidence; the problem says the read is not complete.
    const matches = out.stdout
      .split('\n')
      .flatMap((raw, i) => (raw.trim() === '' ? [] : [{ ...(parseSyslogLine(raw, { reference: now }) ?? { message: raw }), raw, line: i + 1 }]));
    return { file, matches, output: out, problem: readProblem(out) };
  }
  return last;
}
