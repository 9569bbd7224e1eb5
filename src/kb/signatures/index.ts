/**
 * All signatures of the knowledge base, by which `usdiag explain` recognises
 * the guide's entries in pasted error text and logs.
 */
import type { CheckId } from '../catalog.js';
import { alarmSignatures } from './alarm.js';
import { computeSignatures } from './compute.js';
import { networkSignatures } from './network.js';
import { otherSignatures } from './other.js';
import { storageSignatures } from './storage.js';
import type { Signature } from './types.js';

export type { AllSignature, AnySignature, Part, Pattern, RegexPattern, Signature } from './types.js';
export { isAllSignature, rx, rxLine } from './types.js';

export const allSignatures: readonly Signature[] = [
  ...computeSignatures,
  ...storageSignatures,
  ...networkSignatures,
  ...alarmSignatures,
  ...otherSignatures,
];

const byEntry = new Map<string, Signature[]>();
for (const s of allSignatures) {
  const list = byEntry.get(s.entry) ?? [];
  list.push(s);
  byEntry.set(s.entry, list);
}

/** The signatures of one guide entry (empty for an unknown id). */
export function signaturesFor(id: CheckId | string): readonly Signature[] {
  return byEntry.get(id) ?? [];
}
