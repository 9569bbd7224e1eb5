/**
 * Small vocabulary for describing which arguments of a program are read-only.
 * A rule returns null when the arguments are acceptable, or the reason they
 * are not. Rules are allowlists: anything a rule does not know is refused.
 */
export type ArgRule = (args: readonly string[]) => string | null;
export type ValueRule = (value: string) => string | null;

/** Paths a read-only diagnosis has reason to read. */
const READABLE_ROOTS = [
  '/proc/', '/sys/', '/etc/', '/var/log/', '/var/lib/', '/var/run/', '/run/',
  '/vms/', '/tmp/', '/opt/', '/dev/', '/usr/', '/boot/',
];
/** Secrets no check needs, refused even though reading them changes nothing. */
const SECRET_PATHS = [/^\/etc\/g?shadow-?$/, /\/\.ssh\//, /^\/etc\/ssh\/ssh_host_[a-z0-9]+_key$/, /\.erlang\.cookie$/];

export function plainValue(v: string): string | null {
  if (/[\0\n\r]/.test(v)) return 'contains a NUL or newline';
  return null;
}

export const anyValue: ValueRule = plainValue;

export const integer: ValueRule = (v) => (/^\d{1,9}$/.test(v) ? null : `"${v}" is not a whole number`);

/** tail/head sizes: 5000, +10, 8M, 512K. */
export const count: ValueRule = (v) => (/^\+?\d{1,9}[kKMG]?$/.test(v) ? null : `"${v}" is not a count`);

/** A word without shell meaning: names of units, interfaces, bridges, columns. */
export const word: ValueRule = (v) =>
  /^[A-Za-z0-9_][A-Za-z0-9_.:@%+=,\/-]{0,254}$/.test(v) ? null : `"${v}" is not a plain name`;

export function oneOf(...allowed: string[]): ValueRule {
  const set = new Set(allowed);
  return (v) => (set.has(v) ? null : `"${v}" is not one of ${allowed.join(', ')}`);
}

export function absolutePath(v: string): string | null {
  const bad = plainValue(v);
  if (bad) return bad;
  if (!v.startsWith('/')) return `"${v}" is not an absolute path`;
  if (v.split('/').includes('..')) return `"${v}" climbs with ..`;
  return null;
}

/** A file a diagnosis may read (not a block device, not a secret). */
export const readableFile: ValueRule = (v) => {
  const bad = absolutePath(v);
  if (bad) return bad;
  if (!READABLE_ROOTS.some((r) => v.startsWith(r))) return `"${v}" is outside the directories usdiag reads`;
  if (SECRET_PATHS.some((re) => re.test(v))) return `"${v}" holds secrets`;
  if (v.startsWith('/dev/')) return `"${v}" is a device, not a file to read`;
  return null;
};

/** A path that is only inspected (ls, stat, df), never read. */
export const inspectedPath: ValueRule = (v) => {
  const bad = absolutePath(v);
  if (bad) return bad;
  if (SECRET_PATHS.some((re) => re.test(v))) return `"${v}" holds secrets`;
  return null;
};

export const devicePath: ValueRule = (v) => {
  const bad = absolutePath(v);
  if (bad) return bad;
  return v.startsWith('/dev/') ? null : `"${v}" is not under /dev`;
};

/** Disk images: any absolute path (pools live under /vms, /var/lib/libvirt, ...). */
export const imagePath: ValueRule = absolutePath;

export interface OptionSpec {
  /** Options without a value: '-l', '--no-pager'. Short ones may be clustered (-tunap). */
  readonly flags?: readonly string[];
  /** Options with a value, as '-n 5', '-n5', '--lines 5' or '--lines=5'. */
  readonly valued?: Readonly<Record<string, ValueRule>>;
  /** Rule for the operands (everything that is not an option). */
  readonly operands?: (ops: readonly string[]) => string | null;
  /** Stop option parsing at '--' (the operands after it may start with '-'). */
  readonly dashDash?: boolean;
}

/** Validates arguments against an option spec, getopt style. */
export function options(spec: OptionSpec): ArgRule {
  const flags = new Set(spec.flags ?? []);
  const valued = spec.valued ?? {};
  return (args) => {
    const ops: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const bad = plainValue(a);
      if (bad) return bad;
      if (a === '--') {
        if (!spec.dashDash) return 'does not take --';
        ops.push(...args.slice(i + 1));
        break;
      }
      if (a.startsWith('--')) {
        const eq = a.indexOf('=');
        const name = eq < 0 ? a : a.slice(0, eq);
        if (flags.has(a)) continue;
        const rule = valued[name];
        if (!rule) return `option ${name} is not allowed`;
        const value = eq < 0 ? args[++i] : a.slice(eq + 1);
        if (value === undefined) return `option ${name} needs a value`;
        const why = rule(value);
        if (why) return `${name}: ${why}`;
        continue;
      }
      if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
        if (flags.has(a)) continue;
        const exact = valued[a];
        if (exact) {
          const value = args[++i];
          if (value === undefined) return `option ${a} needs a value`;
          const why = exact(value);
          if (why) return `${a}: ${why}`;
          continue;
        }
        // -n5 (attached value) or -tunap (clustered flags)
        const head = a.slice(0, 2);
        const headRule = valued[head];
        if (headRule) {
          const why = headRule(a.slice(2));
          if (why) return `${head}: ${why}`;
          continue;
        }
        for (const ch of a.slice(1)) {
          if (!flags.has(`-${ch}`)) return `option -${ch} is not allowed`;
        }
        continue;
      }
      ops.push(a);
    }
    return spec.operands ? spec.operands(ops) : ops.length ? `takes no operands (got ${ops.join(' ')})` : null;
  };
}

export function each(rule: ValueRule, min = 0, max = Infinity): (ops: readonly string[]) => string | null {
  return (ops) => {
    if (ops.length < min) return `needs at least ${min} operand(s)`;
    if (ops.length > max) return `takes at most ${max} operand(s)`;
    for (const o of ops) {
      const why = rule(o);
      if (why) return why;
    }
    return null;
  };
}

export function none(ops: readonly string[]): string | null {
  return ops.length ? `takes no operands (got ${ops.join(' ')})` : null;
}

/** Programs with subcommands (virsh list, ovs-vsctl show): global options, then a subcommand rule. */
export function subcommands(
  global: OptionSpec,
  table: Readonly<Record<string, ArgRule>>,
): ArgRule {
  const globalFlags = new Set(global.flags ?? []);
  const globalValued = global.valued ?? {};
  return (args) => {
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (!a.startsWith('-')) break;
      const eq = a.indexOf('=');
      const name = eq < 0 ? a : a.slice(0, eq);
      if (globalFlags.has(a)) continue;
      const rule = globalValued[name];
      if (!rule) return `option ${name} is not allowed`;
      const value = eq < 0 ? args[++i] : a.slice(eq + 1);
      if (value === undefined) return `option ${name} needs a value`;
      const why = rule(value);
      if (why) return `${name}: ${why}`;
    }
    const sub = args[i];
    if (sub === undefined) return 'needs a subcommand';
    const rule = table[sub];
    if (!rule) return `subcommand "${sub}" is not read-only (or not known)`;
    const why = rule(args.slice(i + 1));
    return why ? `${sub}: ${why}` : null;
  };
}

export const noArgs: ArgRule = (args) => (args.length ? `takes no arguments (got ${args.join(' ')})` : null);
