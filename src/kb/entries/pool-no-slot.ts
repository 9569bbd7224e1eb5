import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.5.6. The Chinese UI message "存储池没有可用的 slot" reads in English "the storage pool has no available slot". */
export const entry = {
  id: 'pool-no-slot',
  title: text(
    'Starting a shared pool fails: "no available slot"',
    '启动共享存储池失败，提示“存储池没有可用的 slot”',
  ),
  symptom: text(
    'Starting a shared storage pool in the management platform fails with the message that the storage pool has no available slot.',
    '在管理平台上启动共享存储池时，弹出“存储池没有可用的 slot”的提示，启动失败。',
  ),
  impact: text(
    'The pool cannot be started, which holds up bringing the customer\'s services online.',
    '存储池启动不了，客户业务上线因此受阻。',
  ),
  causes: [
    text(
      'The volume is already attached to hosts of another cluster. The back end notices this and does not go on with the mount; its log shows "Error: Disk /dev/disk/by-id/dm-name-2225d000155a30dda had been mounted by other hosts, not need to format it."',
      '这个存储卷已经挂给了别的集群的主机在用，后台检测到后就不再继续挂载，日志中会出现“Error: Disk /dev/disk/by-id/dm-name-2225d000155a30dda had been mounted by other hosts, not need to format it.”',
    ),
  ],
  diagnosis: [
    text(
      'The back-end logs of the host contain "had been mounted by other hosts" for the disk of the pool at the time of the mount.',
      '挂载时主机后台日志里针对该存储池磁盘出现了“had been mounted by other hosts”。',
    ),
    text(
      '`mounted.ocfs2 -f` shows the volume mounted by nodes (names or numbers) that are not in this host\'s /etc/ocfs2/cluster.conf.',
      '`mounted.ocfs2 -f` 显示该卷被一些节点挂载着，而这些节点名或编号不在本机 /etc/ocfs2/cluster.conf 中。',
    ),
  ],
  recovery: [
    {
      id: 'find-mount-error',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Search the back-end logs of {host} for "had been mounted by other hosts"; the message names the disk (/dev/disk/by-id/dm-name-{wwid}).',
        '在 {host} 的后台日志中搜索“had been mounted by other hosts”，报错里会给出对应磁盘（/dev/disk/by-id/dm-name-{wwid}）。',
      ),
    },
    {
      id: 'find-other-cluster-nodes',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'usdiag advice: run `mounted.ocfs2 -f` on {host} and compare the nodes that have the volume mounted with /etc/ocfs2/cluster.conf; nodes that are not listed there belong to the other platform.',
        'usdiag 建议：在 {host} 上执行 `mounted.ocfs2 -f`，把挂着该卷的节点与 /etc/ocfs2/cluster.conf 对照，不在其中的节点就属于另一个平台。',
      ),
    },
    {
      id: 'release-on-other-platform',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'Unmount the storage from the other platform; once it is released there, this platform can mount it normally.',
        '到另一个平台上把这块存储解除挂载，解除之后本平台就能正常挂载。',
      ),
      warning: text(
        'First establish whose data is on the volume: unmounting it on the other platform stops that platform\'s VMs on it. Never format the volume while in doubt.',
        '先弄清卷上是谁的数据：在另一平台解除挂载会让那边使用该卷的虚拟机停掉。有疑问时绝不能格式化这个卷。',
      ),
    },
    {
      id: 'start-pool',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text('Start the shared pool ({pool}) again on this platform.', '在本平台重新启动共享存储池（{pool}）。'),
    },
  ],
  notes: [
    text(
      'usdiag advice: two separate clusters writing to one OCFS2 volume corrupt it; fix the LUN mapping on the storage so that only the hosts of one cluster see the volume.',
      'usdiag 建议：两个独立集群同时写同一个 OCFS2 卷会把它写坏，应在存储侧调整 LUN 映射，让只有一个集群的主机能看到该卷。',
    ),
  ],
} as const satisfies KbEntry;
