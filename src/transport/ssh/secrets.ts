/**
 * Where SSH passwords and key passphrases come from: an environment variable
 * or, on a terminal, one prompt. Never a command-line flag (it would be in
 * the shell history and in `ps`). Many hosts connect at once; each kind of
 * secret is asked for at most once per run and shared.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { registerSecret } from '../../redact/secrets.js';

export type SecretKind = 'password' | 'passphrase';

export interface SecretSource {
  /**
   * The secret of that kind, or null when none is available (the
   * authentication method is then skipped). `subject` says what it is for
   * (`root@10.0.0.11:22`, a key file) and only shapes the prompt; `envName`
   * names a host's own variable instead of the run-wide one.
   */
  get(kind: SecretKind, subject: string, envName?: string): Promise<string | null>;
  /** True when getting this kind may wait for a person typing (connect timeouts pause meanwhile). */
  interactive(kind: SecretKind, envName?: string): boolean;
  /** The environment variable consulted for this kind (for messages). */
  envName(kind: SecretKind, override?: string): string;
}

/** Asks a person for one secret (without echo); rejects when nobody can answer. */
export type Prompter = (question: string) => Promise<string>;

/** The terminal side of a prompt: a readable TTY and somewhere to write the question. */
export type PromptInput = NodeJS.ReadableStream & { readonly isTTY?: boolean | undefined };
export interface PromptOutput {
  write(s: string): unknown;
}

export interface SecretSourceOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Environment variable holding the login password. */
  readonly passwordEnv?: string | undefined;
  /** Environment variable holding the key passphrase. */
  readonly passphraseEnv?: string | undefined;
  /** The user asked to be prompted for a password (no password is used otherwise unless in the environment). */
  readonly askPassword?: boolean | undefined;
  /** Terminal to prompt on (default process.stdin / process.stderr); no prompt unless stdin is a TTY. */
  readonly stdin?: PromptInput | undefined;
  readonly stderr?: PromptOutput | undefined;
  /** How to prompt, replacing the terminal; null for no prompting at all. */
  readonly prompter?: Prompter | null | undefined;
}

export const DEFAULT_PASSWORD_ENV = 'USDIAG_PASSWORD';
export const DEFAULT_PASSPHRASE_ENV = 'USDIAG_KEY_PASSPHRASE';

export function createSecretSource(options: SecretSourceOptions = {}): SecretSource {
  const env = options.env ?? process.env;
  const prompter = options.prompter === undefined
    ? terminalPrompter(options.stdin ?? process.stdin, options.stderr ?? process.stderr)
    : options.prompter;
  const defaultEnv: Record<SecretKind, string> = {
    password: options.passwordEnv ?? DEFAULT_PASSWORD_ENV,
    passphrase: options.passphraseEnv ?? DEFAULT_PASSPHRASE_ENV,
  };
  const mayPrompt: Record<SecretKind, boolean> = { password: options.askPassword === true, passphrase: true };
  const prompts = new Map<SecretKind, Promise<string | null>>();
  const fromEnv = (kind: SecretKind, override?: string) => env[override ?? defaultEnv[kind]] || undefined;

  const ask = async (kind: SecretKind, subject: string): Promise<string | null> => {
    const question = kind === 'password'
      ? `usdiag: SSH password (${subject}; used for every host): `
      : `usdiag: passphrase for ${subject} (used for every encrypted key): `;
    try {
      const answer = await prompter!(question);
      return answer === '' ? null : answer;
    } catch {
      return null;
    }
  };

  return {
    async get(kind, subject, envName) {
      const value = fromEnv(kind, envName);
      if (value !== undefined) {
        registerSecret(value);
        return value;
      }
      if (!prompter || !mayPrompt[kind]) return null;
      let p = prompts.get(kind);
      if (!p) {
        p = ask(kind, subject).then((v) => {
          registerSecret(v ?? undefined);
          return v;
        });
        prompts.set(kind, p);
      }
      return p;
    },
    interactive(kind, envName) {
      return fromEnv(kind, envName) === undefined && prompter !== null && mayPrompt[kind];
    },
    envName(kind, override) {
      return override ?? defaultEnv[kind];
    },
  };
}

/**
 * Prompts on the terminal with echo off, one question at a time. Null when
 * stdin is not a terminal (scripts, CI): then nobody is asked.
 */
export function terminalPrompter(input: PromptInput = process.stdin, output: PromptOutput = process.stderr): Prompter | null {
  if (!input.isTTY) return null;
  let queue: Promise<unknown> = Promise.resolve();
  return (question) => {
    const asked = queue.then(() => askHidden(question, input, output));
    queue = asked.catch(() => undefined);
    return asked;
  };
}

function askHidden(question: string, input: PromptInput, output: PromptOutput): Promise<string> {
  return new Promise((resolve, reject) => {
    let muted = false;
    // readline echoes typed characters through `output`; swallow them while the secret is typed.
    const sink = new Writable({
      write(chunk: Buffer | string, _enc, cb) {
        if (!muted) output.write(chunk.toString());
        cb();
      },
    });
    const rl = createInterface({ input, output: sink, terminal: true });
    let answered = false;
    rl.on('close', () => {
      if (!answered) reject(new Error('prompt closed'));
    });
    // In raw mode Ctrl-C reaches readline, not the process: pass it on so the run stops as usual.
    rl.on('SIGINT', () => {
      output.write('\n');
      rl.close();
      process.kill(process.pid, 'SIGINT');
    });
    output.write(question);
    muted = true;
    rl.question('', (answer) => {
      answered = true;
      muted = false;
      output.write('\n');
      rl.close();
      resolve(answer);
    });
  });
}
