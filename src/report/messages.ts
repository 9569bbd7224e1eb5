/**
 * What the reports themselves say (text, Markdown, HTML), both languages:
 * incident headings, culprits, the summary matrix, "(shown above)".
 */
import { defineMessages, type MsgArgs, renderMsg } from '../i18n/message.js';
import type { Lang } from '../i18n/text.js';

export const REPORT_MESSAGES = {
  incidents: { en: 'Incidents', zh: '故障事件' },
  culprit: { en: 'Culprit', zh: '根源' },
  hosts: { en: 'Hosts', zh: '涉及主机' },
  why: { en: 'Why this one', zh: '选择理由' },
  alternative: { en: 'Alternative', zh: '备选' },
  also: { en: 'Also', zh: '另见' },
  unchecked: { en: 'Not checked because of it', zh: '因此未能检查' },
  rootCause: { en: 'root cause', zh: '根因' },
  rootCauseLabel: { en: 'Root cause', zh: '根因' },
  culpritProcess: { en: '{process} (pid {pid})', zh: '{process}（pid {pid}）' },
  culpritPid: { en: 'pid {pid}', zh: 'pid {pid}' },
  culpritPool: { en: 'pool {pool}', zh: '存储池 {pool}' },
  culpritDevice: { en: 'device {device}', zh: '设备 {device}' },
  culpritVm: { en: 'VM {vm}', zh: '虚拟机 {vm}' },
  shownAbove: { en: '(shown above)', zh: '（见上文）' },
  waivers: { en: 'Waivers', zh: '豁免' },
  totalsWaived: { en: ', {count} waived', zh: '，已豁免 {count}' },
  noFindingsWaived: { en: 'No faults found on the checked hosts other than {count} waived (see Waivers / per host).', zh: '所检查的主机除 {count} 项已豁免的问题外未发现故障（见豁免 / 各主机）。' },
  waivedNote: { en: 'waived, was {status}: {reason}{until}', zh: '已豁免，原为{status}：{reason}{until}' },
  waiverUntil: { en: ' (until {date})', zh: '（有效期至 {date}）' },
  waiverExpired: { en: 'waiver expired {date}: {reason}', zh: '豁免已于 {date} 过期：{reason}' },
  seeIncident: { en: 'see #{id}', zh: '见 #{id}' },
  perHost: { en: 'Per host', zh: '各主机' },
  okChecks: { en: '{count} ok: {checks}', zh: '正常 {count} 项：{checks}' },
  matrix: { en: 'Summary: hosts × checks', zh: '汇总：主机 × 检查' },
  matrixLegend: { en: 'F fail, W warn, ? unknown, E error, . ok, - skipped', zh: 'F 故障，W 警告，? 未知，E 错误，. 正常，- 跳过' },
  matrixLegendWaived: { en: ', w waived', zh: '，w 已豁免' },
  perCheck: { en: 'Summary per check ({hosts} hosts)', zh: '按检查汇总（{hosts} 台主机）' },
  nothingChecked: {
    en: 'Nothing was checked, so nothing can be said about these hosts (exit status 3):',
    zh: '没有执行任何检查，因此无法判断这些主机的状态（退出码 3）：',
  },
  incidentHostUnreachable: { en: 'Host cannot be reached', zh: '主机无法连接' },
  incidentHostStuck: { en: 'Host does not answer', zh: '主机无响应' },
  reportTitle: { en: 'usdiag report', zh: 'usdiag 诊断报告' },
  generated: {
    en: 'usdiag {version}, {startedAt} to {finishedAt}, {hosts} host(s)',
    zh: 'usdiag {version}，{startedAt} 至 {finishedAt}，{hosts} 台主机',
  },
  host: { en: 'host', zh: '主机' },
  check: { en: 'check', zh: '检查' },
  address: { en: 'address', zh: '地址' },
  roles: { en: 'roles', zh: '角色' },
  status: { en: 'status', zh: '状态' },
  evidenceCount: { en: 'Evidence ({count} output(s))', zh: '证据（{count} 项输出）' },
} as const;

export const reportMsg = defineMessages('report', REPORT_MESSAGES);

/** One report message in one language. */
export function reportText<K extends keyof typeof REPORT_MESSAGES & string>(lang: Lang, id: K, ...values: MsgArgs<(typeof REPORT_MESSAGES)[K]>): string {
  return renderMsg(reportMsg(id, ...values), lang);
}
