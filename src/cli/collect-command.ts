/**
 * Registers `usdiag collect` on the program. Only commander and help texts
 * load here; the command itself (SSH, tar) loads when it runs.
 */
import { type Command, Option } from 'commander';
import type { Lang, Text } from '../i18n/text.js';
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

/**
 * How to reach the hosts and how long to wait for them: the options scan,
 * check and collect share (one list, so a new transport option reaches all three).
 */
export function addConnectionOptions(c: Command, lang: Lang): Command {
  const d = (x: Text) => x[lang];
  return c.option('--user <name>', d(HELP.optUser))
    .option('--port <n>', d(HELP.optPort))
    .option('--identity <file>', d(HELP.optIdentity))
    .option('--known-hosts <file>', d(HELP.optKnownHosts))
    .option('--accept-new', d(HELP.optAcceptNew))
    .option('--password-env <name>', d(HELP.optPasswordEnv))
    .option('--ask-password', d(HELP.optAskPassword))
    .option('--ssh-config <file>', d(HELP.optSshConfig))
    .option('--sudo', d(HELP.optSudo))
    .option('--timeout <seconds>', d(HELP.optTimeout))
    .option('--connect-timeout <seconds>', d(HELP.optConnectTimeout))
    .option('--host-timeout <seconds>', d(HELP.optHostTimeout))
    .option('--concurrency <n>', d(HELP.optConcurrency))
    .option('--max-connections <n>', d(HELP.optMaxConnections))
    .option('--max-handshakes <n>', d(HELP.optMaxHandshakes))
    .option('--sample-seconds <seconds>', d(HELP.optSampleSeconds))
    .option('--probe-timeout <seconds>', d(HELP.optProbeTimeout))
    .option('--image-timeout <seconds>', d(HELP.optImageTimeout))
    .option('--active-probes', d(HELP.optActiveProbes))
    .addOption(new Option('--lang <lang>', d(HELP.optLang)))
    .option('--no-color', d(HELP.optNoColor))
    .option('-v, --verbose', d(HELP.optVerbose));
}

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
