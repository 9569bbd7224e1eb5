/** Guide 3.5: disk IO, shared (OCFS2) storage pools, fencing, multipath. */
import { text } from '../../i18n/text.js';
import { rx, rxLine, signaturesOf, type Signature } from './types.js';

const latency = signaturesOf('disk-io-latency');
const poolStart = signaturesOf('shared-pool-start');
const blocked = signaturesOf('storage-blocked');
const fence = signaturesOf('storage-fence');
const repair = signaturesOf('ocfs2-repair');
const noSlot = signaturesOf('pool-no-slot');
const wwid = signaturesOf('multipath-wwid');

// fsck.ocfs2 problem codes print as "[CODE] question? answer"; these are the code families.
const FSCK_CODES = [
  'inode_', 'dirent_', 'dir_', 'dx_', 'chain_', 'group_', 'cluster_', 'extent_', 'eb_', 'journal_', 'orphan_',
  'refcount_', 'xattr_', 'root_', 'lalloc_', 'dealloc_', 'truncate_', 'qmagic_', 'superblock_', 'dup_', 'line_',
].map((c) => `[${c}`);

export const storageSignatures: readonly Signature[] = [
  latency('latency-zh', {
    weight: 70,
    why: text(
      'High disk IO latency on the host: the storage pool carries heavy throughput and IOPS; move busy VMs to another pool or limit their IO.',
      '主机磁盘 IO 延迟大：存储池吞吐量和 IOPS 较高；将 IO 压力大的虚拟机迁移到其他存储池，或对其 IO 限速。',
    ),
    any: [rx(/(?:磁盘|存储)?i\/?o ?(?:延迟|时延)(?:较大|过大|过高|很高|高|大)/, '延迟', '时延')],
  }),
  latency('latency-en', {
    weight: 60,
    why: text(
      'High disk IO latency: the storage behind the pool is saturated.',
      '磁盘 IO 延迟高：存储池后端存储已饱和。',
    ),
    any: [
      rx(
        /(?:high|large|huge) (?:disk |storage )?i\/?o latency|(?:high|large|huge) (?:disk|storage) latency|(?:disk |storage )?i\/?o latency (?:is )?(?:high|too high|above)/,
        'latency',
      ),
    ],
  }),
  latency('iops-high', {
    weight: 50,
    why: text('The storage pool sees high IOPS or throughput.', '存储池 IOPS 或吞吐量较高。'),
    any: [rx(/iops ?(?:较高|过高|很高|高)|(?:io ?)?吞吐量(?:较大|过大|很大)/, 'iops', '吞吐量')],
  }),
  latency('vm-stutter-io', {
    weight: 55,
    why: text('VMs stutter while disk IO is slow.', '磁盘 IO 慢的同时虚拟机卡顿。'),
    any: [rx(/卡顿[^\n]{0,60}(?:i\/?o|iops|磁盘|延迟|latency)|(?:i\/?o|iops|磁盘|延迟|latency)[^\n]{0,60}卡顿/, '卡顿')],
  }),
  latency('hung-task', {
    weight: 30,
    why: text(
      'A task waited more than 120 s in the kernel, usually for IO: storage is slow or stalled.',
      '有任务在内核中等待超过 120 秒，通常是在等 IO：存储慢或已阻塞。',
    ),
    any: [rx(/blocked for more than \d+ seconds/, 'blocked for more than')],
  }),

  poolStart('start-failed-zh', {
    weight: 75,
    why: text(
      'The shared storage pool did not start: check LUN mapping, FC/IP SAN links, multipath, and that /etc/default/o2cb and /etc/ocfs2/cluster.conf agree on all nodes.',
      '共享存储池启动失败：检查 LUN 映射、FC/IP SAN 链路、多路径，以及各节点的 /etc/default/o2cb 和 /etc/ocfs2/cluster.conf 是否一致。',
    ),
    any: [rx(/(?:启动|激活)共享存储池(?:时)?失败|共享存储池(?:启动|激活)失败/, '共享存储池')],
  }),
  poolStart('start-failed-en', {
    weight: 60,
    why: text(
      'A storage pool failed to start or mount; the lines after it name the cause.',
      '存储池启动或挂载失败；其后的日志说明原因。',
    ),
    any: [
      rx(/failed to (?:start|activate|mount) (?:the )?(?:shared )?(?:storage )?pool/, 'failed to start', 'failed to activate', 'failed to mount'),
    ],
  }),
  poolStart('mount-ocfs2', {
    weight: 70,
    why: text(
      'mount.ocfs2 refused to mount the shared volume (cluster stack not online, heartbeat, configuration).',
      'mount.ocfs2 无法挂载共享卷（集群栈未在线、心跳或配置问题）。',
    ),
    any: [
      rx(/^mount\.ocfs2: \S/, 'mount.ocfs2'),
      rx(/\/bin\/mount[^\n]{0,120}ocfs2[^\n]{0,300}unexpected exit status/, 'unexpected exit status'),
      rx(/ocfs2_fill_super:\d+ error/, 'ocfs2_fill_super'),
      rx(/dlm_join_domain[^\n]{0,30}(?:timed out|error)/, 'dlm_join_domain'),
    ],
  }),
  poolStart('heartbeat-start', {
    weight: 65,
    why: text(
      'The OCFS2 disk heartbeat could not start on the volume: the LUN is unreachable or unstable.',
      'OCFS2 磁盘心跳无法在该卷上启动：LUN 不可达或不稳定。',
    ),
    any: [rx(/unable to stabili[sz]e heartbe/, 'stabilize', 'stabilise')],
  }),
  poolStart('o2cb-offline', {
    weight: 55,
    why: text(
      'The O2CB cluster stack is not loaded or not online on this node.',
      '本节点的 O2CB 集群栈未加载或未在线。',
    ),
    any: [
      rx(/o2cb(?:_ctl)?:? [^\n]{0,60}(?:not (?:loaded|online|configured|running)|unable to access cluster service|cluster [^\n]{0,30} not known)/, 'o2cb'),
    ],
  }),
  poolStart('config-differs', {
    weight: 60,
    why: text(
      'The OCFS2 cluster configuration differs between nodes.',
      '各节点的 OCFS2 集群配置不一致。',
    ),
    any: [rx(/(?:cluster\.conf|o2cb)[^\n]{0,40}(?:不一致|inconsisten|differ|mismatch)/, 'cluster.conf', 'o2cb')],
  }),
  poolStart('iscsi-login', {
    weight: 55,
    why: text(
      'The host cannot log in to the iSCSI target: the LUN is not reachable.',
      '主机无法登录 iSCSI 目标：LUN 不可达。',
    ),
    any: [
      rx(/iscsiadm: (?:could not login|initiator reported error|no portals found|cannot make connection|connect to [^\n]{1,80} failed|login failed)/, 'iscsiadm'),
    ],
  }),
  poolStart('lun-missing', {
    weight: 60,
    why: text(
      'The volume\'s multipath device (/dev/disk/by-id/dm-name-<WWID>) does not exist on this host.',
      '本主机上不存在该卷的多路径设备（/dev/disk/by-id/dm-name-<WWID>）。',
    ),
    any: [rx(/dm-name-[0-9a-f]{12,}[^\n]{0,40}(?:no such file|not found|does not exist|不存在)/, 'dm-name-')],
  }),

  blocked('fs-locks-busy', {
    weight: 85,
    why: text(
      'debugfs.ocfs2 fs_locks shows a busy lock: the shared file system waits on a DLM lock. Follow it with dlm_locks to the owner node and the holder.',
      'debugfs.ocfs2 fs_locks 显示处于 Busy 的锁：共享文件系统在等待 DLM 锁。用 dlm_locks 追到 owner 节点和持有者。',
    ),
    all: [rxLine(/^lockres: \S+ mode:/, 'lockres:'), rxLine(/^flags: [^\n]{0,200}\bbusy\b/, 'attached busy')],
    window: 4,
  }),
  blocked('busy-flags', {
    weight: 70,
    why: text('An OCFS2 lock is flagged Busy.', 'OCFS2 锁处于 Busy 状态。'),
    any: [rxLine(/^flags: initialized attached [^\n]{0,200}\bbusy\b/, 'attached busy')],
  }),
  blocked('pending-convert', {
    weight: 35,
    why: text('A lock is waiting to be converted.', '有锁正在等待转换。'),
    any: [rxLine(/^pending action: (?:convert|downconvert|attach)\b/, 'pending action')],
  }),
  blocked('dlm-converting', {
    weight: 70,
    why: text(
      'dlm_locks shows nodes waiting (Converting) for a lock; the node that holds it Granted blocks them.',
      'dlm_locks 显示有节点在等待锁（Converting）；以 Granted 持有该锁的节点阻塞了它们。',
    ),
    any: [rxLine(/^converting \d+ (?:nl|pr|ex|-?\d+) (?:nl|pr|ex|-?\d+)/, 'converting')],
  }),
  blocked('dlm-holder', {
    weight: 80,
    why: text(
      'One node holds the lock (Granted) while others wait (Converting): that node is the root of the blockage; restart it.',
      '一个节点持有锁（Granted），其他节点在等待（Converting）：该节点就是阻塞的根节点，需要重启它。',
    ),
    all: [rxLine(/^granted \d+ (?:nl|pr|ex)\b/, 'granted'), rxLine(/^converting \d+ (?:nl|pr|ex)\b/, 'converting')],
    window: 20,
  }),
  blocked('d-state-lock', {
    weight: 85,
    why: text(
      'A process is stuck in D state inside ocfs2_cluster_lock: it holds up the shared file system on this node.',
      '有进程以 D 状态卡在 ocfs2_cluster_lock 中：它阻塞了本节点的共享文件系统。',
    ),
    any: [rxLine(/(?:^|\s)d[<nslw+]{0,4}\s[^\n]{0,120}ocfs2_cluster_lock/, 'ocfs2_cluster_lock')],
  }),
  blocked('hung-on-lock', {
    weight: 80,
    why: text(
      'A task hangs waiting for an OCFS2 cluster lock that is never granted.',
      '有任务挂起，在等待一直得不到的 OCFS2 集群锁。',
    ),
    all: [
      rx(/blocked for more than \d+ seconds|state:d\b/, 'blocked for more than', 'state:d'),
      rx(/ocfs2_cluster_lock|ocfs2_inode_lock/, 'ocfs2_cluster_lock', 'ocfs2_inode_lock'),
    ],
    window: 40,
  }),
  blocked('stack-on-lock', {
    weight: 55,
    why: text(
      'A kernel stack waits in __ocfs2_cluster_lock: the process is blocked on the shared file system.',
      '内核栈停在 __ocfs2_cluster_lock：该进程阻塞在共享文件系统上。',
    ),
    any: [rx(/__ocfs2_cluster_lock/, 'ocfs2_cluster_lock')],
  }),
  blocked('blocked-zh', {
    weight: 70,
    why: text(
      'The shared file system is blocked; df on the pool mount points hangs.',
      '共享文件系统阻塞；对存储池挂载点执行 df 会卡住。',
    ),
    any: [rx(/(?:共享文件系统|共享存储|ocfs2)[^\n]{0,10}(?:阻塞|卡住|hung|hangs|blocked)/, '阻塞', '卡住', 'hung', 'hangs', 'blocked')],
  }),

  fence('restarted-at', {
    weight: 80,
    why: text(
      '/var/log/ocfs2_fence_restart.log records a fence restart: the host lost its storage or its peers and rebooted itself to protect the cluster.',
      '/var/log/ocfs2_fence_restart.log 记录了一次 fence 重启：主机失去存储或与其他节点的连接后为保护集群而自行重启。',
    ),
    any: [rx(/^restarted at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/, 'restarted at')],
  }),
  fence('disk-heartbeat', {
    weight: 90,
    why: text(
      'Fenced because the disk heartbeat timed out: IO to the shared LUN stopped (FC/iSCSI link, multipath, or the array). Check the link and storage logs before the restart.',
      '因磁盘心跳超时被 fence：对共享 LUN 的 IO 中断（FC/iSCSI 链路、多路径或存储阵列）。排查重启前的链路和存储日志。',
    ),
    any: ['o2quo_disk_timeout', 'Disk heartbeat timeout', rx(/heartbeat write timeout to device/, 'heartbeat write')],
  }),
  fence('network-quorum', {
    weight: 85,
    why: text(
      'Fenced because the node lost its TCP connections to the other nodes (quorum decision): check the storage/management network.',
      '因与其他节点的 TCP 连接断开（仲裁决定）被 fence：排查存储/管理网络。',
    ),
    any: ['TCP disconnected with other nodes', 'o2quo_make_decision'],
  }),
  fence('fencing', {
    weight: 90,
    why: text('The kernel announces an OCFS2 fence restart.', '内核宣布 OCFS2 fence 重启。'),
    any: ['ocfs2 is very sorry to be fencing this system by restarting'],
  }),
  fence('o2net-lost', {
    weight: 60,
    why: text(
      'The OCFS2 cluster network lost a peer node; if it does not come back in time the node fences.',
      'OCFS2 集群网络与某节点断开；若未及时恢复，节点将被 fence。',
    ),
    any: [
      rx(/o2net: connection to node [^\n]{0,80} has been idle for [\d.]+ secs/, 'o2net'),
      rx(/o2net: no longer connected to node/, 'o2net'),
    ],
  }),
  fence('link-loss', {
    weight: 40,
    why: text(
      'The storage link dropped (iSCSI connection error or FC remote port timeout): the usual trigger of a fence.',
      '存储链路中断（iSCSI 连接错误或 FC 远端端口超时）：这是 fence 的常见诱因。',
    ),
    any: [
      rx(/connection\d+:\d+: (?:detected conn error|ping timeout)/, 'conn error', 'ping timeout'),
      'blocked FC remote port time out',
    ],
  }),
  fence('io-errors', {
    weight: 35,
    why: text('The kernel reports IO errors on a disk.', '内核报告磁盘 IO 错误。'),
    any: [rx(/(?:blk_update_request|print_req_error|buffer i\/o error)[^\n]{0,60}(?:i\/o error|dev (?:dm-|sd))/, 'i/o error')],
  }),
  fence('fence-zh', {
    weight: 70,
    why: text('The host was restarted by the storage fence mechanism.', '主机被存储 fence 机制重启。'),
    any: [rx(/(?:存储 ?)?fence ?重启|被 ?fence/, 'fence')],
  }),
  fence('fence-log', {
    weight: 35,
    why: text('The fence restart log is referenced.', '引用了 fence 重启日志。'),
    any: ['ocfs2_fence_restart.log'],
  }),

  repair('on-disk-corruption', {
    weight: 90,
    why: text(
      'OCFS2 found on-disk corruption: stop the pool on all hosts, run fsck.ocfs2 -fn (save the output), then fsck.ocfs2 -fpy; contact support first if you can.',
      'OCFS2 发现磁盘上的数据不一致：在所有主机上暂停该存储池，执行 fsck.ocfs2 -fn（保存输出），再执行 fsck.ocfs2 -fpy；最好先联系技术支持。',
    ),
    any: ['On-disk corruption discovered'],
  }),
  repair('read-only', {
    weight: 80,
    why: text(
      'OCFS2 turned the shared file system read-only after an error.',
      'OCFS2 出错后已将共享文件系统切换为只读。',
    ),
    any: ['OCFS2: File system is now read-only'],
  }),
  repair('ocfs2-error', {
    weight: 75,
    why: text('The OCFS2 kernel module reports a file system error on a device.', 'OCFS2 内核模块报告设备上的文件系统错误。'),
    any: [rx(/^ocfs2: (?:error|abort) \(device [^)]+\)/, 'ocfs2: error', 'ocfs2: abort')],
  }),
  repair('fsck-problems', {
    weight: 75,
    why: text(
      'fsck.ocfs2 found inconsistencies to fix.',
      'fsck.ocfs2 发现了需要修复的不一致。',
    ),
    all: [
      rx(/checking ocfs2 filesystem in|fsck\.ocfs2/, 'checking ocfs2 filesystem', 'fsck.ocfs2'),
      rxLine(/^\[[a-z0-9]+_[a-z0-9_]+\] [^\n]{0,500}\?/, ...FSCK_CODES),
    ],
    window: 5000,
  }),
  repair('fsck-unrecoverable', {
    weight: 75,
    why: text('fsck.ocfs2 hit errors it cannot repair.', 'fsck.ocfs2 遇到无法修复的错误。'),
    any: ['fsck encountered unrecoverable errors', 'fsck saw unrecoverable errors in the super block'],
  }),
  repair('unclean', {
    weight: 30,
    why: text(
      'The volume was not unmounted cleanly (power loss or crash); OCFS2 is replaying its journal.',
      '该卷未正常卸载（断电或崩溃）；OCFS2 正在回放日志。',
    ),
    any: [rx(/ocfs2: file system on device [^\n]{0,40}was not unmounted cleanly/, 'unmounted cleanly')],
  }),
  repair('repair-zh', {
    weight: 50,
    why: text('A forced repair of the shared file system is discussed.', '提到了共享文件系统的强制修复。'),
    any: [rx(/共享文件系统[^\n]{0,6}修复/, '共享文件系统')],
  }),

  noSlot('no-slot-zh', {
    weight: 95,
    why: text(
      'The volume is already mounted by hosts of another cluster; detach it from the other platform, then start the pool here.',
      '该存储卷已被其他集群的主机挂载；先在另一平台解除挂载，本平台即可正常挂载。',
    ),
    any: ['存储池没有可用的 slot', rx(/没有可用的? ?slot/, '没有可用')],
  }),
  noSlot('no-slot-en', {
    weight: 85,
    why: text(
      'No free OCFS2 node slot on the volume: other hosts (possibly another cluster) occupy them.',
      '卷上没有空闲的 OCFS2 节点槽位：已被其他主机（可能是其他集群）占用。',
    ),
    any: [
      rx(/no available (?:node )?slots?\b/, 'available slot', 'available node'),
      // Other programs run out of "free slots" too; OCFS2 says it from ocfs2_find_slot.
      rx(/ocfs2_find_slot[^\n]{0,60}no free slots?/, 'ocfs2_find_slot'),
    ],
  }),
  noSlot('mounted-by-others', {
    weight: 95,
    why: text(
      'The disk is mounted by hosts of another platform, so it was not formatted or mounted here.',
      '该磁盘已被其他平台的主机挂载，因此本平台不会格式化或挂载它。',
    ),
    any: [rx(/had been mounted by other hosts/, 'mounted by other')],
  }),
  noSlot('not-formatted', {
    weight: 55,
    why: text('The disk already carries a file system in use elsewhere.', '该磁盘上已有在别处使用的文件系统。'),
    any: ['not need to format it'],
  }),

  wwid('error-5106', {
    weight: 90,
    why: text(
      'Error 5106: multipath configuration failed. The volume\'s WWID seen by the host differs from the one the storage now reports (the LUN was changed after mapping).',
      '错误码 5106：配置多路径失败。主机识别的卷 WWID 与存储端当前的 WWID 不一致（映射后存储端修改了该卷）。',
    ),
    any: [rx(/(?:错误代码|错误码|error ?code)[^\n\d]{0,4}5106\b/, '5106')],
  }),
  wwid('configure-failed-zh', {
    weight: 90,
    why: text(
      'Adding the shared storage failed while configuring multipath: compare the WWID in syslog with the storage side.',
      '添加共享存储时配置多路径失败：对比 syslog 中的 WWID 与存储端设置。',
    ),
    any: ['配置多路径失败'],
  }),
  wwid('configure-failed-en', {
    weight: 75,
    why: text('Multipath configuration failed.', '多路径配置失败。'),
    any: [rx(/failed to configure multipath|configur(?:e|ing) multipath (?:failed|error)/, 'configure multipath', 'configuring multipath')],
  }),
  wwid('wwid-changed', {
    weight: 85,
    why: text(
      'multipathd saw the WWID of a path change: the storage side modified the LUN after it was mapped.',
      'multipathd 发现路径的 WWID 变了：存储端在映射后修改了该 LUN。',
    ),
    any: [rx(/path wwid changed from '[^']*' to '[^']*'/, 'wwid changed')],
  }),
  wwid('wwid-mismatch', {
    weight: 60,
    why: text('A WWID mismatch is reported.', '报告 WWID 不一致。'),
    any: [rx(/wwid[^\n]{0,40}(?:不一致|mismatch|does not match|differs?)/, '不一致', 'mismatch', 'does not match', 'differ')],
  }),
  wwid('faulty-paths', {
    weight: 55,
    why: text(
      'multipath -ll shows failed/faulty paths to the LUN.',
      'multipath -ll 显示到 LUN 的路径处于 failed/faulty 状态。',
    ),
    any: [
      rxLine(/(?:\d+|#):(?:\d+|#):(?:\d+|#):(?:\d+|#) +\S+ +(?:\d+|#):(?:\d+|#) +(?:failed|active) +faulty/, 'faulty'),
      rx(/\[failed\]\[faulty\]/, 'faulty'),
    ],
  }),
  wwid('paths-lost', {
    weight: 55,
    why: text('multipathd lost paths of a map.', 'multipathd 丢失了多路径设备的路径。'),
    any: [rx(/checker failed path \S+ in map/, 'checker failed'), rx(/remaining active paths: 0\b/, 'remaining active paths')],
  }),
];
