/**
 * The scan/check options, validated into numbers and choices before anything
 * connects. Every mistake is a UsageError naming the option and the value.
 */
import { msgText } from '../i18n/messages.js';
import { isLang } from '../i18n/text.js';
import type { Role } from '../engine/types.js';
import { UsageError } from './io.js';
import { badFormat, type OutputTarget, parseOutputs, type ReportFormat } from './outputs.js';

export interface ScanFlags {
  host?: string[];
  inventory?: string;
  local?: boolean;
  from?: string;
  role?: string[];
  format?: string;
  output?: string;
  user?: string;
  port?: string;
  identity?: string;
  knownHosts?: string;
  acceptNew?: boolean;
  passwordEnv?: string;
  askPassword?: boolean;
  sshConfig?: string;
  timeout?: string;
  connectTimeout?: string;
  hostTimeout?: string;
  concurrency?: string;
  maxConnections?: string;
  maxHandshakes?: string;
  sampleSeconds?: string;
  probeTimeout?: string;
  watch?: string;
  imageTimeout?: string;
  activeProbes?: boolean;
  saveRaw?: string;
  lang?: string;
  color?: boolean;
  verbose?: boolean;
  force?: boolean;
  waivers?: string;
  dryRun?: boolean;
  sudo?: boolean;
  discover?: boolean;
}

export type Format = ReportFormat;

/** Budget a host gets beyond --watch SECONDS: the reads before and after the samples. */
export const WATCH_MARGIN_S = 120;

export interface HostSpec {
  readonly raw: string;
  readonly user?: string | undefined;
  readonly host: string;
  readonly port?: number | undefined;
}

export type TargetSpec =
  | { readonly kind: 'hosts'; readonly hosts: readonly HostSpec[] }
  | { readonly kind: 'inventory'; readonly path: string }
  | { readonly kind: 'local' }
  | { readonly kind: 'replay'; readonly dir: string };

export interface ScanConfig {
  readonly target: TargetSpec;
  readonly roles: readonly Role[];
  /** The first output's format and file (callers that write one report). */
  readonly format: Format;
  readonly output?: string | undefined;
  /** Every report to write: `--format text,json --output -,report.json`. */
  readonly outputs: readonly OutputTarget[];
  readonly ssh: {
    readonly user?: string | undefined;
    readonly port?: number | undefined;
    readonly identity?: string | undefined;
    readonly knownHosts?: string | undefined;
    readonly acceptNew: boolean;
    readonly passwordEnv?: string | undefined;
    readonly askPassword: boolean;
    readonly sshConfig?: string | undefined;
    readonly connectTimeoutMs: number;
  };
  readonly timeoutSec: number;
  readonly hostTimeoutMs: number;
  /** Hosts working at once; a host whose checks all wait (samples, probes) does not count. */
  readonly concurrency: number;
  /** Hosts in their turn at once, one connection each. */
  readonly maxConnections: number;
  /** SSH handshakes in progress at once. */
  readonly maxHandshakes: number;
  readonly sampleSeconds: number;
  readonly probeSeconds: number;
  /** --watch: seconds usb-device samples lsusb while a device is plugged in. */
  readonly watchSeconds?: number | undefined;
  readonly imageTimeoutSec: number;
  /** --active-probes: checks may send duplicate-address probes (arping -D). */
  readonly activeProbes: boolean;
  readonly saveRaw?: string | undefined;
  readonly color: boolean;
  readonly verbose: boolean;
  /** --force: write --save-raw into a directory that is not empty. */
  readonly force: boolean;
  /** --waivers FILE: accepted findings (src/report/waivers.ts). */
  readonly waiversPath?: string | undefined;
  /** --dry-run: print the first wave of commands per host, validate the files, connect to nothing. */
  readonly dryRun: boolean;
  /** --sudo: every command through `sudo -n` (non-root logins). */
  readonly sudo: boolean;
  /** --discover: scan every node of the OCFS2 cluster.conf of the given hosts too. */
  readonly discover: boolean;
}

function number(option: string, value: string | undefined, fallback: number, min: number, max: number, integer = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(msgText('errBadNumber', { option, value, range: `${min}-${max}` }));
  }
  return n;
}

/** `[user@]host[:port]`, with IPv6 in brackets: `root@[fe80::1]:2222`. */
export function parseHostSpec(raw: string): HostSpec {
  const m = /^(?:([^@\s:]+)@)?(\[[0-9A-Fa-f:.%\w]+\]|[^@\s:[\]]+)(?::(\d{1,5}))?$/.exec(raw);
  const port = m?.[3] !== undefined ? Number(m[3]) : undefined;
  if (!m || (port !== undefined && (port < 1 || port > 65535))) throw new UsageError(msgText('errBadHost', { value: raw }));
  return { raw, user: m[1], host: m[2]!.replace(/^\[|\]$/g, ''), port };
}

/** How reports name a --host: as given, without the user (`root@h:2222` → `h:2222`). */
export function hostSpecName(spec: HostSpec): string {
  return spec.raw.replace(/^[^@]*@/, '');
}

/** --host values, refused when two of them get the same name (one would be dropped, the other reported twice). */
function parseHostSpecs(values: readonly string[]): HostSpec[] {
  const hosts = values.map(parseHostSpec);
  const first = new Map<string, HostSpec>();
  for (const h of hosts) {
    const name = hostSpecName(h);
    const seen = first.get(name);
    if (seen) throw new UsageError(msgText('errDuplicateHost', { name, first: seen.raw, second: h.raw }));
    first.set(name, h);
  }
  return hosts;
}

export function parseScanFlags(flags: ScanFlags): ScanConfig {
  const targets = [flags.host?.length ? 1 : 0, flags.inventory ? 1 : 0, flags.local ? 1 : 0, flags.from ? 1 : 0].reduce((a, b) => a + b, 0);
  if (targets === 0) throw new UsageError(msgText('errNoTarget'));
  if (targets > 1) throw new UsageError(msgText('errTooManyTargets'));
  const target: TargetSpec = flags.host?.length
    ? { kind: 'hosts', hosts: parseHostSpecs(flags.host) }
    : flags.inventory
      ? { kind: 'inventory', path: flags.inventory }
      : flags.local
        ? { kind: 'local' }
        : { kind: 'replay', dir: flags.from! };
  const roles = (flags.role ?? []).map((r) => {
    if (r !== 'vms' && r !== 'vks') throw new UsageError(msgText('errBadRole', { value: r }));
    return r as Role;
  });
  const outputs = parseOutputs(flags.format, flags.output);
  if (flags.lang !== undefined && !isLang(flags.lang)) throw new UsageError(msgText('errBadLang', { value: flags.lang }));
  const watchSeconds = flags.watch === undefined ? undefined : number('--watch', flags.watch, 0, 1, 3600, true);
  const hostTimeoutMs = number('--host-timeout', flags.hostTimeout, 300, 5, 86400) * 1000;
  return {
    target,
    roles: [...new Set(roles)],
    format: outputs[0]!.format,
    output: outputs[0]!.path,
    outputs,
    ssh: {
      user: flags.user,
      port: flags.port === undefined ? undefined : number('--port', flags.port, 22, 1, 65535, true),
      identity: flags.identity,
      knownHosts: flags.knownHosts,
      acceptNew: flags.acceptNew ?? false,
      passwordEnv: flags.passwordEnv,
      askPassword: flags.askPassword ?? false,
      sshConfig: flags.sshConfig,
      connectTimeoutMs: number('--connect-timeout', flags.connectTimeout, 10, 1, 600) * 1000,
    },
    timeoutSec: number('--timeout', flags.timeout, 30, 1, 3600),
    // a watch samples for its whole length: the host's budget covers it and the reads around it
    hostTimeoutMs: watchSeconds === undefined ? hostTimeoutMs : Math.max(hostTimeoutMs, (watchSeconds + WATCH_MARGIN_S) * 1000),
    ...(watchSeconds !== undefined ? { watchSeconds } : {}),
    concurrency: number('--concurrency', flags.concurrency, 16, 1, 1024, true),
    maxConnections: number('--max-connections', flags.maxConnections, 512, 1, 16384, true),
    maxHandshakes: number('--max-handshakes', flags.maxHandshakes, 16, 1, 1024, true),
    sampleSeconds: number('--sample-seconds', flags.sampleSeconds, 2, 1, 600),
    probeSeconds: number('--probe-timeout', flags.probeTimeout, 2, 1, 600, true),
    imageTimeoutSec: number('--image-timeout', flags.imageTimeout, 180, 1, 86400),
    activeProbes: flags.activeProbes === true,
    saveRaw: flags.saveRaw,
    color: flags.color !== false,
    verbose: flags.verbose ?? false,
    force: flags.force ?? false,
    ...(flags.waivers !== undefined ? { waiversPath: flags.waivers } : {}),
    dryRun: flags.dryRun === true,
    sudo: flags.sudo === true,
    discover: flags.discover === true,
  };
}

export function validateLang(flags: { lang?: string }): void {
  if (flags.lang !== undefined && !isLang(flags.lang)) throw new UsageError(msgText('errBadLang', { value: flags.lang }));
}

export function validateFormat(format: string | undefined, allowed: readonly string[]): string {
  const f = format ?? 'text';
  if (!allowed.includes(f)) throw badFormat(f, allowed);
  return f;
}
