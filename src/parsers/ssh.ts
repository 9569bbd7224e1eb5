/**
 * OpenSSH as the migration of guide 3.4.8 meets it: `ssh -Q cipher` (the
 * ciphers the local OpenSSH supports, one name a line; it only queries, it
 * opens no connection) and the management node's cas.log lines of a failed
 * SCP copy ("=====SCP : scp -o Ciphers=LIST SRC DST", then "Bad SSH2 cipher
 * spec 'LIST'").
 */
import { parseAppLogLine } from './app-log.js';
import { issue, lines, lineSpan, tokens, type Parsed, type ParseIssue, type Span } from './types.js';

export interface SshName {
  readonly name: string;
  readonly line: number;
}

export interface SshQuery {
  readonly names: readonly SshName[];
}

/** An algorithm name: `aes128-ctr`, `chacha20-poly1305@openssh.com`, `rijndael-cbc@lysator.liu.se`. */
const ALGORITHM = /^[A-Za-z0-9][A-Za-z0-9._+-]*(@[A-Za-z0-9.-]+)?$/;

export function parseSshQuery(input: string): Parsed<SshQuery> {
  const names: SshName[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const t = raw.trim();
    if (t === '') return;
    if (t.length <= 100 && ALGORITHM.test(t)) names.push({ name: t, line: i + 1 });
    else issues.push(issue(i + 1, raw, 'not an algorithm name'));
  });
  return { value: { names }, issues };
}

/** One cas.log line of the SCP path: the copy command, or OpenSSH's refusal of its cipher list. */
export interface ScpCipherRecord {
  readonly kind: 'scp' | 'bad-spec';
  /** The cipher list: `-o Ciphers=` of the scp line, the quoted spec of the refusal. */
  readonly ciphers: readonly string[];
  /** scp's source and target (the VM's disk file on the old and the new platform). */
  readonly source?: string;
  readonly target?: string;
  readonly time?: Date;
  readonly stamp?: string;
  readonly line: number;
  readonly span: Span;
}

const BAD_SPEC = "Bad SSH2 cipher spec '";
const unquote = (s: string): string => s.replace(/^["']|["']$/g, '');
const cipherList = (s: string): string[] => s.split(',').map((c) => c.trim()).filter(Boolean);

function scpRecord(text: string): Pick<ScpCipherRecord, 'ciphers' | 'source' | 'target'> | undefined {
  const t = tokens(text).map((k) => k.text);
  const at = t.indexOf('scp');
  if (at < 0) return undefined;
  let ciphers: string[] = [];
  const operands: string[] = [];
  for (let i = at + 1; i < t.length; i++) {
    const w = t[i]!;
    if (w === '-o' && i + 1 < t.length) {
      const opt = t[++i]!;
      if (/^Ciphers=/i.test(opt)) ciphers = cipherList(opt.slice(opt.indexOf('=') + 1));
    } else if (/^-oCiphers=/i.test(w)) ciphers = cipherList(w.slice(w.indexOf('=') + 1));
    else if (w === '-c' && i + 1 < t.length) ciphers = cipherList(t[++i]!);
    else if (!w.startsWith('-')) operands.push(unquote(w));
  }
  if (ciphers.length === 0) return undefined;
  const [source, target] = operands.slice(-2);
  return { ciphers, ...(source !== undefined ? { source } : {}), ...(target !== undefined ? { target } : {}) };
}

/**
 * The SCP command lines and cipher refusals of a cas.log read (already
 * filtered on the host). Other lines are skipped without an issue: the
 * grep pattern may bring the task's context along.
 */
export function parseScpCipherLog(input: string): Parsed<ScpCipherRecord[]> {
  const value: ScpCipherRecord[] = [];
  lines(input).forEach((raw, i) => {
    const stamp = parseAppLogLine(raw);
    const when = { ...(stamp.time ? { time: stamp.time } : {}), ...(stamp.stamp ? { stamp: stamp.stamp } : {}), line: i + 1, span: lineSpan(i + 1) };
    const bad = raw.indexOf(BAD_SPEC);
    if (bad >= 0) {
      const from = bad + BAD_SPEC.length;
      const end = raw.indexOf("'", from);
      value.push({ kind: 'bad-spec', ciphers: cipherList(raw.slice(from, end < 0 ? raw.length : end)), ...when });
      return;
    }
    const scp = scpRecord(raw);
    if (scp) value.push({ kind: 'scp', ...scp, ...when });
  });
  return { value, issues: [] };
}

export const parsers = {
  'ssh-q': parseSshQuery,
  'cas-log-scp': parseScpCipherLog,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
