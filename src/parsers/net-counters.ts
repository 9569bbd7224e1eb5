/**
 * NIC counter names shared by `ip -s link` and `ifconfig`, and the growth
 * between two samples (the guide: "run it twice, only counters that keep
 * growing matter").
 */

/** Anything with per-interface counters: ip link, ifconfig, /proc/net/dev... */
export interface CounterSample {
  readonly name: string;
  readonly counters: Readonly<Record<string, number>>;
}

/** Per interface, per counter: how much it grew. */
export type CounterGrowth = Record<string, Record<string, number>>;

/**
 * Increase of every counter present in both samples. A counter that went
 * backwards was reset or wrapped; it is left out rather than reported as a
 * huge or negative number. Interfaces present in only one sample are left out.
 */
export function counterGrowth(before: readonly CounterSample[], after: readonly CounterSample[]): CounterGrowth {
  const earlier = new Map(before.map((s) => [s.name, s.counters]));
  const out: CounterGrowth = {};
  for (const s of after) {
    const old = earlier.get(s.name);
    if (!old) continue;
    const grown: Record<string, number> = {};
    for (const [counter, value] of Object.entries(s.counters)) {
      const prev = old[counter];
      if (prev !== undefined && value >= prev) grown[counter] = value - prev;
    }
    out[s.name] = grown;
  }
  return out;
}

/** Column words of ip's statistics headers that are spelled differently from the counter name. */
const COLUMN_ALIASES: Record<string, string> = { collsns: 'collisions', heartbt: 'heartbeat', overruns: 'overrun' };

/** `RX` + `collsns` → `rx_collisions`. */
export function counterName(direction: string, column: string): string {
  const col = column.toLowerCase();
  return `${direction.toLowerCase()}_${COLUMN_ALIASES[col] ?? col}`;
}

const SUFFIX = 'kMGTPE';

/**
 * A counter as iproute2 prints it: plain (`5632499`) or, with `-h`, scaled
 * (`6.04T`, `67.7M`, `1.5Ki` with -iec). Scaled values are approximate.
 */
export function parseCounter(s: string): { value: number; approximate: boolean } | undefined {
  if (/^\d+$/.test(s)) return { value: Number(s), approximate: false };
  const m = /^(\d+(?:\.\d+)?)([kKMGTPE])(i?)$/.exec(s);
  if (!m) return undefined;
  const power = SUFFIX.indexOf(m[2] === 'K' ? 'k' : m[2]!) + 1;
  const base = m[3] ? 1024 : 1000;
  return { value: Math.round(Number(m[1]) * base ** power), approximate: true };
}
