/**
 * `usdiag --help`, `list` and `show` load no check module, no parser and
 * not the XML parser: counted in a separate process (the built dist/, as a
 * user runs it) by a module loader hook that records every module loaded.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTOMATED_CHECK_IDS } from '../../checks/automated.js';
import { automatedCheckIds } from '../../checks/index.js';
import { FIXTURES } from '../support/fixture-run.js';
import { tempDir } from '../support/sim.js';

const run = promisify(execFile);
const ROOT = join(FIXTURES, '..');
const tmp = tempDir('usdiag-modules-');
afterAll(() => tmp.cleanup());

/** The modules (file and package URLs) that `usdiag ARGS` loads, in load order. */
async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const hooks = join(tmp.dir, 'hooks.mjs');
  const register = join(tmp.dir, 'register.mjs');
  const out = join(tmp.dir, `loaded-${args.join('_')}.txt`);
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (process.env.USDIAG_TEST_LOADED) appendFileSync(process.env.USDIAG_TEST_LOADED, url + '\\n');
  return next(url, context);
}
`);
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  writeFileSync(out, '');
  await run(process.execPath, ['--import', pathToFileURL(register).href, join(ROOT, 'bin', 'usdiag.js'), ...args], {
    env: { ...process.env, LANG: 'C', USDIAG_TEST_LOADED: out },
  });
  return readFileSync(out, 'utf8').split('\n').filter((l) => l.startsWith('file:'));
}

const heavy = (urls: readonly string[]) =>
  urls.filter((u) => (/\/dist\/checks\//.test(u) && !u.endsWith('/checks/automated.js')) || /\/dist\/src\/(parsers|transport|engine|sim)\//.test(u) || /node_modules\/(fast-xml-parser|ssh2|yaml)\//.test(u));

describe('light commands', () => {
  it.each([[['--help']], [['list']], [['show', 'storage-blocked']], [['list', '--format', 'json']]])('usdiag %j loads no check module, parser or XML parser', async (args) => {
    const loaded = await modulesLoadedBy(args);
    // the hook saw the CLI itself: the count is real
    expect(loaded.some((u) => u.endsWith('/dist/src/cli/main.js'))).toBe(true);
    expect(heavy(loaded)).toEqual([]);
  });

  it('knows the automated checks without loading them: the list matches checks/index.ts', () => {
    expect([...AUTOMATED_CHECK_IDS].sort()).toEqual(automatedCheckIds().sort());
  });
});
