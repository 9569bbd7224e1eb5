/**
 * `virsh domiflist DOM`: a header, a dash rule and one row per vNIC.
 *
 *   Interface  Type       Source     Model       MAC                 (libvirt before 5.x: fixed columns)
 *   -------------------------------------------------------
 *   vnet2      bridge     br0        virtio      52:54:00:8d:45:70
 *
 *    Interface   Type      Source    Model    MAC                    (5.x onwards: sized to the content, leading space)
 *   -------------------------------------------------------------
 *    -           network   default   virtio   52:54:00:92:3d:f4      (`-`: a domain that is not running has no host device)
 *
 * No column holds spaces, so a row is five words; the MAC is the last one.
 * `error:` lines (domain not found, libvirtd down) become issues.
 */
import { issue, lines, type Parsed, type ParseIssue } from './types.js';

export interface DomainNic {
  readonly line: number;
  /** Host tap device (`vnet0`); absent (`-`) when the domain does not run. */
  readonly target?: string;
  /** `bridge`, `network`, `direct`, `vhostuser`... */
  readonly type: string;
  readonly source?: string;
  readonly model?: string;
  /** Lower case. */
  readonly mac: string;
}

export interface DomIfList {
  readonly nics: readonly DomainNic[];
}

const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;
const RULE = /^-{5,}$/;
const dash = (s: string | undefined): string | undefined => (s === undefined || s === '-' ? undefined : s);

export function parseDomiflist(input: string): Parsed<DomIfList> {
  const nics: DomainNic[] = [];
  const issues: ParseIssue[] = [];
  lines(input).forEach((raw, i) => {
    const text = raw.trim();
    if (text === '' || RULE.test(text)) return;
    if (/^error:/i.test(text)) {
      issues.push(issue(i + 1, text, 'virsh error'));
      return;
    }
    const w = text.split(/\s+/);
    if (w[0] === 'Interface' && w.at(-1) === 'MAC') return;
    const mac = w.at(-1)!;
    if (w.length !== 5 || !MAC.test(mac)) {
      issues.push(issue(i + 1, raw, 'not a domiflist row'));
      return;
    }
    const nic: Record<string, unknown> = { line: i + 1, type: w[1]!, mac: mac.toLowerCase() };
    const [target, source, model] = [dash(w[0]), dash(w[2]), dash(w[3])];
    if (target !== undefined) nic.target = target;
    if (source !== undefined) nic.source = source;
    if (model !== undefined) nic.model = model;
    nics.push(nic as unknown as DomainNic);
  });
  return { value: { nics }, issues };
}

export const parsers = {
  'virsh-domiflist': parseDomiflist,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
