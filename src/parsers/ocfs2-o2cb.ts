/**
 * The o2cb defaults file (`/etc/default/o2cb` on Debian/Ubuntu,
 * `/etc/sysconfig/o2cb` on RHEL): shell `KEY=value` lines, every key optional.
 * Guide 3.5.2 asks to compare it between nodes; a missing key means the
 * default, so nodes are compared on effective values.
 */
import { issue, lines, toInt, type ParseIssue, type Parsed } from './types.js';

/** Raw `KEY=value` pairs of the o2cb defaults file, quotes removed. */
export type O2cbDefaults = Record<string, string>;

export interface O2cbFile {
  readonly values: O2cbDefaults;
  /** The lines that set each key, in order (the shell keeps the last one). */
  readonly keyLines: Readonly<Record<string, readonly number[]>>;
}

/** The file with where each key is set (evidence). */
export function parseO2cbFile(input: string): Parsed<O2cbFile> {
  const values: O2cbDefaults = {};
  const keyLines: Record<string, number[]> = {};
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_]\w*)=(.*)$/.exec(text);
    if (!m) {
      issues.push(issue(i + 1, raw, 'expected KEY=value'));
      return;
    }
    values[m[1]!] = unquote(m[2]!);
    (keyLines[m[1]!] ??= []).push(i + 1);
  });
  return { value: { values, keyLines }, issues };
}

export function parseO2cbDefaults(input: string): Parsed<O2cbDefaults> {
  const r = parseO2cbFile(input);
  return { value: r.value.values, issues: r.issues };
}

function unquote(v: string): string {
  // The lookbehind starts the comment search only where a run of spaces begins: /\s+#.*$/ retried at every space (quadratic).
  const s = v.replace(/(?<!\s)\s+#.*$/s, '').trim();
  const q = /^(["'])(.*)\1$/.exec(s);
  return q ? q[2]! : s;
}

export interface EffectiveO2cb {
  readonly enabled: boolean;
  readonly stack: string;
  readonly bootCluster?: string;
  /** Disk heartbeat iterations (2 s each) before a node is declared dead; 31 = 60 s. */
  readonly heartbeatThreshold: number;
  readonly idleTimeoutMs: number;
  readonly keepaliveDelayMs: number;
  readonly reconnectDelayMs: number;
}

const O2CB_DEFAULTS = { threshold: 31, idle: 30000, keepalive: 2000, reconnect: 2000 };

/** Values o2cb actually uses, defaults filled in, so `=31` and a missing key compare equal. */
export function effectiveO2cb(raw: O2cbDefaults): EffectiveO2cb {
  const num = (k: string, d: number) => toInt(raw[k]) ?? d;
  const bootCluster = raw.O2CB_BOOTCLUSTER;
  return {
    enabled: raw.O2CB_ENABLED === 'true',
    stack: raw.O2CB_STACK || 'o2cb',
    ...(bootCluster ? { bootCluster } : {}),
    heartbeatThreshold: num('O2CB_HEARTBEAT_THRESHOLD', O2CB_DEFAULTS.threshold),
    idleTimeoutMs: num('O2CB_IDLE_TIMEOUT_MS', O2CB_DEFAULTS.idle),
    keepaliveDelayMs: num('O2CB_KEEPALIVE_DELAY_MS', O2CB_DEFAULTS.keepalive),
    reconnectDelayMs: num('O2CB_RECONNECT_DELAY_MS', O2CB_DEFAULTS.reconnect),
  };
}

const EFFECTIVE_KEYS: Record<keyof EffectiveO2cb, string> = {
  enabled: 'O2CB_ENABLED',
  stack: 'O2CB_STACK',
  bootCluster: 'O2CB_BOOTCLUSTER',
  heartbeatThreshold: 'O2CB_HEARTBEAT_THRESHOLD',
  idleTimeoutMs: 'O2CB_IDLE_TIMEOUT_MS',
  keepaliveDelayMs: 'O2CB_KEEPALIVE_DELAY_MS',
  reconnectDelayMs: 'O2CB_RECONNECT_DELAY_MS',
};

export interface O2cbDifference {
  /** File key, e.g. `O2CB_HEARTBEAT_THRESHOLD`. */
  readonly key: string;
  /** Effective values (defaults filled in); undefined when unset and without default. */
  readonly a?: string;
  readonly b?: string;
}

/**
 * Keys whose effective value differs between two nodes: the timeouts with
 * defaults applied, plus any other key (vendor additions) compared as text.
 */
export function diffO2cb(a: O2cbDefaults, b: O2cbDefaults): O2cbDifference[] {
  const out: O2cbDifference[] = [];
  const ea = effectiveO2cb(a);
  const eb = effectiveO2cb(b);
  for (const [field, key] of Object.entries(EFFECTIVE_KEYS) as Array<[keyof EffectiveO2cb, string]>) {
    const va = ea[field];
    const vb = eb[field];
    if (va !== vb) {
      out.push({ key, ...(va !== undefined ? { a: String(va) } : {}), ...(vb !== undefined ? { b: String(vb) } : {}) });
    }
  }
  const known = new Set(Object.values(EFFECTIVE_KEYS));
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (known.has(key) || a[key] === b[key]) continue;
    out.push({ key, ...(a[key] !== undefined ? { a: a[key] } : {}), ...(b[key] !== undefined ? { b: b[key] } : {}) });
  }
  return out;
}
