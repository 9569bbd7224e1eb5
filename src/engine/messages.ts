/**
 * What the engine itself says about a check: why it did not run, why its
 * verdict was not trusted, why a read failed. Rendered by the report layer
 * like every check's own messages.
 */
import { defineMessages } from '../i18n/message.js';

export const ENGINE_MESSAGES = {
  // a finding written before message tables, kept as its two sentences
  text: { en: '{text}', zh: '{text}' },

  notAutomated: {
    en: 'Not checked: usdiag has no automated check for this entry yet; read the guide entry with "usdiag show {id}".',
    zh: '未检查：usdiag 尚未自动检测此项；请用 "usdiag show {id}" 查看指南内容。',
  },
  guideOnly: {
    en: 'Cannot be seen from the hosts (guide-only entry); follow the recovery below when the symptom matches.',
    zh: '无法从主机侧检测（仅指导条目）；症状相符时按下列恢复步骤处理。',
  },
  roleSkip: { en: 'Applies to {want} hosts; this host is {have}.', zh: '适用于 {want} 主机；此主机为 {have}。' },
  interrupted: { en: 'Interrupted before this check finished.', zh: '检查完成前被中断。' },
  hostBudget: {
    en: "The host's time budget (--host-timeout) ran out before this check finished.",
    zh: '此检查完成前，该主机的时间预算（--host-timeout）已用完。',
  },
  checkCrashed: { en: 'The check failed internally: {detail}', zh: '检查自身出错：{detail}' },
  findingCycle: { en: 'Checks wait for each other\'s findings in a circle: {chain}', zh: '检查之间循环等待对方的结论：{chain}' },
  okRoleUndetected: { en: '{summary} (host role not detected)', zh: '{summary}（未能识别主机角色）' },
  readsFailed: {
    en: 'Cannot confirm this host is healthy: {count} read(s) it rests on failed: {reads}',
    zh: '无法确认此主机正常：判断所依据的 {count} 项读取失败：{reads}',
  },
  hostStuck: {
    en: 'connected, but commands do not finish: {timedOut} of {finished} timed out after {seconds} s',
    zh: '已连接，但命令无法结束：{finished} 条中有 {timedOut} 条在 {seconds} 秒后超时',
  },
  timedOutAfter: { en: '(timed out after {seconds} s)', zh: '（{seconds} 秒后超时）' },

  // why a read cannot be used
  readRefused: { en: '"{command}" was refused by the read-only policy ({why})', zh: '"{command}" 被只读策略拒绝（{why}）' },
  readNotCaptured: { en: '"{command}" is not in the capture', zh: '采集结果中没有 "{command}"' },
  readNotRun: { en: '"{command}" did not run on {host} ({why})', zh: '"{command}" 未在 {host} 上执行（{why}）' },
  readNotSent: { en: '"{command}" was not sent to {host}: {why}', zh: '"{command}" 未发送到 {host}：{why}' },
  readTransport: { en: '"{command}" failed on {host}: {why}', zh: '"{command}" 在 {host} 上执行失败：{why}' },
  readTimedOut: { en: '"{command}" did not finish within {seconds} s on {host}', zh: '"{command}" 在 {host} 上 {seconds} 秒内未结束' },
  readNoProgram: { en: '"{command}": the program is not installed on {host}', zh: '"{command}"：{host} 上没有安装该程序' },
  readFailed: { en: '"{command}" failed on {host}: {why}', zh: '"{command}" 在 {host} 上失败：{why}' },
  pathHung: { en: '{path} does not answer ({probe} timed out)', zh: '{path} 无响应（{probe} 超时）' },
} as const;

export const engineMsg = defineMessages('engine', ENGINE_MESSAGES);
