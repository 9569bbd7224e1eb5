/**
 * The VMs running on a host, as the guide's "ps -ef | grep kvm" shows them
 * before a reboot: name, qemu pid and VNC display, from `ps` (the kvm
 * command lines: `-name`, `-vnc`) and `virsh -r list --all` (which domains
 * run). Shared by the checks whose recovery stops a host's VMs.
 */
import { parsedOnce, readProblem } from '../../src/engine/outputs.js';
import type { HostContext } from '../../src/engine/types.js';
import type { Msg } from '../../src/i18n/message.js';
import { parsePs, type PsRow } from '../../src/parsers/ps.js';
import { parseVirshList } from '../../src/parsers/virsh.js';
import { PROCESSES, VIRSH_LIST } from './commands.js';

export interface HostVm {
  readonly name: string;
  /** The qemu/kvm process, when ps shows it. */
  readonly pid?: number | undefined;
  /** VNC display as the guide writes it (`:0` is TCP port 5900). */
  readonly vnc?: string | undefined;
}

export interface HostVms {
  /** Running VMs, in the order virsh (or else ps) lists them. */
  readonly vms: readonly HostVm[];
  /** Set when neither virsh nor ps could be read: the list is not known. */
  readonly problem?: Msg | undefined;
}

const QEMU = /^(?:kvm|qemu-kvm|qemu-system-[\w-]+)$/;

/** A kvm command line's VM: `-name win7` or `-name guest=win7,debug-threads=on`, and `-vnc 0.0.0.0:1`. */
export function kvmProcess(row: PsRow): HostVm | undefined {
  if (!row.comm || !QEMU.test(row.comm) || !row.args) return undefined;
  const words = row.args.split(/\s+/);
  const arg = (flag: string) => {
    const i = words.indexOf(flag);
    return i >= 0 ? words[i + 1] : undefined;
  };
  const nameArg = arg('-name');
  const name = nameArg === undefined ? undefined : (/(?:^|,)guest=([^,]+)/.exec(nameArg)?.[1] ?? nameArg.split(',')[0]);
  if (!name) return undefined;
  const vncArg = arg('-vnc');
  const display = vncArg === undefined ? undefined : /:(\d+)(?:,|$)/.exec(vncArg)?.[1];
  return { name, pid: row.pid, ...(display !== undefined ? { vnc: `:${display}` } : {}) };
}

export async function hostVms(host: HostContext): Promise<HostVms> {
  const [list, ps] = await Promise.all([host.run(VIRSH_LIST), host.run(PROCESSES)]);
  const listProblem = readProblem(list);
  const psProblem = readProblem(ps);
  const procs = psProblem ? [] : parsedOnce(ps, parsePs).value.flatMap((r) => kvmProcess(r) ?? []);
  if (listProblem) return psProblem ? { vms: [], problem: listProblem } : { vms: procs };
  const running = parsedOnce(list, parseVirshList).value.filter((d) => d.state === 'running' || d.state === 'paused' || d.state === 'idle' || d.state === 'blocked');
  const byName = new Map(procs.map((p) => [p.name, p]));
  return { vms: running.map((d) => byName.get(d.name) ?? { name: d.name }) };
}
