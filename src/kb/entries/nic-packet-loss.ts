import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.6.1: packet loss or no traffic on a host or VM network. */
export const entry = {
  id: 'nic-packet-loss',
  title: text(
    'Packet loss or no traffic on a host or VM network',
    '主机或虚拟机网络丢包、业务不通',
  ),
  symptom: text(
    'Pings to a host or a VM lose packets, or the services on it cannot be reached over the network at all.',
    'ping 主机或虚拟机时有丢包，或者其上的业务通过网络完全访问不到。',
  ),
  impact: text(
    'Services on the host and its VMs slow down or stop, depending on how much traffic is lost.',
    '主机及其虚拟机上的业务变慢甚至中断，严重程度取决于丢包的多少。',
  ),
  causes: [
    text(
      'The bond of the virtual switch and the aggregation group of the physical switch disagree: a dynamic (LACP) bond whose negotiation failed, or a static load-sharing bond without a matching static group on the switch.',
      '虚拟交换机的聚合与物理交换机的聚合组配置不一致：动态（LACP）聚合协商没有成功，或者静态负载分担聚合在交换机一侧缺少对应的静态聚合组。',
    ),
    text(
      'A physical NIC of the virtual switch is down: no carrier on the wire (cable, fibre or optical module), or the interface was set down in software.',
      '虚拟交换机使用的物理网卡不可用：链路没有载波（网线、光纤或光模块问题），或者网卡在软件层面被置为 down。',
    ),
    text(
      'The MTU of a NIC does not match the rest of the path.',
      '某块网卡的 MTU 与整条链路上的其他设备不一致。',
    ),
    text(
      'The NIC itself discards packets: its receive ring buffer is too small (dropped), the CPU does not service its interrupts in time (overruns), or a bad cable or optical module corrupts frames (frame/CRC errors).',
      '网卡自身在丢包：接收 Ring Buffer 太小（dropped），CPU 来不及处理网卡中断（overruns），或者网线/光模块质量问题导致帧校验出错（frame/CRC）。',
    ),
    text(
      'The vNIC of the VM is set up wrongly: wrong VLAN, an IP/MAC binding that lets only the bound address out, or an ACL / virtual firewall / security group rule that makes the OVS flow table discard the packets.',
      '虚拟机网卡配置有误：VLAN 不对，IP/MAC 绑定只放行绑定地址发出的报文，或者 ACL、虚拟防火墙、安全组的规则让 OVS 流表把报文拦截掉了。',
    ),
    text(
      'The antivirus module of the VM intercepts its traffic or throttles its bandwidth.',
      '虚拟机的防病毒模块工作异常，拦截了虚拟机报文或者限制了它的带宽。',
    ),
  ],
  diagnosis: [
    text(
      'Bond state from `ovs-appctl bond/show`: bond_mode active-backup (main/backup), balance-slb (basic load sharing) or balance-tcp (advanced); lacp_status `off` is a static bond, `negotiated` means LACP came up, `configured` means LACP negotiation failed. The guide\'s sample prints the key as `lACP_status` (OCR damage).',
      '用 `ovs-appctl bond/show` 看聚合：bond_mode 为 active-backup（主备）、balance-slb（基本负载分担）或 balance-tcp（高级负载分担）；lacp_status 为 `off` 表示静态聚合，`negotiated` 表示 LACP 协商成功，`configured` 表示 LACP 协商失败。指南示例里这个字段被 OCR 成了 `lACP_status`。',
    ),
    text(
      'NIC flags from `ifconfig <iface>` or `ip link show dev <iface>`: `<UP,BROADCAST,RUNNING,MULTICAST>` is healthy; `<UP,BROADCAST,MULTICAST>` (no RUNNING) is up in software but down on the link, and `NO-CARRIER` confirms the physical link is down; `<BROADCAST,MULTICAST>` is down in software.',
      '用 `ifconfig <iface>` 或 `ip link show dev <iface>` 看网卡标志：`<UP,BROADCAST,RUNNING,MULTICAST>` 为正常；`<UP,BROADCAST,MULTICAST>`（缺少 RUNNING）说明软件层面已 UP 但链路层不通，若同时出现 `NO-CARRIER` 就是物理链路断开；`<BROADCAST,MULTICAST>` 说明网卡在软件层面处于 DOWN。',
    ),
    text(
      'Error counters are totals since boot, so usdiag samples them twice, about 10 seconds apart, and only counts growth: dropped (lost while copying from the ring buffer to memory), overruns (ring buffer full, dropped by the NIC), frame (CRC errors with a length that is not a whole number of bytes), errors (the sum of all receive errors).',
      '错误计数是开机以来的累计值，usdiag 会间隔约 10 秒采两次，只看增长的部分：dropped（从 Ring Buffer 拷贝到内存时被丢弃）、overruns（Ring Buffer 已满，被网卡直接丢弃）、frame（CRC 校验错误且长度不是整字节）、errors（所有收包错误的总和）。',
    ),
    text(
      'MTU of the physical NICs, the virtual switch and the vnets (the MTU column of `/opt/bin/ovs_dbg_listports`), compared with each other.',
      '对比物理网卡、虚拟交换机和各个 vnet 的 MTU（`/opt/bin/ovs_dbg_listports` 输出中的 MTU 列）是否一致。',
    ),
    text(
      'The topology from `/opt/bin/ovs_dbg_listports` ties each vnet to its VM, MAC, VLAN and MTU; from there look at the VLAN, the IP/MAC binding, ACL / virtual firewall and whether antivirus is enabled for the VM.',
      '`/opt/bin/ovs_dbg_listports` 给出的拓扑把每个 vnet 与所属虚拟机、MAC、VLAN、MTU 对应起来；以此为线索再去核对虚拟机的 VLAN、IP/MAC 绑定、ACL/虚拟防火墙以及是否开启了防病毒。',
    ),
  ],
  recovery: [
    {
      id: 'check-bond',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Show the bonds of the virtual switches and note the mode, the LACP status and which member is active.',
        '查看虚拟交换机的聚合配置，记下聚合模式、LACP 状态以及当前的主链路成员。',
      ),
      command: 'ovs-appctl bond/show',
    },
    {
      id: 'fix-switch-lacp',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'lacp_status `configured` means dynamic aggregation failed to negotiate: on the physical switch check the aggregation group (it must be dynamic), that exactly the host\'s ports are its members, and that those ports are in the selected state; fix whatever differs.',
        'lacp_status 为 `configured` 说明动态聚合没有协商成功：到物理交换机上检查聚合组的类型（必须是动态聚合）、成员端口是否正好是这台主机连接的端口、这些端口是否处于 selected 状态，发现不一致就改正。',
      ),
    },
    {
      id: 'match-static-aggregation',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Make the switch match the bond mode: a static load-sharing bond (balance-slb with lacp_status `off`) needs a static aggregation group on the switch, otherwise forwarding breaks; a static active-backup bond needs no aggregation group at all.',
        '让交换机配置与聚合模式对应：静态负载分担聚合（lacp_status 为 `off` 的 balance-slb）要求交换机也配置静态聚合组，否则转发会出问题；静态主备聚合则交换机上不需要配置聚合组。',
      ),
    },
    {
      id: 'check-nic-state',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Look at the flags of each physical NIC of the virtual switch (the NICs are listed on the virtual switch page of the management platform). Without RUNNING, run `ip link show dev {iface}`: `NO-CARRIER` means the physical link is down.',
        '检查虚拟交换机所用每块物理网卡的状态标志（使用了哪些网卡可在管理平台的虚拟交换机页面查到）。如果没有 RUNNING，再执行 `ip link show dev {iface}`，出现 `NO-CARRIER` 即物理链路 down。',
      ),
      command: 'ifconfig {iface}',
    },
    {
      id: 'bring-nic-up',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'A NIC showing only `<BROADCAST,MULTICAST>` is down in software: bring it up with `ip link set dev {iface} up` or `ifup {iface}`.',
        '网卡只显示 `<BROADCAST,MULTICAST>` 时是在软件层面被 down 了，执行 `ip link set dev {iface} up` 或 `ifup {iface}` 把它拉起来。',
      ),
      command: 'ip link set dev {iface} up',
    },
    {
      id: 'check-mtu',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check the MTU of the NICs of the virtual switch against the MTU the network expects.',
        '核对虚拟交换机网卡的 MTU 是否与现网要求一致。',
      ),
      command: 'ip link show dev {iface}',
    },
    {
      id: 'fix-mtu',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'If the MTU is wrong, correct it on the virtual switch page of the management platform.',
        'MTU 设置有误时，在管理平台的虚拟交换机页面中修改。',
      ),
    },
    {
      id: 'check-counter-growth',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Sample the NIC counters twice, 10 seconds apart. Counters that do not grow are history and can be ignored; only growing ones need the following steps.',
        '间隔 10 秒两次查看网卡计数。没有增长的计数只是历史累计，可以忽略；只有持续增长的计数才需要按后面的步骤处理。',
      ),
      command: 'ifconfig {iface}; sleep 10; ifconfig {iface}',
    },
    {
      id: 'check-topology',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'On the VKS host, list the current network topology: each vnet with its VM, vNIC MAC, IP inside the VM, OpenFlow port numbers, VLAN, MTU and VNC port. Keep this output: the next steps and any escalation rely on it.',
        '在 VKS 主机上获取当前网络拓扑：每个 vnet 对应的虚拟机、虚拟网卡 MAC、虚拟机内部 IP、用户态/内核态端口号、VLAN、MTU 和 VNC 端口。请保留这份输出，后续排查和上报都要用到。',
      ),
      command: '/opt/bin/ovs_dbg_listports',
    },
    {
      id: 'check-vlan',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Find the vnet of VM {vm} in the topology by the MAC of its vNIC (shown in the management platform) and check that its VLAN is the one the service network needs.',
        '用虚拟机 {vm} 的网卡 MAC（可在管理平台查到）在拓扑中找到对应的 vnet，核对它的 VLAN 是否符合现网业务的要求。',
      ),
    },
    {
      id: 'fix-vlan',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'usdiag advice (the guide only says to compare): if the VLAN differs, correct the VLAN of the vNIC so it matches the service network.',
        'usdiag 建议（指南只要求核对）：VLAN 不一致时，修改该虚拟网卡的 VLAN，使其与业务网络一致。',
      ),
    },
    {
      id: 'check-ip-mac-binding',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'On the modify-VM page of the management platform, open the vNIC and see whether an IP/MAC binding is set. With a binding the vNIC may only send from the bound IP; packets from any other address are dropped by the OVS flow table. Also check the bound IP is the one configured inside the VM.',
        '在管理平台的修改虚拟机页面找到对应虚拟网卡，查看是否配置了 IP/MAC 绑定。绑定后该网卡只能用绑定的 IP 发包，用其他源地址发出的报文会被 OVS 流表丢弃。同时确认绑定的 IP 与虚拟机内部配置的 IP 相同。',
      ),
    },
    {
      id: 'remove-ip-mac-binding',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'When the VM uses several IPs, remove the IP/MAC binding; when the bound IP differs from the VM\'s own, correct the binding.',
        '虚拟机内部使用多个 IP 时，取消 IP/MAC 绑定；绑定的 IP 与虚拟机实际 IP 不符时，改正绑定。',
      ),
    },
    {
      id: 'check-acl-firewall',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check the ACL and virtual firewall of the VM: a wrong rule makes the OVS flow table drop its packets. With Cloud OS, security groups are whitelists by default, so check that the unreachable peer address is explicitly allowed.',
        '检查虚拟机的 ACL 和虚拟防火墙：规则配置不当时，报文会被 OVS 流表拦截。Cloud OS 场景下安全组默认是白名单，要确认与虚拟机不通的对端地址已被放行。',
      ),
    },
    {
      id: 'fix-acl-firewall',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Correct the ACL / virtual firewall rule that drops the traffic, or allow the peer address in the security group.',
        '修正拦截报文的 ACL/虚拟防火墙规则，或在安全组中放行对端地址。',
      ),
    },
    {
      id: 'grow-ring-buffer',
      kind: 'changing',
      cost: 'short',
      likelihood: 'low',
      text: text(
        'If dropped keeps growing, enlarge the receive ring buffer of the NIC to work around it. (usdiag advice: `ethtool -g {iface}` shows the current and the maximum size.)',
        '如果 dropped 持续增长，可以调大网卡的接收 Ring Buffer 来规避。（usdiag 建议：先用 `ethtool -g {iface}` 查看当前值和最大值。）',
      ),
      command: 'ethtool -G {iface} rx {rxMax}',
      warning: text(
        'Changing the ring buffer interrupts the NIC briefly: do it when there is no service traffic on it.',
        '修改 Ring Buffer 会造成网卡短暂中断，请在该网卡没有业务流量时操作。',
      ),
    },
    {
      id: 'spread-irqs',
      kind: 'changing',
      cost: 'short',
      likelihood: 'low',
      text: text(
        'If overruns keeps growing, the CPU does not service the NIC\'s interrupts fast enough: change the interrupt affinity so the NIC\'s interrupts run on idle CPUs. (usdiag advice: the NIC\'s IRQ numbers are in /proc/interrupts and their CPUs in /proc/irq/<n>/smp_affinity_list; a running irqbalance may move them back.)',
        '如果 overruns 持续增长，说明 CPU 来不及处理网卡中断：调整中断亲和性，把网卡中断放到空闲的 CPU 上处理。（usdiag 建议：网卡的中断号见 /proc/interrupts，对应 CPU 在 /proc/irq/<n>/smp_affinity_list 中设置；如果运行着 irqbalance，它可能会把设置改回去。）',
      ),
    },
    {
      id: 'stop-antivirus',
      kind: 'changing',
      cost: 'short',
      likelihood: 'low',
      text: text(
        'If antivirus is enabled for the VM, it may block the VM\'s packets or limit its bandwidth. Try stopping the AsiaInfo antivirus services and see whether traffic recovers.',
        '虚拟机开启了防病毒时，防病毒异常可能拦截报文或限制带宽。可以先关闭亚信防病毒服务，观察网络是否恢复。',
      ),
      command: 'service ds_am stop; service ds_agent stop; service ds_filter stop',
    },
    {
      id: 'fix-cabling',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'For a NIC with `NO-CARRIER` the physical link is down: check the cable and its seating; for an optical NIC try another fibre or optical module.',
        '网卡出现 `NO-CARRIER` 表示物理链路 down：检查网线是否插好、是否损坏；光口网卡可尝试更换光纤或光模块。',
      ),
    },
    {
      id: 'replace-cable-optics',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'If frame errors keep growing on {iface}, the line is corrupting frames: replace the network cable or the fibre and the optical module.',
        '如果 {iface} 上的 frame 计数持续增长，说明线路上的帧在被损坏：更换网线，或更换光纤和光模块。',
      ),
    },
    {
      id: 'capture-packets',
      kind: 'diagnostic',
      cost: 'long',
      likelihood: 'low',
      text: text(
        'When none of the above explains the loss, capture along the path with the generic Usphere capture script check_network.sh to find where packets disappear. All options are optional: --vswitch=<name> captures on the virtual switch and the physical ports bound to it; --iface="vnet0,vnet1,..." picks vnets; --iface_mac="<mac>,<mac>" picks VM NICs by MAC; --ping=<ip> also starts a ping to one address; a last argument is the capture filter that keeps the pcap files small, e.g. "icmp and host <ip>", "arp and host <ip>", "port domain", "udp and port 67 and port 68", "port 22 and host <ip>", "ether proto 0x88cc" (LLDP), "ether proto 0x8809" (LACP). For an intermittent vswitch0 alarm, run it on the VKS with --ping=<VMS IP> and a filter on the VMS IP, and at the same time on the VMS without --ping and a filter on the VKS IP. Results go to /root/tcpdump/.',
        '以上方法都无法定位时，用 Usphere 通用抓包脚本 check_network.sh 沿转发路径抓包，确认报文丢在哪里。参数全部可选：--vswitch=<名称> 会在该虚拟交换机及其绑定的物理口上抓包；--iface="vnet0,vnet1,..." 指定 vnet；--iface_mac="<mac>,<mac>" 按 MAC 指定虚拟机网卡；--ping=<ip> 同时向一个地址发起 ping；最后一个参数是抓包过滤条件，用来控制 pcap 文件大小，例如 "icmp and host <ip>"、"arp and host <ip>"、"port domain"、"udp and port 67 and port 68"、"port 22 and host <ip>"、"ether proto 0x88cc"（LLDP）、"ether proto 0x8809"（LACP）。针对 vswitch0 偶发告警：在 VKS 上带 --ping=<VMS 地址> 并按 VMS 地址过滤，同时在 VMS 上不带 --ping、按 VKS 地址过滤。结果保存在 /root/tcpdump/ 下。',
      ),
      command: 'check_network.sh --vswitch={vswitch} "{filter}"',
      warning: text(
        'The capture keeps running in the background until it is stopped and will fill the disk: kill every PID listed in the .pid file as soon as the capture is done (next step).',
        '抓包任务会在后台一直运行直到被手动结束，时间长了会占满磁盘：抓包完成后务必立即 kill 掉 .pid 文件中记录的全部进程（见下一步）。',
      ),
    },
    {
      id: 'stop-capture',
      kind: 'changing',
      cost: 'long',
      likelihood: 'low',
      text: text(
        'Stop the capture: each run of check_network.sh writes /root/tcpdump/<timestamp>-check_network.pid with the PIDs of its tcpdump and ping processes (e.g. `cat /root/tcpdump/20230518100318-check_network.pid` prints "2403 2405 2407 2408"). Kill every PID of every run (check the timestamps), then pack the /root/tcpdump directory and send it to R&D.',
        '结束抓包：check_network.sh 每运行一次都会生成 /root/tcpdump/<时间戳>-check_network.pid，记录它启动的 tcpdump 和 ping 进程号（例如 `cat /root/tcpdump/20230518100318-check_network.pid` 输出 "2403 2405 2407 2408"）。逐一 kill 每次运行记录的全部 PID（注意核对时间戳），然后把 /root/tcpdump 目录打包发给研发分析。',
      ),
      command: 'kill {pid}',
      warning: text(
        'The script may have been run several times: every .pid file needs its PIDs killed.',
        '脚本可能运行过多次，每个 .pid 文件中的进程都要结束。',
      ),
    },
  ],
  notes: [
    text(
      'Besides the pcap files, /root/tcpdump/ holds <timestamp>-ovs_dbg_listports (the topology during the capture), <timestamp>-ping.log, check_network.log and one directory per captured interface.',
      '/root/tcpdump/ 下除抓包文件外，还有 <时间戳>-ovs_dbg_listports（抓包时的网络拓扑）、<时间戳>-ping.log、check_network.log，以及每个被抓包接口各一个目录。',
    ),
    text(
      'usdiag advice: switch-side aggregation changes affect every server on that group; agree them with the network team first.',
      'usdiag 建议：交换机侧聚合配置的改动会影响该聚合组上的所有服务器，操作前先与网络管理员确认。',
    ),
  ],
} as const satisfies KbEntry;
