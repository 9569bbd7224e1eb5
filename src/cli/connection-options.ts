/**
 * Registers the options that say how to reach the hosts and how long to wait
 * for them. Only commander and help texts load here.
 */
import { type Command, Option } from 'commander';
import type { Lang, Text } from '../i18n/text.js';
import { HELP } from './help-text.js';

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
