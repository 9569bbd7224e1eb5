/** vfirewall-zone's sentences (both languages). */
import type { SayOf } from '../../../src/engine/define-check.js';
import type { StepIdOf } from '../../../src/kb/index.js';

export const messages = {
  ok: {
    en: 'The {count} virtual-firewall port(s) of {host} agree on their conntrack zone within each VLAN: {groups}.',
    zh: '{host} 上 {count} 个配置了虚拟防火墙的端口在各自 VLAN 内使用一致的 conntrack zone：{groups}。',
  },
  group: { en: '{bridge} VLAN {vlan}: {ports} in zone {zone}', zh: '{bridge} VLAN {vlan}：{ports} 使用 zone {zone}' },
  noZone: { en: 'none (zone 0)', zh: '无（zone 0）' },
  untagged: { en: 'untagged', zh: '无标签' },
  noListports: {
    en: 'Usphere\'s port listing is not available on {host} ({why}): no virtual-firewall port to compare.',
    zh: '{host} 上没有 Usphere 的端口列表工具（{why}），无法比较虚拟防火墙端口。',
  },
  noFirewall: { en: 'None of the {count} port(s) listed on {host} has a virtual firewall.', zh: '{host} 列出的 {count} 个端口都没有配置虚拟防火墙。' },
  listUnread: { en: 'The ports of {host} could not be listed: {why}', zh: '无法列出 {host} 的端口：{why}' },
  flowsUnread: { en: 'The OpenFlow flows of {bridge} could not be read: {why}', zh: '无法读取 {bridge} 的 OpenFlow 流表：{why}' },

  zoneMissing: {
    en: '{iface} (VM {vm}, OpenFlow port {ofport}) on {bridge} sends its connections to conntrack without a zone ({lacking} of its {ct} ct flow(s), e.g. {sample}), while {others} of the same VLAN {vlan} use zone {zone}: connection tracking never sees their connections as established and the firewall {firewall} drops them (guide 3.6.5: SSH between {vm} and {otherVms} fails although the policy allows it).{more}',
    zh: '{bridge} 上的 {iface}（虚拟机 {vm}，OpenFlow 端口 {ofport}）把连接送入 conntrack 时没有带 zone（其 {ct} 条 ct 流表中有 {lacking} 条，例如 {sample}），而同一 VLAN {vlan} 的 {others} 使用 zone {zone}：连接跟踪始终认不出它们之间已建立的连接，防火墙 {firewall} 因而丢弃报文（指南 3.6.5：策略允许，{vm} 与 {otherVms} 之间 SSH 却不通）。{more}',
  },
  zoneDiffers: {
    en: '{iface} (VM {vm}, OpenFlow port {ofport}) on {bridge} tracks its connections in conntrack zone {got} ({lacking} of its {ct} ct flow(s), e.g. {sample}), while {others} of the same VLAN {vlan} use zone {zone}: their connections are never seen as established and the firewall {firewall} drops them (guide 3.6.5).{more}',
    zh: '{bridge} 上的 {iface}（虚拟机 {vm}，OpenFlow 端口 {ofport}）在 conntrack zone {got} 中跟踪连接（其 {ct} 条 ct 流表中有 {lacking} 条，例如 {sample}），而同一 VLAN {vlan} 的 {others} 使用 zone {zone}：它们之间的连接始终不被认作已建立，防火墙 {firewall} 因而丢弃报文（指南 3.6.5）。{more}',
  },
  noCtFlows: {
    en: '{iface} (VM {vm}, OpenFlow port {ofport}) on {bridge} has the virtual firewall {firewall}, but none of its flows goes through conntrack, while {others} of VLAN {vlan} do (zone {zone}): the firewall flows of this port are missing.{more}',
    zh: '{bridge} 上的 {iface}（虚拟机 {vm}，OpenFlow 端口 {ofport}）配置了虚拟防火墙 {firewall}，但它的流表没有一条经过 conntrack，而 VLAN {vlan} 的 {others} 都有（zone {zone}）：该端口的防火墙流表缺失。{more}',
  },
  portOf: { en: '{iface} ({vm})', zh: '{iface}（{vm}）' },
  repairLog: { en: 'set_cvk_port_flow.log found this port\'s flows wrong before', zh: 'set_cvk_port_flow.log 以前也发现过该端口的流表错误' },
} as const;

export type SayVfirewallZone = SayOf<'vfirewall-zone', typeof messages>;
export type VfirewallZoneStep = StepIdOf<'vfirewall-zone'>;
