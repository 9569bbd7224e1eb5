/**
 * Everything shared-pool-start says, in both languages, and the steps it adds
 * to its guide entry. Its helpers build messages through the check's `say`
 * (typed by SayPool), so this table is the only place its sentences live.
 */
import type { SayOf } from '../../../src/engine/define-check.js';
import type { StepIdOf } from '../../../src/kb/index.js';

export const messages = {
  // verdicts
  noOcfs2: {
    en: 'No OCFS2 here: no shared pool defined or mounted, no /etc/ocfs2/cluster.conf.',
    zh: '此主机未使用 OCFS2：没有定义或挂载共享存储池，也没有 /etc/ocfs2/cluster.conf。',
  },
  mountUnreadable: { en: 'The mount table cannot be read: {why}', zh: '无法读取挂载表：{why}' },
  unreadable: {
    en: "Shared pools or this host's OCFS2 configuration could not be read: {why}",
    zh: '无法读取共享存储池或本机 OCFS2 配置：{why}',
  },
  fileWhy: { en: '{file}: {why}', zh: '{file}：{why}' },
  allMounted: {
    en: '{count} shared pool(s) mounted ({pools}){compared}{outside}{unread}.',
    zh: '{count} 个共享存储池均已挂载（{pools}）{compared}{outside}{unread}。',
  },
  noneDefined: {
    en: 'No shared pool is defined on this host{compared}{outside}{unread}.',
    zh: '此主机未定义共享存储池{compared}{outside}{unread}。',
  },
  sameOn: { en: '; cluster.conf and /etc/default/o2cb are the same on {hosts}', zh: '；cluster.conf 和 /etc/default/o2cb 与 {hosts} 一致' },
  notCompared: { en: '; {nodes} of cluster.conf not in the inventory, not compared', zh: '；cluster.conf 中的 {nodes} 不在清单中，未比对' },
  notRead: { en: '; could not read {files}', zh: '；无法读取 {files}' },
  fileOn: { en: '{file} on {host}', zh: '{host} 上的 {file}' },

  // findings
  poolDown: {
    en: 'Pool {pool} ({target}) is not mounted on {host} (libvirt: {state}){elsewhere}{why}.{more}',
    zh: '存储池 {pool}（{target}）在 {host} 上未挂载（libvirt 状态：{state}）{elsewhere}{why}。{more}',
  },
  mountedOnOne: { en: ' while {hosts} has it mounted', zh: '，而 {hosts} 上已挂载' },
  mountedOnMany: { en: ' while {hosts} have it mounted', zh: '，而 {hosts} 上已挂载' },
  nowhereElse: { en: ', nor on any other node', zh: '，其他节点上也未挂载' },
  because: { en: ': {causes}', zh: '：{causes}' },
  noCauseBut: { en: ': no cause found, but {gap}', zh: '：未找到原因，但{gap}' },
  noCause: {
    en: ': no cause found in the cluster stack, the LUN, its links or the configuration; read the logs',
    zh: '：在集群栈、LUN、链路和配置中均未找到原因，请分析日志',
  },
  libvirtGap: {
    en: "{target} is mounted on {hosts} but not on {host}, and libvirt's pools cannot be read here ({why}){more}",
    zh: '{target} 在 {hosts} 上已挂载，但 {host} 上没有，且无法读取本机 libvirt 存储池（{why}）{more}',
  },
  configDiffers: {
    en: '{file} differs between the nodes: {groups}{others}; the pools are up now, the next start or reboot may fail.{more}',
    zh: '各节点的 {file} 不一致：{groups}{others}；存储池目前正常，但下次启动或重启可能失败。{more}',
  },
  moreDifferences: { en: ' (+{count} more difference(s))', zh: '（另有 {count} 处差异）' },

  // causes of a pool that does not start
  noClusterConf: { en: '{host} has no /etc/ocfs2/cluster.conf', zh: '{host} 上没有 /etc/ocfs2/cluster.conf' },
  notInClusterConf: {
    en: '{host} is not a node of its own /etc/ocfs2/cluster.conf',
    zh: '{host} 不在本机 /etc/ocfs2/cluster.conf 的节点列表中',
  },
  noSuchNode: { en: 'no node named {host} or at {address}', zh: '没有名为 {host} 或地址为 {address} 的节点' },
  stackOffline: {
    en: 'the O2CB cluster stack is offline (no cluster under /sys/kernel/config/cluster)',
    zh: 'O2CB 集群栈未上线（/sys/kernel/config/cluster 下没有集群）',
  },
  noClusterListed: { en: 'no cluster is registered in configfs', zh: 'configfs 中没有注册任何集群' },
  stackOtherCluster: {
    en: 'the kernel runs O2CB cluster {running}, but cluster.conf names {configured}',
    zh: '内核运行的 O2CB 集群是 {running}，而 cluster.conf 中的集群名是 {configured}',
  },
  stackStaleNodes: {
    en: 'the running O2CB cluster does not know {nodes} of cluster.conf (o2cb was not reloaded after the file changed)',
    zh: '运行中的 O2CB 集群不认识 cluster.conf 中的 {nodes}（修改配置文件后未重新加载 o2cb）',
  },
  noWorkingPath: {
    en: 'multipath map {map} has no working path ({count} failed){links}',
    zh: '多路径设备 {map} 没有可用路径（{count} 条全部失效）{links}',
  },
  iscsiLunGone: { en: 'iSCSI LUN {lun} is not visible ({path} missing)', zh: 'iSCSI LUN {lun} 不可见（{path} 不存在）' },
  lunGone: { en: 'LUN {lun} is not visible ({path} missing, no multipath map)', zh: 'LUN {lun} 不可见（{path} 不存在，也没有多路径设备）' },
  iscsiSessionIs: {
    en: '{what}: the iSCSI session to {target} at {portal} is {state}',
    zh: '{what}：到 {portal} 上 {target} 的 iSCSI 会话状态为 {state}',
  },
  iscsiNoSession: { en: '{what}: no iSCSI session to {target} at {portal}', zh: '{what}：没有到 {portal} 上 {target} 的 iSCSI 会话' },
  linksDown: { en: '{what}: {links}', zh: '{what}：{links}' },
  lunUnmapped: {
    en: '{what}, while the links are up: the storage no longer presents it to this host (mapping or host group changed){links}',
    zh: '{what}，而链路正常：存储已不再把它映射给本主机（映射或主机组被改动）{links}',
  },
  configDiffersCause: { en: '{file} differs between the nodes ({groups})', zh: '各节点的 {file} 不一致（{groups}）' },
  otherCluster: {
    en: 'the platform refused to mount it because hosts of another cluster have its volume mounted (guide 3.5.6)',
    zh: '平台拒绝挂载：该卷已被其他集群的主机挂载（指南 3.5.6）',
  },
  logSays: { en: '{file} says: "{text}"', zh: '{file} 中记录：“{text}”' },

  // parts of the sentences above
  linkNotes: { en: '; {notes}', zh: '；{notes}' },
  fcPortDown: { en: 'FC port {ports}{online}', zh: 'FC 端口 {ports}{online}' },
  fcPortsDown: { en: 'FC ports {ports}{online}', zh: 'FC 端口 {ports}{online}' },
  stillOnline: { en: ' ({count} online)', zh: '（{count} 个 Online）' },
  iscsiDown: { en: 'iSCSI session {sessions}', zh: 'iSCSI 会话 {sessions}' },
  nameState: { en: '{name} {state}', zh: '{name} {state}' },
  stateUnreadable: { en: 'unreadable', zh: '无法读取' },
  groups: { en: '{key}: {values}', zh: '{key}：{values}' },
  valueOn: { en: '{value} on {hosts}', zh: '{hosts} 为 {value}' },

  // evidence notes
  poolListed: { en: 'libvirt: {state}, autostart {autostart}', zh: 'libvirt：{state}，自动启动 {autostart}' },
  yes: { en: 'yes', zh: '是' },
  no: { en: 'no', zh: '否' },
  portWwpn: { en: '{port} WWPN {wwpn}', zh: '{port} WWPN {wwpn}' },
  configValue: { en: '{key} = {value} on {hosts}{unset}', zh: '{key} = {value}：{hosts}{unset}' },
  unsetDefault: { en: ' (not set: the default applies)', zh: '（未设置，使用默认值）' },

  // values of the steps below
  fcPortWithWwpn: { en: '{port} ({wwpn}) {state}', zh: '{port}（{wwpn}）{state}' },
  initiatorWwpn: { en: 'WWPN {wwpn}', zh: 'WWPN {wwpn}' },
} as const;

/** Concrete steps for the causes found, besides the guide entry's. */
export const steps = {
  'check-fc-ports': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'cat /sys/class/fc_host/host*/port_state',
    text: {
      en: 'No FC port of this host is online ({ports}): check the fibre cables and SFPs, the FC switch ports and their zoning.',
      zh: '本主机没有处于 Online 的 FC 端口（{ports}）：检查光纤和光模块、FC 交换机端口及其 zone 配置。',
    },
  },
  'ask-lun-mapping': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    text: {
      en: "Ask the storage administrator whether LUN {lun} is still mapped to this host's initiators: {initiators}.",
      zh: '请存储管理员确认 LUN {lun} 是否仍映射给本主机的启动器：{initiators}。',
    },
  },
  'check-o2cb-service': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'service o2cb status',
    text: {
      en: 'usdiag advice: find out why O2CB is not online (O2CB_ENABLED and O2CB_BOOTCLUSTER in /etc/default/o2cb, the o2cb service, its messages in syslog) and bring it online together with technical support.',
      zh: 'usdiag 建议：查明 O2CB 为何未上线（/etc/default/o2cb 中的 O2CB_ENABLED、O2CB_BOOTCLUSTER，o2cb 服务，syslog 中的相关信息），并与技术支持一起将其上线。',
    },
  },
  'check-pool-no-slot': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'usdiag check pool-no-slot',
    text: {
      en: 'Find the hosts of the other cluster that hold the volume and follow guide 3.5.6 (usdiag check pool-no-slot).',
      zh: '找出占用该卷的其他集群主机，并按指南 3.5.6 处理（usdiag check pool-no-slot）。',
    },
  },
} as const;

export type SayPool = SayOf<'shared-pool-start', typeof messages, typeof steps>;
/** A recovery step of this check: its guide entry's or its own. */
export type PoolStep = StepIdOf<'shared-pool-start'> | keyof typeof steps;
