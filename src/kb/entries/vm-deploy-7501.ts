import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';
import { backupImageStep, checkImageStep, repairImageStep } from './disk-image-steps.js';

/** Guide 3.4.7. The image repair is the same procedure as 3.4.5, backup first. */
export const entry = {
  id: 'vm-deploy-7501',
  title: text('VM deployment partly succeeds with error code 7501', '虚拟机部署部分成功，错误码 7501'),
  symptom: text(
    'Deploying a VM from the management platform ends as only partly successful, with error code 7501.',
    '在管理平台上部署虚拟机，结果显示部分成功，错误码为 7501。',
  ),
  impact: text('The VM was not set up completely and may not work as intended.', '虚拟机没有完整部署好，使用上可能出问题。'),
  causes: [
    text(
      'Error code 7501 almost always means that uspheretools.py failed; the reason is recorded in /var/log/uspheretools.log.',
      '7501 基本上都是 uspheretools.py 执行失败造成的，具体原因记录在 /var/log/uspheretools.log 里。',
    ),
    text(
      'The VM\'s disk is damaged: libguestfs inspects the partitions of the disk and cannot mount a damaged one.',
      '虚拟机磁盘已损坏：部署时 libguestfs 会检查磁盘的分区情况，盘坏了就挂不上。',
    ),
    text(
      'Uspheretools is not installed properly inside the VM, or the qemu-ga service inside it is not working.',
      '虚拟机里的 Uspheretools 没装好，或者虚拟机内部的 qemu-ga 服务不正常。',
    ),
  ],
  diagnosis: [
    text(
      'Read /var/log/uspheretools.log on the host that ran the deployment: it records why uspheretools.py failed.',
      '查看执行部署的主机上的 /var/log/uspheretools.log，uspheretools.py 失败的具体原因就记在这里。',
    ),
    text(
      '`qemu-img check` on the VM\'s disk image reports errors when the disk is damaged.',
      '磁盘损坏时，对虚拟机磁盘镜像执行 `qemu-img check` 会报错。',
    ),
    text(
      'The guest agent does not answer (for example a guest-ping through `virsh qemu-agent-command` fails) when Uspheretools or qemu-ga is broken.',
      'Uspheretools 或 qemu-ga 有问题时，客户机代理没有响应（例如通过 `virsh qemu-agent-command` 发 guest-ping 失败）。',
    ),
  ],
  recovery: [
    {
      id: 'read-uspheretools-log',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Read the entries of the failed deployment of {vm} in /var/log/uspheretools.log on {host}.',
        '在 {host} 的 /var/log/uspheretools.log 中查看 {vm} 这次部署失败的记录。',
      ),
    },
    checkImageStep,
    {
      id: 'check-guest-agent',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check that the qemu-ga service runs inside {vm} and answers the host.',
        '确认 {vm} 内部的 qemu-ga 服务在运行，并且能响应主机的请求。',
      ),
    },
    backupImageStep,
    repairImageStep,
    {
      id: 'reinstall-uspheretools',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'Install Uspheretools inside {vm} again, make sure qemu-ga starts, then repeat the deployment.',
        '在 {vm} 里重新安装 Uspheretools，确认 qemu-ga 能启动后再重新部署。',
      ),
    },
  ],
  notes: [
    text(
      'usdiag advice: the guide repairs the image directly; the backup before `qemu-img check -r all` follows its caution in 3.4.5.',
      'usdiag 建议：指南此处直接修复镜像；修复前先备份，依据的是指南 3.4.5 中的注意事项。',
    ),
  ],
} as const satisfies KbEntry;
