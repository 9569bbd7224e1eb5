#!/usr/bin/env node
/**
 * Throughput and peak memory of `usdiag explain` on a large generated log.
 *
 *   npm run bench                                               # builds, then 200 MB against dist/
 *   npm run bench -- --size 50                                  # another size (MB)
 *   node scripts/bench-explain.mjs --size 50 --root <dir>       # <dir>/src/explain/stream.js
 *
 * Writes a syslog/libvirt/cas.log-like file of --size MB (10^6 bytes) with a few
 * planted faults to a temporary file (in a child process, so that the peak RSS
 * measured here is explain's), streams it through explainStream, prints the
 * figures on stderr and one JSON line on stdout: bytes, lines, seconds,
 * mbPerSec, peakRssMiB, found, missing. Exit status 1 when a planted fault
 * was not found.
 *
 * This is a benchmark, not a test: its speed depends on the machine and its
 * load. The test suite (test/explain/bench.test.ts) only checks that the time
 * grows linearly with the size, the memory bound and the planted faults.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}

const sizeMb = Number(option('size', '200'));
const root = resolve(option('root', join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')));

// Ordinary lines of a busy host. Some carry words the prefilter knows
// (qemu, migration, pool-1-thread...), as real logs do.
const NOISE = [
  (n) => `Nov 25 03:${p2(n % 60)}:${p2(n % 59)} cvknode11 CRON[${20000 + (n % 9000)}]: (root) CMD (/opt/bin/cha_real_check_cvk.sh >/dev/null 2>&1)`,
  (n) => `Nov 25 03:${p2(n % 60)}:${p2(n % 59)} cvknode11 systemd[1]: Started Session ${n % 100000} of user root.`,
  (n) => `Nov 25 03:${p2(n % 60)}:${p2(n % 59)} cvknode11 kernel: [${(n / 7).toFixed(6)}] device vnet${n % 40} entered promiscuous mode`,
  (n) => `Nov 25 03:${p2(n % 60)}:${p2(n % 59)} cvknode11 ovs-vswitchd: ovs|${p5(n)}|bond|INFO|interface eth${n % 4}: link state up`,
  (n) => `2023-06-01 09:${p2(n % 60)}:${p2(n % 59)} [INFO] [pool-1-thread-${n % 16}] [com.virtual.plat.server.task.TaskManager::run] task ${n} progress ${n % 100}%`,
  (n) => `2023-06-01 09:${p2(n % 60)}:${p2(n % 59)} [DEBUG] [http-nio-8080-exec-${n % 20}] [com.virtual.plat.server.vm.VmServiceImpl::query] query VM list of host cvknode${n % 64} returned ${n % 300} rows`,
  (n) => `2023-03-02 08:${p2(n % 60)}:${p2(n % 59)}.${p3(n)}+0000: ${2000 + (n % 3000)}: info : qemuMonitorIOWrite:${400 + (n % 50)} : QEMU_MONITOR_IO_WRITE: mon=0x7f${n.toString(16)} buf={"execute":"query-migrate","id":"libvirt-${n}"}`,
  (n) => `Nov 25 03:${p2(n % 60)}:${p2(n % 59)} cvknode11 multipathd[1187]: mpath${String.fromCharCode(97 + (n % 26))}: sd${String.fromCharCode(97 + (n % 20))} - tur checker reports path is up`,
  (n) => `Nov 25 03:${p2(n % 60)}:${p2(n % 59)} cvknode11 libvirtd[2974]: ${2974}: warning : qemuDomainObjTaint:${5000 + (n % 100)} : Domain id=${n % 90} name='vm-${n % 500}' uuid=4af99204-6623-45e9-afbf-${String(n).padStart(12, '0')} is tainted: high-privileges`,
  (n) => `2023-05-22 15:${p2(n % 60)}:${p2(n % 59)}.${p3(n)}044+08:00 [info] <0.${800 + (n % 100)}.0> accepting AMQP connection <0.${n % 999}.0> (127.0.0.1:${40000 + (n % 20000)} -> 127.0.0.1:5672)`,
];

// Faults hidden in the noise: [entry id, text]. Some are wrapped like pasted text.
const PLANTED = [
  ['migration-ssh-cipher', "2022-08-10 17:14:00 [ERROR] [Domain Request Processor Manager 10]\n[com.virtual.plat.server.vm.ssh.SecureShellManagerImpl::execCmd] Execute command Error Msg:command-line line 0: Bad SSH2\ncipher spec 'arcfour128,aes128-ctr,aes192-ctr,aes256-ctr'."],
  ['storage-fence', 'Restarted at 2017-04-08 22:04:57 (1491689097.184531). dm-1,\nBE229C2491E64FEA98550DF0469B6C10, o2quo_disk_timeout: Disk heartbeat timeout.'],
  ['ui-login', '(error_logger {{2022,5,14},{18,27,59}}: "Too short cookie string" [])'],
  ['vm-shmem-residue', 'kvm: -chardev socket,id=charshmem0,path=/tmp/kvmsec: Failed to connect to socket: No\nsuch file or directory'],
  ['pool-no-slot', '启动存储池“FC-St-02”失败，原因：存储池没有可用的 slot。'],
];

function p2(n) { return String(n).padStart(2, '0'); }
function p3(n) { return String(n % 1000).padStart(3, '0'); }
function p5(n) { return String(n % 100000).padStart(5, '0'); }

function generate(file, bytes) {
  const fd = openSync(file, 'w');
  let written = 0;
  let n = 0;
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const plantAt = PLANTED.map((_, i) => Math.floor((bytes * (i + 1)) / (PLANTED.length + 1)));
  let planted = 0;
  while (written < bytes) {
    let chunk = '';
    while (chunk.length < 64 * 1024) {
      chunk += NOISE[next() % NOISE.length](n++) + '\n';
      if (planted < PLANTED.length && written + chunk.length >= plantAt[planted]) chunk += PLANTED[planted++][1] + '\n';
    }
    written += writeSync(fd, chunk);
  }
  closeSync(fd);
  return written;
}

const generateOnly = option('generate', undefined);
if (generateOnly !== undefined) {
  generate(generateOnly, sizeMb * 1e6);
  process.exit(0);
}

const { explainStream } = await import(pathToFileURL(join(root, 'src/explain/stream.js')).href);
const dir = mkdtempSync(join(tmpdir(), 'usdiag-bench-'));
try {
  const file = join(dir, 'big.log');
  const gen = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--generate', file, '--size', String(sizeMb)], {
    stdio: 'inherit',
  });
  if (gen.status !== 0) throw new Error(`generating the log failed (${gen.status})`);
  const start = process.hrtime.bigint();
  const result = await explainStream(createReadStream(file, { highWaterMark: 256 * 1024 }));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const ids = result.matches.map((m) => m.id);
  const found = PLANTED.map(([id]) => id).filter((id) => ids.includes(id));
  const missing = PLANTED.map(([id]) => id).filter((id) => !ids.includes(id));
  const report = {
    bytes: result.input.bytes,
    lines: result.input.lines,
    seconds: Math.round(seconds * 100) / 100,
    mbPerSec: Math.round(result.input.bytes / 1e6 / seconds),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    matches: ids,
    found,
    missing,
  };
  console.error(
    `explain: ${(report.bytes / 1e6).toFixed(1)} MB, ${report.lines.toLocaleString('en')} lines in ${report.seconds} s = ${report.mbPerSec} MB/s, ` +
      `peak RSS ${report.peakRssMiB} MiB; planted faults found ${found.length}/${PLANTED.length}${missing.length ? ` (missing: ${missing.join(', ')})` : ''}`,
  );
  console.log(JSON.stringify(report));
  process.exitCode = missing.length === 0 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
