/** Fixture access and hostile inputs shared by the storage parser tests. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export function corpus(dir: string, file: string): string {
  return readFileSync(join(ROOT, 'corpus', dir, file), 'utf8');
}

export function corpusFiles(dir: string): string[] {
  return readdirSync(join(ROOT, 'corpus', dir)).filter((f) => f.endsWith('.txt')).sort();
}

export function fixture(tool: string, file: string): string {
  return readFileSync(join(ROOT, 'parsers', tool, file), 'utf8');
}

/** Text that is no command's output: every parser must survive it and say so. */
export const GARBAGE: readonly string[] = [
  'lorem ipsum dolor sit amet\nconsectetur adipiscing elit\n',
  '\u0000\u0001\u0002\ufffd\ufffd binary \u00ff\u00fe\n\u0007\u0008\n',
  `${'x'.repeat(5000)}\n`,
  '{"json": true, "not": ["this", "tool"]}\n',
  '\u001b[31mred error\u001b[0m: something failed\r\n',
  '命令未找到\n', // "command not found" in a zh_CN shell
];

/** Cuts `text` in the middle of a line, as a killed command's output ends. */
export function truncate(text: string, fraction = 0.6): string {
  const cut = Math.floor(text.length * fraction);
  const nl = text.indexOf('\n', cut);
  // keep a partial last line: stop a few characters into the next line
  const out = text.slice(0, nl < 0 ? cut : nl + 5);
  return out.endsWith('\n') ? out.slice(0, -1) : out;
}
