/** Guide 3.5 (storage faults), in the guide's order. */
import type { KbEntry } from '../types.js';
import { entry as diskIoLatency } from './disk-io-latency.js';
import { entry as sharedPoolStart } from './shared-pool-start.js';
import { entry as storageBlocked } from './storage-blocked.js';
import { entry as storageFence } from './storage-fence.js';
import { entry as ocfs2Repair } from './ocfs2-repair.js';
import { entry as poolNoSlot } from './pool-no-slot.js';
import { entry as multipathWwid } from './multipath-wwid.js';

export const entries = [
  diskIoLatency,
  sharedPoolStart,
  storageBlocked,
  storageFence,
  ocfs2Repair,
  poolNoSlot,
  multipathWwid,
] as const satisfies readonly KbEntry[];
