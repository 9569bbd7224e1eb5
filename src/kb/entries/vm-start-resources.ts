import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.4.3, the resource half (the antivirus residue is vm-shmem-residue). */
export const entry = {
  id: 'vm-start-resources',
  title: text('VM does not start: the host is short of CPU or memory', '虚拟机启动失败：主机 CPU 或内存资源不足'),
  symptom: text(
    'Starting a VM fails: the start task reports an error and the VM stays shut off.',
    '启动虚拟机的任务报错失败，虚拟机一直停留在关闭状态。',
  ),
  impact: text('The VM cannot run, so the services it carries are down.', '虚拟机起不来，它承载的业务也就无法使用。'),
  causes: [
    text(
      'The physical host does not have enough free CPU or memory left for another VM.',
      '物理主机上空闲的 CPU 或内存已经不足以再运行一台虚拟机。',
    ),
    text(
      'The management platform\'s "host memory reservation" feature is enabled: once host memory plus VM memory would go above 80 %, it refuses to start further VMs.',
      '管理平台打开了“主机内存预留”功能：物理主机内存加上虚拟机内存一旦超过 80%，平台就拒绝再启动虚拟机。',
    ),
    text(
      'libvirt\'s own resource check refuses the start. Its limits live in /etc/cvk/cpu_mem_threshold.conf (for example `CpuUsePercent 85 MemSysReserved 4`) and the refusal is written to the libvirt log.',
      'libvirt 自带的资源检查没有通过。检查门限配置在 /etc/cvk/cpu_mem_threshold.conf 中（例如 `CpuUsePercent 85 MemSysReserved 4`），被拒的记录会写进 libvirt 日志。',
    ),
  ],
  diagnosis: [
    text(
      'Read the thresholds with `cat /etc/cvk/cpu_mem_threshold.conf`: CpuUsePercent is the CPU usage ceiling in percent, MemSysReserved the memory held back for the host (the guide gives no unit; 4 in its example).',
      '用 `cat /etc/cvk/cpu_mem_threshold.conf` 查看门限：CpuUsePercent 是 CPU 使用率上限（百分比），MemSysReserved 是给主机自身保留的内存（指南未注明单位，示例值为 4）。',
    ),
    text(
      'Compare them with what the host uses now: CPU usage (for example `top -b -n 1`) against CpuUsePercent, free memory (`free -m`) against MemSysReserved and against the 80 % reservation rule.',
      '拿主机当前用量去比：CPU 使用率（如 `top -b -n 1`）对照 CpuUsePercent，剩余内存（`free -m`）对照 MemSysReserved 以及 80% 的预留规则。',
    ),
    text(
      'Look in /var/log/libvirt/libvirtd.log, around the time of the failed start, for the refusal of the resource check.',
      '在 /var/log/libvirt/libvirtd.log 中找启动失败那个时间点前后资源检查拒绝启动的记录。',
    ),
    text(
      'Check in the management platform whether "host memory reservation" is enabled.',
      '到管理平台上确认“主机内存预留”功能是否处于开启状态。',
    ),
  ],
  recovery: [
    {
      id: 'check-thresholds',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      command: 'cat /etc/cvk/cpu_mem_threshold.conf',
      text: text(
        'Read libvirt\'s CPU and memory thresholds on {host} and compare them with the CPU and memory the host is using now.',
        '查看 {host} 上 libvirt 的 CPU、内存门限，并与主机当前的 CPU、内存用量对比。',
      ),
    },
    {
      id: 'read-libvirt-log',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Confirm in /var/log/libvirt/libvirtd.log on {host} that the start of {vm} was refused by the resource check.',
        '在 {host} 的 /var/log/libvirt/libvirtd.log 中确认 {vm} 是被资源检查拦下而没能启动的。',
      ),
    },
    {
      id: 'free-resources',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Free CPU or memory on {host} by hand (stop workloads that do not need to run there), then start {vm} again.',
        '手动释放 {host} 上的 CPU 或内存（停掉不必在此运行的负载），然后再启动 {vm}。',
      ),
    },
    {
      id: 'shutdown-idle-vms',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'If the host is over-committed, shut down VMs on {host} that are not in use for the time being, then start {vm}.',
        '如果是资源超配，先把 {host} 上暂时不用的虚拟机关掉，再启动 {vm}。',
      ),
    },
    {
      id: 'migrate-other-vms',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'Migrate other VMs from {host} to hosts with spare capacity to free resources, then start {vm}.',
        '把 {host} 上的其他虚拟机迁到资源富余的主机上腾出资源，然后再启动 {vm}。',
      ),
    },
  ],
  notes: [
    text(
      'usdiag advice: do not raise the values in /etc/cvk/cpu_mem_threshold.conf or switch off host memory reservation just to get one VM running; they protect the host itself. Talk to technical support first.',
      'usdiag 建议：不要为了让某台虚拟机起来就调高 /etc/cvk/cpu_mem_threshold.conf 中的门限或关闭主机内存预留，这些限制是在保护主机本身；确需调整请先咨询技术支持。',
    ),
  ],
} as const satisfies KbEntry;
