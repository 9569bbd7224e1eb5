import { describe, expect, it } from 'vitest';
import { CappedOutput, truncationMarker } from '../../src/transport/capped-output.js';

/** Pushes `data` in chunks of the given sizes (cycling). */
function fill(out: CappedOutput, data: Buffer, sizes: number[]): void {
  let i = 0;
  for (let p = 0; p < data.length; i++) {
    const n = sizes[i % sizes.length]!;
    out.push(data.subarray(p, p + n));
    p += n;
  }
}

describe('CappedOutput', () => {
  it('keeps everything up to the cap', () => {
    const out = new CappedOutput(16);
    out.push('0123456789');
    out.push(Buffer.from('abcdef'));
    expect(out.text()).toBe('0123456789abcdef');
    expect(out.truncated).toBe(false);
    expect(out.totalBytes).toBe(16);
  });

  it('past the cap keeps the first and the last half, whatever the chunking', () => {
    const data = Buffer.from(Array.from({ length: 200 }, (_, i) => `line ${String(i).padStart(3, '0')}\n`).join(''));
    for (const sizes of [[1], [7, 3], [100], [data.length]]) {
      const out = new CappedOutput(100);
      fill(out, data, sizes);
      expect(out.truncated).toBe(true);
      expect(out.totalBytes).toBe(data.length);
      const text = out.text();
      const [head, tail] = text.split(`${truncationMarker(data.length - 100, 100)}\n`);
      expect(head).toBe(`${data.subarray(0, 50).toString()}\n`);
      expect(tail).toBe(data.subarray(data.length - 50).toString());
    }
  });

  it('puts the marker on a line of its own', () => {
    const out = new CappedOutput(8);
    out.push('aaaa\nbbbbbbbbbbbb\ncc\n');
    // 21 bytes: head "aaaa" gets a newline before the marker, tail is "\ncc\n".
    expect(out.text()).toBe(`aaaa\n${truncationMarker(13, 8)}\n\ncc\n`);
  });

  it('decodes UTF-8 split across chunks', () => {
    const out = new CappedOutput(1024);
    const bytes = Buffer.from('心跳超时 heartbeat');
    fill(out, bytes, [1, 2]);
    expect(out.text()).toBe('心跳超时 heartbeat');
  });

  it('cuts on character boundaries, counting the partial characters as dropped', () => {
    const out = new CappedOutput(8);
    // 9 three-byte characters: the head half (4 bytes) ends inside the 2nd, the tail half starts inside the 8th.
    out.push('一二三四五六七八九');
    expect(out.text()).toBe(`一\n${truncationMarker(21, 8)}\n九`);
    expect(out.text()).not.toContain('\uFFFD');
  });

  it('turns invalid bytes into replacement characters', () => {
    const out = new CappedOutput(64);
    out.push(Buffer.from([0x6f, 0x6b, 0xff, 0xfe, 0x0a]));
    expect(out.text()).toBe('ok\uFFFD\uFFFD\n');
  });

  it('accepts an unlimited cap and refuses a non-positive one', () => {
    const out = new CappedOutput(Infinity);
    out.push('x'.repeat(100_000));
    expect(out.truncated).toBe(false);
    expect(out.text()).toHaveLength(100_000);
    expect(() => new CappedOutput(0)).toThrow(RangeError);
  });
});
