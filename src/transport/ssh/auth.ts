/**
 * The order usdiag authenticates in, as an ssh2 authHandler: the agent, then
 * each identity file, then a password (also answered to keyboard-interactive
 * password prompts). Methods the server does not accept are skipped, so a
 * password is only asked for when the server would take one. Everything tried
 * or skipped is remembered for the error message.
 */
import { existsSync, readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthHandlerMiddleware, AuthenticationType } from 'ssh2';
import type { SecretKind, SecretSource } from './secrets.js';

export interface AuthEndpoint {
  readonly user: string;
  readonly identityFiles: readonly string[];
  /** `user@host:port`, for prompts and messages. */
  readonly label: string;
  /** Environment variable with this host's password, instead of the run-wide one. */
  readonly passwordEnv?: string | undefined;
}

export interface AuthHooks {
  /** Called around waiting for a person to type a secret (connect timeouts pause meanwhile). */
  waitingForPerson(waiting: boolean): void;
}

interface Candidate {
  /** The SSH method name the server must accept. */
  readonly method: AuthenticationType;
  readonly build: () => Promise<AnyAuthMethod | null>;
}

export class AuthPlan {
  /** Methods actually offered to the server, in order. */
  readonly tried: string[] = [];
  /** Why candidates were left out (missing key file, no passphrase...). */
  readonly skipped: string[] = [];
  private serverMethods: readonly string[] | null = null;
  private readonly candidates: Candidate[];

  constructor(
    private readonly endpoint: AuthEndpoint,
    private readonly secrets: SecretSource,
    agentSocket: string | undefined,
    private readonly hooks: AuthHooks,
  ) {
    const user = endpoint.user;
    this.candidates = [
      // `none` first, as OpenSSH does: it tells which methods the server accepts.
      { method: 'none', build: async () => ({ type: 'none', username: user }) },
      ...(agentSocket ? [{ method: 'publickey' as const, build: async () => this.offer('agent', { type: 'agent', username: user, agent: agentSocket }) }] : []),
      ...endpoint.identityFiles.map((file) => ({ method: 'publickey' as const, build: () => this.identity(file) })),
      { method: 'password', build: () => this.password('password') },
      { method: 'keyboard-interactive', build: () => this.password('keyboard-interactive') },
    ];
  }

  readonly handler: AuthHandlerMiddleware = (methodsLeft, _partial, next) => {
    if (methodsLeft) this.serverMethods = methodsLeft;
    const done = next as (m: AnyAuthMethod | false) => void;
    // A secret source that fails must end authentication (with the methods tried), not stall it.
    this.next().then(done, (e: unknown) => {
      this.skipped.push(`stopped: ${(e as Error).message}`);
      done(false);
    });
  };

  /** One line for the 'auth' TransportError. */
  describeFailure(): string {
    const parts = [`authentication as ${this.endpoint.label} failed`];
    parts.push(`tried: ${this.tried.join(', ') || 'nothing usable'}`);
    if (this.serverMethods) parts.push(`server accepts: ${this.serverMethods.join(',')}`);
    if (this.skipped.length) parts.push(`skipped: ${this.skipped.join('; ')}`);
    return parts.join('; ');
  }

  /** Notes an agent problem ssh2 reports as an error while going on with the next method. */
  agentFailed(message: string): void {
    this.skipped.push(`agent: ${message}`);
  }

  private async next(): Promise<AnyAuthMethod | false> {
    while (this.candidates.length) {
      const c = this.candidates.shift()!;
      if (this.serverMethods && !this.serverMethods.includes(c.method)) continue;
      const m = await c.build();
      if (m) return m;
    }
    return false;
  }

  private offer(label: string, m: AnyAuthMethod): AnyAuthMethod {
    this.tried.push(label);
    return m;
  }

  private async identity(file: string): Promise<AnyAuthMethod | null> {
    if (!existsSync(file)) {
      this.skipped.push(`${file}: not found`);
      return null;
    }
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch (e) {
      this.skipped.push(`${file}: ${(e as Error).message}`);
      return null;
    }
    const plain = ssh2.utils.parseKey(data);
    if (!(plain instanceof Error)) return this.offer(`publickey ${file}`, { type: 'publickey', username: this.endpoint.user, key: data });
    if (!/passphrase/i.test(plain.message)) {
      this.skipped.push(`${file}: not a usable private key (${plain.message})`);
      return null;
    }
    const passphrase = await this.secret('passphrase', file);
    if (passphrase === null) {
      this.skipped.push(`${file}: encrypted and no passphrase (set ${this.secrets.envName('passphrase')})`);
      return null;
    }
    if (ssh2.utils.parseKey(data, passphrase) instanceof Error) {
      this.skipped.push(`${file}: the passphrase does not decrypt it`);
      return null;
    }
    return this.offer(`publickey ${file}`, { type: 'publickey', username: this.endpoint.user, key: data, passphrase });
  }

  private async password(method: 'password' | 'keyboard-interactive'): Promise<AnyAuthMethod | null> {
    const password = await this.secret('password', this.endpoint.label, this.endpoint.passwordEnv);
    if (password === null) {
      if (method === 'password') this.skipped.push(`password: none given (set ${this.secrets.envName('password', this.endpoint.passwordEnv)} or ask for a prompt)`);
      return null;
    }
    const username = this.endpoint.user;
    if (method === 'password') return this.offer('password', { type: 'password', username, password });
    return this.offer('keyboard-interactive', {
      type: 'keyboard-interactive',
      username,
      // Password-style prompts (PAM) get the password; an empty round (info only) gets no answers.
      prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)),
    });
  }

  private async secret(kind: SecretKind, subject: string, envName?: string): Promise<string | null> {
    const waiting = this.secrets.interactive(kind, envName);
    if (waiting) this.hooks.waitingForPerson(true);
    try {
      return await this.secrets.get(kind, subject, envName);
    } finally {
      if (waiting) this.hooks.waitingForPerson(false);
    }
  }
}
