/** Guide 3.4 (compute faults), in the guide's order. */
import type { KbEntry } from '../types.js';
import { entry as hostNoBootDevice } from './host-no-boot-device.js';
import { entry as installConsole } from './install-console.js';
import { entry as vmStartResources } from './vm-start-resources.js';
import { entry as vmShmemResidue } from './vm-shmem-residue.js';
import { entry as qcow2SnapshotTable } from './qcow2-snapshot-table.js';
import { entry as qcow2Corrupt } from './qcow2-corrupt.js';
import { entry as vmMigrationStuck } from './vm-migration-stuck.js';
import { entry as vmDeploy7501 } from './vm-deploy-7501.js';
import { entry as migrationSshCipher } from './migration-ssh-cipher.js';
import { entry as hygonRdrand } from './hygon-rdrand.js';

export const entries = [
  hostNoBootDevice,
  installConsole,
  vmStartResources,
  vmShmemResidue,
  qcow2SnapshotTable,
  qcow2Corrupt,
  vmMigrationStuck,
  vmDeploy7501,
  migrationSshCipher,
  hygonRdrand,
] as const satisfies readonly KbEntry[];
