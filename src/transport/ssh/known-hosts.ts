/**
 * known_hosts, read and written the way OpenSSH does: plain and hashed
 * (`|1|salt|hmac-sha1`) host fields, `[host]:port` for other ports, comma
 * lists with wildcards and negation, `@revoked` keys, `@cert-authority`
 * lines (host certificates are not supported, so they are skipped).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { matchPatternList } from './patterns.js';

export interface KnownHostEntry {
  readonly file: string;
  readonly line: number;
  readonly marker: 'revoked' | 'cert-authority' | null;
  /** The host field as written (patterns, or a hashed name). */
  readonly hosts: string;
  readonly keyType: string;
  /** The public key in SSH wire format. */
  readonly key: Buffer;
}

export interface KnownHostsFile {
  readonly entries: KnownHostEntry[];
  /** Lines that could not be read ("file:line: why"). */
  readonly issues: string[];
}

export function parseKnownHosts(text: string, file: string): KnownHostsFile {
  const entries: KnownHostEntry[] = [];
  const issues: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '').trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const fields = raw.split(/\s+/, 5);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0]!.startsWith('@')) {
      const m = fields.shift()!;
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else {
        issues.push(`${file}:${i + 1}: unknown marker ${m}`);
        continue;
      }
    }
    const [hosts, keyType, b64] = fields;
    if (!hosts || !keyType || !b64) {
      issues.push(`${file}:${i + 1}: expected "hosts keytype key"`);
      continue;
    }
    const key = Buffer.from(b64, 'base64');
    if (key.length === 0 || keyBlobType(key) !== keyType) {
      issues.push(`${file}:${i + 1}: the key is not a valid ${keyType} key`);
      continue;
    }
    entries.push({ file, line: i + 1, marker, hosts, keyType, key });
  }
  return { entries, issues };
}

/**
 * Parsed files by path, kept while the file is unchanged: a fleet of 200
 * hosts shares one parse of a 5,000-line known_hosts instead of 200 (and 200
 * copies of it in memory). accept-new appends change the file, so the next
 * connection reads it again.
 */
const parsedFiles = new Map<string, { readonly mtimeMs: number; readonly size: number; readonly parsed: KnownHostsFile }>();

function loadFile(f: string): KnownHostsFile | undefined {
  let st;
  try {
    st = statSync(f);
  } catch {
    return undefined;
  }
  if (!st.isFile()) return undefined;
  const known = parsedFiles.get(f);
  if (known && known.mtimeMs === st.mtimeMs && known.size === st.size) return known.parsed;
  let parsed: KnownHostsFile;
  try {
    parsed = parseKnownHosts(readFileSync(f, 'utf8'), f);
  } catch (e) {
    return { entries: [], issues: [`${f}: ${(e as Error).message}`] };
  }
  parsedFiles.set(f, { mtimeMs: st.mtimeMs, size: st.size, parsed });
  return parsed;
}

/** Reads several files in order; missing ones are skipped (like OpenSSH). */
export function loadKnownHosts(files: readonly string[]): KnownHostsFile {
  const loaded = files.flatMap((f) => loadFile(f) ?? []);
  if (loaded.length === 1) return loaded[0]!;
  return { entries: loaded.flatMap((l) => l.entries), issues: loaded.flatMap((l) => l.issues) };
}

/** The name a host key is recorded under: the alias, `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number, alias?: string): string {
  if (alias) return alias.toLowerCase();
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

export function hostMatches(entry: KnownHostEntry, name: string): boolean {
  if (entry.hosts.startsWith('|1|')) {
    const [, , salt, hash] = entry.hosts.split('|');
    if (!salt || !hash) return false;
    return hmacName(Buffer.from(salt, 'base64'), name) === hash;
  }
  return matchPatternList(entry.hosts.split(','), name);
}

/** A hashed host field, as `ssh-keygen -H` / HashKnownHosts write it. */
export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  return `|1|${salt.toString('base64')}|${hmacName(salt, name)}`;
}

function hmacName(salt: Buffer, name: string): string {
  return createHmac('sha1', salt).update(name).digest('base64');
}

/** OpenSSH's fingerprint form: SHA256:base64-without-padding. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type a wire-format public key names in its first field. */
export function keyBlobType(key: Buffer): string | null {
  if (key.length < 4) return null;
  const len = key.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > key.length) return null;
  return key.subarray(4, 4 + len).toString('latin1');
}

export type HostKeyVerdict =
  | { readonly status: 'known'; readonly entry: KnownHostEntry }
  | { readonly status: 'revoked'; readonly entry: KnownHostEntry }
  /** Same key type recorded with a different key. */
  | { readonly status: 'changed'; readonly expected: readonly KnownHostEntry[] }
  /** The host is known, but only with keys of other types. */
  | { readonly status: 'other-types'; readonly known: readonly KnownHostEntry[] }
  | { readonly status: 'unknown' };

export function checkHostKey(entries: readonly KnownHostEntry[], name: string, key: Buffer): HostKeyVerdict {
  const forHost = entries.filter((e) => e.marker !== 'cert-authority' && hostMatches(e, name));
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked };
  const plain = forHost.filter((e) => e.marker === null);
  const same = plain.find((e) => e.key.equals(key));
  if (same) return { status: 'known', entry: same };
  const type = keyBlobType(key);
  const sameType = plain.filter((e) => e.keyType === type);
  if (sameType.length) return { status: 'changed', expected: sameType };
  if (plain.length) return { status: 'other-types', known: plain };
  return { status: 'unknown' };
}

/** ssh2's own preference order; the types already known for a host move to the front. */
const HOST_KEY_ALGORITHMS = [
  'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa',
];

/** Signature algorithms that present a key of the given known_hosts type. */
function algorithmsForKeyType(type: string): string[] {
  if (type === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return HOST_KEY_ALGORITHMS.includes(type) ? [type] : [];
}

/**
 * Host key algorithms to offer, those of the keys already recorded for the
 * host first (as OpenSSH does), so a server with several host keys presents
 * the one we can verify instead of one we have never seen.
 */
export function preferredHostKeyAlgorithms(entries: readonly KnownHostEntry[], name: string): string[] {
  const known = entries.filter((e) => e.marker === null && hostMatches(e, name)).flatMap((e) => algorithmsForKeyType(e.keyType));
  return [...new Set([...known, ...HOST_KEY_ALGORITHMS])];
}

/** Appends an accepted key; creates the directory (0700) and file (0600) when missing. */
export function appendKnownHost(file: string, name: string, key: Buffer, hashed: boolean): string {
  const type = keyBlobType(key);
  if (!type) throw new Error('not an SSH public key');
  const line = `${hashed ? hashHostName(name) : name} ${type} ${key.toString('base64')}`;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const needsNewline = existsSync(file) && !/(^|\n)$/.test(readFileSync(file, 'utf8'));
  appendFileSync(file, `${needsNewline ? '\n' : ''}${line}\n`, { mode: 0o600 });
  return line;
}
