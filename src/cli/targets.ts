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

export async function buildTargets(cfg: ScanConfig, io: CliIO): Promise<HostPlan[]> {
  const t = cfg.target;
  if (t.kind === 'replay') return replayTargets(t.dir);
  if (t.kind === 'local') {
    const { createLocalTransport } = await import('../transport/local.js');
    const info: HostInfo = { name: hostname(), address: 'localhost', roles: cfg.roles };
    return [{ info, transport: createLocalTransport({ outputCapBytes: OUTPUT_CAP }) }];
  }
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
  type Input = Parameters<typeof ssh.resolveSshTarget>[0];
  const make = (info: HostInfo, input: Input): HostPlan => ({
    info,
    transport: ssh.createSshTransport(ssh.resolveSshTarget(input, cfg.ssh.sshConfig), options),
  });
  // Command-line connection flags apply to every host and win over the inventory.
  const flagConn = {
    ...(cfg.ssh.user !== undefined ? { user: cfg.ssh.user } : {}),
    ...(cfg.ssh.port !== undefined ? { port: cfg.ssh.port } : {}),
    ...(cfg.ssh.identity !== undefined ? { identityFile: cfg.ssh.identity } : {}),
    ...(cfg.ssh.knownHosts !== undefined ? { knownHostsFile: cfg.ssh.knownHosts } : {}),
  };
  if (t.kind === 'hosts') {
    return t.hosts.map((h) => make({ name: hostSpecName(h), address: h.host, roles: cfg.roles }, {
      name: h.host,
      address: h.host,
      ...(h.user !== undefined ? { user: h.user } : {}),
      ...(h.port !== undefined ? { port: h.port } : {}),
      ...flagConn,
    }));
  }
  const { loadInventory } = await import('../inventory/inventory.js');
  const inv = loadInventory(t.path);
  for (const note of inv.notes ?? []) io.stderr.write(`usdiag: ${note}\n`);
  return inv.hosts.map((h) => {
    const roles: Role[] = h.roles.length ? h.roles : [...cfg.roles];
    const info: HostInfo = { name: h.name, address: h.address, roles, cluster: h.cluster };
    return make(info, {
      name: h.name,
      address: h.address,
      ...(h.user !== undefined ? { user: h.user } : {}),
      ...(h.port !== undefined ? { port: h.port } : {}),
      ...(h.identityFile !== undefined ? { identityFile: h.identityFile } : {}),
      ...(h.knownHostsFile !== undefined ? { knownHostsFile: h.knownHostsFile } : {}),
      ...(h.proxyJump !== undefined ? { proxyJump: h.proxyJump } : {}),
      ...(h.passwordEnv !== undefined ? { passwordEnv: h.passwordEnv } : {}),
      ...flagConn,
    });
  });
}

/** 16 MiB per stream: a full `ps` or a 100k-line qemu-img check fits; a runaway log does not. */
const OUTPUT_CAP = 16 * 1024 * 1024;

async function replayTargets(dir: string): Promise<HostPlan[]> {
  const { CaptureError, listCaptureHosts, loadHostCapture } = await import('../capture/layout.js');
  const { createReplayTransport } = await import('../transport/replay.js');
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
    if (e instanceof CaptureError) throw new ConfigError(e.path, e.what);
    throw e;
  }
}
