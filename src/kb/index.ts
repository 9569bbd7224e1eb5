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

const byId = new Map<string, KbEntry>([...compute, ...storage, ...network, ...alarm, ...other].map((e) => [e.id, e]));

export function kbEntry(id: CheckId): KbEntry | undefined {
  return byId.get(id);
}

/** All entries in catalogue order. */
export function allEntries(): KbEntry[] {
  return CATALOG.flatMap((c) => byId.get(c.id) ?? []);
}
