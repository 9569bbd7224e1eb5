/**
 * `usdiag explain`: which guide entries does this error text or log show?
 * Text from the arguments, a file (streamed, any size) or standard input.
 * Exit 0 when something matched, 1 when nothing did (like grep).
 * A gzip file (.gz, told by its magic bytes) is decompressed as it streams;
 * an incident archive made by `usdiag collect` is explained by its log tails.
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
    result = await explainFile(flags.file, io);
  } else {
    result = explainText(words.join(' '));
  }
  const opts = { lang, kbEntry };
  io.stdout.write(format === 'json' ? renderExplainJson(result, opts) : renderExplainText(result, { ...opts, color: wantColor(io.stdout, io.env, flags.color !== false) }));
  return result.matches.length ? 0 : 1;
}

/** A plain file, a gzip-compressed log, or a collect archive's log tails: always streamed. */
async function explainFile(file: string, io: CliIO) {
  const { isGzipFile, isGzipTar } = await import('../transport/archive.js');
  if (!isGzipFile(file)) return explainStream(createReadStream(file));
  if (await isGzipTar(file)) {
    const { archiveLogStream } = await import('./explain-archive.js');
    const logs = archiveLogStream(file);
    const result = await explainStream(logs.stream);
    const parts = await logs.parts;
    if (parts.length === 0) throw new UsageError(msgText('errReadFile', { file, reason: 'no logs/ in this archive (not made by usdiag collect)' }));
    // The lines are counted over the tails in archive order: which lines are whose.
    io.stderr.write(`usdiag: ${file}: ${parts.length} log tail(s), lines counted across them in this order:\n`);
    for (const p of parts) io.stderr.write(`  ${p.firstLine}-${p.lastLine}  ${p.path}\n`);
    return result;
  }
  const { createGunzip } = await import('node:zlib');
  const gunzip = createGunzip();
  const src = createReadStream(file);
  src.on('error', (e) => gunzip.destroy(e));
  try {
    return await explainStream(src.pipe(gunzip));
  } catch (e) {
    throw new UsageError(msgText('errReadFile', { file, reason: `gzip: ${(e as Error).message}` }));
  }
}
