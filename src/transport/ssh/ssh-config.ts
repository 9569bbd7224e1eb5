/**
 * Reads ~/.ssh/config the way OpenSSH applies it to one host: the file is
 * tokenised by the `ssh-config` package, but evaluated here, because its
 * `compute()` matches host patterns case-sensitively, lets `?` match nothing,
 * ignores Include and runs `Match exec` commands (usdiag never runs anything
 * locally on behalf of a config file).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir, hostname, userInfo } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import SSHConfig, { LineType, type Line } from 'ssh-config';
import { TransportError } from '../types.js';
import { matchPattern, matchPatternList } from './patterns.js';

/** Directives whose every occurrence counts (the others: first value wins). */
const CUMULATIVE = new Set(['identityfile', 'certificatefile']);
/** OpenSSH's limit on nested Include. */
const MAX_INCLUDE_DEPTH = 16;

/** Lowercased directive name → its values (one list per occurrence; first occurrence first). */
export type HostSettings = ReadonlyMap<string, readonly (readonly string[])[]>;

export interface ConfigContext {
  readonly home: string;
  readonly localUser: string;
  /** The user already known before the config is read (inventory/CLI), for `Match user`. */
  readonly user?: string | undefined;
}

export function defaultConfigContext(): ConfigContext {
  let localUser = process.env.USER ?? '';
  try {
    localUser = userInfo().username;
  } catch {
    // No passwd entry (containers): keep $USER.
  }
  return { home: homedir(), localUser };
}

/** The settings that apply to `host` (the name as given on the command line). */
export function hostSettings(configPath: string, host: string, ctx: ConfigContext): HostSettings {
  const out = new Map<string, string[][]>();
  if (!existsSync(configPath)) return out;
  const apply = (param: string, values: string[]) => {
    const key = param.toLowerCase();
    const list = out.get(key);
    if (!list) out.set(key, [values]);
    else if (CUMULATIVE.has(key)) list.push(values);
  };
  const evaluate = (lines: readonly Line[], file: string, depth: number) => {
    for (const line of lines) {
      if (line.type !== LineType.DIRECTIVE) continue;
      const param = line.param.toLowerCase();
      const values = valuesOf(line.value, line.quoted === true);
      const nested = 'config' in line ? (line.config as readonly Line[]) : undefined;
      if (param === 'host') {
        if (nested && matchPatternList(values, host)) evaluate(nested, file, depth);
      } else if (param === 'match') {
        if (nested && matchCriteria(values, host, ctx, out)) evaluate(nested, file, depth);
      } else if (param === 'include') {
        for (const inc of values) {
          for (const path of expandInclude(inc, file, ctx)) {
            if (depth >= MAX_INCLUDE_DEPTH) throw new TransportError('config', `${file}: Include nested too deeply (${path})`);
            evaluate(parseConfigFile(path), path, depth + 1);
          }
        }
      } else {
        apply(line.param, values);
      }
    }
  };
  evaluate(parseConfigFile(configPath), configPath, 0);
  return out;
}

/** First value of a single-valued directive. */
export function firstValue(s: HostSettings, name: string): string | undefined {
  return s.get(name.toLowerCase())?.[0]?.[0];
}

/** All values of a directive, every occurrence. */
export function allValues(s: HostSettings, name: string): string[] {
  return (s.get(name.toLowerCase()) ?? []).flat();
}

function parseConfigFile(path: string): readonly Line[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TransportError('config', `cannot read ssh config ${path}: ${(e as Error).message}`);
  }
  try {
    return SSHConfig.parse(text);
  } catch (e) {
    throw new TransportError('config', `${path}: not a valid ssh config (${(e as Error).message})`);
  }
}

function valuesOf(value: string | { val: string }[], quoted: boolean): string[] {
  if (Array.isArray(value)) return value.map((v) => v.val);
  // The parser hands a quoted value over as one string without its quotes.
  if (quoted) return [value];
  return value.split(/[ \t]+/).filter((v) => v !== '');
}

/**
 * `Match` criteria usdiag can decide without running anything. `exec`,
 * `canonical`, `localnetwork` and other criteria make the block not apply.
 */
function matchCriteria(words: readonly string[], host: string, ctx: ConfigContext, sofar: Map<string, string[][]>): boolean {
  for (let i = 0; i < words.length; i++) {
    const criterion = words[i]!.toLowerCase();
    if (criterion === 'all' || criterion === 'final') continue;
    const negate = criterion.startsWith('!');
    const name = negate ? criterion.slice(1) : criterion;
    const arg = words[++i];
    if (arg === undefined) return false;
    const list = arg.split(',');
    let subject: string | undefined;
    if (name === 'host') subject = sofar.get('hostname')?.[0]?.[0] ?? host;
    else if (name === 'originalhost') subject = host;
    else if (name === 'user') subject = ctx.user ?? sofar.get('user')?.[0]?.[0] ?? ctx.localUser;
    else if (name === 'localuser') subject = ctx.localUser;
    else return false;
    if (matchPatternList(list, subject) === negate) return false;
  }
  return true;
}

/** Include paths: relative ones are under ~/.ssh; `*` and `?` may appear in the last component. */
function expandInclude(raw: string, fromFile: string, ctx: ConfigContext): string[] {
  let path = expandTilde(raw, ctx.home);
  if (!isAbsolute(path)) path = join(ctx.home, '.ssh', path);
  const name = basename(path);
  if (!/[*?]/.test(name)) return existsSync(path) ? [path] : [];
  const dir = dirname(path);
  if (/[*?]/.test(dir)) throw new TransportError('config', `${fromFile}: Include ${raw}: wildcards are supported in the file name only`);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => matchPattern(name, f, false))
    .sort()
    .map((f) => join(dir, f));
}

export function expandTilde(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}

export interface TokenValues {
  readonly home: string;
  readonly host: string;
  readonly originalHost: string;
  readonly port: number;
  readonly remoteUser: string;
  readonly localUser: string;
}

/** ssh_config TOKENS for file-name directives (IdentityFile, UserKnownHostsFile...). */
export function expandTokens(value: string, t: TokenValues, directive: string): string {
  const table: Record<string, string> = {
    '%': '%',
    d: t.home,
    h: t.host,
    n: t.originalHost,
    p: String(t.port),
    r: t.remoteUser,
    u: t.localUser,
    l: hostname(),
    L: hostname().split('.')[0] ?? '',
    i: String(process.getuid?.() ?? ''),
  };
  const expanded = value.replace(/%(.)/g, (_m, ch: string) => {
    const v = table[ch];
    if (v === undefined) throw new TransportError('config', `${directive} ${value}: token %${ch} is not supported`);
    return v;
  });
  return expandTilde(expanded, t.home);
}
