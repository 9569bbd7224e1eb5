/**
 * crontab files: `/etc/crontab` and `/etc/cron.d/*` (a user column after
 * the five time fields) and `crontab -l` (none). Fields are separated by any
 * mix of spaces and TABs; `@reboot`-style shortcuts replace the five fields;
 * `NAME=value` lines set variables. A time field is kept as written, so the
 * Usphere guide's `** * * * *` (a typo real VKS hosts carry) stays `**`.
 */
import { issue, lines, type Parsed, type ParseIssue } from './types.js';

export interface CronEntry {
  readonly line: number;
  /** The five time fields joined by one space, or the @shortcut. */
  readonly schedule: string;
  /** Absent in a user crontab. */
  readonly user?: string;
  /** The command as written (inner spacing kept). */
  readonly command: string;
}

export interface Crontab {
  readonly entries: readonly CronEntry[];
  readonly variables: readonly { readonly name: string; readonly value: string; readonly line: number }[];
  /** Read as a system crontab (with a user column). */
  readonly system: boolean;
}

export interface CrontabOptions {
  /** /etc/crontab and cron.d have a user column; `crontab -l` has none. Detected when absent. */
  readonly system?: boolean;
}

const TIME_FIELD = /^[0-9*\/,\-?LW#A-Za-z]+$/;
const SHORTCUT = /^@(?:reboot|yearly|annually|monthly|weekly|daily|midnight|hourly)$/;
const USER = /^[a-z_][a-z0-9_.-]{0,31}\$?$/;
const VARIABLE = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;

interface Split {
  readonly fields: string[];
  /** The text after the fields, inner spacing kept. */
  readonly rest: string;
}

/** The first `n` whitespace-separated words and what follows them. */
function splitWords(text: string, n: number): Split {
  const fields: string[] = [];
  let i = 0;
  while (fields.length < n && i < text.length) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    const start = i;
    while (i < text.length && text[i] !== ' ' && text[i] !== '\t') i++;
    if (i > start) fields.push(text.slice(start, i));
  }
  return { fields, rest: text.slice(i).trim() };
}

function entry(text: string, line: number, system: boolean): CronEntry | undefined {
  const shortcut = SHORTCUT.test(text.split(/[ \t]/, 1)[0]!);
  const timeFields = shortcut ? 1 : 5;
  const { fields, rest } = splitWords(text, timeFields + (system ? 1 : 0));
  if (fields.length < timeFields + (system ? 1 : 0) || rest === '') return undefined;
  const time = fields.slice(0, timeFields);
  if (!shortcut && !time.every((f) => TIME_FIELD.test(f))) return undefined;
  const user = system ? fields[timeFields] : undefined;
  if (user !== undefined && !USER.test(user)) return undefined;
  return { line, schedule: time.join(' '), ...(user !== undefined ? { user } : {}), command: rest };
}

/** Users a system crontab line names in its sixth column (detection only). */
const SYSTEM_USERS = /^(?:root|nobody|daemon|bin|sys|www-data|mail|news|uucp|proxy|backup|operator|man|lp|smmsp|systemd-[a-z-]+)$/;

export function parseCrontab(input: string, options: CrontabOptions = {}): Parsed<Crontab> {
  const all = lines(input);
  // The user column: the comment header of /etc/crontab, or entries whose sixth word is a system user.
  let system = options.system;
  if (system === undefined) {
    let entryLike = 0;
    let userLike = 0;
    let header = false;
    for (const l of all) {
      const t = l.trim();
      if (t.startsWith('#')) header ||= /system-wide crontab|\bm h dom mon dow user\b|\buser-name\b/.test(t);
      if (t === '' || t.startsWith('#') || /^[A-Za-z_]/.test(t)) continue;
      entryLike++;
      const sixth = splitWords(t, SHORTCUT.test(t.split(/[ \t]/, 1)[0]!) ? 2 : 6).fields.at(-1) ?? '';
      if (SYSTEM_USERS.test(sixth)) userLike++;
    }
    system = header || (entryLike > 0 && userLike * 2 >= entryLike);
  }
  const entries: CronEntry[] = [];
  const variables: { name: string; value: string; line: number }[] = [];
  const issues: ParseIssue[] = [];
  all.forEach((raw, i) => {
    const text = raw.trim();
    if (text === '' || text.startsWith('#') || /^no crontab for /.test(text)) return;
    // A minute field never starts with a letter: such a line sets a variable (SHELL=, MAILTO = root).
    if (/^[A-Za-z_]/.test(text)) {
      const v = VARIABLE.exec(text);
      if (v) variables.push({ name: v[1]!, value: v[2]!.trim(), line: i + 1 });
      else issues.push(issue(i + 1, raw, 'not a crontab entry'));
      return;
    }
    const e = entry(text, i + 1, system!);
    if (e) entries.push(e);
    else issues.push(issue(i + 1, raw, 'not a crontab entry'));
  });
  return { value: { entries, variables, system: system! }, issues };
}

export const parsers = {
  crontab: (s: string) => parseCrontab(s),
} satisfies Record<string, (s: string) => Parsed<unknown>>;
