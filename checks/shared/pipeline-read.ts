/**
 * Why a filtered read (`dmesg -T | grep | tail`, `zcat F | grep | tail`)
 * cannot be used. The engine reports a pipeline's first stage's status; a
 * capture can still hold a first stage that failed under a status of 0 (the
 * error only on stderr, nothing on stdout), which is a failed read too.
 * Shared by storage-fence (rotated syslogs) and ocfs2-repair (dmesg).
 */
import { firstLine, readProblem } from '../../src/engine/outputs.js';
import { engineMsg } from '../../src/engine/messages.js';
import type { CommandOutput } from '../../src/engine/types.js';
import type { Msg } from '../../src/i18n/message.js';

export function pipelineProblem(out: CommandOutput): Msg | undefined {
  const why = readProblem(out);
  if (why || out.stdout.trim() !== '' || out.stderr.trim() === '') return why;
  return engineMsg('readFailed', { command: out.key, host: out.host, why: firstLine(out.stderr) });
}
