/**
 * The guide as data. Every entry of sections 3.4 to 3.8 becomes a `KbEntry`,
 * written in both languages in usdiag's own words; exact facts (commands,
 * paths, error strings, codes, thresholds) are kept verbatim.
 */
import type { Text } from '../i18n/text.js';
import type { CheckId } from './catalog.js';

/**
 * `diagnostic`: read-only, usdiag could run it (or does).
 * `changing`: the engineer runs it: restart, repair, reboot, edit XML.
 */
export type StepKind = 'diagnostic' | 'changing';

/** Guide 2.2.2 orders steps by how long they take and how likely they work. */
export type StepCost = 'short' | 'long';
export type StepLikelihood = 'high' | 'low';

export interface RecoveryStep {
  /** Stable within its entry (checks select steps by id). */
  readonly id: string;
  readonly kind: StepKind;
  readonly cost: StepCost;
  readonly likelihood: StepLikelihood;
  /** What to do; may hold placeholders ({host}, {device}, {vm}, {pid}, {image}...). */
  readonly text: Text;
  /** The exact command from the guide, when there is one; same placeholders. */
  readonly command?: string;
  /** The guide's caution for this step (back up first, stop the pool everywhere...). */
  readonly warning?: Text;
}

export interface KbEntry {
  readonly id: CheckId;
  readonly title: Text;
  /** What the engineer sees. */
  readonly symptom: Text;
  readonly impact: Text;
  readonly causes: readonly Text[];
  /** How to tell this fault apart (what usdiag checks, or what to look at). */
  readonly diagnosis: readonly Text[];
  /** Ordered per guide 2.2.2: short and likely, short and unlikely, long and likely, long and unlikely. */
  readonly recovery: readonly RecoveryStep[];
  /** Further cautions: contact support, collect logs first. */
  readonly notes?: readonly Text[];
}

/** Rank of a step in the guide's 2.2.2 order (lower first). */
export function stepRank(s: Pick<RecoveryStep, 'cost' | 'likelihood'>): number {
  if (s.cost === 'short') return s.likelihood === 'high' ? 0 : 1;
  return s.likelihood === 'high' ? 2 : 3;
}
