/**
 * `explain --file incident.tar.gz`: the log tails of a collect archive,
 * read straight out of the gzip tar (nothing is unpacked to disk) and handed
 * to explain as one stream, one tail after the other. Only plain files under
 * `logs/` are read; every other entry is skipped unread.
 */
import { createReadStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import * as tar from 'tar';
import { isLogEntry } from '../transport/archive.js';

export interface LogPart {
  /** The entry's path without the archive's top directory. */
  readonly path: string;
  readonly firstLine: number;
  readonly lastLine: number;
}

export function archiveLogStream(file: string): { stream: AsyncIterable<Uint8Array>; parts: Promise<LogPart[]> } {
  const stream = new PassThrough();
  const parts: LogPart[] = [];
  let line = 0;
  const parser = new tar.Parser({
    filter: (path, entry) => isLogEntry(path) && 'type' in entry && entry.type === 'File',
    onReadEntry: (entry) => {
      const first = line + 1;
      let endsWithNewline = true;
      let any = false;
      entry.on('data', (chunk: Buffer) => {
        any = true;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) line++;
        endsWithNewline = chunk[chunk.length - 1] === 10;
        if (!stream.write(chunk)) {
          entry.pause();
          stream.once('drain', () => entry.resume());
        }
      });
      entry.on('end', () => {
        // Each tail ends its last line, so two logs never run together.
        if (any && !endsWithNewline) {
          stream.write('\n');
          line++;
        }
        const shown = entry.path.split('/').slice(entry.path.startsWith('logs/') ? 1 : 2).join('/');
        parts.push({ path: shown, firstLine: first, lastLine: Math.max(first, line) });
      });
    },
  });
  const src = createReadStream(file);
  const done = new Promise<LogPart[]>((resolve, reject) => {
    const fail = (e: Error) => {
      stream.destroy(e);
      reject(e);
    };
    src.on('error', fail);
    parser.on('error', fail);
    parser.on('end', () => {
      stream.end();
      resolve(parts);
    });
  });
  // A rejection is seen through the stream; keep the promise from being reported as unhandled.
  done.catch(() => undefined);
  src.pipe(parser);
  return { stream, parts: done };
}
