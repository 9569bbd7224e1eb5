/** vm-migration-stuck's sentences and its own recovery steps (both languages). */
import type { SayOf } from '../../../src/engine/define-check.js';
import type { StepIdOf } from '../../../src/kb/index.js';

export const messages = {
  ok: {
    en: '{count} running or paused VM(s) on {host}, none in a migration that is stuck{moving}.',
    zh: '{host} 上有 {count} 台运行中或暂停的虚拟机，没有卡住的迁移{moving}。',
  },
  moving: { en: '; {vms} migrating and moving', zh: '；{vms} 正在迁移且有进展' },
  noVms: { en: 'No VM runs on {host}: no migration can start from it.', zh: '{host} 上没有运行中的虚拟机，不会有从它发起的迁移。' },
  listUnread: { en: 'The VMs of {host} could not be listed: {why}', zh: '无法列出 {host} 上的虚拟机：{why}' },
  jobsUnread: {
    en: 'The migration jobs of {vms} could not be read ({why}): a stuck migration is not excluded.',
    zh: '无法读取 {vms} 的迁移任务（{why}），不能排除迁移卡住。',
  },
  jobsUnreadOnBlocked: {
    en: 'The migration jobs of {vms} could not be read ({why}) while a pool of this host is blocked: {finding}',
    zh: '无法读取 {vms} 的迁移任务（{why}），同时此主机的存储池已阻塞：{finding}',
  },

  // cause 1: a big disk over a gigabit management network
  diskCopy: {
    en: 'Migration of {vm}{to} has copied its disks for {elapsed}: {remaining} of {total} left, {rate}{eta}. The copy moves: the disk is large for the link (guide 3.4.6, cause 1).{destDisks}',
    zh: '虚拟机 {vm}{to}的迁移已拷贝磁盘 {elapsed}：{total} 中还剩 {remaining}，{rate}{eta}。拷贝仍在进行：磁盘相对于链路带宽过大（指南 3.4.6 原因 1）。{destDisks}',
  },
  // cause 2: the guest dirties memory faster than it is sent
  notConverging: {
    en: 'Migration of {vm}{to} does not converge: the guest dirties {dirty} while {bandwidth} is sent, and {remaining} of memory left did not go down between two samples (pass {iteration}, running {elapsed}) (guide 3.4.6, cause 2).',
    zh: '虚拟机 {vm}{to}的内存迁移无法收敛：客户机每秒弄脏 {dirty}，而发送带宽只有 {bandwidth}，剩余内存 {remaining} 在两次采样之间没有减少（第 {iteration} 轮，已运行 {elapsed}）（指南 3.4.6 原因 2）。',
  },
  notConvergingNoRate: {
    en: 'Migration of {vm}{to} does not converge: it sends data ({sent} between two samples) but {remaining} left did not go down (running {elapsed}); this libvirt does not print the dirty rate (guide 3.4.6, cause 2).',
    zh: '虚拟机 {vm}{to}的迁移无法收敛：两次采样之间发送了 {sent}，但剩余的 {remaining} 没有减少（已运行 {elapsed}）；此版本 libvirt 不显示脏页速率（指南 3.4.6 原因 2）。',
  },
  // cause 3: the VM's pool is blocked
  storageFrozen: {
    en: 'Migration of {vm}{to} does not move ({processed} sent, the same in both samples, running {elapsed}): its pool {pool} is blocked, which freezes the VM (guide 3.4.6, cause 3): {finding}',
    zh: '虚拟机 {vm}{to}的迁移没有进展（已发送 {processed}，两次采样相同，已运行 {elapsed}）：它所在的存储池 {pool} 已阻塞，虚拟机被冻结（指南 3.4.6 原因 3）：{finding}',
  },
  // cause 4: the migration network broke
  networkBroken: {
    en: '{vm} is paused on {host}{reason} and running on {destination}{destReason}: the migration network broke at the switch-over (guide 3.4.6, cause 4).{link}',
    zh: '{vm} 在 {host} 上处于暂停状态{reason}，而在 {destination} 上正在运行{destReason}：迁移网络在切换时中断（指南 3.4.6 原因 4）。{link}',
  },
  migratedHere: {
    en: '{vm} runs on {host}{reason} while {source} still holds it paused{sourceReason}: a migration from {source} whose network broke at the switch-over (guide 3.4.6, cause 4). Keep this copy; the recovery is on {source}.',
    zh: '{vm} 在 {host} 上运行{reason}，而 {source} 上它仍处于暂停状态{sourceReason}：从 {source} 发起的迁移在切换时网络中断（指南 3.4.6 原因 4）。保留本机这份；恢复操作在 {source} 上进行。',
  },
  linkDown: {
    en: 'Migration of {vm}{to} does not move ({processed} sent, the same in both samples, running {elapsed}): {iface} ({address}), the interface toward {destination} ({destAddress}), has no link{members} (guide 3.4.6, cause 4).',
    zh: '虚拟机 {vm}{to}的迁移没有进展（已发送 {processed}，两次采样相同，已运行 {elapsed}）：通往 {destination}（{destAddress}）的接口 {iface}（{address}）没有链路{members}（指南 3.4.6 原因 4）。',
  },
  stalled: {
    en: 'Migration of {vm}{to} does not move ({processed} sent, the same in both samples, running {elapsed}); its pool is not blocked and it is not paused on one host while running on another; {linkState}.',
    zh: '虚拟机 {vm}{to}的迁移没有进展（已发送 {processed}，两次采样相同，已运行 {elapsed}）；其存储池没有阻塞，也没有出现一端暂停、一端运行的情况；{linkState}。',
  },
  linkUp: { en: '{iface}, toward {destination}, has a link', zh: '通往 {destination} 的接口 {iface} 链路正常' },
  stalledUndecided: {
    en: 'Migration of {vm}{to} does not move ({processed} sent, the same in both samples), and the state of its storage could not be judged: {finding}',
    zh: '虚拟机 {vm}{to}的迁移没有进展（已发送 {processed}，两次采样相同），且无法判断其存储状态：{finding}',
  },

  to: { en: ' to {destination}', zh: '（迁往 {destination}）' },
  reasonIs: { en: ' ({reason})', zh: '（{reason}）' },
  rate: { en: '{rate}/s', zh: '速度 {rate}/秒' },
  rateUnknown: { en: 'at a rate usdiag could not measure', zh: '速率无法测得' },
  eta: { en: ', about {eta} more at this pace', zh: '，按此速度约还需 {eta}' },
  perSecond: { en: '{size}/s', zh: '{size}/秒' },
  dirtyRate: { en: '{size}/s ({pages} pages/s)', zh: '{size}（{pages} 页/秒）' },
  destDisks: { en: ' On {destination}: {disks}.', zh: '{destination} 上：{disks}。' },
  destDisk: { en: '{path} {size} of {total}', zh: '{path} {size}（共 {total}）' },
  members: { en: ' (its ports {ports} have no carrier)', zh: '（其端口 {ports} 都没有载波）' },
  linkAlso: { en: ' {iface}, toward {destination}, has no link.', zh: '通往 {destination} 的接口 {iface} 没有链路。' },
  noDestination: { en: 'no other inventory host holds the VM, so the destination and the link toward it were not looked at', zh: '清单中没有其他主机持有该虚拟机，因此未查看目的端及通往它的链路' },
  unknownLink: { en: 'no interface of this host toward {destination} could be read', zh: '无法确定本机通往 {destination} 的接口' },
} as const;

export const steps = {
  'watch-job': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'virsh domjobinfo {vm}',
    text: {
      en: 'Run this on {host} a few times, a minute apart: while "Data processed" grows the migration moves.',
      zh: '在 {host} 上隔一分钟执行几次：只要 “Data processed” 还在增长，迁移就在进行。',
    },
  },
  'check-migration-link': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'ip -o link; ethtool {iface}',
    text: {
      en: 'On {host}, check the interface that carries the migration toward {destination} and its switch port; bring the link back before retrying (usdiag check nic-fault,nic-packet-loss).',
      zh: '在 {host} 上检查通往 {destination} 的迁移接口及其交换机端口；链路恢复后再重试迁移（usdiag check nic-fault,nic-packet-loss）。',
    },
  },
} as const;

export type MigrationStep = StepIdOf<'vm-migration-stuck'> | keyof typeof steps;
export type SayMigration = SayOf<'vm-migration-stuck', typeof messages, typeof steps>;
