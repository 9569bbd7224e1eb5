/**
 * One directory layout for three things: what `--save-raw DIR` writes, what
 * `--from DIR` replays, and the fixtures the simulated hosts serve. A capture
 * from a real host becomes a test fixture by copying it.
 *
 *   DIR/<host>/host.yaml                 name, address, roles (+ `extends` in fixtures)
 *   DIR/<host>/commands/<slug>/command   the canonical command line (one line)
 *   DIR/<host>/commands/<slug>/stdout
 *   DIR/<host>/commands/<slug>/stderr    optional
 *   DIR/<host>/commands/<slug>/meta.yaml optional: exit, sample, durationMs, timedOut,
 *                                        truncated, wire; for simulated hosts also
 *                                        delayMs, hang, unkillable
 *
 * The slug is only a readable, unique directory name; the `command` file is
 * the key.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { Role } from '../core.js';
import { keyWithSample } from '../transport/command.js';
import type { Text } from '../i18n/text.js';

export interface CaptureHostInfo {
  readonly name: string;
  readonly address: string;
  readonly roles: readonly Role[];
  readonly cluster?: string | undefined;
  readonly capturedAt?: string | undefined;
  /** Fixtures only: another host directory (relative) whose commands this one inherits. */
  readonly extends?: string | undefined;
  /** The host could not be reached when the capture was made (why). */
  readonly error?: string | undefined;
}

export interface CaptureMeta {
  readonly exit?: number | null;
  readonly sample?: number;
  readonly durationMs?: number;
  readonly timedOut?: boolean;
  readonly truncated?: boolean;
  readonly signal?: string;
  readonly wire?: string;
  readonly startedAt?: string;
  /** Simulated hosts: wait this long before answering. */
  readonly delayMs?: number;
  /** Simulated hosts: never finish by themselves (timeout(1) on the wire still applies). */
  readonly hang?: boolean;
  /** Simulated hosts: ignore even timeout(1), like a process in D state. */
  readonly unkillable?: boolean;
  /**
   * Simulated hosts: stdout is the host's clock in epoch seconds (`date +%s`)
   * read at `startedAt`; the simulated host keeps that distance to the
   * workstation's clock (a replay uses `startedAt` itself and needs nothing).
   */
  readonly liveClock?: boolean;
}

export interface CaptureEntry {
  readonly key: string;
  readonly sample: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly meta: CaptureMeta;
  /** Directory the entry was read from (for messages). */
  readonly dir: string;
}

export interface HostCapture {
  readonly info: CaptureHostInfo;
  readonly dir: string;
  /** By `entryKey(key, sample)`. */
  readonly entries: ReadonlyMap<string, CaptureEntry>;
}

export class CaptureError extends Error {
  readonly what: Text;
  constructor(readonly path: string, en: string, zh: string) {
    super(`${path}: ${en}`);
    this.what = { en, zh };
    this.name = 'CaptureError';
  }
}

/** The capture index of a command's sample (the same identity a scan shares outputs by). */
export const entryKey = keyWithSample;

const ROLES = new Set(['vms', 'vks']);

function readYaml(path: string): unknown {
  try {
    return parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CaptureError(path, `not valid YAML (${(e as Error).message.split('\n')[0]})`, `不是有效的 YAML（${(e as Error).message.split('\n')[0]}）`);
  }
}

function readHostInfo(dir: string): CaptureHostInfo {
  const path = join(dir, 'host.yaml');
  if (!existsSync(path)) throw new CaptureError(dir, 'no host.yaml (not a capture host directory)', '缺少 host.yaml（不是采集结果的主机目录）');
  const raw = readYaml(path);
  if (!raw || typeof raw !== 'object') throw new CaptureError(path, 'expected a mapping', '应为键值映射');
  const o = raw as Record<string, unknown>;
  const name = typeof o.name === 'string' ? o.name : undefined;
  if (!name) throw new CaptureError(path, 'missing "name"', '缺少 "name"');
  const rolesRaw = o.roles ?? (o.role !== undefined ? [o.role] : []);
  if (!Array.isArray(rolesRaw) || !rolesRaw.every((r) => typeof r === 'string' && ROLES.has(r))) {
    throw new CaptureError(path, '"roles" must be a list of vms/vks', '"roles" 必须是 vms/vks 列表');
  }
  return {
    name,
    address: typeof o.address === 'string' ? o.address : name,
    roles: rolesRaw as Role[],
    cluster: typeof o.cluster === 'string' ? o.cluster : undefined,
    capturedAt: typeof o.capturedAt === 'string' ? o.capturedAt : undefined,
    extends: typeof o.extends === 'string' ? o.extends : undefined,
    error: typeof o.error === 'string' ? o.error : undefined,
  };
}

function readEntry(dir: string): CaptureEntry {
  const cmdPath = join(dir, 'command');
  if (!existsSync(cmdPath)) throw new CaptureError(dir, 'no "command" file', '缺少 "command" 文件');
  const key = readFileSync(cmdPath, 'utf8').replace(/\r?\n$/, '');
  if (key.includes('\n')) throw new CaptureError(cmdPath, 'the command must be one line', '命令必须只有一行');
  const metaPath = join(dir, 'meta.yaml');
  const meta = (existsSync(metaPath) ? readYaml(metaPath) ?? {} : {}) as CaptureMeta;
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '');
  return { key, sample: meta.sample ?? 1, stdout: read('stdout'), stderr: read('stderr'), meta, dir };
}

/** Reads one host directory, following `extends` (child entries override). */
export function loadHostCapture(dir: string, seen: Set<string> = new Set()): HostCapture {
  const abs = resolve(dir);
  if (seen.has(abs)) throw new CaptureError(abs, 'extends loops back to itself', 'extends 形成了循环引用');
  seen.add(abs);
  const info = readHostInfo(abs);
  const entries = new Map<string, CaptureEntry>();
  if (info.extends) {
    const parent = loadHostCapture(resolve(abs, info.extends), seen);
    for (const [k, v] of parent.entries) entries.set(k, v);
  }
  const cmdDir = join(abs, 'commands');
  if (existsSync(cmdDir)) {
    for (const slug of readdirSync(cmdDir).sort()) {
      const d = join(cmdDir, slug);
      if (!statSync(d).isDirectory()) continue;
      const entry = readEntry(d);
      entries.set(entryKey(entry.key, entry.sample), entry);
    }
  }
  return { info, dir: abs, entries };
}

/** Every host directory of a capture (directories holding a host.yaml). */
export function listCaptureHosts(dir: string): string[] {
  const abs = resolve(dir);
  if (!existsSync(abs)) throw new CaptureError(abs, 'does not exist', '不存在');
  if (existsSync(join(abs, 'host.yaml'))) return [abs];
  return readdirSync(abs)
    .map((n) => join(abs, n))
    .filter((d) => statSync(d).isDirectory() && existsSync(join(d, 'host.yaml')))
    .sort();
}

/** A readable directory name for a command; unique within its host. */
export function slugFor(key: string, sample: number, taken: Set<string>): string {
  let base = key.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '').slice(0, 72) || 'command';
  if (sample > 1) base += `.${sample}`;
  let slug = base;
  if (taken.has(slug)) slug = `${base}-${createHash('sha256').update(`${key}#${sample}`).digest('hex').slice(0, 8)}`;
  taken.add(slug);
  return slug;
}

/** Writes captures as results arrive, so an interrupted run leaves what it had. */
export class CaptureWriter {
  private readonly slugs = new Map<string, Set<string>>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  hostDir(hostName: string): string {
    return join(this.dir, hostName.replace(/[^A-Za-z0-9._-]+/g, '_'));
  }

  writeHost(info: CaptureHostInfo): void {
    const d = this.hostDir(info.name);
    mkdirSync(join(d, 'commands'), { recursive: true });
    const doc: Record<string, unknown> = { name: info.name, address: info.address, roles: [...info.roles] };
    if (info.cluster) doc.cluster = info.cluster;
    doc.capturedAt = info.capturedAt ?? new Date().toISOString();
    if (info.error) doc.error = info.error;
    writeFileSync(join(d, 'host.yaml'), stringifyYaml(doc));
  }

  writeEntry(hostName: string, e: { key: string; sample: number; stdout: string; stderr: string; meta: CaptureMeta }): void {
    const d = this.hostDir(hostName);
    const taken = this.slugs.get(d) ?? new Set<string>();
    this.slugs.set(d, taken);
    const slug = slugFor(e.key, e.sample, taken);
    const ed = join(d, 'commands', slug);
    mkdirSync(ed, { recursive: true });
    writeFileSync(join(ed, 'command'), `${e.key}\n`);
    writeFileSync(join(ed, 'stdout'), e.stdout);
    if (e.stderr) writeFileSync(join(ed, 'stderr'), e.stderr);
    const meta: Record<string, unknown> = { ...e.meta };
    if (e.sample > 1) meta.sample = e.sample;
    writeFileSync(join(ed, 'meta.yaml'), stringifyYaml(meta));
  }
}
