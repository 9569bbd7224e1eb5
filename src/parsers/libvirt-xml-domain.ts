/**
 * A libvirt domain definition (`virsh dumpxml DOM`, /etc/libvirt/qemu/NAME.xml
 * with its leading comment) reduced to what the checks look at: disks and
 * their backing chains, interfaces with VLANs and filters, shmem devices,
 * the CPU model and features, graphics and passed-through devices. Secrets
 * (graphics `passwd`) are never copied out.
 */
import { issue, type Parsed, type ParseIssue } from './types.js';
import { attr, child, children, loadXml, textOf, type XmlNode } from './libvirt-xml-load.js';
import { withoutUndefined } from './optional-fields.js';
import { elementSpans } from './xml-lines.js';
import type { Span } from './types.js';

export interface DomainDisk {
  /** `disk`, `cdrom`, `floppy`, `lun`. */
  readonly device: string;
  /** `file`, `block`, `network`, `volume`, `dir`. */
  readonly type: string;
  /** Image format of the driver: `qcow2`, `raw`. */
  readonly driverType?: string;
  readonly cache?: string;
  /** File, device, volume or network name; absent for an empty CD-ROM. */
  readonly source?: string;
  readonly target?: string;
  readonly bus?: string;
  /** Backing files from `<backingStore>`, nearest first. */
  readonly backing: readonly string[];
  readonly readonly: boolean;
  readonly shareable: boolean;
}

export interface DomainInterface {
  readonly type?: string;
  readonly mac?: string;
  readonly bridge?: string;
  readonly network?: string;
  /** Host tap device (`vnet0`) of a running domain. */
  readonly target?: string;
  readonly model?: string;
  readonly vlanTags: readonly number[];
  /** `<virtualport type='openvswitch'>`. */
  readonly virtualport?: string;
  readonly filterref?: {
    readonly filter: string;
    /** Filter parameters; a name given several times (IP) has its values joined with `,`. */
    readonly params: Readonly<Record<string, string>>;
  };
}

export interface DomainShmem {
  readonly name: string;
  /** `<server path=...>`: the socket that must exist (the guide's /tmp/kvmsec antivirus device). */
  readonly serverPath?: string;
  /** `<server>` present: an ivshmem-doorbell device that needs a server. */
  readonly hasServer: boolean;
  readonly sizeMiB?: number;
  readonly model?: string;
}

export interface DomainCpu {
  readonly mode?: string;
  readonly match?: string;
  readonly check?: string;
  readonly model?: string;
  readonly features: readonly { readonly policy: string; readonly name: string }[];
}

export interface DomainGraphics {
  readonly type: string;
  /** -1 means allocated at start (autoport). */
  readonly port?: number;
  readonly listen?: string;
}

export interface DomainHostdev {
  /** `hostdev` (passed through) or `redirdev` (USB redirected from a client). */
  readonly kind: 'hostdev' | 'redirdev';
  /** `usb`, `pci`, `scsi`; for redirdev the channel type (`spicevmc`). */
  readonly type?: string;
  readonly bus?: string;
  readonly vendor?: string;
  readonly product?: string;
  /** PCI `0000:03:00.0` or USB `bus.device`. */
  readonly address?: string;
}

/**
 * A `<channel>` device; the guest agent's is `<channel type='unix'>` with
 * `<target type='virtio' name='org.qemu.guest_agent.0' state='connected'/>`
 * (libvirt reports `state` for a running domain: whether the guest has the
 * port open, i.e. qemu-ga runs).
 */
export interface DomainChannel {
  readonly type?: string;
  readonly targetType?: string;
  readonly name?: string;
  /** `connected` / `disconnected`; absent on a domain that is not running. */
  readonly state?: string;
  readonly path?: string;
  /** Its lines in the input, start tag to end tag. */
  readonly span?: Span;
}

export interface DomainXml {
  /** Empty for a fragment without `<name>`. */
  readonly name: string;
  readonly uuid?: string;
  /** Present in `virsh dumpxml` of a running domain. */
  readonly id?: number;
  readonly type?: string;
  readonly disks: readonly DomainDisk[];
  readonly interfaces: readonly DomainInterface[];
  readonly shmem: readonly DomainShmem[];
  readonly cpu?: DomainCpu;
  readonly graphics: readonly DomainGraphics[];
  readonly hostdevs: readonly DomainHostdev[];
  /** Only when the domain has channel devices. */
  readonly channels?: readonly DomainChannel[];
}

const SOURCE_ATTRS = ['file', 'dev', 'volume', 'name', 'dir', 'path'];
const sourceOf = (source: XmlNode | undefined): string | undefined => SOURCE_ATTRS.map((a) => attr(source, a)).find((v) => v !== undefined);

function backingChain(disk: XmlNode): string[] {
  const chain: string[] = [];
  for (let store = child(disk, 'backingStore'); store; store = child(store, 'backingStore')) {
    const src = sourceOf(child(store, 'source'));
    if (src === undefined) break;
    chain.push(src);
  }
  return chain;
}

function toDisk(d: XmlNode): DomainDisk {
  const driver = child(d, 'driver');
  const target = child(d, 'target');
  return withoutUndefined({
    device: attr(d, 'device') ?? 'disk',
    type: attr(d, 'type') ?? 'file',
    driverType: attr(driver, 'type'),
    cache: attr(driver, 'cache'),
    source: sourceOf(child(d, 'source')),
    target: attr(target, 'dev'),
    bus: attr(target, 'bus'),
    backing: backingChain(d),
    readonly: child(d, 'readonly') !== undefined,
    shareable: child(d, 'shareable') !== undefined,
  });
}

function toInterface(n: XmlNode): DomainInterface {
  const source = child(n, 'source');
  const filter = child(n, 'filterref');
  const params: Record<string, string> = {};
  for (const p of children(filter, 'parameter')) {
    const [k, v] = [attr(p, 'name'), attr(p, 'value')];
    if (k !== undefined && v !== undefined) params[k] = params[k] === undefined ? v : `${params[k]},${v}`;
  }
  const filterName = attr(filter, 'filter');
  return withoutUndefined({
    type: attr(n, 'type'),
    mac: attr(child(n, 'mac'), 'address')?.toLowerCase(),
    bridge: attr(source, 'bridge'),
    network: attr(source, 'network'),
    target: attr(child(n, 'target'), 'dev'),
    model: attr(child(n, 'model'), 'type'),
    vlanTags: children(child(n, 'vlan'), 'tag')
      .map((t) => Number(attr(t, 'id')))
      .filter(Number.isInteger),
    virtualport: attr(child(n, 'virtualport'), 'type'),
    filterref: filterName !== undefined ? { filter: filterName, params } : undefined,
  });
}

/** libvirt scaled units, in MiB (KB/MB/GB are powers of 1000). */
const MIB: Record<string, number> = {
  b: 2 ** -20, bytes: 2 ** -20, k: 2 ** -10, kib: 2 ** -10, kb: 1e3 / 2 ** 20,
  m: 1, mib: 1, mb: 1e6 / 2 ** 20, g: 2 ** 10, gib: 2 ** 10, gb: 1e9 / 2 ** 20, t: 2 ** 20, tib: 2 ** 20,
};

function toShmem(s: XmlNode): DomainShmem {
  const size = child(s, 'size');
  const amount = Number(textOf(size));
  // Without a unit libvirt reads the shmem size in bytes.
  const factor = MIB[(attr(size, 'unit') ?? 'b').toLowerCase()];
  const server = child(s, 'server');
  return withoutUndefined({
    name: attr(s, 'name') ?? '',
    serverPath: attr(server, 'path'),
    hasServer: server !== undefined,
    sizeMiB: size && Number.isFinite(amount) && factor !== undefined ? amount * factor : undefined,
    model: attr(child(s, 'model'), 'type'),
  });
}

function toCpu(c: XmlNode): DomainCpu {
  return withoutUndefined({
    mode: attr(c, 'mode'),
    match: attr(c, 'match'),
    check: attr(c, 'check'),
    model: textOf(child(c, 'model')),
    features: children(c, 'feature').map((f) => ({ policy: attr(f, 'policy') ?? 'require', name: attr(f, 'name') ?? '' })),
  });
}

function toGraphics(g: XmlNode): DomainGraphics {
  const port = Number(attr(g, 'port'));
  return withoutUndefined({
    type: attr(g, 'type') ?? '',
    port: attr(g, 'port') !== undefined && Number.isInteger(port) ? port : undefined,
    listen: attr(g, 'listen') ?? attr(child(g, 'listen'), 'address'),
  });
}

function toHostdev(h: XmlNode, kind: DomainHostdev['kind']): DomainHostdev {
  const source = child(h, 'source');
  const a = child(source, 'address') ?? child(h, 'address');
  const pci = [attr(a, 'domain'), attr(a, 'bus'), attr(a, 'slot'), attr(a, 'function')];
  const address = pci.every((x) => x !== undefined)
    ? `${pci[0]!.replace(/^0x/, '')}:${pci[1]!.replace(/^0x/, '')}:${pci[2]!.replace(/^0x/, '')}.${pci[3]!.replace(/^0x/, '')}`
    : attr(a, 'bus') !== undefined && attr(a, 'device') !== undefined
      ? `${attr(a, 'bus')}.${attr(a, 'device')}`
      : undefined;
  return withoutUndefined({
    kind,
    type: attr(h, 'type'),
    bus: attr(h, 'bus'),
    vendor: attr(child(source, 'vendor'), 'id'),
    product: attr(child(source, 'product'), 'id'),
    address,
  });
}

function toChannel(c: XmlNode, span: Span | undefined): DomainChannel {
  const target = child(c, 'target');
  return withoutUndefined({
    type: attr(c, 'type'),
    targetType: attr(target, 'type'),
    name: attr(target, 'name'),
    state: attr(target, 'state'),
    path: attr(child(c, 'source'), 'path'),
    span,
  });
}

export function parseDomainXml(input: string): Parsed<DomainXml> {
  const loaded = loadXml(input);
  const issues: ParseIssue[] = [...loaded.issues];
  const empty: DomainXml = { name: '', disks: [], interfaces: [], shmem: [], graphics: [], hostdevs: [] };
  if (!loaded.root) return { value: empty, issues };

  const { name: rootName, node: root } = loaded.root;
  const isDomain = rootName === 'domain';
  if (!isDomain && !loaded.fragment) issues.push(issue(1, `<${rootName}>`, 'no <domain> element: read the elements present'));
  // A domain keeps devices under <devices>; a snippet may have them at its top level too.
  const top: XmlNode = isDomain || loaded.fragment ? root : { [rootName]: [root] };
  const scopes = [top, child(top, 'devices')];
  const all = (name: string): XmlNode[] => scopes.flatMap((s) => children(s, name));
  const cpu = all('cpu')[0];
  const id = Number(attr(root, 'id'));
  // Channels are not nested in each other: the n-th span is the n-th channel.
  const channelNodes = all('channel');
  const channelSpans = channelNodes.length ? elementSpans(input, 'channel') : [];
  const channels = channelNodes.map((c, i) => toChannel(c, channelSpans.length === channelNodes.length ? channelSpans[i] : undefined));

  return {
    value: withoutUndefined({
      name: isDomain || loaded.fragment ? (textOf(child(root, 'name')) ?? '') : '',
      uuid: textOf(child(root, 'uuid')),
      id: isDomain && attr(root, 'id') !== undefined && Number.isInteger(id) ? id : undefined,
      type: isDomain ? attr(root, 'type') : undefined,
      disks: all('disk').map(toDisk),
      interfaces: all('interface').map(toInterface),
      shmem: all('shmem').map(toShmem),
      cpu: cpu ? toCpu(cpu) : undefined,
      graphics: all('graphics').map(toGraphics),
      hostdevs: [...all('hostdev').map((h) => toHostdev(h, 'hostdev')), ...all('redirdev').map((h) => toHostdev(h, 'redirdev'))],
      channels: channels.length ? channels : undefined,
    }),
    issues,
  };
}
