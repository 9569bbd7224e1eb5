/**
 * Every host that must stop a pool before it is repaired (guide 3.5.5 step
 * 1: "on all hosts"): the nodes of this host's OCFS2 cluster (cluster.conf),
 * or without it the inventory's VKS hosts of the same cluster label, each
 * with the device it mounts the pool from (names differ between hosts:
 * /dev/sdc here, /dev/sdk there).
 */
import type { CheckContext } from '../../../src/engine/types.js';
import { text, type Text } from '../../../src/i18n/text.js';
import { type ClusterView, deviceOnNode, resolveNode } from '../../shared/ocfs2-cluster.js';

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
export function describePoolHosts(hosts: readonly PoolHost[]): Text {
  const one = (h: PoolHost): Text => {
    switch (h.state) {
      case 'this-host':
        return text(`${h.name} (${h.device}, this host)`, `${h.name}（${h.device}，本机）`);
      case 'mounted':
        return text(`${h.name} (${h.device})`, `${h.name}（${h.device}）`);
      case 'not-mounted':
        return text(`${h.name} (not mounted there now)`, `${h.name}（当前未挂载）`);
      case 'unreadable':
        return text(`${h.name} (its mounts could not be read: check it by hand)`, `${h.name}（无法读取其挂载信息，请人工确认）`);
      case 'not-in-inventory':
        return text(`${h.name}${h.ip ? ` ${h.ip}` : ''} (not in the inventory: check it by hand)`, `${h.name}${h.ip ? ` ${h.ip}` : ''}（不在主机清单中，请人工确认）`);
    }
  };
  const parts = hosts.map(one);
  return text(parts.map((p) => p.en).join(', '), parts.map((p) => p.zh).join('、'));
}
