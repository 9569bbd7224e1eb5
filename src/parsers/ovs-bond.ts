/**
 * `ovs-appctl bond/show [BOND]`: one block per bond starting `---- NAME ----`.
 * OVS < 2.15 says `slave` where newer says `member`, and indents member lines
 * with a TAB instead of two spaces; the guide's copy has OCR'd keys
 * (`lACP_status`) and deeper indentation. Keys are matched normalised.
 */
import { issue, lineSpan, toInt, type Parsed, type ParseIssue, type Span } from './types.js';
import { boolWord, keyValue, normaliseOvsKey, ovsBlocks } from './ovs-text.js';

export type BondMode = 'active-backup' | 'balance-slb' | 'balance-tcp' | (string & {});
/** `configured`: LACP enabled but nothing negotiated with the switch (the guide's failed aggregation). */
export type LacpStatus = 'off' | 'negotiated' | 'configured' | (string & {});

export interface BondMember {
  readonly name: string;
  readonly enabled: boolean;
  /** The member currently carrying traffic (`active member` / `active slave`). */
  readonly active: boolean;
  readonly mayEnable?: boolean;
  /** Pending updelay/downdelay transition (`disable expires in 100 ms`). */
  readonly pendingChange?: { readonly to: 'enabled' | 'disabled'; readonly inMs: number };
  /** Other member lines as printed (hash loads...). */
  readonly extra: readonly string[];
  /** From the `member NAME: enabled` line to its last line. */
  readonly span: Span;
}

export interface Bond {
  readonly name: string;
  readonly mode?: BondMode;
  readonly lacpStatus?: LacpStatus;
  readonly lacpFallbackAb?: boolean;
  readonly activeMemberMac?: string;
  readonly activeMember?: string;
  readonly updelayMs?: number;
  readonly downdelayMs?: number;
  readonly members: readonly BondMember[];
  /** Other `key: value` lines, keys normalised (lower case, `_` separated, `slave` → `member`). */
  readonly extra: Readonly<Record<string, string>>;
  /** Its `---- name ----` block. */
  readonly span: Span;
}

export interface BondShow {
  readonly bonds: readonly Bond[];
}

const MEMBER_LINE = /^(?:active\s+(?:member|slave)$|may_enable:|(?:enable|disable)\s+expires\b|hash\s+\d+:)/i;
const millis = (s: string): number | undefined => toInt(/^(\d+)\s*ms$/.exec(s.trim())?.[1]);

interface MutableMember {
  name: string;
  enabled: boolean;
  active: boolean;
  mayEnable?: boolean;
  pendingChange?: { to: 'enabled' | 'disabled'; inMs: number };
  extra: string[];
  span: Span;
}

interface MutableBond {
  name: string;
  mode?: string;
  lacpStatus?: string;
  lacpFallbackAb?: boolean;
  activeMemberMac?: string;
  activeMember?: string;
  updelayMs?: number;
  downdelayMs?: number;
  members: MutableMember[];
  extra: Record<string, string>;
  span: Span;
}

function setBondKey(bond: MutableBond, key: string, value: string): void {
  switch (key) {
    case 'bond_mode':
      bond.mode = value;
      return;
    case 'lacp_status':
      bond.lacpStatus = value.toLowerCase();
      return;
    case 'lacp_fallback_ab': {
      const b = boolWord(value.toLowerCase());
      if (b !== undefined) bond.lacpFallbackAb = b;
      else bond.extra[key] = value;
      return;
    }
    case 'updelay':
    case 'downdelay': {
      const ms = millis(value);
      if (ms === undefined) bond.extra[key] = value;
      else if (key === 'updelay') bond.updelayMs = ms;
      else bond.downdelayMs = ms;
      return;
    }
    case 'active_member_mac': {
      // `00:00:00:00:00:00(none)` means no member is active.
      const m = /^([0-9a-f]{2}(?::[0-9a-f]{2}){5})\s*\((.*)\)$/i.exec(value);
      if (!m) bond.extra[key] = value;
      else if (m[2] !== 'none') {
        bond.activeMemberMac = m[1]!.toLowerCase();
        bond.activeMember = m[2];
      }
      return;
    }
    default:
      bond.extra[key] = value;
  }
}

function applyMemberLine(member: MutableMember, text: string): void {
  const lower = text.toLowerCase();
  if (lower === 'active member' || lower === 'active slave') {
    member.active = true;
    return;
  }
  const kv = keyValue(text);
  if (kv && normaliseOvsKey(kv[0]) === 'may_enable' && boolWord(kv[1].toLowerCase()) !== undefined) {
    member.mayEnable = boolWord(kv[1].toLowerCase());
    return;
  }
  const pending = /^(enable|disable)\s+expires\s+in\s+(\d+)\s*ms$/i.exec(text);
  if (pending) {
    member.pendingChange = { to: pending[1]!.toLowerCase() === 'enable' ? 'enabled' : 'disabled', inMs: Number(pending[2]) };
    return;
  }
  member.extra.push(text);
}

export function parseBondShow(input: string): Parsed<BondShow> {
  const bonds: MutableBond[] = [];
  const issues: ParseIssue[] = [];
  const newBond = (name: string, span: Span): MutableBond => {
    const b: MutableBond = { name, members: [], extra: {}, span };
    bonds.push(b);
    return b;
  };

  for (const block of ovsBlocks(input)) {
    // Lines before the first header make a bond only when they hold a member.
    let bond = block.name === undefined ? undefined : newBond(block.name, block.span);
    let member: MutableMember | undefined;
    for (const { raw, text, n } of block.lines) {
      const memberHeader = /^(?:member|slave)\s+(\S+?):\s*(enabled|disabled)\s*$/i.exec(text);
      if (memberHeader) {
        bond ??= newBond('', block.span);
        member = { name: memberHeader[1]!, enabled: memberHeader[2]!.toLowerCase() === 'enabled', active: false, extra: [], span: lineSpan(n) };
        bond.members.push(member);
        continue;
      }
      // Member lines are indented; a pasted copy may have lost that, so known ones also count.
      if (member && (/^\s/.test(raw) || MEMBER_LINE.test(text))) {
        applyMemberLine(member, text);
        member.span = { first: member.span.first, last: n };
        continue;
      }
      const kv = keyValue(text);
      if (kv && bond && !member) {
        setBondKey(bond, normaliseOvsKey(kv[0]), kv[1].trim());
        continue;
      }
      issues.push(issue(n, raw, 'not a bond/show line'));
    }
  }

  const last = bonds.at(-1)?.members.at(-1);
  // may_enable is printed for every member: without it the output stopped mid-member.
  const incomplete = last !== undefined && last.mayEnable === undefined;
  return { value: { bonds }, issues, ...(incomplete ? { incomplete } : {}) };
}
