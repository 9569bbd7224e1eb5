import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.8.5: a USB device plugged into a VKS host is not recognised. */
export const entry = {
  id: 'usb-device',
  title: text(
    'USB device plugged into a VKS host is not recognised',
    'USB 设备插入 VKS 主机后无法识别',
  ),
  symptom: text(
    'After a USB device is plugged into a host, it is not offered when adding a USB device to a VM in the management platform.',
    'USB 设备插到主机上之后，在管理平台为虚拟机添加 USB 设备时找不到它。',
  ),
  impact: text('The USB device cannot be used.', 'USB 设备无法使用。'),
  causes: [
    text('The device is plugged into the wrong kind of USB port.', 'USB 设备插入的插槽不对。'),
    text('The USB device itself is faulty.', 'USB 设备本身有问题。'),
  ],
  diagnosis: [
    text(
      'usdiag reads the USB topology from `lsusb -t`: each root hub with its driver and speed. uhci means USB 1.1 (up to 12 Mbps), ehci means USB 2.0 (480 Mbps), xhci means USB 3.0 (5 Gbps). A USB 2.0 device plugged into a suitable port shows up as a new entry under an ehci-pci bus.',
      'usdiag 用 `lsusb -t` 读取 USB 拓扑：每个根集线器的驱动和速率。uhci 表示 USB1.1（最高 12Mbps），ehci 表示 USB2.0（480Mbps），xhci 表示 USB3.0（5Gbps）。USB2.0 设备插在合适的插槽上时，会在 ehci-pci 总线下出现一个新设备。',
    ),
    text(
      'If the device never appears in `lsusb`, not even after re-plugging, the system does not see it at all.',
      '如果重新插拔后 `lsusb` 中始终没有新增设备，说明系统根本识别不到它。',
    ),
  ],
  recovery: [
    {
      id: 'check-usb-tree',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Show the USB bus tree and check that the device sits on a bus of the right standard (a USB 2.0 device under ehci-pci on servers with several bus types).',
        '查看 USB 总线拓扑，确认设备挂在对应标准的总线下（服务器支持多种总线时，USB2.0 设备应出现在 ehci-pci 下）。',
      ),
      command: 'lsusb -t',
    },
    {
      id: 'change-usb-port',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Plug the device into another USB port and check the tree again.',
        '把设备换到其他 USB 插槽上，再查看一次总线拓扑。',
      ),
    },
    {
      id: 'compare-lsusb',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'If it is still not recognised, run lsusb before and after re-plugging the device and look for a new line.',
        '如果仍然识别不到，在拔插设备前后各执行一次 lsusb，看是否多出一行新设备。',
      ),
      command: 'lsusb',
    },
    {
      id: 'replace-usb-device',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'If no new device appears, the system cannot see it: try again with another USB device.',
        '如果没有新增设备，说明系统识别不到，建议换一个 USB 设备再试。',
      ),
    },
  ],
} as const satisfies KbEntry;
