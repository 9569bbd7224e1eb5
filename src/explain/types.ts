import type { Text } from '../i18n/text.js';
import type { CheckId } from '../kb/catalog.js';

/** One input line that took part in a match. */
export interface MatchedLine {
  /** 1-based line number in the input. */
  readonly line: number;
  /** The line as given (an excerpt around the match when the line is very long). */
  readonly text: string;
  /** Id of the signature that matched. */
  readonly signature: string;
  readonly why: Text;
}

/** One signature that matched, with how often. */
export interface SignatureHit {
  readonly id: string;
  readonly weight: number;
  readonly why: Text;
  readonly count: number;
}

/** A guide entry the input points to. */
export interface EntryMatch {
  readonly id: CheckId;
  readonly section: string;
  /** Strongest signature weight plus a smaller credit for further distinct signatures. */
  readonly score: number;
  /** Tie-breaker: length of the longest text matched for this entry. */
  readonly specificity: number;
  /** Strongest first. */
  readonly signatures: readonly SignatureHit[];
  /** Sample lines, in input order. */
  readonly lines: readonly MatchedLine[];
}

export interface ExplainResult {
  readonly input: { readonly bytes: number; readonly lines: number };
  /** Best first. */
  readonly matches: readonly EntryMatch[];
}
