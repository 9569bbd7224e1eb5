import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.7.2: machine-check (MCE) alarm on a host. */
export const entry = {
  id: 'mce',
  title: text('Host MCE (machine check) alarm', '主机 MCE 故障告警'),
  symptom: text(
    'The management platform raises an MCE alarm for a host, and /var/log/mce.log on the host holds errors or warnings.',
    '管理平台上出现某台主机的 MCE 故障告警，在主机后台查看 /var/log/mce.log，其中有错误或告警记录。',
  ),
  impact: text(
    'The hardware of the host is failing and needs urgent repair.',
    '主机硬件出现故障，需要尽快修复。',
  ),
  causes: [
    text(
      'A hardware fault of the server, such as memory or mainboard.',
      '服务器硬件故障，例如内存或主板。',
    ),
  ],
  diagnosis: [
    text(
      'usdiag reads /var/log/mce.log (or `mcelog --client` / /var/log/mcelog): each event starts with "Hardware event. This is not a software error." and names the CPU, bank and severity; corrected and uncorrected errors are counted separately.',
      'usdiag 读取 /var/log/mce.log（或 `mcelog --client`、/var/log/mcelog）：每个事件以 "Hardware event. This is not a software error." 开头，并给出 CPU、bank 和严重程度；已纠正与未纠正的错误分别计数。',
    ),
    text(
      'The hardware log of the server (its management controller) shows which component failed.',
      '服务器的硬件日志（带外管理控制器中）可以看出具体是哪个部件出了故障。',
    ),
  ],
  recovery: [
    {
      id: 'read-mce-log',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Read the machine-check events in /var/log/mce.log.',
        '查看 /var/log/mce.log 中的 MCE 事件。',
      ),
      command: 'cat /var/log/mce.log',
    },
    {
      id: 'check-hardware-log',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check the hardware log of the server for errors, e.g. in its BMC / iLO web interface or with `ipmitool sel list` (usdiag advice for the tools).',
        '检查服务器硬件日志是否有异常，例如在 BMC/iLO 管理页面中查看，或执行 `ipmitool sel list`（工具为 usdiag 建议）。',
      ),
    },
    {
      id: 'migrate-vms',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Migrate the VMs of {host} ({vm}) to other hosts as soon as possible.',
        '尽快把 {host} 上的虚拟机（{vm}）迁移到其他主机。',
      ),
    },
    {
      id: 'isolate-host',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Isolate {host} so that no VM runs or is placed on it until it is repaired.',
        '隔离 {host}，修复之前不再让虚拟机在其上运行或调度到它上面。',
      ),
    },
    {
      id: 'replace-faulty-hardware',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'Replace the failed hardware.',
        '更换故障硬件。',
      ),
    },
  ],
  notes: [
    text(
      'Report the MCE events and the hardware log to the server vendor or UniCloud technical support; they decide which part to replace.',
      '把 MCE 事件和服务器硬件日志提供给服务器厂商或 UniCloud 技术支持，由他们确定需要更换的部件。',
    ),
  ],
} as const satisfies KbEntry;
