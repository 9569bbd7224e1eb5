import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';
import { startVmStep } from './disk-image-steps.js';

/** Guide 3.4.3, the second cause: a device left behind by the uninstalled antivirus. */
export const entry = {
  id: 'vm-shmem-residue',
  title: text(
    'VM does not start: leftover antivirus shared-memory device (/tmp/kvmsec)',
    '虚拟机启动失败：杀毒软件残留的共享内存设备（/tmp/kvmsec）',
  ),
  symptom: text(
    'The VM fails to start and its log shows that qemu could not reach a socket: "kvm: -chardev socket,id=charshmem0,path=/tmp/kvmsec: Failed to connect to socket: No such file or directory", followed by \'chardev: opening backend "socket" failed\'.',
    '虚拟机启动失败，日志显示 qemu 连不上一个 socket：“kvm: -chardev socket,id=charshmem0,path=/tmp/kvmsec: Failed to connect to socket: No such file or directory”，随后是“chardev: opening backend "socket" failed”。',
  ),
  impact: text('The VM cannot run, so the services it carries are down.', '虚拟机无法启动，上面的业务随之中断。'),
  causes: [
    text(
      'The AsiaInfo antivirus was uninstalled, but the VM definition still contains its `<shmem>` device. That device points at the server socket /tmp/kvmsec, which no longer exists, so qemu exits while starting.',
      '亚信杀毒卸载后，虚拟机配置里仍留着它的 `<shmem>` 设备。该设备指向的服务端 socket /tmp/kvmsec 已经不存在，qemu 在启动阶段就退出了。',
    ),
  ],
  diagnosis: [
    text(
      'The VM\'s qemu log under /var/log/libvirt/qemu/ contains "internal error process exited while connecting to monitor" together with "Failed to connect to socket" for path /tmp/kvmsec.',
      '虚拟机在 /var/log/libvirt/qemu/ 下的日志里有“internal error process exited while connecting to monitor”，并伴有指向 /tmp/kvmsec 的“Failed to connect to socket”。',
    ),
    text(
      'The VM definition (`virsh dumpxml`) holds a `<shmem name=\'nu_fsec-...\'>` element whose `<server path=\'/tmp/kvmsec\' />` is set.',
      '虚拟机定义（`virsh dumpxml`）里存在 `<shmem name=\'nu_fsec-...\'>` 元素，且其中配置了 `<server path=\'/tmp/kvmsec\' />`。',
    ),
    text('On the host, /tmp/kvmsec does not exist (or is not a socket).', '主机上 /tmp/kvmsec 不存在，或者不是 socket 文件。'),
  ],
  recovery: [
    {
      id: 'read-qemu-log',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'In /var/log/libvirt/qemu/{vm}.log on {host}, find "Failed to connect to socket" for /tmp/kvmsec.',
        '在 {host} 的 /var/log/libvirt/qemu/{vm}.log 中查找针对 /tmp/kvmsec 的“Failed to connect to socket”。',
      ),
    },
    {
      id: 'check-domain-xml',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check the definition of {vm} for a `<shmem>` element whose server path is /tmp/kvmsec (its name starts with nu_fsec-).',
        '检查 {vm} 的配置中是否有 server path 为 /tmp/kvmsec 的 `<shmem>` 元素（名称以 nu_fsec- 开头）。',
      ),
    },
    {
      id: 'remove-shmem-device',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'With {vm} shut off, delete that whole `<shmem>` element from its XML definition (for example with `virsh edit {vm}`).',
        '在 {vm} 关机状态下，把这个 `<shmem>` 元素整段从虚拟机 XML 中删掉（例如用 `virsh edit {vm}`）。',
      ),
      warning: text(
        'Save a copy of the definition first (`virsh dumpxml {vm}`) and remove only the antivirus shmem element, nothing else.',
        '改之前先保存一份配置（`virsh dumpxml {vm}`），并且只删杀毒软件的那个 shmem 元素，其他内容不要动。',
      ),
    },
    startVmStep('short'),
  ],
  notes: [
    text(
      'usdiag advice: if the antivirus is still supposed to protect this VM, have it reinstalled or repaired instead of removing the device.',
      'usdiag 建议：如果这台虚拟机仍需要杀毒软件防护，应重新安装或修复杀毒软件，而不是删掉该设备了事。',
    ),
  ],
} as const satisfies KbEntry;
