import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.8.1: the web UI cannot be logged into (tomcat8 / rabbitmq). */
export const entry = {
  id: 'ui-login',
  title: text('Cannot log in to the web UI', '前台界面无法登录'),
  symptom: text(
    'Logging in to the management platform\'s web UI fails.',
    '管理平台前台界面登录不上。',
  ),
  impact: text(
    'The platform cannot be managed until the UI works again.',
    '界面恢复之前，无法对平台进行任何管理操作。',
  ),
  causes: [
    text(
      'tomcat8, which serves the UI on the VMS, is stopped or stuck.',
      'VMS 上提供界面服务的 tomcat8 已停止或卡死。',
    ),
    text(
      'rabbitmq fails to initialise while its service itself runs, because the system clock is earlier than May 2021 (2021-05).',
      'rabbitmq 服务本身在运行，但因为系统时间早于 2021 年 5 月而初始化失败。',
    ),
    text(
      'rabbitmq fails with "Too short cookie string": the Erlang cookie /var/lib/rabbitmq/.erlang.cookie is damaged, for example because the root filesystem (/) filled up.',
      'rabbitmq 报 "Too short cookie string"：Erlang cookie 文件 /var/lib/rabbitmq/.erlang.cookie 已损坏，例如根目录（/）被写满。',
    ),
    text(
      'rabbitmq cannot write its log directory /var/log/rabbitmq (missing, or not owned by the rabbitmq user): "failed to open log file at \'/var/log/rabbitmq/rabbit@localhost.log\', reason: permission denied".',
      'rabbitmq 无法写日志目录 /var/log/rabbitmq（目录不存在，或属主不是 rabbitmq 用户）："failed to open log file at \'/var/log/rabbitmq/rabbit@localhost.log\', reason: permission denied"。',
    ),
    text(
      'iptables blocks the ports rabbitmq needs, 4369 and 5672, so `rabbitmq-server` takes very long to start and finally times out ("register error", "nodistribution").',
      'iptables 禁用了 rabbitmq 需要的 4369 和 5672 端口，`rabbitmq-server` 启动非常缓慢并最终超时（日志中有 "register error"、"nodistribution"）。',
    ),
    text(
      'The `cloud` user of rabbitmq lost its permissions.',
      'rabbitmq 的 `cloud` 用户权限不正确。',
    ),
  ],
  diagnosis: [
    text(
      'usdiag checks on the VMS: `service tomcat8 status`; `service rabbitmq-server status` and its errors ("Too short cookie string", the permission-denied log file, register/nodistribution timeouts); the clock against 2021-05; free space on /; ownership of /var/log/rabbitmq; iptables rules that DROP or REJECT ports 4369 or 5672; and `rabbitmqctl list_permissions`, where `cloud` must have `.*` for configure, write and read.',
      'usdiag 在 VMS 上检查：`service tomcat8 status`；`service rabbitmq-server status` 及其报错（"Too short cookie string"、日志文件 permission denied、register/nodistribution 超时）；系统时间是否早于 2021-05；根目录 / 的剩余空间；/var/log/rabbitmq 的属主；iptables 中是否有 DROP 或 REJECT 4369、5672 端口的规则；以及 `rabbitmqctl list_permissions` 中 `cloud` 用户的 configure、write、read 是否都是 `.*`。',
    ),
  ],
  recovery: [
    {
      id: 'check-tomcat',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'SSH to the VMS and check whether tomcat8 is running.',
        '通过 SSH 登录 VMS 后台，查看 tomcat8 是否在正常运行。',
      ),
      command: 'service tomcat8 status',
    },
    {
      id: 'find-tomcat-pid',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'If tomcat8 runs, find its PID before restarting it, so that its state can be saved first.',
        '如果 tomcat8 在运行，重启之前先找出它的 PID，以便保存现场。',
      ),
      command: 'ps -ef | grep tomcat8',
    },
    {
      id: 'dump-tomcat-threads',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Save the thread stacks of tomcat8 (PID {pid}) to a file under /vms.',
        '把 tomcat8（PID {pid}）的线程堆栈保存到 /vms 下的文件中。',
      ),
      command: 'jstack -l {pid} > /vms/{file}',
    },
    {
      id: 'dump-tomcat-heap',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Save the memory image of tomcat8 (PID {pid}) to a file under /vms.',
        '把 tomcat8（PID {pid}）的内存映像保存到 /vms 下的文件中。',
      ),
      command: 'jmap -dump:format=b,file=/vms/{file} {pid}',
      warning: text(
        'usdiag advice: the heap dump pauses tomcat8 while it is written and can be as large as its heap; check the free space of /vms first.',
        'usdiag 建议：导出内存映像期间 tomcat8 会暂停响应，文件大小可能与其堆内存相当，操作前先确认 /vms 的剩余空间。',
      ),
    },
    {
      id: 'restart-tomcat',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Restart tomcat8: at once if it was stopped, after saving the stacks and memory image if it was running. Hand the saved files to the support engineers.',
        '重启 tomcat8：已停止的直接重启；仍在运行的，先保存好堆栈和内存映像再重启。保存的文件交给技术支持工程师定位问题。',
      ),
      command: 'service tomcat8 restart',
    },
    {
      id: 'check-rabbitmq',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'If the logs say rabbitmq failed to initialise, check the rabbitmq service and read the error it prints.',
        '日志中提示 rabbitmq 初始化失败时，查看 rabbitmq 服务状态和它输出的报错。',
      ),
      command: 'service rabbitmq-server status',
    },
    {
      id: 'check-root-fs',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'For "Too short cookie string", check whether the root filesystem (/) is full.',
        '报 "Too short cookie string" 时，检查根目录（/）是否已满。',
      ),
      command: 'df -h /',
    },
    {
      id: 'remove-erlang-cookie',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'For "Too short cookie string", delete the damaged cookie file /var/lib/rabbitmq/.erlang.cookie (after making room on / if it was full).',
        '报 "Too short cookie string" 时，删除损坏的 cookie 文件 /var/lib/rabbitmq/.erlang.cookie（如果根目录已满，先清理出空间）。',
      ),
      command: 'rm /var/lib/rabbitmq/.erlang.cookie',
    },
    {
      id: 'fix-rabbitmq-log-dir',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'For "permission denied" on the log file: create the log directory /var/log/rabbitmq if it is missing; if it exists, give it to the rabbitmq user.',
        '日志文件报 "permission denied" 时：日志目录 /var/log/rabbitmq 不存在就手动创建；已存在则把权限赋给 rabbitmq 用户。',
      ),
      command: 'mkdir -p /var/log/rabbitmq && chown -R rabbitmq:rabbitmq /var/log/rabbitmq',
    },
    {
      id: 'check-iptables-ports',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'If `rabbitmq-server` starts very slowly and then times out, check whether iptables blocks ports 4369 and 5672.',
        '如果 `rabbitmq-server` 启动很慢并最终超时，检查 iptables 是否禁用了 4369 和 5672 端口。',
      ),
      command: 'iptables -L -n',
    },
    {
      id: 'open-rabbitmq-ports',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Change the iptables rules so that ports 4369 and 5672 are allowed.',
        '修改 iptables 规则，放行 4369 和 5672 端口。',
      ),
    },
    {
      id: 'start-rabbitmq',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Start rabbitmq once the cause above is fixed.',
        '排除上述原因后，启动 rabbitmq。',
      ),
      command: 'service rabbitmq-server start',
    },
    {
      id: 'check-cloud-permissions',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check the permissions of the `cloud` user: configure, write and read must all be `.*`.',
        '查看 `cloud` 用户的权限，configure、write、read 三项都应为 `.*`。',
      ),
      command: 'rabbitmqctl list_permissions',
    },
    {
      id: 'reinit-rabbitmq-users',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'If the permissions of `cloud` are wrong, initialise the rabbitmq users again with the script rabbitmq-init.sh from the update package.',
        '`cloud` 用户权限不对时，执行更新包中的 rabbitmq-init.sh 脚本，重新初始化 rabbitmq 用户权限。',
      ),
      command: 'rabbitmq-init.sh',
    },
    {
      id: 'check-clock',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'low',
      text: text(
        'If rabbitmq runs but still fails to initialise, check the system clock: a date earlier than May 2021 breaks it.',
        '如果 rabbitmq 服务正常却仍初始化失败，检查系统时间：早于 2021 年 5 月就会出现这个问题。',
      ),
      command: 'date',
    },
    {
      id: 'fix-clock',
      kind: 'changing',
      cost: 'short',
      likelihood: 'low',
      text: text(
        'Set the system time to the current time and restart the host.',
        '把系统时间改为当前时间，然后重启主机。',
      ),
      warning: text(
        'Restarting the VMS interrupts management until it is back. Never set the VMS clock back: moving it more than 10 days into the past breaks HA (see ha-time-skew).',
        '重启 VMS 期间平台无法管理。不要把 VMS 时间往回调：向过去修改超过 10 天会导致 HA 开启失败（见 ha-time-skew）。',
      ),
    },
  ],
} as const satisfies KbEntry;
