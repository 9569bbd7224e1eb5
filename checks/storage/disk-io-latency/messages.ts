/**
 * Everything disk-io-latency says, in both languages, and the steps it adds
 * to its guide entry. Every finding names the device as `{device}` (its
 * kernel name, as /proc/diskstats counts it) followed by `{where}` (its map
 * and pools, or nothing), and ends with `{notes}` (what was left unmeasured).
 */
import type { SayOf } from '../../../src/engine/define-check.js';
import type { StepIdOf } from '../../../src/kb/index.js';

export const messages = {
  // undecided
  diskstatsUnreadable: { en: '/proc/diskstats could not be read: {why}', zh: '无法读取 /proc/diskstats：{why}' },
  noDevicesRead: { en: '/proc/diskstats lists no block device that usdiag could read.', zh: '/proc/diskstats 中没有可读取的块设备。' },
  secondSampleFailed: { en: 'The second sample failed: {why}', zh: '第二次采样失败：{why}' },
  noInterval: {
    en: 'The time between the two samples is unknown; no rate can be computed.',
    zh: '无法确定两次采样的间隔，无法计算速率。',
  },
  noDisks: { en: 'No disk device was found in /proc/diskstats.', zh: '/proc/diskstats 中没有磁盘设备。' },

  // healthy
  allInTime: {
    en: '{count} disk device(s) answer in time over {seconds} s; busiest {device}{where}: await {await} ms, util {util} %.',
    zh: '{seconds} 秒内 {count} 个磁盘设备响应正常；最忙的 {device}{where}：await {await} ms，利用率 {util}%。',
  },

  // what a device is
  where: { en: ' ({parts})', zh: '（{parts}）' },
  ofMap: { en: 'multipath {map}', zh: '多路径 {map}' },
  pool: { en: 'pool {mount}', zh: '存储池 {mount}' },
  mountedOn: { en: 'mounted on {mount}', zh: '挂载于 {mount}' },
  metrics: {
    en: 'await {await} ms (read {readAwait} / write {writeAwait}), util {util} %, {iops} IO/s, {mbps} MB/s over {seconds} s',
    zh: 'await {await} ms（读 {readAwait} / 写 {writeAwait}），利用率 {util}%，{seconds} 秒内平均 {iops} 次/秒、{mbps} MB/s',
  },

  // findings
  stalled: {
    en: '{device}{where} does not complete IO: {inFlight} request(s) in flight, none finished in {seconds} s, util {util} %: the storage path is stuck, not merely busy.{notes}',
    zh: '{device}{where}的 IO 无法完成：{inFlight} 个请求在途，{seconds} 秒内一个也没有完成，利用率 {util}%：存储路径卡住了，而不只是繁忙。{notes}',
  },
  vmsUnmeasured: {
    en: '{device}{where} is slow: {metrics}; its VMs could not be measured ({why}).{notes}',
    zh: '{device}{where}响应慢：{metrics}；无法测量其上的虚拟机（{why}）。{notes}',
  },
  holdsUnknown: {
    en: '{device}{where} is slow: {metrics}; whether it holds a pool or a VM disk is unknown ({why}).{notes}',
    zh: '{device}{where}响应慢：{metrics}；无法确定其上是否有存储池或虚拟机磁盘（{why}）。{notes}',
  },
  noVmStorage: {
    en: '{device}{where} is slow: {metrics}; it holds no storage pool and no VM disk, so VMs feel it only indirectly.{notes}',
    zh: '{device}{where}响应慢：{metrics}；该设备上没有存储池也没有虚拟机磁盘，对虚拟机只有间接影响。{notes}',
  },
  countersUnread: {
    en: '{device}{where} is slow: {metrics}; the counters of its {count} VM disk(s) could not be read twice (virsh domblkstat).{notes}',
    zh: '{device}{where}响应慢：{metrics}；其上 {count} 个虚拟机磁盘的计数无法两次读取（virsh domblkstat）。{notes}',
  },
  vmsMakeLittle: {
    en: '{device}{where} is slow: {metrics}; the VMs on it make only {share} % of its IO: the rest comes from {elsewhere}, so limiting or moving these VMs will not help.{notes}',
    zh: '{device}{where}响应慢：{metrics}；其上的虚拟机只占其 IO 的 {share}%：其余来自{elsewhere}，限制或迁移这些虚拟机解决不了问题。{notes}',
  },
  noVmOnDevice: {
    en: '{device}{where} is slow: {metrics}; no VM of this host has a disk on it: the rest comes from {elsewhere}, so limiting or moving these VMs will not help.{notes}',
    zh: '{device}{where}响应慢：{metrics}；本机没有虚拟机的磁盘在该设备上：其余来自{elsewhere}，限制或迁移这些虚拟机解决不了问题。{notes}',
  },
  vmsPartlyRead: {
    en: '{device}{where} is slow: {metrics}; the VMs measured make only {share} % of its IO, but {count} read(s) of VM disks failed ({why}): whether the rest comes from VMs is unknown.{notes}',
    zh: '{device}{where}响应慢：{metrics}；已测量的虚拟机只占其 IO 的 {share}%，但有 {count} 次虚拟机磁盘读取失败（{why}）：无法判断其余 IO 是否来自虚拟机。{notes}',
  },
  hostItself: { en: 'the host itself', zh: '本机自身的进程' },
  hostOrLun: { en: 'the host itself or other hosts on the shared LUN', zh: '本机自身的进程，或共享该 LUN 的其他主机' },
  overloaded: {
    en: '{device}{where} is slow: {metrics}; {count} VMs make {share} % of its IO, none dominant (the heaviest: {heaviest}): the pool is overloaded as a whole: {move}.{notes}',
    zh: '{device}{where}响应慢：{metrics}；{count} 台虚拟机共占其 IO 的 {share}%，没有哪台特别突出（最重的：{heaviest}）：存储池整体过载，{move}。{notes}',
  },
  moveSome: { en: 'move some of them to {pool} (util {util} %)', zh: '请把其中一部分迁移到 {pool}（利用率 {util}%）' },
  spreadThem: {
    en: "no pool on another device of this host is quiet enough to move them to: spread them over other hosts' pools or limit them all",
    zh: '本机其他设备上没有足够空闲的存储池：请分散到其他存储池，或对它们统一限速',
  },
  oneVmHeavy: {
    en: '{device}{where} is slow: {metrics}; {vm} ({iops} IO/s, {mbps} MB/s) makes {share} % of it: {remedy}.{notes}',
    zh: '{device}{where}响应慢：{metrics}；{vm}（{iops} 次/秒，{mbps} MB/s）占其中 {share}%：{remedy}。{notes}',
  },
  vmsHeavy: {
    en: '{device}{where} is slow: {metrics}; {vms} make {share} % of it: {remedy}.{notes}',
    zh: '{device}{where}响应慢：{metrics}；{vms}占其中 {share}%：{remedy}。{notes}',
  },
  vmLoad: { en: '{vm} ({iops} IO/s, {mbps} MB/s)', zh: '{vm}（{iops} 次/秒，{mbps} MB/s）' },
  limitOrMoveIt: { en: 'limit its IO or move it to {pool} (util {util} %)', zh: '可限制其 IO，或迁移到 {pool}（利用率 {util}%）' },
  limitOrMoveThem: { en: 'limit their IO or move them to {pool} (util {util} %)', zh: '可限制其 IO，或迁移到 {pool}（利用率 {util}%）' },
  limitIt: {
    en: 'limit its IO (no pool on another device of this host is quiet enough to move it to)',
    zh: '可限制其 IO（本机其他设备上没有足够空闲的存储池可供迁移）',
  },
  limitThem: {
    en: 'limit their IO (no pool on another device of this host is quiet enough to move them to)',
    zh: '可限制其 IO（本机其他设备上没有足够空闲的存储池可供迁移）',
  },

  // what the verdict leaves out
  notes: { en: ' {items}', zh: '{items}' },
  moreSlow: { en: '(+{more} more slow device(s))', zh: '（另有 {more} 个设备较慢）' },
  notAllSampled: {
    en: '(only {sampled} of the {total} VMs on the slow device(s) were measured)',
    zh: '（慢设备上的 {total} 台虚拟机只测量了 {sampled} 台）',
  },
  notListed: {
    en: '(the disks of {count} running VM(s) beyond the first {limit} were not looked at)',
    zh: '（前 {limit} 台之外还有 {count} 台运行中的虚拟机，未查看其磁盘）',
  },
  vmReadsFailed: { en: '({count} read(s) of VM disks failed: {why})', zh: '（{count} 次虚拟机磁盘读取失败：{why}）' },

  // evidence notes
  firstSample: { en: 'first sample', zh: '第一次采样' },
  later: { en: '{seconds} s later: {metrics}', zh: '{seconds} 秒后：{metrics}' },
  vmDisk: {
    en: '{vm} {target} on {pool}: {iops} IO/s, {mbps} MB/s{latency}',
    zh: '{vm} 的 {target}（{pool}）：{iops} 次/秒，{mbps} MB/s{latency}',
  },
  perRequest: { en: ', {ms} ms per request', zh: '，每个请求 {ms} ms' },
  otherHosts: {
    en: ', and the VMs of the other hosts using this shared LUN (usdiag check disk-io-latency on them)',
    zh: '，以及共享该 LUN 的其他主机上的虚拟机（在这些主机上运行 usdiag check disk-io-latency）',
  },
} as const;

/** Concrete first steps the guide entry does not spell out. */
export const steps = {
  'check-stuck-path': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'multipath -ll',
    text: {
      en: 'IO to {device} on {host} does not complete: look at the storage path and the shared file system first (usdiag check storage-blocked,storage-fence,multipath-wwid).',
      zh: '{host} 上 {device} 的 IO 无法完成：先检查存储路径和共享文件系统（usdiag check storage-blocked,storage-fence,multipath-wwid）。',
    },
  },
  'find-other-io': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    text: {
      en: 'Find what else does IO on {device}: host processes (backups, copies, image conversions: iotop -o) on {host}{otherHosts}.',
      zh: '找出 {device} 上其他的 IO 来源：{host} 上的进程（备份、拷贝、镜像转换等，可用 iotop -o 查看）{otherHosts}。',
    },
  },
} as const;

export type SayIo = SayOf<'disk-io-latency', typeof messages, typeof steps>;
export type IoStep = StepIdOf<'disk-io-latency'> | keyof typeof steps;
