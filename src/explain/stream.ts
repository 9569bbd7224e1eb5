/**
 * `explain` over a whole input: a string, or a stream of any size read in
 * chunks (files of hundreds of MB in bounded memory).
 */
import { StringDecoder } from 'node:string_decoder';
import { allSignatures } from '../kb/signatures/index.js';
import type { Signature } from '../kb/signatures/types.js';
import { compileSignatures, type CompiledSet } from './compile.js';
import { LineMatcher } from './matcher.js';
import { rankEntries, type RankOptions } from './rank.js';
import type { ExplainResult } from './types.js';

export interface ExplainOptions extends RankOptions {
  /** Signatures to match (default: all of the knowledge base). */
  readonly signatures?: readonly Signature[];
}

/** Longest piece of a line handled at once; longer lines are matched piece by piece. */
export const MAX_SEGMENT = 16 * 1024;

const compiledCache = new WeakMap<readonly Signature[], CompiledSet>();

function compiled(signatures: readonly Signature[]): CompiledSet {
  let set = compiledCache.get(signatures);
  if (set === undefined) {
    set = compileSignatures(signatures);
    compiledCache.set(signatures, set);
  }
  return set;
}

/** Cuts text arriving in arbitrary chunks into lines (CRLF or LF) and feeds them to the matcher. */
class LineFeeder {
  private carry = '';
  /** Pieces of the current line were already handed over (a line longer than MAX_SEGMENT). */
  private inLongLine = false;
  private line = 0;

  constructor(private readonly matcher: LineMatcher) {}

  get lines(): number {
    return this.line;
  }

  feed(chunk: string): void {
    let pos = 0;
    for (let nl = chunk.indexOf('\n', pos); nl !== -1; nl = chunk.indexOf('\n', pos)) {
      const piece = this.carry === '' ? chunk.slice(pos, nl) : this.carry + chunk.slice(pos, nl);
      this.carry = '';
      this.emitLine(piece);
      pos = nl + 1;
    }
    if (pos < chunk.length) this.carry += chunk.slice(pos);
    // A line without end in sight: hand over full pieces now, keep only the tail.
    while (this.carry.length > MAX_SEGMENT * 2) {
      this.emitPiece(this.carry.slice(0, MAX_SEGMENT));
      this.carry = this.carry.slice(MAX_SEGMENT);
    }
  }

  end(): void {
    if (this.carry !== '' || this.inLongLine) this.emitLine(this.carry);
    this.carry = '';
  }

  private emitLine(text: string): void {
    const body = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (this.inLongLine && body === '') {
      this.inLongLine = false;
      return;
    }
    if (body.length <= MAX_SEGMENT) {
      this.emitPiece(body);
    } else {
      for (let i = 0; i < body.length; i += MAX_SEGMENT) this.emitPiece(body.slice(i, i + MAX_SEGMENT));
    }
    this.inLongLine = false;
  }

  private emitPiece(piece: string): void {
    if (!this.inLongLine) this.line++;
    this.matcher.push(piece, this.line, this.inLongLine);
    this.inLongLine = true;
  }
}

/** One explain run: feed text, then collect the ranked result. */
function session(options: ExplainOptions): { feeder: LineFeeder; done(bytes: number): ExplainResult } {
  const set = compiled(options.signatures ?? allSignatures);
  const matcher = new LineMatcher(set);
  const feeder = new LineFeeder(matcher);
  return {
    feeder,
    done(bytes) {
      feeder.end();
      matcher.finish();
      return { input: { bytes, lines: feeder.lines }, matches: rankEntries(set, matcher.result(), options) };
    },
  };
}

/** Explains a text held in memory (a pasted message, a small log). */
export function explainText(text: string, options: ExplainOptions = {}): ExplainResult {
  const { feeder, done } = session(options);
  feeder.feed(text);
  return done(Buffer.byteLength(text, 'utf8'));
}

/**
 * Explains a stream read incrementally (a file, stdin). Byte chunks are decoded
 * as UTF-8, also when a character is split between two chunks.
 */
export async function explainStream(
  input: AsyncIterable<string | Uint8Array>,
  options: ExplainOptions = {},
): Promise<ExplainResult> {
  const { feeder, done } = session(options);
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  for await (const chunk of input) {
    if (typeof chunk === 'string') {
      bytes += Buffer.byteLength(chunk, 'utf8');
      feeder.feed(chunk);
    } else {
      bytes += chunk.length;
      feeder.feed(decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
    }
  }
  feeder.feed(decoder.end());
  return done(bytes);
}
