import { expect } from 'vitest';
import { testCheck } from '../support/check-tester.js';

const watch = { watchSeconds: 2 };

testCheck('usb-device', {
  ok: [{ hosts: ['@vks-healthy'], message: 'seen' }, 'old-errors/cvknode11'],
  cases: [
    {
      name: 'fails on enumeration errors in the kernel log, naming the bus-port',
      hosts: ['enumeration/cvknode11'],
      status: 'fail',
      message: 'enumeration',
      values: { where: '2-1.3', count: 4, error: 'error -71' },
      steps: ['check-usb-tree', 'change-usb-port', 'compare-lsusb', 'replace-usb-device'],
      evidence: [expect.stringMatching(/^cvknode11: tail -c 16M \/var\/log\/syslog/) as unknown as string, 'cvknode11: lsusb -t'],
    },
    {
      name: 'fails on over-current of a port',
      hosts: ['over-current/cvknode11'],
      status: 'fail',
      message: 'overCurrent',
      values: { where: '1-2', count: 2 },
      steps: ['change-usb-port', 'check-usb-tree', 'replace-usb-device'],
    },
    {
      name: '--watch: reports the device that appeared, its bus, port and speed and the controller\'s',
      hosts: ['watch-appeared/cvknode11'],
      options: watch,
      status: 'ok',
      message: 'appeared',
      values: { bus: 2, port: '1.3', speed: '480M', controller: 'ehci-pci', controllerSpeed: '480M', device: /^0951:1666 Kingston/ },
      then: (_r, _o, sent) => {
        // each sample is a command of its own: lsusb and lsusb -t ran once per sample
        expect(sent.filter((c) => c === 'cvknode11: lsusb')).toHaveLength(2);
        expect(sent.filter((c) => c === 'cvknode11: lsusb -t')).toHaveLength(2);
      },
    },
    {
      name: '--watch: fails when nothing appeared',
      hosts: ['watch-nothing/cvknode11'],
      options: watch,
      status: 'fail',
      message: 'nothing',
      values: { samples: 2 },
      steps: ['change-usb-port', 'check-usb-tree', 'compare-lsusb', 'replace-usb-device'],
    },
    {
      name: '--watch: fails when the kernel saw the device but could not enumerate it',
      hosts: ['watch-error/cvknode11'],
      options: watch,
      status: 'fail',
      message: 'watchEnumeration',
      values: { where: '2-1.3' },
    },
    {
      name: '--watch: warns on a device on a USB 1.1 controller when faster buses exist',
      hosts: ['watch-slow-port/cvknode11'],
      options: watch,
      status: 'warn',
      message: 'slowPort',
      values: { bus: 5, controller: 'uhci_hcd', controllerSpeed: '12M' },
      steps: ['check-usb-tree', 'change-usb-port'],
    },
  ],
});
