/**
 * The syslog lines of the minutes before a fence restart (guide 3.5.4: link
 * down, FC/iSCSI connection lost, disk IO errors). Ubuntu rotates
 * /var/log/syslog daily and keeps seven (syslog.1, then syslog.2.gz to
 * syslog.7.gz: rsyslog's logrotate defaults), so the lines before a restart a
 * few days ago are in a rotated file. Which one is told by the files'
 * modification times (`stat`): a file holds the lines written after the next
 * older file was rotated. It is then read bounded (tail -c of a plain file,
 * or zcat of that one .gz) and filtered on the host to the window's minutes
 * and the storage event words, so only those lines cross the network.
 */
import type { CommandOutput, HostContext } from '../../../src/engine/types.js';
import type { Msg } from '../../../src/i18n/message.js';
import { parseStatFiles, type StatFile } from '../../../src/parsers/stat-files.js';
import { classifyStorageEvent, parseLogLines, type StorageEventKind } from '../../../src/parsers/syslog.js';
import { type Command, cmd } from '../../../src/transport/command.js';
import { logTail } from '../../shared/commands.js';
import { pipelineProblem } from '../../shared/pipeline-read.js';

export const SYSLOG_ROTATION = [
  '/var/log/syslog',
  '/var/log/syslog.1',
  ...[2, 3, 4, 5, 6, 7].map((n) => `/var/log/syslog.${n}.gz`),
] as const;
/** RHEL-style hosts: only the current file is looked at. */
const MESSAGES = '/var/log/messages';

export const SYSLOG_FILE_TIMES = cmd('stat', '-c', '%Y %s %n', ...SYSLOG_ROTATION, MESSAGES);

/** A day of a busy VKS's syslog is well below this; a bigger file is read from its end only. */
const PLAIN_BYTES = '64M';
const WINDOW_LINES = 100;
/** The oldest file's start is unknown: with daily rotation it holds at most about a day (plus anacron's delay). */
const OLDEST_SPAN_MS = 36 * 3600_000;

/**
 * Words of the storage events guide 3.5.4 lists, as an extended regex for
 * grep on the host; `classifyStorageEvent` decides on what comes back.
 */
export const STORAGE_EVENT_WORDS = [
  'Link is Down', 'link status definitely down', '[Ll]ink [Dd]own', 'LOOP DOWN', 'Cable is unplugged', 'carrier lost',
  'conn error', 'ping timeout', 'session recovery timed out', 'ISCSI_ERR', 'iscsid',
  'I/O error', 'rejecting I/O', 'FAILED Result', 'Unhandled (error|sense)', '[Mm]edium [Ee]rror',
  'Failing path', 'remaining active paths', 'mark as failed', 'checker failed', 'path is down',
  'blocked FC remote port', 'Devloss', 'rport-', 'fc_host',
  'o2hb', 'o2net', 'o2quo', 'fencing', 'Heartbeat write timeout',
].join('|');

export interface LogWindow {
  readonly start: Date;
  readonly end: Date;
  /** The host's UTC offset: its syslog stamps are in its local time. */
  readonly utcOffsetMinutes: number;
}

export interface WindowEvent {
  readonly kind: StorageEventKind;
  readonly time?: Date | undefined;
  readonly message: string;
  readonly output: CommandOutput;
  /** Its line in the output (evidence). */
  readonly line: number;
}

export interface WindowRead {
  readonly events: readonly WindowEvent[];
  /** Files read for this window. */
  readonly files: readonly string[];
  /** The syslog still holds the window (false: rotated away). */
  readonly covered: boolean;
  readonly problem?: Msg | undefined;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `^(<minute stamps>).*(<events>)`: the minute prefixes of the window in
 * both stamp styles rsyslog writes (`Mar  4 14:28`, `2017-03-04T14:28`).
 */
export function windowPattern(w: LogWindow, events: string): string {
  const alts: string[] = [];
  const stepMs = 60_000;
  for (let t = Math.floor(w.start.getTime() / stepMs) * stepMs; t <= w.end.getTime(); t += stepMs) {
    const l = new Date(t + w.utcOffsetMinutes * 60_000);
    const p2 = (n: number) => String(n).padStart(2, '0');
    const hm = `${p2(l.getUTCHours())}:${p2(l.getUTCMinutes())}`;
    alts.push(`${MONTHS[l.getUTCMonth()]} ${String(l.getUTCDate()).padStart(2, ' ')} ${hm}`);
    alts.push(`${l.getUTCFullYear()}-${p2(l.getUTCMonth() + 1)}-${p2(l.getUTCDate())}T${hm}`);
  }
  return `^(${alts.join('|')}).*(${events})`;
}

/** One log file read bounded and filtered on the host: tail -c of a plain file, zcat of a rotated .gz. */
export function boundedRead(path: string, pattern: string, maxLines = WINDOW_LINES): Command {
  if (path.endsWith('.gz')) {
    return { argv: ['zcat', path], pipe: [['grep', '-a', '-E', '-e', pattern], ['tail', '-n', String(maxLines)]] };
  }
  return logTail(path, pattern, { bytes: PLAIN_BYTES, maxLines });
}

/** Existing syslog files, oldest first; the RHEL file only when there is no Debian one. */
export function syslogFiles(out: CommandOutput): StatFile[] {
  const found = parseStatFiles(out.stdout).value;
  const debian = found.filter((f) => f.path !== MESSAGES);
  return (debian.length ? debian : found).sort((a, b) => a.mtime.getTime() - b.mtime.getTime());
}

/**
 * Files whose span meets the window: file i holds (mtime of i-1, mtime of i];
 * the newest also holds anything later (the log may have stopped before the
 * restart), the oldest at most OLDEST_SPAN_MS before its mtime.
 */
export function coveringFiles(files: readonly StatFile[], w: LogWindow): { files: StatFile[]; covered: boolean } {
  const out: StatFile[] = [];
  let covered = false;
  files.forEach((f, i) => {
    const from = i === 0 ? f.mtime.getTime() - OLDEST_SPAN_MS : files[i - 1]!.mtime.getTime();
    const to = i === files.length - 1 ? Infinity : f.mtime.getTime();
    if (w.start.getTime() <= to && w.end.getTime() > from) {
      out.push(f);
      if (w.start.getTime() >= from) covered = true;
    }
  });
  return { files: out, covered: covered || out.length > 1 };
}

export async function readWindow(host: HostContext, files: readonly StatFile[], w: LogWindow): Promise<WindowRead> {
  const chosen = coveringFiles(files, w);
  if (chosen.files.length === 0) return { events: [], files: [], covered: false };
  const pattern = windowPattern(w, STORAGE_EVENT_WORDS);
  const reference = new Date(w.end.getTime() + 86_400_000);
  const events: WindowEvent[] = [];
  let why: Msg | undefined;
  for (const f of chosen.files) {
    const out = await host.run(boundedRead(f.path, pattern));
    const p = pipelineProblem(out);
    // a read cut by its time limit still gives the lines it got
    if (p && out.stdout.trim() === '') {
      why ??= p;
      continue;
    }
    for (const l of parseLogLines(out.stdout, { reference, utcOffsetMinutes: w.utcOffsetMinutes }).value) {
      const kind = classifyStorageEvent(l.message);
      if (!kind || (l.time && (l.time < w.start || l.time > w.end))) continue;
      events.push({ kind, time: l.time, message: l.message, output: out, line: l.line });
    }
  }
  return { events, files: chosen.files.map((f) => f.path), covered: chosen.covered, ...(why ? { problem: why } : {}) };
}
