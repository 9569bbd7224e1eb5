/**
 * `ovs-vsctl get TABLE RECORD COLUMN`: one value in OVSDB's text form,
 *
 *   3                       an integer (ofport; -1 when OVS could not add the port)
 *   "true"                  a string (quoted when it would read as another type)
 *   {}   {enable="true"}    a map (the lldp column of an Interface)
 *   []   [1, 2]             a set, or an empty optional value
 *
 * An error goes to stderr (`ovs-vsctl: no row "vnet9" in table Interface`).
 */
import { issue, lines, type Parsed, type ParseIssue } from './types.js';
import { parseOvsMap, splitTopLevel, unquote } from './ovs-text.js';

export interface OvsValue {
  readonly kind: 'empty' | 'scalar' | 'map' | 'set';
  readonly text: string;
  readonly line: number;
  /** Scalars as strings (unquoted). */
  readonly scalar?: string;
  readonly map?: Readonly<Record<string, string>>;
  readonly set?: readonly string[];
}

export function parseOvsGet(input: string): Parsed<OvsValue | undefined> {
  const issues: ParseIssue[] = [];
  const all = lines(input);
  const at = all.findIndex((l) => l.trim() !== '');
  if (at < 0) return { value: undefined, issues };
  const text = all[at]!.trim();
  const line = at + 1;
  all.slice(at + 1).forEach((l, k) => {
    if (l.trim() !== '') issues.push(issue(line + 1 + k, l, 'more than one value'));
  });
  let value: OvsValue;
  if (text === '[]' || text === '{}' || text === '""') value = { kind: 'empty', text, line };
  else if (text.startsWith('{') && text.endsWith('}')) value = { kind: 'map', text, line, map: parseOvsMap(text) };
  else if (text.startsWith('[') && text.endsWith(']')) value = { kind: 'set', text, line, set: splitTopLevel(text.slice(1, -1)).map(unquote) };
  else value = { kind: 'scalar', text, line, scalar: unquote(text) };
  return { value, issues };
}

/** An integer scalar (an ofport); undefined for anything else. */
export function ovsInteger(v: OvsValue | undefined): number | undefined {
  return v?.kind === 'scalar' && /^-?\d+$/.test(v.scalar!) ? Number(v.scalar) : undefined;
}

export const parsers = {
  'ovs-vsctl-get': parseOvsGet,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
