/**
 * Many small sysfs files in one read: `grep -H -e . -- FILE...` prints
 * `FILE:VALUE` per file. Exit 2 says one file had no value to give (the
 * speed of a link that is down: "Invalid argument"), 1 that none had: both
 * are answers; the files that could not be read are named on stderr.
 */
import { readProblem } from '../../src/engine/outputs.js';
import type { CommandOutput, HostContext } from '../../src/engine/types.js';
import type { Msg } from '../../src/i18n/message.js';
import { unreadableSysfs } from '../../src/parsers/sysfs-values.js';
import type { Command } from '../../src/transport/command.js';

export function sysfsValues(files: readonly string[]): Command {
  return { argv: ['grep', '-H', '-e', '.', '--', ...files], okExit: [0, 1, 2] };
}

export interface SysfsRead {
  readonly output?: CommandOutput | undefined;
  /** Files without a value, and why (`Invalid argument`, `No such file or directory`). */
  readonly unreadable: ReadonlyMap<string, string>;
  readonly problem?: Msg | undefined;
}

export async function sysfsRead(host: HostContext, files: readonly string[]): Promise<SysfsRead> {
  if (files.length === 0) return { unreadable: new Map() };
  const output = await host.run(sysfsValues(files));
  const problem = readProblem(output);
  if (problem && output.read.kind !== 'absent') return { output, unreadable: new Map(), problem };
  return { output, unreadable: unreadableSysfs(output.stderr) };
}
