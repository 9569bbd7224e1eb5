import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.6.3: the backup member of an active-backup bond still sends LLDP. */
export const entry = {
  id: 'bond-lldp',
  title: text(
    'Packet loss on an active-backup bond whose backup NIC sends LLDP',
    '主备聚合的备链路网卡发送 LLDP 导致丢包',
  ),
  symptom: text(
    'The host reaches its gateway on the physical switch without loss, but pings from the switch to the host succeed only intermittently. The loss appears only while one particular member of the bond is the active one.',
    '主机 ping 物理交换机上的网关一切正常，反过来从交换机 ping 主机却时通时断；而且只有当聚合中某一块特定网卡作为主链路时才会丢包。',
  ),
  impact: text(
    'The network of the host loses packets, which makes the virtualization environment unstable.',
    '主机网络丢包，虚拟化环境运行不稳定。',
  ),
  causes: [
    text(
      'Both members of a static active-backup bond have LLDP enabled. The backup member keeps sending LLDP_multicast frames whose source MAC is the MAC of the virtual switch, so the upstream devices (VC modules, switches) learn that MAC on the backup path. Replies then travel down the backup path, where OVS discards them because a backup member does not forward.',
      '静态主备聚合的两块成员网卡都开启了 LLDP。备链路网卡仍在定时发送源 MAC 为虚拟交换机 MAC 的 LLDP_multicast 报文，上游设备（刀箱 VC 模块、交换机）于是在备链路一侧学到这个 MAC，发往主机的报文就被送到备链路，而备链路不处理报文，OVS 直接丢弃。',
    ),
  ],
  diagnosis: [
    text(
      '`ovs-appctl bond/show` shows bond_mode active-backup and which member is active; usdiag then looks for LLDP still being sent on the other (backup) member.',
      '`ovs-appctl bond/show` 显示 bond_mode 为 active-backup 以及当前主链路成员；usdiag 据此检查另一块（备链路）网卡是否仍在发送 LLDP。',
    ),
    text(
      'A capture on the backup member (saved and opened in Wireshark) shows LLDP_multicast frames carrying the MAC of the virtual switch, e.g. FC:15:B4:1C:AD:79 in the guide\'s example of a blade chassis with two VC modules and an IRF stack.',
      '在备链路网卡上抓包并用 Wireshark 分析，可以看到携带虚拟交换机 MAC 的 LLDP_multicast 报文，例如指南中刀箱（两个 VC 模块、交换机 IRF 堆叠）案例里的 FC:15:B4:1C:AD:79。',
    ),
    text(
      'The loss follows the active member: with one NIC active both directions work, with the other the switch-to-host direction loses packets.',
      '丢包与哪块网卡当主链路有关：一块网卡为主时双向都正常，换成另一块为主时交换机到主机方向丢包。',
    ),
  ],
  recovery: [
    {
      id: 'check-bond',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Confirm the bond is active-backup and note which member is active and which is the backup (here: {iface} is the backup of {bond}).',
        '确认聚合模式为 active-backup，记下哪块网卡是主链路、哪块是备链路（此处 {iface} 是 {bond} 的备链路）。',
      ),
      command: 'ovs-appctl bond/show',
    },
    {
      id: 'capture-backup-member',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Capture on the backup member {iface}, stop with Ctrl+C after a while, copy the file to a PC and look for LLDP_multicast frames with the MAC of the virtual switch in Wireshark.',
        '在备链路网卡 {iface} 上抓包，一段时间后按 Ctrl+C 停止，把文件拷到 PC 上用 Wireshark 查找源 MAC 为虚拟交换机 MAC 的 LLDP_multicast 报文。',
      ),
      command: 'tcpdump -i {iface} -s 0 -w /tmp/{iface}.cap',
    },
    {
      id: 'disable-nic-lldp',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Turn off LLDP on the physical NICs of the bond {bond}, first on {iface}; the loss stops. (usdiag advice: LLDP may come from an agent on the host such as lldpad, or from the NIC firmware itself, e.g. the disable-fw-lldp private flag of Intel i40e NICs; switch off whichever sends it.)',
        '关闭聚合 {bond} 成员物理网卡的 LLDP 功能（先关闭 {iface}）即可恢复。（usdiag 建议：LLDP 可能由主机上的代理程序（如 lldpad）发出，也可能由网卡固件自己发出，例如 Intel i40e 网卡的 disable-fw-lldp 私有标志；关闭实际发送 LLDP 的那一方。）',
      ),
    },
  ],
} as const satisfies KbEntry;
