/**
 * The shared storage pools libvirt defines on a host. The platform defines a
 * pool on every host it assigns it to and starts it there through libvirt, so
 * libvirt's list is what says "this host should have this pool"; whether the
 * pool works is then a matter of its mount (mount table), not of libvirt's
 * bookkeeping.
 */
import { missingProgram, readProblem } from '../../src/engine/outputs.js';
import type { CommandOutput, HostContext } from '../../src/engine/types.js';
import { defineMessages, type Msg } from '../../src/i18n/message.js';
import { isOcfs2Pool, parsePoolList, parsePoolXml, type VirshPool } from '../../src/parsers/libvirt-pool.js';
import type { Span } from '../../src/parsers/types.js';
import { type Command, cmd } from '../../src/transport/command.js';

export const POOL_LIST = cmd('virsh', '-r', 'pool-list', '--all');
export const poolXml = (name: string): Command => cmd('virsh', '-r', 'pool-dumpxml', name);

const poolsMsg = defineMessages('pool-libvirt', {
  virshSays: { en: 'virsh on {host}: {text}', zh: '{host} 上的 virsh：{text}' },
  badDefinition: { en: 'pool-dumpxml {pool}: {reason}', zh: 'pool-dumpxml {pool}：{reason}' },
});

/** A host has a handful of pools; past this many the rest are listed as not read. */
const MAX_POOLS = 40;

export interface SharedPool {
  readonly name: string;
  /** libvirt's state: `active`, `inactive`... */
  readonly state: string;
  readonly autostart: boolean;
  /** /vms/<pool>: the same on every node. */
  readonly targetPath: string;
  /** The LUN's stable path (/dev/disk/by-id/..., /dev/disk/by-path/...). */
  readonly sourceDevice?: string | undefined;
  /** The pool's row in the pool-list output (evidence). */
  readonly listed: Span;
}

export interface LibvirtPools {
  readonly shared: readonly SharedPool[];
  readonly listOutput: CommandOutput;
  /** Why the list could not be read; undefined when it was. */
  readonly problem?: Msg | undefined;
  /** Pools whose definition could not be read (name, why). */
  readonly unreadable: ReadonlyArray<{ readonly name: string; readonly why: Msg }>;
  /** Pools beyond MAX_POOLS, not looked at. */
  readonly notRead: readonly string[];
}

export async function readSharedPools(host: HostContext): Promise<LibvirtPools> {
  const listOutput = await host.run(POOL_LIST);
  const why = readProblem(listOutput);
  const parsed = parsePoolList(listOutput.stdout);
  const virshError = parsed.issues.find((i) => i.reason === 'virsh error');
  if (why || virshError) {
    const reason = why ?? poolsMsg('virshSays', { host: host.host.name, text: virshError!.text });
    return { shared: [], listOutput, problem: reason, unreadable: [], notRead: [] };
  }
  const listed = parsed.value.slice(0, MAX_POOLS);
  const defs = await Promise.all(listed.map(async (p) => ({ p, out: await host.run(poolXml(p.name)) })));
  const shared: SharedPool[] = [];
  const unreadable: Array<{ name: string; why: Msg }> = [];
  for (const { p, out } of defs) {
    const xml = parsePoolXml(out.stdout);
    const bad = readProblem(out) ?? (xml.value.targetPath === undefined && xml.issues.length
      ? poolsMsg('badDefinition', { pool: p.name, reason: xml.issues[0]!.reason })
      : undefined);
    if (bad) unreadable.push({ name: p.name, why: bad });
    else if (isOcfs2Pool(xml.value) && xml.value.targetPath) shared.push(sharedPool(p, xml.value.targetPath, xml.value.sourceDevices[0]));
  }
  return { shared, listOutput, unreadable, notRead: parsed.value.slice(MAX_POOLS).map((p) => p.name) };
}

function sharedPool(p: VirshPool, targetPath: string, sourceDevice: string | undefined): SharedPool {
  return { name: p.name, state: p.state, autostart: p.autostart, targetPath: targetPath.replace(/\/+$/, ''), sourceDevice, listed: p.span };
}

/** virsh is not installed: not a virtualization host. */
export function libvirtAbsent(pools: LibvirtPools): boolean {
  return missingProgram(pools.listOutput);
}
