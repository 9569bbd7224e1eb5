import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.6.5: virtual-firewall flows of one VLAN use different conntrack zones. */
export const entry = {
  id: 'vfirewall-zone',
  title: text(
    'SSH between VMs fails behind the virtual firewall',
    '虚拟防火墙导致虚拟机之间 SSH 不通',
  ),
  symptom: text(
    'Two VMs in the same VLAN, both protected by a virtual firewall whose policy does not block SSH, cannot open SSH sessions to each other.',
    '两台虚拟机处于同一 VLAN，都配置了虚拟防火墙，策略里也没有禁止 SSH 的规则，但彼此之间就是无法 SSH 登录。',
  ),
  impact: text(
    'The VMs cannot reach each other over SSH, which breaks the services that depend on it.',
    '虚拟机之间 SSH 互访失败，依赖它的网络业务受影响。',
  ),
  causes: [
    text(
      'The OpenFlow flows of the virtual firewall were programmed inconsistently: the flows of one VM\'s port send its connections to conntrack zone 188 (the VLAN), while those of the other port use no zone (zone 0). Connection tracking then never sees an established connection and the stateful rules drop it.',
      '虚拟防火墙下发的 OpenFlow 流表不一致：一台虚拟机端口的流表把连接送入 conntrack zone 188（与 VLAN 相同），另一台的流表却没有带 zone（即 zone 0）。连接跟踪因此始终认不出已建立的连接，状态防火墙规则就把报文丢弃了。',
    ),
  ],
  diagnosis: [
    text(
      '`/opt/bin/ovs_dbg_listports` lists the vnets of the virtual switch with their OpenFlow port (OFPort), VLAN (e.g. `188x`) and firewall (e.g. FW_white).',
      '`/opt/bin/ovs_dbg_listports` 列出虚拟交换机上各 vnet 的 OpenFlow 端口号（OFPort）、VLAN（如 `188x`）和所用的防火墙（如 FW_white）。',
    ),
    text(
      'usdiag reads `ovs-ofctl -O OpenFlow13 dump-flows vs-app` (vs-app is the guide\'s virtual switch) and compares, for ports of one VLAN with a firewall, the zone in their `ct(...)` actions: in the guide\'s example in_port=3 has `ct(table=5,zone=188)` and `ct(commit,zone=188)`, in_port=2 has `ct(table=5)` and `ct(commit)`. All should carry the same zone.',
      'usdiag 读取 `ovs-ofctl -O OpenFlow13 dump-flows vs-app`（vs-app 为指南示例中的虚拟交换机），对同一 VLAN 且配置了防火墙的端口，比较其 `ct(...)` 动作中的 zone：指南示例中 in_port=3 为 `ct(table=5,zone=188)` 和 `ct(commit,zone=188)`，in_port=2 却是 `ct(table=5)` 和 `ct(commit)`。正常情况下它们的 zone 应当相同。',
    ),
    text(
      'The repair log /var/log/set_cvk_port_flow.log says per port whether the firewall flows were right: "is config FW, the flow table is error, do need revalidate flow" marks a port that needed repair.',
      '修复日志 /var/log/set_cvk_port_flow.log 逐个端口记录防火墙流表是否正确，出现 "is config FW, the flow table is error, do need revalidate flow" 的端口就是需要修复的。',
    ),
  ],
  recovery: [
    {
      id: 'list-firewall-ports',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'List the ports of the virtual switch and note the OpenFlow port numbers of the two VMs, their VLAN and their firewall.',
        '列出虚拟交换机的端口，记下两台虚拟机对应的 OpenFlow 端口号、VLAN 和防火墙名称。',
      ),
      command: '/opt/bin/ovs_dbg_listports',
    },
    {
      id: 'compare-ct-zones',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Dump the OpenFlow flows of {vswitch} and compare the zone= value in the ct() actions of the flows for each of the two ports (a port\'s flows match in_port=N or reg1=N in hex, N being its OpenFlow port number from the listing; here {iface} and the ports it is compared with). A port whose flows lack the zone the others use is the broken one.',
        '导出 {vswitch} 的 OpenFlow 流表，分别比较两个端口相关流表中 ct() 动作的 zone= 值（端口的流表匹配 in_port=N 或 reg1=N 的十六进制，N 为端口列表中的 OpenFlow 端口号；此处为 {iface} 及与之比较的端口）；缺少其他端口都带有的 zone 的那个端口就是出问题的端口。',
      ),
      command: 'ovs-ofctl -O OpenFlow13 dump-flows {vswitch}',
    },
    {
      id: 'repair-flows-from-vms',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'On the VMS: upload set_cvm_port_flow.sh and set_cvk_port_flow.sh into one directory and run `bash set_cvm_port_flow.sh`. It copies set_cvk_port_flow.sh to /opt/bin/ on every VKS; afterwards /var/log/set_cvk_port_flow.log shows whether broken flows were found and repaired.',
        '在 VMS 上：把 set_cvm_port_flow.sh 和 set_cvk_port_flow.sh 上传到同一目录，执行 `bash set_cvm_port_flow.sh`。脚本会把 set_cvk_port_flow.sh 分发到所有 VKS 的 /opt/bin/ 下；完成后查看 /var/log/set_cvk_port_flow.log，确认是否有错误流表被修复。',
      ),
      command: 'bash set_cvm_port_flow.sh',
    },
    {
      id: 'repair-flows-on-vks',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'On the VKS: repair the flows of one VM port by naming its vnet ({iface}) or its MAC as the only argument, or of all VM ports by running the script without arguments. A wrong argument makes the script print its usage.',
        '在 VKS 上：以 vnet 名称（{iface}）或虚拟机网卡 MAC 作为唯一参数，修复单个虚拟机端口的流表；不带参数则修复所有虚拟机端口。参数不对时脚本会给出提示。',
      ),
      command: 'bash /opt/bin/set_cvk_port_flow.sh {iface}',
    },
  ],
  notes: [
    text(
      'Every VKS has a scheduled task that runs set_cvk_port_flow.sh each day at 23:00 and repairs wrong VM flows by itself, so a broken port may heal overnight.',
      '每台 VKS 上都有定时任务，每天 23:00 自动执行 set_cvk_port_flow.sh，发现虚拟机流表不对会自行修复，因此出问题的端口也可能在夜间自动恢复。',
    ),
    text(
      'The VMS-side script takes no arguments and refuses to run anywhere but on the VMS ("script can only run on VMS!"); it checks that the virtual-firewall configuration of the ports and their flow tables agree on the VMS and all VKS hosts. The guide names it both set_cvm_port_flow.sh and set_vms_port_flow.sh.',
      'VMS 端脚本没有参数，只能在 VMS 上运行（否则提示 "script can only run on VMS!"），用于检查 VMS 及各 VKS 上虚拟端口的虚拟防火墙配置与流表是否一致。指南中该脚本名既写作 set_cvm_port_flow.sh，也写作 set_vms_port_flow.sh。',
    ),
    text(
      'usdiag advice: the guide does not say where the two scripts come from; ask UniCloud technical support for them.',
      'usdiag 建议：指南没有说明这两个脚本从何处获取，可向 UniCloud 技术支持索取。',
    ),
  ],
} as const satisfies KbEntry;
