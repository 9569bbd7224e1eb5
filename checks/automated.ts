/**
 * The catalogue ids that have a check module in checks/index.ts, as data:
 * `usdiag list` and `usdiag show` say which entries are automated without
 * loading a single check module (nor the parsers and the XML parser under
 * them). test/cli/light-commands.test.ts keeps it equal to index.ts: a new
 * check module adds its id here too.
 */
import type { CheckId } from '../src/kb/catalog.js';

export const AUTOMATED_CHECK_IDS: readonly CheckId[] = [
  'qcow2-corrupt',
  'vm-start-resources', 'vm-shmem-residue', 'qcow2-snapshot-table', 'vm-migration-stuck', 'vm-deploy-7501', 'migration-ssh-cipher', 'hygon-rdrand',
  'disk-io-latency', 'shared-pool-start', 'storage-blocked', 'storage-fence', 'ocfs2-repair', 'pool-no-slot', 'multipath-wwid',
  'nic-packet-loss',
  'nic-fault', 'mce', 'ui-login', 'db-connection', 'ui-hang', 'vm-stuck', 'usb-device', 'ha-time-skew',
  'ip-conflict',
  'bond-lldp',
  'acl-gateway',
  'vfirewall-zone',
  'host-compromised',
];
