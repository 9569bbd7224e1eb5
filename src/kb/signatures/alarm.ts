/** Guide 3.7: hardware alarms (NIC faults, machine-check exceptions). */
import { text } from '../../i18n/text.js';
import { rx, rxLine, signaturesOf, type Signature } from './types.js';

const nic = signaturesOf('nic-fault');
const mce = signaturesOf('mce');

export const alarmSignatures: readonly Signature[] = [
  nic('alarm-zh', {
    weight: 85,
    why: text(
      'NIC fault alarm: check whether the NIC was taken down, the link is broken or negotiation fails, and the NIC errors in syslog; bring it up, fix the link, update firmware or replace it.',
      '主机网卡故障告警：排查网卡是否被人为 down、链路是否断开、协商是否正常，以及 syslog 中的网卡错误；相应地 up 网卡、解决链路和协商问题、升级固件或更换硬件。',
    ),
    any: ['网卡故障', rx(/网卡(?:链路)?(?:down|断开|异常|告警)/, '网卡')],
  }),
  nic('link-down', {
    weight: 65,
    why: text('The NIC driver reports its link down.', '网卡驱动报告链路 down。'),
    any: [
      // Drivers say "NIC Link is Down" (Intel) or "<ifname>: Link is down" (tg3, bnx2).
      rx(/nic link is down|\b(?:eth|en[a-z]*|em|bond|vswitch|p\d)\S*:? link is down/, 'link is down'),
      rx(/link status definitely down for interface/, 'definitely down'),
    ],
  }),
  nic('tx-hang', {
    weight: 70,
    why: text(
      'The NIC stopped transmitting (TX hang / watchdog timeout): driver, firmware or hardware fault.',
      '网卡停止发送（TX hang / watchdog 超时）：驱动、固件或硬件故障。',
    ),
    any: [
      rx(
        /detected (?:tx|hardware) unit hang|transmit queue \d+ timed out|netdev watchdog: \S+/,
        'unit hang',
        'transmit queue',
        'netdev watchdog',
      ),
    ],
  }),
  nic('adapter-reset', {
    weight: 50,
    why: text('The NIC driver had to reset the adapter.', '网卡驱动重置了适配器。'),
    any: [rx(/\breset adapter\b|\badapter reset\b|\bresetting adapter\b/, 'reset adapter', 'adapter reset', 'resetting adapter')],
  }),
  nic('no-link-detected', {
    weight: 55,
    why: text('ethtool sees no link on the NIC.', 'ethtool 检测不到网卡链路。'),
    any: [rxLine(/^link detected: no\b/, 'link detected')],
  }),
  nic('speed-unknown', {
    weight: 30,
    why: text('ethtool cannot tell the link speed: the link is down or not negotiated.', 'ethtool 无法确定链路速率：链路 down 或协商失败。'),
    any: [rxLine(/^speed: unknown/, 'speed: unknown')],
  }),

  mce('hardware-event', {
    weight: 90,
    why: text(
      'mcelog decoded a machine-check event: a hardware fault (memory, CPU, mainboard). Migrate the VMs away, isolate the host, check the server\'s hardware log and replace the part.',
      'mcelog 解析出机器检查事件：硬件故障（内存、CPU、主板）。尽快将虚拟机迁走、隔离该主机，检查服务器硬件日志并更换故障部件。',
    ),
    any: ['Hardware event. This is not a software error'],
  }),
  mce('machine-check-logged', {
    weight: 80,
    why: text('The kernel logged machine-check events.', '内核记录了机器检查事件。'),
    any: [rx(/machine check (?:events? logged|exception)|\[hardware error\]: machine check/, 'machine check')],
  }),
  mce('machine-check', {
    weight: 55,
    why: text('A machine check is mentioned.', '提到了机器检查（Machine check）。'),
    any: [rx(/machine check/, 'machine check')],
  }),
  mce('mce-record', {
    weight: 70,
    why: text('An mcelog record (MCE n / CPU n BANK n).', 'mcelog 记录（MCE n / CPU n BANK n）。'),
    all: [rxLine(/^mce \d+$/, 'mce'), rxLine(/^cpu \d+ bank \d+/, 'bank')],
    window: 5,
  }),
  mce('uncorrected', {
    weight: 60,
    why: text(
      'An uncorrected hardware error (processor context corrupt / SRAR): the host must be taken out of service.',
      '不可纠正的硬件错误（processor context corrupt / SRAR）：主机需要停用检修。',
    ),
    any: [rxLine(/^uncorrected error$|processor context corrupt|^srar$/, 'uncorrected', 'context corrupt', 'srar')],
  }),
  mce('edac', {
    weight: 60,
    why: text('EDAC reports memory errors.', 'EDAC 报告内存错误。'),
    any: [rx(/edac mc\d+: \d+ (?:ce|ue) /, 'edac')],
  }),
  mce('alarm-zh', {
    weight: 85,
    why: text('MCE fault alarm on the host: check /var/log/mce.log.', '主机出现 MCE 故障告警：检查 /var/log/mce.log。'),
    any: [rx(/mce ?(?:故障|告警|报错)/, 'mce')],
  }),
];
