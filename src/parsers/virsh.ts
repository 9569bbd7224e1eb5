/**
 * virsh tables and key/value outputs. Tables have a header, a dash rule and
 * rows; column widths differ between libvirt versions (fixed `%-30s` before
 * 2018, sized to the content since), so rows are split on whitespace, with the
 * free-text column (state, source path, time) taken as the rest of the line.
 * `error:` lines (libvirtd down, domain not found) are collected, not parsed.
 */
import { fields, issue, lines, tokens, type Parsed, type ParseIssue } from './types.js';
import { parseDomjobinfo, parseDomstate, parseMigrationJob } from './virsh-jobinfo.js';

export { parseDomjobinfo, type DomJobInfo } from './virsh-jobinfo.js';

interface TableRow {
  readonly line: number;
  readonly text: string;
}

interface VirshTable {
  readonly header?: string;
  readonly rows: readonly TableRow[];
  readonly errors: readonly TableRow[];
}

const RULE = /^\s*-{5,}\s*$/;

function virshTable(input: string): VirshTable {
  const all = lines(input);
  const ruleAt = all.findIndex((l) => RULE.test(l));
  const errors: TableRow[] = [];
  const rows: TableRow[] = [];
  let header: string | undefined;
  all.forEach((raw, i) => {
    const text = raw.trim();
    if (text === '' || i === ruleAt) return;
    if (/^error:/i.test(text)) errors.push({ line: i + 1, text });
    else if (ruleAt >= 0 && i < ruleAt) header = text;
    else rows.push({ line: i + 1, text });
  });
  return { ...(header !== undefined ? { header } : {}), rows, errors };
}

const errorIssues = (t: VirshTable): ParseIssue[] => t.errors.map((e) => issue(e.line, e.text, 'virsh error'));

export interface VirshDomain {
  /** Absent for inactive domains (`-`). */
  readonly id?: number;
  readonly name: string;
  /** `running`, `paused`, `shut off`, `in shutdown`, `pmsuspended`, `crashed`, `idle`... */
  readonly state: string;
}

const STATES = ['shut off', 'in shutdown', 'no state', 'running', 'idle', 'paused', 'crashed', 'pmsuspended', 'blocked', 'dying'];

/** `virsh list [--all]`. The value is the domain list; `error:` lines become issues with reason `virsh error`. */
export function parseVirshList(input: string): Parsed<VirshDomain[]> {
  const table = virshTable(input);
  const issues = errorIssues(table);
  const domains: VirshDomain[] = [];
  for (const row of table.rows) {
    const [id, rest = ''] = fields(row.text, 2);
    // The state is the known suffix (it can be two words); what precedes it is the name.
    const state = STATES.find((s) => rest.endsWith(` ${s}`));
    const [name, st] = state ? [rest.slice(0, -state.length).trim(), state] : (fields(rest, 2) as [string?, string?]);
    if (!/^(?:\d+|-)$/.test(id ?? '') || !name || !st) {
      issues.push(issue(row.line, row.text, 'not a virsh list row'));
      continue;
    }
    domains.push({ ...(id !== '-' ? { id: Number(id) } : {}), name, state: st });
  }
  return { value: domains, issues };
}

export interface BlockDevice {
  /** With --details: `file`, `block`, `network`... */
  readonly type?: string;
  /** With --details: `disk`, `cdrom`, `floppy`, `lun`. */
  readonly device?: string;
  readonly target: string;
  /** Image path or device; absent when virsh printed `-` (empty CD-ROM). */
  readonly source?: string;
}

/** `virsh domblklist DOM [--details]`; the source path may contain spaces. */
export function parseDomblklist(input: string): Parsed<BlockDevice[]> {
  const table = virshTable(input);
  const issues = errorIssues(table);
  const details = table.header !== undefined && fields(table.header).length >= 4;
  const devices: BlockDevice[] = [];
  for (const row of table.rows) {
    const cols = fields(row.text, details ? 4 : 2);
    if (cols.length < (details ? 4 : 2)) {
      issues.push(issue(row.line, row.text, 'not a domblklist row'));
      continue;
    }
    const [target, source] = details ? cols.slice(2) : cols;
    devices.push({
      ...(details ? { type: cols[0]!, device: cols[1]! } : {}),
      target: target!,
      ...(source !== '-' ? { source: source! } : {}),
    });
  }
  return { value: devices, issues };
}

export interface VirshSnapshot {
  readonly name: string;
  /** As printed, with the zone offset: `2018-03-07 10:14:03 +0800`. */
  readonly creationTime: string;
  readonly state: string;
}

/** `virsh snapshot-list DOM`: read from the right, long names break the columns. */
export function parseSnapshotListVirsh(input: string): Parsed<VirshSnapshot[]> {
  const table = virshTable(input);
  const issues = errorIssues(table);
  const snapshots: VirshSnapshot[] = [];
  for (const row of table.rows) {
    const snapshot = snapshotRow(row.text);
    if (snapshot) snapshots.push(snapshot);
    else issues.push(issue(row.line, row.text, 'not a snapshot-list row'));
  }
  return { value: snapshots, issues };
}

/**
 * `NAME  2018-03-07 10:14:03 +0800  STATE` (the zone is missing on old
 * libvirt), read as tokens from the right: /^(.+?)\s+(DATE\s+TIME...)\s+(\S+)$/
 * backtracked quadratically over a row with a long run of spaces.
 */
function snapshotRow(text: string): VirshSnapshot | undefined {
  const t = tokens(text);
  for (const zoned of [true, false]) {
    const date = t.length - (zoned ? 4 : 3);
    // The name is at least one token before the date.
    if (date < 1 || !/^\d{4}-\d{2}-\d{2}$/.test(t[date]!.text) || !/^\d{2}:\d{2}:\d{2}$/.test(t[date + 1]!.text)) continue;
    if (zoned && !/^[+-]\d{4}$/.test(t[date + 2]!.text)) continue;
    return {
      name: text.slice(0, t[date]!.start).trimEnd(),
      creationTime: t.slice(date, -1).map((x) => x.text).join(' '),
      state: t.at(-1)!.text,
    };
  }
  return undefined;
}

export interface InterfaceAddress {
  readonly interface: string;
  readonly mac?: string;
  /** `ipv4`, `ipv6`. */
  readonly protocol: string;
  readonly address: string;
  readonly prefixLen?: number;
}

/** `virsh domifaddr DOM`: further addresses of an interface repeat it as `-`. */
export function parseDomifaddr(input: string): Parsed<InterfaceAddress[]> {
  const table = virshTable(input);
  const issues = errorIssues(table);
  const out: InterfaceAddress[] = [];
  let last: { name: string; mac?: string } | undefined;
  for (const row of table.rows) {
    const [name, mac, protocol, cidr] = fields(row.text, 4);
    if (!name || !mac || !protocol || !cidr || (name === '-' && !last)) {
      issues.push(issue(row.line, row.text, 'not a domifaddr row'));
      continue;
    }
    if (name !== '-') last = { name, ...(mac !== '-' ? { mac: mac.toLowerCase() } : {}) };
    const [address, prefix] = cidr.split('/', 2);
    out.push({
      interface: last!.name,
      ...(last!.mac ? { mac: last!.mac } : {}),
      protocol,
      address: address!,
      ...(prefix !== undefined && /^\d+$/.test(prefix) ? { prefixLen: Number(prefix) } : {}),
    });
  }
  return { value: out, issues };
}

export interface BlockStats {
  /** Target (`vda`) or path as asked; empty for the sum over all devices. */
  readonly device: string;
  /** rd_req rd_bytes wr_req wr_bytes errs flush_operations rd_total_times wr_total_times flush_total_times (ns) */
  readonly counters: Readonly<Record<string, number>>;
}

/** `--human` labels → the legacy field names of the plain output. */
const HUMAN_FIELDS: Record<string, string> = {
  'number of read operations': 'rd_req',
  'number of bytes read': 'rd_bytes',
  'number of write operations': 'wr_req',
  'number of bytes written': 'wr_bytes',
  'error count': 'errs',
  'number of flush operations': 'flush_operations',
  'total duration of reads (ns)': 'rd_total_times',
  'total duration of writes (ns)': 'wr_total_times',
  'total duration of flushes (ns)': 'flush_total_times',
};

/** `virsh domblkstat DOM [DEV] [--human]`: `vda rd_req 1234`, ` rd_req 1234`, or `Device: vda` + labelled lines. */
export function parseDomblkstat(input: string): Parsed<{ devices: BlockStats[] }> {
  const devices: { device: string; counters: Record<string, number> }[] = [];
  const byName = new Map<string, Record<string, number>>(); // not devices.find(): quadratic in the number of devices
  const issues: ParseIssue[] = [];
  const at = (device: string): Record<string, number> => {
    let counters = byName.get(device);
    if (!counters) {
      byName.set(device, (counters = {}));
      devices.push({ device, counters });
    }
    return counters;
  };
  let humanDevice: string | undefined;
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const dev = /^Device:\s*(.*)$/.exec(text);
    if (dev) {
      humanDevice = dev[1]!;
      return;
    }
    const human = /^(.+?):\s+(-?\d+)$/.exec(text);
    if (human && HUMAN_FIELDS[human[1]!.toLowerCase()]) {
      at(humanDevice ?? '')[HUMAN_FIELDS[human[1]!.toLowerCase()]!] = Number(human[2]);
      return;
    }
    const t = fields(text);
    const value = t.pop();
    const field = t.pop();
    if (value !== undefined && /^-?\d+$/.test(value) && field !== undefined && /^[a-z_]+$/.test(field)) {
      at(t.join(' '))[field] = Number(value);
      return;
    }
    issues.push(issue(i + 1, raw, /^error:/i.test(text) ? 'virsh error' : 'not a domblkstat line'));
  });
  return { value: { devices }, issues };
}

export const parsers = {
  'virsh-list-all': parseVirshList,
  'virsh-domblklist': parseDomblklist,
  'virsh-domjobinfo': parseDomjobinfo,
  'virsh-domjobinfo-migration': parseMigrationJob,
  'virsh-domstate': parseDomstate,
  'virsh-domblkstat': parseDomblkstat,
  'virsh-snapshot-list': parseSnapshotListVirsh,
  'virsh-domifaddr': parseDomifaddr,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
