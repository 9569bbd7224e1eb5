/**
 * The logs `usdiag collect` puts into an incident archive: the ones the
 * emergency-recovery guide tells support to look at, each with the section
 * that names it. Every one is read as `tail -c BOUND FILE` through the
 * read-only policy; a log that is not there is recorded as absent, not
 * guessed at under another name.
 */
import type { Command } from '../transport/command.js';

export interface IncidentLog {
  readonly path: string;
  /** Guide section that names this log. */
  readonly section: string;
  /** Catalogue entry of that section. */
  readonly check: string;
  /** Bytes read from the end of the file at most. */
  readonly bound: number;
}

const MiB = 1024 * 1024;

/** The fixed list (host logs), in the order support reads them. */
export const INCIDENT_LOGS: readonly IncidentLog[] = [
  // Debian/Ubuntu-based Usphere hosts keep syslog, RHEL-style ones messages (checks/shared/logs.ts)
  { path: '/var/log/syslog', section: '3.5.4', check: 'storage-fence', bound: 4 * MiB },
  { path: '/var/log/messages', section: '3.5.4', check: 'storage-fence', bound: 4 * MiB },
  { path: '/var/log/ocfs2_fence_restart.log', section: '3.5.4', check: 'storage-fence', bound: MiB },
  { path: '/var/log/mcelog', section: '3.5.4', check: 'storage-fence', bound: MiB },
  { path: '/var/log/ocfs2_shell_201511.log', section: '3.5.2', check: 'shared-pool-start', bound: MiB },
  { path: '/var/log/libvirt/libvirtd.log', section: '3.5.2', check: 'shared-pool-start', bound: 2 * MiB },
  { path: '/var/log/uspheretools.log', section: '3.4.7', check: 'vm-deploy-7501', bound: MiB },
  { path: '/var/log/caslog/cas.log', section: '3.4.8', check: 'migration-ssh-cipher', bound: 2 * MiB },
  { path: '/var/log/set-ipv6.log', section: '3.6.8', check: 'guest-ubuntu-netplan', bound: 256 * 1024 },
  { path: '/var/log/mce.log', section: '3.7.2', check: 'mce', bound: MiB },
  { path: '/var/log/rabbitmq/rabbit@localhost.log', section: '3.8.1', check: 'ui-login', bound: MiB },
  { path: '/var/log/mariadb/mariadb.log', section: '3.8.2', check: 'db-connection', bound: MiB },
  { path: '/var/log/mysql/error.log', section: '3.8.2', check: 'db-connection', bound: MiB },
  { path: '/var/log/caslog/cas_ha.log', section: '3.8.6', check: 'ha-time-skew', bound: MiB },
];

/** The qemu log of one VM named in a finding (guide 3.8.4: look at the VM's qemu log). */
export const QEMU_LOG_BOUND = MiB;
export const QEMU_LOG_SECTION = '3.8.4';
/** At most this many VMs per host get their qemu log collected. */
export const MAX_QEMU_LOGS = 16;

/** A VM name that is safe as one path component of /var/log/libvirt/qemu/NAME.log. */
export function safeVmName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$/.test(name) && !name.includes('..');
}

export function qemuLog(vm: string): IncidentLog {
  return { path: `/var/log/libvirt/qemu/${vm}.log`, section: QEMU_LOG_SECTION, check: 'vm-stuck', bound: QEMU_LOG_BOUND };
}

/** The bounded read: the last `bound` bytes, never following the file. */
export function tailCommand(log: IncidentLog): Command {
  return { argv: ['tail', '-c', String(log.bound), '--', log.path] };
}
