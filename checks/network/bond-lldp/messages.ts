/** bond-lldp's sentences and its own recovery steps (both languages). */
import type { SayOf } from '../../../src/engine/define-check.js';
import type { StepIdOf } from '../../../src/kb/index.js';

export const messages = {
  ok: {
    en: 'No backup member of the {count} active-backup bond(s) sends LLDP: {bonds}.',
    zh: '{count} 个主备聚合的备链路网卡都不发送 LLDP：{bonds}。',
  },
  okBond: {
    en: '{bond} on {bridge} (active {active}, backup {backups}; {silent})',
    zh: '{bridge} 上的 {bond}（主链路 {active}，备链路 {backups}；{silent}）',
  },
  silent: {
    en: 'NIC firmware agent: {firmware}; lldpad: {lldpad}; Open vSwitch LLDP off; lldpd: {lldpd}',
    zh: '网卡固件代理：{firmware}；lldpad：{lldpad}；Open vSwitch LLDP 关闭；lldpd：{lldpd}',
  },
  lldpdNotRunning: { en: 'not running', zh: '未运行' },
  lldpdSkips: { en: 'runs, but only on {ports}', zh: '运行中，但只用于 {ports}' },
  firmwareOff: { en: 'off', zh: '关闭' },
  firmwareNoFlag: { en: 'the driver has no LLDP flag', zh: '驱动没有 LLDP 标志' },
  lldpadNotRunning: { en: 'not running', zh: '未运行' },
  lldpadNotSending: { en: 'running, does not transmit on the backup', zh: '运行中，不在备链路上发送' },
  noOvs: { en: 'Open vSwitch is not available on {host} ({why}): no OVS bond.', zh: '{host} 上没有可用的 Open vSwitch（{why}），不存在 OVS 聚合。' },
  noBonds: { en: '{host} has no OVS bond.', zh: '{host} 上没有 OVS 聚合。' },
  noActiveBackup: {
    en: 'No bond of {host} is active-backup ({bonds}): the backup member of the guide\'s case does not exist.',
    zh: '{host} 上没有主备模式的聚合（{bonds}），不存在指南中所说的备链路。',
  },
  bondMode: { en: '{bond}: {mode}', zh: '{bond}：{mode}' },
  noActiveMember: {
    en: 'No member of the active-backup bond(s) {bonds} is active: there is no backup path to check (see nic-fault for the links).',
    zh: '主备聚合 {bonds} 没有处于主用状态的成员，没有可检查的备链路（网卡链路见 nic-fault）。',
  },
  bondUnread: { en: 'The bonds of {host} could not be read: {why}', zh: '无法读取 {host} 的聚合：{why}' },
  memberUnread: {
    en: 'Whether {iface} (backup of {bond}) sends LLDP could not be read: {why}',
    zh: '无法判断 {iface}（{bond} 的备链路）是否发送 LLDP：{why}',
  },

  backupSendsBridgeMac: {
    en: '{iface}, the backup member of active-backup bond {bond} (active: {active}), sends LLDP ({sources}), and its MAC {mac} is the MAC of the virtual switch {bridge}: the upstream switches learn {mac} on the backup path and send the replies for {bridge} there, where OVS drops them (guide 3.6.3: pings from the switch to the host are lost while {active} is active).{more}',
    zh: '主备聚合 {bond}（主链路 {active}）的备链路网卡 {iface} 在发送 LLDP（{sources}），而它的 MAC {mac} 正是虚拟交换机 {bridge} 的 MAC：上游交换机在备链路一侧学到 {mac}，把发往 {bridge} 的回包送到备链路，被 OVS 丢弃（指南 3.6.3：{active} 为主链路期间，从交换机 ping 主机丢包）。{more}',
  },
  activeSendsBridgeMac: {
    en: '{iface}, the active member of active-backup bond {bond}, sends LLDP ({sources}) and carries the MAC {mac} of the virtual switch {bridge}: no loss now, but once the bond fails over to {backups}, {iface} becomes the backup and the switches learn {mac} there (guide 3.6.3).{more}',
    zh: '主备聚合 {bond} 的主链路网卡 {iface} 在发送 LLDP（{sources}），且它的 MAC {mac} 就是虚拟交换机 {bridge} 的 MAC：目前不丢包，但一旦聚合切换到 {backups}，{iface} 成为备链路，交换机就会在那一侧学到 {mac}（指南 3.6.3）。{more}',
  },
  backupSendsLldp: {
    en: '{iface}, the backup member of active-backup bond {bond} (active: {active}), sends LLDP ({sources}) with its own MAC {mac}, not the MAC {bridgeMac} of {bridge}: no loss from it, but the guide has LLDP turned off on the members of a bond (3.6.3).{more}',
    zh: '主备聚合 {bond}（主链路 {active}）的备链路网卡 {iface} 以自身 MAC {mac} 发送 LLDP（{sources}），而不是 {bridge} 的 MAC {bridgeMac}：它本身不致丢包，但指南要求关闭聚合成员网卡的 LLDP（3.6.3）。{more}',
  },
  lldpadWouldSend: {
    en: 'lldpad is not running on {host}, but its saved configuration transmits LLDP on {iface} (adminStatus {status}), the {role} member of active-backup bond {bond} whose MAC {mac} is that of {bridge}: the guide\'s loss starts when lldpad starts (at boot, or when a tool activates its socket).{more}',
    zh: '{host} 上 lldpad 没有运行，但其保存的配置会在 {iface} 上发送 LLDP（adminStatus {status}）；{iface} 是主备聚合 {bond} 的{role}成员，其 MAC {mac} 就是 {bridge} 的 MAC：lldpad 一旦启动（开机时，或有工具激活其套接字），指南所述的丢包就会出现。{more}',
  },
  roleBackup: { en: 'backup', zh: '备链路' },
  roleActive: { en: 'active', zh: '主链路' },

  srcFirmware: { en: 'the {driver} NIC firmware\'s own LLDP agent: {flag} is {value}', zh: '{driver} 网卡固件自带的 LLDP 代理：{flag} 为 {value}' },
  srcLldpad: { en: 'lldpad, adminStatus {status}', zh: 'lldpad，adminStatus 为 {status}' },
  srcLldpadSent: { en: 'lldpad, adminStatus {status}, {frames} frame(s) transmitted', zh: 'lldpad，adminStatus 为 {status}，已发送 {frames} 帧' },
  srcOvs: { en: 'Open vSwitch\'s LLDP, lldp:enable=true on the Interface', zh: 'Open vSwitch 的 LLDP：接口上 lldp:enable=true' },
  srcLldpd: { en: 'lldpd (pid {pid}), which sends on every port it is not told to skip', zh: 'lldpd（pid {pid}），它会在未被排除的所有端口上发送' },
} as const;

export const steps = {
  'fw-lldp-off-i40e': {
    kind: 'changing',
    cost: 'short',
    likelihood: 'high',
    text: {
      en: 'Stop the LLDP agent of the Intel (i40e) NIC firmware on {iface}: it sends LLDP whatever the host runs. The flag is lost at a reboot or driver reload: set it again from the host\'s network start-up (or turn the agent off in the NIC\'s NVM with Intel\'s tool).',
      zh: '关闭 {iface}（Intel i40e 网卡）固件自带的 LLDP 代理：无论主机上运行什么，它都会发送 LLDP。该标志在重启或重新加载驱动后失效：需在主机网络启动脚本中重新设置（或用 Intel 工具在网卡 NVM 中关闭该代理）。',
    },
    command: 'ethtool --set-priv-flags {iface} disable-fw-lldp on',
  },
  'fw-lldp-off-ice': {
    kind: 'changing',
    cost: 'short',
    likelihood: 'high',
    text: {
      en: 'Stop the LLDP agent of the Intel (ice) NIC firmware on {iface}; check after the next reboot that `ethtool --show-priv-flags {iface}` still says fw-lldp-agent off.',
      zh: '关闭 {iface}（Intel ice 网卡）固件自带的 LLDP 代理；下次重启后用 `ethtool --show-priv-flags {iface}` 确认 fw-lldp-agent 仍为 off。',
    },
    command: 'ethtool --set-priv-flags {iface} fw-lldp-agent off',
  },
  'lldpad-rx-only': {
    kind: 'changing',
    cost: 'short',
    likelihood: 'high',
    text: {
      en: 'Have lldpad only receive on {iface} (it saves the setting in /var/lib/lldpad/lldpad.conf); `disabled` stops it there altogether.',
      zh: '让 lldpad 在 {iface} 上只接收不发送（设置会保存到 /var/lib/lldpad/lldpad.conf）；设为 disabled 则完全停用。',
    },
    command: 'lldptool set-lldp -i {iface} adminStatus=rx',
  },
  'lldpad-conf-rx-only': {
    kind: 'changing',
    cost: 'short',
    likelihood: 'high',
    text: {
      en: 'Before lldpad starts again: in /var/lib/lldpad/lldpad.conf set adminStatus = 2 (receive only) in the group of {iface} (lldp section), or keep lldpad from starting if nothing on the host needs it.',
      zh: '在 lldpad 再次启动之前：把 /var/lib/lldpad/lldpad.conf 中 lldp 段 {iface} 组的 adminStatus 改为 2（只接收）；如果主机上没有任何功能需要 lldpad，也可以禁止它启动。',
    },
    command: 'systemctl disable lldpad.service lldpad.socket',
  },
  'ovs-lldp-off': {
    kind: 'changing',
    cost: 'short',
    likelihood: 'high',
    text: { en: 'Turn off Open vSwitch\'s own LLDP on {iface}.', zh: '关闭 Open vSwitch 在 {iface} 上的 LLDP。' },
    command: 'ovs-vsctl set Interface {iface} lldp:enable=false',
  },
  'lldpd-rx-only': {
    kind: 'changing',
    cost: 'short',
    likelihood: 'high',
    text: {
      en: 'Have lldpd only receive on {iface}; to keep it after a restart, put the same line (without lldpcli) in a file of /etc/lldpd.d/.',
      zh: '让 lldpd 在 {iface} 上只接收；若要在重启后保持，把同样的配置行（去掉 lldpcli）写入 /etc/lldpd.d/ 下的文件。',
    },
    command: 'lldpcli configure ports {iface} lldp status rx-only',
  },
} as const;

export type SayBondLldp = SayOf<'bond-lldp', typeof messages, typeof steps>;
export type BondLldpStep = StepIdOf<'bond-lldp'> | keyof typeof steps;
