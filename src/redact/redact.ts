/**
 * Masks secrets where text leaves the process (evidence in reports, captures,
 * logs): VNC/SPICE passwords in libvirt XML, passwords in configuration files,
 * command lines and URLs, whatever their length, and the secrets usdiag itself
 * was given. Checks parse the real output; only what is shown or stored is masked.
 */
import { MASK, maskSecrets } from './secrets.js';

interface Rule {
  readonly re: RegExp;
  readonly replace: (m: string, ...groups: string[]) => string;
}

const RULES: readonly Rule[] = [
  // <graphics type='vnc' passwd='s3cret'/> and similar XML attributes
  {
    re: /\b((?:passwd|password|secret|key|auth_key|authkey)\s*=\s*)(['"])(.*?)\2/gi,
    replace: (_m, pre: string, q: string) => `${pre}${q}${MASK}${q}`,
  },
  // password = x, password: x, PASSWORD=x, db.password=x, auth_token=x (config files, env dumps):
  // the key names a secret at its end, so token_bucket_size = 4096 stays readable
  {
    re: /^(\s*(?:[\w.-]*[._-])?(?:passw(?:or)?d|pwd|secret|token|passphrase|api_?key|auth_?key|secret_?key)\s*[:=]\s*)(\S.*)$/gim,
    replace: (_m, pre: string) => `${pre}${MASK}`,
  },
  // the same key=value in the middle of a log line (`app: connecting db.password=x user=root`), no spaces around =
  {
    re: /((?<![\w.-])(?:[\w.-]*[._-])?(?:passw(?:or)?d|pwd|secret|token|passphrase|api_?key|auth_?key|secret_?key)=)([^\s'"&]+)/gi,
    replace: (_m, pre: string) => `${pre}${MASK}`,
  },
  // command lines: --password X, --password=X, -pX (mysql), sshpass -p X
  {
    re: /(--?(?:password|passwd|pass)(?:=|\s+))(\S+)/gi,
    replace: (_m, pre: string) => `${pre}${MASK}`,
  },
  { re: /(\bmysql(?:dump|admin)?\b[^\n]*?\s-p)([^\s-]\S*)/g, replace: (_m, pre: string) => `${pre}${MASK}` },
  { re: /(\bsshpass\s+-p\s*)(\S+)/g, replace: (_m, pre: string) => `${pre}${MASK}` },
  // URLs with credentials: amqp://user:pass@host
  { re: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s/]+)(@)/gi, replace: (_m, pre: string, _p: string, at: string) => `${pre}${MASK}${at}` },
];

export function redact(s: string): string {
  if (s === '') return s;
  let out = maskSecrets(s);
  for (const r of RULES) out = out.replace(r.re, r.replace as (m: string, ...a: string[]) => string);
  return out;
}
