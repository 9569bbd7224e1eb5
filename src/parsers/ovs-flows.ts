/**
 * OpenFlow tables (`ovs-ofctl dump-flows BR`) and datapath flows
 * (`ovs-appctl dpif/dump-flows BR`, `ovs-appctl dpctl/dump-flows`).
 */
import { issue, lines, type Parsed, type ParseIssue } from './types.js';
import { closingBracket, ctZones, splitTopLevel, unquote } from './ovs-text.js';

export interface FlowMatch {
  readonly key: string;
  /** Absent for protocol shorthands such as `ip`, `arp`, `tcp`. */
  readonly value?: string;
}

export interface OfFlow {
  /** 1-based input line. */
  readonly line: number;
  readonly cookie?: string;
  readonly durationS?: number;
  /** Table number, or its name when dumped with --names. */
  readonly table: number | string;
  readonly nPackets?: number;
  readonly nBytes?: number;
  readonly idleTimeout?: number;
  readonly hardTimeout?: number;
  readonly idleAge?: number;
  readonly hardAge?: number;
  /** 32768 when OVS left it out (the default priority is not printed). */
  readonly priority: number;
  /** Match fields in printed order, `priority` excluded. */
  readonly match: readonly FlowMatch[];
  readonly actions: string;
  /** Zones of ct(...) actions: numbers, or register fields like `NXM_NX_REG6[0..15]`. */
  readonly ctZones: readonly (number | string)[];
  readonly drop: boolean;
  /** Other `key=value` statistics and flag words printed before the match. */
  readonly other: Readonly<Record<string, string>>;
}

export interface OfctlFlows {
  readonly flows: readonly OfFlow[];
}

const DEFAULT_PRIORITY = 32768;
const STAT_KEYS: Record<string, keyof OfFlow> = {
  duration: 'durationS',
  table: 'table',
  n_packets: 'nPackets',
  n_bytes: 'nBytes',
  idle_timeout: 'idleTimeout',
  hard_timeout: 'hardTimeout',
  idle_age: 'idleAge',
  hard_age: 'hardAge',
};
const FLOW_MOD_FLAGS = new Set(['send_flow_rem', 'check_overlap', 'reset_counts', 'no_packet_counts', 'no_byte_counts']);
const REPLY_HEADER = /^\s*(?:NXST|OFPST)_FLOW reply\b/;
const ACTIONS = /(?:^|\s)actions=/;

function number(s: string): number | undefined {
  const t = s.replace(/s$/, '');
  return /^\d+(?:\.\d+)?$/.test(t) ? Number(t) : undefined;
}

/** Sets a statistics field (`cookie=`, `duration=`, `n_packets=`...); false for other keys. */
function applyStat(flow: Record<string, unknown>, key: string, value: string): boolean {
  if (key === 'cookie') flow.cookie = value;
  else if (key in STAT_KEYS) flow[STAT_KEYS[key]!] = key === 'table' ? (number(value) ?? value) : number(value);
  else return false;
  return true;
}

/** Parses one flow line; undefined when it has no `actions=`. */
function parseOfFlow(text: string, lineNo: number): OfFlow | undefined {
  const at = ACTIONS.exec(text);
  if (!at) return undefined;
  // Without a match the statistics end in ", " right before actions=.
  const head = text.slice(0, at.index).trim().replace(/,$/, '');
  const actions = text.slice(at.index + at[0].length).trim();
  const flow: Record<string, unknown> = { line: lineNo, table: 0, priority: DEFAULT_PRIORITY, actions };
  const other: Record<string, string> = {};
  const match: FlowMatch[] = [];

  // Statistics are `key=value, ` items; the match is the last, comma-without-space list.
  const parts = head === '' ? [] : head.split(/,\s+/);
  parts.forEach((part, idx) => {
    const kv = /^([a-z_]+)=(\S*)$/.exec(part);
    if (kv && applyStat(flow, kv[1]!, kv[2]!)) return;
    if (kv && idx < parts.length - 1) {
      other[kv[1]!] = kv[2]!;
      return;
    }
    // Flow-mod flags (send_flow_rem, reset_counts...) precede the match, space separated.
    const words = part.split(/\s+/).filter((w) => {
      if (!FLOW_MOD_FLAGS.has(w)) return true;
      other[w] = '';
      return false;
    });
    for (const item of words.flatMap((w) => splitTopLevel(w))) {
      const eq = item.indexOf('=');
      const m: FlowMatch = eq < 0 ? { key: item } : { key: item.slice(0, eq), value: unquote(item.slice(eq + 1)) };
      const priority = m.key === 'priority' ? number(m.value ?? '') : undefined;
      if (priority !== undefined) flow.priority = priority;
      else match.push(m);
    }
  });

  return { ...(flow as unknown as OfFlow), match, ctZones: ctZones(actions), drop: actions === 'drop', other };
}

export function parseOfctlFlows(input: string): Parsed<OfctlFlows> {
  const flows: OfFlow[] = [];
  const issues: ParseIssue[] = [];
  const all = lines(input);
  let incomplete = false;
  all.forEach((raw, i) => {
    const text = raw.trim();
    if (text === '' || REPLY_HEADER.test(text)) return;
    const flow = parseOfFlow(text, i + 1);
    if (flow) flows.push(flow);
    else if (i === all.length - 1 && /^(?:cookie|duration|table|priority)=/.test(text)) incomplete = true;
    else issues.push(issue(i + 1, raw, 'not a flow line (no actions=)'));
  });
  return { value: { flows }, issues, ...(incomplete ? { incomplete } : {}) };
}

export interface DpFlow {
  readonly line: number;
  readonly ufid?: string;
  /** The whole match, e.g. `recirc_id(0),in_port(8),eth_type(0x0800),ipv4(...)`. */
  readonly match: string;
  /** Top-level `key(value)` pairs of the match: `{ in_port: '8', ipv4: 'dst=172.16.51.6,proto=1,...' }`. */
  readonly fields: Readonly<Record<string, string>>;
  readonly packets: number;
  readonly bytes: number;
  /** `never`, `0.369s`; absent when a test harness removed it. */
  readonly used?: string;
  readonly usedS?: number;
  /** `ovs`, `tc` (offloaded to the NIC). */
  readonly dp?: string;
  readonly actions: string;
  readonly ctZones: readonly (number | string)[];
  readonly drop: boolean;
  /** Other statistics printed before `actions:` (flags, offloaded...). */
  readonly other: Readonly<Record<string, string>>;
}

export interface DpifFlows {
  readonly flows: readonly DpFlow[];
}

function matchFields(match: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const item of splitTopLevel(match)) {
    const open = item.indexOf('(');
    const close = open < 0 ? -1 : closingBracket(item, open);
    if (open > 0 && close > open) fields[item.slice(0, open)] = item.slice(open + 1, close);
    else fields[item] = '';
  }
  return fields;
}

function parseDpFlow(record: string, lineNo: number): DpFlow | undefined {
  let text = record.trim();
  const ufid = /^ufid:([^,\s]+),?\s*/.exec(text);
  if (ufid) text = text.slice(ufid[0].length);
  const statsAt = /,\s*packets:/.exec(text);
  const actionsAt = /(?:^|[\s,])actions:/.exec(text.slice(statsAt?.index ?? 0));
  if (!statsAt || !actionsAt) return undefined;
  const match = text.slice(0, statsAt.index).trim();
  const actionsStart = statsAt.index + actionsAt.index + actionsAt[0].length;
  const actions = text.slice(actionsStart).trim();
  const stats: Record<string, string> = {};
  for (const item of splitTopLevel(text.slice(statsAt.index, statsAt.index + actionsAt.index))) {
    const kv = /^\s*([\w-]+):(.*)$/.exec(item);
    if (kv) stats[kv[1]!] = kv[2]!.trim();
  }
  const packets = Number(stats.packets);
  const bytes = Number(stats.bytes);
  if (!/^\d+$/.test(stats.packets ?? '') || !/^\d+$/.test(stats.bytes ?? '')) return undefined;
  const { packets: _p, bytes: _b, used, dp, ...other } = stats;
  const usedS = used !== undefined && /^\d+(?:\.\d+)?s$/.test(used) ? Number(used.slice(0, -1)) : undefined;
  return {
    line: lineNo,
    ...(ufid ? { ufid: ufid[1]! } : {}),
    match,
    fields: matchFields(match),
    packets,
    bytes,
    ...(used !== undefined ? { used } : {}),
    ...(usedS !== undefined ? { usedS } : {}),
    ...(dp !== undefined ? { dp } : {}),
    actions,
    ctZones: ctZones(actions),
    drop: actions === 'drop',
    other,
  };
}

/** Lines that continue a flow a terminal or a document wrapped before its statistics. */
const CONTINUATION = /^(?:packets|bytes|used|flags|dp|offloaded|dp-extra-info|actions):/;

const ACTIONS_AT = /(?:^|[\s,])actions:/;

export function parseDpifFlows(input: string): Parsed<DpifFlows> {
  const flows: DpFlow[] = [];
  const issues: ParseIssue[] = [];
  // A wrapped record is kept as parts with what the checks need to know: testing
  // the joined text again at every continuation line was quadratic.
  let pending: { parts: string[]; line: number; raw: string; hasActions: boolean; endsWithComma: boolean } | undefined;
  const flush = (): void => {
    if (!pending) return;
    const flow = parseDpFlow(pending.parts.join(''), pending.line);
    if (flow) flows.push(flow);
    else issues.push(issue(pending.line, pending.raw, 'not a datapath flow'));
    pending = undefined;
  };

  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '' || /^flow-dump from\b/.test(text)) return;
    if (pending && !pending.hasActions && (CONTINUATION.test(text) || pending.endsWithComma)) {
      const joined = pending.endsWithComma ? text : `, ${text}`;
      pending.parts.push(joined);
      // The character before `joined` is the comma the previous part ended with, if any.
      pending.hasActions = ACTIONS_AT.test(pending.endsWithComma ? `,${joined}` : joined);
      pending.endsWithComma = text.endsWith(',');
      return;
    }
    flush();
    pending = { parts: [text], line: i + 1, raw, hasActions: ACTIONS_AT.test(text), endsWithComma: text.endsWith(',') };
  });
  // A last record that started like a flow but never reached actions: was cut off.
  const incomplete = pending !== undefined && !pending.hasActions && /^(?:ufid:|[\w-]+\()/.test(pending.parts[0]!);
  if (incomplete) pending = undefined;
  flush();
  return { value: { flows }, issues, ...(incomplete ? { incomplete } : {}) };
}
