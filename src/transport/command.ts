/**
 * What a check asks a host to run. A command is data (program, arguments,
 * optional filter stages), never a shell string: the read-only policy turns it
 * into the line that goes over the wire, quoting every value itself.
 */
/**
 * How the engine bounds a command: `probe` may hang on a sick host on purpose
 * (df on a blocked OCFS2 mount: --probe-timeout, short); `image-check` reads a
 * whole disk image (qemu-img check: --image-timeout, and only a few at once
 * per host so they neither hold every channel nor load a sick SAN).
 * Anything else gets --timeout.
 */
export type CommandKind = 'probe' | 'image-check';

export interface Command {
  /** Program and its arguments, each a literal value (no shell syntax). */
  readonly argv: readonly string[];
  /** Filter stages the output is piped through on the host (grep, head, tail...). */
  readonly pipe?: readonly (readonly string[])[];
  readonly kind?: CommandKind;
  /**
   * Exit statuses that mean the read worked (qemu-img check's 2 and 3 report
   * what it found). Default: 0 only. Anything else is a failed read, except
   * "No such file or directory" and a missing program, which say what is absent.
   */
  readonly okExit?: readonly number[];
  /**
   * The path this command probes: when it times out, that path does not
   * answer, and later commands of the scan that name a path under it are not
   * sent (they would hang the same way).
   */
  readonly probes?: string;
  /**
   * Host-side time limit in seconds (the policy wraps the command in timeout(1)).
   * Checks do not set it: the engine fills it from --timeout, --probe-timeout
   * or --image-timeout by `kind`.
   */
  readonly timeoutSec?: number;
  /**
   * Sample number for commands deliberately run more than once in a scan
   * (error counters read twice). Sample 1 is the default; each sample is run
   * and captured separately.
   */
  readonly sample?: number;
  /**
   * The command sends packets on the network (arping -D): the policy refuses
   * it unless the run allows active probes (--active-probes). Programs the
   * allowlist marks active are refused without this marker.
   */
  readonly active?: true;
}

export function cmd(...argv: string[]): Command {
  return { argv };
}

/** Characters that never need quoting in a POSIX shell word. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes one value for a POSIX shell: bare when it is made only of safe
 * characters, otherwise in single quotes (a single quote becomes '\'').
 */
export function shellQuote(value: string): string {
  if (value !== '' && SAFE_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

const commandKeys = new WeakMap<Command, string>();

/**
 * The canonical form of a command: how reports show it, how captures and
 * fixtures are keyed, and how one scan shares its output between checks.
 * It leaves out the policy's own wrappers (locale, timeout).
 */
export function commandKey(c: Command): string {
  // Commands are immutable values and the same constant is run by many checks and leads
  // (every host reads every peer's ip/virsh outputs): quote each one once.
  let key = commandKeys.get(c);
  if (key === undefined) {
    key = [c.argv, ...(c.pipe ?? [])].map(shellJoin).join(' | ');
    commandKeys.set(c, key);
  }
  return key;
}

/** Cache/capture identity: the canonical form plus the sample number when above 1. */
export function sampleKey(c: Command): string {
  return keyWithSample(commandKey(c), c.sample);
}

/** `key`, or `key #N` for the N-th sample (N > 1): how scans share outputs and captures index them. */
export function keyWithSample(key: string, sample = 1): string {
  return sample > 1 ? `${key} #${sample}` : key;
}

/**
 * Splits a shell line the way `sh` would for the subset usdiag itself emits:
 * words, single quotes, double quotes with backslash escapes, backslash escapes,
 * and `|` as a stage separator. Anything else that a shell treats as syntax
 * (`;`, `&`, `>`, `<`, `` ` ``, `$(`, newlines) is reported, not interpreted.
 */
export interface SplitLine {
  stages: string[][];
  /** Shell syntax found outside quotes that this splitter does not interpret. */
  syntax: string[];
}

export function splitShellLine(line: string): SplitLine {
  const stages: string[][] = [[]];
  const syntax: string[] = [];
  let word: string | null = null;
  let i = 0;
  const push = () => {
    if (word !== null) stages[stages.length - 1]!.push(word);
    word = null;
  };
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) {
        syntax.push('unterminated quote');
        word = (word ?? '') + line.slice(i + 1);
        break;
      }
      word = (word ?? '') + line.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let out = '';
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) {
          out += line[j + 1];
          j++;
        } else {
          if (line[j] === '$' || line[j] === '`') syntax.push(line[j]!);
          out += line[j];
        }
      }
      if (j >= line.length) syntax.push('unterminated quote');
      word = (word ?? '') + out;
      i = j + 1;
      continue;
    }
    if (ch === '\\') {
      if (i + 1 < line.length) word = (word ?? '') + line[i + 1];
      i += 2;
      continue;
    }
    if (ch === ' ' || ch === '\t') {
      push();
      i++;
      continue;
    }
    if (ch === '|') {
      if (line[i + 1] === '|') {
        syntax.push('||');
        i += 2;
        continue;
      }
      push();
      stages.push([]);
      i++;
      continue;
    }
    if (';&<>`\n\r(){}'.includes(ch) || (ch === '$' && line[i + 1] === '(')) {
      syntax.push(ch === '$' ? '$(' : ch);
      push();
      i++;
      continue;
    }
    if (ch === '*' || ch === '?' || ch === '[' || (ch === '~' && word === null) || ch === '$') {
      // Unquoted globs, a leading tilde and parameter expansion are shell syntax.
      syntax.push(ch);
    }
    word = (word ?? '') + ch;
    i++;
  }
  push();
  return { stages, syntax };
}
