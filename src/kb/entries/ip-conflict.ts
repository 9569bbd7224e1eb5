import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.6.2: two devices on the LAN use the same IP address. */
export const entry = {
  id: 'ip-conflict',
  title: text('IP address conflict', 'IP 地址冲突'),
  symptom: text(
    'The management platform shows a host (172.16.51.23 in the guide\'s example) as disconnected although its services run normally, and the logs show failed connections to it. SSH with the correct password is refused as if the password were wrong.',
    '管理平台显示某台主机（指南示例为 172.16.51.23）连接异常，但主机上的服务都正常，日志里有连接该主机失败的记录；用正确的密码 SSH 登录，却提示密码错误、无法连接。',
  ),
  impact: text(
    'The host cannot be reached or managed reliably.',
    '主机无法被正常连接和管理。',
  ),
  causes: [
    text(
      'Another device on the same LAN is configured with the host\'s IP address, so the workstation\'s packets reach that device instead of the host.',
      '局域网内另有一台设备配置了与该主机相同的 IP 地址，客户端的报文被送到了那台设备而不是主机。',
    ),
  ],
  diagnosis: [
    text(
      'The MAC of the host\'s management virtual switch (`ip addr show dev vswitch0`) differs from the MAC that the rest of the network associates with the host\'s IP. In the guide\'s example the workstation reached 172.16.51.23 at 0c:da:41:1d:10:2e while vswitch0 of that host had 0c:da:41:1d:43:79.',
      '主机管理虚拟交换机的 MAC（`ip addr show dev vswitch0`）与网络中其他设备为该主机 IP 解析到的 MAC 不同。指南中的例子：客户端访问 172.16.51.23 时目的 MAC 是 0c:da:41:1d:10:2e，而该主机 vswitch0 的 MAC 是 0c:da:41:1d:43:79。',
    ),
    text(
      'A capture on the host sees none of the requests that the workstation sends to the host\'s IP.',
      '客户端发往该主机 IP 的请求，在主机上抓包时一个也看不到。',
    ),
    text(
      'usdiag compares the addresses of all inventory hosts with each other and reads their neighbour (ARP) tables: the same IP on two hosts, or a neighbour entry that maps one host\'s IP to a MAC that is not that host\'s, is reported.',
      'usdiag 会对比清单中所有主机的地址，并读取它们的邻居（ARP）表：同一个 IP 出现在两台主机上，或者邻居表把某台主机的 IP 对应到不属于它的 MAC，都会被报告出来。',
    ),
  ],
  recovery: [
    {
      id: 'show-host-address',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'On the host (from its console if SSH does not work), note the MAC and IP of the management virtual switch.',
        '在主机上（SSH 不通时通过控制台）记下管理虚拟交换机的 MAC 和 IP。',
      ),
      command: 'ip addr show dev {vswitch}',
    },
    {
      id: 'capture-both-ends',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Capture on the NIC of the workstation and on {vswitch} of the host at the same time, then SSH from the workstation to {hostIp}. Compare the destination MAC of the workstation\'s packets with the MAC of {vswitch}; if they differ and the host captures nothing, another device owns the address.',
        '在客户端网卡和主机的 {vswitch} 上同时抓包，再从客户端 SSH 到 {hostIp}。对比客户端报文的目的 MAC 与 {vswitch} 的 MAC：两者不同且主机侧抓不到报文，就说明这个地址被别的设备占用了。',
      ),
    },
    {
      id: 'readdress-conflicting-device',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Give one of the two devices that share {hostIp} a different, unused IP address.',
        '把共用 {hostIp} 的两台设备中的一台改配为另一个未被使用的 IP 地址。',
      ),
    },
  ],
  notes: [
    text(
      'usdiag advice: the MAC prefix (vendor OUI) of the foreign MAC often tells what kind of device took the address; 0c:da:41 is the prefix the guide\'s examples show for vNICs and virtual switches, so a conflicting MAC with that prefix most likely belongs to a VM or to another host\'s virtual switch rather than to a physical device.',
      'usdiag 建议：冲突 MAC 的前缀（厂商 OUI）往往能看出占用地址的是什么设备；指南示例中虚拟网卡和虚拟交换机的 MAC 都以 0c:da:41 开头，冲突方若是这个前缀，多半是某台虚拟机或另一台主机的虚拟交换机，而不是物理设备。',
    ),
  ],
} as const satisfies KbEntry;
