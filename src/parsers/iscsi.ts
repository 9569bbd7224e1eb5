/**
 * `iscsiadm -m session` (flat, `-P 0`) and `iscsiadm -m session -P 1|2|3`
 * (tree). open-iscsi usr/session_info.c prints:
 *
 *   tcp: [1] 10.0.0.1:3260,1 iqn.2003-01.org.linux-iscsi:t1 (non-flash)
 *
 *   Target: iqn... (non-flash)
 *   \tCurrent Portal: 10.0.0.1:3260,1
 *   \tPersistent Portal: 10.0.0.1:3260,1
 *   \t\tIface ...: ...            (interface block)
 *   \t\tSID: 1
 *   \t\tiSCSI Connection State: LOGGED IN
 *   \t\tiSCSI Session State: LOGGED_IN
 *   \t\tInternal iscsid Session State: NO CHANGE
 *   \t\tHost Number: 3\tState: running                (-P 3)
 *   \t\tscsi3 Channel 00 Id 0 Lun: 0
 *   \t\t\tAttached scsi disk sdb\t\tState: running
 *
 * A second session to the same target and portal prints an empty line instead
 * of the portal lines. No sessions: `iscsiadm: No active sessions.` (stderr).
 * CHAP user names and (masked) passwords are not kept.
 */
import { issue, lines, lineSpan, toInt, type ParseIssue, type Parsed, type Span } from './types.js';
import { endsMidLine } from './storage-common.js';

export interface IscsiDisk {
  readonly device: string;
  /** SCSI device state: `running`, `blocked` (session recovering), `transport-offline`, `offline`. */
  readonly state?: string;
  /** host:channel:id:lun. */
  readonly hctl: string;
  /** The `Attached scsi disk` line. */
  readonly line: number;
}

export interface IscsiSession {
  readonly sid?: number;
  /** `tcp`, `iser`, offload drivers (`bnx2i`, `qla4xxx`). */
  readonly transport?: string;
  readonly target: string;
  /** address:port (IPv6 in brackets). */
  readonly portal?: string;
  readonly tpgt?: number;
  readonly persistentPortal?: string;
  /** `(flash)` / `(non-flash)` suffix of newer iscsiadm. */
  readonly flash?: boolean;
  readonly ifaceName?: string;
  readonly initiatorName?: string;
  readonly ifaceAddress?: string;
  readonly netdev?: string;
  /** `LOGGED IN`, `TRANSPORT WAIT`, `IN LOGIN`, `FREE`, `CLEANUP WAIT`, ... */
  readonly connectionState?: string;
  /** Kernel view: `LOGGED_IN`, `FAILED`, `FREE`. */
  readonly sessionState?: string;
  /** iscsid view: `NO CHANGE`, `REOPEN` (reconnecting), `CLEANUP`, `REDIRECT`. */
  readonly internalState?: string;
  readonly hostNumber?: number;
  readonly hostState?: string;
  readonly disks: IscsiDisk[];
  /** Timeouts and negotiated parameters (-P 2/3) by their printed names. */
  readonly params: Readonly<Record<string, string>>;
  /** The session's first line (the flat line, or its first tree line). */
  readonly line: number;
  /** The session's own lines, first to last (a tree session shares its `Target:` line with the others). */
  readonly span: Span;
  /** The `Target:` line it was printed under (tree output). */
  readonly targetLine?: number;
  /** The line of each tree key, by its printed name (`Current Portal`, `iSCSI Session State`...). */
  readonly keyLines: Readonly<Record<string, number>>;
}

export interface IscsiSessions {
  readonly sessions: IscsiSession[];
  /** `iscsiadm: No active sessions.` */
  readonly noSessions: boolean;
  /** Other `iscsiadm:` messages (daemon not running, ...). */
  readonly errors: string[];
  readonly transportClassVersion?: string;
  readonly version?: string;
}

type MutableSession = { -readonly [K in keyof IscsiSession]: IscsiSession[K] } & {
  params: Record<string, string>;
  keyLines: Record<string, number>;
  span: { first: number; last: number };
};

const FLAT = /^(\S+): \[(\d+)\] (\S+) (\S+?)(?: \((non-flash|flash)\))?$/;
const TARGET = /^Target: (\S+)(?: \((non-flash|flash)\))?$/;
const SECTION = /^(?:\*+|Interface:|Timeouts:|CHAP:|Negotiated iSCSI params:|Attached SCSI devices:|Unavailable)$/;
const SECRET_KEYS = new Set(['username', 'password', 'username_in', 'password_in']);

/** `10.0.0.1:3260,1` → portal and target portal group tag. */
function splitPortal(s: string): { portal: string; tpgt?: number } {
  const comma = s.lastIndexOf(',');
  const tpgt = comma > 0 ? toInt(s.slice(comma + 1)) : undefined;
  return tpgt !== undefined ? { portal: s.slice(0, comma), tpgt } : { portal: s };
}

export function parseIscsiSessions(input: string): Parsed<IscsiSessions> {
  const sessions: MutableSession[] = [];
  const issues: ParseIssue[] = [];
  const errors: string[] = [];
  let noSessions = false;
  let transportClassVersion: string | undefined;
  let version: string | undefined;
  let target: { name: string; flash?: boolean; line: number } | undefined;
  let current: MutableSession | undefined;
  let lun: string | undefined;

  const newSession = (n: number, from?: MutableSession): MutableSession => {
    const s: MutableSession = {
      target: target?.name ?? from?.target ?? '',
      ...(target?.flash !== undefined ? { flash: target.flash } : {}),
      ...(from?.portal !== undefined ? { portal: from.portal } : {}),
      ...(from?.tpgt !== undefined ? { tpgt: from.tpgt } : {}),
      ...(from?.persistentPortal !== undefined ? { persistentPortal: from.persistentPortal } : {}),
      disks: [],
      params: {},
      line: n,
      span: { first: n, last: n },
      ...(target ? { targetLine: target.line } : {}),
      keyLines: {},
    };
    sessions.push(s);
    lun = undefined;
    return s;
  };

  lines(input).forEach((raw, i) => {
    const n = i + 1;
    const text = raw.trim();
    if (text === '') return;
    let m: RegExpExecArray | null;

    if (/^iscsiadm: No active sessions\.?$/.test(text)) {
      noSessions = true;
      return;
    }
    if (text.startsWith('iscsiadm: ')) {
      errors.push(text.slice('iscsiadm: '.length));
      return;
    }
    if ((m = FLAT.exec(text))) {
      target = undefined;
      current = undefined;
      sessions.push({
        sid: Number(m[2]),
        transport: m[1]!,
        target: m[4]!,
        ...splitPortal(m[3]!),
        ...(m[5] !== undefined ? { flash: m[5] === 'flash' } : {}),
        disks: [],
        params: {},
        line: n,
        span: lineSpan(n),
        keyLines: {},
      });
      return;
    }
    if ((m = /^iSCSI Transport Class version (\S+)/.exec(text))) {
      transportClassVersion = m[1];
      return;
    }
    if ((m = /^version (\S+)$/.exec(text))) {
      version = m[1];
      return;
    }
    if ((m = TARGET.exec(text))) {
      target = { name: m[1]!, ...(m[2] !== undefined ? { flash: m[2] === 'flash' } : {}), line: n };
      current = undefined;
      return;
    }
    if (!target) {
      issues.push(issue(n, raw, 'not an iscsiadm session line'));
      return;
    }
    if (text === 'Interface:' && current?.sid !== undefined) {
      current = newSession(n, current); // another session to the same target and portal
      return;
    }
    if (SECTION.test(text)) return;
    if ((m = /^Host Number:\s*(\d+)\s+State:\s*(\S+)/.exec(text))) {
      current ??= newSession(n);
      current.hostNumber = Number(m[1]);
      current.hostState = m[2]!;
      touch(current, n);
      return;
    }
    if ((m = /^scsi(\d+) Channel (\d+) Id (\d+) Lun: (\d+)$/.exec(text))) {
      lun = `${Number(m[1])}:${Number(m[2])}:${Number(m[3])}:${Number(m[4])}`;
      if (current) touch(current, n);
      return;
    }
    if ((m = /^Attached scsi disk (\S+)(?:\s+State:\s*(\S+))?$/.exec(text))) {
      if (current && lun) {
        current.disks.push({ device: m[1]!, ...(m[2] !== undefined ? { state: m[2] } : {}), hctl: lun, line: n });
        touch(current, n);
      } else issues.push(issue(n, raw, 'disk without a preceding scsi LUN line'));
      return;
    }
    const kv = /^([^:]+):\s*(.*)$/.exec(text);
    if (!kv) {
      issues.push(issue(n, raw, 'not an iscsiadm session line'));
      return;
    }
    const [key, value] = [kv[1]!.trim(), kv[2]!.trim()];
    if (key === 'Current Portal') {
      current = newSession(n);
      Object.assign(current, splitPortal(value));
      current.keyLines[key] = n;
      return;
    }
    if (key === 'SID' && current?.sid !== undefined) current = newSession(n, current);
    current ??= newSession(n);
    applyField(current, key, value);
    current.keyLines[key] = n;
    touch(current, n);
  });

  const last = sessions.at(-1);
  const incomplete = endsMidLine(input) || (last !== undefined && target !== undefined && last.sid === undefined);
  return {
    value: {
      sessions,
      noSessions,
      errors,
      ...(transportClassVersion ? { transportClassVersion } : {}),
      ...(version ? { version } : {}),
    },
    issues,
    ...(incomplete ? { incomplete } : {}),
  };
}

function touch(s: MutableSession, line: number): void {
  s.span.last = Math.max(s.span.last, line);
}

/**
 * The lines that say where a session goes and in what state (evidence): its
 * target, portal, connection and session states and attached disks; the flat
 * line of `-P 0` output.
 */
export function sessionLines(s: IscsiSession): number[] {
  const keys = ['Current Portal', 'iSCSI Connection State', 'iSCSI Session State', 'Internal iscsid Session State'];
  const tree = [s.targetLine, ...keys.map((k) => s.keyLines[k]), ...s.disks.map((d) => d.line)].filter((n): n is number => n !== undefined);
  return tree.length ? tree : [s.line];
}

type TextField =
  | 'ifaceName'
  | 'transport'
  | 'initiatorName'
  | 'ifaceAddress'
  | 'connectionState'
  | 'sessionState'
  | 'internalState';

/** Tree keys copied as they are; `<empty>` means unset. */
const TEXT_FIELDS: Record<string, TextField> = {
  'Iface Name': 'ifaceName',
  'Iface Transport': 'transport',
  'Iface Initiatorname': 'initiatorName',
  'Iface IPaddress': 'ifaceAddress',
  'iSCSI Connection State': 'connectionState',
  'iSCSI Session State': 'sessionState',
  'Internal iscsid Session State': 'internalState',
};

function applyField(s: MutableSession, key: string, value: string): void {
  const field = TEXT_FIELDS[key];
  if (field) {
    if (value !== '<empty>') s[field] = value;
  } else if (key === 'Persistent Portal') {
    s.persistentPortal = splitPortal(value).portal;
  } else if (key === 'Iface Netdev') {
    if (value !== '<empty>' && value !== 'default') s.netdev = value;
  } else if (key === 'SID') {
    const sid = toInt(value);
    if (sid !== undefined) s.sid = sid;
  } else if (!SECRET_KEYS.has(key) && !key.startsWith('Iface ')) {
    s.params[key] = value;
  }
}

/** Sessions that are not logged in, or whose disks are not running. */
export function unhealthySessions(value: IscsiSessions): IscsiSession[] {
  return value.sessions.filter(
    (s) =>
      (s.sessionState !== undefined && s.sessionState !== 'LOGGED_IN') ||
      (s.connectionState !== undefined && s.connectionState !== 'LOGGED IN') ||
      s.disks.some((d) => d.state !== undefined && d.state !== 'running'),
  );
}

export const parsers = {
  'iscsiadm-session': parseIscsiSessions,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
