/**
 * `virsh nwfilter-dumpxml NAME`: a filter is a list of references to other
 * filters (resolved by the caller, recursively) and rules, each with one
 * protocol element (`mac`, `ip`, `tcp`, `icmp`, `all`...) whose attributes
 * are the match.
 */
import { issue, type Parsed, type ParseIssue } from './types.js';
import { attr, children, loadXml, textOf, type XmlNode } from './libvirt-xml-load.js';

export interface NwfilterRule {
  /** `accept`, `drop`, `reject`, `return`, `continue`. */
  readonly action: string;
  /** `in`, `out`, `inout`. */
  readonly direction: string;
  /** Rules run in priority order, lowest first; can be negative. */
  readonly priority?: number;
  readonly statematch?: string;
  /** The protocol element name; empty when the rule has none. */
  readonly protocol: string;
  /** Its attributes: srcipaddr, dstipaddr, dstipmask, protocol, dstportstart... */
  readonly attrs: Readonly<Record<string, string>>;
}

export interface Nwfilter {
  readonly name: string;
  readonly chain?: string;
  readonly priority?: number;
  readonly uuid?: string;
  /** Names of the filters this one includes, in order. */
  readonly filterrefs: readonly string[];
  readonly rules: readonly NwfilterRule[];
}

const toInt = (s: string | undefined): number | undefined => (s !== undefined && /^-?\d+$/.test(s) ? Number(s) : undefined);

function attrsOf(node: XmlNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(node)) if (k.startsWith('@_') && typeof v === 'string') out[k.slice(2)] = v;
  return out;
}

function toRule(r: XmlNode, line: number, issues: ParseIssue[]): NwfilterRule {
  const protocols = Object.keys(r).filter((k) => !k.startsWith('@_') && !k.startsWith('#'));
  if (protocols.length > 1) issues.push(issue(line, protocols.join(','), 'rule with several protocol elements: the first is kept'));
  const protocol = protocols[0] ?? '';
  const priority = toInt(attr(r, 'priority'));
  const statematch = attr(r, 'statematch');
  return {
    action: attr(r, 'action') ?? '',
    direction: attr(r, 'direction') ?? '',
    ...(priority !== undefined ? { priority } : {}),
    ...(statematch !== undefined ? { statematch } : {}),
    protocol,
    attrs: protocol ? attrsOf(children(r, protocol)[0] ?? {}) : {},
  };
}

export function parseNwfilter(input: string): Parsed<Nwfilter> {
  const loaded = loadXml(input);
  const issues: ParseIssue[] = [...loaded.issues];
  const root = loaded.root;
  const filter = root?.name === 'filter' ? root.node : children(root?.node, 'filter')[0];
  if (!filter) {
    if (root) issues.push(issue(1, `<${root.name}>`, 'no <filter> element'));
    return { value: { name: '', filterrefs: [], rules: [] }, issues };
  }
  const priority = toInt(attr(filter, 'priority'));
  const chain = attr(filter, 'chain');
  const uuid = textOf(children(filter, 'uuid')[0]);
  return {
    value: {
      name: attr(filter, 'name') ?? '',
      ...(chain !== undefined ? { chain } : {}),
      ...(priority !== undefined ? { priority } : {}),
      ...(uuid !== undefined ? { uuid } : {}),
      filterrefs: children(filter, 'filterref')
        .map((f) => attr(f, 'filter'))
        .filter((f): f is string => f !== undefined),
      rules: children(filter, 'rule').map((r, i) => toRule(r, i + 1, issues)),
    },
    issues,
  };
}
