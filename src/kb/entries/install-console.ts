import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.4.2. Guide mode: the problem happens before the host runs the platform. */
export const entry = {
  id: 'install-console',
  title: text('Installation hangs, or no xsconsole after installing', '系统安装卡住，或装完后没有 xsconsole 界面'),
  symptom: text(
    'The installer freezes or the screen stays black during installation, or the installed system never shows the xsconsole screen.',
    '安装进行到一半卡死或黑屏，或者系统装完后始终看不到 xsconsole 界面。',
  ),
  impact: text('The system cannot be installed or cannot be used properly.', '系统装不上，或者装上了也没法正常使用。'),
  causes: [
    text('The network was interrupted while the installation was running.', '安装过程中网络出现中断。'),
    text('The USB stick used for the installation was not written in the right format.', '用来安装的 U 盘制作格式不对。'),
  ],
  diagnosis: [
    text(
      'Check the CPU of the server: servers with a Phytium CPU have no xsconsole screen at all, so its absence there is expected.',
      '先看服务器的 CPU：飞腾 CPU 的服务器本来就没有 xsconsole 界面，这种情况下看不到属于正常。',
    ),
    text(
      'Find out whether the network connection dropped during the installation (for example the remote console or virtual media session).',
      '确认安装期间网络是否断过（例如远程控制台或虚拟介质的连接）。',
    ),
    text(
      'Find out how the USB stick was made: a stick not written image-for-image with Linux dd is a likely cause.',
      '问清 U 盘是怎么做的：没有用 Linux dd 按镜像原样写入的 U 盘很可能就是问题所在。',
    ),
  ],
  recovery: [
    {
      id: 'check-cpu-platform',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'If the server has a Phytium CPU, the missing xsconsole screen is normal and needs no repair.',
        '如果服务器用的是飞腾 CPU，没有 xsconsole 界面是正常现象，无需处理。',
      ),
    },
    {
      id: 'write-usb-with-dd',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      command: 'dd if=/root/CAS-*.iso of={device} bs=1M',
      text: text(
        'Make the USB installation stick again with Linux dd, writing the ISO image to the whole stick (the guide\'s example writes to /dev/sdc).',
        '在 Linux 下用 dd 重新制作 U 盘安装盘，把 ISO 镜像整盘写入 U 盘（指南示例中目标设备为 /dev/sdc）。',
      ),
      warning: text(
        'dd overwrites the target completely: check with `lsblk` that {device} really is the USB stick and not a disk of the machine.',
        'dd 会整盘覆盖目标设备，执行前先用 `lsblk` 确认 {device} 确实是 U 盘，而不是本机的硬盘。',
      ),
    },
    {
      id: 'reinstall-system',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'Install again from the new stick and keep the network stable until the installation has finished.',
        '用新做的 U 盘重新安装，并保证安装结束前网络一直稳定。',
      ),
    },
  ],
  notes: [
    text(
      'usdiag cannot watch an installation; this entry only gives the guide\'s recovery, and the check reports it as skipped.',
      'usdiag 无法检查正在进行的安装过程，本条目只提供指南中的恢复方法，对应检查项的结果为 skipped。',
    ),
  ],
} as const satisfies KbEntry;
