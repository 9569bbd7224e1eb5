/**
 * The stable names udev gives a shared LUN under /dev/disk, which is what a
 * pool definition and the platform's logs use, and what each says about it:
 *
 *   by-id/dm-name-<map>                multipath map by name (WWID unless user_friendly_names)
 *   by-id/dm-uuid-mpath-<wwid>         multipath map by WWID
 *   by-id/scsi-<wwid>                  one SCSI disk by its VPD page 0x83 id (multipath's WWID)
 *   by-id/wwn-0x<naa>                  one SCSI disk by its NAA name (WWID = "3" + NAA)
 *   by-path/ip-<addr>:<port>-iscsi-<iqn>-lun-<n>   an iSCSI LUN by portal, target and LUN
 *   by-path/pci-<bus>-fc-0x<wwpn>-lun-<n>          an FC LUN by HBA and target port
 *
 * Pure text: whether the link exists is the caller's question. `ls -l` of
 * such a link is read too (parseLsLong), for the line that shows it.
 */
import { issue, lines, lineSpan, type ParseIssue, type Parsed, type Span } from './types.js';

export type DiskLinkKind = 'dm-name' | 'dm-uuid-mpath' | 'scsi' | 'wwn' | 'iscsi' | 'fc' | 'other';

export interface DiskLink {
  readonly path: string;
  readonly kind: DiskLinkKind;
  /** Multipath map name (dm-name-). */
  readonly mapName?: string;
  /** WWID as multipath prints it, when the name carries one. */
  readonly wwid?: string;
  /** iSCSI portal `address:port`. */
  readonly portal?: string;
  /** iSCSI target IQN. */
  readonly target?: string;
  /** FC target port WWPN (`0x...`). */
  readonly targetPort?: string;
  readonly lun?: number;
}

/** A multipath WWID: NAA (3), EUI-64 (2), T10 (1) or SCSI name (8) designator plus hex. */
const WWID = /^[1-38][0-9a-f]{15,}$/i;
const ISCSI = /^ip-(.+:\d+)-iscsi-(.+)-lun-(\d+)$/;
const FC = /^pci-.+-fc-(0x[0-9a-f]+)-lun-(\d+)$/i;

export function parseDiskLink(path: string): DiskLink {
  const base = path.split('/').pop() ?? path;
  let m: RegExpExecArray | null;
  if (base.startsWith('dm-name-')) {
    const mapName = base.slice('dm-name-'.length);
    return { path, kind: 'dm-name', mapName, ...(WWID.test(mapName) ? { wwid: mapName } : {}) };
  }
  if (base.startsWith('dm-uuid-mpath-')) return { path, kind: 'dm-uuid-mpath', wwid: base.slice('dm-uuid-mpath-'.length) };
  if (base.startsWith('scsi-') && WWID.test(base.slice(5))) return { path, kind: 'scsi', wwid: base.slice(5) };
  if ((m = /^wwn-0x([0-9a-f]+)$/i.exec(base))) return { path, kind: 'wwn', wwid: `3${m[1]!}` };
  if ((m = ISCSI.exec(base))) return { path, kind: 'iscsi', portal: m[1]!, target: m[2]!, lun: Number(m[3]) };
  if ((m = FC.exec(base))) return { path, kind: 'fc', targetPort: m[1]!, lun: Number(m[2]) };
  return { path, kind: 'other' };
}

export interface LsEntry {
  /** `lrwxrwxrwx`, `brw-rw----`... */
  readonly mode: string;
  readonly path: string;
  /** Where a symbolic link points, as `ls` prints it (`../../dm-0`). */
  readonly target?: string;
  readonly span: Span;
}

/** `ls -l` in the C locale: mode, links, owner, group, size (or major, minor), date, name [-> target]. */
const LS_LONG = /^([-bcdlps][-rwxsStT]{9}[.+@]?)\s+\d+\s+\S+\s+\S+\s+(?:\d+,\s*)?\d+\s+\w{3}\s+\d{1,2}\s+(?:\d{1,2}:\d{2}|\d{4})\s+(.+?)(?: -> (.+))?$/;

/** `ls -l -- PATH` of a /dev/disk link: whether it is there is the read's question, this is what it says. */
export function parseLsLong(input: string): Parsed<LsEntry[]> {
  const value: LsEntry[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '' || /^total \d+$/.test(text)) return;
    const m = LS_LONG.exec(text);
    if (!m) {
      issues.push(issue(i + 1, raw, 'not an ls -l line'));
      return;
    }
    value.push({ mode: m[1]!, path: m[2]!, ...(m[3] !== undefined ? { target: m[3] } : {}), span: lineSpan(i + 1) });
  });
  return { value, issues };
}
