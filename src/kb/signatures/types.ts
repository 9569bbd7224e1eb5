/**
 * Signatures: the strings and patterns by which pasted error text and logs are
 * recognised as one of the guide's entries. They are data; the matcher
 * (src/explain) compiles them once.
 *
 * Every pattern is matched against NORMALISED text (see src/explain/normalize.ts):
 * NFKC (full-width forms become ASCII), lower case, runs of whitespace as one
 * space, no space next to a CJK character, common log prefixes removed. Write
 * string patterns as they read in the log; write regular expressions in lower
 * case, against that normalised form.
 */
import type { Text } from '../../i18n/text.js';
import type { CheckId } from '../catalog.js';

/**
 * A regular expression with the literal words (anchors) of which any text it
 * matches contains at least one. The matcher only runs patterns on lines where
 * one of their anchors appears, which is what keeps large logs fast: choose
 * words that are rare in ordinary logs, and never one the expression does not
 * require (that would hide matches). An anchor may be two words joined by one
 * space ("start domain") when each word alone is too common.
 */
export interface RegexPattern {
  readonly re: RegExp;
  readonly anchors: readonly string[];
  /**
   * The match lies within one line (a table row, a listing entry): it is never
   * tried on a line joined to the next, where `[^\n]*` would run into the
   * following rows.
   */
  readonly line?: boolean;
}

/** A literal phrase (anchors are derived from its rarest words) or a regular expression. */
export type Pattern = string | RegexPattern;

/** One element of `all`: a pattern, or several alternatives of which one is enough. */
export type Part = Pattern | readonly Pattern[];

interface SignatureBase {
  /** Stable, unique: `<entry>/<slug>`. */
  readonly id: string;
  readonly entry: CheckId;
  /**
   * 1..100: how surely a match means this entry. 90+: the guide's own error
   * text; 60-89: a specific symptom of this fault; below 40: context that only
   * supports another signature.
   */
  readonly weight: number;
  /** What the match means, shown to the engineer. */
  readonly why: Text;
  /** No match when one of these appears in the matched line(s). */
  readonly unless?: readonly Pattern[];
}

/** Matches when any one of the patterns matches (within a line, or across a wrap). */
export interface AnySignature extends SignatureBase {
  readonly any: readonly Pattern[];
}

/**
 * Matches when every part has matched within `window` lines of each other.
 * Each part is prefiltered on its own anchors, so every part needs rare ones;
 * for two phrases on the same or the next line, prefer one `any` expression
 * anchored on the rarer phrase.
 */
export interface AllSignature extends SignatureBase {
  readonly all: readonly Part[];
  readonly window: number;
}

export type Signature = AnySignature | AllSignature;

export function isAllSignature(s: Signature): s is AllSignature {
  return 'all' in s;
}

/** A regular expression pattern with its required anchor words (may match across a wrap). */
export function rx(re: RegExp, ...anchors: string[]): RegexPattern {
  return { re, anchors };
}

/** A regular expression for one line of tabular output (never tried across a wrap). */
export function rxLine(re: RegExp, ...anchors: string[]): RegexPattern {
  return { re, anchors, line: true };
}

type Definition = Omit<AnySignature, 'id' | 'entry'> | Omit<AllSignature, 'id' | 'entry'>;

/** Signatures of one entry: `sign('slug', {...})` gives id `<entry>/slug`. */
export function signaturesOf(entry: CheckId): (slug: string, def: Definition) => Signature {
  return (slug, def) => ({ ...def, id: `${entry}/${slug}`, entry });
}
