/**
 * Small vocabulary for describing which arguments of a program are read-only.
 * A rule returns null when the arguments are acceptable, or the reason they
 * are not. Rules are allowlists: anything a rule does not know is refused.
 *
 * Options are parsed the way getopt(3) and getopt_long(3) parse them, so the
 * policy sees the same option values and operands as the program will:
 * clusters (`-tunap`), attached values (`-n5`, `-eroot`, `--lines=5`),
 * options after operands, and `--`.
 *
 * Paths are normalised (`//`, `/./` and a trailing `/` collapsed; `..` is
 * refused) before any test, so `/etc//shadow` is `/etc/shadow`.
 */
import { type Text, text } from '../i18n/text.js';

export type ArgRule = (args: readonly string[]) => string | null;
export type ValueRule = (value: string) => string | null;

/** Paths a read-only diagnosis has reason to read. */
export const READABLE_ROOTS: readonly string[] = [
  '/proc/', '/sys/', '/etc/', '/var/log/', '/var/lib/', '/var/run/', '/run/',
  '/vms/', '/tmp/', '/opt/', '/dev/', '/usr/', '/boot/',
];

/** A process directory of /proc, or one of its threads. */
const PROC_PID = String.raw`/proc/(?:\d+|self|thread-self)(?:/task/\d+)?`;

/**
 * /proc links that open another file than their path names: a process's root
 * or working directory, its open files, its mapped files. Through them any
 * path (secrets included) is reachable under a name that passes every test.
 */
const PROC_ESCAPE = new RegExp(`^${PROC_PID}/(?:root|cwd|map_files|fd/[^/]+)(?:/|$)`);
/** A process's executable: its link may be inspected (ls -l, readlink), never read through. */
const PROC_EXE = new RegExp(`^${PROC_PID}/exe$`);
const PROC_BELOW_EXE = new RegExp(`^${PROC_PID}/exe/`);

/** Secrets no check needs, refused even though reading them changes nothing. */
const SECRET_PATHS: readonly RegExp[] = [
  /^\/etc\/g?shadow-?$/,
  /^\/etc\/security\/opasswd$/,
  /(?:^|\/)\.ssh(?:\/|$)/,
  /^\/etc\/ssh\/ssh_host_[a-z0-9]+_key$/,
  /(?:^|\/)\.erlang\.cookie$/,
  // a process's environment (passwords passed to it) and memory; the kernel's memory
  new RegExp(`^${PROC_PID}/(?:environ|mem)$`),
  /^\/proc\/kcore$/,
  // TLS private keys, libvirt secrets, the key QEMU decrypts them with, domain XML with VNC/SPICE passwords
  /^\/etc\/(?:pki|ssl)\/(?:.+\/)?private(?:\/|$)/,
  /^\/etc\/libvirt\/secrets(?:\/|$)/,
  /^\/etc\/libvirt\/auth\.conf$/,
  /\/master-key\.aes$/,
  /^\/(?:etc|run|var\/run)\/libvirt\/qemu\/[^/]+\.xml$/,
];

/**
 * Files whose read takes something away from the host: each message is
 * handed to one reader only (the kernel log for syslogd, trace events,
 * ACPI events for acpid, requests to init), or the read touches hardware
 * (a PCI BAR, VPD, option ROM).
 */
const STATEFUL_READS: readonly RegExp[] = [
  /^\/proc\/kmsg$/,
  /^\/sys\/(?:.+\/)?trace_pipe(?:_raw)?$/,
  /^\/proc\/acpi\/event$/,
  /^\/(?:var\/)?run\/initctl$/,
  /^\/(?:var\/)?run\/systemd\/initctl\/fifo$/,
  /^\/sys\/(?:.+\/)?(?:resource\d+(?:_wc)?|vpd|rom)$/,
];

/**
 * Block devices by the names the storage checks use. Opening any other
 * device can act: a watchdog starts its reboot timer, a tape rewinds, a
 * serial line drops DTR, /dev/mcelog and /dev/kmsg hand out records.
 */
const BLOCK_DEVICE = new RegExp(
  '^/dev/(?:(?:sd|vd|xvd|hd)[a-z]+\\d*|dm-\\d+|md\\d+(?:p\\d+)?|nvme\\d+n\\d+(?:p\\d+)?|loop\\d+'
  + '|mapper/(?!control$)[^/]+|disk/by-(?:id|path|uuid|label|partuuid|partlabel)/[^/]+|block/\\d+:\\d+)$',
);

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

/** A name that is neither a path nor an address (no `/`, `:`, `@`): users, nodes, bridges. */
export const plainName: ValueRule = (v) =>
  /^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,254}$/.test(v) && !v.includes('..') ? null : `"${v}" is not a plain name (no path, no address)`;

export function oneOf(...allowed: string[]): ValueRule {
  const set = new Set(allowed);
  return (v) => (set.has(v) ? null : `"${v}" is not one of ${allowed.join(', ')}`);
}

/**
 * The path the kernel resolves for `v`, with `//`, `/./` and a trailing `/`
 * collapsed; null when `v` is not absolute or climbs with `..`.
 */
export function normalPath(v: string): string | null {
  if (!v.startsWith('/') || plainValue(v)) return null;
  const parts = v.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return null;
  return `/${parts.join('/')}`;
}

export function absolutePath(v: string): string | null {
  const bad = plainValue(v);
  if (bad) return bad;
  if (!v.startsWith('/')) return `"${v}" is not an absolute path`;
  if (v.split('/').includes('..')) return `"${v}" climbs with ..`;
  return null;
}

/** What every path rule refuses: escapes through /proc links, and secrets. */
function pathTrouble(v: string, p: string): string | null {
  if (PROC_ESCAPE.test(p) || PROC_BELOW_EXE.test(p)) return `"${v}" is a /proc link that opens another file`;
  if (SECRET_PATHS.some((re) => re.test(p))) return `"${v}" holds secrets`;
  return null;
}

function statefulRead(v: string, p: string): string | null {
  return STATEFUL_READS.some((re) => re.test(p)) ? `"${v}" is consumed or acts on hardware when read` : null;
}

/** A file a diagnosis may read (not a device, not a secret, not a read that consumes). */
export const readableFile: ValueRule = (v) => {
  const bad = absolutePath(v);
  if (bad) return bad;
  const p = normalPath(v)!;
  const trouble = pathTrouble(v, p) ?? statefulRead(v, p);
  if (trouble) return trouble;
  if (PROC_EXE.test(p)) return `"${v}" is a /proc link that opens another file`;
  if (p === '/dev' || p.startsWith('/dev/')) return `"${v}" is a device, not a file to read`;
  if (!READABLE_ROOTS.some((r) => p.startsWith(r))) return `"${v}" is outside the directories usdiag reads`;
  return null;
};

/** A path that is only inspected (ls, stat, readlink: the link or inode, never the content). */
export const inspectedPath: ValueRule = (v) => {
  const bad = absolutePath(v);
  if (bad) return bad;
  return pathTrouble(v, normalPath(v)!);
};

/** A block device the storage checks name. */
export const devicePath: ValueRule = (v) => {
  const bad = absolutePath(v);
  if (bad) return bad;
  const p = normalPath(v)!;
  if (!p.startsWith('/dev/')) return `"${v}" is not under /dev`;
  return BLOCK_DEVICE.test(p) ? null : `"${v}" is not a block device usdiag knows (opening other devices can act on them)`;
};

/**
 * A path df or findmnt is given: inspected, but df opens it (to trigger an
 * automount), so under /dev only a block device.
 */
export const mountPath: ValueRule = (v) => {
  const bad = inspectedPath(v);
  if (bad) return bad;
  const p = normalPath(v)!;
  return p.startsWith('/dev/') ? devicePath(v) : null;
};

/**
 * A disk image file: pools live anywhere (/vms, /var/lib/libvirt/images, ...),
 * but never under /dev, /proc or /sys, and never a secret.
 */
export const imageFile: ValueRule = (v) => {
  const bad = absolutePath(v);
  if (bad) return bad;
  const p = normalPath(v)!;
  const trouble = pathTrouble(v, p) ?? statefulRead(v, p);
  if (trouble) return trouble;
  if (/^\/(?:dev|proc|sys)(?:\/|$)/.test(p)) return `"${v}" is not a disk image file`;
  return null;
};

/** What qemu-img opens: an image file, or a block device holding an image. */
export const imagePath: ValueRule = (v) => {
  const p = normalPath(v);
  return p !== null && p.startsWith('/dev/') ? devicePath(v) : imageFile(v);
};

/** One option as getopt reported it. */
export interface ParsedOption {
  readonly name: string;
  readonly value?: string;
}

export interface ParsedArgs {
  readonly options: readonly ParsedOption[];
  readonly operands: readonly string[];
}

export interface OptionSpec {
  /**
   * Options without a value: '-l', '--no-pager'. Short ones may be clustered
   * (-tunap). A listed word such as '-ll' or '--color=never' is also accepted
   * as it stands.
   */
  readonly flags?: readonly string[];
  /** Options with a value, as '-n 5', '-n5', '--lines 5' or '--lines=5'. */
  readonly valued?: Readonly<Record<string, ValueRule>>;
  /**
   * Options whose value is optional, so getopt takes it only when attached
   * ('-w16', '--width=16'); '-w 16' is the option alone, then an operand.
   */
  readonly optional?: Readonly<Record<string, ValueRule>>;
  /** Rule for the operands (everything that is not an option). */
  readonly operands?: (ops: readonly string[], parsed: ParsedArgs) => string | null;
  /** Stop option parsing at '--' (the operands after it may start with '-'). */
  readonly dashDash?: boolean;
  /** A last test over everything parsed (an option that must be present...). */
  readonly check?: (parsed: ParsedArgs) => string | null;
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * getopt_long(3) over `args`: permuting (options may follow operands) unless
 * `stopAtOperand`, where the first operand and everything after it are
 * operands (a subcommand and its arguments). Returns the reason when an
 * option is not in the spec or a value fails its rule.
 */
export function getopt(spec: OptionSpec, args: readonly string[], stopAtOperand = false): ParsedArgs | string {
  const flags = new Set(spec.flags ?? []);
  const valued = spec.valued ?? {};
  const optional = spec.optional ?? {};
  const options: ParsedOption[] = [];
  const operands: string[] = [];
  const take = (name: string, value: string | undefined, rules = valued): string | null => {
    if (value === undefined) {
      if (rules === optional) {
        options.push({ name });
        return null;
      }
      return `option ${name} needs a value`;
    }
    const why = rules[name]!(value);
    if (why) return `${name}: ${why}`;
    options.push({ name, value });
    return null;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const bad = plainValue(a);
    if (bad) return bad;
    if (a === '--') {
      if (!spec.dashDash) return 'does not take --';
      operands.push(...args.slice(i + 1));
      break;
    }
    if (flags.has(a)) {
      options.push({ name: a });
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a : a.slice(0, eq);
      if (own(optional, name)) {
        const why = take(name, eq < 0 ? undefined : a.slice(eq + 1), optional);
        if (why) return why;
        continue;
      }
      if (!own(valued, name)) return flags.has(name) ? `option ${name} takes no value` : `option ${name} is not allowed`;
      const why = take(name, eq < 0 ? args[++i] : a.slice(eq + 1));
      if (why) return why;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // a cluster of short options; one that takes a value takes the rest of the word, or the next word
      for (let j = 1; j < a.length; j++) {
        const name = `-${a[j]}`;
        if (own(optional, name)) {
          const why = take(name, a.length > j + 1 ? a.slice(j + 1) : undefined, optional);
          if (why) return why;
          break;
        }
        if (own(valued, name)) {
          const rest = a.slice(j + 1);
          const why = take(name, rest !== '' ? rest : args[++i]);
          if (why) return why;
          break;
        }
        if (!flags.has(name)) return `option ${name} is not allowed`;
        options.push({ name });
      }
      continue;
    }
    if (stopAtOperand) {
      operands.push(...args.slice(i));
      break;
    }
    operands.push(a);
  }
  return { options, operands };
}

/** What `usdiag policy` can say about a rule built here (its options, its subcommands). */
export interface RuleOutline {
  readonly flags: readonly string[];
  readonly valued: readonly string[];
  readonly subcommands?: readonly string[];
}

const outlines = new WeakMap<ArgRule, RuleOutline>();

export function ruleOutline(rule: ArgRule): RuleOutline | undefined {
  return outlines.get(rule);
}

function outlineOf(spec: OptionSpec): RuleOutline {
  return { flags: [...(spec.flags ?? [])], valued: [...Object.keys(spec.valued ?? {}), ...Object.keys(spec.optional ?? {}).map((o) => `${o}[VALUE]`)] };
}

/** Validates arguments against an option spec, getopt style. */
export function options(spec: OptionSpec): ArgRule {
  const rule: ArgRule = (args) => {
    const p = getopt(spec, args);
    if (typeof p === 'string') return p;
    const why = spec.operands ? spec.operands(p.operands, p) : none(p.operands);
    if (why) return why;
    return spec.check ? spec.check(p) : null;
  };
  outlines.set(rule, outlineOf(spec));
  return rule;
}

/** A check that one of `names` was given (the option that makes the program only read). */
export function requireOption(names: readonly string[], why: string): (p: ParsedArgs) => string | null {
  return (p) => (p.options.some((o) => names.includes(o.name)) ? null : why);
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
  const rule: ArgRule = (args) => {
    const p = getopt(global, args, true);
    if (typeof p === 'string') return p;
    const [sub, ...rest] = p.operands;
    if (sub === undefined) return 'needs a subcommand';
    if (!own(table, sub)) return `subcommand "${sub}" is not read-only (or not known)`;
    const why = table[sub]!(rest);
    return why ? `${sub}: ${why}` : null;
  };
  outlines.set(rule, { ...outlineOf(global), subcommands: Object.keys(table) });
  return rule;
}

export const noArgs: ArgRule = (args) => (args.length ? `takes no arguments (got ${args.join(' ')})` : null);
outlines.set(noArgs, { flags: [], valued: [] });

/**
 * The words `usdiag policy` uses in argument shapes, each described by the
 * rule above that decides it.
 */
export const VALUE_KINDS: Readonly<Record<string, Text>> = {
  FILE: text(
    `an absolute path under ${READABLE_ROOTS.filter((r) => r !== '/dev/').join(' ')}, after //, /./ and a trailing / are collapsed (.. is refused); never a device, a secret (/etc/shadow, .ssh, SSH host keys, .erlang.cookie, /proc/PID/environ and mem, /proc/kcore, TLS private keys, libvirt secrets and domain XML), a /proc link that opens another file (/proc/PID/root, cwd, fd/N, map_files, exe), or a file that is consumed or acts on hardware when read (/proc/kmsg, trace_pipe, /proc/acpi/event, the initctl FIFO, PCI resource/vpd/rom)`,
    `${READABLE_ROOTS.filter((r) => r !== '/dev/').join(' ')} 下的绝对路径，先合并 //、/./ 和末尾的 /（拒绝 ..）；不能是设备、机密文件（/etc/shadow、.ssh、SSH 主机密钥、.erlang.cookie、/proc/PID/environ 和 mem、/proc/kcore、TLS 私钥、libvirt 密钥和虚拟机 XML）、指向其他文件的 /proc 链接（/proc/PID/root、cwd、fd/N、map_files、exe），也不能是读取即被消费或会操作硬件的文件（/proc/kmsg、trace_pipe、/proc/acpi/event、initctl 管道、PCI 的 resource/vpd/rom）`,
  ),
  PATH: text(
    'any absolute path, normalised like FILE, that is only inspected (name, link, size, times; never the content); secrets and paths through /proc/PID/root, cwd, fd/N, map_files are refused; the /proc/PID/exe link itself may be inspected',
    '任意绝对路径（与 FILE 一样先规范化），只查看其名称、链接、大小、时间，不读取内容；拒绝机密文件以及经由 /proc/PID/root、cwd、fd/N、map_files 的路径；可以查看 /proc/PID/exe 链接本身',
  ),
  MOUNT: text(
    'a PATH that df/findmnt is given; df opens it, so under /dev only a DEVICE',
    '交给 df/findmnt 的 PATH；df 会打开它，因此在 /dev 下只能是 DEVICE',
  ),
  DEVICE: text(
    'a block device by a storage name: /dev/sdX, vdX, xvdX, hdX, dm-N, mdN, nvmeNnN, loopN, /dev/mapper/NAME, /dev/disk/by-id|path|uuid|label|partuuid|partlabel/NAME, /dev/block/M:m; opening any other device can act on it (a watchdog starts its reboot timer, a tape rewinds)',
    '按存储名称给出的块设备：/dev/sdX、vdX、xvdX、hdX、dm-N、mdN、nvmeNnN、loopN、/dev/mapper/名称、/dev/disk/by-id|path|uuid|label|partuuid|partlabel/名称、/dev/block/主:次；打开其他设备可能触发动作（看门狗开始重启倒计时、磁带倒带）',
  ),
  IMAGE: text(
    'a disk image: an absolute path outside /dev, /proc and /sys (pools live in /vms, /var/lib/libvirt/images, ...), never a secret; for qemu-img also a DEVICE',
    '磁盘镜像：/dev、/proc、/sys 以外的绝对路径（存储池位于 /vms、/var/lib/libvirt/images 等），不能是机密文件；qemu-img 还可以是 DEVICE',
  ),
  NAME: text(
    'a plain word (letters, digits, _ . : @ % + = , / -), not starting with -; where a path or a remote target would be possible (services, users, bridges, RabbitMQ nodes) no /, : or @',
    '普通单词（字母、数字及 _ . : @ % + = , / -），不以 - 开头；在可能构成路径或远程目标的地方（服务、用户、网桥、RabbitMQ 节点）不允许 /、: 或 @',
  ),
};
