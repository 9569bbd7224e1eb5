/**
 * Commands several checks read. Defined once so that the engine runs each of
 * them once per host and every check shares the output.
 */
import { type Command, cmd } from '../../src/transport/command.js';

export const MOUNT = cmd('mount');
export const CLUSTER_CONF = cmd('cat', '/etc/ocfs2/cluster.conf');
export const NODE_NAME = cmd('uname', '-n');
/** Every process with state, age, kernel wait channel and full command line (last: may hold spaces). */
export const PROCESSES = cmd('ps', '-e', '-o', 'pid,ppid,stat,wchan:32,etimes,args');
export const MULTIPATH_LL = cmd('multipath', '-ll');
export const BOND_SHOW = cmd('ovs-appctl', 'bond/show');
export const VIRSH_LIST = cmd('virsh', '-r', 'list', '--all');

/**
 * `df` on one mount point, bounded by the short probe limit: a hang is the
 * symptom. When it hangs, the engine sends nothing else into that mount point.
 */
export function dfProbe(mountPoint: string): Command {
  return { argv: ['df', '-P', '--', mountPoint], kind: 'probe', probes: mountPoint };
}

/** Busy OCFS2 cluster locks of one device (guide 3.5.3 step 3). */
export function fsLocksBusy(device: string, sample = 1): Command {
  return { argv: ['debugfs.ocfs2', '-R', 'fs_locks -B', device], ...(sample > 1 ? { sample } : {}) };
}

/** The DLM's view of one lock resource: owner node and queues (guide 3.5.3 steps b, c). */
export function dlmLocks(lockres: string, device: string): Command {
  return cmd('debugfs.ocfs2', '-R', `dlm_locks ${lockres}`, device);
}

export function kernelStack(pid: number): Command {
  return cmd('cat', `/proc/${pid}/stack`);
}

/**
 * The last part of a log, filtered on the host: reading a 2 GB syslog costs
 * the same as a small one (tail -c reads from the end), and only matching
 * lines cross the network.
 */
export function logTail(path: string, pattern: string, opts: { bytes?: string; maxLines?: number } = {}): Command {
  return {
    argv: ['tail', '-c', opts.bytes ?? '16M', path],
    pipe: [['grep', '-a', '-E', '-e', pattern], ['tail', '-n', String(opts.maxLines ?? 400)]],
  };
}

/** A VM's libvirt job (a migration's progress); `sample` 2 for the second look of a job that runs. */
export function domjobinfo(vm: string, sample = 1): Command {
  return { argv: ['virsh', '-r', 'domjobinfo', '--', vm], ...(sample > 1 ? { sample } : {}) };
}

/** A VM's state and why it is in it (`paused (migration)`, `running (migrated)`). */
export function domstate(vm: string): Command {
  return cmd('virsh', '-r', 'domstate', '--reason', '--', vm);
}
