/**
 * What a domain definition says about its guest and its size, beside the
 * devices libvirt-xml-domain.ts reads: memory and vCPUs (what a start
 * books), title and description (where Usphere users write the guest's
 * system), and the libosinfo os id of the metadata (`http://centos.org/centos/6.8`).
 */
import { attr, child, children, loadXml, textOf, type XmlNode } from './libvirt-xml-load.js';
import { withoutUndefined } from './optional-fields.js';
import type { ParseIssue, Parsed } from './types.js';

export interface DomainGuest {
  readonly name: string;
  /** `<memory>` in KiB: what the domain books when it starts. */
  readonly memoryKiB?: number;
  readonly currentMemoryKiB?: number;
  readonly vcpus?: number;
  readonly title?: string;
  readonly description?: string;
  /** libosinfo os id from `<metadata>`. */
  readonly osId?: string;
}

/** libvirt memory units in KiB (KB/MB/GB are powers of 1000). */
const KIB: Record<string, number> = {
  b: 1 / 1024, bytes: 1 / 1024, k: 1, kib: 1, kb: 1000 / 1024, m: 1024, mib: 1024, mb: 1e6 / 1024,
  g: 1024 ** 2, gib: 1024 ** 2, gb: 1e9 / 1024, t: 1024 ** 3, tib: 1024 ** 3, tb: 1e12 / 1024,
};

function kib(node: XmlNode | undefined): number | undefined {
  const n = Number(textOf(node));
  const factor = KIB[(attr(node, 'unit') ?? 'KiB').toLowerCase()];
  return node && textOf(node) !== undefined && Number.isFinite(n) && factor !== undefined ? Math.round(n * factor) : undefined;
}

/** `<libosinfo:libosinfo><libosinfo:os id=.../>`, whatever prefix the namespace got. */
function osIdOf(metadata: XmlNode | undefined): string | undefined {
  if (!metadata) return undefined;
  for (const [key, value] of Object.entries(metadata)) {
    if (!/(?:^|:)libosinfo$/.test(key) || !Array.isArray(value)) continue;
    for (const info of children(metadata, key)) {
      for (const osKey of Object.keys(info).filter((k) => /(?:^|:)os$/.test(k))) {
        const id = children(info, osKey).map((o) => attr(o, 'id')).find((v) => v !== undefined && v !== '');
        if (id) return id;
      }
    }
  }
  return undefined;
}

export function parseDomainGuest(input: string): Parsed<DomainGuest> {
  const loaded = loadXml(input);
  const issues: ParseIssue[] = [...loaded.issues];
  if (!loaded.root) return { value: { name: '' }, issues };
  const root = loaded.root.name === 'domain' || loaded.fragment ? loaded.root.node : { [loaded.root.name]: [loaded.root.node] };
  const vcpus = Number(textOf(child(root, 'vcpu')));
  return {
    value: withoutUndefined({
      name: textOf(child(root, 'name')) ?? '',
      memoryKiB: kib(child(root, 'memory')),
      currentMemoryKiB: kib(child(root, 'currentMemory')),
      vcpus: Number.isInteger(vcpus) && vcpus > 0 ? vcpus : undefined,
      title: textOf(child(root, 'title')),
      description: textOf(child(root, 'description')),
      osId: osIdOf(child(root, 'metadata')),
    }),
    issues,
  };
}

export const parsers = {
  'libvirt-domain-guest': parseDomainGuest,
} satisfies Record<string, (s: string) => Parsed<unknown>>;
