/**
 * MySQL/MariaDB option files (`/etc/mysql/my.cnf`, `mysql.conf.d/*.cnf`,
 * `conf.d/*.cnf`): `[group]` headers, `key = value`, bare `key` options
 * (`skip_ssl`, `skip-name-resolve`), `#`/`;` comments, and the `!include
 * FILE` / `!includedir DIR` directives. Dashes and underscores in option
 * names are the same option (`skip-ssl` is `skip_ssl`).
 */
import { issue, lines, lineSpan, type ParseIssue, type Parsed, type Span } from './types.js';

export interface CnfOption {
  readonly group: string;
  /** Normalised: lower case, `-` as `_`. */
  readonly name: string;
  readonly value?: string;
  readonly span: Span;
}

export interface MyCnf {
  readonly options: readonly CnfOption[];
  readonly includes: readonly { readonly kind: 'file' | 'dir'; readonly path: string; readonly span: Span }[];
}

export function optionName(s: string): string {
  return s.trim().toLowerCase().replace(/-/g, '_');
}

export function parseMyCnf(input: string): Parsed<MyCnf> {
  const options: CnfOption[] = [];
  const includes: { kind: 'file' | 'dir'; path: string; span: Span }[] = [];
  const issues: ParseIssue[] = [];
  let group = '';
  lines(input).forEach((raw, i) => {
    const n = i + 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('#') || text.startsWith(';')) return;
    let m: RegExpExecArray | null;
    if ((m = /^!include(dir)?\s+(\S.*)$/.exec(text))) {
      includes.push({ kind: m[1] ? 'dir' : 'file', path: m[2]!.trim(), span: lineSpan(n) });
      return;
    }
    if ((m = /^\[([^\]]+)\]/.exec(text))) {
      group = m[1]!.trim().toLowerCase();
      return;
    }
    // a comment after the value: found without a pattern that retries a run of spaces
    const hash = text.search(/\s#/);
    const body = hash >= 0 ? text.slice(0, hash).trimEnd() : text;
    const eq = body.indexOf('=');
    const name = optionName(eq < 0 ? body : body.slice(0, eq));
    if (!/^[a-z0-9_.]+$/.test(name)) {
      issues.push(issue(n, raw, 'not an option line'));
      return;
    }
    const value = eq < 0 ? undefined : body.slice(eq + 1).trim().replace(/^(["'])(.*)\1$/, '$2');
    options.push({ group, name, ...(value !== undefined ? { value } : {}), span: lineSpan(n) });
  });
  return { value: { options, includes }, issues };
}

/** Groups the server reads its options from. */
export const SERVER_GROUPS: ReadonlySet<string> = new Set(['mysqld', 'server', 'mariadb', 'mysqld-5.7', 'mysqld-8.0', 'mariadb-10.1', 'mariadb-10.3', 'mariadb-10.5', 'mariadb-10.6', 'mariadb-10.11']);

/** The option that turns TLS off for the server: `skip_ssl` / `skip-ssl`, or `ssl = 0|OFF|FALSE`. */
export function skipsSsl(o: CnfOption): boolean {
  if (!SERVER_GROUPS.has(o.group) && !/^(?:mysqld|mariadb)/.test(o.group)) return false;
  if (o.name === 'skip_ssl' && (o.value === undefined || /^(?:1|on|true)$/i.test(o.value))) return true;
  return o.name === 'ssl' && o.value !== undefined && /^(?:0|off|false)$/i.test(o.value);
}

export const parsers = {
  'mysql-cnf': parseMyCnf,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
