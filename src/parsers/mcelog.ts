/**
 * Machine-check records as mcelog writes them (`/var/log/mce.log`,
 * `/var/log/mcelog`, `mcelog --client`), guide 3.7.2:
 *
 *   Hardware event. This is not a software error.
 *   MCE 0
 *   CPU 3 BANK 1 [TSC ...]
 *   [MISC 86 ]ADDR 1424bd400
 *   TIME 1415556598 Sun Nov  9 19:09:58 2014
 *   Uncorrected error | Corrected error
 *   MCA: Data CACHE Level-0 Write Error
 *   STATUS bf80000000000124 MCGSTATUS 0
 *
 * mcelog repeats the disclaimer line inside a record when it notes that it
 * cannot decode the CPU (`mcelog: Family 6 Model 4d CPU: only decoding
 * architectural errors`), so a disclaimer starts a new record only once the
 * current one has its CPU/BANK line. Memory errors may name their DIMM
 * (`Location: SOCKET:0 CHANNEL:1 DIMM:0 []`, older `Memory channel of
 * error: 1` / `Memory DIMM ID of error: 0`). Severity is the text line, or
 * else the UC bit (61) of STATUS.
 */
import { issue, lines, type ParseIssue, type Parsed, type Span } from './types.js';

export interface MceRecord {
  readonly cpu?: number;
  readonly bank?: number;
  readonly socket?: number;
  /** Physical address of the error, hex as printed. */
  readonly address?: string;
  /** STATUS register, hex as printed. */
  readonly status?: string;
  readonly time?: Date;
  /** `Corrected error` / `Uncorrected error`, or from the UC bit of STATUS; undefined when neither says. */
  readonly corrected?: boolean;
  /** `Processor context corrupt`, `SRAR`, `Error enabled`... */
  readonly flags: readonly string[];
  /** The `MCA:` decode. */
  readonly mca?: string;
  /** `socket 0 channel 1 dimm 0` when the record names the memory module. */
  readonly dimm?: string;
  readonly span: Span;
}

export interface McelogOutput {
  readonly records: readonly MceRecord[];
  /** mcelog's own remarks (`mcelog: failed to prefill DIMM database from DMI data`). */
  readonly notes: readonly string[];
}

const DISCLAIMER = 'Hardware event. This is not a software error.';
const FLAG_LINES = new Set(['Error enabled', 'Processor context corrupt', 'SRAR', 'SRAO', 'Error overflow', 'Uncorrected error', 'Corrected error', 'MCi_MISC register valid', 'MCi_ADDR register valid', 'Firmware Error']);
/** MCi_STATUS.UC: the error was not corrected. */
const UC_BIT = 61n;

type MutableRecord = { -readonly [K in keyof MceRecord]: MceRecord[K] } & { flags: string[]; channel?: string; dimmId?: string };

function hexBit(hex: string, bit: bigint): boolean | undefined {
  if (!/^[0-9a-fA-F]{1,16}$/.test(hex)) return undefined;
  return ((BigInt(`0x${hex}`) >> bit) & 1n) === 1n;
}

export function parseMcelog(input: string): Parsed<McelogOutput> {
  const records: MutableRecord[] = [];
  const notes: string[] = [];
  const issues: ParseIssue[] = [];
  let cur: MutableRecord | undefined;
  const start = (n: number) => {
    cur = { flags: [], span: { first: n, last: n } };
    records.push(cur);
  };
  lines(input).forEach((raw, i) => {
    const n = i + 1;
    const text = raw.trim();
    if (text === '') return;
    if (text === DISCLAIMER) {
      if (!cur || cur.cpu !== undefined || cur.bank !== undefined) start(n);
      else cur.span = { first: cur.span.first, last: n };
      return;
    }
    if (/^mcelog: /.test(text) || /^Unknown CPU type/.test(text)) {
      notes.push(text);
      return;
    }
    if (!cur) {
      issues.push(issue(n, raw, 'text before the first machine-check record'));
      return;
    }
    cur.span = { first: cur.span.first, last: n };
    let m: RegExpExecArray | null;
    if (/^MCE \d+$/.test(text)) return;
    if ((m = /^CPU (\d+) BANK (\d+)/.exec(text))) {
      cur.cpu = Number(m[1]);
      cur.bank = Number(m[2]);
    } else if ((m = /^(?:MISC \S+ )?ADDR ([0-9a-fA-Fx]+)/.exec(text))) cur.address = m[1]!;
    else if (/^MISC \S+$/.test(text)) return;
    else if ((m = /^TIME (\d+)\b/.exec(text))) cur.time = new Date(Number(m[1]) * 1000);
    else if ((m = /^STATUS ([0-9a-fA-F]+)/.exec(text))) cur.status = m[1]!;
    else if ((m = /^MCA: (.*)$/.exec(text))) cur.mca = m[1]!.trim();
    else if ((m = /SOCKETID (\d+)/.exec(text))) cur.socket = Number(m[1]);
    else if ((m = /^Location: (.*)$/.exec(text))) {
      const s = /SOCKET:(\d+)/.exec(m[1]!)?.[1];
      const c = /CHANNEL:(\S+)/.exec(m[1]!)?.[1];
      const d = /DIMM:(\S+)/.exec(m[1]!)?.[1];
      if (s !== undefined) cur.socket = Number(s);
      if (c !== undefined && c !== '?') cur.channel = c;
      if (d !== undefined && d !== '?') cur.dimmId = d;
    } else if ((m = /^Memory channel of error: (\S+)/i.exec(text))) cur.channel = m[1]!;
    else if ((m = /^Memory DIMM ID of error: (\S+)/i.exec(text))) cur.dimmId = m[1]!;
    else if (FLAG_LINES.has(text)) {
      if (text === 'Corrected error') cur.corrected = true;
      else if (text === 'Uncorrected error') cur.corrected = false;
      else cur.flags.push(text);
    } else if (/^(MCG status|MCi status|MCGCAP|CPUID|Transaction|Memory|RIP|Status|MCG|Hardware|Bank|Run)/.test(text)) {
      // register dumps and decodes that do not change the verdict
    } else if (/^[A-Za-z]/.test(text)) cur.flags.push(text);
    else issues.push(issue(n, raw, 'not a machine-check record line'));
  });
  const value = records.map((r): MceRecord => {
    const { channel, dimmId, ...rest } = r;
    const corrected = rest.corrected ?? (rest.status !== undefined ? (hexBit(rest.status, UC_BIT) === undefined ? undefined : !hexBit(rest.status, UC_BIT)) : undefined);
    const dimm = channel !== undefined || dimmId !== undefined
      ? [rest.socket !== undefined ? `socket ${rest.socket}` : undefined, channel !== undefined ? `channel ${channel}` : undefined, dimmId !== undefined ? `dimm ${dimmId}` : undefined].filter(Boolean).join(' ')
      : undefined;
    return { ...rest, ...(corrected !== undefined ? { corrected } : {}), ...(dimm ? { dimm } : {}) };
  });
  return { value: { records: value, notes }, issues };
}

export const parsers = {
  mcelog: parseMcelog,
} satisfies Record<string, (s: string) => Parsed<unknown>>;

export interface KernelMceLine {
  /** Whether the kernel says the error was corrected; undefined for "events logged" notices. */
  readonly corrected?: boolean;
  readonly kind: 'machine-check' | 'edac' | 'logged';
  /** EDAC: the memory controller and the DIMM label it names. */
  readonly where?: string;
  readonly count: number;
}

/**
 * The kernel's own words for machine checks, in syslog or dmesg:
 * `mce: [Hardware Error]: CPU 1: Machine Check: 0 Bank 8: 8c00004000010091`,
 * `mce: [Hardware Error]: Machine check events logged`,
 * `EDAC MC0: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#0_DIMM#0 (...)`,
 * `EDAC MC1: 1 UE ...`, `Kernel panic - not syncing: Fatal machine check`.
 */
export function kernelMceLine(message: string): KernelMceLine | undefined {
  if (message.length > 4000) return undefined;
  let m: RegExpExecArray | null;
  if ((m = /EDAC (MC\d+): (\d+) (CE|UE)\b(?:.*? on (\S+))?/.exec(message))) {
    return { kind: 'edac', corrected: m[3] === 'CE', where: `${m[1]}${m[4] ? ` ${m[4]}` : ''}`, count: Number(m[2]) };
  }
  if (/Machine check events logged/i.test(message)) return { kind: 'logged', count: 1 };
  if ((m = /Machine Check:? \S+ Bank (\d+): ([0-9a-f]{16})/i.exec(message))) {
    const uc = hexBit(m[2]!, UC_BIT);
    return { kind: 'machine-check', ...(uc === undefined ? {} : { corrected: !uc }), where: `bank ${m[1]}`, count: 1 };
  }
  if (/Fatal machine check|uncorrected hardware memory error|Uncorrected error/i.test(message)) return { kind: 'machine-check', corrected: false, count: 1 };
  return undefined;
}
