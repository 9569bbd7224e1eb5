import type { Semaphore } from '../semaphore.js';
import type { SecretSource } from './secrets.js';

/** A jump host (ProxyJump); usdiag supports exactly one hop. */
export interface JumpHost {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly identityFiles: readonly string[];
}

/** Where and how to connect, with ssh config and inventory already applied (see resolveSshTarget). */
export interface SshTarget {
  /** How reports name the host. */
  readonly name: string;
  /** Address to connect to (HostName applied). */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Tried in order, after the agent. Missing files are skipped. */
  readonly identityFiles: readonly string[];
  /** User files first (the first one is where accept-new writes), then the system-wide ones. */
  readonly knownHostsFiles: readonly string[];
  /** Name the host key is recorded under instead of host/[host]:port. */
  readonly hostKeyAlias?: string | undefined;
  readonly proxyJump?: JumpHost | undefined;
  /** Write accepted keys with hashed host names (ssh config HashKnownHosts). */
  readonly hashKnownHosts?: boolean | undefined;
  /** Environment variable holding this host's password, instead of the run-wide one. */
  readonly passwordEnv?: string | undefined;
}

export interface SshOptions {
  /** Unknown host key: refuse (false, the default) or accept and record it, like OpenSSH accept-new. */
  readonly acceptNew: boolean;
  /** TCP connect + handshake + authentication, not counting time spent in a password prompt. */
  readonly connectTimeoutMs: number;
  readonly keepaliveIntervalMs: number;
  /** Unanswered keepalives before the connection counts as lost (default 3). */
  readonly keepaliveCountMax?: number | undefined;
  /** Concurrent exec channels on one connection (lowered when the server refuses more). */
  readonly maxChannels: number;
  /** Per stream; head and tail are kept past it. */
  readonly outputCapBytes: number;
  readonly secrets: SecretSource;
  /**
   * SSH handshakes (TCP connect, key exchange, authentication) in progress at
   * once, shared by every host of a scan (--max-handshakes). The wait for a
   * turn does not count against connectTimeoutMs. Unbounded when absent.
   */
  readonly handshakes?: Semaphore | undefined;
  /** ssh-agent socket; defaults to SSH_AUTH_SOCK. Empty string: do not use an agent. */
  readonly agentSocket?: string | undefined;
}

export const SSH_DEFAULTS = {
  acceptNew: false,
  connectTimeoutMs: 10_000,
  keepaliveIntervalMs: 5_000,
  keepaliveCountMax: 3,
  maxChannels: 4,
  outputCapBytes: 16 * 1024 * 1024,
} as const satisfies Omit<SshOptions, 'secrets'>;

/** `user@host:port` for messages. */
export function endpointLabel(e: { host: string; port: number; user?: string }): string {
  const host = e.host.includes(':') ? `[${e.host}]` : e.host;
  return `${e.user ? `${e.user}@` : ''}${host}:${e.port}`;
}
