/**
 * A real OpenSSH server for tests: Debian's /usr/sbin/sshd on 127.0.0.1 and a
 * free port, with generated host and client keys, running as the current
 * user. Platform commands resolve, through `SetEnv PATH=...`, to stand-ins
 * that print a capture-layout host directory's fixtures; timeout(1) and the
 * filter stages (grep, tail, head...) stay the real ones.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { type CaptureEntry, loadHostCapture } from '../../src/capture/layout.js';
import { splitShellLine } from '../../src/transport/command.js';

export const SSHD = '/usr/sbin/sshd';

export interface OpenSshd {
  readonly port: number;
  readonly address: string;
  /** `[127.0.0.1]:PORT ssh-ed25519 AAAA...` */
  readonly knownHostsLine: string;
  /** A known_hosts file holding knownHostsLine. */
  readonly knownHostsPath: string;
  /** Client private key the server accepts. */
  readonly identityPath: string;
  readonly user: string;
  /** Where the stand-ins are (first on the sessions' PATH). */
  readonly binDir: string;
  /** The script every stand-in process runs: `pgrep -f` it to find leftover command processes. */
  readonly standInScript: string;
  /** The host public key file (for ssh-keygen -lf). */
  readonly hostPublicKeyPath: string;
  /** What sshd logged so far (for failing tests). */
  log(): string;
  stop(): Promise<void>;
}

export interface OpenSshdOptions {
  readonly maxSessions?: number;
  /**
   * Other local users who may log in with the same client key (a non-root
   * login for --sudo). sshd reads authorized_keys as the user logging in, so
   * the keys then live in a world-readable directory of their own.
   */
  readonly extraUsers?: readonly string[];
}

/**
 * Why sshd cannot be used here, or null when it can. Installs Debian's
 * openssh-server when it is missing and this runs as root with apt-get.
 */
export function sshdUnavailableReason(): string | null {
  if (existsSync(SSHD)) return null;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return `${SSHD} is missing and cannot be installed here (needs root and apt-get)`;
  try {
    execFileSync('apt-get', ['install', '-y', '-q', 'openssh-server'], { stdio: 'ignore', timeout: 180_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch (e) {
    return `${SSHD} is missing and "apt-get install openssh-server" failed: ${(e as Error).message.split('\n')[0]}`;
  }
  return existsSync(SSHD) ? null : `${SSHD} still missing after installing openssh-server`;
}

export async function startOpenSshd(hostDir: string, opts: OpenSshdOptions = {}): Promise<OpenSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'usdiag-sshd-'));
  try {
    return await launch(dir, hostDir, opts);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

async function launch(dir: string, hostDir: string, opts: OpenSshdOptions): Promise<OpenSshd> {
  const user = userInfo().username;
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  const identityPath = join(dir, 'id_ed25519');
  keygen(hostKey);
  keygen(identityPath);
  let authorizedKeys = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeys, readFileSync(`${identityPath}.pub`), { mode: 0o600 });
  if (opts.extraUsers?.length) {
    const keysDir = join(dir, 'keys');
    mkdirSync(keysDir, { mode: 0o755 });
    // The path to it must be traversable by the other users too (mkdtemp makes 0700).
    chmodSync(dir, 0o711);
    authorizedKeys = join(keysDir, 'authorized_keys');
    writeFileSync(authorizedKeys, readFileSync(`${identityPath}.pub`), { mode: 0o644 });
    chmodSync(authorizedKeys, 0o644);
  }
  const binDir = writeStandIns(join(dir, 'bin'), hostDir);
  mkdirSync(join(dir, 'home'));
  // sshd running as root insists on its privilege-separation directory.
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const config = join(dir, 'sshd_config');
    writeFileSync(config, sshdConfig({ port, dir, hostKey, authorizedKeys, binDir, user: [user, ...(opts.extraUsers ?? [])].join(' '), maxSessions: opts.maxSessions ?? 10 }));
    try {
      const { proc, log } = await spawnSshd(config);
      const [type, key] = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/);
      const knownHostsLine = `[127.0.0.1]:${port} ${type} ${key}`;
      const knownHostsPath = join(dir, 'known_hosts');
      writeFileSync(knownHostsPath, `${knownHostsLine}\n`);
      return {
        port, address: '127.0.0.1', knownHostsLine, knownHostsPath, identityPath, user, binDir, hostPublicKeyPath: `${hostKey}.pub`,
        standInScript: join(dir, 'standin.mjs'),
        log,
        async stop() {
          await stopProcess(proc);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (e) {
      lastError = e as Error;
      if (!/Address already in use/.test(lastError.message)) break;
    }
  }
  throw lastError ?? new Error('sshd did not start');
}

function keygen(path: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', path], { stdio: 'ignore' });
}

function sshdConfig(c: { port: number; dir: string; hostKey: string; authorizedKeys: string; binDir: string; user: string; maxSessions: number }): string {
  return [
    `Port ${c.port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${c.hostKey}`,
    `PidFile ${join(c.dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${c.authorizedKeys}`,
    `AllowUsers ${c.user}`,
    'UsePAM no',
    'StrictModes no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'PrintMotd no',
    `MaxSessions ${c.maxSessions}`,
    // The stand-ins come first; the real timeout(1), grep, tail... after them. An empty HOME keeps
    // the user's shell rc files (bash reads ~/.bashrc even for ssh commands) out of the sessions.
    `SetEnv PATH=${c.binDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=${join(c.dir, 'home')}`,
    `LogLevel ${process.env.USDIAG_SSHD_LOGLEVEL ?? 'INFO'}`,
    '',
  ].join('\n');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function spawnSshd(config: string): Promise<{ proc: ChildProcess; log: () => string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`sshd did not start listening within 5s:\n${log}`));
    }, 5000);
    proc.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (/Server listening on 127\.0\.0\.1 port/.test(log)) {
        clearTimeout(timer);
        resolve({ proc, log: () => log });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited with ${code}:\n${log}`));
    });
  });
}

function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => proc.kill('SIGKILL'), 2000);
    proc.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

interface StandInEntry {
  readonly sample: number;
  readonly stdout: string;
  readonly stderr: string | null;
  readonly exit: number | null;
  readonly signal: string | null;
  readonly delayMs: number;
  readonly hang: boolean;
  readonly unkillable: boolean;
}

/**
 * One executable per program that starts a fixture command. Each execs the
 * shared stand-in script, which looks its exact argv up in index.json (keyed
 * by the JSON argv of the first stage). Commands sharing a first stage with
 * different filters share one entry: the plain one when there is one.
 */
function writeStandIns(binDir: string, hostDir: string): string {
  mkdirSync(binDir, { recursive: true });
  const capture = loadHostCapture(hostDir);
  // first-stage argv (JSON) → command key → its samples
  const byArgv = new Map<string, Map<string, CaptureEntry[]>>();
  for (const e of capture.entries.values()) {
    const id = JSON.stringify(splitShellLine(e.key).stages[0]);
    const keys = byArgv.get(id) ?? new Map<string, CaptureEntry[]>();
    keys.set(e.key, [...(keys.get(e.key) ?? []), e]);
    byArgv.set(id, keys);
  }
  const index: Record<string, StandInEntry[]> = {};
  for (const [id, keys] of byArgv) {
    const plain = [...keys.keys()].find((k) => !splitShellLine(k).stages[1]);
    const chosen = keys.get(plain ?? [...keys.keys()].sort()[0]!)!;
    index[id] = chosen.map((e) => ({
      sample: e.sample,
      stdout: join(e.dir, 'stdout'),
      stderr: existsSync(join(e.dir, 'stderr')) ? join(e.dir, 'stderr') : null,
      exit: e.meta.exit === undefined ? 0 : e.meta.exit,
      signal: e.meta.signal ?? null,
      delayMs: e.meta.delayMs ?? 0,
      hang: e.meta.hang === true || e.meta.timedOut === true,
      unkillable: e.meta.unkillable === true,
    }));
  }
  const stateDir = join(binDir, '..', 'standin-state');
  mkdirSync(stateDir, { recursive: true });
  const indexPath = join(binDir, '..', 'standin-index.json');
  writeFileSync(indexPath, JSON.stringify(index, null, 1));
  const script = join(binDir, '..', 'standin.mjs');
  writeFileSync(script, STAND_IN_SCRIPT);
  const programs = new Set(Object.keys(index).map((id) => (JSON.parse(id) as string[])[0]!));
  for (const prog of programs) {
    // PATH cannot shadow an absolute program (/opt/bin/ovs_dbg_listports):
    // on the test host it stays missing and the check sees exit 127.
    if (prog.startsWith('/')) continue;
    const path = join(binDir, prog);
    writeFileSync(path, `#!/bin/sh\nexec '${process.execPath}' '${script}' '${indexPath}' '${stateDir}' '${prog}' "$@"\n`);
    chmodSync(path, 0o755);
  }
  return binDir;
}

/**
 * Runs on the "host": prints the fixture of its exact argv (the n-th sample
 * on the n-th call), or exits 127. Only for commands usdiag sent, which all
 * run under timeout(1): anything else (the login shell's rc files using cat)
 * gets the real program.
 */
const STAND_IN_SCRIPT = `
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const [indexPath, stateDir, ...argv] = process.argv.slice(2);
const id = JSON.stringify(argv);
const samples = JSON.parse(readFileSync(indexPath, 'utf8'))[id];
let parent = '';
try { parent = readFileSync('/proc/' + process.ppid + '/comm', 'utf8').trim(); } catch {}
if (parent !== 'timeout') {
  const binDir = join(dirname(indexPath), 'bin');
  const real = (process.env.PATH || '').split(':').filter((d) => d && d !== binDir).map((d) => join(d, argv[0])).find((p) => {
    try { accessSync(p, constants.X_OK); return true; } catch { return false; }
  });
  if (!real) process.exit(127);
  const r = spawnSync(real, argv.slice(1), { stdio: 'inherit' });
  process.exit(r.status ?? 1);
} else if (!samples) {
  process.stderr.write('usdiag-standin: no fixture for: ' + argv.join(' ') + '\\n', () => process.exit(127));
} else {
  const counter = join(stateDir, createHash('sha1').update(id).digest('hex'));
  const n = (existsSync(counter) ? Number(readFileSync(counter, 'utf8')) : 0) + 1;
  writeFileSync(counter, String(n));
  samples.sort((a, b) => a.sample - b.sample);
  let e = samples[0];
  for (const s of samples) if (s.sample <= n) e = s;
  const write = (stream, path) => new Promise((r) => (path ? stream.write(readFileSync(path), r) : r()));
  const print = () => write(process.stdout, e.stdout).then(() => write(process.stderr, e.stderr));
  if (e.unkillable) process.on('SIGTERM', () => {});
  setTimeout(() => {
    print().then(() => {
      if (e.hang || e.unkillable) return setInterval(() => {}, 60000);
      if (e.exit === null && e.signal) return process.kill(process.pid, e.signal);
      process.exit(e.exit ?? 0);
    });
  }, e.delayMs);
}
`;
