import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/**
 * Guide 3.5.5. usdiag never runs fsck; steps (1) to (5) of the guide are one
 * procedure with one rank, after the read-only look at the kernel log.
 */
export const entry = {
  id: 'ocfs2-repair',
  title: text('Forced repair of the shared file system (OCFS2)', '共享文件系统（OCFS2）的强制修复'),
  symptom: text(
    'After a sudden power loss or another abnormal event, the data the shared file system keeps on disk can be inconsistent and the file system misbehaves afterwards. Heavy operations such as dd or fio on the disk can leave it damaged; left unrepaired, data loss or hung servers can follow and services stop.',
    '服务器突然掉电或出现其他异常后，共享文件系统落盘的数据可能前后不一致，之后使用就会出问题。尤其是对磁盘做 dd、fio 这类操作时可能把磁盘弄坏，不修复的话，运行中可能丢数据、服务器挂死，造成业务中断。',
  ),
  impact: text('Services are interrupted and data may be lost.', '业务中断，并有丢失数据的风险。'),
  causes: [text('A sudden power loss of a server, or a similar abnormal event.', '服务器突然掉电等异常情况。')],
  diagnosis: [
    text(
      'The kernel log (`dmesg`, /var/log/syslog) shows OCFS2 errors for the device, or the file system was remounted read-only.',
      '内核日志（`dmesg`、/var/log/syslog）中有该设备的 OCFS2 报错，或者文件系统被重新挂载为只读。',
    ),
    text(
      'usdiag only reads logs here and never runs fsck itself; the read-only `fsck.ocfs2 -fn` check belongs to the repair procedure, once the pool is stopped on every host.',
      'usdiag 在这里只读日志，从不自己执行 fsck；只读检查 `fsck.ocfs2 -fn` 属于修复流程的一部分，要等所有主机都停掉存储池后才做。',
    ),
  ],
  recovery: [
    {
      id: 'check-kernel-log',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Look in the kernel log of {host} (`dmesg`, /var/log/syslog) for OCFS2 errors on {device} and for read-only remounts.',
        '在 {host} 的内核日志（`dmesg`、/var/log/syslog）中查找 {device} 的 OCFS2 报错以及只读重挂载记录。',
      ),
    },
    {
      id: 'stop-pool-all-hosts',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'Stop the shared file system ({pool}) on ALL hosts of the cluster; the VMs on it have to be shut down first.',
        '在集群内每一台主机上都停用该共享文件系统（{pool}），上面的虚拟机要先关掉。',
      ),
    },
    {
      id: 'fsck-check',
      kind: 'diagnostic',
      cost: 'long',
      likelihood: 'high',
      command: 'fsck.ocfs2 -fn {device}',
      text: text(
        'On one of the hosts, run the read-only pre-check on {device} (the guide\'s example device is /dev/dm-0) and save its complete output.',
        '选其中一台主机，对 {device} 做只读预检查（指南示例为 /dev/dm-0），并把完整输出保存下来。',
      ),
      warning: text(
        'Only after the pool has been stopped on every host.',
        '必须在所有主机都已暂停该存储池之后再执行。',
      ),
    },
    {
      id: 'fsck-repair',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      command: 'fsck.ocfs2 -fpy {device}',
      text: text(
        'Run the repair on {device} from that same host and save its output.',
        '在同一台主机上对 {device} 执行修复，并保存输出。',
      ),
      warning: text(
        'Only when the pool is stopped on EVERY host, from a single host, and preferably with technical support connected remotely.',
        '只能在所有主机都已暂停该存储池后、从一台主机上执行，最好由技术支持远程在线指导。',
      ),
    },
    {
      id: 'start-pool-all-hosts',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text('When the repair has finished, activate the storage pool ({pool}) on all hosts.', '修复完成后，在所有主机上重新激活存储池（{pool}）。'),
    },
    {
      id: 'start-vms',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text('Start the VMs on it again on all hosts.', '在各主机上把相应的虚拟机业务重新启动起来。'),
    },
  ],
  notes: [
    text(
      'When a repair is needed, it is best to have technical support do it remotely.',
      '一旦需要修复，建议优先请技术支持远程处理。',
    ),
    text(
      'Record the output of every step and send it, with the collected logs, to technical support for analysis.',
      '每一步的输出都要留存，连同收集的日志一起交给技术支持分析。',
    ),
    text(
      'Badly damaged file systems can remain unusable even after the repair; each case needs its own analysis, so contact R&D promptly.',
      '损坏严重时修复后也可能仍然无法使用，需要具体分析，请尽快联系研发。',
    ),
  ],
} as const satisfies KbEntry;
