import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/**
 * Guide 3.4.6. The last five steps are the guide's procedure for a broken
 * migration network; they keep one rank so their order is kept.
 */
export const entry = {
  id: 'vm-migration-stuck',
  title: text('VM migration does not finish', '虚拟机迁移长时间无法完成'),
  symptom: text(
    'A migration stays at 99 % for a long time, or the VM details page shows a migration speed of 0 for 15 minutes or more.',
    '虚拟机迁移一直卡在 99%，或者虚拟机详情页上的迁移速度持续为 0 达 15 分钟以上。',
  ),
  impact: text('The services in the VM may be affected.', '虚拟机上的业务可能受到影响。'),
  causes: [
    text(
      'The disk file is large and the management network is only gigabit, so copying the disk simply takes long.',
      '磁盘文件很大，而管理网只有千兆带宽，磁盘迁移本身就需要很长时间。',
    ),
    text(
      'The VM is busy and dirties memory faster than it can be copied, so the memory phase never converges.',
      '虚拟机业务繁忙，内存脏页产生得比拷贝还快，内存迁移始终收敛不了。',
    ),
    text('A storage fault has frozen the VM.', '存储出了故障，虚拟机被冻结。'),
    text('The migration network was interrupted.', '迁移网络中断了。'),
  ],
  diagnosis: [
    text(
      'Disk phase: on the destination host, the size of the VM\'s disk file is still growing between two looks.',
      '磁盘阶段：在目的主机上隔一会儿看一次虚拟机磁盘文件大小，如果还在增长，说明磁盘仍在拷贝。',
    ),
    text(
      'Memory phase: `virsh domjobinfo` on the source, sampled twice, shows "Data remaining" not going down and a high "Dirty rate".',
      '内存阶段：在源主机上间隔两次执行 `virsh domjobinfo`，若“Data remaining”不见减少且“Dirty rate”很高，就是内存迁移不收敛。',
    ),
    text(
      'Storage: the mount point of the VM\'s storage pool does not answer `df -h`, or the OCFS2 file system shows blocked locks or fence restarts.',
      '存储：虚拟机所在存储池的挂载点执行 `df -h` 没有响应，或者 OCFS2 有阻塞的锁、发生过 fence 重启。',
    ),
    text(
      'Network: `virsh list` shows the VM paused on the source and running on the destination.',
      '网络：`virsh list` 显示虚拟机在源端处于暂停（paused），而在目的端处于运行（running）。',
    ),
  ],
  recovery: [
    {
      id: 'watch-disk-copy',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check the size of the disk file of {vm} on the destination host a few times; while it keeps growing, wait for the disk copy to finish.',
        '在目的主机上多看几次 {vm} 磁盘文件的大小，只要还在增长，就耐心等磁盘迁移完成。',
      ),
    },
    {
      id: 'reduce-guest-load',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Pause the busy workload inside {vm}, or wait until its load drops, so the memory copy can catch up.',
        '暂停 {vm} 内部的繁忙业务，或等业务压力降下来，让内存迁移追得上。',
      ),
    },
    {
      id: 'check-storage-pool',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check that the storage pool used by {vm} works on both hosts: its mount point answers `df -h` and the shared file system has no blocked locks.',
        '确认 {vm} 使用的存储池在两台主机上都正常：挂载点能响应 `df -h`，共享文件系统上没有阻塞的锁。',
      ),
    },
    {
      id: 'kill-destination-kvm',
      kind: 'changing',
      cost: 'short',
      likelihood: 'low',
      text: text(
        'If the migration has to be given up, end the KVM process of {vm} on the destination host (find its pid with `ps -ef | grep kvm`, then `kill {pid}`); this ends the migration task.',
        '确实需要放弃这次迁移时，在目的主机上结束 {vm} 的 KVM 进程（用 `ps -ef | grep kvm` 找到进程号，再执行 `kill {pid}`），迁移任务随之结束。',
      ),
      warning: text(
        'Make sure the process is the destination copy of {vm}: killing the process on the source host stops the VM itself.',
        '一定要确认杀的是目的端的 {vm} 进程；误杀源端进程会直接让虚拟机停掉。',
      ),
    },
    {
      id: 'check-vm-states',
      kind: 'diagnostic',
      cost: 'long',
      likelihood: 'high',
      command: 'virsh list',
      text: text(
        'If the migration network broke, run this on the source and the destination host: {vm} shows as paused on the source and running on the destination.',
        '怀疑迁移网络中断时，在源主机和目的主机上分别执行：此时 {vm} 在源端为暂停状态，在目的端为运行状态。',
      ),
    },
    {
      id: 'destroy-both',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      command: 'virsh destroy {vm}',
      text: text('Power off {vm} on both the source and the destination host.', '在源主机和目的主机上都把 {vm} 强制关闭。'),
      warning: text(
        'virsh destroy cuts the VM off like pulling its power cord.',
        'virsh destroy 相当于直接拔掉虚拟机电源。',
      ),
    },
    {
      id: 'restart-libvirtd',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      command: 'systemctl restart libvirtd',
      text: text('Restart the libvirtd service on the hosts involved in the migration.', '在参与迁移的主机上重启 libvirtd 服务。'),
    },
    {
      id: 'undefine-source',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      command: 'virsh undefine {vm}',
      text: text('On the source host only, remove the definition of {vm}.', '只在源主机上注销 {vm} 的定义。'),
      warning: text(
        'Never run this on the destination host. The guide prints the command as `virsh undefined`, which virsh does not accept; the subcommand is `undefine`.',
        '切勿在目的主机上执行。指南原文写成了 `virsh undefined`，virsh 并没有这个子命令，正确写法是 `undefine`。',
      ),
    },
    {
      id: 'start-destination',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      command: 'virsh start {vm}',
      text: text('Start {vm} on the destination host and bring its services back.', '在目的主机上启动 {vm}，把业务恢复起来。'),
    },
  ],
} as const satisfies KbEntry;
