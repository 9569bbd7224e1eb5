/**
 * The concrete recovery step a storage finding adds before the knowledge
 * base's own (guide 3.5.1, 3.5.4, 3.5.5 checks).
 */
import type { Text } from '../../../src/i18n/text.js';
import type { RecoveryStep } from '../../../src/kb/types.js';

export function findingStep(id: string, kind: RecoveryStep['kind'], text: Text, command?: string): RecoveryStep {
  return { id, kind, cost: 'short', likelihood: 'high', text, ...(command ? { command } : {}) };
}
