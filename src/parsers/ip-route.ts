/**
 * `ip route` (and `ip route show table all`): one route per line, read as
 * keyword/value pairs after the optional route type and the destination.
 * Old iproute2 separates fields with double spaces; `nexthop` lines of a
 * multipath route are indented continuation lines of the route above.
 *
 *   default via 192.168.23.250 dev enp0s25 proto dhcp metric 100
 *   10.64.54.0/23 dev tun0  proto kernel  scope link  src 10.64.54.44  metric 50
 *   broadcast 10.64.54.0 dev tun0  table local  proto kernel  scope link  src 10.64.54.44
 */
import { issue, lines, type Parsed, type ParseIssue, toInt } from './types.js';

export interface Route {
  readonly line: number;
  /** unicast (printed as nothing), local, broadcast, unreachable, blackhole, multicast, throw... */
  readonly type: string;
  /** `default` or a prefix / address. */
  readonly dst: string;
  /** Next hops (one for a plain route, several for a multipath one). */
  readonly via: readonly string[];
  readonly dev?: string;
  readonly src?: string;
  readonly proto?: string;
  readonly scope?: string;
  readonly metric?: number;
  readonly table?: string;
  readonly flags: readonly string[];
}

export interface IpRoutes {
  readonly routes: readonly Route[];
}

const TYPES = new Set(['unicast', 'local', 'broadcast', 'multicast', 'throw', 'unreachable', 'prohibit', 'blackhole', 'nat', 'anycast']);
const VALUE_KEYS = new Set(['via', 'dev', 'src', 'proto', 'scope', 'metric', 'table', 'mtu', 'advmss', 'error', 'weight', 'expires', 'hoplimit', 'pref', 'realm', 'realms', 'initcwnd', 'initrwnd', 'rto_min', 'quickack', 'from', 'tos', 'nhid']);
const FLAGS = new Set(['linkdown', 'onlink', 'pervasive', 'offload', 'dead', 'notify', 'trap', 'rt_offload', 'rt_trap']);

type MutableRoute = { -readonly [K in keyof Route]: Route[K] } & { via: string[]; flags: string[] };

function applyPairs(route: MutableRoute, words: readonly string[], from: number): void {
  for (let i = from; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    if (VALUE_KEYS.has(w) && next !== undefined) {
      i++;
      if (w === 'via') route.via.push(next === 'inet' || next === 'inet6' ? (words[++i] ?? next) : next);
      else if (w === 'metric') route.metric = toInt(next);
      else if (w === 'dev' || w === 'src' || w === 'proto' || w === 'scope' || w === 'table') route[w] ??= next;
    } else if (FLAGS.has(w)) route.flags.push(w);
  }
}

/** `ip route [show] [table T]`. */
export function parseIpRoute(input: string): Parsed<IpRoutes> {
  const routes: MutableRoute[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const words = text.split(/\s+/);
    // A nexthop (or cache) line continues the route above.
    if (/^\s/.test(raw) || words[0] === 'nexthop' || words[0] === 'cache') {
      const last = routes.at(-1);
      if (last) applyPairs(last, words, 0);
      else issues.push(issue(i + 1, raw, 'continuation line without a route'));
      return;
    }
    let k = 0;
    const type = TYPES.has(words[0]!) ? words[k++]! : 'unicast';
    const dst = words[k++];
    if (dst === undefined || VALUE_KEYS.has(dst)) {
      issues.push(issue(i + 1, raw, 'not an ip route line'));
      return;
    }
    const route: MutableRoute = { line: i + 1, type, dst, via: [], flags: [] };
    applyPairs(route, words, k);
    routes.push(route);
  });
  return { value: { routes }, issues };
}

/** The next hops of the default routes (main table first, lowest metric first). */
export function defaultGateways(routes: readonly Route[]): { gateway: string; route: Route }[] {
  return routes
    .filter((r) => r.dst === 'default' && r.type === 'unicast')
    .sort((a, b) => Number(a.table !== undefined) - Number(b.table !== undefined) || (a.metric ?? 0) - (b.metric ?? 0))
    .flatMap((r) => r.via.map((gateway) => ({ gateway, route: r })));
}

export const parsers = {
  'ip-route': parseIpRoute,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
