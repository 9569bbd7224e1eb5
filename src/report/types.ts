/**
 * The pieces of a report (results, hosts, evidence) that the report model,
 * its incidents and every renderer share.
 */
import type { SkipReason, Status } from '../engine/types.js';
import type { ReportStep } from '../kb/render-steps.js';
import type { WaiverNote } from './waivers.js';

export interface ReportEvidence {
  host: string;
  command: string;
  excerpt: string;
  note?: string;
}


export interface ReportResult {
  host: string;
  check: string;
  section: string;
  title: string;
  status: Status;
  skipReason?: SkipReason;
  summary: string;
  /** The summary as data: which message of which table, and its values (for scripts). */
  message: { scope: string; id: string; values: Record<string, string | number> };
  evidence: ReportEvidence[];
  /** Ordered steps as single lines (the contract's field). */
  recovery: string[];
  /** The same steps with their kind, command and warning. */
  recoverySteps: ReportStep[];
  durationMs: number;
  data?: unknown;
  /** Status `waived`: the status the check gave (fail, warn, unknown, error). */
  waivedStatus?: Status;
  /** The waiver that matched (`--waivers`): its reason, its expiry, and whether it has expired. */
  waiver?: WaiverNote;
}

export interface ReportHost {
  name: string;
  address: string;
  roles: string[];
  roleSource: string;
  error?: string;
  /** Why the host gave no verdicts: unreachable (connect, auth, host key) or stuck (no command finished). */
  problem?: 'unreachable' | 'stuck';
  durationMs: number;
}

