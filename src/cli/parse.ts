/**
 * `usdiag parse TOOL FILE`: what a parser reads from a saved command output,
 * as JSON (value, the lines it could not read, whether the input was cut).
 */
import { readFileSync } from 'node:fs';
import { msgText } from '../i18n/messages.js';
import type { Lang } from '../i18n/text.js';
import { PARSERS } from '../parsers/index.js';
import { validateLang } from './flags.js';
import { type CliIO, UsageError } from './io.js';

export async function runParse(tool: string | undefined, file: string | undefined, flags: { list?: boolean; lang?: string }, io: CliIO, _lang: Lang): Promise<number> {
  validateLang(flags);
  const names = Object.keys(PARSERS).sort();
  if (flags.list || tool === undefined) {
    io.stdout.write(`${names.join('\n')}\n`);
    return 0;
  }
  const parser = PARSERS[tool];
  if (!parser) throw new UsageError(msgText('errUnknownTool', { tool, known: names.join(', ') }));
  if (file === undefined) throw new UsageError(msgText('errMissingArgument', { arg: 'file' }));
  let input: string;
  try {
    input = file === '-' ? await readAll(io.stdin) : readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(msgText('errReadFile', { file, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message }));
  }
  io.stdout.write(`${JSON.stringify(parser(input), (_k, v: unknown) => (v instanceof Date ? v.toISOString() : v), 2)}\n`);
  return 0;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
