/**
 * `service NAME status` and `systemctl status NAME`: whether a service runs.
 *
 * On systemd hosts `service` hands over to `systemctl status` (unit block:
 * `● tomcat8.service - LSB: Start Tomcat.`, `Loaded:`, `Active: active
 * (running) since ...`, `Main PID: 1234 (java)`, then journal lines after a
 * blank line). Labels are right-aligned and their width changes between
 * systemd versions; the bullet is `●`, `*` or absent (systemd 219). On
 * SysV hosts the init script prints one sentence (` * Tomcat servlet engine
 * is not running.`, `SUCCESS! MariaDB running (1234)`) or, for
 * rabbitmq-server, what `rabbitmqctl status` prints.
 *
 * `active (exited)` is what a unit generated from an init script shows when
 * the script ran and returned: the daemon itself may be gone, so callers
 * look at the process list for it.
 */
import { issue, lines, lineSpan, type ParseIssue, type Parsed, type Span } from './types.js';

export type ServiceState = 'running' | 'exited' | 'stopped' | 'failed' | 'starting' | 'missing' | 'unknown';

export interface ServiceStatus {
  readonly unit?: string;
  readonly description?: string;
  readonly state: ServiceState;
  /** `active (running)`, `failed (Result: exit-code)`, or the init script's sentence. */
  readonly detail?: string;
  /** The line that says the state (evidence). */
  readonly stateSpan?: Span;
  readonly mainPid?: number;
  /** `Loaded:` value (`loaded (/etc/init.d/tomcat8; generated)`, `not-found (Reason: No such file or directory)`). */
  readonly loaded?: string;
  /** Journal lines of the unit block, with their line numbers. */
  readonly journal: readonly { readonly line: number; readonly text: string }[];
}

const HEADER = /^(?:[●*○×] )?([\w@.:-]+\.(?:service|socket|target|mount|timer)) - (.*)$/;
const FIELD = /^\s*([A-Z][A-Za-z ]*?): (.*)$/;
const SYSV_RUNNING = /\b(?:is running|running \(|start\/running|is active|SUCCESS!.*running)\b/i;
const SYSV_STOPPED = /\b(?:not running|is stopped|stopped|is dead|inactive|dead but)\b/i;
const MISSING = /could not be found|unrecognized service|Unit \S+ not found|No such file or directory|does not exist/i;

function activeState(value: string): ServiceState {
  if (/^active \(running\)/.test(value)) return 'running';
  if (/^active \(exited\)/.test(value)) return 'exited';
  if (/^active\b/.test(value)) return 'running';
  if (/^(?:activating|reloading|deactivating)\b/.test(value)) return 'starting';
  if (/^failed\b/.test(value)) return 'failed';
  if (/^inactive\b/.test(value)) return 'stopped';
  return 'unknown';
}

export function parseServiceStatus(input: string): Parsed<ServiceStatus> {
  const issues: ParseIssue[] = [];
  let unit: string | undefined;
  let description: string | undefined;
  let state: ServiceState = 'unknown';
  let detail: string | undefined;
  let stateSpan: Span | undefined;
  let mainPid: number | undefined;
  let loaded: string | undefined;
  const journal: { line: number; text: string }[] = [];
  let inBlock = false;
  let afterBlank = false;
  let sysvDone = false;

  lines(input).forEach((raw, i) => {
    const n = i + 1;
    const text = raw.trim();
    if (text === '') {
      if (inBlock) afterBlank = true;
      return;
    }
    const head = HEADER.exec(text);
    if (head && unit === undefined) {
      unit = head[1]!;
      description = head[2]!.trim();
      inBlock = true;
      return;
    }
    if (inBlock && !afterBlank) {
      const f = FIELD.exec(raw);
      if (f) {
        const [key, value] = [f[1]!.trim(), f[2]!.trim()];
        if (key === 'Active') {
          state = activeState(value);
          detail = value;
          stateSpan = lineSpan(n);
        } else if (key === 'Loaded') {
          loaded = value;
          if (/^not-found\b/.test(value)) {
            state = 'missing';
            detail ??= value;
            stateSpan ??= lineSpan(n);
          }
        } else if (key === 'Main PID') {
          const pid = /^(\d+)/.exec(value);
          if (pid) mainPid = Number(pid[1]);
        }
        return;
      }
      // CGroup tree lines, Docs continuation lines, Process lines
      return;
    }
    if (inBlock) {
      journal.push({ line: n, text });
      return;
    }
    // No unit block: an init script's sentence, or an error of service/systemctl.
    if (MISSING.test(text) && !sysvDone) {
      state = 'missing';
      detail = text;
      stateSpan = lineSpan(n);
      sysvDone = true;
      return;
    }
    if (!sysvDone && SYSV_STOPPED.test(text)) {
      state = 'stopped';
      detail = text.replace(/^\* /, '');
      stateSpan = lineSpan(n);
      sysvDone = true;
      return;
    }
    if (!sysvDone && SYSV_RUNNING.test(text)) {
      state = 'running';
      detail = text.replace(/^\* /, '');
      stateSpan = lineSpan(n);
      const pid = /(?:pid|running \()\s*(\d+)/i.exec(text);
      if (pid) mainPid = Number(pid[1]);
      sysvDone = true;
      return;
    }
    journal.push({ line: n, text });
  });
  if (state === 'unknown' && unit === undefined && journal.length === 0 && issues.length === 0 && input.trim() !== '') {
    issues.push(issue(1, input.split('\n', 1)[0]!, 'no service state found'));
  }
  return {
    value: {
      ...(unit !== undefined ? { unit } : {}),
      ...(description !== undefined ? { description } : {}),
      state,
      ...(detail !== undefined ? { detail } : {}),
      ...(stateSpan !== undefined ? { stateSpan } : {}),
      ...(mainPid !== undefined ? { mainPid } : {}),
      ...(loaded !== undefined ? { loaded } : {}),
      journal,
    },
    issues,
  };
}

/**
 * The state from the text and the LSB exit status together: 0 runs, 3 is
 * stopped, 4 is unknown to the host (`service` passes the script's status on).
 */
export function serviceStateOf(status: ServiceStatus, exitCode: number | null): ServiceState {
  if (status.state !== 'unknown') return status.state;
  if (exitCode === 0) return 'running';
  if (exitCode === 3) return 'stopped';
  if (exitCode === 4) return 'missing';
  return 'unknown';
}

export const parsers = {
  'systemctl-status': parseServiceStatus,
  'service-status': parseServiceStatus,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
