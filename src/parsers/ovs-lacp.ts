/**
 * `ovs-appctl lacp/show [PORT]`: per port a status block, then per member
 * `member: NAME: STATE attached|detached` (`slave:` before OVS 2.15) with
 * actor and partner halves. A partner sys_id of zeros means the switch never
 * answered; a partner state without `synchronized` means not aggregated.
 */
import { issue, lineSpan, toInt, type Parsed, type ParseIssue, type Span } from './types.js';
import { boolWord, keyValue, normaliseOvsKey, ovsBlocks } from './ovs-text.js';

export interface LacpPeer {
  readonly sysId?: string;
  readonly sysPriority?: number;
  readonly portId?: number;
  readonly portPriority?: number;
  readonly key?: number;
  /** State flags: activity timeout aggregation synchronized collecting distributing defaulted expired. */
  readonly state: readonly string[];
}

export interface LacpMember {
  readonly name: string;
  /** `current` (PDUs arriving), `expired`, or `defaulted` (no partner PDUs at all). */
  readonly state: 'current' | 'expired' | 'defaulted' | (string & {});
  readonly attached: boolean;
  readonly portId?: number;
  readonly portPriority?: number;
  readonly mayEnable?: boolean;
  readonly actor: LacpPeer;
  readonly partner: LacpPeer;
  /** Same as partner.sysId: all zeros means the switch never answered. */
  readonly partnerSysId?: string;
  /** Same as partner.state: missing `synchronized` means not aggregated. */
  readonly partnerState: readonly string[];
  /** From the `member: NAME: ...` line to its last line. */
  readonly span: Span;
}

export interface LacpPort {
  readonly name: string;
  /** The whole `status:` value, e.g. `active negotiated`. */
  readonly status?: string;
  readonly active?: boolean;
  readonly negotiated: boolean;
  readonly sysId?: string;
  readonly sysPriority?: number;
  readonly aggregationKey?: number;
  readonly lacpTime?: string;
  readonly members: readonly LacpMember[];
  /** Its `---- name ----` block. */
  readonly span: Span;
}

export interface LacpShow {
  readonly ports: readonly LacpPort[];
}

type MutablePeer = { -readonly [K in keyof LacpPeer]: LacpPeer[K] };
type MutableLacpMember = { -readonly [K in keyof LacpMember]: LacpMember[K] } & { actor: MutablePeer; partner: MutablePeer };
type MutableLacpPort = { -readonly [K in keyof LacpPort]: LacpPort[K] } & { members: MutableLacpMember[] };

function setPeerKey(peer: MutablePeer, key: string, value: string): boolean {
  switch (key) {
    case 'sys_id':
      peer.sysId = value.toLowerCase();
      return true;
    case 'sys_priority':
      peer.sysPriority = toInt(value);
      return true;
    case 'port_id':
      peer.portId = toInt(value);
      return true;
    case 'port_priority':
      peer.portPriority = toInt(value);
      return true;
    case 'key':
      peer.key = toInt(value);
      return true;
    case 'state':
      peer.state = value.split(/\s+/).filter(Boolean);
      return true;
    default:
      return false;
  }
}

function setMemberKey(member: MutableLacpMember, key: string, value: string): boolean {
  const side = /^(actor|partner)_(.+)$/.exec(key);
  if (side) {
    const ok = setPeerKey(side[1] === 'actor' ? member.actor : member.partner, side[2]!, value);
    member.partnerSysId = member.partner.sysId;
    member.partnerState = member.partner.state;
    return ok;
  }
  if (key === 'port_id') member.portId = toInt(value);
  else if (key === 'port_priority') member.portPriority = toInt(value);
  else if (key === 'may_enable') member.mayEnable = boolWord(value.toLowerCase());
  else return false;
  return true;
}

function setPortKey(port: MutableLacpPort, key: string, value: string): boolean {
  switch (key) {
    case 'status': {
      const words = value.toLowerCase().split(/\s+/);
      port.status = value;
      port.active = words.includes('active') ? true : words.includes('passive') ? false : undefined;
      port.negotiated = words.includes('negotiated');
      return true;
    }
    case 'sys_id':
      port.sysId = value.toLowerCase();
      return true;
    case 'sys_priority':
      port.sysPriority = toInt(value);
      return true;
    case 'aggregation_key':
      port.aggregationKey = toInt(value);
      return true;
    case 'lacp_time':
      port.lacpTime = value;
      return true;
    default:
      return false;
  }
}

export function parseLacpShow(input: string): Parsed<LacpShow> {
  const ports: MutableLacpPort[] = [];
  const issues: ParseIssue[] = [];
  const newPort = (name: string, span: Span): MutableLacpPort => {
    const p: MutableLacpPort = { name, negotiated: false, members: [], span };
    ports.push(p);
    return p;
  };

  for (const block of ovsBlocks(input)) {
    // Lines before the first header make a port only when they hold a member.
    let port = block.name === undefined ? undefined : newPort(block.name, block.span);
    let member: MutableLacpMember | undefined;
    for (const { raw, text, n } of block.lines) {
      const memberHeader = /^(?:member|slave):\s*(\S+?):\s*(\S+)(?:\s+(attached|detached))?\s*$/i.exec(text);
      if (memberHeader) {
        port ??= newPort('', block.span);
        member = {
          name: memberHeader[1]!,
          state: memberHeader[2]!.toLowerCase(),
          attached: memberHeader[3]?.toLowerCase() === 'attached',
          actor: { state: [] },
          partner: { state: [] },
          partnerState: [],
          span: lineSpan(n),
        };
        port.members.push(member);
        continue;
      }
      const kv = keyValue(text);
      if (kv) {
        const key = normaliseOvsKey(kv[0]);
        const value = kv[1].trim();
        if (member ? setMemberKey(member, key, value) : port && setPortKey(port, key, value)) {
          if (member) member.span = { first: member.span.first, last: n };
          continue;
        }
      }
      issues.push(issue(n, raw, 'not a lacp/show line'));
    }
  }

  const last = ports.at(-1)?.members.at(-1);
  // Every member block ends with the partner state line.
  const incomplete = last !== undefined && last.partner.sysId === undefined;
  return { value: { ports }, issues, ...(incomplete ? { incomplete } : {}) };
}
