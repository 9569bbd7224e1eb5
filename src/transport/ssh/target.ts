/**
 * Turns an inventory/CLI host into a connectable SshTarget. Explicit values
 * (CLI, inventory) beat ~/.ssh/config, which beats OpenSSH's defaults.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TransportError } from '../types.js';
import {
  type ConfigContext, type HostSettings, type TokenValues, allValues, defaultConfigContext, expandTilde, expandTokens, firstValue,
  hostSettings,
} from './ssh-config.js';
import type { JumpHost, SshTarget } from './types.js';

export interface SshTargetInput {
  readonly name: string;
  readonly address: string;
  readonly port?: number | undefined;
  readonly user?: string | undefined;
  readonly identityFile?: string | undefined;
  readonly knownHostsFile?: string | undefined;
  /** One jump host, `[user@]host[:port]` (or `none`); beats the config's ProxyJump. */
  readonly proxyJump?: string | undefined;
  /** Environment variable holding this host's password. */
  readonly passwordEnv?: string | undefined;
}

const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
const DEFAULT_USER_KNOWN_HOSTS = ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'];
const DEFAULT_GLOBAL_KNOWN_HOSTS = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];

/**
 * Resolves one host. `address` is matched against the config's Host patterns
 * (it is what an engineer would type after `ssh`). Throws TransportError('config').
 */
export function resolveSshTarget(input: SshTargetInput, sshConfigPath?: string, context?: Partial<ConfigContext>): SshTarget {
  const ctx: ConfigContext = { ...defaultConfigContext(), ...context, user: input.user };
  const configPath = sshConfigPath ?? join(ctx.home, '.ssh', 'config');
  const s = hostSettings(configPath, input.address, ctx);
  if (input.port !== undefined) checkPort(String(input.port), `port of ${input.name}`);
  const host = firstValue(s, 'HostName') ?? input.address;
  const port = input.port ?? parsePort(firstValue(s, 'Port'), configPath) ?? 22;
  const user = input.user ?? firstValue(s, 'User') ?? ctx.localUser;
  const tokens = { home: ctx.home, host, originalHost: input.address, port, remoteUser: user, localUser: ctx.localUser };

  const proxyCommand = firstValue(s, 'ProxyCommand');
  if (!input.proxyJump && proxyCommand && proxyCommand.toLowerCase() !== 'none') {
    throw new TransportError('config', `${configPath}: ProxyCommand for ${input.address} is not supported; use ProxyJump`);
  }

  const explicitIdentity = input.identityFile ? [expandTilde(input.identityFile, ctx.home)] : [];
  const identityFiles = uniq([...explicitIdentity, ...configuredIdentities(s, tokens)]);

  const userKnown = input.knownHostsFile
    ? [expandTilde(input.knownHostsFile, ctx.home)]
    : knownHostsList(allValues(s, 'UserKnownHostsFile'), DEFAULT_USER_KNOWN_HOSTS, tokens);
  const globalKnown = knownHostsList(allValues(s, 'GlobalKnownHostsFile'), DEFAULT_GLOBAL_KNOWN_HOSTS, tokens);

  const jumpSpec = input.proxyJump ?? firstValue(s, 'ProxyJump');
  const proxyJump = jumpSpec && jumpSpec.toLowerCase() !== 'none'
    ? resolveJump(jumpSpec, configPath, ctx, explicitIdentity)
    : undefined;

  return {
    name: input.name,
    host,
    port,
    user,
    identityFiles: identityFiles.length ? identityFiles : defaultIdentities(ctx.home),
    knownHostsFiles: uniq([...userKnown, ...globalKnown]),
    hostKeyAlias: firstValue(s, 'HostKeyAlias'),
    proxyJump,
    hashKnownHosts: yesNo(firstValue(s, 'HashKnownHosts')),
    ...(input.passwordEnv ? { passwordEnv: input.passwordEnv } : {}),
  };
}

/**
 * The jump host is itself looked up in the config (its HostName, User, Port,
 * IdentityFile), as `ssh -J` does. The target's explicit identity file is
 * tried last on the jump too: field setups usually use one key everywhere.
 */
function resolveJump(spec: string, configPath: string, ctx: ConfigContext, explicitIdentity: string[]): JumpHost {
  const hops = spec.split(',').map((h) => h.trim()).filter(Boolean);
  if (hops.length !== 1) throw new TransportError('config', `ProxyJump ${spec}: usdiag supports exactly one jump host (got ${hops.length})`);
  const hop = parseJumpSpec(hops[0]!);
  const s = hostSettings(configPath, hop.host, { ...ctx, user: hop.user });
  const own = firstValue(s, 'ProxyJump');
  if (own && own.toLowerCase() !== 'none' && own !== hops[0]) {
    throw new TransportError('config', `ProxyJump ${spec}: the jump host has its own ProxyJump ${own}; usdiag supports one hop`);
  }
  const host = firstValue(s, 'HostName') ?? hop.host;
  const port = hop.port ?? parsePort(firstValue(s, 'Port'), configPath) ?? 22;
  const user = hop.user ?? firstValue(s, 'User') ?? ctx.localUser;
  const tokens = { home: ctx.home, host, originalHost: hop.host, port, remoteUser: user, localUser: ctx.localUser };
  const configured = configuredIdentities(s, tokens);
  const identityFiles = uniq([...(configured.length ? configured : defaultIdentities(ctx.home)), ...explicitIdentity]);
  return { host, port, user, identityFiles };
}

/** `[user@]host[:port]`, `[user@][v6addr]:port` or `ssh://[user@]host[:port]`. */
export function parseJumpSpec(spec: string): { host: string; port?: number; user?: string } {
  let rest = spec.startsWith('ssh://') ? spec.slice(6) : spec;
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
  }
  let host = rest;
  let portText: string | undefined;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracket) {
    host = bracket[1]!;
    portText = bracket[2];
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    [host, portText] = rest.split(':') as [string, string];
  }
  if (!host || user === '') throw new TransportError('config', `ProxyJump ${spec}: not [user@]host[:port]`);
  const port = portText !== undefined ? checkPort(portText, `ProxyJump ${spec}`) : undefined;
  return { host, ...(port !== undefined ? { port } : {}), ...(user ? { user } : {}) };
}

function configuredIdentities(s: HostSettings, tokens: TokenValues): string[] {
  return allValues(s, 'IdentityFile').filter((f) => f.toLowerCase() !== 'none').map((f) => expandTokens(f, tokens, 'IdentityFile'));
}

function knownHostsList(configured: string[], defaults: string[], tokens: TokenValues): string[] {
  const list = configured.length ? configured : defaults;
  return list.filter((f) => f.toLowerCase() !== 'none').map((f) => expandTokens(f, tokens, 'KnownHostsFile'));
}

function defaultIdentities(home: string): string[] {
  return DEFAULT_IDENTITIES.map((f) => join(home, '.ssh', f)).filter((f) => existsSync(f));
}

function parsePort(v: string | undefined, where: string): number | undefined {
  return v === undefined ? undefined : checkPort(v, `${where}: Port`);
}

function checkPort(v: string, where: string): number {
  const n = /^\d{1,5}$/.test(v) ? Number(v) : NaN;
  if (!(n >= 1 && n <= 65535)) throw new TransportError('config', `${where}: "${v}" is not a TCP port`);
  return n;
}

function yesNo(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  return /^(yes|true)$/i.test(v);
}

function uniq(list: string[]): string[] {
  return [...new Set(list)];
}
