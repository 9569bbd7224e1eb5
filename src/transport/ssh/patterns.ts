/**
 * OpenSSH host patterns (ssh_config "PATTERNS", known_hosts host fields):
 * `*` matches any run of characters, `?` exactly one, a leading `!` negates.
 * Host names compare case-insensitively, as OpenSSH lowercases them.
 */

export function matchPattern(pattern: string, text: string, caseInsensitive = true): boolean {
  const re = patternRegex(pattern, caseInsensitive);
  return re.test(text);
}

/**
 * A list matches when some positive pattern matches and no negated one does
 * (a negated match overrides everything else on the line).
 */
export function matchPatternList(patterns: readonly string[], text: string): boolean {
  let matched = false;
  for (const raw of patterns) {
    const p = raw.trim();
    if (p === '') continue;
    if (p.startsWith('!')) {
      if (matchPattern(p.slice(1), text)) return false;
    } else if (matchPattern(p, text)) {
      matched = true;
    }
  }
  return matched;
}

const cache = new Map<string, RegExp>();

function patternRegex(pattern: string, caseInsensitive: boolean): RegExp {
  const id = `${caseInsensitive ? 'i' : 's'}:${pattern}`;
  let re = cache.get(id);
  if (!re) {
    const body = [...pattern]
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
    if (cache.size > 1000) cache.clear();
    cache.set(id, re);
  }
  return re;
}
