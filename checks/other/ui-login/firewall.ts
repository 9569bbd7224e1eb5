/**
 * Does the filter table let a TCP connection reach a local port? The INPUT
 * chain walked in order as the kernel does, into the chains it jumps to: the
 * first rule that surely matches a connection to the port (from this host
 * over `lo`, or from another host) decides; a DROP or REJECT that names the
 * port but has conditions usdiag does not model (a source address, a state)
 * counts as blocking it, an ACCEPT with such conditions is not relied on.
 * At the end of INPUT its policy decides.
 */
import { readProblem } from '../../../src/engine/outputs.js';
import type { CommandOutput, HostContext } from '../../../src/engine/types.js';
import { type IptablesRule, type IptablesRules, parseIptablesRules } from '../../../src/parsers/iptables.js';
import { cmd } from '../../../src/transport/command.js';

/** The filter table only: listing nat would load connection tracking. */
export const IPTABLES_RULES = cmd('iptables', '-S');

export interface PortVerdict {
  readonly target: 'DROP' | 'REJECT';
  readonly chain: string;
  /** The rule that blocks; undefined when the chain's policy does. */
  readonly rule?: IptablesRule | undefined;
  readonly policy?: string | undefined;
}

export async function readFirewall(host: HostContext): Promise<{ output: CommandOutput; rules?: IptablesRules | undefined }> {
  const output = await host.run(IPTABLES_RULES);
  // no iptables on the host: nothing filters
  if (readProblem(output)) return { output };
  return { output, rules: parseIptablesRules(output.stdout).value };
}

type Match = 'yes' | 'maybe' | 'no';

function matches(r: IptablesRule, port: number, iface: string): Match {
  if (r.protocol !== undefined && r.protocol !== 'all') {
    const tcp = r.protocol === 'tcp';
    if (tcp === Boolean(r.protocolNegated)) return 'no';
  }
  let unsure = false;
  if (r.inInterface !== undefined && iface === OUTSIDE) {
    // from another host: any interface but lo; a rule for one NIC may be the one it comes in on
    if (r.inInterface === 'lo' && !r.inInterfaceNegated) return 'no';
    unsure = !(r.inInterface === 'lo' && r.inInterfaceNegated);
  } else if (r.inInterface !== undefined) {
    const name = r.inInterface;
    const hit = name.endsWith('+') ? iface.startsWith(name.slice(0, -1)) : iface === name;
    if (hit === Boolean(r.inInterfaceNegated)) return 'no';
  }
  if (r.dports !== undefined) {
    const hit = r.dports.some((p) => port >= p.from && port <= p.to);
    if (hit === Boolean(r.dportsNegated)) return 'no';
  }
  return r.otherConditions.length || unsure ? 'maybe' : 'yes';
}

/** A connection from another host, on whichever NIC. */
const OUTSIDE = '*';

const MAX_DEPTH = 8;

function walk(rules: IptablesRules, chain: string, port: number, iface: string, depth: number): PortVerdict | 'accept' | undefined {
  if (depth > MAX_DEPTH) return undefined;
  for (const r of rules.rules.filter((x) => x.chain === chain)) {
    const m = matches(r, port, iface);
    if (m === 'no' || r.target === undefined) continue;
    if (r.target === 'DROP' || r.target === 'REJECT') {
      // a rule that names the port blocks it even under conditions usdiag does not model
      if (m === 'yes' || r.dports !== undefined) return { target: r.target, chain, rule: r };
      continue;
    }
    if (m !== 'yes') continue;
    if (r.target === 'ACCEPT') return 'accept';
    if (r.target === 'RETURN') return undefined;
    if (rules.chains.includes(r.target) || rules.rules.some((x) => x.chain === r.target)) {
      const v = walk(rules, r.target, port, iface, depth + 1);
      if (v !== undefined || r.goto) return v;
    }
  }
  return undefined;
}

/** The rule (or policy) that keeps a TCP connection from `port`, locally or from outside; undefined when it passes. */
export function blockingRule(rules: IptablesRules, port: number): PortVerdict | undefined {
  for (const iface of ['lo', OUTSIDE]) {
    const v = walk(rules, 'INPUT', port, iface, 0);
    if (v === 'accept') continue;
    if (v) return v;
    const policy = rules.policies.INPUT;
    if (policy === 'DROP' || policy === 'REJECT') return { target: policy, chain: 'INPUT', policy };
  }
  return undefined;
}
