import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.8.4: operations inside a VM are frozen or very slow. */
export const entry = {
  id: 'vm-stuck',
  title: text('VM frozen or very slow', '虚拟机内部操作卡顿'),
  symptom: text(
    'Work inside a VM stalls; in the management platform its icon turns blue, the VM cannot be modified, its VNC console does not open and it does not answer ping.',
    '虚拟机内部操作卡顿，管理平台中它的图标变成蓝色，无法修改虚拟机，VNC 控制台打不开，网络也 ping 不通。',
  ),
  impact: text('The services of the VM are affected.', '虚拟机上的业务受到影响。'),
  causes: [
    text(
      'The storage pool of the VM\'s disks fails, so disk reads and writes never return and the main qemu process waits on the kernel.',
      '虚拟机磁盘所在的存储池异常，磁盘读写迟迟不返回，qemu 主进程一直在等待内核层的结果。',
    ),
    text(
      'Antivirus is enabled for the VM and its back-end driver (software the antivirus vendor installed on the VKS) misbehaves, so qemu waits on the kernel.',
      '虚拟机开启了防病毒，而防病毒后端驱动（杀毒厂商安装在 VKS 上的软件）异常，qemu 进程卡在等待内核返回。',
    ),
    text(
      'In cloud-desktop setups the spice component works together with the qemu process; when it misbehaves, calls into qemu never complete and block it.',
      '云桌面环境一般使用 spice 组件，它需要 qemu 进程配合；组件异常时，对 qemu 的调用一直无法结束，造成阻塞。',
    ),
    text(
      'An online storage migration throttles the VM\'s disks, so the VM is slow; this is expected.',
      '在线迁移存储时会对虚拟机磁盘限速，虚拟机运行变慢属于正常现象。',
    ),
    text(
      'Disks of several TB fragment under some workloads; taking a snapshot once fragmentation reaches 50 % or more makes the VM stall. This is a weakness of the qcow2 format itself.',
      '几个 TB 的大磁盘在某些业务下容易产生碎片，碎片率达到 50% 及以上时再做快照，就会引起虚拟机卡顿，这是 qcow2 格式磁盘自身的缺陷。',
    ),
    text(
      'Another faulty device of the VM, for example a USB device.',
      '虚拟机上其他有问题的设备，例如 USB 设备异常。',
    ),
  ],
  diagnosis: [
    text(
      'usdiag finds the qemu process of the VM and its state (`D` = waiting uninterruptibly on the kernel, `Z` = zombie), reads its kernel stack from /proc/<pid>/stack, lists the unusual devices in its live definition (antivirus, USB, passthrough) and collects errors from /var/log/libvirt/qemu/<vm>.log.',
      'usdiag 找到该虚拟机的 qemu 进程并查看其状态（`D` 为不可中断地等待内核，`Z` 为僵尸进程），从 /proc/<pid>/stack 读取内核栈，列出运行态配置中不常用的设备（防病毒、USB、透传设备），并收集 /var/log/libvirt/qemu/<vm>.log 中的报错。',
    ),
  ],
  recovery: [
    {
      id: 'check-running-operation',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check whether the VM is migrating its storage or deleting a snapshot; if so, slowness is expected, especially with TB-sized disks, and ends with the operation.',
        '确认虚拟机是否正在迁移存储或删除快照；如果是，运行变慢属于正常现象，磁盘数据量达到 TB 级时尤其明显，操作结束后即可恢复。',
      ),
    },
    {
      id: 'check-vm-devices',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Look at the live configuration of the VM for uncommon devices: antivirus, a USB key, USB flash drive or USB disk, passthrough devices.',
        '查看虚拟机的运行态配置，找出不常用的配置：是否开启了杀毒，是否挂载了 ukey、U 盘、移动硬盘等 USB 设备，是否有透传设备。',
      ),
      command: 'virsh dumpxml {vm}',
    },
    {
      id: 'read-qemu-log',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Read /var/log/libvirt/qemu/{vm}.log around the time the VM froze; the errors there usually show which device is at fault.',
        '查看 /var/log/libvirt/qemu/{vm}.log 中卡顿时间点前后的报错，通常可以初步判断是哪个设备出了问题。',
      ),
    },
    {
      id: 'check-process-state',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check whether the qemu process of the VM is in state D or Z.',
        '查看该虚拟机的 qemu 进程是否处于 D 状态或 Z 状态。',
      ),
      command: 'ps aux | grep {vm}',
    },
    {
      id: 'check-process-usage',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check the CPU and memory use of the threads of the qemu process {pid}.',
        '查看 qemu 进程 {pid} 各线程的 CPU 和内存使用率是否异常。',
      ),
      command: 'top -c -H -p {pid}',
    },
    {
      id: 'read-process-stack',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Read the kernel stack of the qemu process {pid} to see what it waits on (storage, antivirus driver...).',
        '查看 qemu 进程 {pid} 的内核栈，判断它在等待什么（存储、防病毒驱动等）。',
      ),
      command: 'cat /proc/{pid}/stack',
    },
    {
      id: 'follow-the-cause',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'usdiag advice (the guide stops at diagnosis): act on what the steps above found. Storage waits: recover the storage first (storage-blocked, guide 3.5.3; storage-fence, guide 3.5.4). Antivirus driver or spice: involve the antivirus vendor or UniCloud technical support. A faulty USB or passthrough device: detach it from the VM.',
        'usdiag 建议（指南只给到排查为止）：根据上面的排查结果处理。卡在存储上：先恢复存储（storage-blocked，指南 3.5.3；storage-fence，指南 3.5.4）。防病毒驱动或 spice 问题：联系杀毒厂商或 UniCloud 技术支持。USB 或透传设备异常：把该设备从虚拟机上移除。',
      ),
    },
  ],
  notes: [
    text(
      'usdiag advice: a qemu process in state D cannot be killed, not even with kill -9; it continues only when the kernel call it waits on returns. If that never happens the host has to be restarted, which the guide leaves to UniCloud technical support (3.3).',
      'usdiag 建议：处于 D 状态的 qemu 进程无法被结束，kill -9 也不行，只有它等待的内核调用返回后才会继续。如果一直不返回，就只能重启主机，而按指南 3.3，重启业务主机应交由 UniCloud 技术支持处理。',
    ),
  ],
} as const satisfies KbEntry;
