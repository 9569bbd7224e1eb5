/**
 * The VMs of the inventory's hypervisors by MAC: `virsh -r list --all` and
 * `virsh -r domiflist VM` on each VKS, for naming the VM (and its host)
 * behind a MAC seen elsewhere. Only ever a lead: what it finds names a
 * culprit, it never decides a verdict.
 */
import { parsedOnce, readProblem } from '../../src/engine/outputs.js';
import type { CommandOutput, HostContext } from '../../src/engine/types.js';
import { parseDomiflist } from '../../src/parsers/virsh-domiflist.js';
import { parseVirshList } from '../../src/parsers/virsh.js';
import { VIRSH_LIST } from './commands.js';
import { domiflist } from './net-commands.js';

/** VMs listed per host beyond this many are not asked for their NICs. */
const MAX_VMS_PER_HOST = 200;

export interface VmNic {
  readonly host: string;
  readonly vm: string;
  /** `running`, `shut off`... */
  readonly state: string;
  readonly mac: string;
  /** The host tap device of a running VM (vnet0). */
  readonly target?: string | undefined;
  readonly bridge?: string | undefined;
  /** The domiflist output and the row's line, for evidence. */
  readonly output: CommandOutput;
  readonly line: number;
}

/** Every VM NIC of these hosts (hosts that cannot say are skipped: this only names). */
export async function vmNics(hosts: readonly HostContext[]): Promise<VmNic[]> {
  const perHost = await Promise.all(hosts.map(async (h) => {
    const list = await h.run(VIRSH_LIST, { optional: true });
    if (readProblem(list)) return [];
    const vms = parsedOnce(list, parseVirshList).value.slice(0, MAX_VMS_PER_HOST);
    const nics = await Promise.all(vms.map(async (vm) => {
      const out = await h.run(domiflist(vm.name), { optional: true });
      if (readProblem(out)) return [];
      return parseDomiflist(out.stdout).value.nics.map((n): VmNic => ({
        host: h.host.name, vm: vm.name, state: vm.state, mac: n.mac, target: n.target, bridge: n.source, output: out, line: n.line,
      }));
    }));
    return nics.flat();
  }));
  return perHost.flat();
}

/** The NICs by MAC; a MAC several VMs claim keeps them all (running ones first). */
export function byMac(nics: readonly VmNic[]): Map<string, VmNic[]> {
  const map = new Map<string, VmNic[]>();
  for (const n of nics) {
    const list = map.get(n.mac) ?? [];
    list.push(n);
    map.set(n.mac, list);
  }
  for (const list of map.values()) list.sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running'));
  return map;
}
