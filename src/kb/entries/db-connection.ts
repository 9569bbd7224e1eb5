import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/** Guide 3.8.2: the UI does not open and the logs say the database is unreachable. */
export const entry = {
  id: 'db-connection',
  title: text(
    'Web UI does not open: database connection fails',
    '前台界面打不开，日志报数据库连接失败',
  ),
  symptom: text(
    'The web UI of the management platform does not open, and its logs report that connecting to the database failed.',
    '管理平台前台界面无法打开，日志中记录连接数据库失败。',
  ),
  impact: text(
    'Nobody can log in, so the platform cannot be managed.',
    '无法登录前台界面，平台无法管理。',
  ),
  causes: [
    text(
      'An unexpected power loss left the database service unable to start.',
      '系统异常断电，导致数据库服务无法正常启动。',
    ),
    text(
      'Wrong ownership or permissions on the database files.',
      '数据库文件的属主或权限不对。',
    ),
    text(
      'The database has run out of space.',
      '数据库所在空间已满。',
    ),
  ],
  diagnosis: [
    text(
      'usdiag checks on the VMS whether MySQL/MariaDB runs, that the data directory /var/lib/mysql (/var/lib/mysql-share on a two-node VMS), the log directory /var/log/mariadb and the files in them are owned by `mysql`, and how full the filesystems holding them are.',
      'usdiag 在 VMS 上检查 MySQL/MariaDB 是否在运行，数据目录 /var/lib/mysql（双机为 /var/lib/mysql-share）、日志目录 /var/log/mariadb 及其中文件的属主是否为 `mysql`，以及它们所在文件系统的使用率。',
    ),
    text(
      'In a healthy data directory every entry (ibdata1, ib_logfile0, aria_log_control, the vservice and cas_cic schema directories...) shows `mysql mysql` as owner and group.',
      '正常的数据目录中，所有条目（ibdata1、ib_logfile0、aria_log_control、vservice 和 cas_cic 等库目录）的属主和属组都是 `mysql mysql`。',
    ),
  ],
  recovery: [
    {
      id: 'check-db-service',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'usdiag advice (the guide gives no command): check whether the database service runs, e.g. with `service mysql status` (the service may be named mariadb or mysql depending on the version).',
        'usdiag 建议（指南未给出命令）：检查数据库服务是否在运行，例如执行 `service mysql status`（视版本不同，服务名可能是 mariadb 或 mysql）。',
      ),
    },
    {
      id: 'check-db-ownership',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'List the data directory (on a two-node VMS /var/lib/mysql-share) and /var/log/mariadb and check that everything is owned by `mysql`.',
        '列出数据目录（双机为 /var/lib/mysql-share）和 /var/log/mariadb，确认所有内容的属主都是 `mysql`。',
      ),
      command: 'ls -l /var/lib/mysql',
    },
    {
      id: 'fix-db-ownership',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'If the owner is not `mysql`, give {dir} back to mysql: the data directory /var/lib/mysql (on a two-node VMS /var/lib/mysql-share instead), and /var/log/mariadb the same way.',
        '属主不是 `mysql` 时，把 {dir} 的属主改回 mysql：数据目录 /var/lib/mysql（双机改 /var/lib/mysql-share），/var/log/mariadb 目录也做同样处理。',
      ),
      command: 'chown mysql:mysql -R {dir}',
    },
    {
      id: 'start-db-service',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'usdiag advice: after correcting the ownership, start the database service again and reload the UI.',
        'usdiag 建议：属主改正后重新启动数据库服务，再刷新前台界面。',
      ),
    },
    {
      id: 'check-db-space',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Check whether the filesystem that holds the database is full (full space makes creating tables fail).',
        '检查数据库所在文件系统是否已满（空间满会导致建表失败）。',
      ),
      command: 'df -h /var/lib/mysql',
    },
    {
      id: 'contact-support',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'If the database does not start after a power loss, or table creation fails because the space is full, contact UniCloud technical support to handle it.',
        '断电后数据库无法启动，或因空间满导致建表失败的，请联系 UniCloud 技术支持工程师处理。',
      ),
      warning: text(
        'usdiag advice: do not delete or move database files yourself to make room or to get the service started.',
        'usdiag 建议：不要为了腾空间或让服务启动而自行删除、移动数据库文件。',
      ),
    },
  ],
} as const satisfies KbEntry;
