/**
 * Kernel-log signs that an OCFS2 volume is inconsistent on disk (guide
 * 3.5.5), as fs/ocfs2 prints them:
 *
 *   OCFS2: ERROR (device dm-0): ocfs2_validate_inode_block: Invalid dinode #75238: ...
 *       ocfs2_error(): only ever called for an on-disk inconsistency
 *   On-disk corruption discovered. Please run fsck.ocfs2 once the filesystem is unmounted.   (kernel 4.x+)
 *   File system is now read-only due to the potential of on-disk corruption. ...              (kernel 3.x)
 *   OCFS2: File system is now read-only.
 *   OCFS2: abort (device dm-0): ocfs2_start_trans: Detected aborted journal   (the journal failed: IO)
 *   (ocfs2cmt,2210,6):ocfs2_commit_cache:321 ERROR: status = -5     (mlog: -5 EIO is the IO path, -117 EUCLEAN corruption)
 *   JBD2: Detected IO errors while flushing file data on dm-0-24      (the journal of dm-0)
 *
 * Other mlog errors (DLM, no space, mount options) are not about the disk's
 * consistency and are left out, as are ext4 and other file systems.
 */
import { classifyStorageEvent } from '../../../src/parsers/syslog.js';

export type RepairSignKind = 'corruption' | 'read-only' | 'journal-io';

export interface RepairSign {
  readonly kind: RepairSignKind;
  /** Kernel name of the volume (`dm-0`), when the line names it. */
  readonly device?: string | undefined;
  /** The ocfs2 function that found the problem (`ocfs2_validate_inode_block`). */
  readonly function?: string | undefined;
}

const CORRUPTION =
  /OCFS2: ERROR \(device|On-disk corruption discovered|potential of on-disk corruption|ocfs2_validate_\w+|Invalid dinode|bad (?:signature|checksum|magic)|status = -117\b/i;
const IO = /status = -5\b|IO errors?|I\/O error/i;
const DEVICE_IN = [/\(device ([\w-]+)\)/, /\bon (?:device )?([\w-]+)/, /^[\w-]+ \(([\w-]+)\):/];
const DEVICE_LIKE = /^(?:dm-\d+|sd[a-z]+|vd[a-z]+|xvd[a-z]+|nvme\d+n\d+|md\d+)(?:p?\d+)?(?:-\d+)?$/;

/** jbd2 names a journal `<device>-<inode>`: `dm-0-24`, `sdb-24`. */
function journalDevice(name: string): string | undefined {
  return (/^(dm-\d+)-\d+$/.exec(name) ?? /^((?!dm-)[a-z][a-z0-9]*)-\d+$/.exec(name))?.[1];
}

/** The volume a line is about, by its kernel name. */
export function deviceInMessage(message: string, ocfs2Devices: ReadonlySet<string>): string | undefined {
  for (const re of DEVICE_IN) {
    const c = re.exec(message)?.[1];
    if (!c || !DEVICE_LIKE.test(c)) continue;
    if (ocfs2Devices.has(c)) return c;
    return journalDevice(c) ?? c;
  }
  return undefined;
}

export function repairSign(message: string, ocfs2Devices: ReadonlySet<string>): RepairSign | undefined {
  const event = classifyStorageEvent(message);
  if (event !== 'ocfs2-error' && event !== 'read-only-remount' && event !== 'journal-error') return undefined;
  const device = deviceInMessage(message, ocfs2Devices);
  if (!/ocfs2/i.test(message) && !(device !== undefined && ocfs2Devices.has(device))) return undefined;
  const fn = /\): (ocfs2_\w+):/.exec(message)?.[1] ?? /\):(ocfs2_\w+):\d+ ERROR/.exec(message)?.[1];
  const base = { device, ...(fn ? { function: fn } : {}) };
  if (CORRUPTION.test(message)) return { kind: 'corruption', ...base };
  if (event === 'read-only-remount') return { kind: 'read-only', ...base };
  if (event === 'journal-error' || IO.test(message)) return { kind: 'journal-io', ...base };
  return undefined;
}
