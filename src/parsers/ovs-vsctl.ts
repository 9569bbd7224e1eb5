/**
 * `ovs-vsctl show`: a tree by indentation (4 spaces per level). Nodes are
 * attached by kind (a Port belongs to the last Bridge) so a pasted fragment
 * that lost its first indentation still parses; properties belong to the
 * nearest less-indented node above them.
 */
import { issue, lines, toInt, type Parsed, type ParseIssue } from './types.js';
import { parseOvsMap, unquote } from './ovs-text.js';

export interface OvsInterface {
  readonly name: string;
  readonly type?: string;
  readonly options?: Readonly<Record<string, string>>;
  /** e.g. `could not add network device bond2 to ofproto (Device or resource busy)`. */
  readonly error?: string;
  /** Every property line, quotes removed (type, options, error, link_state...). */
  readonly props: Readonly<Record<string, string>>;
}

export interface OvsPort {
  readonly name: string;
  readonly tag?: number;
  readonly interfaces: readonly OvsInterface[];
  readonly props: Readonly<Record<string, string>>;
}

export interface OvsTarget {
  readonly target: string;
  readonly isConnected?: boolean;
}

export interface OvsBridge {
  readonly name: string;
  readonly controllers: readonly OvsTarget[];
  readonly failMode?: string;
  readonly datapathType?: string;
  readonly ports: readonly OvsPort[];
  readonly props: Readonly<Record<string, string>>;
}

export interface VsctlShow {
  /** The Open_vSwitch record UUID printed on the first line. */
  readonly uuid?: string;
  readonly managers: readonly OvsTarget[];
  readonly bridges: readonly OvsBridge[];
  readonly ovsVersion?: string;
}

type Kind = 'Manager' | 'Bridge' | 'Controller' | 'Port' | 'Interface';

interface Node {
  kind: Kind | 'root';
  indent: number;
  name: string;
  props: Record<string, string>;
  children: Node[];
}

// Greedy values, trimmed in code: a lazy (.+?)\s*$ retried the rest at every
// character of a run of spaces inside the value (quadratic).
const NODE_LINE = /^(\s*)(Manager|Bridge|Controller|Port|Interface)\s+(.+)$/;
const PROP_LINE = /^(\s*)([\w-]+):\s*(.*)$/;
/** What (.+?)\s*$ captured: without trailing spaces, but never empty when something was there. */
const valueOf = (s: string): string => s.trimEnd() || s.slice(0, 1);
const PARENT: Record<Kind, Kind | 'root'> = {
  Manager: 'root',
  Bridge: 'root',
  Controller: 'Bridge',
  Port: 'Bridge',
  Interface: 'Port',
};

const connected = (props: Record<string, string>): boolean | undefined =>
  props.is_connected === 'true' ? true : props.is_connected === 'false' ? false : undefined;

function toTarget(n: Node): OvsTarget {
  const isConnected = connected(n.props);
  return { target: n.name, ...(isConnected !== undefined ? { isConnected } : {}) };
}

function toInterface(n: Node): OvsInterface {
  const { type, options, error } = n.props;
  return {
    name: n.name,
    ...(type !== undefined ? { type } : {}),
    ...(options !== undefined ? { options: parseOvsMap(options) } : {}),
    ...(error !== undefined ? { error } : {}),
    props: n.props,
  };
}

function toPort(n: Node): OvsPort {
  const tag = toInt(n.props.tag);
  return {
    name: n.name,
    ...(tag !== undefined ? { tag } : {}),
    interfaces: n.children.filter((c) => c.kind === 'Interface').map(toInterface),
    props: n.props,
  };
}

function toBridge(n: Node): OvsBridge {
  const { fail_mode: failMode, datapath_type: datapathType } = n.props;
  return {
    name: n.name,
    controllers: n.children.filter((c) => c.kind === 'Controller').map(toTarget),
    ...(failMode !== undefined ? { failMode } : {}),
    ...(datapathType !== undefined ? { datapathType } : {}),
    ports: n.children.filter((c) => c.kind === 'Port').map(toPort),
    props: n.props,
  };
}

export function parseVsctlShow(input: string): Parsed<VsctlShow> {
  const root: Node = { kind: 'root', indent: -1, name: '', props: {}, children: [] };
  const stack: Node[] = [root];
  const issues: ParseIssue[] = [];
  let uuid: string | undefined;

  lines(input).forEach((raw, i) => {
    if (raw.trim() === '') return;
    if (i === 0 && /^\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*$/i.test(raw)) {
      uuid = raw.trim();
      return;
    }
    const indent = raw.length - raw.trimStart().length;
    const node = NODE_LINE.exec(raw);
    if (node) {
      const kind = node[2] as Kind;
      const wanted = PARENT[kind];
      // Pop to the nearest node of the kind this one hangs under.
      let at = stack.length - 1;
      while (at > 0 && stack[at]!.kind !== wanted) at--;
      if (stack[at]!.kind !== wanted) {
        issues.push(issue(i + 1, raw, `${kind} outside of a ${wanted}`));
        return;
      }
      stack.length = at + 1;
      const child: Node = { kind, indent, name: unquote(valueOf(node[3]!)), props: {}, children: [] };
      stack[at]!.children.push(child);
      stack.push(child);
      return;
    }
    const prop = PROP_LINE.exec(raw);
    if (prop) {
      while (stack.length > 1 && stack[stack.length - 1]!.indent >= indent) stack.pop();
      stack[stack.length - 1]!.props[prop[2]!] = unquote(valueOf(prop[3]!));
      return;
    }
    issues.push(issue(i + 1, raw, 'not an ovs-vsctl show line'));
  });

  const ovsVersion = root.props.ovs_version;
  return {
    value: {
      ...(uuid !== undefined ? { uuid } : {}),
      managers: root.children.filter((c) => c.kind === 'Manager').map(toTarget),
      bridges: root.children.filter((c) => c.kind === 'Bridge').map(toBridge),
      ...(ovsVersion !== undefined ? { ovsVersion } : {}),
    },
    issues,
  };
}
