/**
 * `mounted.ocfs2 -d` (quick detect: stack, cluster, UUID, label) and
 * `mounted.ocfs2 -f` (full detect: which nodes have the volume mounted).
 *
 * ocfs2-tools 1.8:  `Device  Stack  Cluster  F  UUID  Label` / `Device  Stack  Cluster  F  Nodes`
 * ocfs2-tools 1.4/1.6: `Device  FS  Stack  UUID  Label` / `Device  FS  Nodes`
 *
 * Columns are printed with `%-*s  ` (two spaces between columns) and Cluster,
 * F and Label may be empty. In -d rows the 32-hex-digit UUID anchors the
 * columns; in -f rows the node list (always present) is the last
 * double-space-separated field. A node list with names that are not in this
 * host's cluster.conf means "mounted by hosts of another cluster" (guide 3.5.6).
 */
import { fields, issue, lines, lineSpan, tokens, type ParseIssue, type Parsed, type Span } from './types.js';
import type { Ocfs2ClusterConf } from './ocfs2-config.js';

export interface MountedOcfs2Volume {
  readonly device: string;
  /** `o2cb`, `pcmk`, ...; `None` / `local` for a local (non-clustered) volume. */
  readonly stack?: string;
  readonly cluster?: string;
  /** F column `G`: global heartbeat. */
  readonly globalHeartbeat: boolean;
  /** `-d` only. */
  readonly uuid?: string;
  readonly label?: string;
  /**
   * `-f` only: node names (numbers when the name is unknown to this host,
   * `Unknown` for numbers beyond the node map). Empty when not mounted.
   */
  readonly nodes?: string[];
  readonly notMounted?: boolean;
  readonly heartbeatDevice?: boolean;
  /** FS column of the 1.4/1.6 layout (`ocfs2`). */
  readonly fsType?: string;
  readonly line: number;
  /** The row (evidence). */
  readonly span: Span;
}

export interface MountedOcfs2 {
  readonly mode: 'quick' | 'full' | 'unknown';
  /** `1.8` layout (Stack/Cluster/F columns) or the older `1.4` one (FS column). */
  readonly layout?: '1.8' | '1.4';
  readonly volumes: MountedOcfs2Volume[];
  /** The `Device ...` header line (evidence shows it above the rows). */
  readonly headerLine?: number;
}

/** The volume UUID column: 32 upper-case hex digits, a whole token after the first. */
const UUID = /^[0-9A-F]{32}$/;
const LOCAL_STACKS = new Set(['None', 'local']);

export function parseMountedOcfs2(input: string): Parsed<MountedOcfs2> {
  const issues: ParseIssue[] = [];
  const volumes: MountedOcfs2Volume[] = [];
  let mode: MountedOcfs2['mode'] = 'unknown';
  let layout: MountedOcfs2['layout'];
  let headerLine: number | undefined;

  lines(input).forEach((raw, i) => {
    const n = i + 1;
    const text = raw.trimEnd();
    if (text.trim() === '') return;
    const head = fields(text);
    if (head[0] === 'Device') {
      layout = head[1] === 'FS' ? '1.4' : '1.8';
      mode = head.includes('UUID') ? 'quick' : head.includes('Nodes') ? 'full' : 'unknown';
      headerLine = n;
      return;
    }
    const row = mode === 'quick' ? quickRow(text, layout, n) : mode === 'full' ? fullRow(text, layout, n) : undefined;
    if (row) volumes.push({ ...row, span: lineSpan(n) });
    else issues.push(issue(n, raw, mode === 'unknown' ? 'row before the Device header' : 'unrecognised mounted.ocfs2 row'));
  });

  return { value: { mode, ...(layout ? { layout } : {}), volumes, ...(headerLine !== undefined ? { headerLine } : {}) }, issues };
}

function quickRow(text: string, layout: MountedOcfs2['layout'], line: number): Omit<MountedOcfs2Volume, 'span'> | undefined {
  // Tokens, not /^(.*?)\s+([0-9A-F]{32})(?:\s+(.*))?$/: that retried at every character of a run of spaces.
  const row = text.trim();
  const t = tokens(row);
  const at = t.findIndex((x, k) => k > 0 && UUID.test(x.text));
  if (at < 0) return undefined;
  const before = t.slice(0, at).map((x) => x.text);
  const label = row.slice(t[at]!.start + 32).trim() || undefined;
  const common = { uuid: t[at]!.text, ...(label ? { label } : {}), line };
  if (layout === '1.4') {
    const [device, fsType, stack] = before;
    if (!device || !fsType || !stack || before.length !== 3) return undefined;
    return { device, fsType, stack, globalHeartbeat: false, ...common };
  }
  const [device, stack, ...rest] = before;
  if (!device || !stack || rest.length > 2) return undefined;
  return { device, stack, ...clusterAndFlag(rest), ...common };
}

/** Cluster and F columns, either of which may be blank. */
function clusterAndFlag(rest: string[]): { cluster?: string; globalHeartbeat: boolean } {
  const globalHeartbeat = rest.at(-1) === 'G';
  const cluster = globalHeartbeat ? rest[rest.length - 2] : rest[0];
  return { ...(cluster !== undefined ? { cluster } : {}), globalHeartbeat };
}

function fullRow(text: string, layout: MountedOcfs2['layout'], line: number): Omit<MountedOcfs2Volume, 'span'> | undefined {
  const cols = text.trim().split(/\s{2,}|\t+/);
  const [device, second, ...rest] = cols;
  if (!device || !second || device.includes(' ')) return undefined;
  if (layout === '1.4') {
    return { device, fsType: second, globalHeartbeat: false, ...nodeList(rest.join('  ')), line };
  }
  const stack = second;
  if (rest.length === 0) {
    // A local volume prints nothing after its stack (`/dev/sdc1  None `).
    return LOCAL_STACKS.has(stack) ? { device, stack, globalHeartbeat: false, line } : undefined;
  }
  const nodesText = rest.at(-1)!;
  const middle = rest.slice(0, -1);
  if (middle.length > 2) return undefined;
  return { device, stack, ...clusterAndFlag(middle), ...nodeList(nodesText), line };
}

function nodeList(s: string): Pick<MountedOcfs2Volume, 'nodes' | 'notMounted' | 'heartbeatDevice'> {
  const t = s.trim();
  if (t === 'Not mounted') return { nodes: [], notMounted: true };
  if (t === 'Heartbeat device') return { nodes: [], heartbeatDevice: true };
  return { nodes: t.split(/\s*,\s*/).filter(Boolean) };
}

/**
 * Nodes in a `-f` row that this host's cluster.conf does not know (by name or
 * number): the volume is mounted by another cluster's hosts (guide 3.5.6).
 */
export function foreignNodes(volume: MountedOcfs2Volume, conf: Ocfs2ClusterConf): string[] {
  const known = (n: string) =>
    conf.nodes.some((node) => node.name === n || (/^\d+$/.test(n) && node.number === Number(n)));
  return (volume.nodes ?? []).filter((n) => !known(n));
}
