/**
 * One line of a log that stamps its own lines with a full date, as the logs
 * guide 3.5.2 names do:
 *
 *   2017-03-14 06:28:52.600+0000: 1342: error : virCommandWait:2553 : internal error: ...
 *                                                      /var/log/libvirt/libvirtd.log
 *   2017-03-14 14:28:52 ERROR Disk ... not need to format it.
 *   2017-03-14 14:28:52,600 - ocfs2 - ERROR - ...        the platform's shell / Python logs
 *   [2017-03-14 14:28:52] ...
 *
 * and, through parseSyslogLine, a syslog line. Anything else is kept as an
 * undated message: the caller still sees the text.
 */
import { parseIsoStamp } from './storage-common.js';
import { parseSyslogLine, type SyslogOptions } from './syslog.js';
import { lines, lineSpan, type Parsed, type Span, stripAnsi } from './types.js';

export interface AppLogLine {
  readonly time?: Date;
  /** The stamp as printed. */
  readonly stamp?: string;
  /** `error`, `warning`, `info`, `debug`... lower case, when the line says. */
  readonly level?: string;
  readonly pid?: number;
  readonly message: string;
}

const LIBVIRT = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?): (\d+): ([a-z]+) : (?:[\w.]+:\d+ : )?(.*)$/;
const STAMPED = /^\[?(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2})(?:([.,])(\d+))?(Z|[+-]\d{2}:?\d{2})?\]?[\s:|-]*(.*)$/;
const LEVEL = /\b(DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|CRITICAL|FATAL)\b/;

export function parseAppLogLine(raw: string, options: SyslogOptions = {}): AppLogLine {
  const text = stripAnsi(raw).replace(/\r$/, '').trim();
  let m: RegExpExecArray | null;
  if ((m = LIBVIRT.exec(text))) {
    const time = parseIsoStamp(m[1]!, options.utcOffsetMinutes);
    return { ...(time ? { time } : {}), stamp: m[1]!, pid: Number(m[2]), level: m[3]!, message: m[4]!.trim() };
  }
  if ((m = STAMPED.exec(text))) {
    const [, clock, sep, fraction, zone = ''] = m;
    // Python's logging writes milliseconds after a comma.
    const time = parseIsoStamp(`${clock}${fraction !== undefined ? `.${fraction}` : ''}${zone}`, options.utcOffsetMinutes);
    if (time) {
      const message = m[5]!.trim();
      const level = LEVEL.exec(message)?.[1]?.toLowerCase();
      return { time, stamp: `${clock}${fraction !== undefined ? `${sep}${fraction}` : ''}${zone}`, ...(level ? { level } : {}), message };
    }
  }
  const sys = parseSyslogLine(text, options);
  if (sys) {
    return {
      ...(sys.time ? { time: sys.time } : {}),
      ...(sys.stamp ? { stamp: sys.stamp } : {}),
      ...(sys.pid !== undefined ? { pid: sys.pid } : {}),
      message: sys.message,
    };
  }
  return { message: text };
}

export interface AppLogRecord extends AppLogLine {
  /** The line as the host printed it. */
  readonly raw: string;
  /** 1-based line of the input (evidence). */
  readonly line: number;
  readonly span: Span;
}

/**
 * Every non-empty line of a log read (a bounded tail, already filtered on the
 * host), each with its line number. Nothing is an issue: a line without a
 * stamp is still a message.
 */
export function parseAppLog(input: string, options: SyslogOptions = {}): Parsed<AppLogRecord[]> {
  const value: AppLogRecord[] = [];
  lines(input).forEach((raw, i) => {
    if (raw.trim() === '') return;
    value.push({ ...parseAppLogLine(raw, options), raw, line: i + 1, span: lineSpan(i + 1) });
  });
  return { value, issues: [] };
}
