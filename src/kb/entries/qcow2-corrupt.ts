import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';
import { backupImageStep, checkImageStep, readQemuLogStep, repairImageStep, startVmStep } from './disk-image-steps.js';

/** Guide 3.4.5. Backup, repair and start are one procedure and keep one rank. */
export const entry = {
  id: 'qcow2-corrupt',
  title: text(
    'VM restart fails, no boot disk: qcow2 image marked as corrupt',
    '虚拟机重启后找不到启动盘：qcow2 镜像被标记为损坏',
  ),
  symptom: text(
    'After a restart the VM console shows "Boot failed: could not read the boot disk", falls back to an iPXE network boot and ends with "No bootable device."',
    '虚拟机重启后控制台提示“Boot failed: could not read the boot disk”，随即转去 iPXE 网络引导，最后停在“No bootable device.”。',
  ),
  impact: text('The VM cannot boot, so the services it carries are down.', '虚拟机无法开机，用户业务随之中断。'),
  causes: [
    text(
      'The qcow2 metadata of the VM\'s disk image is inconsistent. qemu blocked a write that would have overwritten metadata and flagged the image: "qcow2: Preventing invalid write on metadata (overlaps with snapshot table); image marked as corrupt."',
      '虚拟机磁盘镜像的 qcow2 元数据已不一致。qemu 拦下了一次会覆盖元数据的写操作，并给镜像打上了损坏标记：“qcow2: Preventing invalid write on metadata (overlaps with snapshot table); image marked as corrupt.”',
    ),
  ],
  diagnosis: [
    text(
      'The VM\'s qemu log under /var/log/libvirt/qemu/ contains "image marked as corrupt" (newer QEMU: "Marking image as corrupt", then "Image is corrupt; cannot be opened read/write").',
      '虚拟机在 /var/log/libvirt/qemu/ 下的日志里有“image marked as corrupt”（新版 QEMU 写作“Marking image as corrupt”，之后打开时报“Image is corrupt; cannot be opened read/write”）。',
    ),
    text(
      '`qemu-img check` on the image prints lines such as "ERROR cluster 274639 refcount=0 reference=1" and "1 errors were found on the image." (a real fault). "Leaked cluster" lines alone, summed up as "leaked clusters were found on the image", only waste space.',
      '对镜像执行 `qemu-img check`，若出现“ERROR cluster 274639 refcount=0 reference=1”之类的行以及“1 errors were found on the image.”，就是真有损坏；只有“Leaked cluster”行、汇总为“leaked clusters were found on the image”的，仅是空间浪费。',
    ),
    text(
      'On newer QEMU, `qemu-img info` shows "corrupt: true" under the format-specific information.',
      '在较新的 QEMU 上，`qemu-img info` 的格式专有信息中会显示“corrupt: true”。',
    ),
    text(
      'While the VM runs, qemu-img refuses to open the image (\'Failed to get shared "write" lock\'); a read-only check with `-U` is possible but may see an inconsistent state.',
      '虚拟机运行时 qemu-img 打不开镜像（报“Failed to get shared "write" lock”）；加 `-U` 可以只读检查，但结果可能因虚拟机仍在写入而不准确。',
    ),
  ],
  recovery: [
    readQemuLogStep('image marked as corrupt'),
    checkImageStep,
    backupImageStep,
    repairImageStep,
    startVmStep('long'),
  ],
  notes: [
    text(
      'If the repair cannot fix everything or the VM still does not boot, keep the backup, collect the qemu log and the qemu-img output, and contact technical support.',
      '如果修复后仍有错误或虚拟机依旧起不来，请保留好备份，收集 qemu 日志和 qemu-img 的输出，联系技术支持。',
    ),
  ],
} as const satisfies KbEntry;
