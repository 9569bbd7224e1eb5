/**
 * Internet sockets with their processes: `netstat -atunp` (net-tools) and
 * `ss -tunap` (iproute2), as one shape.
 *
 * netstat: `Proto Recv-Q Send-Q Local Address Foreign Address State PID/Program name`
 * (+ `User Inode` with -e, `Timer` with -o); udp rows have no state, the
 * program name is cut to 15-16 characters and may hold a space
 * (`7183/sshd: root@not`), `-` when the process is not ours to see; the UNIX
 * socket section that follows is not read.
 * ss: `Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port Process`
 * with `users:(("sshd",pid=1215,fd=3),...)` (iproute2 before 2.6.32-ish:
 * `users:(("rpc.statd",1108,7))`). States are normalised to netstat's words
 * (SYN-SENT → SYN_SENT, ESTAB → ESTABLISHED).
 */
import { issue, lines, type Parsed, type ParseIssue } from './types.js';

export interface Endpoint {
  readonly address: string;
  /** A number, or `*`. */
  readonly port: string;
}

export interface SocketProcess {
  readonly pid: number;
  readonly name: string;
}

export interface InetSocket {
  readonly line: number;
  /** tcp, tcp6, udp, udp6, raw... as printed (ss: tcp, udp). */
  readonly proto: string;
  readonly local: Endpoint;
  readonly peer: Endpoint;
  /** ESTABLISHED, SYN_SENT, LISTEN, TIME_WAIT...; absent for udp without a state. */
  readonly state?: string;
  readonly processes: readonly SocketProcess[];
}

export interface Sockets {
  readonly sockets: readonly InetSocket[];
}

const NETSTAT_STATES = new Set([
  'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK',
  'LISTEN', 'CLOSING', 'UNKNOWN',
]);
const SS_STATES: Readonly<Record<string, string>> = {
  'ESTAB': 'ESTABLISHED', 'SYN-SENT': 'SYN_SENT', 'SYN-RECV': 'SYN_RECV', 'FIN-WAIT-1': 'FIN_WAIT1', 'FIN-WAIT-2': 'FIN_WAIT2',
  'TIME-WAIT': 'TIME_WAIT', 'UNCONN': 'UNCONN', 'CLOSE-WAIT': 'CLOSE_WAIT', 'LAST-ACK': 'LAST_ACK', 'LISTEN': 'LISTEN', 'CLOSING': 'CLOSING', 'CLOSED': 'CLOSE',
};
const TIMER_WORDS = new Set(['off', 'on', 'keepalive', 'timewait', 'probe']);

/** `addr:port` split at the last colon (`:::22`, `[::]:111`, `127.0.0.53%lo:53`, `0.0.0.0:*`). */
export function endpoint(text: string): Endpoint | undefined {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return undefined;
  let address = text.slice(0, colon);
  const port = text.slice(colon + 1);
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  const pct = address.indexOf('%');
  if (pct >= 0) address = address.slice(0, pct);
  if (address === '' || port === '') return undefined;
  return { address, port };
}

function netstatRow(words: readonly string[], hasUser: boolean, hasTimer: boolean): Omit<InetSocket, 'line'> | undefined {
  const [proto, recvq, sendq, local, foreign] = words;
  if (!proto || !/^(?:tcp|udp|raw|udpl|sctp)6?$/.test(proto) || !/^\d+$/.test(recvq ?? '') || !/^\d+$/.test(sendq ?? '')) return undefined;
  const l = endpoint(local ?? '');
  const p = endpoint(foreign ?? '');
  if (!l || !p) return undefined;
  let k = 5;
  const state = NETSTAT_STATES.has(words[k] ?? '') ? words[k++] : undefined;
  if (hasUser) k += 2;
  let rest = words.slice(k);
  if (hasTimer && rest.length >= 2 && /^\(.*\)$/.test(rest.at(-1)!) && TIMER_WORDS.has(rest.at(-2)!)) rest = rest.slice(0, -2);
  const pidProg = rest.join(' ');
  const slash = pidProg.indexOf('/');
  const processes = slash > 0 && /^\d+$/.test(pidProg.slice(0, slash)) ? [{ pid: Number(pidProg.slice(0, slash)), name: pidProg.slice(slash + 1) }] : [];
  return { proto, local: l, peer: p, ...(state ? { state } : {}), processes };
}

/** `users:(("name",pid=1,fd=3),("name",pid=2,fd=3))` or the old `users:(("name",1108,7))`. */
function ssProcesses(text: string): SocketProcess[] {
  const out: SocketProcess[] = [];
  const re = /\("([^"]*)",(?:pid=)?(\d+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ pid: Number(m[2]), name: m[1]! });
  return out;
}

function ssRow(words: readonly string[], line: string): Omit<InetSocket, 'line'> | undefined {
  const [netid, stateWord, recvq, sendq, local, peer] = words;
  if (!netid || !/^(?:tcp|udp|raw|sctp|mptcp)$/.test(netid) || !/^\d+$/.test(recvq ?? '') || !/^\d+$/.test(sendq ?? '')) return undefined;
  const l = endpoint(local ?? '');
  const p = endpoint(peer ?? '');
  if (!l || !p) return undefined;
  const state = SS_STATES[stateWord ?? ''] ?? stateWord;
  const users = line.indexOf('users:(');
  return { proto: netid, local: l, peer: p, ...(state && state !== 'UNCONN' ? { state } : {}), processes: users < 0 ? [] : ssProcesses(line.slice(users)) };
}

/** `netstat -atunp` (any of -a -t -u -n -p -e -o) or `ss -tunap`: the Internet sockets. */
export function parseSockets(input: string): Parsed<Sockets> {
  const sockets: InetSocket[] = [];
  const issues: ParseIssue[] = [];
  let format: 'netstat' | 'ss' | 'ss-no-netid' | undefined;
  let hasUser = false;
  let hasTimer = false;
  let unixSection = false;
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '' || unixSection) return;
    if (/^Active UNIX domain sockets/.test(text)) {
      unixSection = true;
      return;
    }
    if (/^Active Internet connections/.test(text)) return;
    if (text.startsWith('Proto ') && text.includes('Local Address')) {
      format = 'netstat';
      hasUser = /\bUser\b/.test(text) && /\bInode\b/.test(text);
      hasTimer = /\bTimer\b/.test(text);
      return;
    }
    if (text.startsWith('Netid ') || (text.startsWith('State ') && text.includes('Local Address'))) {
      // `ss -t` alone prints no Netid column: its rows are tcp.
      format = text.startsWith('Netid ') ? 'ss' : 'ss-no-netid';
      return;
    }
    const words = text.split(/\s+/);
    const row = format === 'ss' ? ssRow(words, text)
      : format === 'ss-no-netid' ? ssRow(['tcp', ...words], text)
        : netstatRow(words, hasUser, hasTimer) ?? ssRow(words, text);
    if (row) sockets.push({ line: i + 1, ...row });
    else issues.push(issue(i + 1, raw, 'not an Internet socket row'));
  });
  return { value: { sockets }, issues };
}

export const parsers = {
  netstat: parseSockets,
  ss: parseSockets,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
