/**
 * Recovery steps around a VM's disk image that several compute entries share
 * (3.4.4, 3.4.5, 3.4.7). One definition keeps the backup warning and the
 * repair command identical wherever the guide sends the engineer to them.
 */
import { text } from '../../i18n/text.js';
import type { RecoveryStep, StepCost } from '../types.js';

/** Finds the qemu error of the fault in the VM's own log; `message` is the error string, verbatim. */
export function readQemuLogStep(message: string): RecoveryStep {
  return {
    id: 'read-qemu-log',
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    text: text(
      `In /var/log/libvirt/qemu/{vm}.log on {host}, find "${message}" and note the disk image it names ({image}).`,
      `在 {host} 的 /var/log/libvirt/qemu/{vm}.log 中查找“${message}”，记下报错所指的磁盘镜像（{image}）。`,
    ),
  };
}

export const checkImageStep = {
  id: 'check-image',
  kind: 'diagnostic',
  cost: 'short',
  likelihood: 'high',
  command: 'qemu-img check {image}',
  text: text(
    'Check {image} with {vm} shut off. "ERROR ..." lines and "errors were found on the image" mean the image needs repair; lines that only report leaked clusters waste disk space but do not harm data.',
    '在 {vm} 关机的情况下检查 {image}。出现“ERROR ...”行以及“errors were found on the image”说明镜像需要修复；只报 leaked clusters 的，只是浪费磁盘空间，不伤数据。',
  ),
} as const satisfies RecoveryStep;

export const backupImageStep = {
  id: 'backup-image',
  kind: 'changing',
  cost: 'long',
  likelihood: 'high',
  text: text(
    'With {vm} shut off, copy {image} to another location with enough free space before changing anything in it, so that a repair can be started over from the original.',
    '在 {vm} 关机状态下，先把 {image} 复制到空间足够的其他位置再动手修改，这样修复不成功时还能从原件重来。',
  ),
  warning: text(
    'Do not skip this: the repair rewrites the image\'s metadata in place. The copy takes as long as the image is large; check the free space first.',
    '这一步不能省：修复会直接改写镜像的元数据。复制耗时与镜像大小成正比，先确认目标位置空间够用。',
  ),
} as const satisfies RecoveryStep;

export const repairImageStep = {
  id: 'repair-image',
  kind: 'changing',
  cost: 'long',
  likelihood: 'high',
  command: 'qemu-img check -r all {image}',
  text: text(
    'Repair {image}; when the repair succeeds the VM can boot from it again.',
    '修复 {image}，修复成功后虚拟机即可正常启动。',
  ),
  warning: text(
    'Back up {image} before repairing it, and keep {vm} shut off while the repair runs.',
    '修复前务必备份 {image}，修复过程中 {vm} 必须保持关机。',
  ),
} as const satisfies RecoveryStep;

/** Starting the VM closes a repair procedure (long) or follows a quick fix (short). */
export function startVmStep(cost: StepCost): RecoveryStep {
  return {
    id: 'start-vm',
    kind: 'changing',
    cost,
    likelihood: 'high',
    command: 'virsh start {vm}',
    text: text(
      'Start {vm} again (from the management platform or with virsh) and check that it boots.',
      '重新启动 {vm}（在管理平台上或用 virsh 均可），确认能正常开机。',
    ),
  };
}
