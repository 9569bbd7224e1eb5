import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.6.6: malware on a host attacks outside addresses. */
export const entry = {
  id: 'host-compromised',
  title: text(
    'Compromised host attacking outside addresses',
    '主机感染病毒并对外发起攻击',
  ),
  symptom: text(
    'Malware on the host keeps trying to open large numbers of connections to outside addresses, eating network resources until the network fails.',
    '主机上的病毒不断尝试向外部地址发起大量连接，持续消耗网络资源，最终造成网络故障。',
  ),
  impact: text(
    'The service network of the users is affected.',
    '用户业务网络受到影响。',
  ),
  causes: [
    text(
      'The host has been broken into and runs malicious processes, usually disguised under the names of common commands and restarted by entries added to /etc/crontab.',
      '主机已被入侵并运行着恶意进程，这些进程通常伪装成常用命令的名字，并借助在 /etc/crontab 中添加的任务反复拉起。',
    ),
  ],
  diagnosis: [
    text(
      'A tcpdump capture shows suspicious traffic: DNS queries, TCP SYNs that mostly never complete, destination IPs that belong to outside data centres rather than the user\'s own network, and a lot of it.',
      '用 tcpdump 抓包看是否有异常流量：发起 DNS 解析请求，发出 TCP SYN 却基本不建立连接，目的 IP 不在用户自己的网络里而是属于一些数据中心，而且数量很大。',
    ),
    text(
      '`netstat -atunp` shows processes connecting to foreign, non-user addresses, with names posing as common programs such as "cd", "ls", "echo" or "sh" (the guide\'s sample: `48941/ls` in SYN_SENT to 103.240.141.54:3508); when the VKS has no Internet access the connections stay in SYN_SENT.',
      '`netstat -atunp` 中有进程在连接非用户环境的外部地址，进程名伪装成 "cd"、"ls"、"echo"、"sh" 等常用程序（指南示例：`48941/ls` 处于 SYN_SENT，目标 103.240.141.54:3508）；如果 VKS 无法访问外网，这些连接会一直停留在 SYN_SENT。',
    ),
    text(
      '`top -c` shows processes with high CPU or memory use that pose as common programs.',
      '`top -c` 中有占用 CPU 或内存很高、名字伪装成常用程序的进程。',
    ),
    text(
      '/etc/crontab holds entries beyond the platform\'s own. On a VKS the expected ones are the four run-parts/anacron lines and /opt/bin/cha_real_check_cvm.sh, /opt/bin/cha_real_check_cvk.sh, /opt/bin/libvirt_d_check.sh, /opt/bin/ocfs2_iscsi_conf_chg_timer.sh, `python /opt/bin/ocfs2_cluster_config.py -s`, /opt/bin/cas_clean_log.sh, /opt/bin/novnc_check.sh, /opt/bin/sys_alarmd_check.sh and /opt/bin/tomcat_check.sh; anything else may have been planted. usdiag reports such entries together with outbound SYN floods and disguised processes.',
      '/etc/crontab 中出现平台自带任务以外的条目。VKS 上应有的是四条 run-parts/anacron 任务，以及 /opt/bin/cha_real_check_cvm.sh、/opt/bin/cha_real_check_cvk.sh、/opt/bin/libvirt_d_check.sh、/opt/bin/ocfs2_iscsi_conf_chg_timer.sh、`python /opt/bin/ocfs2_cluster_config.py -s`、/opt/bin/cas_clean_log.sh、/opt/bin/novnc_check.sh、/opt/bin/sys_alarmd_check.sh 和 /opt/bin/tomcat_check.sh；其余条目都可能是被人添加的。usdiag 会把这类条目与对外 SYN 洪泛、伪装进程一起报告。',
    ),
  ],
  recovery: [
    {
      id: 'list-connections',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'List the connections with their processes; note the PIDs of processes that connect to foreign addresses or sit in SYN_SENT under a disguised name.',
        '列出所有连接及其所属进程，记下连接外部地址或停在 SYN_SENT、名字可疑的进程 PID。',
      ),
      command: 'netstat -atunp',
    },
    {
      id: 'list-processes',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Look for processes with high CPU or memory use and the name of a common program.',
        '查找 CPU 或内存占用高、名字与常用程序相同的进程。',
      ),
      command: 'top -c',
    },
    {
      id: 'check-crontab',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Compare /etc/crontab with the platform\'s own entries; anything else is suspect.',
        '把 /etc/crontab 与平台自带的定时任务逐条对比，多出来的条目都值得怀疑。',
      ),
      command: 'cat /etc/crontab',
    },
    {
      id: 'capture-traffic',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Capture on the uplink {iface} with tcpdump to confirm the abnormal traffic: DNS lookups and SYNs in volume towards outside addresses.',
        '在上行网卡 {iface} 上用 tcpdump 抓包，确认是否存在大量发往外部地址的 DNS 请求和 SYN 报文。',
      ),
    },
    {
      id: 'change-password',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Change the password of the host.',
        '修改主机密码。',
      ),
    },
    {
      id: 'remove-malicious-process',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Kill the malicious process {pid} and delete its executable from disk. (usdiag advice: read the executable\'s path from /proc/{pid}/exe before killing, since it is gone from /proc afterwards.)',
        '结束恶意进程 {pid}，并删除磁盘上对应的可执行文件。（usdiag 建议：先通过 /proc/{pid}/exe 查到可执行文件路径再结束进程，进程结束后 /proc 中就查不到了。）',
      ),
    },
    {
      id: 'clean-crontab',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Delete the planted entries from /etc/crontab.',
        '删除 /etc/crontab 中的异常任务。',
      ),
    },
    {
      id: 'reinstall-vks',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'Reinstall the VKS host.',
        '重装 VKS 主机。',
      ),
      warning: text(
        'usdiag advice: move the VMs to other hosts before reinstalling, and contact UniCloud technical support to plan it.',
        'usdiag 建议：重装前先把虚拟机迁移到其他主机，并联系 UniCloud 技术支持共同制定方案。',
      ),
    },
  ],
  notes: [
    text(
      'usdiag advice: cleaning up a running intruder rarely removes everything; treat the steps before the reinstall as containment, and check the other hosts that share the password.',
      'usdiag 建议：在入侵者仍活动的系统上清理，往往难以清除干净；重装之前的步骤应视为止损措施，并检查使用相同密码的其他主机。',
    ),
  ],
} as const satisfies KbEntry;
