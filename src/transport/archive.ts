/**
 * Incident archives (`usdiag collect`): one gzip tar, written with node-tar,
 * read back for `scan --from ARCHIVE` and `explain --file ARCHIVE`.
 *
 *   <root>/manifest.json                 what is in it, sizes, sha256, what was left out
 *   <root>/report.json|report.txt|report.html
 *   <root>/capture/<host>/...            the --save-raw layout (replayed by scan --from)
 *   <root>/logs/<host>/var/log/...       bounded, redacted tails of the guide's logs
 *
 * Reading is strict: every entry is listed and checked before anything is
 * written to disk. An absolute path, a `..` step, a link, a device or any type
 * other than a plain file or directory refuses the whole archive; so does an
 * archive that would unpack to more than MAX_UNPACKED_BYTES or MAX_ENTRIES.
 * Extraction then runs with tar's strict mode and a filter that admits only
 * the checked entries, into a fresh temporary directory removed afterwards.
 */
import { closeSync, createReadStream, existsSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar';
import type { Text } from '../i18n/text.js';

/** What an archive may unpack to: far above any collect, far below a full disk. */
export const MAX_UNPACKED_BYTES = 4 * 1024 * 1024 * 1024;
export const MAX_ENTRIES = 200_000;

export class ArchiveError extends Error {
  readonly what: Text;
  constructor(readonly path: string, en: string, zh: string) {
    super(`${path}: ${en}`);
    this.what = { en, zh };
    this.name = 'ArchiveError';
  }
}

/** The file starts with the gzip magic (1f 8b). */
export function isGzipFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const b = Buffer.alloc(2);
    return readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The first 512 bytes of the decompressed stream are a tar header ("ustar" at offset 257). */
export async function isGzipTar(path: string): Promise<boolean> {
  const head: Buffer[] = [];
  let got = 0;
  const gunzip = createGunzip();
  const src = createReadStream(path);
  try {
    for await (const chunk of src.pipe(gunzip) as AsyncIterable<Buffer>) {
      head.push(chunk);
      got += chunk.length;
      if (got >= 512) break;
    }
  } catch {
    return false;
  } finally {
    src.destroy();
    gunzip.destroy();
  }
  const b = Buffer.concat(head);
  return b.length >= 512 && b.toString('latin1', 257, 262) === 'ustar';
}

const PLAIN_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory']);
/** Header types that only carry metadata for the next entry (node-tar applies them itself). */
const META_TYPES = new Set(['ExtendedHeader', 'GlobalExtendedHeader', 'NextFileHasLongPath', 'NextFileHasLongLinkpath', 'OldExtendedHeader']);

/** Why an entry must not be unpacked, or undefined when it is a plain file or directory inside the root. */
export function entryProblem(path: string, type: string): Text | undefined {
  if (META_TYPES.has(type)) return undefined;
  if (!PLAIN_TYPES.has(type)) {
    return { en: `entry "${path}" is a ${type}, not a plain file or directory`, zh: `条目 "${path}" 是 ${type}，不是普通文件或目录` };
  }
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.startsWith('\\')) {
    return { en: `entry "${path}" has an absolute path`, zh: `条目 "${path}" 使用了绝对路径` };
  }
  if (path.split(/[\\/]/).includes('..')) {
    return { en: `entry "${path}" climbs out of the archive (..)`, zh: `条目 "${path}" 试图跳出归档目录（..）` };
  }
  if (path.includes('\0')) return { en: `entry "${path}" has a NUL byte in its name`, zh: `条目 "${path}" 的名称含有 NUL 字节` };
  return undefined;
}

/** Lists the archive and checks every entry; throws ArchiveError for the first bad one. */
export async function checkArchive(file: string): Promise<{ entries: number; bytes: number }> {
  let entries = 0;
  let bytes = 0;
  let problem: Text | undefined;
  try {
    await tar.t({
      file,
      strict: true,
      onReadEntry: (e) => {
        if (problem) return;
        entries++;
        bytes += e.size ?? 0;
        problem = entryProblem(e.path, e.type);
        if (!problem && entries > MAX_ENTRIES) problem = { en: `more than ${MAX_ENTRIES} entries`, zh: `条目超过 ${MAX_ENTRIES} 个` };
        if (!problem && bytes > MAX_UNPACKED_BYTES) problem = { en: `would unpack to more than ${MAX_UNPACKED_BYTES} bytes`, zh: `解包后将超过 ${MAX_UNPACKED_BYTES} 字节` };
      },
    });
  } catch (e) {
    const m = (e as Error).message;
    throw new ArchiveError(file, `not a readable tar.gz archive (${m})`, `不是可读取的 tar.gz 归档（${m}）`);
  }
  if (problem) throw new ArchiveError(file, `refused: ${problem.en}`, `拒绝读取：${problem.zh}`);
  if (entries === 0) throw new ArchiveError(file, 'is an empty archive', '是空归档');
  return { entries, bytes };
}

/**
 * Unpacks a checked archive into a new temporary directory. The caller
 * must call `cleanup` (also on failure paths); it is safe to call twice.
 */
export async function extractArchive(file: string): Promise<{ dir: string; cleanup: () => void }> {
  await checkArchive(file);
  const dir = mkdtempSync(join(tmpdir(), 'usdiag-archive-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  let refused: string | undefined;
  try {
    await tar.x({
      file,
      cwd: dir,
      strict: true,
      preservePaths: false,
      preserveOwner: false,
      // Checked above; refused again here so that a file changed in between cannot slip through.
      filter: (path, entry) => {
        const type = 'type' in entry ? entry.type : 'File';
        if (!entryProblem(path, type as string)) return true;
        refused ??= path;
        return false;
      },
    });
    if (refused !== undefined) throw new ArchiveError(file, `refused: entry "${refused}"`, `拒绝读取：条目 "${refused}"`);
  } catch (e) {
    cleanup();
    if (e instanceof ArchiveError) throw e;
    const m = (e as Error).message;
    throw new ArchiveError(file, `could not be unpacked (${m})`, `无法解包（${m}）`);
  }
  return { dir, cleanup };
}

/** Writes `files` (paths relative to `cwd`) as one gzip tar at `out`; `portable` leaves out owners, inodes and access times. */
export async function writeArchive(out: string, cwd: string, files: readonly string[]): Promise<void> {
  await tar.c({ file: out, cwd, gzip: true, portable: true, noDirRecurse: true, strict: true }, [...files]);
}

/**
 * Where the capture of an unpacked archive is: `<root>/capture` of a collect
 * archive (below one top directory or not), else the top itself (a tarred
 * --save-raw directory).
 */
export function captureRootOf(dir: string): string {
  const top = readdirSync(dir);
  const root = top.length === 1 && statSync(join(dir, top[0]!)).isDirectory() && !existsSync(join(dir, 'capture')) && !existsSync(join(dir, 'host.yaml'))
    ? join(dir, top[0]!)
    : dir;
  return existsSync(join(root, 'capture')) ? join(root, 'capture') : root;
}

/** The entry lies under a `logs/` directory of a collect archive (optionally below one root directory). */
export function isLogEntry(path: string): boolean {
  const parts = posix.normalize(path).split('/');
  return parts[0] === 'logs' || parts[1] === 'logs';
}
