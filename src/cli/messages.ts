/**
 * What the scan command says about its outputs and the shell around it, in
 * both languages: the choice of formats, where reports go, the capture
 * directory. Usage mistakes end with exit 64 and one line.
 */
import { defineMessages, type MsgArgs, msgText } from '../i18n/message.js';
import type { Text } from '../i18n/text.js';

export const CLI_MESSAGES = {
  errFormatChoice: { en: '--format must be {allowed} (got "{value}")', zh: '--format 只能是 {allowed}（收到 "{value}"）' },
  errFormatEmpty: { en: '--format "{value}" names an empty format', zh: '--format "{value}" 中有空的格式名' },
  errOutputCount: {
    en: '--format names {formats} formats but --output {outputs} file(s): give one per format, - for standard output (e.g. --format text,json --output -,report.json)',
    zh: '--format 指定了 {formats} 种格式，--output 却有 {outputs} 个文件：每种格式对应一个，- 表示标准输出（例如 --format text,json --output -,report.json）',
  },
  errOutputsNeeded: {
    en: '--format names {formats} formats: say where each goes with --output, - for standard output (e.g. --output -,report.json)',
    zh: '--format 指定了 {formats} 种格式：请用 --output 指明各自写到哪里，- 表示标准输出（例如 --output -,report.json）',
  },
  errTwoStdout: { en: '--output names standard output (-) more than once', zh: '--output 中标准输出（-）出现了不止一次' },
  errSameOutput: { en: '--output names {file} twice', zh: '--output 中 {file} 出现了两次' },
  errOutputIsDir: { en: '--output {file} is a directory: give a file name', zh: '--output {file} 是一个目录：请给出文件名' },
  errOutputNoDir: { en: 'cannot write {file}: the directory {dir} does not exist', zh: '无法写入 {file}：目录 {dir} 不存在' },
  errOutputNotWritable: { en: 'cannot write {file}: {reason}', zh: '无法写入 {file}：{reason}' },
  errSaveRawNotDir: {
    en: '--save-raw {dir} is a file, not a directory: give a new or empty directory',
    zh: '--save-raw {dir} 是文件而不是目录：请给出新的或空的目录',
  },
  errSaveRawNotEmpty: {
    en: '--save-raw {dir} already holds {count} entries (e.g. {first}): a new scan would be mixed into them; give a new or empty directory, or add --force',
    zh: '--save-raw {dir} 中已有 {count} 项内容（如 {first}）：新的扫描会与之混在一起；请给出新的或空的目录，或加 --force',
  },
  errSaveRawCreate: { en: 'cannot create --save-raw {dir}: {reason}', zh: '无法创建 --save-raw 目录 {dir}：{reason}' },
  errBadProgramLang: { en: '--lang must be en or zh (got "{value}")', zh: '--lang 只能是 en 或 zh（收到 "{value}"）' },
  cmdTimedOut: { en: 'timed out', zh: '超时' },
  cmdExit: { en: 'exit {code}', zh: '退出码 {code}' },
} as const;

export const cliMsg = defineMessages('cli', CLI_MESSAGES);

/** A CLI message in both languages (for UsageError). */
export function cliText<K extends keyof typeof CLI_MESSAGES & string>(id: K, ...values: MsgArgs<(typeof CLI_MESSAGES)[K]>): Text {
  return msgText(cliMsg(id, ...values));
}
