/**
 * The per-VM disk and image reads of the compute checks (qcow2-corrupt,
 * qcow2-snapshot-table, vm-deploy-7501, migration-ssh-cipher): each VM's
 * domain XML and its qcow2 disks, its qemu log, the df probe of the shared
 * pools that hold the images (shared with storage-blocked), and `qemu-img
 * check -U` / `qemu-img info -U` of one image. The engine shares identical
 * command lines between the checks of one host, so each read crosses the
 * network once per scan whichever checks ask for it.
 */
import { excerpt, parsedOnce, readProblem } from '../../src/engine/outputs.js';
import type { CheckContext, CommandOutput, Evidence } from '../../src/engine/types.js';
import { defineMessages, type Msg } from '../../src/i18n/message.js';
import { parseDomainXml } from '../../src/parsers/libvirt-xml.js';
import type { DomainXml } from '../../src/parsers/libvirt-xml-domain.js';
import { parseMount } from '../../src/parsers/mount.js';
import { type QemuImgCheck, parseQemuImgCheck } from '../../src/parsers/qemu-img.js';
import { parseVirshList, type VirshDomain } from '../../src/parsers/virsh.js';
import { type Command, cmd } from '../../src/transport/command.js';
import { MOUNT, VIRSH_LIST } from './commands.js';
import { type LogRead, readLog } from './logs.js';
import { mountPointOf, probeMount } from './mount-probe.js';
import { hungProbeEvidence } from './probe-evidence.js';

export const imageMsg = defineMessages('image-reads', {
  poolHung: {
    en: 'its pool {pool} does not answer (df did not return within {seconds} s): not checked, qemu-img would hang there too',
    zh: '所在存储池 {pool} 无响应（df 在 {seconds} 秒内未返回）：未检查，qemu-img 也会卡在那里',
  },
  cannotCheck: { en: 'qemu-img check could not check {image}: {why}', zh: 'qemu-img check 无法检查 {image}：{why}' },
  exitStatus: { en: 'exit status {code}', zh: '退出码 {code}' },
});

/** Lines of what qemu-img said instead of a result. */
const FAILURE_LINES_SHOWN = 6;
/** Shared pools a read could hang in: cluster and network file systems. */
const SHARED_FS = new Set(['ocfs2', 'nfs', 'nfs4', 'gfs2', 'glusterfs', 'cifs', 'ceph', 'fuse.glusterfs']);

export const dumpxml = (vm: string): Command => cmd('virsh', '-r', 'dumpxml', '--', vm);
export const qemuLogPath = (vm: string): string => `/var/log/libvirt/qemu/${vm}.log`;

/**
 * qemu-img check reads every L1/L2 and refcount table: a few seconds for
 * usual images, up to minutes for multi-TB ones on slow storage (--image-timeout).
 * Its exit status is the verdict: 2 corrupt, 3 leaks only.
 */
export const imageCheck = (image: string): Command => ({ argv: ['qemu-img', 'check', '-U', '--', image], kind: 'image-check', okExit: [0, 2, 3] });

/**
 * qemu-img info reads the header and, with --backing-chain, the header of
 * every backing file (-U: a shared open, beside the running VM). It does not
 * walk the tables, but it opens the image like the check: it goes under the
 * image-check limit too.
 */
export const imageInfo = (image: string, chain = false): Command => ({
  argv: ['qemu-img', 'info', '-U', ...(chain ? ['--backing-chain'] : []), '--output=json', '--', image],
  kind: 'image-check',
});

export interface Disk {
  readonly vm: string;
  readonly vmState: string;
  readonly image: string;
}

/** A VM's domain XML read: the parsed definition when the read worked, the output either way. */
export interface DomainRead {
  readonly out: CommandOutput;
  readonly xml?: DomainXml | undefined;
}

export async function readDomain(ctx: CheckContext, d: VirshDomain): Promise<DomainRead> {
  const out = await ctx.run(dumpxml(d.name));
  return readProblem(out) ? { out } : { out, xml: parsedOnce(out, parseDomainXml).value };
}

/** The qcow2 file disks of a domain definition. */
export function qcow2DisksOf(d: VirshDomain, xml: DomainXml | undefined): Disk[] {
  return (xml?.disks ?? [])
    .filter((k) => k.device === 'disk' && k.type === 'file' && k.driverType === 'qcow2' && k.source?.startsWith('/'))
    .map((k) => ({ vm: d.name, vmState: d.state, image: k.source! }));
}

export async function qcow2Disks(ctx: CheckContext, d: VirshDomain): Promise<Disk[]> {
  return qcow2DisksOf(d, (await readDomain(ctx, d)).xml);
}

/** A shared pool that does not answer: why its images are not read, and what shows it. */
export interface HungPool {
  readonly why: Msg;
  readonly evidence: readonly Evidence[];
}

/**
 * The shared pools holding these images that do not answer (the df probe
 * storage-blocked runs too, shared), with the reason: their images are not
 * read, since qemu-img would hang in the same place.
 */
export async function hungPools(ctx: CheckContext, images: readonly string[]): Promise<Map<string, HungPool>> {
  const out = await ctx.run(MOUNT);
  const shared = readProblem(out) ? [] : parsedOnce(out, parseMount).value.filter((m) => SHARED_FS.has(m.fsType)).map((m) => m.mountPoint);
  const used = [...new Set(images.flatMap((i) => mountPointOf(i, shared) ?? []))];
  const probes = await Promise.all(used.map((mp) => probeMount(ctx, mp)));
  return new Map(probes.filter((p) => p.hung).map((p) => [p.mountPoint, {
    why: imageMsg('poolHung', { pool: p.mountPoint, seconds: ctx.options.probeSeconds }),
    evidence: hungProbeEvidence(p, ctx.options.probeSeconds),
  }]));
}

/** The hung pool an image lies on, if any. */
export function hungPoolOf(hung: ReadonlyMap<string, HungPool>, image: string): HungPool | undefined {
  return hung.get(mountPointOf(image, [...hung.keys()]) ?? '');
}

/** qemu-img check of one image: its result, or why there is none. */
export interface ImageCheckRead {
  readonly check?: QemuImgCheck | undefined;
  /** qemu-img check's output, both streams as one text (what the parser read and the evidence cuts). */
  readonly checkOutput?: CommandOutput | undefined;
  readonly undecided?: Msg | undefined;
  readonly undecidedEvidence?: readonly Evidence[] | undefined;
}

export async function checkImage(ctx: CheckContext, image: string): Promise<ImageCheckRead> {
  const out = await ctx.run(imageCheck(image));
  // qemu-img prints the per-cluster lines on stderr, before the summary it prints on stdout:
  // the parser reads both as one text, and the evidence is cut from that same text.
  const both: CommandOutput = { ...out, stdout: `${out.stderr}\n${out.stdout}` };
  const parsed = parseQemuImgCheck(both.stdout, out.exitCode ?? undefined);
  const c = parsed.value;
  // What qemu-img said instead of a result: its messages, then lines it does not know.
  const said = [...c.spans.messages, ...parsed.issues.map((i) => i.line), ...c.spans.errors].slice(0, FAILURE_LINES_SHOWN);
  const failed = (undecided: Msg) => ({ checkOutput: both, undecided, undecidedEvidence: [excerpt(both, said)] });
  // Refused, lost or out of time: the read's own reason (it names the image and the limit).
  if (out.failure || out.timedOut) return failed(readProblem(out)!);
  if (c.verdict === 'unsupported') return { check: c, checkOutput: both };
  if (c.verdict === 'locked' || c.verdict === 'check-failed' || c.verdict === 'unknown') {
    const why = c.messages[0] ?? imageMsg('exitStatus', { code: out.exitCode ?? '?' });
    return { check: c, ...failed(imageMsg('cannotCheck', { image, why })) };
  }
  return { check: c, checkOutput: both };
}

/** A host's VMs, their qcow2 disks and, per VM, the lines of its qemu log that match a pattern. */
export interface VmImages {
  readonly domains: readonly VirshDomain[];
  readonly disks: readonly Disk[];
  readonly logs: ReadonlyMap<string, LogRead>;
}

/**
 * What the two image checks (qcow2-corrupt, qcow2-snapshot-table) read first:
 * the VM list (its failure is the check's `unknown`), each VM's disks from its
 * definition, and the last 4 MiB of each qemu log searched for `logPattern`.
 */
export async function vmImages(ctx: CheckContext, logPattern: string): Promise<VmImages | { readonly listProblem: Msg }> {
  const listOut = await ctx.run(VIRSH_LIST);
  const listProblem = readProblem(listOut);
  if (listProblem) return { listProblem };
  const domains = parsedOnce(listOut, parseVirshList).value;
  const disks = (await Promise.all(domains.map((d) => qcow2Disks(ctx, d)))).flat();
  const logs = new Map(await Promise.all(domains.map(async (d) => [d.name, await readLog(ctx, [qemuLogPath(d.name)], logPattern, { bytes: '4M', maxLines: 20 })] as const)));
  return { domains, disks, logs };
}
