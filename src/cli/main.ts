/**
 * usdiag's command line. Heavy modules (SSH, YAML, reports) load only in the
 * command that needs them, so `--help` and `list` answer at once.
 */
import { Command, CommanderError, Help, Option } from 'commander';
import { msg } from '../i18n/messages.js';
import { detectLang, isLang, type Lang, type Text } from '../i18n/text.js';
import { ConfigError } from '../inventory/errors.js';
import { addCollectCommand } from './collect-command.js';
import { addConnectionOptions } from './connection-options.js';
import { EXAMPLES, HELP } from './help-text.js';
import { type CliIO, processIO, UsageError } from './io.js';
import { cliText } from './messages.js';
import { VERSION } from '../version.js';
import { EXIT_USAGE } from '../report/status.js';

/** Language from --lang in argv, else the locale. Needed before commander parses (help is localized). */
export function langFromArgv(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    // After "--" the words are data (usdiag policy test -- PROGRAM ARG...), not usdiag's options.
    if (a === '--') break;
    const v = a === '--lang' ? argv[i + 1] : a.startsWith('--lang=') ? a.slice(7) : undefined;
    if (v !== undefined && isLang(v)) return v;
  }
  return detectLang(env);
}

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const lang = langFromArgv(argv, io.env);
  let code = 0;
  const program = buildProgram(lang, io, (c) => {
    code = c;
  }, argv);
  try {
    if (argv.length === 0) {
      // No command: the help, on standard error, as a usage error (a script that forgot its arguments must not pass).
      program.outputHelp({ error: true });
      return EXIT_USAGE;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    return reportError(e, lang, io);
  }
}

function reportError(e: unknown, lang: Lang, io: CliIO): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    io.stderr.write(`usdiag: ${commanderMessage(e, lang)}\n`);
    return EXIT_USAGE;
  }
  if (e instanceof UsageError) {
    io.stderr.write(`usdiag: ${e.what[lang]}\n`);
    return EXIT_USAGE;
  }
  if (e instanceof ConfigError) {
    io.stderr.write(`usdiag: ${e.where}: ${e.what[lang]}\n`);
    return EXIT_USAGE;
  }
  const detail = e instanceof Error ? e.message : String(e);
  io.stderr.write(`usdiag: ${msg('errInternal', lang, { detail })}\n`);
  return 3;
}

/** Commander's own errors, reworded through the message catalogue. */
function commanderMessage(e: CommanderError, lang: Lang): string {
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'commander.unknownOption':
      return /--password\b/.test(quoted) ? msg('errPasswordFlag', lang) : msg('errUnknownOption', lang, { option: quoted });
    case 'commander.unknownCommand':
      return msg('errUnknownCommand', lang, { command: quoted });
    case 'commander.missingArgument':
      return msg('errMissingArgument', lang, { arg: quoted });
    case 'commander.optionMissingArgument':
      return msg('errOptionNeedsValue', lang, { option: quoted.split(' ')[0] ?? quoted });
    case 'commander.excessArguments':
      return msg('errExcessArguments', lang, { args: e.message.replace(/^error: /, '') });
    default:
      return msg('errUsage', lang, { detail: e.message.replace(/^error: /, '') });
  }
}

function buildProgram(lang: Lang, io: CliIO, setCode: (c: number) => void, argv: readonly string[]): Command {
  const d = (t: Text) => t[lang];
  const program = new Command('usdiag')
    .description(d(HELP.program))
    .version(VERSION, '-V, --version', d(HELP.optVersion))
    .helpOption('-h, --help', d(HELP.optHelp))
    .helpCommand('help [command]', d(HELP.helpCommand))
    .configureHelp(localizedHelp(lang))
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      outputError: () => undefined,
    })
    .exitOverride()
    .showSuggestionAfterError(false)
    .allowExcessArguments(false)
    // `usdiag --lang zh scan ...` as well as `usdiag scan ... --lang zh` (langFromArgv reads either).
    .addOption(new Option('--lang <lang>', d(HELP.optLang)))
    .hook('preAction', () => {
      const v = program.opts<{ lang?: string }>().lang;
      if (v !== undefined && !isLang(v)) throw new UsageError(cliText('errBadProgramLang', { value: v }));
    });
  addExamples(program, 'program', lang);

  const targetOptions = (c: Command) => {
    c.option('--host <addr>', d(HELP.optHost), collect)
      .option('--inventory <file>', d(HELP.optInventory))
      .option('--local', d(HELP.optLocal))
      .option('--from <dir>', d(HELP.optFrom))
      .option('--role <role>', d(HELP.optRole), collect)
      .option('--format <format>', d(HELP.optScanFormat))
      .option('--output <file>', d(HELP.optScanOutput))
      .option('--watch <seconds>', d(HELP.optWatch))
      .option('--save-raw <dir>', d(HELP.optSaveRaw))
      .option('--force', d(HELP.optForce))
      .option('--waivers <file>', d(HELP.optWaivers))
      .option('--dry-run', d(HELP.optDryRun))
      .option('--discover', d(HELP.optDiscover));
    return addConnectionOptions(c, lang);
  };

  const scan = targetOptions(program.command('scan').description(d(HELP.scan)))
    .action(async (flags) => {
      const { runScanCommand } = await import('./scan.js');
      setCode(await runScanCommand(undefined, flags, io, lang));
    });
  addExamples(scan, 'scan', lang);

  const check = targetOptions(program.command('check').description(d(HELP.check)).argument('<ids>', d(HELP.checkIds)))
    .action(async (ids: string, flags) => {
      const { runScanCommand } = await import('./scan.js');
      setCode(await runScanCommand(ids, flags, io, lang));
    });
  addExamples(check, 'check', lang);

  addCollectCommand(program, lang, io, setCode, collect);

  const list = program.command('list').description(d(HELP.list))
    .option('--format <format>', d(HELP.optFormat))
    .addOption(new Option('--lang <lang>', d(HELP.optLang)))
    .option('--no-color', d(HELP.optNoColor))
    .action(async (flags) => {
      const { runList } = await import('./list.js');
      setCode(runList(flags, io, lang));
    });
  addExamples(list, 'list', lang);

  const show = program.command('show').description(d(HELP.show)).argument('<id>', d(HELP.showId))
    .option('--format <format>', d(HELP.optFormat))
    .addOption(new Option('--lang <lang>', d(HELP.optLang)))
    .option('--no-color', d(HELP.optNoColor))
    .action(async (id: string, flags) => {
      const { runShow } = await import('./list.js');
      setCode(runShow(id, flags, io, lang));
    });
  addExamples(show, 'show', lang);

  const explain = program.command('explain').description(d(HELP.explain))
    .argument('[text...]', d(HELP.explainText))
    .option('--file <file>', d(HELP.optFile))
    .option('--format <format>', d(HELP.optFormat))
    .addOption(new Option('--lang <lang>', d(HELP.optLang)))
    .option('--no-color', d(HELP.optNoColor))
    .action(async (words: string[], flags) => {
      const { runExplain } = await import('./explain.js');
      setCode(await runExplain(words, flags, io, lang));
    });
  addExamples(explain, 'explain', lang);

  const diff = program.command('diff').description(d(HELP.diff))
    .argument('<before>', d(HELP.diffBefore))
    .argument('<after>', d(HELP.diffAfter))
    .option('--format <format>', d(HELP.optFormat))
    .addOption(new Option('--lang <lang>', d(HELP.optLang)))
    .action(async (before: string, after: string, flags) => {
      const { runDiff } = await import('./diff.js');
      setCode(runDiff(before, after, flags, io, lang));
    });
  addExamples(diff, 'diff', lang, HELP.exitStatusDiff);

  const completion = program.command('completion').description(d(HELP.completion))
    .argument('<shell>', d(HELP.completionShell))
    .action(async (shell: string) => {
      const { runCompletion } = await import('./completion.js');
      setCode(runCompletion(shell, program, io));
    });
  addExamples(completion, 'completion', lang, HELP.exitStatusCompletion);

  const parse = program.command('parse').description(d(HELP.parse))
    .argument('[tool]', d(HELP.parseTool))
    .argument('[file]', d(HELP.parseFile))
    .option('--list', d(HELP.parseList))
    .addOption(new Option('--lang <lang>', d(HELP.optLang)))
    .action(async (tool: string | undefined, file: string | undefined, flags) => {
      const { runParse } = await import('./parse.js');
      setCode(await runParse(tool, file, flags, io, lang));
    });
  addExamples(parse, 'parse', lang);

  const policy = program.command('policy').description(d(HELP.policy))
    .option('--format <format>', d(HELP.optPolicyFormat))
    .addOption(new Option('--lang <lang>', d(HELP.optLang)))
    .action(async (flags) => {
      const { runPolicyList } = await import('./policy.js');
      setCode(runPolicyList(flags, io, lang));
    });
  addExamples(policy, 'policy', lang, HELP.exitStatusPolicy);
  // The command to test follows `--`, taken from argv as typed: commander would read its options as ours.
  const policyTest = policy.command('test').description(d(HELP.policyTest))
    .argument('[command...]', d(HELP.policyTestCommand))
    .option('--format <format>', d(HELP.optPolicyFormat))
    .option('--sudo', d(HELP.optPolicySudo))
    .addOption(new Option('--lang <lang>', d(HELP.optLang)))
    .allowUnknownOption()
    .action(async (words: string[], flags) => {
      const { runPolicyTest } = await import('./policy.js');
      setCode(runPolicyTest(words, argv, { ...policy.opts(), ...flags }, io, lang));
    });
  addExamples(policyTest, 'policyTest', lang, HELP.exitStatusPolicyTest);

  for (const c of program.commands) {
    c.helpOption('-h, --help', d(HELP.optHelp)).configureHelp(localizedHelp(lang)).exitOverride().allowExcessArguments(false);
  }
  return program;
}

/** Repeatable option values, without a default commander would print. */
function collect(v: string, prev: string[] | undefined): string[] {
  return [...(prev ?? []), v];
}

function addExamples(c: Command, key: keyof typeof EXAMPLES, lang: Lang, exitStatus: Text = HELP.exitStatus) {
  const lines = EXAMPLES[key]!.map((e) => `  $ ${e}`).join('\n');
  c.addHelpText('after', `\n${HELP.examples[lang]}\n${lines}\n\n${exitStatus[lang]}\n`);
}

/** Commander's help with the section titles in the chosen language. */
function localizedHelp(lang: Lang): Partial<Help> {
  return {
    formatHelp(cmd: Command, helper: Help): string {
      const width = helper.padWidth(cmd, helper);
      const item = (term: string, desc: string) => helper.formatItem(term, width, desc, helper);
      const section = (title: string, items: string[]) => (items.length ? [title, ...items, ''] : []);
      const desc = helper.commandDescription(cmd);
      return [
        `${HELP.usage[lang]} ${helper.commandUsage(cmd)}`,
        '',
        ...(desc ? [desc, ''] : []),
        ...section(HELP.arguments[lang], helper.visibleArguments(cmd).map((a) => item(helper.argumentTerm(a), helper.argumentDescription(a)))),
        ...section(HELP.options[lang], helper.visibleOptions(cmd).map((o) => item(helper.optionTerm(o), helper.optionDescription(o)))),
        ...section(HELP.commands[lang], helper.visibleCommands(cmd).map((c) => item(helper.subcommandTerm(c), helper.subcommandDescription(c)))),
      ].join('\n');
    },
  };
}

