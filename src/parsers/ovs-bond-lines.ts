/**
 * Where each bond of `ovs-appctl bond/show` is printed: the lines of its
 * `---- NAME ----` block and of each member line (`member eth1: enabled`,
 * `slave eth1: enabled` before OVS 2.15), for cutting evidence. The values
 * themselves are ovs-bond.ts's (parseBondShow); this only knows lines.
 */
import { lines } from './types.js';
import { blockHeader } from './ovs-text.js';

export interface BondLines {
  readonly name: string;
  /** The `---- NAME ----` line. */
  readonly first: number;
  /** The block's last non-empty line. */
  readonly last: number;
  /** Key lines (`bond_mode`, `active member mac`...), by the key as printed. */
  readonly keys: Readonly<Record<string, number>>;
  /** Each member's `member NAME:` line. */
  readonly members: Readonly<Record<string, number>>;
}

export function bondLines(input: string): BondLines[] {
  const out: { name: string; first: number; last: number; keys: Record<string, number>; members: Record<string, number> }[] = [];
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const header = blockHeader(text);
    if (header !== undefined) {
      out.push({ name: header, first: i + 1, last: i + 1, keys: {}, members: {} });
      return;
    }
    const b = out.at(-1);
    if (!b) return;
    b.last = i + 1;
    const m = /^(?:member|slave)\s+(\S+?):/.exec(text);
    if (m) b.members[m[1]!] = i + 1;
    else {
      const colon = text.indexOf(':');
      if (colon > 0) b.keys[text.slice(0, colon).trim()] ??= i + 1;
    }
  });
  return out;
}
