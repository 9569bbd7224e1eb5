/**
 * LLDP transmit state as lldpad (open-lldp) keeps it:
 *
 * - `lldptool get-lldp -i IF adminStatus` prints `adminStatus=rxtx` (values
 *   disabled, rx, tx, rxtx), or on failure a status word and the interface
 *   (`Device not found or inactive eth1`, `Agent instance for device not
 *   found`), or, with lldpad not running, `Failed to connect to lldpad -
 *   clif_open: ...` on stderr (open-lldp lldptool.c / lldptool_cmds.c).
 * - `lldptool stats -i IF` prints `Total Frames Transmitted        = 1053`...
 * - `/var/lib/lldpad/lldpad.conf` (libconfig): per agent section (`lldp` for
 *   the nearest bridge, `nearest_customer_bridge`, `nearest_nontpmr_bridge`)
 *   one group per interface, keyed by its name (older lldpad) or `ifN` (its
 *   ifindex, newer), with `adminStatus = N` (enum agentAdminStatus: 0
 *   disabled, 1 tx only, 2 rx only, 3 rx and tx). A missing setting means
 *   disabled.
 */
import { issue, lines, type Parsed, type ParseIssue } from './types.js';

/** lldpad's adminStatus words, and whether each transmits. */
export const ADMIN_STATUS_TX: Readonly<Record<string, boolean>> = { disabled: false, rx: false, tx: true, rxtx: true };
/** enum agentAdminStatus of open-lldp, by its number in lldpad.conf. */
export const ADMIN_STATUS_BY_NUMBER: readonly string[] = ['disabled', 'tx', 'rx', 'rxtx'];

export interface LldptoolGet {
  /** `arg=value` pairs as printed, with their lines. */
  readonly values: Readonly<Record<string, { readonly value: string; readonly line: number }>>;
  /** A status lldpad answered instead (device not found, agent not found...). */
  readonly status?: { readonly text: string; readonly line: number };
}

const STATUS_WORDS = /^(?:Failed|Device not found or inactive|Agent instance for device not found|Invalid command|Invalid parameters|Peer feature not present|Version not compatible|Device not capable|Command not applicable|Access denied|Unknown status|Failed to connect to lldpad)\b/;

/** `lldptool get-lldp -i IF ARG...` (and `get-tlv -c ARG` config queries: the same pairs). */
export function parseLldptoolGet(input: string): Parsed<LldptoolGet> {
  const values: Record<string, { value: string; line: number }> = {};
  const issues: ParseIssue[] = [];
  let status: { text: string; line: number } | undefined;
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const eq = text.indexOf('=');
    const key = eq > 0 ? text.slice(0, eq) : '';
    if (/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) values[key] = { value: text.slice(eq + 1).trim(), line: i + 1 };
    else if (STATUS_WORDS.test(text)) status ??= { text, line: i + 1 };
    else issues.push(issue(i + 1, raw, 'not an lldptool arg=value line'));
  });
  return { value: { values, ...(status ? { status } : {}) }, issues };
}

export interface LldptoolStats {
  /** By name as printed, with the spaces collapsed: `Total Frames Transmitted`. */
  readonly counters: Readonly<Record<string, { readonly value: number; readonly line: number }>>;
}

/** `lldptool stats -i IF`: `Name<pad> = N` lines. */
export function parseLldptoolStats(input: string): Parsed<LldptoolStats> {
  const counters: Record<string, { value: number; line: number }> = {};
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const eq = text.lastIndexOf('=');
    const name = eq > 0 ? text.slice(0, eq).trim().split(/\s+/).join(' ') : '';
    const value = eq > 0 ? text.slice(eq + 1).trim() : '';
    if (name !== '' && /^\d+$/.test(value)) counters[name] = { value: Number(value), line: i + 1 };
    else issues.push(issue(i + 1, raw, 'not an lldptool statistics line'));
  });
  return { value: { counters }, issues };
}

export interface LldpadAgentConfig {
  /** `lldp` (nearest bridge), `nearest_customer_bridge`, `nearest_nontpmr_bridge`... */
  readonly section: string;
  /** The interface group's key: a name (`eth1`), `ifN` (an ifindex), or `common` (the defaults). */
  readonly key: string;
  /** adminStatus as a word (disabled, tx, rx, rxtx); absent when the group does not set it. */
  readonly adminStatus?: string;
  readonly line: number;
  readonly adminStatusLine?: number;
}

export interface LldpadConf {
  readonly agents: readonly LldpadAgentConfig[];
}

type Token = { readonly text: string; readonly line: number };

/** libconfig tokens: names, numbers, quoted strings and the punctuation { } ( ) [ ] = : ; , (comments dropped). */
function configTokens(input: string): Token[] {
  const out: Token[] = [];
  let line = 1;
  let i = 0;
  const n = input.length;
  while (i < n) {
    const c = input[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#' || (c === '/' && input[i + 1] === '/')) {
      while (i < n && input[i] !== '\n') i++;
    } else if (c === '/' && input[i + 1] === '*') {
      i += 2;
      while (i < n && !(input[i] === '*' && input[i + 1] === '/')) {
        if (input[i] === '\n') line++;
        i++;
      }
      i += 2;
    } else if (c === '"') {
      const start = i;
      i++;
      while (i < n && input[i] !== '"' && input[i] !== '\n') i += input[i] === '\\' ? 2 : 1;
      out.push({ text: input.slice(start, Math.min(i + 1, n)), line });
      i++;
    } else if ('{}()[]=:;,'.includes(c)) {
      out.push({ text: c, line });
      i++;
    } else {
      const start = i;
      while (i < n && !' \t\r\n{}()[]=:;,"#'.includes(input[i]!)) i++;
      if (i === start) i++;
      else out.push({ text: input.slice(start, i), line });
    }
  }
  return out;
}

/** `lldpad.conf`: the adminStatus of each agent section's interface groups. */
export function parseLldpadConf(input: string): Parsed<LldpadConf> {
  const agents: LldpadAgentConfig[] = [];
  const issues: ParseIssue[] = [];
  const toks = configTokens(input);
  // The names of the open groups and lists, outermost first ('' for an unnamed one).
  const path: string[] = [];
  const agentOf = new Map<string, { section: string; key: string; line: number; adminStatus?: string; adminStatusLine?: number }>();
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    const next = toks[k + 1]?.text;
    if (t.text === '}' || t.text === ')' || t.text === ']') {
      path.pop();
      continue;
    }
    if (t.text === '{' || t.text === '(' || t.text === '[') {
      path.push('');
      continue;
    }
    if (!/^[A-Za-z_*][\w*-]*$/.test(t.text) || (next !== '=' && next !== ':')) continue;
    const value = toks[k + 2];
    if (value?.text === '{') {
      // name : { ... }  a group
      path.push(t.text);
      k += 2;
      if (path.length === 2) {
        agentOf.set(path.join('.'), { section: path[0]!, key: t.text, line: t.line });
      }
      continue;
    }
    if (path.length === 2 && t.text === 'adminStatus' && value !== undefined) {
      const a = agentOf.get(path.join('.'));
      const num = /^\d+$/.test(value.text) ? Number(value.text) : undefined;
      const word = num !== undefined ? ADMIN_STATUS_BY_NUMBER[num] : value.text.replace(/^"|"$/g, '');
      if (a && word !== undefined) Object.assign(a, { adminStatus: word, adminStatusLine: value.line });
      else issues.push(issue(value.line, value.text, 'adminStatus that is not 0-3'));
    }
    k += 1;
  }
  for (const a of agentOf.values()) agents.push(a);
  if (path.length) issues.push(issue(toks.at(-1)?.line ?? 1, '', 'unclosed group'));
  return { value: { agents }, issues, ...(path.length ? { incomplete: true } : {}) };
}

export const parsers = {
  'lldptool-get-lldp': parseLldptoolGet,
  'lldptool-stats': parseLldptoolStats,
  'lldpad-conf': parseLldpadConf,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
