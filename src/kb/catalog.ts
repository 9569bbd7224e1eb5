/**
 * The check catalogue (shared/spec/checks.md): one stable id per fault entry
 * of the guide, sections 3.4 to 3.8. Users and scripts key on these ids.
 */
import { CHECK_IDS, type CheckId, type Role } from '../core.js';

export { CHECK_IDS, type CheckId };

/** The guide's fault types (3.2), one per chapter 3.4 to 3.8. */
export type Area = 'compute' | 'storage' | 'network' | 'alarm' | 'other';

/**
 * Whether the fault shows on a host (`host`: a check can read it there) or only
 * in the guide (`guide`: the host does not boot, the fault is inside a guest).
 * It says nothing about whether usdiag automates the check yet: that is the
 * checks registry's (checks/index.ts).
 */
export type Observable = 'host' | 'guide';

export interface CatalogEntry {
  readonly id: CheckId;
  readonly section: string;
  readonly observable: Observable;
  /** Roles the check runs on; empty for guide checks. */
  readonly roles: readonly Role[];
  /** Compares several inventory hosts with each other. */
  readonly cluster: boolean;
  readonly area: Area;
}

const e = (id: CheckId, section: string, observable: Observable, roles: Role[], cluster = false): CatalogEntry => ({
  id,
  section,
  observable,
  roles,
  cluster,
  area: areaOf(section),
});

function areaOf(section: string): Area {
  const chapter = section.split('.').slice(0, 2).join('.');
  switch (chapter) {
    case '3.4': return 'compute';
    case '3.5': return 'storage';
    case '3.6': return 'network';
    case '3.7': return 'alarm';
    default: return 'other';
  }
}

export const CATALOG = [
  e('host-no-boot-device', '3.4.1', 'guide', []),
  e('install-console', '3.4.2', 'guide', []),
  e('vm-start-resources', '3.4.3', 'host', ['vks']),
  e('vm-shmem-residue', '3.4.3', 'host', ['vks']),
  e('qcow2-snapshot-table', '3.4.4', 'host', ['vks']),
  e('qcow2-corrupt', '3.4.5', 'host', ['vks']),
  e('vm-migration-stuck', '3.4.6', 'host', ['vks'], true),
  e('vm-deploy-7501', '3.4.7', 'host', ['vks']),
  e('migration-ssh-cipher', '3.4.8', 'host', ['vms', 'vks']),
  e('hygon-rdrand', '3.4.9', 'host', ['vks']),
  e('disk-io-latency', '3.5.1', 'host', ['vks']),
  e('shared-pool-start', '3.5.2', 'host', ['vks'], true),
  e('storage-blocked', '3.5.3', 'host', ['vks'], true),
  e('storage-fence', '3.5.4', 'host', ['vks']),
  e('ocfs2-repair', '3.5.5', 'host', ['vks']),
  e('pool-no-slot', '3.5.6', 'host', ['vks']),
  e('multipath-wwid', '3.5.7', 'host', ['vks']),
  e('nic-packet-loss', '3.6.1', 'host', ['vms', 'vks']),
  e('ip-conflict', '3.6.2', 'host', ['vms', 'vks'], true),
  e('bond-lldp', '3.6.3', 'host', ['vks']),
  e('acl-gateway', '3.6.4', 'host', ['vks']),
  e('vfirewall-zone', '3.6.5', 'host', ['vks']),
  e('host-compromised', '3.6.6', 'host', ['vms', 'vks']),
  e('guest-kylin-dns', '3.6.7', 'guide', []),
  e('guest-ubuntu-netplan', '3.6.8', 'guide', []),
  e('nic-fault', '3.7.1', 'host', ['vms', 'vks']),
  e('mce', '3.7.2', 'host', ['vms', 'vks']),
  e('ui-login', '3.8.1', 'host', ['vms']),
  e('db-connection', '3.8.2', 'host', ['vms']),
  e('ui-hang', '3.8.3', 'host', ['vms', 'vks']),
  e('vm-stuck', '3.8.4', 'host', ['vks']),
  e('usb-device', '3.8.5', 'host', ['vks']),
  e('ha-time-skew', '3.8.6', 'host', ['vms']),
] as const satisfies readonly CatalogEntry[];

const byId = new Map<string, CatalogEntry>(CATALOG.map((c) => [c.id, c]));

export function catalogEntry(id: string): CatalogEntry | undefined {
  return byId.get(id);
}

export function isCheckId(id: string): id is CheckId {
  return byId.has(id);
}
