/**
 * The knowledge base: every guide entry by catalogue id, in guide order.
 */
import { CATALOG, type CheckId } from './catalog.js';
import { entries as compute } from './entries/compute.js';
import { entries as storage } from './entries/storage.js';
import { entries as network } from './entries/network.js';
import { entries as alarm } from './entries/alarm.js';
import { entries as other } from './entries/other.js';
import type { KbEntry } from './types.js';

const ALL = [...compute, ...storage, ...network, ...alarm, ...other] as const;

/** The guide entry of a check, with its literal step ids. */
export type KbEntryOf<C extends CheckId> = Extract<(typeof ALL)[number], { readonly id: C }>;

/** The recovery step ids of a check's guide entry: naming another is a compile error. */
export type StepIdOf<C extends CheckId> = KbEntryOf<C>['recovery'][number]['id'];

const byId = new Map<string, KbEntry>(ALL.map((e) => [e.id, e]));

export function kbEntry(id: CheckId): KbEntry | undefined {
  return byId.get(id);
}

/** All entries in catalogue order. */
export function allEntries(): KbEntry[] {
  return CATALOG.flatMap((c) => byId.get(c.id) ?? []);
}
