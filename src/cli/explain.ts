/**
 * `usdiag explain`: which guide entries does this error text or log show?
 * Text from the arguments, a file (streamed, any size) or standard input.
 * Exit 0 when something matched, 1 when nothing did (like grep).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { explainStream, explainText, renderExplainJson, renderExplainText } from '../explain/index.js';
import { msgText } from '../i18n/messages.js';
import type { Lang } from '../i18n/text.js';
import { kbEntry } from '../kb/index.js';
import { validateFormat, validateLang } from './flags.js';
import { type CliIO, UsageError, wantColor } from './io.js';

interface ExplainFlags {
  file?: string;
  format?: string;
  lang?: string;
  color?: boolean;
}

export async function runExplain(words: readonly string[], flags: ExplainFlags, io: CliIO, lang: Lang): Promise<number> {
  validateLang(flags);
  const format = validateFormat(flags.format, ['text', 'json']);
  const fromStdin = flags.file === '-' || (flags.file === undefined && words.length === 1 && words[0] === '-');
  if (flags.file === undefined && words.length === 0) throw new UsageError(msgText('errNothingToExplain'));
  if (flags.file !== undefined && words.length > 0) throw new UsageError(msgText('errExcessArguments', { args: words.join(' ') }));
  let result;
  if (fromStdin) {
    result = await explainStream(io.stdin as AsyncIterable<Uint8Array>);
  } else if (flags.file !== undefined) {
    try {
      if (!(await stat(flags.file)).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    } catch (e) {
      throw new UsageError(msgText('errReadFile', { file: flags.file, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message }));
    }
    result = await explainStream(createReadStream(flags.file));
  } else {
    result = explainText(words.join(' '));
  }
  const opts = { lang, kbEntry };
  io.stdout.write(format === 'json' ? renderExplainJson(result, opts) : renderExplainText(result, { ...opts, color: wantColor(io.stdout, io.env, flags.color !== false) }));
  return result.matches.length ? 0 : 1;
}
