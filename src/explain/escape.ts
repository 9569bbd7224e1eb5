const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** A literal string as a regular expression source. */
export function escapeRegex(s: string): string {
  return s.replace(REGEX_SPECIAL, '\\$&');
}
