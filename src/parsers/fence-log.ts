/**
 * `/var/log/ocfs2_fence_restart.log`, written by Usphere when OCFS2 fences
 * (restarts) a node (guide 3.5.4):
 *
 *   Restarted at 2017-04-08 22:04:57 (1491689097.184531). dm-1, BE229C2491E64FEA98550DF0469B6C10, o2quo_disk_timeout: Disk heartbeat timeout.
 *   Restarted at 2017-03-14 14:28:52 (1489501732.600511). UNKOWN_DEV, UNKOWN_UUID, o2quo_make_decision: TCP disconnected with other nodes.
 *
 * `UNKOWN` is the vendor's spelling. Copies (such as the guide's) wrap a record
 * onto a second line; any line not starting a record continues the previous one.
 */
import { issue, lines, type ParseIssue, type Parsed, type Span } from './types.js';
import { endsMidLine, parseIsoStamp } from './storage-common.js';

export type FenceKind = 'disk-heartbeat' | 'network' | 'other';

export interface FenceRestart {
  /** From the epoch seconds in parentheses. */
  readonly at: Date;
  /** Host-local time as printed. */
  readonly localTime: string;
  /** The host's UTC offset, from the local time and the epoch (use it to read that host's year-less logs). */
  readonly utcOffsetMinutes: number;
  /** Device whose heartbeat timed out (`dm-1`); undefined for UNKOWN_DEV. */
  readonly device?: string;
  /** OCFS2 volume UUID (heartbeat region); undefined for UNKOWN_UUID. */
  readonly uuid?: string;
  /** Kernel function that decided to fence (`o2quo_disk_timeout`). */
  readonly function?: string;
  readonly reason: string;
  readonly kind: FenceKind;
  readonly line: number;
  /** Its lines in the input: the record line and the lines a copy wrapped it onto (evidence). */
  readonly span: Span;
}

const RECORD = /^Restarted at (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) \((\d+(?:\.\d+)?)\)\.\s*(.*)$/;
const UNKNOWN = /^UNK(?:N)?OWN(?:_\w+)?$/;

export function parseFenceLog(input: string): Parsed<FenceRestart[]> {
  const issues: ParseIssue[] = [];
  const records: Array<{ text: string; line: number; last: number }> = [];
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const prev = records.at(-1);
    if (text.startsWith('Restarted at ')) records.push({ text, line: i + 1, last: i + 1 });
    else if (prev) {
      prev.text += ` ${text}`;
      prev.last = i + 1;
    } else issues.push(issue(i + 1, raw, 'text before the first "Restarted at" record'));
  });

  const value: FenceRestart[] = [];
  let lastComplete = true;
  for (const r of records) {
    const parsed = toRestart(r.text, { first: r.line, last: r.last });
    if (parsed) {
      value.push(parsed.record);
      lastComplete = parsed.complete;
      if (!parsed.complete) issues.push(issue(r.line, r.text, 'record without "function: reason"'));
    } else {
      issues.push(issue(r.line, r.text, 'unreadable fence record'));
      lastComplete = false;
    }
  }
  const incomplete = endsMidLine(input) || !lastComplete;
  return { value, issues, ...(incomplete ? { incomplete } : {}) };
}

function toRestart(text: string, span: Span): { record: FenceRestart; complete: boolean } | undefined {
  const m = RECORD.exec(text);
  if (!m) return undefined;
  const epochMs = Math.floor(Number(m[2]) * 1000);
  const asUtc = parseIsoStamp(m[1]!, 0);
  if (!asUtc) return undefined;
  const [device, uuid, ...rest] = m[3]!.split(',').map((s) => s.trim());
  const cause = rest.join(', ');
  const colon = cause.indexOf(': ');
  const fn = colon > 0 ? cause.slice(0, colon) : undefined;
  const reason = (colon > 0 ? cause.slice(colon + 2) : cause).replace(/\.$/, '');
  const known = (s: string | undefined) => (s && !UNKNOWN.test(s) ? s : undefined);
  const dev = known(device);
  const id = known(uuid);
  return {
    record: {
      at: new Date(epochMs),
      localTime: m[1]!,
      // whole quarter hours: the sub-second part of the epoch is not in the local stamp
      utcOffsetMinutes: Math.round((asUtc.getTime() - epochMs) / 900_000) * 15 || 0,
      ...(dev ? { device: dev } : {}),
      ...(id ? { uuid: id } : {}),
      ...(fn ? { function: fn } : {}),
      reason,
      kind: fenceKind(fn, reason),
      line: span.first,
      span,
    },
    complete: fn !== undefined && reason !== '',
  };
}

function fenceKind(fn: string | undefined, reason: string): FenceKind {
  if (fn === 'o2quo_disk_timeout' || fn?.startsWith('o2hb_') || /disk heartbeat|heartbeat write/i.test(reason)) {
    return 'disk-heartbeat';
  }
  if (fn === 'o2quo_make_decision' || /TCP|network|disconnect/i.test(reason)) return 'network';
  return 'other';
}

export const parsers = {
  'ocfs2-fence-log': parseFenceLog,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
