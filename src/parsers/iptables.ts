/**
 * Firewall rules as `iptables -S` and `iptables-save` print them: the same
 * rule syntax (`-A INPUT -p tcp -m tcp --dport 5672 -j DROP`), with
 * `-P CHAIN POLICY` / `-N CHAIN` (-S) or `*table`, `:CHAIN POLICY [p:b]`,
 * `COMMIT` and `#` comments (save). Tables other than filter are skipped:
 * usdiag lists only the filter table (listing nat would load conntrack).
 *
 * Each rule keeps what decides whether a TCP connection to a local port
 * matches it (protocol, input interface, destination port or ports,
 * negations) and lists the matches it does not model (`-s`, `-m state`, ...),
 * so a caller can tell "matches for sure" from "may match".
 */
import { issue, lines, lineSpan, type ParseIssue, type Parsed, type Span } from './types.js';

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export interface IptablesRule {
  readonly chain: string;
  /** `tcp`, `udp`, `all`...; undefined: any. `6` is normalised to `tcp`. */
  readonly protocol?: string;
  readonly protocolNegated?: boolean;
  readonly inInterface?: string;
  readonly inInterfaceNegated?: boolean;
  /** Destination ports (`--dport`, `--dports`, `--destination-port(s)`); undefined: any. */
  readonly dports?: readonly PortRange[];
  readonly dportsNegated?: boolean;
  /** `ACCEPT`, `DROP`, `REJECT`, `RETURN`, `LOG`, a user chain; undefined: none (counting rule). */
  readonly target?: string;
  /** `-g CHAIN`: goes to the chain and does not come back. */
  readonly goto?: boolean;
  /** Conditions not modelled (`-s 10.0.0.0/8`, `-m state --state NEW`, `--syn`...). */
  readonly otherConditions: readonly string[];
  readonly span: Span;
  readonly text: string;
}

export interface IptablesRules {
  /** Built-in chains and their policy (`ACCEPT`/`DROP`); user chains have none. */
  readonly policies: Readonly<Record<string, string>>;
  readonly chains: readonly string[];
  readonly rules: readonly IptablesRule[];
}

/** Whitespace-separated words; double-quoted words (comments) kept whole. */
function words(text: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push(m[1] !== undefined ? m[1] : m[2]!);
  return out;
}

const PROTOCOLS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp' };
const MODELLED_MATCH_MODULES = new Set(['tcp', 'udp', 'multiport']);

function ports(spec: string): PortRange[] | undefined {
  const out: PortRange[] = [];
  for (const part of spec.split(',')) {
    const m = /^(\d{0,5})(?::(\d{0,5}))?$/.exec(part);
    if (!m) return undefined;
    const from = m[1] === '' ? 0 : Number(m[1]);
    const to = m[2] === undefined ? from : m[2] === '' ? 65535 : Number(m[2]);
    out.push({ from, to });
  }
  return out;
}

function parseRule(chain: string, args: readonly string[], n: number, text: string): IptablesRule {
  const rule: { -readonly [K in keyof IptablesRule]: IptablesRule[K] } & { otherConditions: string[] } = {
    chain, otherConditions: [], span: lineSpan(n), text,
  };
  let negate = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = args[i + 1];
    if (a === '!') {
      negate = true;
      continue;
    }
    const neg = negate;
    negate = false;
    switch (a) {
      case '-p': case '--protocol':
        rule.protocol = PROTOCOLS[v ?? ''] ?? v?.toLowerCase();
        if (neg) rule.protocolNegated = true;
        i++;
        break;
      case '-i': case '--in-interface':
        rule.inInterface = v;
        if (neg) rule.inInterfaceNegated = true;
        i++;
        break;
      case '--dport': case '--destination-port': case '--dports': case '--destination-ports': {
        const p = ports(v ?? '');
        if (p) rule.dports = p;
        else rule.otherConditions.push(`${a} ${v ?? ''}`);
        if (neg) rule.dportsNegated = true;
        i++;
        break;
      }
      case '-j': case '--jump':
        rule.target = v;
        i++;
        // target options (--reject-with ...) follow; they are not conditions
        i = args.length;
        break;
      case '-g': case '--goto':
        rule.target = v;
        rule.goto = true;
        i = args.length;
        break;
      case '-m': case '--match':
        if (!MODELLED_MATCH_MODULES.has(v ?? '')) rule.otherConditions.push(`-m ${v ?? ''}`);
        i++;
        break;
      case '-c': case '--set-counters':
        i += 2;
        break;
      default: {
        // an option with its value (`-s 10.0.0.0/8`, `--state NEW`, `--comment x`), or a flag (`--syn`)
        const takesValue = v !== undefined && !v.startsWith('-') && v !== '!';
        if (a !== '--comment') rule.otherConditions.push(`${neg ? '! ' : ''}${a}${takesValue ? ` ${v}` : ''}`);
        if (takesValue) i++;
      }
    }
  }
  return rule;
}

export function parseIptablesRules(input: string): Parsed<IptablesRules> {
  const policies: Record<string, string> = {};
  const chains: string[] = [];
  const rules: IptablesRule[] = [];
  const issues: ParseIssue[] = [];
  let table = 'filter';
  lines(input).forEach((raw, i) => {
    const n = i + 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('#') || text === 'COMMIT') return;
    if (text.startsWith('*')) {
      table = text.slice(1);
      return;
    }
    if (table !== 'filter') return;
    let m: RegExpExecArray | null;
    if ((m = /^:(\S+) (\S+)/.exec(text)) || (m = /^-P (\S+) (\S+)$/.exec(text))) {
      if (m[2] !== '-') policies[m[1]!] = m[2]!;
      if (!chains.includes(m[1]!)) chains.push(m[1]!);
      return;
    }
    if ((m = /^-N (\S+)$/.exec(text))) {
      if (!chains.includes(m[1]!)) chains.push(m[1]!);
      return;
    }
    const w = text.length > 4000 ? [] : words(text);
    if ((w[0] === '-A' || w[0] === '--append') && w[1]) {
      rules.push(parseRule(w[1], w.slice(2), n, text));
      return;
    }
    issues.push(issue(n, raw, 'not an iptables rule line'));
  });
  return { value: { policies, chains, rules }, issues };
}

export const parsers = {
  'iptables-S': parseIptablesRules,
  'iptables-save': parseIptablesRules,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
