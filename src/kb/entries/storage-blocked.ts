import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/**
 * Guide 3.5.3. One sequential procedure from the hung mount to the reboot of
 * the lock holder: every step keeps the same rank so the order stays intact.
 * The lock trail crosses hosts: busy lock here, its owner node, then the node
 * holding it granted ({holderHost}), where the VMs are stopped and the host rebooted.
 * Two pids, two names: {stuckPid} is the process stuck in the lock (found,
 * not killed), {vmPid} the qemu process of a VM that will not shut down.
 */
export const entry = {
  id: 'storage-blocked',
  title: text('Shared storage blocked: the cluster becomes unusable', '共享存储阻塞，集群无法使用'),
  symptom: text(
    'In the management platform, the storage pool tab of a host\'s detail page never loads and the platform hangs.',
    '在管理平台中打开主机详情页的存储池页签，页面一直出不来，整个管理平台卡住。',
  ),
  impact: text('Services across a large part of the cluster are affected.', '用户业务大面积受影响。'),
  causes: [
    text(
      'One node holds an OCFS2 cluster lock (DLM) and does not release it, typically because a process there is stuck in uninterruptible IO (D state). Every other node that needs the lock waits, so IO on the shared file system hangs.',
      '某个节点拿着 OCFS2 集群锁（DLM）一直不放，通常是该节点上有进程卡在不可中断的 IO 等待（D 状态）里；其他需要这把锁的节点只能干等，共享文件系统的 IO 就此卡死。',
    ),
    text(
      'Many underlying faults can lead there, so they have to be ruled out one at a time; the way out is to find the node at the root of the blockage.',
      '导致这种局面的原因很多，只能逐一排查；解决的关键是找到造成阻塞的根节点。',
    ),
  ],
  diagnosis: [
    text(
      '`df -h` on a pool mount point does not return: the shared file system is blocked.',
      '对存储池挂载点执行 `df -h` 迟迟不返回，表明共享文件系统已经卡住。',
    ),
    text(
      '`debugfs.ocfs2 -R "fs_locks -B" <device>` lists busy locks (records with "Busy" in Flags, e.g. Lockres: P00000000000000000000000000000000); an empty output means that disk is not blocked.',
      '`debugfs.ocfs2 -R "fs_locks -B" <设备>` 列出了处于 Busy 的锁（Flags 中带“Busy”的记录，例如 Lockres: P00000000000000000000000000000000）；无输出则说明该磁盘没有阻塞。',
    ),
    text(
      '`dlm_locks` of a busy lock gives "Owner: N"; node number N in /etc/ocfs2/cluster.conf is the owner node.',
      '对阻塞的锁执行 `dlm_locks` 会得到“Owner: N”，在 /etc/ocfs2/cluster.conf 中编号为 N 的节点就是 owner 节点。',
    ),
    text(
      'On the owner node, the "Granted" row of the same lock names the node that holds it; the "Converting" rows are the nodes waiting for it.',
      '在 owner 节点上再查同一把锁，“Granted”行里的节点就是持有者，“Converting”行是在等锁的节点。',
    ),
    text(
      'On the holder node, a process in D state waits in the cluster lock (the guide\'s example: "27904 D+ dd ocfs2_cluster_lock.isra.30").',
      '在持锁节点上能看到处于 D 状态、卡在集群锁上的进程（指南示例为“27904 D+ dd ocfs2_cluster_lock.isra.30”）。',
    ),
  ],
  recovery: [
    {
      id: 'find-hung-mount',
      kind: 'diagnostic',
      cost: 'long',
      likelihood: 'high',
      command: 'df -h {mount}',
      text: text(
        'On {host}, check every mount point of the storage pools one by one; a mount point for which the command does not return means the shared file system is blocked.',
        '在 {host} 上逐个检查存储池的挂载点，哪个挂载点上命令长时间没有结果，就表示共享文件系统出现了阻塞。',
      ),
      warning: text(
        'On a blocked mount the command hangs for good: run it in a separate session or under `timeout`.',
        '挂载点阻塞时该命令会一直卡住，请在单独的会话里执行，或者套上 `timeout`。',
      ),
    },
    {
      id: 'list-ocfs2-mounts',
      kind: 'diagnostic',
      cost: 'long',
      likelihood: 'high',
      command: 'mount | grep ocfs2',
      text: text(
        'List the shared file systems in use on {host} and the device behind each mount point.',
        '列出 {host} 当前挂载的共享文件系统，以及每个挂载点对应的设备。',
      ),
    },
    {
      id: 'find-busy-locks',
      kind: 'diagnostic',
      cost: 'long',
      likelihood: 'high',
      command: 'debugfs.ocfs2 -R "fs_locks -B" {device}',
      text: text(
        'For each OCFS2 device, list its busy locks. No output means {device} is not blocked; each "Lockres:" record is a blocked DLM lock ({lockres}).',
        '对每个 OCFS2 设备查询阻塞的锁。没有输出说明 {device} 没有阻塞；每条“Lockres:”记录都是一把阻塞的 DLM 锁（{lockres}）。',
      ),
    },
    {
      id: 'find-lock-owner',
      kind: 'diagnostic',
      cost: 'long',
      likelihood: 'high',
      command: 'debugfs.ocfs2 -R "dlm_locks {lockres}" {device}',
      text: text(
        'Query the DLM lock {lockres}: the "Owner:" field is the owner node number ({ownerNode}). Look that number up in /etc/ocfs2/cluster.conf to find its host ({ownerHost}).',
        '查询 DLM 锁 {lockres} 的信息：“Owner:”字段是 owner 节点编号（{ownerNode}），再到 /etc/ocfs2/cluster.conf 中按编号找到对应主机（{ownerHost}）。',
      ),
    },
    {
      id: 'find-lock-holder',
      kind: 'diagnostic',
      cost: 'long',
      likelihood: 'high',
      command: 'debugfs.ocfs2 -R "dlm_locks {lockres}" {device}',
      text: text(
        'SSH to {ownerHost} and run the same query there: the "Granted" row names the node that holds the lock and does not let go ({holderNode}, host {holderHost}); the "Converting" rows are the nodes waiting for it.',
        'SSH 登录 {ownerHost} 再执行同样的查询：“Granted”行中的节点一直持有这把锁不释放（{holderNode}，主机 {holderHost}），“Converting”行都是在等锁的节点。',
      ),
      warning: text(
        'The same volume can have another device name on {ownerHost} (the guide\'s example: /dev/sdc on one node, /dev/sdk on the other); take the device from `mount | grep ocfs2` on that host.',
        '同一个卷在 {ownerHost} 上的设备名可能不同（指南示例中一个节点是 /dev/sdc，另一个是 /dev/sdk），请以该主机上 `mount | grep ocfs2` 的结果为准。',
      ),
    },
    {
      id: 'find-blocked-process',
      kind: 'diagnostic',
      cost: 'long',
      likelihood: 'high',
      command: 'ps -e -o pid,stat,comm,wchan=WIDE-WCHAN-COLUMN | grep D',
      text: text(
        'On {holderHost}, find the processes in D state and what they wait on; one waiting in ocfs2_cluster_lock ({process}, pid {stuckPid}) is the one blocking the cluster.',
        '在 {holderHost} 上找出处于 D 状态的进程及其等待点；卡在 ocfs2_cluster_lock 上的那个（{process}，进程号 {stuckPid}）就是阻塞集群的进程。',
      ),
    },
    {
      id: 'list-vms',
      kind: 'diagnostic',
      cost: 'long',
      likelihood: 'high',
      command: 'ps -ef | grep kvm',
      text: text(
        'List all VMs running on {holderHost} and write down each VM\'s VNC port and other details from its process line before anything is stopped.',
        '列出 {holderHost} 上运行的所有虚拟机，在停机前从进程信息中记下每台虚拟机的 VNC 端口等信息。',
      ),
    },
    {
      id: 'shutdown-vms',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      command: 'kill -9 {vmPid}',
      text: text(
        'Shut the VMs on {holderHost} down from inside wherever possible, through VNC or the VM\'s remote desktop. Only VMs that will not stop are ended by force, by killing their qemu process.',
        '尽量通过 VNC 或虚拟机远程桌面，从虚拟机内部把 {holderHost} 上的虚拟机关掉；实在关不掉的，再用 kill 强制结束其 qemu 进程。',
      ),
      warning: text(
        '`kill -9` is a power cut for the guest: use it only for VMs that did not shut down from inside.',
        '`kill -9` 对虚拟机来说等于直接断电，只用于从内部关不掉的虚拟机。',
      ),
    },
    {
      id: 'reboot-host',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      command: 'reboot',
      text: text(
        'Reboot {holderHost}. If the reboot command fails, log in to the server\'s management interface through its iLO port and choose a graceful restart, or reset the server.',
        '重启 {holderHost}。如果 reboot 命令失败，就通过 iLO 登录服务器的管理页面执行安全重启，或者直接 reset。',
      ),
      warning: text(
        'Reboot only the host that holds the lock, after its VMs are down; a reset through iLO is a hard power cycle.',
        '只重启持锁的那台主机，并且要在其虚拟机都关闭之后；通过 iLO 做 reset 属于硬重启。',
      ),
    },
    {
      id: 'verify-recovered',
      kind: 'diagnostic',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'Once {holderHost} is back, check that the system is healthy: the storage pools are mounted, `df -h` answers on every mount point, no busy locks remain, and the VMs can be started again.',
        '{holderHost} 起来以后检查系统是否恢复：存储池已挂载、各挂载点 `df -h` 都能返回、不再有阻塞的锁，虚拟机也能重新启动。',
      ),
    },
  ],
  notes: [
    text(
      'usdiag advice: before the reboot, save /var/log/syslog and the outputs above from the hosts involved; technical support needs them to find the underlying cause.',
      'usdiag 建议：重启前先保存相关主机的 /var/log/syslog 以及上述命令输出，技术支持要靠它们定位根本原因。',
    ),
  ],
} as const satisfies KbEntry;
