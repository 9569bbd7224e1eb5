import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/**
 * Guide 3.4.1. Guide mode: a host that does not boot cannot be examined over
 * SSH, so everything here is done at the server's console and in its firmware.
 */
export const entry = {
  id: 'host-no-boot-device',
  title: text('Host does not boot: "No bootable device"', '主机无法启动，提示“No bootable device”'),
  symptom: text(
    'Once the hardware self-test is over, the server console prints "No bootable device." Before that the firmware usually tries a network boot through iPXE and gives up with "No more network devices".',
    '服务器硬件自检结束后，控制台停在“No bootable device.”。在此之前固件一般会先尝试 iPXE 网络引导，最后以“No more network devices”失败告终。',
  ),
  impact: text(
    'The host never reaches its operating system, so it cannot rejoin the cluster or run any VM.',
    '主机进不了操作系统，无法重新加入集群，也跑不了任何虚拟机。',
  ),
  causes: [
    text('No operating system is installed on the server, or the server finds no disk it can boot from.', '服务器上没有装操作系统，或者服务器找不到可以引导的磁盘。'),
    text('The boot mode of the server was changed after the system had been installed.', '系统装好以后，有人改动过服务器的引导模式。'),
    text('The RAID controller is faulty, or its driver does not match the installed system.', 'RAID 卡出现故障，或者系统中的 RAID 卡驱动与硬件不匹配。'),
  ],
  diagnosis: [
    text(
      'Open the remote console through the server\'s management controller (for example iLO) and confirm the "No bootable device" screen; the iPXE lines before it only show that the firmware fell back to a network boot.',
      '通过服务器管理口（例如 iLO）打开远程控制台，确认屏幕上就是“No bootable device”；之前出现的 iPXE 字样只说明固件退而求其次去做了网络引导。',
    ),
    text(
      'In the BIOS setup and the RAID configuration utility, check that the system disk or logical drive is present, healthy and in the boot order.',
      '进入 BIOS 和 RAID 配置界面，确认系统盘或逻辑盘能被识别、状态正常，并且在启动顺序里。',
    ),
    text(
      'Compare the current boot mode (UEFI or Legacy) with the one used when the system was installed.',
      '核对当前的引导模式（UEFI 或 Legacy）与安装系统时所用的模式是否相同。',
    ),
    text(
      'Read the hardware event log of the management controller for disk or RAID controller faults.',
      '查看管理口里的硬件事件日志，看是否有磁盘或 RAID 卡报错。',
    ),
  ],
  recovery: [
    {
      id: 'check-boot-disk',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check in the BIOS and the RAID utility whether the boot disk exists and whether it is damaged.',
        '在 BIOS 与 RAID 配置界面中确认引导盘是否存在、是否已经损坏。',
      ),
    },
    {
      id: 'restore-boot-mode',
      kind: 'changing',
      cost: 'short',
      likelihood: 'low',
      text: text(
        'usdiag advice: if you know the boot mode the system was installed with, set the server back to that mode and try to boot once before reinstalling.',
        'usdiag 建议：如果清楚系统安装时用的引导模式，可先把服务器改回该模式再试着启动一次，不行再考虑重装。',
      ),
    },
    {
      id: 'repair-disk',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'If the disk is missing or broken, have the hardware repaired, then install the operating system.',
        '磁盘缺失或损坏时，先找硬件维修处理，修好后再安装操作系统。',
      ),
    },
    {
      id: 'reinstall-system',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'If the boot mode was changed and cannot be set back, install the system again.',
        '引导模式已被改动且无法恢复原状时，需要重新安装系统。',
      ),
      warning: text(
        'Reinstalling wipes the system disk: make sure nothing the platform still needs is kept only on that disk.',
        '重装会清空系统盘，动手前确认平台仍需要的数据没有只存放在这块盘上。',
      ),
    },
    {
      id: 'repair-raid-controller',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'A faulty RAID controller is repaired by the hardware vendor; for a driver that does not match, contact technical support to get the driver adapted.',
        'RAID 卡坏了请硬件厂商维修；若是 RAID 卡驱动不匹配，需要联系技术支持做驱动适配。',
      ),
      warning: text('Driver adaptation is done by technical support; do not swap drivers on your own.', '驱动适配须由技术支持完成，不要自行替换驱动。'),
    },
  ],
  notes: [
    text(
      'usdiag cannot examine a host that does not boot; this entry only gives the guide\'s recovery, and the check reports it as skipped.',
      '主机起不来时 usdiag 无法登录检查，本条目只提供指南中的恢复方法，对应检查项的结果为 skipped。',
    ),
  ],
} as const satisfies KbEntry;
