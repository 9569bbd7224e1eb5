/**
 * Opening an authenticated ssh2 connection, directly or through one jump
 * host, with host key verification, the auth order of AuthPlan, keepalives
 * and a connect timeout that does not run while a person types a password.
 */
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { Client } from 'ssh2';
import { text } from '../../i18n/text.js';
import { formatSeconds } from '../run-control.js';
import { TransportError } from '../types.js';
import { AuthPlan } from './auth.js';
import { HostKeyCheck } from './host-key.js';
import { SSH_DEFAULTS, type SshOptions, type SshTarget, endpointLabel } from './types.js';

/** One SSH hop: the target's connection fields, and how messages name it (`root@10.0.0.11:22 via admin@bastion:22`). */
export type Endpoint = Omit<SshTarget, 'name' | 'proxyJump'> & { readonly label: string };

export interface OpenedConnection {
  readonly client: Client;
  readonly jump?: Client | undefined;
  readonly label: string;
}

/** Connects to the target, through its jump host when it has one. */
export async function openConnection(target: SshTarget, options: SshOptions, signal?: AbortSignal): Promise<OpenedConnection> {
  const direct = endpointLabel(target);
  if (!target.proxyJump) {
    const client = await connectClient(endpointOf(target, direct), options, undefined, signal);
    return { client, label: direct };
  }
  const j = target.proxyJump;
  const jumpLabel = endpointLabel(j);
  const jump = await connectClient(
    { ...j, knownHostsFiles: target.knownHostsFiles, hashKnownHosts: target.hashKnownHosts, passwordEnv: target.passwordEnv, label: `jump host ${jumpLabel}` },
    options,
    undefined,
    signal,
  );
  const label = `${direct} via ${jumpLabel}`;
  try {
    const tunnel = await forward(jump, target, label, options.connectTimeoutMs, signal);
    const client = await connectClient(endpointOf(target, label), options, tunnel, signal);
    return { client, jump, label };
  } catch (e) {
    jump.end();
    throw e;
  }
}

function endpointOf(t: SshTarget, label: string): Endpoint {
  const { name: _name, proxyJump: _jump, ...fields } = t;
  return { ...fields, label };
}

/** A direct-tcpip channel from the jump host to the target. */
function forward(jump: Client, target: SshTarget, label: string, timeoutMs: number, signal?: AbortSignal): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (err: TransportError | null, stream?: Duplex) => {
      if (settled) {
        stream?.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(stream!);
    };
    const timer = setTimeout(() => settle(new TransportError('connect-timeout', `${label}: the jump host did not open a tunnel within ${formatSeconds(timeoutMs)}`, timeoutText)), timeoutMs);
    const onAbort = () => settle(new TransportError('protocol', `${label}: connection attempt cancelled`));
    signal?.addEventListener('abort', onAbort, { once: true });
    jump.forwardOut('127.0.0.1', 0, target.host, target.port, (err, stream) => {
      if (err) settle(new TransportError('unreachable', `${label}: the jump host cannot reach the target (${err.message})`, unreachableText));
      else settle(null, stream);
    });
  });
}

/** Resolves once authenticated. Rejects with a TransportError saying what went wrong. */
export function connectClient(ep: Endpoint, options: SshOptions, sock?: Duplex, signal?: AbortSignal): Promise<Client> {
  return new Promise<Client>((resolve, reject) => {
    const client = new ssh2.Client();
    const hostKey = new HostKeyCheck({ ...ep, acceptNew: options.acceptNew });
    let settled = false;
    const fail = (err: TransportError) => {
      if (settled) return;
      settled = true;
      timer.clear();
      signal?.removeEventListener('abort', onAbort);
      client.destroy();
      reject(err);
    };
    const onAbort = () => fail(new TransportError('protocol', `${ep.label}: connection attempt cancelled`));
    const timer = new PausableTimer(options.connectTimeoutMs, () =>
      fail(new TransportError('connect-timeout', `${ep.label}: no SSH session within ${formatSeconds(options.connectTimeoutMs)}`, timeoutText)),
    );
    const agentSocket = options.agentSocket ?? process.env.SSH_AUTH_SOCK;
    const auth = new AuthPlan({ user: ep.user, identityFiles: ep.identityFiles, label: ep.label, passwordEnv: ep.passwordEnv }, options.secrets, agentSocket || undefined, {
      waitingForPerson: (waiting) => (waiting ? timer.pause() : timer.resume()),
    });
    client.on('ready', () => {
      if (settled) return;
      settled = true;
      // Every command is a small request and a small answer: Nagle's delay would cost a round trip each.
      client.setNoDelay(true);
      timer.clear();
      signal?.removeEventListener('abort', onAbort);
      resolve(client);
    });
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (err.level === 'agent') return auth.agentFailed(err.message);
      if (err.level === 'client-authentication') return fail(new TransportError('auth', auth.describeFailure(), authText));
      fail(hostKey.refusal ?? connectError(err, ep));
    });
    client.on('close', () => {
      fail(hostKey.refusal ?? new TransportError('protocol', `${ep.label}: the server closed the connection during the SSH handshake`));
    });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      client.connect({
        host: ep.host,
        port: ep.port,
        username: ep.user,
        ...(sock ? { sock } : {}),
        // usdiag's own timer replaces readyTimeout: it must not run while a person types a password.
        readyTimeout: 0,
        keepaliveInterval: options.keepaliveIntervalMs,
        keepaliveCountMax: options.keepaliveCountMax ?? SSH_DEFAULTS.keepaliveCountMax,
        algorithms: { serverHostKey: hostKey.algorithms() as never },
        hostVerifier: (key: Buffer) => hostKey.verify(key),
        authHandler: auth.handler,
      });
    } catch (e) {
      fail(new TransportError('config', `${ep.label}: ${(e as Error).message}`));
    }
  });
}

const unreachableText = text('The host cannot be reached over the network.', '网络无法连通该主机。');
const timeoutText = text('The SSH connection could not be established in time.', 'SSH 连接未能在限定时间内建立。');
const authText = text('SSH authentication failed (key, agent or password).', 'SSH 认证失败（密钥、agent 或密码）。');

function connectError(err: Error & { level?: string; code?: string }, ep: Endpoint): TransportError {
  switch (err.code) {
    case 'ECONNREFUSED':
      return new TransportError('unreachable', `${ep.label}: connection refused (no SSH server on that port)`, unreachableText);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new TransportError('unreachable', `${ep.label}: no route to host`, unreachableText);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new TransportError('unreachable', `${ep.label}: cannot resolve ${ep.host}`, unreachableText);
    case 'ETIMEDOUT':
      return new TransportError('connect-timeout', `${ep.label}: TCP connection timed out`, timeoutText);
    case 'ECONNRESET':
    case 'EPIPE':
      return new TransportError('protocol', `${ep.label}: the connection was reset during the SSH handshake`);
  }
  if (err.level === 'client-timeout') return new TransportError('connect-timeout', `${ep.label}: ${err.message}`, timeoutText);
  return new TransportError('protocol', `${ep.label}: ${err.message}`);
}

/** A timeout that can be paused (while a person types a secret) and resumed with the time it had left. */
class PausableTimer {
  private remaining: number;
  private startedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private pauses = 0;
  private cleared = false;

  constructor(ms: number, private readonly onFire: () => void) {
    this.remaining = ms;
    this.run();
  }

  pause(): void {
    if (this.cleared || this.pauses++ > 0) return;
    clearTimeout(this.timer);
    this.remaining -= Date.now() - this.startedAt;
  }

  resume(): void {
    if (this.cleared || this.pauses === 0 || --this.pauses > 0) return;
    this.run();
  }

  clear(): void {
    this.cleared = true;
    clearTimeout(this.timer);
  }

  private run(): void {
    this.startedAt = Date.now();
    this.timer = setTimeout(this.onFire, Math.max(0, this.remaining));
  }
}
