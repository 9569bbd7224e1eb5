/**
 * The VMs defined on a host with their definitions: `virsh -r list --all`,
 * then `virsh -r dumpxml -- VM` of each (the same reads as qcow2-corrupt and
 * vm-stuck, so a scan sends them once), parsed for devices
 * (libvirt-xml-domain) and for the guest and its size (libvirt-xml-guest).
 * Shared by the compute checks that judge a VM by its definition.
 */
import { parsedOnce, readProblem } from '../../src/engine/outputs.js';
import type { CommandOutput, HostContext } from '../../src/engine/types.js';
import type { Msg } from '../../src/i18n/message.js';
import { type DomainXml, parseDomainXml } from '../../src/parsers/libvirt-xml.js';
import { type DomainGuest, parseDomainGuest } from '../../src/parsers/libvirt-xml-guest.js';
import { type VirshDomain, parseVirshList } from '../../src/parsers/virsh.js';
import { type Command, cmd } from '../../src/transport/command.js';
import { VIRSH_LIST } from './commands.js';

export const dumpxml = (vm: string): Command => cmd('virsh', '-r', 'dumpxml', '--', vm);
export const qemuLogPath = (vm: string): string => `/var/log/libvirt/qemu/${vm}.log`;

export interface VmDefinition {
  readonly vm: string;
  /** `running`, `shut off`, `paused`, ... as virsh lists it. */
  readonly state: string;
  readonly output: CommandOutput;
  /** Set when the definition could not be read: nothing is known of this VM. */
  readonly problem?: Msg | undefined;
  readonly xml: DomainXml;
  readonly guest: DomainGuest;
}

export interface VmDefinitions {
  readonly list?: CommandOutput;
  /** The VM list could not be read. */
  readonly problem?: Msg | undefined;
  readonly domains: readonly VirshDomain[];
  readonly vms: readonly VmDefinition[];
}

/** Running (or paused, idle, blocked): the VM holds its memory now. */
export const isActive = (state: string): boolean => state !== 'shut off' && state !== 'crashed' && state !== 'pmsuspended';

export async function vmDefinitions(host: HostContext, max = 200): Promise<VmDefinitions> {
  const list = await host.run(VIRSH_LIST);
  const problem = readProblem(list);
  if (problem) return { list, problem, domains: [], vms: [] };
  const domains = parsedOnce(list, parseVirshList).value;
  const vms = await Promise.all(domains.slice(0, max).map(async (d): Promise<VmDefinition> => {
    const output = await host.run(dumpxml(d.name));
    const why = readProblem(output);
    // Three compute checks read the same definitions: each output is parsed once (parsedOnce).
    const xml = why ? parseDomainXml('').value : parsedOnce(output, parseDomainXml).value;
    const guest = why ? parseDomainGuest('').value : parsedOnce(output, parseDomainGuest).value;
    return { vm: d.name, state: d.state, output, problem: why, xml, guest };
  }));
  return { list, domains, vms };
}
