#!/usr/bin/env node
/**
 * The single-file distribution for an offline admin workstation:
 *
 *   npm run bundle      dist/usdiag.mjs: one JavaScript file, runs with `node` alone
 *   npm run sea         dist/usdiag-<os>-<arch>: a single executable (Node's SEA),
 *                       needs no Node installed
 *
 * Both are built from the TypeScript sources with esbuild; nothing of
 * node_modules is needed next to them. ssh2's optional native helpers
 * (cpu-features, its own crypto binding) stay out: ssh2 falls back to its
 * pure-JavaScript code, as it does when they are not compiled.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const sea = process.argv.includes('--sea');

const common = {
  entryPoints: [join(root, 'src/cli/run.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  // optional native parts of ssh2: required inside try/catch, absent is fine
  external: ['cpu-features', '*.node'],
  logLevel: 'warning',
};

mkdirSync(out, { recursive: true });

if (!sea) {
  await build({
    ...common,
    format: 'esm',
    outfile: join(out, 'usdiag.mjs'),
    // CommonJS dependencies (ssh2, yaml...) call require(): give the ES module one
    // ssh2's wasm loader (poly1305) also reads __dirname/__filename
    banner: {
      js: [
        '#!/usr/bin/env node',
        "import { createRequire as __usdiagRequire } from 'node:module';",
        "import { fileURLToPath as __usdiagPath } from 'node:url';",
        'const require = __usdiagRequire(import.meta.url);',
        'const __filename = __usdiagPath(import.meta.url);',
        "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
      ].join('\n'),
    },
  });
  chmodSync(join(out, 'usdiag.mjs'), 0o755);
  process.stdout.write(`built ${join(out, 'usdiag.mjs')}\n`);
} else {
  // SEA runs one CommonJS script: top-level await is not allowed there, so the entry is wrapped.
  const cjs = join(out, 'usdiag-sea.cjs');
  await build({
    ...common,
    entryPoints: [join(root, 'scripts/sea-entry.ts')],
    format: 'cjs',
    outfile: cjs,
    banner: { js: 'const __usdiagMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.dirname': '__dirname', 'import.meta.url': '__usdiagMetaUrl' },
  });
  const config = join(out, 'sea-config.json');
  const blob = join(out, 'usdiag-sea.blob');
  writeFileSync(config, JSON.stringify({ main: cjs, output: blob, disableExperimentalSEAWarning: true }));
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'inherit' });
  const exe = join(out, `usdiag-${process.platform}-${process.arch}`);
  rmSync(exe, { force: true });
  copyFileSync(process.execPath, exe);
  chmodSync(exe, 0o755);
  execFileSync(process.execPath, [
    join(root, 'node_modules/postject/dist/cli.js'), exe, 'NODE_SEA_BLOB', blob,
    '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
  ], { stdio: 'inherit' });
  rmSync(config);
  process.stdout.write(`built ${exe} (${Math.round(readFileSync(exe).length / 1048576)} MiB)\n`);
}
