/**
 * iputils `arping -D` (duplicate-address detection):
 *
 *   ARPING 192.168.1.23 from 0.0.0.0 eth0
 *   Unicast reply from 192.168.1.23 [1C:6F:65:4D:BB:98]  0.768ms
 *   Sent 1 probes (1 broadcast(s))
 *   Received 1 response(s)
 *
 * Exit status 0: nobody answered; 1: a reply (the address is taken). The
 * `from 0.0.0.0` of the first line is what makes it a DAD probe: another
 * arping (Thomas Habets') takes -D for a display mode and sends ordinary
 * requests, so its output cannot say anything about duplicates.
 */
import { issue, lines, type Parsed, type ParseIssue } from './types.js';

export interface ArpingReply {
  readonly line: number;
  readonly address: string;
  /** Lower case. */
  readonly mac: string;
  readonly kind: 'unicast' | 'broadcast';
}

export interface ArpingResult {
  readonly target?: string;
  readonly device?: string;
  /** The header said `from 0.0.0.0`: duplicate-address detection. */
  readonly dad: boolean;
  readonly headerLine?: number;
  readonly replies: readonly ArpingReply[];
  readonly sent?: number;
  readonly received?: number;
}

const HEADER = /^ARPING (\S+) from (\S+) (\S+)$/;
const REPLY = /^(Unicast|Broadcast) reply from (\S+) \[([0-9A-Fa-f:]{17})\]/;

export function parseArping(input: string): Parsed<ArpingResult> {
  const issues: ParseIssue[] = [];
  const replies: ArpingReply[] = [];
  const out: { target?: string; device?: string; dad: boolean; headerLine?: number; sent?: number; received?: number } = { dad: false };
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const h = HEADER.exec(text);
    if (h) {
      Object.assign(out, { target: h[1], device: h[3], dad: h[2] === '0.0.0.0', headerLine: i + 1 });
      return;
    }
    const r = REPLY.exec(text);
    if (r) {
      replies.push({ line: i + 1, address: r[2]!, mac: r[3]!.toLowerCase(), kind: r[1] === 'Unicast' ? 'unicast' : 'broadcast' });
      return;
    }
    const sent = /^Sent (\d+) probes?\b/.exec(text);
    const received = /\bReceived (\d+) response/i.exec(text);
    if (sent) out.sent = Number(sent[1]);
    if (received) out.received = Number(received[1]);
    if (!sent && !received) issues.push(issue(i + 1, raw, 'not an arping line'));
  });
  return { value: { ...out, replies }, issues };
}

export const parsers = {
  'arping-d': parseArping,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
