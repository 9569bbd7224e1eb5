/**
 * When a host is given by address only, its role is read from what it runs:
 * a VKS runs libvirtd / Open vSwitch / qemu, a VMS runs the management stack
 * (tomcat8 in a JVM, MySQL/MariaDB, rabbitmq). A Usphere VMS is often a VKS as
 * well, so both roles can apply.
 */
import { cmd } from '../transport/command.js';
import type { HostContext, Role } from './types.js';

export const ROLE_PROBE = cmd('ps', '-e', '-o', 'comm=');

const VKS_PROCESSES = /^(libvirtd|virtqemud|ovs-vswitchd|ovsdb-server|qemu-kvm|qemu-system-\S+|kvm|o2hb-\S+)$/;
const VMS_PROCESSES = /^(mysqld|mariadbd|mysqld_safe|beam\.smp|beam|epmd|java)$/;

export interface RoleDetection {
  readonly roles: Role[];
  /** Process names that decided it, for the report. */
  readonly seen: string[];
  /** The probe could not run (so the roles are unknown). */
  readonly failed?: string;
}

export function rolesFromProcessNames(names: readonly string[]): RoleDetection {
  const seen = new Set<string>();
  const roles = new Set<Role>();
  for (const raw of names) {
    const n = raw.trim();
    if (VKS_PROCESSES.test(n)) {
      roles.add('vks');
      seen.add(n);
    } else if (VMS_PROCESSES.test(n)) {
      roles.add('vms');
      seen.add(n);
    }
  }
  return { roles: [...roles].sort(), seen: [...seen].sort() };
}

/**
 * `uname -n` goes out with the process list: several checks read it anyway,
 * and two programs that both never finish are how a stuck host is told from
 * one slow command (host-session.ts).
 */
const NODE_NAME = cmd('uname', '-n');

export async function detectRoles(host: HostContext): Promise<RoleDetection> {
  const [r] = await Promise.all([host.run(ROLE_PROBE), host.run(NODE_NAME)]);
  if (r.failure || r.exitCode !== 0) {
    return { roles: [], seen: [], failed: r.failure?.message ?? (r.stderr.trim() || `exit ${r.exitCode}`) };
  }
  return rolesFromProcessNames(r.stdout.split('\n'));
}
