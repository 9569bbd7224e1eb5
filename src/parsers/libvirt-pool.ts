/**
 * libvirt storage pools: `virsh pool-list --all` and `virsh pool-dumpxml NAME`.
 *
 *    Name                 State      Autostart          libvirt < 4 (`%-20s %-10s %-10s`)
 *   -------------------------------------------
 *    FC-St                active     yes
 *
 *    Name      State      Autostart                     libvirt >= 4 (columns sized to content)
 *   ----------------------------------
 *    isopool   inactive   no
 *
 * Rows are read from the right (autostart, state) so that a name with spaces
 * stays whole. A usdiag capture runs with LC_ALL=C; a zh_CN capture made by
 * hand prints 活动/不活跃 and 是/否, which are read too.
 *
 * A Usphere shared pool is an OCFS2 file system pool: `<pool type='fs'>`
 * whose source is the LUN's stable /dev/disk path, `<format type='ocfs2'/>`,
 * and whose target is /vms/<pool>. The XML is read with fast-xml-parser.
 */
import { attr, child, children, loadXml, textOf } from './libvirt-xml-load.js';
import { fields, issue, lines, lineSpan, type ParseIssue, type Parsed, type Span } from './types.js';

export interface VirshPool {
  readonly name: string;
  /** `active`, `inactive`, `building`, `degraded`, `inaccessible`. */
  readonly state: string;
  readonly autostart: boolean;
  readonly line: number;
  /** The pool's row (evidence). */
  readonly span: Span;
}

const STATES: Readonly<Record<string, string>> = {
  active: 'active', inactive: 'inactive', building: 'building', degraded: 'degraded', inaccessible: 'inaccessible',
  活动: 'active', 不活跃: 'inactive',
};
const YES_NO: Readonly<Record<string, boolean>> = { yes: true, no: false, 是: true, 否: false };
const RULE = /^\s*-{5,}\s*$/;

export function parsePoolList(input: string): Parsed<VirshPool[]> {
  const all = lines(input);
  const ruleAt = all.findIndex((l) => RULE.test(l));
  const value: VirshPool[] = [];
  const issues: ParseIssue[] = [];
  all.forEach((raw, i) => {
    const text = raw.trim();
    if (text === '' || i <= ruleAt) return;
    if (/^error:/i.test(text)) {
      issues.push(issue(i + 1, text, 'virsh error'));
      return;
    }
    const f = fields(text);
    const autostart = YES_NO[f.at(-1) ?? ''];
    const state = STATES[f.at(-2) ?? ''];
    if (ruleAt < 0 || f.length < 3 || autostart === undefined || state === undefined) {
      issues.push(issue(i + 1, raw, ruleAt < 0 ? 'no pool-list table (header rule missing)' : 'not a pool-list row'));
      return;
    }
    value.push({ name: f.slice(0, -2).join(' '), state, autostart, line: i + 1, span: lineSpan(i + 1) });
  });
  return { value, issues };
}

export interface StoragePoolXml {
  /** `fs`, `dir`, `netfs`, `iscsi`, `logical`... */
  readonly type?: string;
  readonly name?: string;
  readonly uuid?: string;
  /** `<source><device path=.../>`: the block device(s) the pool is made from. */
  readonly sourceDevices: string[];
  /** `<source><format type=.../>`: `ocfs2` for a Usphere shared pool. */
  readonly sourceFormat?: string;
  readonly sourceHosts: string[];
  readonly sourceDir?: string;
  /** `<target><path>`: where the pool is mounted (/vms/<pool>). */
  readonly targetPath?: string;
}

export function parsePoolXml(input: string): Parsed<StoragePoolXml> {
  const loaded = loadXml(input);
  const issues: ParseIssue[] = [...loaded.issues];
  const empty: StoragePoolXml = { sourceDevices: [], sourceHosts: [] };
  if (!loaded.root) return { value: empty, issues };
  const pool = loaded.root.name === 'pool' ? loaded.root.node : child(loaded.root.node, 'pool');
  if (!pool) {
    issues.push(issue(1, `<${loaded.root.name}>`, 'not a storage pool definition'));
    return { value: empty, issues };
  }
  const source = child(pool, 'source');
  const target = child(pool, 'target');
  const type = attr(pool, 'type');
  const name = textOf(child(pool, 'name'));
  const uuid = textOf(child(pool, 'uuid'));
  const sourceFormat = attr(child(source, 'format'), 'type');
  const sourceDir = attr(child(source, 'dir'), 'path');
  const targetPath = textOf(child(target, 'path'));
  return {
    value: {
      ...(type !== undefined ? { type } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(uuid !== undefined ? { uuid } : {}),
      sourceDevices: children(source, 'device').flatMap((d) => attr(d, 'path') ?? []),
      ...(sourceFormat !== undefined ? { sourceFormat } : {}),
      sourceHosts: children(source, 'host').flatMap((h) => attr(h, 'name') ?? []),
      ...(sourceDir !== undefined ? { sourceDir } : {}),
      ...(targetPath !== undefined ? { targetPath } : {}),
    },
    issues,
  };
}

/** An OCFS2 file system pool: what Usphere calls a shared storage pool. */
export function isOcfs2Pool(p: StoragePoolXml): boolean {
  return p.sourceFormat?.toLowerCase() === 'ocfs2';
}

export const parsers = {
  'virsh-pool-list': parsePoolList,
  'virsh-pool-dumpxml': parsePoolXml,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
