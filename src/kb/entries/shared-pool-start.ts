import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.5.2. */
export const entry = {
  id: 'shared-pool-start',
  title: text('Shared storage pool fails to start', '共享存储池启动失败'),
  symptom: text(
    'Starting a shared storage pool fails and the platform shows the corresponding error.',
    '启动共享存储池失败，平台给出相应的报错。',
  ),
  impact: text(
    'The shared pool stays inactive and the services that depend on it cannot run.',
    '共享存储池起不来，依赖它的业务无法使用。',
  ),
  causes: [
    text(
      'Usually the network or the storage configuration at the site: look at both sides.',
      '多半与现场的网络或存储配置有关，需要从网络和存储两方面排查。',
    ),
  ],
  diagnosis: [
    text(
      'A configuration change on the storage side no longer lets the host reach its LUN.',
      '存储侧配置有变动，主机已经访问不到对应的 LUN。',
    ),
    text(
      'The path from the server to the storage is broken: FC ports or iSCSI sessions (IP SAN) are down.',
      '服务器到存储的链路不通：FC 端口或 IP SAN 的 iSCSI 会话断了。',
    ),
    text(
      'Errors in /var/log/ocfs2_shell_201511.log, /var/log/libvirt/libvirtd.log and /var/log/syslog.',
      '/var/log/ocfs2_shell_201511.log、/var/log/libvirt/libvirtd.log 和 /var/log/syslog 中有报错。',
    ),
    text(
      '/etc/default/o2cb or /etc/ocfs2/cluster.conf differs between the nodes.',
      '各节点之间 /etc/default/o2cb 或 /etc/ocfs2/cluster.conf 的内容不一致。',
    ),
    text(
      '`multipath -ll` has no correct map for the LUN, or the by-id path named after its WWID (NAA), such as /dev/disk/by-id/dm-name-36000eb34fe49de76000000000004064, is missing.',
      '`multipath -ll` 中该 LUN 没有正确的多路径，或以其 WWID（NAA）命名的 by-id 路径（如 /dev/disk/by-id/dm-name-36000eb34fe49de76000000000004064）不存在。',
    ),
    text('`fdisk -l` does not show the disk, or cannot read it.', '`fdisk -l` 看不到该磁盘或读取失败。'),
  ],
  recovery: [
    {
      id: 'check-lun-mapping',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Find out from the storage administrator whether anything changed on the storage (LUN mapping, host group, the volume itself) that keeps {host} from reaching the LUN.',
        '向存储管理员确认存储侧是否有改动（LUN 映射、主机组、卷本身），导致 {host} 访问不到 LUN。',
      ),
    },
    {
      id: 'check-san-links',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'From {host}, check that the storage can be reached: the FC port state (`cat /sys/class/fc_host/host*/port_state`) for FC SAN, the iSCSI sessions (`iscsiadm -m session`) for IP SAN.',
        '在 {host} 上确认存储链路可达：FC SAN 看 FC 端口状态（`cat /sys/class/fc_host/host*/port_state`），IP SAN 看 iSCSI 会话（`iscsiadm -m session`）。',
      ),
    },
    {
      id: 'read-logs',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Read /var/log/ocfs2_shell_201511.log, /var/log/libvirt/libvirtd.log and /var/log/syslog on {host} for the error behind the failed start.',
        '分析 {host} 上的 /var/log/ocfs2_shell_201511.log、/var/log/libvirt/libvirtd.log 和 /var/log/syslog，找出启动失败背后的报错。',
      ),
    },
    {
      id: 'compare-cluster-config',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Compare /etc/default/o2cb and /etc/ocfs2/cluster.conf across all nodes; they must be the same everywhere.',
        '逐台比对各节点的 /etc/default/o2cb 和 /etc/ocfs2/cluster.conf，所有节点必须一致。',
      ),
    },
    {
      id: 'check-multipath',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      command: 'multipath -ll',
      text: text(
        'Check that the LUN has a correct multipath map with working paths and that /dev/disk/by-id/dm-name-{wwid} exists.',
        '确认该 LUN 建好了正确的多路径、路径状态正常，并且 /dev/disk/by-id/dm-name-{wwid} 存在。',
      ),
    },
    {
      id: 'check-disk',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      command: 'fdisk -l',
      text: text('If the situation allows, check that the disk is visible and usable.', '条件允许时，检查磁盘能否看到、能否正常使用。'),
    },
    {
      id: 'restore-storage-access',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'usdiag advice: correct what the checks found (restore the LUN mapping on the storage, repair the FC or iSCSI link, make the OCFS2 configuration files the same on all nodes), then start the pool again.',
        'usdiag 建议：针对上面查出的问题逐一修正（恢复存储上的 LUN 映射、修好 FC 或 iSCSI 链路、让各节点 OCFS2 配置文件保持一致），然后重新启动存储池。',
      ),
      warning: text(
        'Change /etc/ocfs2/cluster.conf or /etc/default/o2cb only together with technical support: a wrong cluster configuration can make hosts fence themselves.',
        '修改 /etc/ocfs2/cluster.conf 或 /etc/default/o2cb 务必与技术支持一起进行，集群配置出错可能引发主机 fence 重启。',
      ),
    },
    {
      id: 'reboot-host',
      kind: 'changing',
      cost: 'long',
      likelihood: 'low',
      text: text(
        'If the situation allows, reboot {host} and try to start the pool again.',
        '条件允许的话，可以重启 {host} 后再尝试启动存储池。',
      ),
      warning: text(
        'Migrate or shut down the VMs running on {host} before the reboot.',
        '重启前先把 {host} 上运行的虚拟机迁走或关闭。',
      ),
    },
  ],
  notes: [
    text(
      'If the pool still cannot be started after these steps, collect the logs named above and contact technical support for analysis.',
      '以上步骤做完存储池仍起不来时，请及时收集上述日志，联系技术支持分析。',
    ),
  ],
} as const satisfies KbEntry;
