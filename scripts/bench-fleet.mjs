#!/usr/bin/env node
/**
 * How a scan scales with the size of the fleet.
 *
 *   npm run bench:fleet -- --hosts 200                 # builds, then 1 host alone and 200 hosts
 *   node scripts/bench-fleet.mjs --hosts 800 --root dist -- --concurrency 64   # extra scan flags after --
 *
 * Starts --hosts simulated hosts (clones of fixtures/hosts/vks-healthy, each
 * with its own name, loopback address and host key) in one child process,
 * so that what is measured here is the client alone. Then scans the first
 * host alone and the whole fleet with the real CLI (`usdiag scan --inventory
 * ... --format json`, the report thrown away) in this process, and prints
 * for each: wall time, client CPU (process.cpuUsage: user + system), the
 * peak RSS of this process so far (process.resourceUsage().maxRSS), and the
 * ratio of the fleet's wall time to the single host's. One JSON line on
 * stdout, the figures on stderr.
 *
 * This is a benchmark, not a test: on a loaded machine the wall times move,
 * the CPU seconds much less.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dashdash = process.argv.indexOf('--');
const own = dashdash === -1 ? process.argv.slice(2) : process.argv.slice(2, dashdash);
const scanFlags = dashdash === -1 ? [] : process.argv.slice(dashdash + 1);
function option(name, fallback) {
  const i = own.indexOf(`--${name}`);
  return i === -1 ? fallback : own[i + 1];
}
const hosts = Number(option('hosts', '200'));
if (!Number.isInteger(hosts) || hosts < 1 || hosts > 5000) {
  process.stderr.write('bench-fleet: --hosts needs a whole number 1-5000\n');
  process.exit(64);
}
const root = resolve(option('root', join(here, '..', 'dist')));
const profile = resolve(option('profile', join(here, '..', 'fixtures', 'hosts', 'vks-healthy')));

if (process.env.USDIAG_BENCH_SIMS) {
  // The child: the simulated fleet, until the parent disconnects.
  const { startSimCluster } = await import(pathToFileURL(join(root, 'src', 'sim', 'index.js')).href);
  const n = Number(process.env.USDIAG_BENCH_SIMS);
  const specs = Array.from({ length: n }, (_, i) => ({ name: `vks${String(i + 1).padStart(4, '0')}`, profileDir: profile }));
  const cluster = await startSimCluster(specs, { dir: process.env.USDIAG_BENCH_DIR });
  process.send({ inventoryPath: cluster.inventoryPath, dir: cluster.dir });
  process.on('disconnect', () => void cluster.close().then(() => process.exit(0)));
} else {
  const { mkdtempSync, rmSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { main } = await import(pathToFileURL(join(root, 'src', 'cli', 'main.js')).href);
  const YAML = await import('yaml');
  const dir = mkdtempSync(join(tmpdir(), 'usdiag-bench-fleet-'));
  const startedSims = Date.now();
  const child = fork(fileURLToPath(import.meta.url), own, { env: { ...process.env, USDIAG_BENCH_SIMS: String(hosts), USDIAG_BENCH_DIR: dir }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise((res, rej) => {
    child.once('message', res);
    child.once('exit', (code) => rej(new Error(`the simulated hosts exited (${code})`)));
  });
  process.stderr.write(`bench-fleet: ${hosts} simulated hosts up in ${((Date.now() - startedSims) / 1000).toFixed(1)} s\n`);
  const inventory = YAML.parse(readFileSync(ready.inventoryPath, 'utf8'));
  const oneInventory = join(dir, 'one.yaml');
  writeFileSync(oneInventory, YAML.stringify({ ...inventory, hosts: inventory.hosts.slice(0, 1) }));

  const sink = { write: () => true, isTTY: false, columns: 100 };
  const io = { stdout: sink, stderr: sink, stdin: process.stdin, env: { ...process.env, NO_COLOR: '1' }, onInterrupt: () => () => {} };
  const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;
  let sampledPeak = 0;
  let peakHeap = 0;
  let peakExternal = 0;
  // --retained (with node --expose-gc): collect before each sample, so the heap figure is what is kept, not garbage
  const collect = own.includes('--retained') && typeof globalThis.gc === 'function' ? globalThis.gc : undefined;
  let peakRetained = 0;
  const sampler = setInterval(() => {
    if (collect) {
      collect();
      peakRetained = Math.max(peakRetained, process.memoryUsage().heapUsed);
    }
    const m = process.memoryUsage();
    sampledPeak = Math.max(sampledPeak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakExternal = Math.max(peakExternal, m.external);
  }, collect ? 1000 : 200);
  sampler.unref();
  const scan = async (inv, label) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const code = await main(['scan', '--inventory', inv, '--format', 'json', '--output', join(dir, `${label}.json`), ...scanFlags], io);
    const wallS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const report = JSON.parse(readFileSync(join(dir, `${label}.json`), 'utf8'));
    const statuses = {};
    for (const r of report.results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    return { label, exit: code, wallS: +wallS.toFixed(2), cpuS: +((cpu.user + cpu.system) / 1e6).toFixed(2), peakRssMiB: Math.round(peakRssMiB()), statuses };
  };
  try {
    const one = await scan(oneInventory, 'one');
    const all = hosts === 1 ? one : await scan(ready.inventoryPath, 'fleet');
    const out = { hosts, flags: scanFlags, one, fleet: all, ratio: +(all.wallS / one.wallS).toFixed(2), cpuPerHostMs: Math.round((all.cpuS * 1000) / hosts), sampledPeakRssMiB: Math.round(sampledPeak / 2 ** 20), peakHeapMiB: Math.round(peakHeap / 2 ** 20), peakExternalMiB: Math.round(peakExternal / 2 ** 20), ...(collect ? { peakRetainedHeapMiB: Math.round(peakRetained / 2 ** 20) } : {}) };
    for (const r of [one, all]) {
      process.stderr.write(`bench-fleet: ${r.label === 'one' ? '1 host  ' : `${hosts} hosts`}: ${r.wallS} s wall, ${r.cpuS} s client CPU, peak RSS ${r.peakRssMiB} MiB, exit ${r.exit}, ${JSON.stringify(r.statuses)}\n`);
    }
    process.stderr.write(`bench-fleet: ratio ${out.ratio}x one host; ${out.cpuPerHostMs} ms client CPU per host; peak heap ${out.peakHeapMiB} MiB, external ${out.peakExternalMiB} MiB\n`);
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    child.disconnect();
    await new Promise((r) => child.once('exit', r));
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`kept ${dir}\n`);
  }
}
