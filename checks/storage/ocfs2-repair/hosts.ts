/**
 * Every host that must stop a pool before it is repaired (guide 3.5.5 step
 * 1: "on all hosts"): the nodes of this host's OCFS2 cluster (cluster.conf),
 * or without it the inventory's VKS hosts of the same cluster label, each
 * with the device it mounts the pool from (names differ between hosts:
 * /dev/sdc here, /dev/sdk there).
 */
import type { CheckContext } from '../../../src/engine/types.js';
import { defineMessages, list, type Msg, type MsgList } from '../../../src/i18n/message.js';
import { type ClusterView, deviceOnNode, resolveNode } from '../../shared/ocfs2-cluster.js';

const hostMsg = defineMessages('repair-hosts', {
  thisHost: { en: '{name} ({device}, this host)', zh: '{name}（{device}，本机）' },
  mounted: { en: '{name} ({device})', zh: '{name}（{device}）' },
  notMounted: { en: '{name} (not mounted there now)', zh: '{name}（当前未挂载）' },
  unreadable: { en: '{name} (its mounts could not be read: check it by hand)', zh: '{name}（无法读取其挂载信息，请人工确认）' },
  notInInventory: { en: '{name} (not in the inventory: check it by hand)', zh: '{name}（不在主机清单中，请人工确认）' },
});

export interface PoolHost {
  readonly name: string;
  readonly ip?: string | undefined;
  /** The device it mounts the pool from, when usdiag could look. */
  readonly device?: string | undefined;
  readonly state: 'this-host' | 'mounted' | 'not-mounted' | 'not-in-inventory' | 'unreadable';
}

export async function poolHosts(ctx: CheckContext, view: ClusterView, mountPoint: string, localDevice: string): Promise<PoolHost[]> {
  const nodes = view.conf?.nodes.length
    ? view.conf.nodes.map((n) => ({ name: n.name, ip: n.ipAddress as string | undefined, ref: resolveNode(ctx, view, n.number).host }))
    : ctx.inventory
        .filter((h) => h.roles.includes('vks') && (ctx.host.cluster === undefined || h.cluster === ctx.host.cluster))
        .map((h) => ({ name: h.name, ip: h.address as string | undefined, ref: ctx.peer({ name: h.name }) }));
  return Promise.all(nodes.map(async (n): Promise<PoolHost> => {
    const local = n.ref === ctx || n.ip === ctx.host.address || n.name === ctx.host.name;
    if (local) return { name: ctx.host.name, ip: n.ip, device: localDevice, state: 'this-host' };
    if (!n.ref) return { name: n.name, ip: n.ip, state: 'not-in-inventory' };
    const on = await deviceOnNode(n.ref, mountPoint);
    if (on.device) return { name: n.ref.host.name, ip: n.ip, device: on.device, state: 'mounted' };
    return { name: n.ref.host.name, ip: n.ip, state: on.problem ? 'unreadable' : 'not-mounted' };
  }));
}

/** "cvknode11 (/dev/dm-0, this host), cvknode12 (/dev/dm-2), cvknode13 (not in the inventory: check it by hand)". */
export function describePoolHosts(hosts: readonly PoolHost[]): MsgList {
  const one = (h: PoolHost): Msg => {
    switch (h.state) {
      case 'this-host':
        return hostMsg('thisHost', { name: h.name, device: h.device! });
      case 'mounted':
        return hostMsg('mounted', { name: h.name, device: h.device! });
      case 'not-mounted':
        return hostMsg('notMounted', { name: h.name });
      case 'unreadable':
        return hostMsg('unreadable', { name: h.name });
      case 'not-in-inventory':
        return hostMsg('notInInventory', { name: h.ip ? `${h.name} ${h.ip}` : h.name });
    }
  };
  return list(hosts.map(one));
}
