/**
 * Log lines as the storage checks read them from `/var/log/syslog`,
 * `/var/log/messages`, `journalctl` and `dmesg`:
 *
 *   Mar 14 14:28:52 host prog[123]: msg             classic (RFC 3164): no year
 *   May 22 14:58:22.044059 host prog[1]: msg        journalctl -o short-precise
 *   5月 22 14:58:22 host prog[1]: msg                journalctl in zh_CN
 *   2023-05-22T14:58:22.044059+08:00 host prog: msg  rsyslog high-precision / journalctl -o short-iso(-precise)
 *   [12345.678901] msg                              dmesg (seconds since boot)
 *   [Tue Mar 14 14:28:52 2017] msg                  dmesg -T
 *
 * Kernel lines carry their own `[12345.678901]` uptime after `kernel:`.
 * Guide 3.5.4: before a fence restart syslog holds the link-down / FC /
 * iSCSI / IO-error lines; `classifyStorageEvent` names them.
 */
import { issue, lines, type ParseIssue, type Parsed } from './types.js';
import { dateWithoutYear, isWeekday, monthIndex, parseClock, parseIsoStamp, wallClockToDate } from './storage-common.js';

export interface SyslogLine {
  /** Absolute time: ISO stamps, dmesg -T, or year-less stamps resolved against `reference`. */
  readonly time?: Date;
  /** The timestamp as printed. */
  readonly stamp?: string;
  readonly host?: string;
  /** `kernel` for dmesg lines. */
  readonly program?: string;
  readonly pid?: number;
  /** Kernel `[12345.678901]`: seconds since boot. */
  readonly uptimeSeconds?: number;
  readonly message: string;
  /** 1-based input line (parseSyslog only). */
  readonly line?: number;
}

export interface SyslogOptions {
  /**
   * When the log was read: year-less stamps get the year that does not put
   * them in the future. Without it, classic lines have no `time`.
   */
  readonly reference?: Date;
  /** Host's UTC offset in minutes (China: 480); default: the local zone of the workstation. */
  readonly utcOffsetMinutes?: number;
}

const CLASSIC = /^(\S+) +(\d{1,2}) (\d{1,2}:\d{2}:\d{2}(?:\.\d+)?) (\S+) ?(.*)$/;
const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?) (\S+) ?(.*)$/;
const DMESG_T = /^\[(\S+ +\S+ +\d{1,2} \d{1,2}:\d{2}:\d{2} \d{4})\] ?(.*)$/;
const UPTIME = /^\[\s*(\d+\.\d+)\] ?(.*)$/;
const TAG = /^([^\s[:]+)(?:\[(\d+)\])?: ?(.*)$/;

export function parseSyslogLine(text: string, options: SyslogOptions = {}): SyslogLine | undefined {
  const s = text.replace(/\r$/, '');
  let m: RegExpExecArray | null;
  if ((m = ISO.exec(s))) {
    const time = parseIsoStamp(m[1]!, options.utcOffsetMinutes);
    if (time) return withTag({ time, stamp: m[1]!, host: m[2]! }, m[3]!);
  }
  if ((m = CLASSIC.exec(s))) {
    const month = monthIndex(m[1]);
    const clock = parseClock(m[3]!);
    if (month !== undefined && clock) {
      const day = Number(m[2]);
      const time = options.reference
        ? dateWithoutYear({ month, day, ...clock }, options.reference, options.utcOffsetMinutes)
        : undefined;
      return withTag({ ...(time ? { time } : {}), stamp: `${m[1]} ${m[2]} ${m[3]}`, host: m[4]! }, m[5]!);
    }
  }
  if ((m = DMESG_T.exec(s))) {
    const time = ctimeToDate(m[1]!, options.utcOffsetMinutes);
    if (time) return { time, stamp: m[1]!, program: 'kernel', ...kernelBody(m[2]!) };
  }
  if ((m = UPTIME.exec(s))) {
    return { program: 'kernel', uptimeSeconds: Number(m[1]), message: m[2]!.trim() };
  }
  return undefined;
}

/** `prog[pid]: message`; kernel messages lose their own uptime stamp into `uptimeSeconds`. */
function withTag(head: Pick<SyslogLine, 'time' | 'stamp' | 'host'>, rest: string): SyslogLine {
  const tag = TAG.exec(rest);
  if (!tag) return { ...head, message: rest.trim() };
  const program = tag[1]!;
  const pid = tag[2] !== undefined ? Number(tag[2]) : undefined;
  const body = program === 'kernel' ? kernelBody(tag[3]!) : { message: tag[3]!.trim() };
  return { ...head, program, ...(pid !== undefined ? { pid } : {}), ...body };
}

function kernelBody(s: string): { uptimeSeconds?: number; message: string } {
  const m = UPTIME.exec(s.trim());
  return m ? { uptimeSeconds: Number(m[1]), message: m[2]!.trim() } : { message: s.trim() };
}

/** `Tue Mar 14 14:28:52 2017` (dmesg -T, last -F). */
export function ctimeToDate(s: string, utcOffsetMinutes?: number): Date | undefined {
  const t = s.trim().split(/\s+/);
  if (t.length !== 5 || !isWeekday(t[0])) return undefined;
  const month = monthIndex(t[1]);
  const clock = parseClock(t[3]!);
  const year = Number(t[4]);
  if (month === undefined || !clock || !/^\d{4}$/.test(t[4]!)) return undefined;
  return wallClockToDate(year, { month, day: Number(t[2]), ...clock }, utcOffsetMinutes);
}

/**
 * Every line of a log. journalctl markers (`-- Reboot --`, `-- Logs begin at ...`)
 * are skipped; indented lines continue the previous message (journalctl multi-line).
 */
export function parseSyslog(input: string, options: SyslogOptions = {}): Parsed<SyslogLine[]> {
  const value: SyslogLine[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    if (raw.trim() === '' || /^-- .* --$/.test(raw.trim())) return;
    const parsed = parseSyslogLine(raw, options);
    if (parsed) {
      value.push({ ...parsed, line: i + 1 });
      return;
    }
    const prev = value.at(-1);
    if (prev && /^\s/.test(raw)) value[value.length - 1] = { ...prev, message: `${prev.message}\n${raw.trim()}` };
    else issues.push(issue(i + 1, raw, 'not a log line'));
  });
  return { value, issues };
}

/** A line of a log read with its line number in the read's output. */
export type NumberedLogLine = SyslogLine & { readonly line: number };

/**
 * Every non-blank line of a log read filtered on the host (grep output of
 * dmesg or a syslog file): one line is one record, parsed when it can be. A
 * line that does not parse keeps its text as the message (and is an issue),
 * so a matching line is never lost; no line continues another.
 */
export function parseLogLines(input: string, options: SyslogOptions = {}): Parsed<NumberedLogLine[]> {
  const value: NumberedLogLine[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const parsed = parseSyslogLine(raw, options);
    if (!parsed) issues.push(issue(i + 1, raw, 'not a log line'));
    value.push({ ...(parsed ?? { message: raw }), line: i + 1 });
  });
  return { value, issues };
}

/**
 * The message without any syslog/dmesg prefix, for parsers of kernel dumps
 * (hung tasks) that may come from dmesg, syslog or journalctl.
 */
export function logMessage(text: string): string {
  return parseSyslogLine(text)?.message ?? text.replace(/\r$/, '');
}

export type StorageEventKind =
  | 'link-down'
  | 'fc'
  | 'iscsi'
  | 'io-error'
  | 'ocfs2-heartbeat'
  | 'ocfs2-error'
  | 'read-only-remount'
  | 'journal-error'
  | 'multipath'
  | 'wwid-change';

/**
 * Most specific first: an o2hb IO error is heartbeat, a multipathd path failure is multipath.
 *
 * `X.*Y` alternatives are written `^(?:(?!X).)*X.*Y` (flag m: per line): from
 * each line's start, up to its first X, then Y after it. The same lines
 * match, in linear time: an unanchored `X.*Y` scanned to the end of the line
 * from every X (seconds for a message that repeats `qla2xxx`).
 */
const STORAGE_EVENTS: Array<[StorageEventKind, RegExp]> = [
  ['wwid-change', /wwid changed|different wwid|wwid (?:mismatch|does not match)/i],
  // remaining active paths is printed on every change of the count, up or down: kept, the count tells which
  ['multipath', /Failing path|remaining active paths|\bmark as failed\b|checker failed path|path is down/i],
  ['read-only-remount', /Remounting filesystem read-only|File system is now read-only|remount(?:ed|ing)? (?:\S+ )?read-only/i],
  [
    'journal-error',
    /\bJBD2?: |Aborting journal on device|aborted journal|ocfs2_(?:journal|commit)\w*:\d+ ERROR|journal\w* (?:\S+ )?(?:error|aborted)/i,
  ],
  [
    'ocfs2-heartbeat',
    /\bo2hb\w*|\bo2net\b|\bo2quo\w*|ocfs2 is very sorry to be fencing|Heartbeat write timeout|has been idle for [\d.]+ secs/i,
  ],
  ['ocfs2-error', /\(\S+,\d+,\d+\):\w+:\d+ ERROR:|OCFS2: ERROR|On-disk corruption discovered|run fsck\.ocfs2/i],
  [
    'fc',
    /^(?:(?!qla2xxx).)*qla2xxx.*(?:LOOP DOWN|Link down|Cable is unplugged)|^(?:(?!lpfc).)*lpfc.*(?:Link Down|Devloss timeout|link down)|^(?:(?!rport-\d+:\d+-\d+:).)*rport-\d+:\d+-\d+:.*blocked|blocked FC remote port|^(?:(?!\bfc_host\d*\b).)*\bfc_host\d*\b.*(?:down|offline)/im,
  ],
  [
    'iscsi',
    /connection\d+:\d+: (?:detected conn error|ping timeout)|session\d+: session recovery timed out|ISCSI_ERR_\w+|^(?:(?!iscsid).)*iscsid.*(?:error|failed|timed out|rejected)/im,
  ],
  [
    'io-error',
    /^(?:(?!blk_update_request: ).)*blk_update_request: .*error|^(?:(?!print_req_error: ).)*print_req_error: .*error|Buffer I\/O error on dev|end_request: I\/O error|\bI\/O error, dev \S+, sector|rejecting I\/O to offline device|\] tag#\d+ FAILED Result:|\bUnhandled (?:error|sense) code|\bmedium error\b/im,
  ],
  ['link-down', /\bLink is Down\b|link status definitely down|\blink down\b|carrier lost/i],
];

/**
 * Which storage problem a log message reports, if any. Recovery messages
 * (`LOOP UP`, `path is up`, `reinstated`, `is operational after recovery`)
 * are not classified.
 */
export function classifyStorageEvent(message: string): StorageEventKind | undefined {
  return STORAGE_EVENTS.find(([, re]) => re.test(message))?.[0];
}

export const parsers = {
  syslog: (s: string) => parseSyslog(s),
} satisfies Record<string, (s: string) => Parsed<unknown>>;
