import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.6.4: a VM's ACL drops its traffic to the gateway. */
export const entry = {
  id: 'acl-gateway',
  title: text(
    'VM cannot reach its gateway because of an ACL',
    'ACL 配置导致虚拟机访问不了网关',
  ),
  symptom: text(
    'A VM reaches other addresses normally, but not its gateway (172.16.51.6 in the guide\'s example).',
    '虚拟机访问其他地址都正常，唯独访问不了网关（指南示例中为 172.16.51.6）。',
  ),
  impact: text(
    'The services of the VM are affected.',
    '虚拟机上的业务受到影响。',
  ),
  causes: [
    text(
      'An ACL attached to the VM\'s vNIC (a libvirt nwfilter referenced by `<filterref filter=\'...\'/>`) has a drop rule for the gateway address, so OVS discards the packets between the vnet and the physical NIC.',
      '虚拟机网卡上挂了 ACL（XML 中 `<filterref filter=\'...\'/>` 引用的 libvirt nwfilter），其中有丢弃网关地址的规则，报文在 vnet 与物理网卡之间被 OVS 丢掉了。',
    ),
  ],
  diagnosis: [
    text(
      'The path is vNIC, vnet, host NIC, physical switch: `tcpdump -i vnet0 -ne icmp` on the vnet shows the echo requests to the gateway, the same capture on the uplink NIC shows none.',
      '报文路径为虚拟机网卡、vnet、主机网卡、物理交换机：在 vnet 上执行 `tcpdump -i vnet0 -ne icmp` 能看到发往网关的 echo request，在上行物理网卡上同样抓包却一个都没有。',
    ),
    text(
      'usdiag reads the `<filterref>` of each vNIC from `virsh dumpxml vm_name`, the rules of that filter from `virsh nwfilter-dumpxml acl_name` (e.g. `<rule action=\'drop\' ...>` with `<icmp dstipaddr=\'172.16.51.6\' dstipmask=\'32\'/>`), and the kernel datapath flows from `ovs-appctl dpif/dump-flows vswitch0`, where the gateway traffic shows `actions:drop`.',
      'usdiag 从 `virsh dumpxml vm_name` 读出各虚拟网卡的 `<filterref>`，再用 `virsh nwfilter-dumpxml acl_name` 读出该过滤器的规则（例如 `<rule action=\'drop\' ...>` 加 `<icmp dstipaddr=\'172.16.51.6\' dstipmask=\'32\'/>`），并查看 `ovs-appctl dpif/dump-flows vswitch0` 的内核流表，发往网关的流量对应 `actions:drop`。',
    ),
  ],
  recovery: [
    {
      id: 'capture-vnet-and-uplink',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Ping the gateway from the VM and capture ICMP on its vnet and then on the uplink NIC: requests seen on the vnet but not on the uplink are dropped inside the host.',
        '在虚拟机里 ping 网关，分别在它的 vnet 和上行物理网卡上抓 ICMP：vnet 上有请求而上行网卡上没有，说明报文在主机内部被丢弃。',
      ),
      command: 'tcpdump -i {iface} -ne icmp',
    },
    {
      id: 'find-vm-of-vnet',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Find the VM that the vnet belongs to in the topology listing.',
        '在拓扑信息中查出该 vnet 属于哪台虚拟机。',
      ),
      command: '/opt/bin/ovs_dbg_listports',
    },
    {
      id: 'read-vm-filterref',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'In the VM\'s XML, find the interface element whose target is the vnet ({iface}) and read the ACL name from its filterref element (`filter=\'...\'`).',
        '在虚拟机 XML 中找到 target 为该 vnet（{iface}）的 interface 节点，从其 filterref 节点（`filter=\'...\'`）读出 ACL 名称。',
      ),
      command: 'virsh dumpxml {vm}',
    },
    {
      id: 'read-acl-rules',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Read the rules of the ACL and look for a drop rule whose destination is the gateway.',
        '查看该 ACL 的具体规则，找出目的地址为网关的 drop 规则。',
      ),
      command: 'virsh nwfilter-dumpxml {filter}',
    },
    {
      id: 'find-drop-flow',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Confirm in the kernel flow table of the virtual switch: the flow matching the gateway address ends in `actions:drop` and its packet count keeps rising.',
        '在虚拟交换机的内核流表中确认：匹配网关地址的流表项动作为 `actions:drop`，且报文计数不断增加。',
      ),
      command: 'ovs-appctl dpif/dump-flows {vswitch}',
    },
    {
      id: 'fix-vm-acl',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Change the ACL of the VM so that it no longer drops traffic to the gateway (remove or correct the rule, or detach the ACL from the vNIC).',
        '修改虚拟机的 ACL 配置，使其不再丢弃发往网关的报文（删除或修正该规则，或者从虚拟网卡上解除该 ACL）。',
      ),
    },
  ],
} as const satisfies KbEntry;
