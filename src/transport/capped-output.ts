/**
 * Collects one output stream of a command up to a byte cap. A diagnosis
 * needs both ends of a huge output: the head holds headers and the first
 * errors, the tail the most recent state (the end of a log, the last lines of
 * dmesg). So past the cap the first half is kept, the last half rolls, the
 * middle is dropped and a marker line says how much is missing.
 */
export class CappedOutput {
  private readonly headCap: number;
  private readonly tailCap: number;
  private readonly head: Buffer[] = [];
  private headLen = 0;
  private tail: Buffer[] = [];
  private tailLen = 0;
  private droppedBytes = 0;

  constructor(readonly capBytes: number) {
    if (!(capBytes > 0)) throw new RangeError(`output cap must be positive (got ${capBytes})`);
    this.headCap = Number.isFinite(capBytes) ? Math.ceil(capBytes / 2) : Infinity;
    this.tailCap = Number.isFinite(capBytes) ? capBytes - this.headCap : 0;
  }

  push(chunk: Buffer | Uint8Array | string): void {
    // Buffer.from copies: stream chunks may be pooled and reused by their producer.
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    if (buf.length === 0) return;
    const room = this.headCap - this.headLen;
    if (room > 0) {
      const part = buf.subarray(0, room);
      this.head.push(part);
      this.headLen += part.length;
      buf = buf.subarray(part.length);
      if (buf.length === 0) return;
    }
    this.tail.push(buf);
    this.tailLen += buf.length;
    this.trimTail();
  }

  /** True once anything was dropped. */
  get truncated(): boolean {
    return this.droppedBytes > 0;
  }

  /** Every byte the stream produced, kept or not. */
  get totalBytes(): number {
    return this.headLen + this.tailLen + this.droppedBytes;
  }

  /** The kept output decoded as UTF-8 (invalid bytes become U+FFFD), with the marker where the middle was. */
  text(): string {
    const head = Buffer.concat(this.head);
    const tail = Buffer.concat(this.tail);
    if (!this.truncated) return Buffer.concat([head, tail]).toString('utf8');
    // Cut on character boundaries so the cut itself does not add replacement characters.
    const headEnd = completeUtf8Prefix(head);
    const tailStart = firstUtf8Boundary(tail);
    const dropped = this.droppedBytes + (head.length - headEnd) + tailStart;
    const headText = head.subarray(0, headEnd).toString('utf8');
    const tailText = tail.subarray(tailStart).toString('utf8');
    const sep = headText === '' || headText.endsWith('\n') ? '' : '\n';
    return `${headText}${sep}${truncationMarker(dropped, this.capBytes)}\n${tailText}`;
  }

  private trimTail(): void {
    let excess = this.tailLen - this.tailCap;
    if (excess <= 0) return;
    this.droppedBytes += excess;
    this.tailLen -= excess;
    let i = 0;
    while (excess > 0 && i < this.tail.length) {
      const first = this.tail[i]!;
      if (first.length <= excess) {
        excess -= first.length;
        i++;
      } else {
        this.tail[i] = first.subarray(excess);
        excess = 0;
      }
    }
    if (i > 0) this.tail = this.tail.slice(i);
  }
}

/** The line that replaces the dropped middle of a capped output. */
export function truncationMarker(droppedBytes: number, capBytes: number): string {
  return `[usdiag: ${droppedBytes} bytes omitted here; output exceeded the ${capBytes}-byte cap, its beginning and end are kept]`;
}

/** Length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
function completeUtf8Prefix(buf: Buffer): number {
  for (let back = 1; back <= Math.min(4, buf.length); back++) {
    const byte = buf[buf.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? buf.length - back : buf.length;
  }
  return buf.length;
}

/** Index of the first byte that is not a continuation of a sequence cut off before it. */
function firstUtf8Boundary(buf: Buffer): number {
  let i = 0;
  while (i < Math.min(3, buf.length) && (buf[i]! & 0xc0) === 0x80) i++;
  return i;
}
