/**
 * Every fixed string the CLI and the reports print, in both languages.
 * A test fails when a message lacks either language.
 */
import { fill, type Lang, type Text, type Vars } from './text.js';

const t = (en: string, zh: string): Text => ({ en, zh });

export const MESSAGES = {
  // report labels
  stepDiagnostic: t('check', '检查'),
  stepChanging: t('change', '变更'),
  caution: t('caution', '注意'),
  statusOk: t('OK', '正常'),
  statusWarn: t('WARN', '警告'),
  statusFail: t('FAIL', '故障'),
  statusUnknown: t('UNKNOWN', '未知'),
  statusSkipped: t('SKIPPED', '跳过'),
  statusError: t('ERROR', '错误'),
  statusWaived: t('WAIVED', '已豁免'),
  findings: t('Findings', '发现的问题'),
  noFindings: t('No faults found on the checked hosts.', '所检查的主机未发现故障。'),
  evidence: t('Evidence', '证据'),
  recovery: t('Recovery (quick and likely first)', '恢复步骤（先快且成功率高的操作）'),
  hostUnreachable: t('unreachable', '无法连接'),
  hostStuck: t('stuck', '无响应'),
  hostNotChecked: t('{count} checks could not run on this host', '此主机上有 {count} 项检查无法执行'),
  roleDetected: t('detected', '自动识别'),
  roleUndetected: t('role not detected', '未识别角色'),
  skippedCollapsed: t('{count} more checks skipped: {reasons}', '另有 {count} 项检查跳过：{reasons}'),
  skipNotAutomated: t('{count} not automated yet', '{count} 项尚未自动化'),
  skipRole: t('{count} not for this role', '{count} 项不适用于该角色'),
  skipGuide: t('{count} guide-only', '{count} 项仅为指导'),
  skipOther: t('{count} not applicable here', '{count} 项在此不适用'),
  totals: t(
    '{hosts} host(s), {checks} result(s): {fail} fail, {warn} warn, {unknown} unknown, {error} error, {ok} ok, {skipped} skipped',
    '{hosts} 台主机，{checks} 项结果：故障 {fail}，警告 {warn}，未知 {unknown}，错误 {error}，正常 {ok}，跳过 {skipped}',
  ),
  interrupted: t('Interrupted: this report is partial.', '已中断：本报告不完整。'),
  excerptCut: t('… {count} more line(s)', '… 另有 {count} 行'),
  progress: t('Checking {done}/{total} hosts, {checks} checks done {current}', '检查主机 {done}/{total}，已完成 {checks} 项 {current}'),

  // list / show
  listAutomated: t('automated', '自动检测'),
  listGuide: t('guide', '仅指导'),
  listManual: t('manual', '人工'),
  listLegend: t(
    'automated: usdiag checks the hosts; guide: cannot be seen from the hosts, usdiag prints the guide\'s steps; manual: not automated yet ("usdiag show ID" for the steps). Roles: vms management node, vks hypervisor, +cluster compares hosts.',
    '自动检测：usdiag 检查主机；仅指导：无法从主机侧检测，usdiag 给出指导步骤；人工：尚未自动化（用 "usdiag show 编号" 查看步骤）。角色：vms 管理节点，vks 计算节点，+cluster 表示跨主机比较。',
  ),
  showSymptom: t('Symptom', '故障现象'),
  showImpact: t('Impact', '故障影响'),
  showCauses: t('Causes', '故障原因'),
  showDiagnosis: t('How to tell', '判断方法'),
  showNotes: t('Notes', '注意事项'),
  showUsdiag: t('usdiag', 'usdiag'),
  showDoesAutomated: t(
    'checks this on {roles} hosts: usdiag check {id} --host HOST (or in every scan)',
    '在 {roles} 主机上自动检查：usdiag check {id} --host 主机（每次 scan 也会检查）',
  ),
  showDoesManual: t(
    'cannot check this yet: it lists and explains the entry only; follow "How to tell" by hand on {roles} hosts',
    '尚不能自动检查：只列出并解释该条目；请在 {roles} 主机上按“判断方法”手工排查',
  ),
  showDoesGuide: t(
    'cannot see this fault from the hosts (guide-only): it explains the entry and prints the recovery',
    '无法从主机侧看到该故障（仅指导）：只解释该条目并给出恢复步骤',
  ),

  // explain
  explainMatched: t('{count} guide entries match, best first', '{count} 个指导书条目匹配，按相关度排序'),
  explainRead: t('read {lines} lines, {bytes} bytes', '读取 {lines} 行, {bytes} 字节'),
  explainScore: t('score', '得分'),
  explainWhy: t('Why it matched', '匹配原因'),
  explainLines: t('Matched lines', '匹配的行'),
  explainNoRecovery: t('no recovery steps in the knowledge base', '知识库中没有恢复步骤'),
  explainNone: t(
    'No guide entry matches this text. Run `usdiag list` to see all entries, or paste more of the log around the error.',
    '没有匹配的指导书条目。运行 `usdiag list` 查看全部条目，或粘贴错误前后更多的日志。',
  ),

  // policy
  policyTitle: t('What usdiag may run on a host', 'usdiag 可以在主机上运行的命令'),
  policyIntro: t(
    'Checks describe commands as data. usdiag validates every program and argument against this list, then builds and quotes the line itself; anything not listed, or in another shape, is refused before it reaches a host. {count} programs. To try one command: usdiag policy test -- PROGRAM ARG...',
    '检查项以数据形式描述命令。usdiag 按此清单校验每个程序和参数，再自行拼接并转义命令行；未列出的程序或不符合所列形式的参数，在发往主机之前即被拒绝。共 {count} 个程序。测试单条命令：usdiag policy test -- 程序 参数...',
  ),
  policyTerms: t('Words used in the shapes', '形式中用到的术语'),
  policyWhy: t('why: {value}', '理由：{value}'),
  policyOptions: t('options: {value}', '选项：{value}'),
  policyFilter: t('may also read standard input as a later pipeline stage', '也可作为管道的后续阶段，只读取标准输入'),
  policyAllowed: t('allowed: {value}', '允许：{value}'),
  policyWire: t('sent as: {value}', '实际发送：{value}'),
  policyRefused: t('refused: {value}', '拒绝：{value}'),
  policyRule: t('rule: {value}', '规则：{value}'),
  policyReason: t('reason: {value}', '拒绝原因：{value}'),
  policyStage: t('stage {n} ({program})', '第 {n} 段（{program}）'),
  policyNoRule: t('none: {program} is not in the allowlist', '无：{program} 不在允许清单中'),
  policyNotFilter: t('{program} is not allowed as a later pipeline stage', '{program} 不能作为管道的后续阶段'),
  policyShellSyntax: t('shell syntax ({syntax}): usdiag builds the line itself and never sends shell syntax', 'shell 语法（{syntax}）：usdiag 自行拼接命令行，从不发送 shell 语法'),

  // usage and configuration errors (exit 64)
  errUsage: t('usage error: {detail}', '用法错误：{detail}'),
  errUnknownCheck: t('unknown check id "{id}" (see "usdiag list")', '未知的检查项 "{id}"（见 "usdiag list"）'),
  errNoTarget: t('say which hosts to check: --host ADDR, --inventory FILE, --local or --from DIR', '请指定检查对象：--host 地址、--inventory 文件、--local 或 --from 目录'),
  errTooManyTargets: t('use only one of --host, --inventory, --local, --from', '--host、--inventory、--local、--from 只能选一个'),
  errBadNumber: t('{option} needs a number {range} (got "{value}")', '{option} 需要 {range} 的数字（收到 "{value}"）'),
  errBadFormat: t('--format must be text, json or junit (got "{value}")', '--format 只能是 text、json 或 junit（收到 "{value}"）'),
  errBadLang: t('--lang must be en or zh (got "{value}")', '--lang 只能是 en 或 zh（收到 "{value}"）'),
  errBadHost: t('--host "{value}" is not [user@]host[:port]', '--host "{value}" 不是 [用户@]主机[:端口] 格式'),
  errDuplicateHost: t('host name "{name}" appears twice (--host {first} and --host {second})', '主机名 "{name}" 重复出现（--host {first} 与 --host {second}）'),
  errWatchOnlyUsb: t('--watch SECONDS samples USB devices while one is plugged in: only with "usdiag check usb-device"', '--watch SECONDS 用于在插入设备时采样 USB 设备：只能与 "usdiag check usb-device" 一起使用'),
  errBadRole: t('--role must be vms or vks (got "{value}")', '--role 只能是 vms 或 vks（收到 "{value}"）'),
  errUnknownOption: t('unknown option {option}', '未知选项 {option}'),
  errMissingArgument: t('missing argument {arg}', '缺少参数 {arg}'),
  errOptionNeedsValue: t('option {option} needs a value', '选项 {option} 需要一个值'),
  errUnknownCommand: t('unknown command "{command}" (see "usdiag --help")', '未知命令 "{command}"（见 "usdiag --help"）'),
  errExcessArguments: t('too many arguments: {args}', '参数过多：{args}'),
  errUnknownTool: t('unknown parser "{tool}"; known: {known}', '未知的解析器 "{tool}"；可用：{known}'),
  errReadFile: t('cannot read {file}: {reason}', '无法读取 {file}：{reason}'),
  errNotReport: t('{file} is not a usdiag JSON report: {reason}', '{file} 不是 usdiag 的 JSON 报告：{reason}'),
  errUnknownShell: t('completion is written for bash and zsh (got "{shell}")', '只支持 bash 和 zsh 的补全（收到 "{shell}"）'),
  diffHeader: t('Changes from {before} to {after}', '从 {before} 到 {after} 的变化'),
  diffNew: t('New findings', '新出现的问题'),
  diffStayed: t('Still there', '仍然存在'),
  diffFixed: t('Fixed', '已修复'),
  diffOnlyBefore: t('Checked before only', '仅修复前检查过'),
  diffOnlyAfter: t('Checked after only', '仅修复后检查过'),
  diffOk: t('Healthy both times', '两次都正常'),
  diffTotals: t('{fixed} fixed, {new} new, {stayed} still there, {ok} healthy both times', '已修复 {fixed}，新出现 {new}，仍存在 {stayed}，两次都正常 {ok}'),
  errWriteFile: t('cannot write {file}: {reason}', '无法写入 {file}：{reason}'),
  errNothingToExplain: t('give the text to explain, --file FILE, or - for standard input', '请提供要解释的文本、--file 文件，或用 - 表示标准输入'),
  errInternal: t('internal error: {detail}', '内部错误：{detail}'),
  errBadPolicyFormat: t('--format must be text or json (got "{value}")', '--format 只能是 text 或 json（收到 "{value}"）'),
  errPolicyNoDashDash: t('put the command to test after --: usdiag policy test -- PROGRAM ARG...', '请把要测试的命令放在 -- 之后：usdiag policy test -- 程序 参数...'),
  errPolicyNoCommand: t('nothing to test after --: usdiag policy test -- PROGRAM ARG...', '-- 之后没有要测试的命令：usdiag policy test -- 程序 参数...'),
  errPasswordFlag: t('passwords are never given on the command line: use --password-env NAME or --ask-password', '密码不能写在命令行上：请使用 --password-env 变量名 或 --ask-password'),
} as const satisfies Record<string, Text>;

export type MessageKey = keyof typeof MESSAGES;

export function msg(key: MessageKey, lang: Lang, vars?: Vars): string {
  const m = MESSAGES[key];
  return vars ? fill(m, vars)[lang] : m[lang];
}

export function msgText(key: MessageKey, vars?: Vars): Text {
  return vars ? fill(MESSAGES[key], vars) : MESSAGES[key];
}
