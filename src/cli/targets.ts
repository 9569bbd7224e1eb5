/**
 * Turns --host / --inventory / --local / --from into hosts and the transport
 * that reaches each. Explicit flags beat the inventory, the inventory beats
 * ~/.ssh/config, and that beats the built-in defaults.
 */
import { hostname } from 'node:os';
import type { HostPlan } from '../engine/runner.js';
import type { HostInfo, Role } from '../engine/types.js';
import { ConfigError } from '../inventory/errors.js';
import { hostSpecName, type ScanConfig } from './flags.js';
import type { CliIO } from './io.js';
import type { SshTargetInput } from '../transport/ssh/target.js';

export async function buildTargets(cfg: ScanConfig, io: CliIO): Promise<HostPlan[]> {
  const t = cfg.target;
  if (t.kind === 'replay') return replayTargets(t.dir);
  if (t.kind === 'local') {
    const { createLocalTransport } = await import('../transport/local.js');
    const info: HostInfo = { name: hostname(), address: 'localhost', roles: cfg.roles, ...(cfg.sudo ? { sudo: true } : {}) };
    return [{ info, transport: createLocalTransport({ outputCapBytes: OUTPUT_CAP }) }];
  }
  const make = await sshPlanMaker(cfg, io);
  return (await sshTargetInputs(cfg, io)).map((t) => make(t.info, t.input));
}

/** Makes the plan of a host reached over SSH: its resolved target, one secret source and the options every host shares. */
export async function sshPlanMaker(cfg: ScanConfig, io: CliIO): Promise<(info: HostInfo, input: SshTargetInput) => HostPlan> {
  const ssh = await import('../transport/ssh/index.js');
  const secrets = ssh.createSecretSource({
    env: io.env,
    stdin: io.stdin,
    stderr: io.stderr,
    passwordEnv: cfg.ssh.passwordEnv,
    askPassword: cfg.ssh.askPassword,
  });
  const { Semaphore } = await import('../transport/semaphore.js');
  const options = {
    // One budget of handshakes for the whole scan: key exchanges are the CPU-heavy part of a connection.
    handshakes: new Semaphore(cfg.maxHandshakes),
    acceptNew: cfg.ssh.acceptNew,
    connectTimeoutMs: cfg.ssh.connectTimeoutMs,
    keepaliveIntervalMs: 5000,
    maxChannels: 8,
    outputCapBytes: OUTPUT_CAP,
    secrets,
  };
  return (info, input) => ({
    info,
    transport: ssh.createSshTransport(ssh.resolveSshTarget(input, cfg.ssh.sshConfig), options),
  });
}

/** A host reached over SSH: how reports name it, and what resolveSshTarget needs to reach it. */
export interface SshHostInput {
  readonly info: HostInfo;
  readonly input: SshTargetInput;
}

/**
 * The hosts of --host or --inventory with their connection settings, before
 * any transport exists (the dry run validates these without connecting).
 */
export async function sshTargetInputs(cfg: ScanConfig, io: CliIO): Promise<SshHostInput[]> {
  const t = cfg.target;
  // Command-line connection flags apply to every host and win over the inventory.
  const flagConn = {
    ...(cfg.ssh.user !== undefined ? { user: cfg.ssh.user } : {}),
    ...(cfg.ssh.port !== undefined ? { port: cfg.ssh.port } : {}),
    ...(cfg.ssh.identity !== undefined ? { identityFile: cfg.ssh.identity } : {}),
    ...(cfg.ssh.knownHosts !== undefined ? { knownHostsFile: cfg.ssh.knownHosts } : {}),
  };
  const sudo = cfg.sudo ? { sudo: true } : {};
  if (t.kind === 'hosts') {
    return t.hosts.map((h) => ({
      info: { name: hostSpecName(h), address: h.host, roles: cfg.roles, ...sudo },
      input: {
        name: h.host,
        address: h.host,
        ...(h.user !== undefined ? { user: h.user } : {}),
        ...(h.port !== undefined ? { port: h.port } : {}),
        ...flagConn,
      },
    }));
  }
  if (t.kind !== 'inventory') return [];
  const { loadInventory } = await import('../inventory/inventory.js');
  const inv = loadInventory(t.path);
  for (const note of inv.notes ?? []) io.stderr.write(`usdiag: ${note}\n`);
  return inv.hosts.map((h) => {
    const roles: Role[] = h.roles.length ? h.roles : [...cfg.roles];
    const info: HostInfo = { name: h.name, address: h.address, roles, cluster: h.cluster, ...(cfg.sudo || h.sudo === true ? { sudo: true } : {}) };
    return {
      info,
      input: {
        name: h.name,
        address: h.address,
        ...(h.user !== undefined ? { user: h.user } : {}),
        ...(h.port !== undefined ? { port: h.port } : {}),
        ...(h.identityFile !== undefined ? { identityFile: h.identityFile } : {}),
        ...(h.knownHostsFile !== undefined ? { knownHostsFile: h.knownHostsFile } : {}),
        ...(h.proxyJump !== undefined ? { proxyJump: h.proxyJump } : {}),
        ...(h.passwordEnv !== undefined ? { passwordEnv: h.passwordEnv } : {}),
        ...flagConn,
      },
    };
  });
}

/** 16 MiB per stream: a full `ps` or a 100k-line qemu-img check fits; a runaway log does not. */
const OUTPUT_CAP = 16 * 1024 * 1024;

async function replayTargets(from: string): Promise<HostPlan[]> {
  const { CaptureError, listCaptureHosts, loadHostCapture } = await import('../capture/layout.js');
  const { createReplayTransport } = await import('../transport/replay.js');
  // An incident archive (usdiag collect): unpacked safely into a temporary directory, read into memory, removed.
  const archive = await openArchive(from);
  const dir = archive?.captureDir ?? from;
  try {
    const hosts = listCaptureHosts(dir);
    if (hosts.length === 0) throw new CaptureError(dir, 'holds no host directories (host.yaml)', '不包含任何主机目录（host.yaml）');
    return hosts.map((d) => {
      const cap = loadHostCapture(d);
      return {
        info: { name: cap.info.name, address: cap.info.address, roles: cap.info.roles, cluster: cap.info.cluster },
        transport: createReplayTransport(cap),
      };
    });
  } catch (e) {
    if (e instanceof CaptureError) throw new ConfigError(archive ? from : e.path, archive ? { en: `${e.path.slice(archive.captureDir.length + 1) || 'capture'}: ${e.what.en}`, zh: `${e.path.slice(archive.captureDir.length + 1) || 'capture'}：${e.what.zh}` } : e.what);
    throw e;
  } finally {
    archive?.cleanup();
  }
}

/** `--from FILE` that is a gzip tar: its capture directory, unpacked; undefined for a directory. */
async function openArchive(from: string): Promise<{ captureDir: string; cleanup: () => void } | undefined> {
  const { statSync } = await import('node:fs');
  let isFile = false;
  try {
    isFile = statSync(from).isFile();
  } catch {
    return undefined;
  }
  if (!isFile) return undefined;
  const { ArchiveError, captureRootOf, extractArchive } = await import('../transport/archive.js');
  try {
    const { dir, cleanup } = await extractArchive(from);
    return { captureDir: captureRootOf(dir), cleanup };
  } catch (e) {
    if (e instanceof ArchiveError) throw new ConfigError(e.path, e.what);
    throw e;
  }
}
