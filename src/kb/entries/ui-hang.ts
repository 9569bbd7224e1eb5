import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.8.3: the UI hangs when showing VMs, storage pools and similar pages. */
export const entry = {
  id: 'ui-hang',
  title: text(
    'Web UI hangs on VM or storage pool pages',
    '前台查看虚拟机、存储池等信息时卡住',
  ),
  symptom: text(
    'Opening VM, storage pool or similar pages in the web UI hangs and nothing further can be done.',
    '在前台界面查看虚拟机、存储池等信息时界面卡住，无法继续操作。',
  ),
  impact: text(
    'Management operations cannot be carried out while the UI hangs.',
    '界面卡住期间无法正常进行管理操作。',
  ),
  causes: [
    text(
      'Unfinished tasks such as destroying a VM, a backup or a snapshot.',
      '存在尚未完成的任务，例如销毁虚拟机、备份、快照。',
    ),
    text('Heavy IO pressure on the storage.', '存储 IO 压力过大。'),
    text(
      'A storage fault, for example a fence or a forced umount of a shared pool.',
      '存储发生故障，例如 fence、共享存储被 umount。',
    ),
  ],
  diagnosis: [
    text(
      'The task console of the web UI shows the tasks still running and their progress.',
      '前台任务台上可以看到仍在执行的任务及其进度。',
    ),
    text(
      'usdiag looks on the hosts for long-running tasks, for storage IO pressure (await and utilisation of the storage devices) and for fenced or blocked shared storage (a `df` that does not return on an OCFS2 mount, fence records in /var/log/ocfs2_fence_restart.log).',
      'usdiag 在主机上检查长时间运行的任务、存储 IO 压力（存储设备的 await 和利用率），以及共享存储是否发生 fence 或阻塞（在 OCFS2 挂载点上 `df` 不返回、/var/log/ocfs2_fence_restart.log 中有 fence 记录）。',
    ),
  ],
  recovery: [
    {
      id: 'wait-for-tasks',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Look at the task console: if a destroy, backup or snapshot task is still running, wait for it to finish before working further.',
        '查看前台任务台：如有销毁、备份、快照等任务仍在进行，等任务完成后再操作。',
      ),
    },
    {
      id: 'check-storage-io',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check the IO load of the storage; if it is high, relieve it as described for high disk IO latency (disk-io-latency, guide 3.5.1). The guide refers to "4.2.1" here, a section that does not exist.',
        '检查存储 IO 负载；负载过高时，按磁盘 IO 延迟大的处理方法缓解（disk-io-latency，指南 3.5.1）。指南此处引用的是“4.2.1”章节，但该章节并不存在。',
      ),
      command: 'iostat -x 1 2',
    },
    {
      id: 'check-storage-pools',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'On the hosts, check that the storage pools are healthy and look for storage faults: a hung mount (storage-blocked, guide 3.5.3) or a fence restart (storage-fence, guide 3.5.4).',
        '在主机后台检查存储池是否正常，排查存储故障：挂载点阻塞（storage-blocked，指南 3.5.3）或 fence 重启（storage-fence，指南 3.5.4）。',
      ),
      command: 'mount | grep ocfs2',
    },
  ],
} as const satisfies KbEntry;
