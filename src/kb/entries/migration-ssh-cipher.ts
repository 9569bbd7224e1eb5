import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.4.8. The Chinese UI message "文件拷贝错误" is rendered in English as "file copy error". */
export const entry = {
  id: 'migration-ssh-cipher',
  title: text(
    'Cloud Rainbow migration fails with a file copy error ("Bad SSH2 cipher spec")',
    '使用云彩虹迁移虚拟机失败，报“文件拷贝错误”',
  ),
  symptom: text(
    'When VMs are migrated with Cloud Rainbow from version E0710P11 or earlier to E0718 or later, some of the migration tasks fail with a "file copy error".',
    '通过云彩虹把虚拟机从 E0710P11 及更早的版本迁到 E0718 及更新的版本时，有一部分迁移任务失败，提示“文件拷贝错误”。',
  ),
  impact: text('Those VMs cannot be migrated online with Cloud Rainbow.', '这些虚拟机无法用云彩虹做在线迁移。'),
  causes: [
    text(
      'From E0718 on, openssh was upgraded to close vulnerabilities and its cipher parameters changed. The Cloud Rainbow interface of the old version still passes `scp -o Ciphers=...`, which fails on E0718 and later: "Bad SSH2 cipher spec \'arcfour128,aes128-ctr,aes192-ctr,aes256-ctr\'".',
      'E0718 起为修补 openssh 漏洞升级了 openssh，加密算法参数随之变化。老版本云彩虹迁移接口仍以 `scp -o Ciphers=...` 的方式下发参数，在 E0718 及之后的版本上执行就会失败：“Bad SSH2 cipher spec \'arcfour128,aes128-ctr,aes192-ctr,aes256-ctr\'”。',
    ),
    text(
      'Only migrations that copy files by SCP are hit: an online migration of a VM with a single-level disk file goes through libvirt without SCP, whereas an offline migration, or a VM whose disks have multi-level image files or snapshots, starts an SCP task.',
      '只有走 SCP 拷贝文件的迁移才会出问题：磁盘只有单级文件的虚拟机在线迁移时走 libvirt，不会用到 SCP；离线迁移，或磁盘带有多级镜像文件、快照的虚拟机，则会触发 SCP 任务。',
    ),
  ],
  diagnosis: [
    text(
      'cas.log on the management node shows the SCP command with `-o Ciphers=arcfour128,aes128-ctr,aes192-ctr,aes256-ctr` followed by "Bad SSH2 cipher spec".',
      '管理节点的 cas.log 中能看到带 `-o Ciphers=arcfour128,aes128-ctr,aes192-ctr,aes256-ctr` 的 SCP 命令，紧跟着“Bad SSH2 cipher spec”报错。',
    ),
    text(
      '`ssh -Q cipher` on a host of the new version lists the ciphers its openssh accepts; the old list is no longer accepted there.',
      '在新版本主机上执行 `ssh -Q cipher` 可列出 openssh 支持的加密算法，老版本下发的那组参数已不被接受。',
    ),
    text(
      'VMs whose disks have a backing chain (`qemu-img info --backing-chain`) or snapshots (`virsh snapshot-list`) will need SCP and fail the same way.',
      '磁盘带有后端链（`qemu-img info --backing-chain`）或快照（`virsh snapshot-list`）的虚拟机都要走 SCP，也会以同样方式失败。',
    ),
  ],
  recovery: [
    {
      id: 'check-cas-log',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'In cas.log on the management node, find the failed SCP task of {vm} and the message "Bad SSH2 cipher spec".',
        '在管理节点的 cas.log 中找到 {vm} 失败的 SCP 任务以及“Bad SSH2 cipher spec”报错。',
      ),
    },
    {
      id: 'check-disk-chain',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'List the image chain and the snapshots of {vm} (`qemu-img info --backing-chain {image}`, `virsh snapshot-list {vm}`): more than one level, or any snapshot, means the migration will use SCP.',
        '查看 {vm} 的镜像链和快照（`qemu-img info --backing-chain {image}`、`virsh snapshot-list {vm}`）：镜像多于一级或存在快照，迁移就会走 SCP。',
      ),
    },
    {
      id: 'merge-images',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'Merge the image files of {vm} into a single-level disk file.',
        '把 {vm} 的镜像文件合并成单级磁盘文件。',
      ),
      warning: text(
        'Merging rewrites the disk and gives up its snapshot history: back the disk up first and agree with the owner of the VM.',
        '合并会改写磁盘并丢掉快照历史，事先备份磁盘，并征得虚拟机使用方同意。',
      ),
    },
    {
      id: 'migrate-online',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'Migrate {vm} online with Cloud Rainbow: with a single-level disk the migration runs through libvirt and needs no SCP.',
        '再用云彩虹在线迁移 {vm}：磁盘为单级文件时迁移走 libvirt，不再需要 SCP。',
      ),
    },
  ],
  notes: [
    text(
      'usdiag advice: do not re-enable the old ciphers in openssh on the new hosts to get around this; the upgrade was made to close security holes.',
      'usdiag 建议：不要为绕过此问题在新版本主机的 openssh 中重新启用旧加密算法，这次升级本来就是为了堵安全漏洞。',
    ),
  ],
} as const satisfies KbEntry;
