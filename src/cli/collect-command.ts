/**
 * Registers `usdiag collect` on the program. Only commander and help texts
 * load here; the command itself (SSH, tar) loads when it runs.
 */
import type { Command } from 'commander';
import type { Lang, Text } from '../i18n/text.js';
import { addConnectionOptions } from './connection-options.js';
import { HELP } from './help-text.js';
import type { CliIO } from './io.js';

const t = (en: string, zh: string): Text => ({ en, zh });

export const COLLECT_HELP = {
  collect: t(
    'run the whole scan and write one incident archive (.tar.gz): raw capture, JSON/text/HTML reports, bounded log tails, manifest; all redacted',
    '运行完整扫描并写出一个事故归档（.tar.gz）：原始采集、JSON/文本/HTML 报告、有限长度的日志尾部、清单；全部脱敏',
  ),
  optOutput: t('the archive to write (.tar.gz or .tgz); refused when it exists, unless --force', '要写出的归档（.tar.gz 或 .tgz）；已存在时拒绝，除非指定 --force'),
  optForce: t('overwrite an existing archive', '覆盖已存在的归档'),
  examples: [
    'usdiag collect --inventory hosts.yaml -o incident.tar.gz',
    'usdiag collect --host root@cvknode11 --password-env USDIAG_PASSWORD -o cvknode11.tar.gz',
    'usdiag scan --from incident.tar.gz',
    'usdiag explain --file incident.tar.gz',
  ],
};

export function addCollectCommand(program: Command, lang: Lang, io: CliIO, setCode: (c: number) => void, collectValues: (v: string, prev: string[] | undefined) => string[]): Command {
  const d = (x: Text) => x[lang];
  const c = program.command('collect').description(d(COLLECT_HELP.collect))
    .option('--host <addr>', d(HELP.optHost), collectValues)
    .option('--inventory <file>', d(HELP.optInventory))
    .option('--local', d(HELP.optLocal))
    .option('--role <role>', d(HELP.optRole), collectValues)
    .option('-o, --output <file>', d(COLLECT_HELP.optOutput))
    .option('--force', d(COLLECT_HELP.optForce));
  addConnectionOptions(c, lang)
    .action(async (flags) => {
      const { runCollect } = await import('./collect.js');
      setCode(await runCollect(flags, io, lang));
    });
  const lines = COLLECT_HELP.examples.map((e) => `  $ ${e}`).join('\n');
  c.addHelpText('after', `\n${HELP.examples[lang]}\n${lines}\n\n${HELP.exitStatus[lang]}\n`);
  return c;
}
