/**
 * Turns signature definitions into the tables the matcher runs on: one
 * regular expression per pattern (over normalised text), and a prefilter
 * automaton of the patterns' anchor words, so that most lines of a large log
 * are rejected after one cheap pass.
 */
import { isAllSignature, type Pattern, type Signature } from '../kb/signatures/types.js';
import { escapeRegex } from './escape.js';
import { foldText } from './normalize.js';
import { AnchorAutomaton } from './prefilter.js';

export interface CompiledPattern {
  readonly re: RegExp;
  /** Index into CompiledSet.signatures. */
  readonly signature: number;
  /** Index of the `all` part it belongs to (0 for `any` signatures). */
  readonly part: number;
  /** Only tried on a line alone, never across a wrap. */
  readonly oneLine: boolean;
}

export interface CompiledSignature {
  readonly signature: Signature;
  /** Number of parts that must all match (1 for `any`). */
  readonly parts: number;
  /** Lines within which all parts must match. */
  readonly window: number;
  readonly unless: readonly RegExp[];
}

export interface CompiledSet {
  readonly signatures: readonly CompiledSignature[];
  readonly patterns: readonly CompiledPattern[];
  /** Finds anchor words in raw lines (the prefilter). */
  readonly automaton: AnchorAutomaton;
  /** Anchor index (as the automaton reports it) → patterns that anchor on it. */
  readonly patternsByAnchor: readonly (readonly number[])[];
}

// Words too common in logs to make an anchor telling; they score nothing when
// the pair of words to anchor a phrase on is chosen.
const COMMON = new Set(
  ('error errors failed failure fail fails device devices file files disk disks image start started starting ' +
    'connect connection connected found could cannot read write open opened with while other node nodes host hosts ' +
    'server service system process timeout time table check mount mounted network memory warning info debug ' +
    'kernel internal status such directory denied permission unable invalid support version user config data ' +
    'string from that this have been will there when after before into than more less true false none null ' +
    'exited exit code level type name value path local remote message request response param params task ' +
    'reason state running stopped down link please again retry operation options option').split(' '),
);

const CJK_RUN = /[\u2e80-\u9fff\uf900-\ufaff]{2,}/g;
// Pieces that read the same in raw text as in folded text (no quotes, no CJK).
const PLAIN_PIECE = /^[a-z0-9_.:@%=\/()+#-]+$/;

/** How telling one space-separated piece is: 0 for common or very short words. */
function pieceScore(piece: string): number {
  const word = piece.replace(/^[^a-z0-9_]+|[^a-z0-9_]+$/g, '');
  return word.length < 4 || COMMON.has(word) ? 0 : word.length;
}

/**
 * Anchors of a literal phrase: its longest CJK run, and its most telling pairs
 * of adjacent words ("ssh2 cipher"), two when they do not overlap so that a
 * wrap or a variant spelling of one leaves the other. Pairs are much rarer in
 * ordinary logs than single words; a one-word phrase anchors on that word.
 */
export function anchorsOf(phrase: string): string[] {
  const folded = foldText(phrase);
  const anchors: string[] = [];
  const cjk = (folded.match(CJK_RUN) ?? []).sort((a, b) => b.length - a.length)[0];
  if (cjk !== undefined) anchors.push(cjk);
  const pieces = folded.split(' ');
  const pairs = pieces
    .slice(0, -1)
    .map((a, i) => ({ i, a, b: pieces[i + 1]!, score: pieceScore(a) + pieceScore(pieces[i + 1]!) }))
    .filter((p) => PLAIN_PIECE.test(p.a) && PLAIN_PIECE.test(p.b) && p.score > 0)
    .sort((x, y) => y.score - x.score);
  const best = pairs[0];
  if (best !== undefined) {
    anchors.push(`${best.a} ${best.b}`);
    const other = pairs.find((p) => Math.abs(p.i - best.i) > 1);
    if (other !== undefined) anchors.push(`${other.a} ${other.b}`);
  }
  if (anchors.length === 0) {
    const single = pieces
      .filter((p) => PLAIN_PIECE.test(p))
      .map((p) => p.replace(/^[^a-z0-9_]+|[^a-z0-9_]+$/g, ''))
      .sort((a, b) => b.length - a.length)[0];
    if (single) anchors.push(single);
  }
  return anchors;
}

function compilePattern(p: Pattern, where: string, anchored = true): { re: RegExp; anchors: string[]; oneLine: boolean } {
  if (typeof p === 'string') {
    const folded = foldText(p);
    if (folded === '') throw new Error(`${where}: empty phrase`);
    const anchors = anchorsOf(p);
    if (anchors.length === 0) throw new Error(`${where}: no anchor word in "${p}"`);
    return { re: new RegExp(escapeRegex(folded)), anchors, oneLine: false };
  }
  if (anchored && p.anchors.length === 0) throw new Error(`${where}: regular expression ${p.re} has no anchor`);
  const flags = p.re.flags.includes('s') ? 'is' : 'i';
  const anchors = p.anchors.map((a) => foldText(a));
  for (const a of anchors) {
    if (a === '' || /\s\s|^\s|\s$/.test(a)) throw new Error(`${where}: bad anchor "${a}"`);
  }
  return { re: new RegExp(p.re.source, flags), anchors, oneLine: p.line === true };
}

/** Compiles signatures; throws on a malformed definition (a programming error, caught by the tests). */
export function compileSignatures(signatures: readonly Signature[]): CompiledSet {
  const compiled: CompiledSignature[] = [];
  const patterns: CompiledPattern[] = [];
  const anchorIndex = new Map<string, number>();
  const byAnchor: number[][] = [];
  const seen = new Set<string>();

  const addAnchor = (anchor: string, pattern: number): void => {
    let i = anchorIndex.get(anchor);
    if (i === undefined) {
      i = byAnchor.length;
      anchorIndex.set(anchor, i);
      byAnchor.push([]);
    }
    byAnchor[i]!.push(pattern);
  };

  signatures.forEach((sig, si) => {
    if (seen.has(sig.id)) throw new Error(`duplicate signature id ${sig.id}`);
    seen.add(sig.id);
    if (!(sig.weight >= 1 && sig.weight <= 100)) throw new Error(`${sig.id}: weight ${sig.weight} out of 1..100`);
    const parts = isAllSignature(sig) ? sig.all : [sig.any];
    if (parts.length === 0) throw new Error(`${sig.id}: no patterns`);
    parts.forEach((part, pi) => {
      const alternatives = Array.isArray(part) ? (part as readonly Pattern[]) : [part as Pattern];
      if (alternatives.length === 0) throw new Error(`${sig.id}: empty part ${pi}`);
      for (const alt of alternatives) {
        const { re, anchors, oneLine } = compilePattern(alt, sig.id);
        const index = patterns.length;
        patterns.push({ re, signature: si, part: pi, oneLine });
        for (const a of anchors) addAnchor(a, index);
      }
    });
    compiled.push({
      signature: sig,
      parts: parts.length,
      window: isAllSignature(sig) ? sig.window : 0,
      // `unless` is checked only on lines that matched, so it needs no anchors.
      unless: (sig.unless ?? []).map((u) => compilePattern(u, sig.id, false).re),
    });
  });

  const anchors = [...anchorIndex.keys()];
  return {
    signatures: compiled,
    patterns,
    automaton: new AnchorAutomaton(anchors),
    patternsByAnchor: byAnchor,
  };
}
