/** host-compromised's sentences (both languages). */
import type { SayOf } from '../../../src/engine/define-check.js';
import type { StepIdOf } from '../../../src/kb/index.js';

export const messages = {
  ok: {
    en: 'No sign of an intrusion on {host}: none of its {sockets} Internet socket(s) belongs to a process posing as a common command or waits in SYN_SENT for an outside address, no such process is busy or long-running ({tasks} task(s) in top), and {cron}.',
    zh: '{host} 上没有入侵迹象：{sockets} 个网络套接字中没有属于伪装成常用命令的进程的，也没有停在 SYN_SENT 等待外部地址的；没有这类进程长时间运行或占用 CPU（top 中 {tasks} 个任务）；并且{cron}。',
  },
  cronBaseline: {
    en: 'the {entries} entries of /etc/crontab are the platform\'s own{cronD}',
    zh: '/etc/crontab 的 {entries} 个条目都是平台自带的{cronD}',
  },
  cronClean: {
    en: 'none of the {entries} entries of /etc/crontab{cronD} runs from a scratch directory, a hidden path or a downloaded script',
    zh: '/etc/crontab 的 {entries} 个条目{cronD}中没有从临时目录、隐藏路径或下载脚本运行的',
  },
  cronDFiles: { en: ' (and /etc/cron.d: {files})', zh: '（以及 /etc/cron.d：{files}）' },
  socketsUnread: { en: 'The Internet sockets of {host} could not be read: {why}', zh: '无法读取 {host} 的网络套接字：{why}' },
  psUnread: { en: 'The processes of {host} could not be read: {why}', zh: '无法读取 {host} 的进程：{why}' },
  cronUnread: { en: '/etc/crontab of {host} could not be read: {why}', zh: '无法读取 {host} 的 /etc/crontab：{why}' },

  disguisedSocket: {
    en: 'Process {pid} "{name}" on {host}{command} poses as a common command and holds {count} connection(s): {peers}{exe}. A command like {name} never opens connections of its own (guide 3.6.6: malware under the names of common commands).{more}',
    zh: '{host} 上的进程 {pid}“{name}”{command}伪装成常用命令，却持有 {count} 个网络连接：{peers}{exe}。{name} 这样的命令自己从不建立网络连接（指南 3.6.6：病毒伪装成常用命令）。{more}',
  },
  synFlood: {
    en: '{host} keeps opening connections to outside addresses that never answer: {count} socket(s) in SYN_SENT to {distinct} outside address(es) ({peers}), from {procs} (guide 3.6.6: malware attacking outside hosts; without a way out the connections stay in SYN_SENT).{more}',
    zh: '{host} 不断向没有应答的外部地址发起连接：{count} 个套接字处于 SYN_SENT，目标为 {distinct} 个外部地址（{peers}），发起者 {procs}（指南 3.6.6：病毒在攻击外部主机；没有外网出口时连接一直停在 SYN_SENT）。{more}',
  },
  outsideSynSent: {
    en: '{count} socket(s) of {host} wait in SYN_SENT for outside address(es) {peers} (from {procs}): not many, but this is how the guide\'s malware first shows; check who opens them.{more}',
    zh: '{host} 有 {count} 个套接字停在 SYN_SENT，等待外部地址 {peers}（发起者 {procs}）：数量不多，但指南中的病毒最初正是这样表现的，请查明是谁发起的。{more}',
  },
  disguisedBusy: {
    en: 'Process {pid} "{name}" on {host}{command} poses as a common command but {busy}{exe}: {name} finishes in a moment (guide 3.6.6).{more}',
    zh: '{host} 上的进程 {pid}“{name}”{command}伪装成常用命令，但{busy}{exe}：{name} 本应瞬间结束（指南 3.6.6）。{more}',
  },
  busyCpu: { en: 'uses {cpu}% CPU', zh: '占用 {cpu}% CPU' },
  busyLong: { en: 'has run for {hours} h', zh: '已运行 {hours} 小时' },
  exePath: { en: '; its program is {path}', zh: '；其程序文件为 {path}' },
  exeDeleted: { en: '; its program {path} was deleted from disk while it runs', zh: '；其程序文件 {path} 在运行期间已从磁盘删除' },
  commandLine: { en: ' ({command})', zh: '（{command}）' },
  peer: { en: '{address}:{port} ({state})', zh: '{address}:{port}（{state}）' },
  proc: { en: '{pid}/{name}', zh: '{pid}/{name}' },
  noProc: { en: 'a process netstat cannot name', zh: 'netstat 无法识别的进程' },

  cronMalicious: {
    en: '{file} line {line} runs `{command}` as {user} ({schedule}): it {why}. A planted entry like this restarts the malware (guide 3.6.6).{more}',
    zh: '{file} 第 {line} 行以 {user} 身份运行 `{command}`（{schedule}）：它{why}。这类被植入的任务会反复拉起病毒（指南 3.6.6）。{more}',
  },
  whyScratch: { en: 'runs a program from a scratch directory (/tmp, /dev/shm, /var/tmp)', zh: '运行临时目录（/tmp、/dev/shm、/var/tmp）中的程序' },
  whyDownload: { en: 'downloads a script and pipes it into a shell', zh: '下载脚本并直接交给 shell 执行' },
  whyEncoded: { en: 'decodes base64 and pipes it into a shell', zh: '解码 base64 后交给 shell 执行' },
  whyHidden: { en: 'runs a program from a hidden path', zh: '运行隐藏路径中的程序' },
  whyDevtcp: { en: 'opens a connection through /dev/tcp (a reverse shell)', zh: '通过 /dev/tcp 建立网络连接（反弹 shell）' },
  cronPlanted: {
    en: '/etc/crontab of {host} holds {count} entr(ies) beyond the platform\'s own: {entries}. The guide\'s malware is restarted by added entries; make sure each of these was put there on purpose (guide 3.6.6).{more}',
    zh: '{host} 的 /etc/crontab 中有 {count} 个平台自带任务以外的条目：{entries}。指南中的病毒正是借助新增的任务反复拉起的，请确认这些条目都是有意添加的（指南 3.6.6）。{more}',
  },
  cronEntry: { en: 'line {line}: {command}', zh: '第 {line} 行：{command}' },
} as const;

export type SayHostCompromised = SayOf<'host-compromised', typeof messages>;
export type HostCompromisedStep = StepIdOf<'host-compromised'>;
