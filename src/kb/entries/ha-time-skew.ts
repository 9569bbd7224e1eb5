import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.8.6: HA cannot be enabled after the VMS clock was moved back. */
export const entry = {
  id: 'ha-time-skew',
  title: text(
    'Enabling HA fails after the system time was moved back',
    '修改系统时间后集群开启 HA 失败',
  ),
  symptom: text(
    'After the clock of the VMS was moved more than 10 days into the past, enabling HA on a cluster fails; the task console reports that enabling HA on the cluster failed because the HA process did not respond in time.',
    'VMS 主机时间被向过去修改超过 10 天后，集群开启 HA 失败，任务台报“HA 进程响应超时”，例如：集群“cluster0”启用HA失败。原因：HA进程响应超时。',
  ),
  impact: text(
    'The high-availability function of the cluster cannot be turned on.',
    '集群的高可靠性（HA）功能无法开启。',
  ),
  causes: [
    text(
      'The HA process fails to connect to the database and therefore does not start; its log shows "SSL connection error: protocol version mismatch".',
      '后台 HA 进程连接数据库失败，因而无法正常启动，日志中报 "SSL connection error: protocol version mismatch"。',
    ),
  ],
  diagnosis: [
    text(
      'usdiag compares the clock of the VMS with the clock of the workstation, looks for "SSL connection error: protocol version mismatch" in the logs, and checks whether /etc/mysql/mysql.conf.d/mysql.cnf contains skip_ssl.',
      'usdiag 比较 VMS 与本地工作站的时间，在日志中查找 "SSL connection error: protocol version mismatch"，并检查 /etc/mysql/mysql.conf.d/mysql.cnf 中是否有 skip_ssl。',
    ),
  ],
  recovery: [
    {
      id: 'compare-clock',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Compare the time of the VMS with the real current time.',
        '核对 VMS 的系统时间与实际当前时间是否一致。',
      ),
      command: 'date',
    },
    {
      id: 'check-skip-ssl',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check whether the MySQL configuration already contains the skip_ssl option.',
        '检查 MySQL 配置文件中是否已有 skip_ssl 选项。',
      ),
      command: 'grep skip_ssl /etc/mysql/mysql.conf.d/mysql.cnf',
    },
    {
      id: 'fix-clock',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Set the time of the host to the current time.',
        '把主机时间改为与当前时间一致。',
      ),
    },
    {
      id: 'add-skip-ssl',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Add the skip_ssl option to /etc/mysql/mysql.conf.d/mysql.cnf, then enable HA again. (usdiag advice: put it in the [mysqld] section; the database only reads it after a restart.)',
        '在 /etc/mysql/mysql.conf.d/mysql.cnf 中增加 skip_ssl 选项，然后重新开启 HA。（usdiag 建议：写在 [mysqld] 段中；数据库重启后才会生效。）',
      ),
    },
  ],
} as const satisfies KbEntry;
