import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.7.1: NIC fault alarm on a host. */
export const entry = {
  id: 'nic-fault',
  title: text('Host NIC fault alarm', '主机网卡故障告警'),
  symptom: text(
    'The management platform raises a NIC fault alarm for a host.',
    '管理平台上出现某台主机的网卡故障告警。',
  ),
  impact: text('The services of the users are affected.', '用户业务受到影响。'),
  causes: [
    text('Someone set the NIC down by hand.', '网卡被人为 down 掉。'),
    text('The link is broken (cable, fibre, optical module, switch port).', '链路断开（网线、光纤、光模块或交换机端口问题）。'),
    text('Speed/duplex negotiation with the switch does not come up properly.', '与交换机之间的速率/双工协商不正常。'),
    text('The NIC, its driver or its firmware fails, which leaves errors in syslog.', '网卡硬件、驱动或固件出错，syslog 中留有相应的错误日志。'),
  ],
  diagnosis: [
    text(
      'Administrative state and carrier from `ip link show dev <iface>`: no UP flag means the NIC was set down; `NO-CARRIER` / state DOWN means the link is broken.',
      '从 `ip link show dev <iface>` 看管理状态和载波：没有 UP 标志说明网卡被置为 down；出现 `NO-CARRIER` 或 state DOWN 说明链路断开。',
    ),
    text(
      'Negotiation from `ethtool <iface>`: "Link detected: no", "Speed: Unknown!", half duplex or a speed lower than the NIC and switch support point at the link or the negotiation.',
      '从 `ethtool <iface>` 看协商结果："Link detected: no"、"Speed: Unknown!"、半双工，或者速率低于网卡和交换机都支持的速率，都指向链路或协商问题。',
    ),
    text(
      'usdiag also scans /var/log/syslog for errors that name the NIC (link down/up flapping, driver resets, hardware errors).',
      'usdiag 还会在 /var/log/syslog 中查找与该网卡相关的错误（链路反复 up/down、驱动复位、硬件错误等）。',
    ),
  ],
  recovery: [
    {
      id: 'check-link-state',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check whether {iface} is administratively up and has carrier.',
        '检查 {iface} 是否处于 UP 状态、是否有载波。',
      ),
      command: 'ip link show dev {iface}',
    },
    {
      id: 'check-negotiation',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check the negotiated speed and duplex and whether a link is detected.',
        '检查协商出的速率、双工模式以及是否检测到链路。',
      ),
      command: 'ethtool {iface}',
    },
    {
      id: 'read-syslog',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Look for errors about {iface} in /var/log/syslog around the time of the alarm.',
        '在 /var/log/syslog 中查找告警时间前后与 {iface} 有关的错误。',
      ),
    },
    {
      id: 'bring-nic-up',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'If the NIC was set down, bring it up again.',
        '网卡被人为 down 掉的，重新把它 up 起来。',
      ),
      command: 'ip link set dev {iface} up',
    },
    {
      id: 'fix-link-negotiation',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Fix the link or the negotiation: reseat or replace the cable, fibre or optical module, and make the speed/duplex settings of the switch port and the NIC agree.',
        '解决链路或协商问题：重新插拔或更换网线、光纤、光模块，并让交换机端口与网卡的速率/双工设置保持一致。',
      ),
    },
    {
      id: 'upgrade-nic-firmware',
      kind: 'changing',
      cost: 'long',
      likelihood: 'low',
      text: text(
        'If syslog shows NIC errors that persist, upgrade the NIC firmware.',
        '如果 syslog 中的网卡错误持续出现，升级网卡固件。',
      ),
    },
    {
      id: 'replace-nic',
      kind: 'changing',
      cost: 'long',
      likelihood: 'low',
      text: text(
        'If the NIC still fails, replace the hardware.',
        '仍然无法恢复的，更换网卡硬件。',
      ),
      warning: text(
        'usdiag advice: move the VMs off the host before it is powered down for the replacement.',
        'usdiag 建议：下电更换硬件之前，先把虚拟机迁移到其他主机。',
      ),
    },
  ],
} as const satisfies KbEntry;
