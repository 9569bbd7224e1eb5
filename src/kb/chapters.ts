/**
 * The guide's knowledge around the fault entries: emergency principles (2.1,
 * 2.2.1), the step ordering (2.2.2), daily preparation (2.3), fault types
 * (3.2), general recovery methods (3.3) and data collection (chapter 4).
 * Written in usdiag's own words in both languages; exact facts (service
 * names, UI labels) are kept verbatim.
 */
import { text, type Text } from '../i18n/text.js';
import type { Area } from './catalog.js';
import { stepRank, type StepCost, type StepKind, type StepLikelihood } from './types.js';

export interface Principle {
  readonly id: string;
  /** Guide section the principle comes from. */
  readonly section: string;
  readonly text: Text;
}

export interface RecoveryTier {
  readonly cost: StepCost;
  readonly likelihood: StepLikelihood;
  /** `stepRank` of steps in this tier. */
  readonly rank: number;
  readonly text: Text;
  /** The guide lists three tiers; the fourth is usdiag's completion of the pattern. */
  readonly inGuide: boolean;
}

export interface RecoveryOrder {
  readonly section: string;
  readonly intro: Text;
  readonly tiers: readonly RecoveryTier[];
}

export interface PreparationCategory {
  readonly id: string;
  readonly category: Text;
  readonly items: readonly Text[];
  /** Set where the guide's table is damaged and usdiag restored the row. */
  readonly reconstructed?: Text;
}

export interface FaultType {
  readonly area: Area;
  /** Chapter of the guide holding this type's entries. */
  readonly section: string;
  readonly title: Text;
  /** What belongs to this type. */
  readonly scope: Text;
  readonly examples: readonly Text[];
  /** Where this type usually shows itself (among the signs of `faultTypeSigns`). */
  readonly recognise: readonly Text[];
}

export interface GeneralMethod {
  readonly id: string;
  readonly title: Text;
  readonly text: Text;
  readonly kind: StepKind;
  /** The guide leaves this method to UniCloud technical support. */
  readonly viaSupport: boolean;
  readonly command?: string;
}

export interface CollectionStep {
  /** English text names UI elements in translation; `ui` has the labels as the Chinese UI prints them. */
  readonly text: Text;
  /** Tabs, menu items and buttons, verbatim from the guide (Chinese UI). */
  readonly ui?: readonly string[];
  readonly note?: Text;
}

export interface CollectionSection {
  readonly section: string;
  readonly title: Text;
  readonly summary: Text;
  readonly viaSupport: boolean;
  readonly steps: readonly CollectionStep[];
}

export interface DataCollection {
  readonly intro: Text;
  readonly sections: readonly CollectionSection[];
}

export const principles: readonly Principle[] = [
  {
    id: 'recover-first-then-fix',
    section: '2.1',
    text: text(
      'When a fault needs emergency recovery, first try the emergency measures to get the services back; whether that works or not, locate the fault afterwards and remove its root cause.',
      '出现需要应急恢复的故障时，先采取应急措施尽量恢复业务；无论恢复是否成功，事后都要定位故障并彻底解决。',
    ),
  },
  {
    id: 'plans-and-drills',
    section: '2.2.1',
    text: text(
      'Emergency handling exists to bring the equipment and its services back quickly. Major faults can take down many VMs or whole systems, so the customer should prepare a plan for each kind of major fault from this guide and have managers and maintainers study and rehearse them regularly.',
      '应急处理的核心是尽快恢复设备运行和业务提供。重大故障可能导致大面积虚拟机故障甚至设备瘫痪，因此客户应参照本手册为各类重大故障提前制定处理预案，并定期组织管理和维护人员学习、演练。',
    ),
  },
  {
    id: 'least-impact',
    section: '2.2.1',
    text: text(
      'Restore the customer\'s services as fast as possible with the least impact on the customer; locate the problem and collect data only within that limit.',
      '以尽快恢复客户业务、尽量减少对客户的影响为前提，在此基础上再做问题定位和数据收集。',
    ),
  },
  {
    id: 'trained-staff',
    section: '2.2.1',
    text: text(
      'Maintainers are trained in emergency handling before they take up duty: how to recognise a major fault and the basic skills to deal with it.',
      '维护人员上岗前必须接受应急处理培训，学会判断重大故障的基本方法，掌握处理重大故障的基本技能。',
    ),
  },
  {
    id: 'call-vendor-early',
    section: '2.2.1',
    text: text(
      'While a major fault is being handled, contact the New H3C customer service centre or the local New H3C office in time to get technical support quickly.',
      '处理重大故障的过程中，应及时联系新华三公司客户服务中心或当地办事处，以便尽快获得技术支持。',
    ),
  },
  {
    id: 'send-evidence',
    section: '2.2.1',
    text: text(
      'After the fault is handled, collect the alarms related to it and send the handling report, alarm files and log files to New H3C for analysis.',
      '故障处理完成后，及时采集与本次故障相关的告警信息，并把故障处理报告、告警文件、日志文件等发给新华三公司分析定位。',
    ),
  },
];

const tier = (cost: StepCost, likelihood: StepLikelihood, inGuide: boolean, t: Text): RecoveryTier => ({
  cost,
  likelihood,
  rank: stepRank({ cost, likelihood }),
  text: t,
  inGuide,
});

export const recoveryOrder: RecoveryOrder = {
  section: '2.2.2',
  intro: text(
    'To restore services quickly, weigh each action by how likely it is to bring the service back and by how much time it costs, and try them in this order:',
    '恢复业务时要同时权衡操作成功的可能性和所需的时间代价，按以下顺序尝试：',
  ),
  tiers: [
    tier('short', 'high', true, text('Quick actions that are likely to work.', '耗时短、成功可能性大的操作。')),
    tier('short', 'low', true, text('Quick actions that are less likely to work.', '耗时短、成功可能性小的操作。')),
    tier('long', 'high', true, text('Slow actions that are likely to work.', '耗时长、成功可能性大的操作。')),
    tier(
      'long',
      'low',
      false,
      text(
        'Slow actions that are less likely to work come last (the guide stops at three tiers; usdiag places the rest here).',
        '耗时长、成功可能性小的操作放在最后（指南只列出前三类，其余操作由 usdiag 排在这里）。',
      ),
    ),
  ],
};

/** One line for reports that explains why the recovery steps come in their order. */
export const recoveryOrderRule: Text = text(
  'Steps follow guide 2.2.2: quick and likely first, then quick but less likely, then slow but likely, slow and unlikely last.',
  '步骤按指南 2.2.2 排序：先耗时短且成功可能性大的，再耗时短但可能性小的，然后耗时长但可能性大的，耗时长且可能性小的最后。',
);

export const dailyPreparation: readonly PreparationCategory[] = [
  {
    id: 'device-backup',
    category: text('Device-level backup', '设备级备份'),
    items: [
      text(
        'Active/standby devices: check data consistency and running state regularly so the standby can take over in an emergency.',
        '主备设备：定期检查数据一致性和运行状态，确保应急时备用设备能接管业务。',
      ),
      text(
        'Load-sharing devices: assess the load regularly, including how the services perform on a single plane, so that one device can carry all of them when the other fails.',
        '负荷分担设备：定期评估负荷以及业务单平面运行的性能，确保出现单点故障时业务能全部由另一台设备承担。',
      ),
    ],
  },
  {
    id: 'disaster-recovery',
    category: text('Disaster recovery (optional)', '容灾（可选）'),
    items: [text('Prepare the disaster-recovery site and the switchover to it.', '准备好容灾局点及相应的切换工作。')],
  },
  {
    id: 'spare-parts',
    category: text('Spare parts', '备品备件'),
    items: [text('Keep spare parts for the key devices at hand.', '关键设备要常备备件。')],
    reconstructed: text(
      'The guide\'s table lost this category\'s name: its rows are shifted by one, so the spare-parts item stands next to the alarm-clearing category. usdiag restores the pairing.',
      '指南表格中这一类别的名称缺失，各行内容错位了一行，备件要求被排到了“日常告警清理”旁边；usdiag 按内容恢复了对应关系。',
    ),
  },
  {
    id: 'alarm-clearing',
    category: text('Daily alarm clearing', '日常告警清理'),
    items: [
      text(
        'Deal with daily alarms promptly and leave no unacknowledged active alarm, so that stale alarms do not confuse the picture and mislead decisions when a real incident happens.',
        '日常告警要及时处理，不留未确认的活动告警，以免真正出事时信息混乱，干扰对事故的判断和决策。',
      ),
    ],
  },
  {
    id: 'basic-information',
    category: text('Basic information', '基本信息'),
    items: [
      text('Network topology.', '组网信息。'),
      text('Basic data of the devices.', '设备基础信息。'),
      text('Software list.', '软件列表。'),
      text('IP addresses of the network devices.', '网络设备 IP 地址信息。'),
      text('Service information.', '业务信息。'),
      text('Spare-part information.', '备件信息。'),
      text('Remote maintenance access.', '远程维护信息。'),
      text('Contact persons.', '相关接口人。'),
    ],
  },
  {
    id: 'staff',
    category: text('Staff requirements', '人员要求'),
    items: [
      text(
        'Maintainers are trained in emergency handling before taking up duty and rehearse the emergency plans regularly.',
        '维护人员上岗前接受应急处理培训，并定期演练应急预案。',
      ),
    ],
    reconstructed: text(
      'The guide\'s table lost this row\'s content; usdiag fills it from the principles in 2.2.1.',
      '指南表格中这一行的内容缺失，usdiag 依据 2.2.1 的应急处理原则补全。',
    ),
  },
];

/** The signs the guide (3.2) uses to tell the fault type. */
export const faultTypeSigns: readonly Text[] = [
  text('The message of a task that failed.', '任务执行失败时的提示信息。'),
  text('How the tasks in the task console ran.', '任务台中任务的执行情况。'),
  text('The alarms in the management platform.', '管理平台中的告警信息。'),
  text('The performance monitoring of VMs and hosts.', '虚拟机或主机的性能监控信息。'),
];

export const faultTypes: Readonly<Record<Area, FaultType>> = {
  compute: {
    area: 'compute',
    section: '3.4',
    title: text('Compute faults', '计算相关异常'),
    scope: text('Problems of hosts and of VMs.', '主机异常和虚拟机异常。'),
    examples: [
      text('A host does not boot.', '主机无法启动。'),
      text('A VM does not start.', '虚拟机无法启动。'),
      text('A migration never completes.', '迁移长时间无法完成。'),
    ],
    recognise: [
      text(
        'A VM start, migration or deployment task fails with an error message, or hangs in the task console.',
        '虚拟机启动、迁移、部署等任务失败并给出错误提示，或在任务台中长时间不结束。',
      ),
    ],
  },
  storage: {
    area: 'storage',
    section: '3.5',
    title: text('Storage faults', '存储相关异常'),
    scope: text('Mostly problems of shared storage pools.', '主要是共享存储池异常。'),
    examples: [
      text('Disk IO problems.', '磁盘 IO 异常。'),
      text('Storage faults of a host (fence restarts, blocked storage).', '主机存储异常（fence 重启、存储阻塞）。'),
      text('A storage pool fails to be configured or becomes unusable.', '存储池配置失败或不可用。'),
    ],
    recognise: [
      text(
        'Starting or adding a storage pool fails with an error message; storage alarms; disk IO latency in the performance monitoring of hosts.',
        '启动或添加存储池时报错；出现存储相关告警；主机性能监控中磁盘 IO 延迟偏高。',
      ),
    ],
  },
  network: {
    area: 'network',
    section: '3.6',
    title: text('Network faults', '网络相关异常'),
    scope: text('The network of hosts or VMs.', '主机或虚拟机的网络问题。'),
    examples: [
      text('The network of a host or VM is unusable.', '主机或虚拟机网络不可用。'),
      text('The network is configured wrongly.', '网络配置不正确。'),
      text('High packet loss.', '丢包率高。'),
    ],
    recognise: [
      text(
        'Packet loss or jitter in the performance monitoring of hosts and VMs; a host shown as disconnected; changing a VM\'s network configuration fails in the task console.',
        '主机或虚拟机性能监控中出现丢包、抖动；主机显示连接异常；任务台中修改虚拟机网络配置的任务失败。',
      ),
    ],
  },
  alarm: {
    area: 'alarm',
    section: '3.7',
    title: text('Fault alarms', '故障告警'),
    scope: text('Faults that the platform reports as explicit alarms.', '平台以明确的故障告警形式报出的问题。'),
    examples: [
      text('NIC fault alarm of a host.', '主机网卡故障告警。'),
      text('MCE alarm of a host.', '主机 MCE 故障告警。'),
    ],
    recognise: [
      text('The alarm list of the management platform names the fault.', '管理平台的告警列表中直接给出了故障。'),
    ],
  },
  other: {
    area: 'other',
    section: '3.8',
    title: text('Other faults', '其他异常'),
    scope: text(
      'The management platform itself or peripherals are unusable.',
      '管理平台本身不可用，或外设不可用。',
    ),
    examples: [
      text('Cannot log in to the management platform.', '管理平台无法登录。'),
      text('Cannot upgrade.', '无法升级。'),
      text('The system time is wrong.', '系统时间异常。'),
    ],
    recognise: [
      text(
        'The web UI does not open, does not log in or hangs; a cluster task such as enabling HA fails in the task console; a USB device cannot be added to a VM.',
        '前台界面打不开、登录不上或卡住；任务台中开启 HA 等集群任务失败；无法为虚拟机添加 USB 设备。',
      ),
    ],
  },
};

export const generalMethods: readonly GeneralMethod[] = [
  {
    id: 'restart-vm',
    title: text('Restart the VM', '重启虚拟机'),
    text: text(
      'Restart the VM from the management platform, or from inside the VM over SSH.',
      '在管理平台上重启虚拟机，或 SSH 登录到虚拟机内部重启。',
    ),
    kind: 'changing',
    viaSupport: false,
  },
  {
    id: 'restart-host',
    title: text('Restart the host', '重启业务主机'),
    text: text(
      'Restarting a host that runs services is left to UniCloud technical support engineers: contact them.',
      '重启业务主机请联系 UniCloud 技术支持工程师处理。',
    ),
    kind: 'changing',
    viaSupport: true,
  },
  {
    id: 'restart-network-devices',
    title: text('Restart network devices', '重启网络设备'),
    text: text(
      'Restart the physical switches, routers and other network devices involved in the fault, then watch the state of the links.',
      '重启与故障相关的物理交换机、路由器等网络设备，随后观察链路状态。',
    ),
    kind: 'changing',
    viaSupport: false,
  },
  {
    id: 'restart-services',
    title: text('Restart services on the management node', '重启管理节点上的服务'),
    text: text(
      'On the back end of the management host (VMS), restart services such as tomcat8. Which module each service serves is described in the maintenance manual, or ask technical support.',
      '在管理主机（VMS）后台重启 tomcat8 等服务；各服务对应哪个功能模块，可查阅维护手册或咨询技术支持。',
    ),
    kind: 'changing',
    viaSupport: false,
    command: 'service tomcat8 restart',
  },
];

export const dataCollection: DataCollection = {
  intro: text(
    'Once the emergency recovery is done, collect information about the fault, both as a reference and for UniCloud technical support, so that the fault can be located and removed for good.',
    '应急恢复完成后要收集故障信息，既供后续处理参考，也提供给 UniCloud 技术支持，以便彻底定位和排除故障。',
  ),
  sections: [
    {
      section: '4.1',
      title: text('Back-end logs of the system', '在系统后台收集日志'),
      summary: text(
        'Collecting logs from the back end of the hosts is done with UniCloud technical support engineers: contact them.',
        '在主机后台收集日志，请联系 UniCloud 技术支持工程师处理。',
      ),
      viaSupport: true,
      steps: [],
    },
    {
      section: '4.2',
      title: text('Log files from the management platform', '在管理平台中收集日志文件'),
      summary: text(
        'The management platform can gather the log files of chosen hosts and offer them for download.',
        '管理平台可以收集指定主机的日志文件并提供下载。',
      ),
      viaSupport: false,
      steps: [
        {
          text: text(
            'Open the System tab at the top, then the Operation Logs / Log File Collection item of the navigation tree on the left.',
            '选择顶部的“系统”页签，再点击左侧导航树中的[操作日志/日志文件收集]菜单项，进入收集日志文件页面。',
          ),
          ui: ['系统', '操作日志/日志文件收集'],
        },
        {
          text: text(
            'In the collection area, enter the size of the host log files, choose the time range of the host logs, select one or more hosts and click the Log File Collection button.',
            '在日志文件收集区域输入物理主机日志文件大小，选择物理主机日志时间范围，勾选一台或多台主机，然后单击<日志文件收集>按钮。',
          ),
          ui: ['日志文件收集'],
        },
        {
          text: text(
            'When the collection has finished, click Log File Download and then Download to save the files locally.',
            '收集完成后，单击<日志文件下载>按钮，再单击<下载>按钮把日志文件保存到本地。',
          ),
          ui: ['日志文件下载', '下载'],
        },
      ],
    },
    {
      section: '4.3',
      title: text('Fault alarms', '查看故障告警信息'),
      summary: text(
        'The real-time alarm list of the management platform shows the alarms and their details.',
        '管理平台的实时告警列表中可以查看告警及其详细信息。',
      ),
      viaSupport: false,
      steps: [
        {
          text: text(
            'Open the monitoring and alarm tab at the top, then the Alarm Management / Real-time Alarms item of the navigation tree, to get the list of real-time alarms. Click the Alarm Information button to see the details of an alarm.',
            '选择顶部的“监控告警”页签，单击导航树中的[告警管理/实时告警]菜单项，进入实时告警列表；单击<告警信息>按钮，可在弹出的对话框中查看告警详情。',
          ),
          ui: ['监控告警', '告警管理/实时告警', '告警信息'],
          note: text(
            'The guide prints this tab\'s name garbled (an OCR error); it is the monitoring and alarm tab.',
            '指南原文中该页签名称被误印为“监警告警”（OCR 错误），实为“监控告警”页签。',
          ),
        },
      ],
    },
  ],
};
