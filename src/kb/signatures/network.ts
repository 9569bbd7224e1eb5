/** Guide 3.6: packet loss, IP conflicts, bonds, ACLs, virtual firewall, compromised hosts, guest network settings. */
import { text } from '../../i18n/text.js';
import { rx, rxLine, signaturesOf, type Signature } from './types.js';

const loss = signaturesOf('nic-packet-loss');
const conflict = signaturesOf('ip-conflict');
const lldp = signaturesOf('bond-lldp');
const acl = signaturesOf('acl-gateway');
const zone = signaturesOf('vfirewall-zone');
const compromised = signaturesOf('host-compromised');
const kylin = signaturesOf('guest-kylin-dns');
const netplan = signaturesOf('guest-ubuntu-netplan');

// Commands that malware likes to be mistaken for (guide 3.6.6: "cd", "ls", "echo", "sh").
const DISGUISE = '(?:ls|cd|sh|bash|echo|ps|top|pwd|cat|sleep|id|who|w|grep|netstat|ifconfig|crond?|sshd?)';

export const networkSignatures: readonly Signature[] = [
  loss('lacp-configured', {
    weight: 85,
    why: text(
      'lacp_status: configured — the bond uses LACP but negotiation with the switch failed: check the switch\'s aggregation group (type, member ports, "select" state).',
      'lacp_status: configured 表示动态聚合协商失败：检查物理交换机聚合组的类型、成员端口以及端口是否处于 select 状态。',
    ),
    any: [rx(/lacp_status: configured/, 'lacp_status')],
  }),
  loss('no-carrier', {
    weight: 60,
    why: text(
      'NO-CARRIER: the NIC is up in software but its physical link is down — check the cable, fibre or optical module.',
      'NO-CARRIER：网卡软件层面 UP 但物理链路 down——检查网线，光口可尝试更换光纤或光模块。',
    ),
    any: [rx(/<[^<>\n]{0,80}no-carrier[^<>\n]{0,80}>/, 'no-carrier')],
    // Bridges without ports report NO-CARRIER by design.
    unless: [rx(/^\d+: (?:docker\d*|virbr\d+(?:-nic)?|lxcbr\d+|lxdbr\d+|br-[0-9a-f]{12}|cni\d+|flannel\S*)[:@]/, 'docker')],
  }),
  loss('counters', {
    weight: 30,
    why: text(
      'Receive overruns or frame errors on a NIC. Counters are historic: sample twice (ifconfig ethX; sleep 10; ifconfig ethX) to see whether they grow.',
      '网卡存在接收 overruns 或 frame 错误。计数是历史累计值：执行 ifconfig ethx; sleep 10; ifconfig ethx 观察是否增长。',
    ),
    any: [
      rxLine(/rx errors \d+ dropped \d+ overruns (?:[1-9]\d*|\d+ frame [1-9])/, 'overruns'),
      rxLine(/errors:\d+ dropped:\d+ overruns:(?:[1-9]\d*|\d+ frame:[1-9])/, 'overruns:'),
    ],
  }),
  loss('ping-loss', {
    weight: 45,
    why: text('ping loses packets.', 'ping 出现丢包。'),
    any: [rx(/\b(?:[1-9]\d?(?:\.\d+)?|100)% packet loss/, 'packet loss')],
  }),
  loss('loss-zh', {
    weight: 50,
    why: text('Packet loss or broken connectivity is reported.', '报告网络丢包或业务不通。'),
    any: [rx(/丢包|业务不通|网络不通/, '丢包', '不通')],
  }),
  loss('mtu-mismatch', {
    weight: 45,
    why: text('An MTU mismatch is reported; fix it on the virtual switch.', '报告 MTU 不一致；可在虚拟交换机界面修改。'),
    any: [rx(/mtu[^\n]{0,20}(?:不一致|mismatch)/, '不一致', 'mismatch')],
  }),

  conflict('already-uses-address', {
    weight: 90,
    why: text(
      'Another device answers ARP for this IP: an IP address conflict. Give one of them another address.',
      '另一台设备响应了该 IP 的 ARP：IP 地址冲突。为其中一台重新配置 IP。',
    ),
    any: [rx(/some other host \(?[0-9a-f:]{17}\)? already uses address/, 'already uses address')],
  }),
  conflict('conflict', {
    weight: 80,
    why: text('An IP address conflict is reported.', '报告 IP 地址冲突。'),
    any: [rx(/ip ?地址冲突|地址冲突/, '地址冲突'), rx(/\bip (?:address )?conflict/, 'address conflict', 'ip conflict')],
  }),
  conflict('duplicate-address', {
    weight: 70,
    why: text('Duplicate address detection found the address in use elsewhere.', '重复地址检测发现该地址已被其他设备使用。'),
    // Kernel: "IPv6: eth0: IPv6 duplicate address fe80::1 used by 0c:da:... detected!", older "duplicate address detected!".
    any: [rx(/duplicate address (?:[0-9a-f:.]+ (?:used by [0-9a-f:]+ )?)?detected!/, 'duplicate address')],
  }),
  conflict('arp-flip-flop', {
    weight: 60,
    why: text(
      'arpwatch saw the MAC behind an IP change back and forth: two devices claim the address.',
      'arpwatch 发现同一 IP 对应的 MAC 反复变化：两台设备在争用该地址。',
    ),
    any: [rx(/(?:flip flop|changed ethernet address) \d+\.\d+\.\d+\.\d+/, 'flip flop', 'changed ethernet address')],
  }),

  lldp('title-zh', {
    weight: 80,
    why: text(
      'Active-backup bond losing packets: the backup NIC keeps sending LLDP with the bond\'s MAC, so switches move the MAC to the backup path. Disable LLDP on the physical NICs.',
      '主备聚合丢包：备用网卡持续以聚合的 MAC 发送 LLDP 报文，交换机把该 MAC 学习到备链路。关闭物理网卡的 LLDP 功能。',
    ),
    any: [rx(/主备聚合(?:[^\n]{0,6})丢包/, '主备聚合')],
  }),
  lldp('lldp-multicast', {
    weight: 70,
    why: text(
      'LLDP_Multicast frames from a bond member: on the backup member they move the bond\'s MAC on the switches.',
      '聚合成员发出 LLDP_Multicast 报文：从备用成员发出时会使交换机上的 MAC 漂移。',
    ),
    any: [rx(/lldp_multicast/, 'lldp_multicast')],
  }),
  lldp('backup-lldp', {
    weight: 60,
    why: text('LLDP is active on an active-backup bond.', '主备聚合上开启了 LLDP。'),
    all: [rx(/active-backup|主备/, 'active-backup', '主备'), rx(/lldp/, 'lldp')],
    window: 20,
  }),
  lldp('mac-flapping', {
    weight: 55,
    why: text(
      'The switch sees the host\'s MAC move between ports (MAC flapping).',
      '交换机发现主机 MAC 在端口之间漂移（MAC flapping）。',
    ),
    any: [
      rx(/mac[ _-]?(?:address )?flapping|mac (?:address )?[^\n]{0,60}(?:has )?moved from port|mac ?(?:地址)?漂移/, 'flapping', 'moved from port', '漂移'),
    ],
  }),

  acl('dpif-drop-dst', {
    weight: 55,
    why: text(
      'The OVS datapath drops traffic to one destination address: an ACL rule matches it. If it is the gateway, fix the VM\'s ACL.',
      'OVS 内核流表丢弃了发往某个目的地址的报文：命中了 ACL 规则。如果该地址是网关，修改虚拟机的 ACL。',
    ),
    // The guide's sample is wrapped, so this may cross a line end, but never into the next flow.
    any: [rx(/ipv4\([^)]*dst=\d+\.\d+\.\d+\.\d+(?:\/255\.255\.255\.255)?[,)](?:(?!actions:)[^\n]){0,400}actions:drop/, 'actions:drop')],
  }),
  acl('nwfilter-drop', {
    weight: 70,
    why: text(
      'The VM\'s ACL (nwfilter) drops traffic to a specific destination address.',
      '虚拟机的 ACL（nwfilter）丢弃发往特定目的地址的报文。',
    ),
    all: [rx(/<rule action=["']drop["']/, `action='drop'`, 'action="drop"'), rx(/dstipaddr=/, 'dstipaddr')],
    window: 3,
  }),
  acl('gateway-unreachable', {
    weight: 55,
    why: text(
      'The VM reaches other addresses but not its gateway: an ACL is the usual cause.',
      '虚拟机能访问其他地址却访问不了网关：通常是 ACL 导致。',
    ),
    any: [
      rx(/(?:无法|不能)(?:访问|ping ?通?)网关/, '网关'),
      rx(/(?:cannot|can't|unable to) (?:reach|ping|access) (?:the )?gateway/, 'gateway'),
    ],
  }),

  zone('flow-error', {
    weight: 90,
    why: text(
      'set_cvk_port_flow found a firewall port whose flows are wrong: run bash /opt/bin/set_cvk_port_flow.sh for the port (it repairs the flows).',
      'set_cvk_port_flow 发现配置了防火墙的端口流表错误：执行 bash /opt/bin/set_cvk_port_flow.sh 修复该端口的流表。',
    ),
    any: [rx(/the flow table is error/, 'flow table is error'), rx(/do need revalidate flow/, 'need revalidate')],
  }),
  zone('ct-zone-mismatch', {
    weight: 65,
    why: text(
      'Conntrack flows of firewall ports use different zones (one with zone=N, one without): stateful filtering breaks and SSH between the VMs fails.',
      '防火墙端口的连接跟踪流表 zone 不一致（一个有 zone=N，一个没有）：状态过滤失效，虚拟机之间 SSH 失败。',
    ),
    all: [rx(/actions=ct\(table=\d+\)/, 'ct(table='), rx(/actions=ct\(table=\d+,zone=\d+\)/, 'zone=')],
    window: 60,
  }),
  zone('ct-without-zone', {
    weight: 30,
    why: text('A conntrack flow without a zone on a firewall port.', '防火墙端口上存在没有 zone 的连接跟踪流表。'),
    any: [rx(/actions=ct\(table=\d+\)/, 'ct(table=')],
  }),
  zone('firewall-ssh', {
    weight: 65,
    why: text('SSH fails between VMs that have a virtual firewall.', '配置了虚拟防火墙的虚拟机之间 SSH 失败。'),
    any: [
      rx(
        /(?:虚拟防火墙|virtual firewall|vfirewall)[^\n]{0,80}ssh|ssh[^\n]{0,80}(?:虚拟防火墙|virtual firewall|vfirewall)/,
        '虚拟防火墙',
        'virtual firewall',
        'vfirewall',
      ),
    ],
  }),
  zone('port-flow-script', {
    weight: 35,
    why: text('The port-flow repair script is referenced.', '引用了端口流表修复脚本。'),
    any: [rx(/set_cv[km]_port_flow/, 'port_flow')],
  }),

  compromised('disguised-syn', {
    weight: 80,
    why: text(
      'A process named like a common command tries to open connections (SYN_SENT) to outside addresses: the host is probably infected. Change passwords, kill it and delete its file, clean /etc/crontab, reinstall the host.',
      '名字伪装成常用命令的进程在向外部地址发起连接（SYN_SENT）：主机很可能中毒。更换密码、结束进程并删除文件、清理 /etc/crontab、重装主机。',
    ),
    any: [
      rxLine(new RegExp(`syn_sent +\\d+/${DISGUISE}\\s*$`), 'syn_sent'),
      rxLine(new RegExp(`syn-sent[^\\n]{0,200}users:\\(\\("${DISGUISE}"`), 'syn-sent'),
    ],
  }),
  compromised('miner', {
    weight: 80,
    why: text('A known crypto-mining program or pool address.', '已知的挖矿程序或矿池地址。'),
    any: [
      rx(/\b(?:xmrig|kinsing|kdevtmpfsi|minerd|cpuminer|xmr-stak)\b|stratum\+tcp:\/\//, 'xmrig', 'kinsing', 'kdevtmpfsi', 'minerd', 'cpuminer', 'xmr-stak', 'stratum+tcp'),
    ],
  }),
  compromised('cron-download', {
    weight: 70,
    why: text(
      'A cron entry downloads and runs a script: not one of the platform\'s own jobs.',
      '定时任务下载并执行脚本：不属于平台自带的定时任务。',
    ),
    any: [rxLine(/^(?:\S+ ){5}(?:root )?[^\n]{0,300}(?:wget|curl)[^\n|]{0,300}\|\s*(?:ba)?sh\b/, 'wget', 'curl')],
  }),
  compromised('infected-zh', {
    weight: 75,
    why: text('The host is reported infected.', '报告主机中毒。'),
    any: [rx(/主机中毒|中了?病毒|挖矿|木马/, '中毒', '病毒', '挖矿', '木马')],
  }),

  kylin('dns-lost', {
    weight: 75,
    why: text(
      'Kylin guests lose DNS at reboot because /etc/resolv.conf is a symbolic link: delete it and create a regular file with the DNS settings.',
      '银河麒麟虚拟机重启后 DNS 失效是因为 /etc/resolv.conf 是软链接：删除该链接并新建普通文件写入 DNS 配置。',
    ),
    any: [rx(/(?:麒麟|kylin)[^\n]{0,80}(?:dns|resolv\.conf)|(?:dns|resolv\.conf)[^\n]{0,80}(?:麒麟|kylin)/, '麒麟', 'kylin')],
  }),
  kylin('dns-reset', {
    weight: 60,
    why: text('DNS settings disappear after a reboot.', '重启后 DNS 配置失效。'),
    any: [
      rx(/(?:dns|resolv\.conf)[^\n]{0,30}(?:重启后|after (?:a )?reboot)[^\n]{0,20}(?:失效|丢失|lost|reset|gone|被覆盖|overwritten)/, '重启后', 'after reboot', 'after a reboot'),
      rx(/重启[^\n]{0,10}(?:dns|resolv\.conf)[^\n]{0,10}(?:失效|丢失)|dns ?配置(?:失效|丢失)/, '失效', '丢失'),
    ],
  }),
  kylin('resolv-symlink', {
    weight: 45,
    why: text('/etc/resolv.conf is a symbolic link.', '/etc/resolv.conf 是软链接。'),
    any: [rxLine(/^l[rwx-]{9}\S* +\d+ +\S+ +\S+ +\d+ [^\n]{0,300}resolv\.conf -> /, 'resolv.conf')],
  }),

  netplan('netcfgv6-missing', {
    weight: 95,
    why: text(
      'Uspheretools cannot find /etc/netplan/tools-netcfgv6.yaml to set the MTU and aborts: create that file in the VM, or configure IPv6 first and then IPv4.',
      'Uspheretools 找不到 /etc/netplan/tools-netcfgv6.yaml 来设置 MTU 而退出：在虚拟机内新建该文件，或先配置 IPv6 再配置 IPv4。',
    ),
    any: [rx(/can ?not find \/etc\/netplan\/tools-netcfgv6\.yaml/, 'netcfgv6')],
  }),
  netplan('netcfgv6', {
    weight: 60,
    why: text('The netplan file used by Uspheretools for IPv6/MTU is referenced.', '引用了 Uspheretools 用于 IPv6/MTU 的 netplan 文件。'),
    any: ['tools-netcfgv6.yaml'],
  }),
  netplan('modify-vm-failed', {
    weight: 60,
    why: text(
      'Changing the VM\'s configuration failed; on Ubuntu 20+ guests setting IPv4 fails on the missing tools-netcfgv6.yaml (see /var/log/set-ipv6.log).',
      '修改虚拟机配置失败；Ubuntu 20 及以上的虚拟机配置 IPv4 时会因缺少 tools-netcfgv6.yaml 而失败（见 /var/log/set-ipv6.log）。',
    ),
    any: [
      rx(/修改虚拟机[^\n]{1,60}?配置失败/, '配置失败'),
      rx(/failed to modify (?:the )?(?:configuration of )?(?:the )?(?:vm|virtual machine)/, 'failed to modify'),
    ],
  }),
  netplan('set-ipv6-log', {
    weight: 35,
    why: text('The guest log of the IPv6/MTU script is referenced.', '引用了 IPv6/MTU 脚本的虚拟机日志。'),
    any: ['set-ipv6.log'],
  }),
];
