/**
 * The checks usdiag automates, by catalogue id. An id of the catalogue that
 * has no module here is listed and explained, and reported as skipped
 * ("not automated"), never as ok.
 */
import type { CheckId } from '../src/kb/catalog.js';
import type { CheckDefinition } from '../src/engine/types.js';
import { check as mce } from './alarm/mce.js';
import { check as nicFault } from './alarm/nic-fault.js';
import { check as qcow2Corrupt } from './compute/qcow2-corrupt.js';
import { check as qcow2SnapshotTable } from './compute/qcow2-snapshot-table/index.js';
import { check as migrationSshCipher } from './compute/migration-ssh-cipher/index.js';
import { check as vmDeploy7501 } from './compute/vm-deploy-7501/index.js';
import { check as vmMigrationStuck } from './compute/vm-migration-stuck/index.js';
import { check as vmStuck } from './other/vm-stuck.js';
import { check as aclGateway } from './network/acl-gateway/index.js';
import { check as bondLldp } from './network/bond-lldp/index.js';
import { check as hostCompromised } from './network/host-compromised/index.js';
import { check as ipConflict } from './network/ip-conflict/index.js';
import { check as vfirewallZone } from './network/vfirewall-zone/index.js';
import { check as nicPacketLoss } from './network/nic-packet-loss.js';
import { check as dbConnection } from './other/db-connection.js';
import { check as haTimeSkew } from './other/ha-time-skew.js';
import { check as uiHang } from './other/ui-hang.js';
import { check as uiLogin } from './other/ui-login/index.js';
import { check as usbDevice } from './other/usb-device.js';
import { check as diskIoLatency } from './storage/disk-io-latency/index.js';
import { check as multipathWwid } from './storage/multipath-wwid.js';
import { check as ocfs2Repair } from './storage/ocfs2-repair/index.js';
import { check as poolNoSlot } from './storage/pool-no-slot/index.js';
import { check as sharedPoolStart } from './storage/shared-pool-start/index.js';
import { check as storageBlocked } from './storage/storage-blocked.js';
import { check as storageFence } from './storage/storage-fence/index.js';
// compute suite (guide 3.4.3, 3.4.9)
import { check as hygonRdrand } from './compute/hygon-rdrand/index.js';
import { check as vmShmemResidue } from './compute/vm-shmem-residue/index.js';
import { check as vmStartResources } from './compute/vm-start-resources/index.js';

const CHECKS: readonly CheckDefinition[] = [
  qcow2Corrupt,
  qcow2SnapshotTable,
  migrationSshCipher,
  vmDeploy7501,
  vmMigrationStuck,
  diskIoLatency, sharedPoolStart, storageBlocked, storageFence, ocfs2Repair, poolNoSlot, multipathWwid,
  nicPacketLoss,
  nicFault, mce, uiLogin, dbConnection, uiHang, vmStuck, usbDevice, haTimeSkew,
  ipConflict,
  bondLldp,
  aclGateway,
  vfirewallZone,
  hostCompromised,
  vmStartResources, vmShmemResidue, hygonRdrand,
];

const byId = new Map<CheckId, CheckDefinition>(CHECKS.filter((c) => c.run).map((c) => [c.id, c]));

export function checkDefinition(id: CheckId): CheckDefinition | undefined {
  return byId.get(id);
}

export function automatedCheckIds(): CheckId[] {
  return [...byId.keys()];
}
