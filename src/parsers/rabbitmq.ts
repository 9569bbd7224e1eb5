/**
 * RabbitMQ as guide 3.8.1 reads it.
 *
 * `rabbitmqctl list_permissions [-p VHOST]`: `Listing permissions for vhost
 * "/" ...` (3.7+; `Listing permissions in vhost` or `Permissions on /:` in
 * older ones), a TAB-separated `user configure write read` header, one
 * TAB-separated row per user; 3.6 ends with `...done.`.
 *
 * What `service rabbitmq-server status` / `rabbitmqctl status` print when
 * the broker does not run: Erlang error reports (`"Too short cookie string"`,
 * the guide's cookie failure), `Error: unable to connect to node ...:
 * nodedown` (3.6), `Error: unable to perform an operation on node ...` (3.7+),
 * the boot failure of a log directory it cannot write (`failed to open log
 * file at '/var/log/rabbitmq/rabbit@localhost.log', reason: permission
 * denied`), and the distribution start-up timeout of blocked ports
 * (`register error`, `nodistribution`, `unable to connect to epmd (port 4369)`).
 */
import { issue, lines, lineSpan, type ParseIssue, type Parsed, type Span } from './types.js';

export interface RabbitPermission {
  readonly vhost: string;
  readonly user: string;
  readonly configure: string;
  readonly write: string;
  readonly read: string;
  readonly span: Span;
}

const LISTING = /^(?:Listing permissions (?:for|in) vhost "(.*)" \.\.\.|Permissions on (.*):)$/;

export function parseRabbitPermissions(input: string): Parsed<RabbitPermission[]> {
  const value: RabbitPermission[] = [];
  const issues: ParseIssue[] = [];
  let vhost = '/';
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '' || text === '...done.') return;
    const head = LISTING.exec(text);
    if (head) {
      vhost = head[1] ?? head[2] ?? '/';
      return;
    }
    const cells = raw.includes('\t') ? raw.split('\t').map((c) => c.trim()) : text.split(/\s+/);
    if (cells.length === 4 && cells[0] === 'user' && cells[1] === 'configure') return;
    if (cells.length !== 4 || cells[0] === '') {
      issues.push(issue(i + 1, raw, 'not a "user configure write read" row'));
      return;
    }
    value.push({ vhost, user: cells[0]!, configure: cells[1]!, write: cells[2]!, read: cells[3]!, span: lineSpan(i + 1) });
  });
  return { value, issues };
}

export type RabbitProblemKind =
  /** The Erlang cookie is empty or damaged (guide 3.8.1, root filesystem full). */
  | 'cookie-too-short'
  /** The cookie file's owner or mode is wrong (`Cookie file ... must be accessible by owner only`, eacces). */
  | 'cookie-access'
  /** The node does not run (`nodedown`, `unable to perform an operation on node`, `not running at all`). */
  | 'node-down'
  /** It could not write its log directory (`failed to open log file ... permission denied`). */
  | 'log-permission'
  /** Distribution did not start: ports 4369/5672 blocked (`register error`, `nodistribution`, epmd timeout). */
  | 'distribution-timeout'
  | 'boot-failed';

export interface RabbitProblem {
  readonly kind: RabbitProblemKind;
  readonly line: number;
  readonly text: string;
}

const PROBLEMS: ReadonlyArray<[RegExp, RabbitProblemKind]> = [
  [/Too short cookie string/, 'cookie-too-short'],
  [/Cookie file .* must be accessible by owner only|cookie.*eacces|eacces.*cookie/i, 'cookie-access'],
  [/failed to open log file at .*permission denied|permission denied.*\/var\/log\/rabbitmq/i, 'log-permission'],
  [/register error|nodistribution|unable to connect to epmd.*timeout/i, 'distribution-timeout'],
  [/BOOT FAILED/, 'boot-failed'],
  [/nodedown|unable to perform an operation on node|not running at all|Error: process_not_running|unable to connect to node/i, 'node-down'],
];

/** The failures a status output or log excerpt shows, the first line of each kind. */
export function parseRabbitProblems(input: string): Parsed<RabbitProblem[]> {
  const value: RabbitProblem[] = [];
  const seen = new Set<RabbitProblemKind>();
  lines(input).forEach((raw, i) => {
    if (raw.length > 8000) return;
    for (const [re, kind] of PROBLEMS) {
      if (seen.has(kind) || !re.test(raw)) continue;
      seen.add(kind);
      value.push({ kind, line: i + 1, text: raw.trim() });
    }
  });
  return { value, issues: [] };
}

/** The broker answered with its status (3.6 Erlang term `[{pid,...` or 3.8+ sections). */
export function rabbitAnswered(input: string): boolean {
  return /^\s*\[\{pid,\d+\}|^Runtime$|^\s*\{pid,\d+\}|^OS PID: \d+/m.test(input.replace(/\x1b\[[0-9;]*m/g, ''));
}

export const parsers = {
  'rabbitmqctl-list-permissions': parseRabbitPermissions,
  'rabbitmqctl-status': parseRabbitProblems,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
