import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/**
 * Guide 3.5.4. Nearly all of the guide's recovery is finding the weak link
 * between host and storage; the changing steps repair what was found.
 */
export const entry = {
  id: 'storage-fence',
  title: text('Host restarted by storage fencing', '主机因存储 Fence 而重启'),
  symptom: text(
    'A host restarts by itself. Hosts using the shared file system write a timestamp to the storage at regular intervals; when the storage cannot be reached, the fence mechanism restarts the host. This is a protective policy of the cluster that keeps access to shared resources consistent and limits damage to them.',
    '主机在没有人操作的情况下自行重启。使用共享文件系统的主机会定时向存储写入时间戳；一旦连不上存储，fence 机制就会让主机重启。这是集群的一种自我保护，用来保证共享资源访问的一致性，把对资源的破坏降到最低。',
  ),
  impact: text('Services across a large part of the cluster are affected.', '用户业务大面积受影响。'),
  causes: [
    text('The link between the server and the storage is unstable or keeps flapping.', '服务器到存储设备的链路不稳定，或者反复震荡。'),
    text('The storage itself has a fault.', '存储本身出现异常。'),
  ],
  diagnosis: [
    text(
      '/var/log/syslog usually shows, just before the restart, the link going away: NIC or FC port down, iSCSI or FC connection lost, disk IO errors.',
      '/var/log/syslog 里一般能看到重启前链路断开的痕迹：网口或 FC 口 down、iSCSI 或 FC 连接断开、磁盘 IO 报错。',
    ),
    text(
      '/var/log/ocfs2_fence_restart.log records each restart with the LUN and the reason, e.g. "Restarted at 2017-04-08 22:04:57 (1491689097.184531). dm-1, BE229C2491E64FEA98550DF0469B6C10, o2quo_disk_timeout: Disk heartbeat timeout." (disk heartbeat to that LUN timed out) or "UNKOWN_DEV, UNKOWN_UUID, o2quo_make_decision: TCP disconnected with other nodes." (network connection to the other nodes lost).',
      '/var/log/ocfs2_fence_restart.log 中记录了每次重启、涉及的 LUN 和原因，例如“Restarted at 2017-04-08 22:04:57 (1491689097.184531). dm-1, BE229C2491E64FEA98550DF0469B6C10, o2quo_disk_timeout: Disk heartbeat timeout.”（到该 LUN 的磁盘心跳超时），或“UNKOWN_DEV, UNKOWN_UUID, o2quo_make_decision: TCP disconnected with other nodes.”（与其他节点的网络连接断开）。',
    ),
  ],
  recovery: [
    {
      id: 'read-fence-log',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Read /var/log/ocfs2_fence_restart.log on {host}: each "Restarted at" line gives the time, the device (such as dm-1) and the reason of a fence restart.',
        '查看 {host} 上的 /var/log/ocfs2_fence_restart.log：每条“Restarted at”记录都给出了 fence 重启的时间、设备（如 dm-1）和原因。',
      ),
    },
    {
      id: 'read-syslog-before-restart',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'In /var/log/syslog on {host}, read the minutes before each restart for NIC or FC ports going down, lost iSCSI or FC connections and disk IO errors.',
        '在 {host} 的 /var/log/syslog 中查看每次重启前几分钟的记录，找网口或 FC 口 down、iSCSI 或 FC 连接断开、磁盘 IO 错误。',
      ),
    },
    {
      id: 'check-hardware-logs',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Look for hardware faults in the server\'s IML hardware log and in /var/log/mcelog.',
        '检查服务器的 IML 硬件日志和 /var/log/mcelog，看有没有硬件故障。',
      ),
    },
    {
      id: 'check-ip-san-path',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'For IP SAN storage: check packet loss on the physical NICs of {host} that carry the storage traffic ({iface}), and look for errors on the cables and in the switch logs.',
        '使用 IP SAN 时：检查 {host} 上承载存储流量的物理网口（{iface}）是否丢包，并查看网线和交换机日志有无异常。',
      ),
    },
    {
      id: 'check-fc-path',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'For FC: check the fibres to the FC switch; on the switch, look at the optical power and CRC errors of the ports facing {host}.',
        '使用 FC 时：检查连到 FC 交换机的光纤，在交换机上查看 {host} 所连端口的光功率和 CRC 错误。',
      ),
    },
    {
      id: 'check-storage-logs',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check the storage array for error logs and for mistaken operations around the restart times.',
        '在存储设备上查看重启时间前后是否有异常日志或误操作。',
      ),
    },
    {
      id: 'check-fc-zoning',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'low',
      text: text(
        'For FC SAN: check that the FC switch uses one-to-one port zones so that the HBAs do not disturb each other, and whether the FC switches are stacked.',
        '使用 FC SAN 时：检查 FC 交换机是否按端口做了一对一的 zone，使各 HBA 互不影响，以及 FC 交换机是否做了堆叠。',
      ),
    },
    {
      id: 'check-blade-config',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'low',
      text: text(
        'On blade servers, check that the configuration of the VC blade enclosure is appropriate.',
        '刀片服务器要检查 VC 刀框的配置是否合适。',
      ),
    },
    {
      id: 'repair-link',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'usdiag advice: repair what the checks found: replace the faulty cable, fibre or optical module, fix the NIC or switch port, or have the storage fault repaired.',
        'usdiag 建议：针对排查结果进行修复：更换有问题的网线、光纤或光模块，处理故障网口或交换机端口，或请存储厂商修复存储故障。',
      ),
    },
    {
      id: 'fix-fc-zoning',
      kind: 'changing',
      cost: 'long',
      likelihood: 'low',
      text: text(
        'Configure one-to-one port zones on the FC switch. Since the hosts already use multipath for the LUNs, removing the FC switch stack is recommended; some FC switch models also need a software upgrade.',
        '在 FC 交换机上改为按端口一对一划分 zone。由于主机已对 LUN 启用多路径，建议取消 FC 交换机堆叠；部分型号的 FC 交换机还需要升级版本。',
      ),
      warning: text(
        'Confirm zoning, stacking and version changes with the switch vendor\'s technical support first; they interrupt the paths they touch.',
        '改 zone、拆堆叠或升级版本前，先与交换机厂商的技术支持确认，这些操作会中断所涉及的链路。',
      ),
    },
    {
      id: 'upgrade-firmware',
      kind: 'changing',
      cost: 'long',
      likelihood: 'low',
      text: text(
        'Upgrade the BIOS/firmware of the servers and blade enclosures where their versions need it.',
        '服务器和刀框的 BIOS/固件版本需要升级的，安排升级。',
      ),
    },
  ],
  notes: [
    text(
      'usdiag advice: fencing is the protection, not the fault; do not try to switch it off. Find out why the host lost its storage or its peers.',
      'usdiag 建议：fence 是保护机制而不是故障本身，不要试图关掉它，而应查清主机为何与存储或其他节点失联。',
    ),
    text(
      'Send /var/log/ocfs2_fence_restart.log and /var/log/syslog of the restarted hosts to technical support with the case.',
      '请把重启主机的 /var/log/ocfs2_fence_restart.log 和 /var/log/syslog 一并提供给技术支持。',
    ),
  ],
} as const satisfies KbEntry;
