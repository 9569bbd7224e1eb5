/** Guide 3.8: management UI, rabbitmq, database, hanging VMs, USB, HA. */
import { text } from '../../i18n/text.js';
import { rx, rxLine, signaturesOf, type Signature } from './types.js';

const login = signaturesOf('ui-login');
const db = signaturesOf('db-connection');
const hang = signaturesOf('ui-hang');
const stuck = signaturesOf('vm-stuck');
const usb = signaturesOf('usb-device');
const ha = signaturesOf('ha-time-skew');

const REGISTER_ERROR = rx(/protocol:? [^\n]{0,40}register(?:\/listen)? error/, 'register error', 'register/listen error');

export const otherSignatures: readonly Signature[] = [
  login('cookie-too-short', {
    weight: 95,
    why: text(
      'rabbitmq cannot start: its Erlang cookie is empty or truncated (often a full root file system). Free space on /, delete /var/lib/rabbitmq/.erlang.cookie, start rabbitmq, check the cloud user\'s permissions.',
      'rabbitmq 无法启动：Erlang cookie 为空或被截断（常因根目录磁盘满）。清理根目录空间，删除 /var/lib/rabbitmq/.erlang.cookie，启动 rabbitmq 并检查 cloud 用户权限。',
    ),
    any: ['Too short cookie string'],
  }),
  login('log-permission', {
    weight: 90,
    why: text(
      'rabbitmq cannot open its log file: create /var/log/rabbitmq and give it to the rabbitmq user.',
      'rabbitmq 无法打开日志文件：创建 /var/log/rabbitmq 目录并赋予 rabbitmq 用户权限。',
    ),
    any: [rx(/failed to open log file at [^\n]{0,160}reason: (?:permission denied|eacces)/, 'open log file')],
  }),
  login('boot-failed', {
    weight: 50,
    why: text('rabbitmq failed to boot.', 'rabbitmq 启动失败。'),
    all: ['BOOT FAILED', rx(/rabbit/, 'rabbitmq', 'rabbit@')],
    window: 10,
  }),
  login('distribution-timeout', {
    weight: 90,
    why: text(
      'rabbitmq\'s Erlang distribution cannot register with epmd (timeout): iptables blocks the ports rabbitmq needs (4369, 5672). Allow them and start rabbitmq.',
      'rabbitmq 的 Erlang 分布式无法向 epmd 注册（超时）：iptables 禁用了 rabbitmq 需要的端口（4369、5672）。放行后再启动 rabbitmq。',
    ),
    all: [REGISTER_ERROR, [rx(/exit'?,nodistribution/, 'nodistribution'), rx(/\{error,timeout\}/, 'error,timeout')]],
    window: 10,
  }),
  login('register-error', {
    weight: 80,
    why: text('rabbitmq\'s Erlang node could not register its distribution port.', 'rabbitmq 的 Erlang 节点无法注册分布式端口。'),
    any: [REGISTER_ERROR],
  }),
  login('nodistribution', {
    weight: 65,
    why: text('The Erlang distribution of rabbitmq did not start.', 'rabbitmq 的 Erlang 分布式未能启动。'),
    // The Erlang exit reason, not the word: a wrapped "no" + "distribution" must not count.
    any: [rx(/exit'?,nodistribution/, 'nodistribution')],
  }),
  login('epmd', {
    weight: 70,
    why: text('rabbitmq cannot reach epmd (port 4369).', 'rabbitmq 无法连接 epmd（4369 端口）。'),
    any: [rx(/epmd error for host|unable to connect to epmd|epmd reports: node [^\n]{0,40} not running/, 'epmd')],
  }),
  login('cookie-file', {
    weight: 75,
    why: text(
      'The Erlang cookie file has wrong permissions or cannot be read.',
      'Erlang cookie 文件权限错误或无法读取。',
    ),
    any: [
      rx(/\.erlang\.cookie[^\n]{0,80}(?:must be accessible by owner only|eacces|permission denied)|error when reading [^\n]{0,80}\.erlang\.cookie/, 'erlang.cookie'),
    ],
  }),
  login('auth-rejected', {
    weight: 55,
    why: text('rabbitmqctl and the node use different Erlang cookies.', 'rabbitmqctl 与节点使用的 Erlang cookie 不一致。'),
    any: ['Authentication failed (rejected by the remote node)'],
  }),
  login('node-down', {
    weight: 55,
    why: text('rabbitmq is not running.', 'rabbitmq 没有运行。'),
    any: [rx(/unable to (?:perform an operation on|connect to) node '?rabbit@/, 'rabbit@'), rx(/\bnodedown\b/, 'nodedown')],
  }),
  login('kernel-terminated', {
    weight: 45,
    why: text('The Erlang VM of rabbitmq stopped at start-up.', 'rabbitmq 的 Erlang 虚拟机在启动时退出。'),
    any: [rx(/kernel pid terminated \(application_controller\)/, 'kernel pid terminated')],
  }),
  login('rabbit-init-zh', {
    weight: 75,
    why: text(
      'rabbitmq initialisation failed; if the service runs, check that the clock is not earlier than May 2021.',
      'rabbitmq 初始化失败；若服务正常运行，检查系统时间是否早于 2021 年 5 月。',
    ),
    any: [rx(/rabbitmq ?初始化失败|rabbitmq[^\n]{0,30}init(?:iali[sz]ation)? failed/, '初始化失败', 'init failed', 'initialization failed', 'initialisation failed')],
  }),
  login('rabbit-ports-blocked', {
    weight: 60,
    why: text('iptables drops a port rabbitmq needs (4369, 5672, 25672).', 'iptables 丢弃了 rabbitmq 需要的端口（4369、5672、25672）。'),
    any: [
      rxLine(/--dport (?:4369|5672|25672)\b[^\n]{0,300}-j (?:drop|reject)/, '--dport 4369', '--dport 5672', '--dport 25672'),
      rxLine(/^(?:drop|reject) +tcp[^\n]{0,300}dpt:(?:4369|5672|25672)\b/, 'dpt:4369', 'dpt:5672', 'dpt:25672'),
    ],
  }),
  login('tomcat-down', {
    weight: 60,
    why: text(
      'tomcat8, which serves the web UI, is not running: service tomcat8 restart (collect jstack/jmap first if it hangs instead).',
      '提供 Web 界面的 tomcat8 没有运行：执行 service tomcat8 restart（如果是卡住而非停止，先用 jstack/jmap 收集信息）。',
    ),
    any: [rx(/tomcat8?[^\n]{0,30} is not running/, 'not running')],
  }),
  login('tomcat-inactive', {
    weight: 60,
    why: text('systemd reports tomcat8 stopped or failed.', 'systemd 显示 tomcat8 已停止或失败。'),
    all: [rx(/tomcat8/, 'tomcat8'), rxLine(/^active: (?:inactive \(dead\)|failed)/, 'active: inactive', 'active: failed')],
    window: 6,
  }),
  login('login-fails-zh', {
    weight: 55,
    why: text('The management UI cannot be logged in to.', '管理平台界面无法登录。'),
    any: [rx(/(?:界面|前台|web|管理平台)[^\n]{0,10}(?:无法|不能)(?:正常)?登录|登录失败/, '无法登录', '不能登录', '无法正常登录', '不能正常登录', '登录失败')],
  }),

  db('cant-connect', {
    weight: 85,
    why: text(
      'The database cannot be reached: MySQL/MariaDB is down (power loss, wrong ownership of /var/lib/mysql or /var/log/mariadb, full disk).',
      '无法连接数据库：MySQL/MariaDB 未运行（异常断电、/var/lib/mysql 或 /var/log/mariadb 属主错误、磁盘满）。',
    ),
    any: [
      rx(
        /(?:can't|cannot|can not|could not|unable to) connect to (?:the )?(?:local )?(?:mysql|mariadb|database)(?: server)?/,
        'connect to the',
        'connect to local',
        'connect to mysql',
        'connect to mariadb',
        'connect to database',
      ),
      rx(/can't connect to (?:local )?server through socket/, 'through socket'),
      rx(/error 200[23] \(hy000\)/, 'error 2002', 'error 2003'),
    ],
  }),
  db('connect-failed-zh', {
    weight: 85,
    why: text('Connecting to the database failed.', '连接数据库失败。'),
    any: [rx(/(?:连接|链接)数据库失败|数据库连接失败/, '数据库失败', '数据库连接失败')],
  }),
  db('jdbc', {
    weight: 75,
    why: text('The Java services cannot get a database connection.', 'Java 服务无法获得数据库连接。'),
    any: [
      rx(
        /communications link failure|could not (?:get|open) jdbc connection|cannotgetjdbcconnectionexception|cannot create poolableconnectionfactory/,
        'communications link',
        'jdbc connection',
        'cannotgetjdbcconnectionexception',
        'poolableconnectionfactory',
      ),
    ],
  }),
  db('file-permissions', {
    weight: 75,
    why: text(
      'mysqld cannot access its files: the data or log directories are not owned by mysql. chown mysql:mysql -R /var/lib/mysql (/var/lib/mysql-share on two-node setups) and /var/log/mariadb.',
      'mysqld 无法访问其文件：数据或日志目录属主不是 mysql。执行 chown mysql:mysql -R /var/lib/mysql（双机为 /var/lib/mysql-share）并同样处理 /var/log/mariadb。',
    ),
    any: [
      rx(/operating system error number 13|does not have the access rights to the directory|errcode: 13\b|can't create pid file: permission denied/, 'error number 13', 'access rights', 'errcode: 13', 'create pid file'),
    ],
  }),
  db('datadir-owner', {
    weight: 45,
    why: text('Database files or directories are owned by root instead of mysql.', '数据库文件或目录的属主是 root 而不是 mysql。'),
    any: [
      rxLine(
        /^[d-][rwx-]{9}\S* +\d+ +root +root [^\n]{0,300} (?:ibdata1|ib_logfile\d|aria_log_control|aria_log\.\d+|ib_buffer_pool|mysql|performance_schema)\/?$/,
        'ibdata1',
        'ib_logfile',
        'aria_log',
        'ib_buffer_pool',
        'mysql',
        'performance_schema',
      ),
    ],
  }),
  db('disk-full', {
    weight: 65,
    why: text(
      'The database ran out of disk space (creating tables fails): contact support to free space safely.',
      '数据库磁盘空间满（创建表失败）：联系技术支持安全地清理空间。',
    ),
    any: [
      rx(/disk is full writing|errcode: 28\b|table '[^']*' is full/, 'disk is full', 'errcode: 28', "' is full"),
      rx(/(?:mysql|mariadb|innodb)[^\n]{0,80}no space left on device|no space left on device[^\n]{0,80}(?:mysql|mariadb|innodb)/, 'no space left'),
    ],
  }),
  db('mysqld-down', {
    weight: 60,
    why: text('The database service failed to start.', '数据库服务启动失败。'),
    any: [
      rx(/failed to start (?:the )?(?:mysql|mariadb)/, 'failed to start'),
      rx(/job for (?:mysql|mariadb)d?\.service failed/, 'job for'),
      'The server quit without updating PID file',
      "Fatal error: Can't open and lock privilege tables",
    ],
  }),
  db('ssl-error', {
    weight: 30,
    why: text('An SSL error while connecting to the database.', '连接数据库时出现 SSL 错误。'),
    any: [rx(/ssl connection error/, 'ssl connection')],
  }),
  db('access-denied', {
    weight: 40,
    why: text('The database refused the account.', '数据库拒绝了该账号。'),
    any: [rx(/access denied for user '[^']*'@/, 'access denied')],
  }),

  hang('ui-stuck-zh', {
    weight: 65,
    why: text(
      'The UI hangs on VM/pool pages: unfinished tasks (destroy, backup, snapshot), heavy storage IO, or failed storage (fence umount). Wait for the tasks, then check the pools.',
      '前台界面查看虚拟机、存储池等信息卡住：存在销毁、备份、快照等未完成任务，存储 IO 压力大，或存储故障（fence umount）。等待任务完成，再检查存储池。',
    ),
    any: [rx(/(?:前台|界面|页面|管理平台)[^\n]{0,24}卡住/, '卡住')],
  }),
  hang('fence-umount', {
    weight: 55,
    why: text('A storage pool was unmounted by fencing.', '存储池被 fence 卸载。'),
    any: [rx(/fence ?umount/, 'fence umount', 'fenceumount')],
  }),
  hang('unfinished-tasks', {
    weight: 35,
    why: text('Unfinished tasks are pending.', '存在未完成的任务。'),
    any: [rx(/未完成的?任务|任务[^\n]{0,6}(?:未完成|执行中)/, '未完成', '执行中')],
  }),
  hang('ui-stuck-en', {
    weight: 45,
    why: text('The management UI hangs.', '管理界面卡住。'),
    any: [
      rx(
        /(?:web (?:ui|console|page)|management (?:ui|console|page|platform)|(?:vm|storage pool) page)[^\n]{0,30}(?:hangs|hung|freez|stuck|keeps loading|not respond)/,
        'hangs',
        'hung',
        'freez',
        'stuck',
        'keeps loading',
        'not respond',
      ),
    ],
  }),

  stuck('qemu-blocked', {
    weight: 70,
    why: text(
      'The VM\'s qemu process is in D (waiting on the kernel, usually storage or an antivirus driver) or Z state: look at /proc/<pid>/stack and the VM\'s qemu log.',
      '虚拟机 qemu 进程处于 D 状态（等待内核返回，通常是存储或防病毒驱动）或 Z 状态：查看 /proc/<pid>/stack 和虚拟机 qemu 日志。',
    ),
    any: [
      rxLine(/\s[dz][<nsl+]*\s+[\d:a-z]+\s+[\d:.]+\s+\S*(?:qemu|kvm)\b/, 'qemu-system', 'qemu-kvm', 'bin/kvm', 'bin/qemu'),
      rxLine(/^\d+ [dz][<nsl+]* \S*(?:qemu-system|qemu-kvm|bin\/kvm|bin\/qemu)/, 'qemu-system', 'qemu-kvm', 'bin/kvm', 'bin/qemu'),
      rx(/task (?:qemu-kvm|qemu-system-\S+|kvm):\d+ blocked for more than|task:(?:qemu\S*|kvm) +state:d\b/, 'blocked for more than', 'state:d'),
    ],
  }),
  stuck('icon-blue', {
    weight: 65,
    why: text(
      'The VM icon turned blue: the platform lost contact with its qemu process, which is blocked.',
      '虚拟机图标变为蓝色：平台与其 qemu 进程失去联系，qemu 进程被阻塞。',
    ),
    any: [rx(/图标(?:变为|变成|显示为)?蓝色|图标变蓝/, '蓝色', '变蓝')],
  }),
  stuck('laggy-zh', {
    weight: 55,
    why: text('Operations inside the VM are laggy.', '虚拟机内部操作卡顿。'),
    any: [rx(/虚拟机(?:内部)?(?:操作)?(?:很|非常)?卡顿/, '卡顿')],
  }),
  stuck('vnc-unreachable', {
    weight: 45,
    why: text('The VM\'s VNC console cannot be opened.', '无法访问虚拟机 VNC 控制台。'),
    any: [rx(/(?:无法|不能)(?:访问|打开|连接) ?vnc|vnc[^\n]{0,20}(?:无法|不能)(?:访问|打开|连接)/, '无法访问', '不能访问', '无法打开', '不能打开', '无法连接', '不能连接')],
  }),
  stuck('state-change-lock', {
    weight: 55,
    why: text(
      'libvirt waits for a VM lock held by a job that never ends: the qemu monitor does not answer.',
      'libvirt 在等待被一直不结束的任务占用的虚拟机锁：qemu 监视器无响应。',
    ),
    any: [rx(/cannot acquire state change lock/, 'state change lock')],
  }),
  stuck('io-thread-spun', {
    weight: 40,
    why: text('qemu\'s main loop is starved: the VM is overloaded or blocked on IO.', 'qemu 主循环得不到调度：虚拟机过载或阻塞在 IO 上。'),
    any: [rx(/i\/o thread spun for \d+ iterations/, 'thread spun')],
  }),

  usb('enumerate-failed', {
    weight: 70,
    why: text(
      'The host saw the USB device but could not talk to it: try another port (USB 2.0 devices on an ehci-pci bus, see lsusb -t) or another device.',
      '主机检测到了 USB 设备但无法与其通信：更换插槽（USB 2.0 设备应插在 ehci-pci 总线上，见 lsusb -t）或更换设备。',
    ),
    any: [
      rx(
        /device descriptor read\/(?:64|all), error -\d+|device not accepting address \d+, error -\d+|unable to enumerate usb device|can't set config #\d+, error -\d+/,
        'descriptor read',
        'not accepting address',
        'enumerate usb',
        "can't set config",
      ),
    ],
  }),
  usb('not-recognised', {
    weight: 70,
    why: text(
      'The USB device is not recognised by the host: check the port with lsusb -t and compare lsusb before and after plugging it in.',
      '主机识别不到 USB 设备：用 lsusb -t 检查插槽，并对比插拔前后 lsusb 的输出。',
    ),
    any: [
      rx(/usb[^\n]{0,20}(?:无法识别|识别不到|找不到|不识别)|(?:无法识别|识别不到|找不到)[^\n]{0,10}usb/, '无法识别', '识别不到', '找不到', '不识别'),
      rx(
        /usb (?:device|key|disk|stick|dongle)[^\n]{0,30}(?:not (?:recogni[sz]ed|detected|found|shown)|cannot be found)/,
        'usb device',
        'usb key',
        'usb disk',
        'usb stick',
        'usb dongle',
      ),
    ],
  }),
  usb('over-current', {
    weight: 50,
    why: text('A USB port reports over-current: the device or port is faulty.', 'USB 端口报告过流：设备或端口故障。'),
    any: [rx(/over-current (?:change|condition)/, 'over-current')],
  }),

  ha('ha-timeout-zh', {
    weight: 95,
    why: text(
      'Enabling HA timed out because the HA process cannot connect to the database after the clock was moved back: set the correct time and add skip_ssl to /etc/mysql/mysql.conf.d/mysql.cnf.',
      '系统时间被向过去修改后 HA 进程连接数据库失败，导致开启 HA 超时：将主机时间改为当前时间，并在 /etc/mysql/mysql.conf.d/mysql.cnf 中增加 skip_ssl。',
    ),
    any: [rx(/ha ?进程响应超时/, '进程响应超时')],
  }),
  ha('ha-timeout-en', {
    weight: 80,
    why: text('The HA process does not answer.', 'HA 进程无响应。'),
    any: [rx(/ha (?:process|daemon) (?:response )?(?:timed out|timeout)/, 'ha process', 'ha daemon')],
  }),
  ha('ssl-mismatch', {
    weight: 90,
    why: text(
      'The HA process\'s database connection fails SSL negotiation (certificates not valid at the host\'s clock): fix the time, add skip_ssl.',
      'HA 进程连接数据库时 SSL 协商失败（证书在主机当前时间下无效）：修正时间并增加 skip_ssl。',
    ),
    any: ['SSL connection error: protocol version mismatch'],
  }),
  ha('protocol-mismatch', {
    weight: 65,
    why: text('A TLS protocol version mismatch.', 'TLS 协议版本不匹配。'),
    any: ['protocol version mismatch'],
  }),
  ha('enable-failed', {
    weight: 60,
    why: text('Enabling HA on a cluster failed.', '集群开启 HA 失败。'),
    any: [rx(/(?:启用|开启)ha失败|failed to enable ha\b/, '启用', '开启', 'enable ha')],
  }),
  ha('clock-moved-back', {
    weight: 50,
    why: text('The system clock was moved back.', '系统时间被向过去修改。'),
    any: [
      rx(
        /(?:系统时间|system (?:time|clock))[^\n]{0,20}(?:向过去|回退|回拨|moved back|set back|went back|jumped backward)/,
        '向过去',
        '回退',
        '回拨',
        'moved back',
        'set back',
        'went back',
        'jumped backward',
      ),
    ],
  }),
  ha('skip-ssl', {
    weight: 30,
    why: text('skip_ssl (the guide\'s fix for the HA database connection) is referenced.', '引用了 skip_ssl（指导书中 HA 连接数据库问题的修复方法）。'),
    any: ['skip_ssl'],
  }),
];
