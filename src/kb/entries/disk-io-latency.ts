import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/**
 * Guide 3.5.1. The guide names moving the VM first and limiting its IO
 * second; by 2.2.2 the quick limit goes before the long disk move.
 */
export const entry = {
  id: 'disk-io-latency',
  title: text('High disk IO latency on a host makes VMs sluggish', '主机磁盘 IO 延迟大导致虚拟机卡顿'),
  symptom: text(
    'The host\'s performance monitoring in the management platform shows high disk IO latency, the VMs respond slowly, and pinging them shows jitter or even packet loss.',
    '管理平台的主机性能监控里磁盘 IO 延迟明显偏高，虚拟机操作卡顿，ping 虚拟机时网络抖动，甚至丢包。',
  ),
  impact: text('The VMs cannot be used normally and the services on them suffer.', '虚拟机用不顺畅，用户业务受影响。'),
  causes: [
    text('The storage pool carries a heavy throughput at a high IOPS.', '存储池的 IO 吞吐量大，IOPS 也很高。'),
  ],
  diagnosis: [
    text(
      '`iostat -x 1 2` on the host (use the second report, the first is the average since boot): the devices behind the pool show a high await (r_await/w_await on newer sysstat) and %util close to 100.',
      '在主机上执行 `iostat -x 1 2`（看第二次输出，第一次是开机以来的平均值）：存储池所在设备的 await（新版 sysstat 为 r_await/w_await）很高，%util 接近 100。',
    ),
    text(
      'The VMs producing the IO stand out when their disk counters (for example `virsh domblkstat`) are compared between two samples.',
      '把各虚拟机的磁盘计数（例如 `virsh domblkstat`）前后采两次做对比，就能看出是哪些虚拟机在产生大量 IO。',
    ),
  ],
  recovery: [
    {
      id: 'find-busy-devices',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'On {host}, find the saturated storage device behind the pool ({device}): high await and %util near 100 in `iostat -x 1 2`.',
        '在 {host} 上用 `iostat -x 1 2` 找出存储池背后已经饱和的设备（{device}）：await 高、%util 接近 100。',
      ),
    },
    {
      id: 'find-io-heavy-vms',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Find the VMs doing most of the IO on that pool, for example by comparing `virsh domblkstat {vm}` between two samples.',
        '找出在该存储池上 IO 最重的虚拟机，例如对 `virsh domblkstat {vm}` 前后采样比较。',
      ),
    },
    {
      id: 'limit-vm-io',
      kind: 'changing',
      cost: 'short',
      likelihood: 'low',
      text: text(
        'Where needed, put a suitable limit on the disk IO of the heaviest VMs in the management platform, so the other VMs get their share back.',
        '必要时在管理平台上给 IO 最重的虚拟机设置适当的磁盘 IO 限制，让其他虚拟机分到应有的 IO。',
      ),
      warning: text(
        'The limited VM itself becomes slower; agree the limit with the owner of its services.',
        '被限制的虚拟机自身会变慢，限速值要和业务方商量好。',
      ),
    },
    {
      id: 'move-vm-to-other-pool',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'Move the IO-heavy VMs ({vm}) to another storage pool.',
        '把 IO 压力大的虚拟机（{vm}）迁移到其他存储池。',
      ),
      warning: text(
        'Copying the disks adds IO to the busy pool while it runs; do it at a quiet time.',
        '迁移磁盘期间会给本已繁忙的存储池再加 IO，尽量选业务低峰时进行。',
      ),
    },
  ],
} as const satisfies KbEntry;
