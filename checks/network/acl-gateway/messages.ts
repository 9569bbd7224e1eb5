/** acl-gateway's sentences and its own recovery steps (both languages). */
import type { SayOf } from '../../../src/engine/define-check.js';
import type { StepIdOf } from '../../../src/kb/index.js';

export const messages = {
  ok: {
    en: '{acls} vNIC(s) of the running VMs on {host} carry an ACL ({names}); no rule of them drops traffic to or from the gateway {gateways}{flows}.',
    zh: '{host} 上运行的虚拟机有 {acls} 块网卡挂了 ACL（{names}）；这些 ACL 中没有丢弃与网关 {gateways} 之间报文的规则{flows}。',
  },
  okNoAcl: {
    en: 'None of the {count} vNIC(s) of the {vms} running VM(s) on {host} carries an ACL: no ACL can drop their traffic to the gateway {gateways}{flows}.',
    zh: '{host} 上 {vms} 台运行中虚拟机的 {count} 块网卡都没有挂 ACL，不存在丢弃其发往网关 {gateways} 报文的 ACL{flows}。',
  },
  flowsClean: { en: ', and the datapath of {bridges} drops nothing sent to it', zh: '；{bridges} 的内核流表中也没有丢弃发往网关报文的流' },
  flowsUnread: { en: ' (the datapath flows of {bridges} could not be read: {why})', zh: '（无法读取 {bridges} 的内核流表：{why}）' },
  noVms: { en: 'No VM runs on {host}: no vNIC, no ACL.', zh: '{host} 上没有运行中的虚拟机，也就没有虚拟网卡和 ACL。' },
  noLibvirt: { en: 'libvirt is not available on {host} ({why}): no VM.', zh: '{host} 上没有可用的 libvirt（{why}），没有虚拟机。' },
  listUnread: { en: 'The VMs of {host} could not be listed: {why}', zh: '无法列出 {host} 上的虚拟机：{why}' },
  xmlUnread: { en: 'The XML of VM {vm} on {host} could not be read: {why}', zh: '无法读取 {host} 上虚拟机 {vm} 的 XML：{why}' },
  filterUnread: {
    en: 'ACL {filter} (of vNIC {vnet}, VM {vm}) could not be read: {why}',
    zh: '无法读取 ACL {filter}（虚拟机 {vm} 的网卡 {vnet}）：{why}',
  },
  noGateway: {
    en: '{host} has no gateway in its routing table ({why}), so the gateway of its VMs is unknown: their ACLs ({names}) were read but not compared with one.',
    zh: '{host} 的路由表中没有网关（{why}），虚拟机的网关未知：已读取其 ACL（{names}），但无法与网关比对。',
  },
  noRoute: { en: 'no default route or next hop', zh: '没有默认路由或下一跳' },

  aclDropsGateway: {
    en: 'ACL {acl} on vNIC {vnet} (MAC {mac}) of VM {vm} drops traffic {way} the gateway {gateway}: rule {rule}{via}. The datapath of {bridge} is dropping it now: {packets} packet(s), last used {used} ago (guide 3.6.4: the VM reaches other addresses, not its gateway).{more}',
    zh: '虚拟机 {vm} 的网卡 {vnet}（MAC {mac}）上的 ACL {acl} 丢弃{way}网关 {gateway} 的报文，规则为：{rule}{via}。{bridge} 的内核流表正在丢弃这些报文：{packets} 个报文，最近一次在 {used} 前（指南 3.6.4：虚拟机访问其他地址正常，唯独访问不了网关）。{more}',
  },
  aclRuleGateway: {
    en: 'ACL {acl} on vNIC {vnet} (MAC {mac}) of VM {vm} drops traffic {way} the gateway {gateway}: rule {rule}{via}. No datapath flow of {bridge} shows drops now (flows expire about 10 s after the last packet): the VM cannot reach its gateway as soon as it tries (guide 3.6.4).{more}',
    zh: '虚拟机 {vm} 的网卡 {vnet}（MAC {mac}）上的 ACL {acl} 丢弃{way}网关 {gateway} 的报文，规则为：{rule}{via}。{bridge} 的内核流表目前没有丢包流（最后一个报文约 10 秒后流表项即老化）：虚拟机一旦访问网关就会失败（指南 3.6.4）。{more}',
  },
  dropNoAcl: {
    en: 'The datapath of {bridge} drops what vNIC {vnet} of VM {vm} sends to the gateway {gateway} ({packets} packet(s), last used {used} ago), but no ACL rule of the VM explains it: the drop comes from another OpenFlow rule of {bridge} (a virtual firewall, see vfirewall-zone).{more}',
    zh: '{bridge} 的内核流表正在丢弃虚拟机 {vm} 的网卡 {vnet} 发往网关 {gateway} 的报文（{packets} 个报文，最近一次在 {used} 前），但虚拟机的 ACL 中没有对应的规则：丢包来自 {bridge} 上的其他 OpenFlow 规则（例如虚拟防火墙，参见 vfirewall-zone）。{more}',
  },
  wayTo: { en: 'to', zh: '发往' },
  wayFrom: { en: 'from', zh: '来自' },
  rule: {
    en: 'priority {priority}, {action}, direction {direction}, {match}',
    zh: '优先级 {priority}，{action}，方向 {direction}，{match}',
  },
  via: { en: ' (in filter {filter}, which {acl} includes)', zh: '（位于被 {acl} 引用的过滤器 {filter} 中）' },
} as const;

export const steps = {
  'edit-acl-rule': {
    kind: 'changing',
    cost: 'short',
    likelihood: 'high',
    text: {
      en: 'In the platform\'s ACL management, edit ACL {filter}: delete the rule that drops {gateway} ({rule}) or narrow it, or take the ACL off the vNIC of VM {vm}; the platform updates the host\'s flows. Then ping {gateway} from the VM.',
      zh: '在平台的 ACL 管理中编辑 ACL {filter}：删除或收窄丢弃 {gateway} 的规则（{rule}），或者把该 ACL 从虚拟机 {vm} 的网卡上解除；平台会更新主机上的流表。然后在虚拟机中 ping {gateway} 验证。',
    },
  },
  'find-other-drop': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    text: {
      en: 'Find the OpenFlow rule that drops the traffic of {iface} (OpenFlow port {ofport}) on {vswitch}: look for actions=drop among the flows matching in_port={ofport} or reg1={ofportHex}.',
      zh: '在 {vswitch} 上找出丢弃 {iface}（OpenFlow 端口 {ofport}）报文的 OpenFlow 规则：在匹配 in_port={ofport} 或 reg1={ofportHex} 的流表中查找 actions=drop。',
    },
    command: 'ovs-ofctl -O OpenFlow13 dump-flows {vswitch}',
  },
} as const;

export type SayAclGateway = SayOf<'acl-gateway', typeof messages, typeof steps>;
export type AclGatewayStep = StepIdOf<'acl-gateway'> | keyof typeof steps;
