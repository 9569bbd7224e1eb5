#!/usr/bin/env node
// Adds one command's output to a fixture host directory (capture layout):
//   node test/support/add-fixture.mjs HOSTDIR 'canonical command' [STDOUT_FILE|-] [--exit N] [--stderr TEXT] [--hang] [--sample N] [--delay MS]
// The command must be the canonical form usdiag shows in evidence (see commandKey).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [hostDir, key, src, ...rest] = process.argv.slice(2);
if (!hostDir || !key) {
  process.stderr.write('usage: add-fixture.mjs HOSTDIR COMMAND [STDOUT_FILE|-] [--exit N] [--stderr TEXT] [--hang] [--sample N] [--delay MS]\n');
  process.exit(64);
}
const opt = (name) => { const i = rest.indexOf(name); return i >= 0 ? rest[i + 1] : undefined; };
const sample = Number(opt('--sample') ?? 1);
let slug = key.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '').slice(0, 72) || 'command';
if (sample > 1) slug += `.${sample}`;
const dir = join(hostDir, 'commands', slug);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'command'), `${key}\n`);
writeFileSync(join(dir, 'stdout'), src === undefined ? '' : src === '-' ? readFileSync(0, 'utf8') : readFileSync(src, 'utf8'));
const stderr = opt('--stderr');
if (stderr !== undefined) writeFileSync(join(dir, 'stderr'), `${stderr}\n`);
const meta = [];
if (opt('--exit') !== undefined) meta.push(`exit: ${Number(opt('--exit'))}`);
if (sample > 1) meta.push(`sample: ${sample}`);
if (rest.includes('--hang')) meta.push('hang: true');
if (opt('--delay') !== undefined) meta.push(`delayMs: ${Number(opt('--delay'))}`);
if (meta.length) writeFileSync(join(dir, 'meta.yaml'), `${meta.join('\n')}\n`);
process.stdout.write(`${dir}\n`);
