/**
 * From per-signature tallies to guide entries, best first. An entry scores its
 * strongest signature plus a smaller, capped credit for each further distinct
 * signature: corroboration helps, but a pile of weak hints never beats the
 * guide's own error text.
 */
import { CATALOG, catalogEntry, type CheckId } from '../kb/catalog.js';
import type { CompiledSet } from './compile.js';
import type { SignatureTally } from './matcher.js';
import type { EntryMatch, MatchedLine, SignatureHit } from './types.js';

const CREDIT = 0.2;
const MAX_CREDIT = 15;

export interface RankOptions {
  /** Sample lines per entry (default 8). */
  readonly maxLines?: number;
  /** Keep at most this many entries (default: all). */
  readonly limit?: number;
}

const catalogOrder = new Map<string, number>(CATALOG.map((c, i) => [c.id, i]));

export function entryScore(weights: readonly number[]): number {
  const sorted = [...weights].sort((a, b) => b - a);
  const rest = sorted.slice(1).reduce((sum, w) => sum + w, 0);
  return Math.round(((sorted[0] ?? 0) + Math.min(MAX_CREDIT, rest * CREDIT)) * 10) / 10;
}

export function rankEntries(
  set: CompiledSet,
  tallies: readonly (SignatureTally | undefined)[],
  options: RankOptions = {},
): EntryMatch[] {
  const maxLines = options.maxLines ?? 8;
  const byEntry = new Map<CheckId, { hit: SignatureHit; tally: SignatureTally }[]>();
  tallies.forEach((tally, i) => {
    if (tally === undefined) return;
    const sig = set.signatures[i]!.signature;
    const list = byEntry.get(sig.entry) ?? [];
    list.push({ hit: { id: sig.id, weight: sig.weight, why: sig.why, count: tally.count }, tally });
    byEntry.set(sig.entry, list);
  });

  const entries: EntryMatch[] = [];
  for (const [id, hits] of byEntry) {
    hits.sort((a, b) => b.hit.weight - a.hit.weight || b.tally.longest - a.tally.longest);
    entries.push({
      id,
      section: catalogEntry(id)?.section ?? '',
      score: entryScore(hits.map((h) => h.hit.weight)),
      specificity: Math.max(...hits.map((h) => h.tally.longest)),
      signatures: hits.map((h) => h.hit),
      lines: sampleLines(hits, maxLines),
    });
  }
  entries.sort(
    (a, b) =>
      b.score - a.score ||
      b.specificity - a.specificity ||
      (catalogOrder.get(a.id) ?? 0) - (catalogOrder.get(b.id) ?? 0),
  );
  return options.limit === undefined ? entries : entries.slice(0, options.limit);
}

/** The strongest signatures' lines first, up to the cap, then shown in input order. */
function sampleLines(hits: readonly { hit: SignatureHit; tally: SignatureTally }[], max: number): MatchedLine[] {
  const chosen: MatchedLine[] = [];
  const taken = new Set<string>();
  for (const { hit, tally } of hits) {
    for (const sample of tally.samples) {
      for (const l of sample) {
        const key = `${l.line}\u0000${hit.id}`;
        if (taken.has(key) || chosen.length >= max) continue;
        taken.add(key);
        chosen.push({ line: l.line, text: l.text, signature: hit.id, why: hit.why });
      }
    }
  }
  return chosen.sort((a, b) => a.line - b.line);
}
