/** ip-conflict's sentences and its own recovery steps (both languages). */
import type { SayOf } from '../../../src/engine/define-check.js';
import type { StepIdOf } from '../../../src/kb/index.js';

export const messages = {
  ok: {
    en: '{count} address(es) of {host} ({addresses}) are answered by this host alone: none is configured on another of the {hosts} inventory host(s), and no neighbour table there maps one to another MAC{probe}.',
    zh: '{host} 的 {count} 个地址（{addresses}）只由本机应答：清单中其余 {hosts} 台主机上都没有配置这些地址，它们的邻居表也没有把这些地址对应到其他 MAC{probe}。',
  },
  probeNone: { en: ' (no active probe: --active-probes asks the LAN with arping -D)', zh: '（未做主动探测：加 --active-probes 可用 arping -D 询问局域网）' },
  probeClean: { en: '; arping -D got no reply for {addresses}', zh: '；arping -D 探测 {addresses} 没有收到应答' },
  probeUnusable: { en: '; arping -D could not probe ({why})', zh: '；无法用 arping -D 探测（{why}）' },
  notDad: { en: "the host's arping is not iputils' and does not detect duplicates", zh: '主机上的 arping 不是 iputils 版本，不能做重复地址检测' },
  noAddresses: { en: '{host} has no address on a LAN (only loopback or link-local ones): nothing to conflict with.', zh: '{host} 没有局域网地址（只有回环或链路本地地址），不存在地址冲突。' },
  selfUnread: { en: 'The addresses and interfaces of {host} could not be read: {why}', zh: '无法读取 {host} 的地址和接口：{why}' },
  peersUnread: {
    en: 'No conflict among the hosts that could be read, but {hosts} could not be read ({why}): a conflict with them is not excluded.',
    zh: '在能读取的主机之间没有发现冲突，但无法读取 {hosts}（{why}），不能排除与它们之间的冲突。',
  },

  configuredTwice: {
    en: '{address} is configured on {host} ({iface}, MAC {mac}) and on {other} ({otherIface}, MAC {otherMac}).{symptom}{more}',
    zh: '{address} 同时配置在 {host}（{iface}，MAC {mac}）和 {other}（{otherIface}，MAC {otherMac}）上。{symptom}{more}',
  },
  answeredElsewhere: {
    en: '{address} of {host} ({iface}, MAC {mac}) is answered by {foreignMac}, {owner}: {seenOn} reach(es) it there ({state}).{symptom}{more}',
    zh: '{host} 的地址 {address}（{iface}，MAC {mac}）由 {foreignMac} 应答，{owner}：{seenOn} 都是通过它访问该地址（{state}）。{symptom}{more}',
  },
  staleElsewhere: {
    en: '{seenOn} still map(s) {address} of {host} ({iface}, MAC {mac}) to {foreignMac}, {owner} (STALE: learnt earlier, not confirmed since). If that device still answers, two devices share {address}.{more}',
    zh: '{seenOn} 的邻居表仍把 {host} 的地址 {address}（{iface}，MAC {mac}）对应到 {foreignMac}，{owner}（STALE：以前学到、此后未再确认）。如果那台设备仍在应答，就有两台设备共用 {address}。{more}',
  },
  probeAnswered: {
    en: 'arping -D for {address} on {iface} of {host} got a reply from {foreignMac}, {owner}: another device answers for this host\'s address.{symptom}{more}',
    zh: '在 {host} 的 {iface} 上用 arping -D 探测 {address}，收到了 {foreignMac} 的应答，{owner}：另有设备在应答本机的地址。{symptom}{more}',
  },
  peerTaken: {
    en: '{peer} could not be read ({why}), and {seenOn} reach(es) its address {address} at {foreignMac}, {owner}: another device holds the address, which is why the host cannot be reached.{symptom}{more}',
    zh: '无法读取 {peer}（{why}），而 {seenOn} 访问其地址 {address} 时到达的是 {foreignMac}，{owner}：另有设备占用了该地址，这正是该主机无法连接的原因。{symptom}{more}',
  },
  peerTwoMacs: {
    en: '{peer} could not be read ({why}), and the neighbour tables disagree about its address {address}: {claims}. Two devices answer for it.{symptom}{more}',
    zh: '无法读取 {peer}（{why}），而各主机邻居表中其地址 {address} 对应的 MAC 不一致：{claims}。有两台设备在应答这个地址。{symptom}{more}',
  },
  claim: { en: '{host} has {mac}', zh: '{host} 记录为 {mac}' },
  symptom: {
    en: ' Two devices answer for {address}: SSH to it may reach the other one (a correct password is refused as wrong) and the platform loses {host} (guide 3.6.2).',
    zh: ' 有两台设备应答 {address}：SSH 连接可能被送到另一台设备上（正确的密码也提示错误），平台也会与 {host} 失去连接（指南 3.6.2）。',
  },

  ownerHost: { en: 'the MAC of {host}\'s {iface}', zh: '这是 {host} 的 {iface} 的 MAC' },
  ownerVm: { en: 'the NIC of VM {vm} on {vmHost} ({state})', zh: '这是 {vmHost} 上虚拟机 {vm} 的网卡（{state}）' },
  ownerVms: { en: 'the NIC of {vms}', zh: '这是 {vms} 的网卡' },
  vmOn: { en: 'VM {vm} on {vmHost} ({state})', zh: '{vmHost} 上的虚拟机 {vm}（{state}）' },
  ownerVirtualVendor: {
    en: 'not a NIC or VM of the inventory\'s hosts; its prefix {oui} ({vendor}) is the one virtual NICs carry, so most likely a VM of another platform or cluster on this LAN',
    zh: '不属于清单中任何主机或虚拟机；其前缀 {oui}（{vendor}）是虚拟网卡使用的前缀，最可能是同一局域网中另一个平台或集群的虚拟机',
  },
  ownerVendor: {
    en: 'not a NIC or VM of the inventory\'s hosts; its prefix {oui} belongs to {vendor}',
    zh: '不属于清单中任何主机或虚拟机；其前缀 {oui} 属于 {vendor}',
  },
  ownerLocal: {
    en: 'not a NIC or VM of the inventory\'s hosts; a locally administered address (set by software: a VM, a container, a bond)',
    zh: '不属于清单中任何主机或虚拟机；这是本地管理地址（由软件设置：虚拟机、容器或聚合口）',
  },
  ownerUnknown: { en: 'not a NIC or VM of the inventory\'s hosts, prefix {oui}', zh: '不属于清单中任何主机或虚拟机，前缀 {oui}' },
} as const;

export const steps = {
  'readdress-vm': {
    kind: 'changing',
    cost: 'short',
    likelihood: 'high',
    text: {
      en: 'Give VM {vm} on {vmHost} an address of its own instead of {hostIp} (in the guest\'s network settings, or in the VM\'s IP settings of the platform); shutting the VM down frees {hostIp} at once.',
      zh: '为 {vmHost} 上的虚拟机 {vm} 改配一个自己的地址，不再使用 {hostIp}（在虚拟机操作系统的网络设置中，或在平台上该虚拟机的 IP 设置中修改）；先关闭该虚拟机可以立即释放 {hostIp}。',
    },
  },
  'find-device-by-mac': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    text: {
      en: 'usdiag advice: find where {foreignMac} is connected in the MAC address table of the access switch (H3C/Huawei: display mac-address {foreignMac}; Cisco: show mac address-table address {foreignMac}), then look at that device\'s IP settings.',
      zh: 'usdiag 建议：在接入交换机的 MAC 地址表中查出 {foreignMac} 所在的端口（H3C/华为：display mac-address {foreignMac}；思科：show mac address-table address {foreignMac}），再检查该设备的 IP 配置。',
    },
  },
} as const;

export type SayIpConflict = SayOf<'ip-conflict', typeof messages, typeof steps>;
export type IpConflictStep = StepIdOf<'ip-conflict'> | keyof typeof steps;
