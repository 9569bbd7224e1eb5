import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.6.7: a Kylin guest loses its DNS settings after a reboot. */
export const entry = {
  id: 'guest-kylin-dns',
  title: text(
    'Kylin VM loses its DNS settings after a reboot',
    '银河麒麟虚拟机重启后 DNS 配置丢失',
  ),
  symptom: text(
    'DNS servers configured inside a Kylin (Galaxy Kylin) VM are gone after it restarts.',
    '在银河麒麟虚拟机里配置好 DNS，重启之后配置就没有了。',
  ),
  impact: text(
    'The VM can no longer resolve names, so its network services are affected.',
    '虚拟机无法解析域名，网络业务受到影响。',
  ),
  causes: [
    text(
      'In Kylin the DNS configuration file /etc/resolv.conf is a symbolic link; what is written through it does not survive a restart.',
      '银河麒麟系统中的 DNS 配置文件 /etc/resolv.conf 是一个软链接，通过它写入的内容在重启后不会保留。',
    ),
  ],
  diagnosis: [
    text(
      'This happens inside the guest OS and cannot be seen from the hypervisor hosts; usdiag only explains it. Inside the VM, `ls -l /etc/resolv.conf` shows an arrow (->) to the file the link points to.',
      '问题发生在虚拟机操作系统内部，从虚拟化主机上看不到，usdiag 只给出说明。在虚拟机内执行 `ls -l /etc/resolv.conf`，如果输出中带有箭头（->）和指向的目标文件，就是软链接。',
    ),
  ],
  recovery: [
    {
      id: 'check-resolv-link',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Inside the VM, confirm that /etc/resolv.conf is a symbolic link.',
        '在虚拟机内确认 /etc/resolv.conf 是软链接。',
      ),
      command: 'ls -l /etc/resolv.conf',
    },
    {
      id: 'replace-resolv-link',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Delete the symbolic link /etc/resolv.conf, create a regular file /etc/resolv.conf in its place, and write the DNS settings you need into it (one "nameserver <ip>" line per server).',
        '删除软链接 /etc/resolv.conf，在原位置新建普通文件 /etc/resolv.conf，再把需要的 DNS 配置写进去（每个 DNS 服务器一行 "nameserver <ip>"）。',
      ),
    },
  ],
  notes: [
    text(
      'usdiag advice: keep a note of where the link pointed; a network manager in the guest that owned that file may also need its DNS settings changed, or it may overwrite the new file later.',
      'usdiag 建议：记下软链接原来指向的文件；如果虚拟机中有网络管理服务负责生成该文件，可能还需要在该服务中修改 DNS 设置，否则它以后可能覆盖新文件。',
    ),
  ],
} as const satisfies KbEntry;
