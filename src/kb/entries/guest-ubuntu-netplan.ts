import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.6.8: setting IPv4 on an Ubuntu 20+ guest fails (missing netplan file). */
export const entry = {
  id: 'guest-ubuntu-netplan',
  title: text(
    'Setting an IPv4 address on an Ubuntu 20 or later VM fails',
    'Ubuntu 20 及以上版本虚拟机配置 IPv4 地址失败',
  ),
  symptom: text(
    'When an IPv4 address is set for an Ubuntu 20 (or later) VM, the management platform reports that modifying the configuration of the VM failed; the underlying cause is that Uspheretools failed to apply the IPv4/IPv6 network settings.',
    '为 Ubuntu 20 及之后版本的虚拟机配置 IPv4 地址时，管理平台报错“修改虚拟机 xxx 配置失败”，实际原因是 Uspheretools 下发 IPv4/IPv6 网络配置出错。',
  ),
  impact: text(
    'The network of such VMs cannot be configured from the management platform.',
    '无法通过管理平台页面为这类虚拟机配置网络。',
  ),
  causes: [
    text(
      'Setting IPv4 ends by setting the MTU. If /etc/netplan/tools-netcfgv6.yaml does not exist in the guest, that last part fails with "Can not find /etc/netplan/tools-netcfgv6.yaml to update mtu" in /var/log/set-ipv6.log, the script exits early and the address is not applied.',
      '配置 IPv4 的最后一步是设置 MTU。如果虚拟机中不存在 /etc/netplan/tools-netcfgv6.yaml，这一步就会失败，/var/log/set-ipv6.log 中记录 "Can not find /etc/netplan/tools-netcfgv6.yaml to update mtu"，脚本随即异常退出，IP 地址配置不成功。',
    ),
  ],
  diagnosis: [
    text(
      'This happens inside the guest OS and cannot be seen from the hypervisor hosts; usdiag only explains it. Inside the VM, /var/log/set-ipv6.log contains "Can not find /etc/netplan/tools-netcfgv6.yaml to update mtu".',
      '问题发生在虚拟机操作系统内部，从虚拟化主机上看不到，usdiag 只给出说明。在虚拟机内查看 /var/log/set-ipv6.log，其中有 "Can not find /etc/netplan/tools-netcfgv6.yaml to update mtu"。',
    ),
  ],
  recovery: [
    {
      id: 'read-set-ipv6-log',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Inside the VM, look for the missing-file message in the log.',
        '在虚拟机内的日志中查找缺少该文件的报错。',
      ),
      command: 'grep tools-netcfgv6.yaml /var/log/set-ipv6.log',
    },
    {
      id: 'create-netcfgv6-yaml',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Inside the VM, create the file /etc/netplan/tools-netcfgv6.yaml by hand, then set the IPv4 address from the management platform again.',
        '在虚拟机内手动新建文件 /etc/netplan/tools-netcfgv6.yaml，然后在管理平台上重新配置 IPv4 地址。',
      ),
      command: 'touch /etc/netplan/tools-netcfgv6.yaml',
    },
    {
      id: 'configure-ipv6-first',
      kind: 'changing',
      cost: 'short',
      likelihood: 'low',
      text: text(
        'Alternatively, configure an IPv6 address for the VM first, then the IPv4 address you need.',
        '也可以先为虚拟机配置 IPv6 地址，再配置所需的 IPv4 地址。',
      ),
    },
  ],
} as const satisfies KbEntry;
