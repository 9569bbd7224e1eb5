import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';
import { backupImageStep, readQemuLogStep, startVmStep } from './disk-image-steps.js';

/** Guide 3.4.4. The header reset is one procedure: backup, reset, verify, start keep one rank. */
export const entry = {
  id: 'qcow2-snapshot-table',
  title: text(
    'VM does not start: "Could not read snapshots: File too large"',
    '虚拟机无法启动，报“Could not read snapshots: File too large”',
  ),
  symptom: text(
    'Starting the VM fails with "error: Failed to start domain"; the qemu error for its disk ends in "could not open disk image ...: Could not read snapshots: File too large".',
    '虚拟机启动时报“error: Failed to start domain”，qemu 针对磁盘的报错以“could not open disk image ...: Could not read snapshots: File too large”结尾。',
  ),
  impact: text('The VM cannot run, so the services it carries are down.', '虚拟机起不来，用户业务无法使用。'),
  causes: [
    text(
      'The snapshot information in the header of the VM\'s qcow2 image is damaged: nb_snapshots and snapshot_offset describe a snapshot table that cannot be read.',
      '虚拟机 qcow2 镜像头部记录的快照信息坏了：nb_snapshots 与 snapshot_offset 指向的快照表根本读不出来。',
    ),
  ],
  diagnosis: [
    text(
      'The VM\'s qemu log under /var/log/libvirt/qemu/ contains "Could not read snapshots: File too large"; newer QEMU versions word the same fault "Too many snapshots" or "Invalid snapshot table offset".',
      '虚拟机在 /var/log/libvirt/qemu/ 下的日志中有“Could not read snapshots: File too large”；较新的 QEMU 对同一问题的提示是“Too many snapshots”或“Invalid snapshot table offset”。',
    ),
    text(
      '`qcow2.py <image> dump-header` shows a non-zero nb_snapshots and a snapshot_offset that does not fit the file (the guide\'s example: nb_snapshots 4, snapshot_offset 0x130600000).',
      '`qcow2.py <镜像> dump-header` 显示 nb_snapshots 不为 0，且 snapshot_offset 与文件对不上（指南示例为 nb_snapshots 4、snapshot_offset 0x130600000）。',
    ),
  ],
  recovery: [
    readQemuLogStep('Could not read snapshots: File too large'),
    {
      id: 'dump-header',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      command: 'qcow2.py {image} dump-header',
      text: text(
        'Dump the qcow2 header of {image} and note nb_snapshots and snapshot_offset.',
        '导出 {image} 的 qcow2 头部信息，记下 nb_snapshots 与 snapshot_offset 两项。',
      ),
    },
    backupImageStep,
    {
      id: 'reset-snapshot-fields',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      command: 'qcow2.py {image} set-header nb_snapshots 0 && qcow2.py {image} set-header snapshot_offset 0x0',
      text: text(
        'Set the snapshot count and the snapshot table offset in the header of {image} to zero.',
        '把 {image} 头部中的快照数量和快照表偏移都改成 0。',
      ),
      warning: text(
        'Only with {vm} shut off and a backup of {image} in place. The image\'s internal snapshots are given up: they can no longer be listed or reverted to.',
        '必须在 {vm} 关机且 {image} 已备份的前提下操作。镜像内部快照会就此作废，之后既看不到也无法回滚。',
      ),
    },
    {
      id: 'verify-header',
      kind: 'diagnostic',
      cost: 'long',
      likelihood: 'high',
      command: 'qcow2.py {image} dump-header',
      text: text(
        'Dump the header again: nb_snapshots must now read 0 and snapshot_offset 0x0.',
        '再导出一次头部信息，确认 nb_snapshots 已为 0、snapshot_offset 已为 0x0。',
      ),
    },
    startVmStep('long'),
  ],
  notes: [
    text(
      'qcow2.py is a script from the QEMU source tree, not a tool of the platform, and may not be present on every host.',
      'qcow2.py 是 QEMU 源码中附带的脚本，不属于平台自带工具，不一定每台主机上都有。',
    ),
    text(
      'After the reset, the clusters that belonged to the snapshots are no longer referenced; `qemu-img check` then reports them as leaked clusters, which waste space but do no harm.',
      '清零后，原先属于快照的簇不再被引用，`qemu-img check` 会把它们报成 leaked clusters，只占空间、不影响数据。',
    ),
  ],
} as const satisfies KbEntry;
