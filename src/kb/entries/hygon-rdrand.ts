import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.4.9. */
export const entry = {
  id: 'hygon-rdrand',
  title: text(
    'CentOS 5/6 VMs on Hygon 7280 hosts hit "soft lockup" at boot',
    '海光 7280 主机上的 CentOS 5/6 虚拟机启动时报 soft lockup',
  ),
  symptom: text(
    'On hosts with the Hygon C86 7280 32-Core CPU, CentOS 6.5/6.8 VMs (the guide\'s title also names CentOS 5) report "soft lockup" while booting.',
    '在 CPU 为海光 C86 7280 32-Core 的主机上，CentOS 6.5/6.8 虚拟机（指南标题中还提到 CentOS 5）开机过程中报“soft lockup”。',
  ),
  impact: text('The VM cannot finish booting.', '虚拟机无法正常完成启动。'),
  causes: [
    text(
      'Inside the guest, get_random_bytes() gets its random numbers from the CPU instruction rdrand. Kernel dumps show tasks of different programs stuck at "exception RIP: get_random_bytes+41" that never return.',
      '客户机内核的 get_random_bytes() 最终靠 CPU 的 rdrand 指令取随机数。从 kernel dump 看，不同程序的任务都卡在“exception RIP: get_random_bytes+41”，再也返回不了。',
    ),
    text(
      'With the VM\'s CPU in host-model (host-matching) or passthrough mode, the guest sees the rdrand flag, and the rdrand instruction of this AMD-derived CPU is not stable enough.',
      '虚拟机 CPU 采用主机匹配（host-model）或直通模式时，客户机能看到 rdrand 标志，而这款 AMD 系 CPU 的 rdrand 指令不够稳定。',
    ),
    text(
      'The guest runs an old kernel (2.6.32 in CentOS 6.8) that still uses rdrand, a feature the Linux community has stopped using for that kernel line.',
      '客户机内核很老（CentOS 6.8 为 2.6.32），仍在用 rdrand，而 Linux 社区对这一版本的内核早已不再使用该特性。',
    ),
  ],
  diagnosis: [
    text(
      'The host CPU model (model name in `lscpu`) is Hygon C86 7280 32-Core.',
      '主机 CPU 型号（`lscpu` 中的 model name）为海光 C86 7280 32-Core。',
    ),
    text(
      'The VM definition has `<cpu mode=\'host-model\'>` or `<cpu mode=\'host-passthrough\'>` and no `<feature policy=\'disable\' name=\'rdrand\'/>`.',
      '虚拟机定义中 CPU 为 `<cpu mode=\'host-model\'>` 或 `<cpu mode=\'host-passthrough\'>`，并且没有 `<feature policy=\'disable\' name=\'rdrand\'/>`。',
    ),
    text(
      'The guest is CentOS 5/6 (kernel 2.6.32) and its console shows "soft lockup" during boot.',
      '客户机系统为 CentOS 5/6（内核 2.6.32），开机时控制台出现“soft lockup”。',
    ),
  ],
  recovery: [
    {
      id: 'check-host-cpu',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text('Confirm that {host} has a Hygon C86 7280 CPU.', '确认 {host} 的 CPU 是海光 C86 7280。'),
    },
    {
      id: 'check-vm-cpu-mode',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'In the XML of {vm}, check the `<cpu>` mode (host-model or host-passthrough) and whether rdrand is already disabled.',
        '查看 {vm} 的 XML 中 `<cpu>` 的模式（host-model 或 host-passthrough），以及 rdrand 是否已被禁用。',
      ),
    },
    {
      id: 'disable-rdrand',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Disable the rdrand feature for {vm}: add `<feature policy=\'disable\' name=\'rdrand\'/>` inside the `<cpu>` element of its XML.',
        '为 {vm} 禁用 rdrand 特性：在其 XML 的 `<cpu>` 元素内加上 `<feature policy=\'disable\' name=\'rdrand\'/>`。',
      ),
    },
    {
      id: 'restart-vm',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'usdiag advice: shut {vm} down completely and start it again; a reboot from inside the guest keeps the old CPU definition.',
        'usdiag 建议：把 {vm} 彻底关机后再启动；只在客户机内部重启的话，新的 CPU 配置不会生效。',
      ),
    },
  ],
} as const satisfies KbEntry;
