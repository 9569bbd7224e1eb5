/**
 * One normal form for pasted text and for signature patterns, so that the same
 * error matches however it reached the engineer: copied from a Chinese UI with
 * full-width punctuation, from a colour terminal, from syslog or log4j with
 * their own prefixes, or re-typed with different spacing and case.
 */

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
// Control characters (binary garbage, stray CR, backspaces) become blanks.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;
const NON_ASCII = /[^\x00-\x7f]/;
const CURLY_SINGLE = /[\u2018\u2019\u201a\u201b\u2032]/g;
const CURLY_DOUBLE = /[\u201c\u201d\u201e\u201f\u2033]/g;
const WHITESPACE = /\s+/g;
// Chinese text is spaced inconsistently ("HA 进程响应超时" / "HA进程响应超时"):
// a space next to a CJK character carries no meaning.
const CJK = '\u2e80-\u9fff\uf900-\ufaff';
const SPACE_BY_CJK = new RegExp(` (?=[${CJK}])|(?<=[${CJK}]) `, 'g');

/**
 * NFKC, lower case, ASCII quotes, one space for any run of whitespace, no space
 * beside CJK characters. Used for both input lines and patterns.
 */
export function foldText(s: string): string {
  let t = s.replace(ANSI, '').replace(CONTROL, ' ');
  if (NON_ASCII.test(t)) {
    t = t.normalize('NFKC').replace(CURLY_SINGLE, "'").replace(CURLY_DOUBLE, '"');
  }
  t = t.toLowerCase().replace(WHITESPACE, ' ').trim();
  return NON_ASCII.test(t) ? t.replace(SPACE_BY_CJK, '') : t;
}

// Prefixes that only say when, where and how loud, applied in this order to
// folded text. Each is optional. Message-carrying prefixes such as qemu's
// "kvm: -drive file=...:" are deliberately not listed.
const PROMPT =
  /^(?:\d\d:\d\d:\d\d )?(?:\[[\w.-]+@[^\]#$]{0,80}\]?[#$]|[\w.-]+@[^:#$\s]{0,64}(?: [^:#$\s]{0,64})?:[^#$]{0,120}[#$]) ?/;
const SYSLOG_TIME = /^(?:<\d{1,3}>)?[a-z]{3} {1,2}\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)? /;
const ISO_TIME =
  /^\[?\d{4}-\d\d-\d\d[t ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?: ?(?:z|[+-]\d\d:?\d\d))?\]?:? (?:\d+: )?/;
// "host prog[pid]: " after a syslog timestamp (classic, or RFC 3339 with "T").
// Not after "2023-02-11 10:22:03,118": application logs put their level there.
const HOST_PROGRAM = /^(?:[\w.-]+ )?[\w./@-]+(?:\[\d+\])?: /;
const SYSLOG_ISO = /^\d{4}-\d\d-\d\dt/;
const KERNEL_TIME = /^\[ *\d+\.\d+\] ?/;
const LEVEL =
  /^\[(?:error|err|warn|warning|info|debug|trace|fatal|notice|crit|critical|alert|emerg|severe)\] ?(?:\[[^\]]{1,80}\] ?)?(?:<\d+\.\d+\.\d+> ?)?/;

/** Removes prompt, timestamp, host/program, kernel time and log-level prefixes from a folded line. */
export function stripLogPrefix(folded: string): string {
  let s = folded.replace(PROMPT, '');
  const syslog = SYSLOG_TIME.exec(s);
  const time = syslog ?? ISO_TIME.exec(s);
  if (time) {
    const fromSyslog = syslog !== null || SYSLOG_ISO.test(s);
    s = s.slice(time[0].length);
    const hp = fromSyslog ? HOST_PROGRAM.exec(s) : null;
    if (hp) s = s.slice(hp[0].length);
  }
  s = s.replace(KERNEL_TIME, '').replace(LEVEL, '');
  return s;
}

/** The form a pasted line is matched in. */
export function normalizeLine(raw: string): string {
  return stripLogPrefix(foldText(raw));
}
