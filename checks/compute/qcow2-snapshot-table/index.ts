/**
 * Guide 3.4.4 — VM does not start: "Could not read snapshots: File too large".
 *
 * Runs: `virsh -r list --all`, `virsh -r dumpxml` per VM (its qcow2 disks,
 * shared with qcow2-corrupt), the tail of each VM's qemu log for the message
 * (and the newer wordings "Too many snapshots", "Invalid snapshot table
 * offset"), and per image the first 112 bytes of the qcow2 header (`od`, a
 * bounded read-only byte read) and the file size (`stat -c`), after the df
 * probe of the shared pools that hold them (shared with storage-blocked).
 * Decides from the header: nb_snapshots and snapshot_offset describing a
 * table that lies past the end of the file (or that QEMU rejects) fail; the
 * message in the qemu log without such a header now warns. A shut-off VM
 * with such an image cannot start; a running one fails at its next start.
 * A header or size that cannot be read, or an image on a pool that does not
 * answer, leaves the image undecided (unknown), never ok; the latter joins
 * the blocked pool's incident.
 * Recommends: the guide's header reset with qcow2.py, backup first.
 */
import { affectedBy } from '../../shared/incidents.js';
import { defineCheck, type SayOf } from '../../../src/engine/define-check.js';
import { excerpt, readProblem } from '../../../src/engine/outputs.js';
import type { CheckContext, Evidence } from '../../../src/engine/types.js';
import type { Msg } from '../../../src/i18n/message.js';
import { parseOdHeader, snapshotTableProblem, type SnapshotTableProblem } from '../../../src/parsers/qcow2-header.js';
import { parseStatFiles } from '../../../src/parsers/stat-files.js';
import { type Command, cmd } from '../../../src/transport/command.js';
import { VIRSH_LIST } from '../../shared/commands.js';
import { type Disk, hungPoolOf, hungPools, qemuLogPath, vmImages } from '../../shared/image-reads.js';
import type { LogRead } from '../../shared/logs.js';

/** Images read per host at most; shut-off VMs and those whose log has the message go first. */
const MAX_IMAGES = 40;
const SNAPSHOT_LOG = 'Could not read snapshots|Too many snapshots|Invalid snapshot table offset|Snapshot table too large';
const LOG_LINES_SHOWN = 3;
const IMAGES_SHOWN = 3;
/** The qcow2 header fields end at byte 104 (version 3); od prints 16 bytes a line. */
const HEADER_BYTES = 112;
const BYTES_PER_LINE = 16;
/** Bytes 56-71: nb_snapshots (60) and snapshot_offset (64). */
const SNAPSHOT_FIELDS = { first: 56, last: 71 };

export const headerRead = (image: string): Command => cmd('od', '-A', 'd', '-t', 'x1', '-N', String(HEADER_BYTES), '--', image);
export const sizeRead = (image: string): Command => cmd('stat', '-c', '%Y %s %n', '--', image);

const messages = {
  listUnreadable: { en: 'The VMs of this host could not be listed: {why}', zh: '无法列出此主机的虚拟机：{why}' },
  noVms: { en: 'No VM is defined on this host.', zh: '此主机上没有定义虚拟机。' },
  noImages: { en: 'No qcow2 disk image on this host.', zh: '此主机上没有 qcow2 磁盘镜像。' },
  allClean: {
    en: 'The snapshot table of {images} qcow2 image(s) of {vms} VM(s) lies inside its file, and no qemu log says "Could not read snapshots"{notRead}.',
    zh: '{vms} 台虚拟机的 {images} 个 qcow2 镜像的快照表都在文件范围内，qemu 日志中也没有“Could not read snapshots”{notRead}。',
  },
  notRead: { en: ' ({count} more image(s) of running VMs not read)', zh: '（另有 {count} 个运行中虚拟机的镜像未读取）' },
  suspectsNotRead: {
    en: '{images} qcow2 image(s) read, but {count} image(s) of shut-off VMs or VMs whose log has the message were not (at most {max} per run).',
    zh: '已读取 {images} 个 qcow2 镜像，但另有 {count} 个已关机或日志有该报错的虚拟机镜像未读取（每次最多 {max} 个）。',
  },
  image: {
    en: 'VM {vm} ({vmState}), disk {image}: {problem}{logged} {impact}{more}',
    zh: '虚拟机 {vm}（{vmState}）的磁盘 {image}：{problem}{logged}{impact}{more}',
  },
  pastEnd: {
    en: 'the header says nb_snapshots {nb} with the snapshot table at {offset}, but the file is only {fileSize} bytes: QEMU cannot read the snapshots ("Could not read snapshots: File too large")',
    zh: '镜像头记录 nb_snapshots 为 {nb}、快照表位于 {offset}，但文件只有 {fileSize} 字节：QEMU 读不出快照（“Could not read snapshots: File too large”）',
  },
  tablePastEnd: {
    en: 'the header says nb_snapshots {nb} with the snapshot table at {offset}; its {tableBytes} bytes at least run past the end of the {fileSize}-byte file',
    zh: '镜像头记录 nb_snapshots 为 {nb}、快照表位于 {offset}；快照表至少 {tableBytes} 字节，超出了文件末尾（文件 {fileSize} 字节）',
  },
  tooMany: { en: 'the header says nb_snapshots {nb}, more than the 65536 QEMU accepts ("Too many snapshots")', zh: '镜像头记录 nb_snapshots 为 {nb}，超过 QEMU 允许的 65536（“Too many snapshots”）' },
  noTable: { en: 'the header says nb_snapshots {nb} but snapshot_offset 0', zh: '镜像头记录 nb_snapshots 为 {nb}，但 snapshot_offset 为 0' },
  unaligned: {
    en: 'snapshot_offset {offset} is not a multiple of the {cluster}-byte cluster ("Invalid snapshot table offset")',
    zh: 'snapshot_offset {offset} 不是簇大小 {cluster} 字节的整数倍（“Invalid snapshot table offset”）',
  },
  loggedOnly: {
    en: 'its qemu log says "{said}", but the header now reads nb_snapshots {nb}, snapshot_offset {offset} inside the {fileSize}-byte file (reset already, or another image)',
    zh: '其 qemu 日志有“{said}”，但镜像头现在为 nb_snapshots {nb}、snapshot_offset {offset}，在 {fileSize} 字节的文件范围内（可能已修复，或是另一个镜像）',
  },
  loggedToo: { en: '; its qemu log says "Could not read snapshots"', zh: '；其 qemu 日志有“Could not read snapshots”' },
  wontStart: { en: 'The VM is shut off and cannot start until the header is reset.', zh: '该虚拟机已关机，在修复镜像头之前无法启动。' },
  nextStart: {
    en: 'The VM runs now; it will fail at its next start.',
    zh: '该虚拟机目前在运行，下次启动时会失败。',
  },
  moreImages: { en: ' (+{count} more image(s))', zh: '（另有 {count} 个镜像）' },
  undecided: { en: '{count} image(s) could not be read, e.g. VM {vm}, disk {image}: {why}', zh: '{count} 个镜像无法读取，例如虚拟机 {vm} 的磁盘 {image}：{why}' },
  headerUnreadable: { en: 'the qcow2 header could not be read ({why})', zh: '无法读取 qcow2 镜像头（{why}）' },
  headerShort: { en: 'od returned a short or unreadable header', zh: 'od 返回的镜像头不完整或无法解析' },
  sizeUnreadable: { en: 'the file size could not be read ({why})', zh: '无法读取文件大小（{why}）' },
  logUnreadable: { en: 'its qemu log could not be read ({why})', zh: '无法读取其 qemu 日志（{why}）' },
  headerNote: { en: 'bytes 56-71: nb_snapshots (60-63) and snapshot_offset (64-71), big-endian', zh: '第 56-71 字节：nb_snapshots（60-63）与 snapshot_offset（64-71），大端序' },
  headerFound: { en: 'usdiag read nb_snapshots {nb} and snapshot_offset {offset} from the header of {image} ({fileSize} bytes).', zh: 'usdiag 从 {image}（{fileSize} 字节）的镜像头读到 nb_snapshots 为 {nb}、snapshot_offset 为 {offset}。' },
} as const;

type Say = SayOf<'qcow2-snapshot-table', typeof messages>;

interface ImageState extends Disk {
  readonly log: LogRead;
  readonly problem?: SnapshotTableProblem | undefined;
  readonly nb?: number;
  readonly offset?: string;
  readonly fileSize?: number;
  readonly cluster?: number;
  readonly evidence: readonly Evidence[];
  readonly undecided?: Msg | undefined;
  readonly poolHung?: boolean;
}

const hex = (n: number): string => `0x${n.toString(16)}`;

export const check = defineCheck({
  id: 'qcow2-snapshot-table',
  needs: [VIRSH_LIST],
  messages,
  async run(ctx, say) {
    const vms = await vmImages(ctx, SNAPSHOT_LOG);
    if ('listProblem' in vms) return say.unknown('listUnreadable', { why: vms.listProblem });
    const { domains, disks, logs } = vms;
    if (domains.length === 0) return say.notApplicable('noVms');
    const logged = (vm: string) => (logs.get(vm)?.problem ? [] : logs.get(vm)?.matches ?? []);
    // Shut-off VMs (they are the ones that fail to start) and those whose log has the message first.
    const priority = (d: Disk) => (logged(d.vm).length ? 0 : 2) + (d.vmState === 'running' ? 1 : 0);
    const ordered = [...disks].sort((a, b) => priority(a) - priority(b));
    const chosen = ordered.slice(0, MAX_IMAGES);
    const hung = await hungPools(ctx, chosen.map((d) => d.image));
    const states = await Promise.all(chosen.map(async (d): Promise<ImageState> => {
      const log = logs.get(d.vm)!;
      const pool = hungPoolOf(hung, d.image);
      if (pool) return { ...d, log, evidence: pool.evidence, undecided: pool.why, poolHung: true };
      return { ...d, log, ...(await readHeader(ctx, say, d.image)) };
    }));

    const data = {
      images: states.map((s) => ({ vm: s.vm, vmState: s.vmState, image: s.image, nbSnapshots: s.nb, snapshotOffset: s.offset, fileSize: s.fileSize, problem: s.problem?.kind, logged: logged(s.vm).length > 0, undecided: s.undecided !== undefined })),
      notRead: ordered.slice(MAX_IMAGES).map((d) => d.image),
    };
    const broken = states.filter((s) => s.problem);
    const loggedOnly = states.filter((s) => !s.problem && !s.undecided && logged(s.vm).length);
    const found = [...broken, ...loggedOnly];
    const worst = found[0];
    if (worst) {
      const more = found.length - 1;
      const values = { nb: worst.nb ?? '?', offset: worst.offset ?? '?', fileSize: worst.fileSize ?? '?', image: worst.image };
      const logLines = logged(worst.vm);
      return say.verdict(broken.length ? 'fail' : 'warn', 'image', {
        vm: worst.vm,
        vmState: worst.vmState,
        image: worst.image,
        problem: worst.problem ? problemMsg(say, worst) : say.msg('loggedOnly', { said: logLines[logLines.length - 1]!.raw.includes('Could not read snapshots') ? 'Could not read snapshots' : logLines[logLines.length - 1]!.message.slice(0, 80), nb: values.nb, offset: values.offset, fileSize: values.fileSize }),
        logged: worst.problem && logLines.length ? say.msg('loggedToo') : '',
        impact: say.msg(worst.vmState === 'running' ? 'nextStart' : 'wontStart'),
        more: more > 0 ? say.msg('moreImages', { count: more }) : '',
      }, {
        evidence: found.slice(0, IMAGES_SHOWN).flatMap((s) => [...logEvidence(s), ...s.evidence]),
        recovery: {
          steps: worst.problem ? ['read-qemu-log', 'dump-header', 'backup-image', 'reset-snapshot-fields', 'verify-header', 'start-vm'] : ['read-qemu-log', 'dump-header'],
          vars: { host: ctx.host.name, vm: worst.vm, image: worst.image },
          found: { 'dump-header': say.msg('headerFound', values) },
        },
        data,
      });
    }
    const undecided = states.filter((s) => s.undecided);
    const logFailed = domains.filter((d) => logs.get(d.name)?.problem);
    const u = undecided[0];
    if (u) {
      // Images left unread only because their pool hangs are part of the blocked pool's incident.
      const incident = undecided.every((s) => s.poolHung) && logFailed.length === 0 ? affectedBy(await ctx.finding('storage-blocked')) : undefined;
      return say.unknown('undecided', { count: undecided.length, vm: u.vm, image: u.image, why: u.undecided! }, {
        evidence: u.evidence,
        recovery: { steps: ['read-qemu-log', 'dump-header'], vars: { host: ctx.host.name, vm: u.vm, image: u.image } },
        data,
        ...(incident ? { incident } : {}),
      });
    }
    const lf = logFailed[0];
    if (lf) {
      const image = disks.find((d) => d.vm === lf.name)?.image ?? qemuLogPath(lf.name);
      return say.unknown('undecided', { count: logFailed.length, vm: lf.name, image, why: say.msg('logUnreadable', { why: logs.get(lf.name)!.problem! }) }, { recovery: { steps: [] }, data });
    }
    if (states.length === 0) return say.notApplicable('noImages', {}, { data });
    const suspects = ordered.slice(MAX_IMAGES).filter((d) => priority(d) < 3);
    if (suspects.length) return say.unknown('suspectsNotRead', { images: states.length, count: suspects.length, max: MAX_IMAGES }, { data });
    const cut = disks.length - chosen.length;
    return say.ok('allClean', { images: states.length, vms: domains.length, notRead: cut > 0 ? say.msg('notRead', { count: cut }) : '' }, { data });
  },
});

/** The header's snapshot fields and the file size of one image, and what is wrong with them. */
async function readHeader(ctx: CheckContext, say: Say, image: string): Promise<Omit<ImageState, keyof Disk | 'log'>> {
  const [od, st] = await Promise.all([ctx.run(headerRead(image)), ctx.run(sizeRead(image))]);
  const odProblem = readProblem(od);
  if (odProblem) return { evidence: [excerpt(od, [])], undecided: say.msg('headerUnreadable', { why: odProblem }) };
  const stProblem = readProblem(st);
  if (stProblem) return { evidence: [excerpt(st, [])], undecided: say.msg('sizeUnreadable', { why: stProblem }) };
  const header = parseOdHeader(od.stdout);
  const size = parseStatFiles(st.stdout).value[0]?.sizeBytes;
  if (size === undefined) return { evidence: [excerpt(st, [])], undecided: say.msg('sizeUnreadable', { why: st.stdout.trim().slice(0, 80) || '-' }) };
  const h = header.value;
  // A file whose driver says qcow2 but whose magic is not qcow2's is not this fault (qcow2-corrupt's domain).
  const problem = snapshotTableProblem(h, size);
  if (problem?.kind === 'not-qcow2') return { evidence: [], fileSize: size };
  if (problem?.kind === 'header-incomplete' || header.incomplete) return { evidence: [excerpt(od, [])], undecided: say.msg('headerShort') };
  // The od lines that hold bytes 56-71, and the size line.
  const lineOf = (byte: number) => Math.floor(byte / BYTES_PER_LINE) + 1;
  const spans = [{ first: lineOf(SNAPSHOT_FIELDS.first), last: lineOf(SNAPSHOT_FIELDS.last) }];
  return {
    problem,
    nb: h.nbSnapshots!,
    offset: hex(h.snapshotOffset!),
    fileSize: size,
    cluster: 2 ** (h.clusterBits ?? 16),
    evidence: problem ? [excerpt(od, spans, say.msg('headerNote')), excerpt(st, [{ first: 1, last: 1 }])] : [],
  };
}

function problemMsg(say: Say, s: ImageState): Msg {
  const v = { nb: s.nb ?? '?', offset: s.offset ?? '?', fileSize: s.fileSize ?? '?' };
  switch (s.problem!.kind) {
    case 'offset-past-eof': return say.msg('pastEnd', v);
    case 'table-past-eof': return say.msg('tablePastEnd', { ...v, tableBytes: (s.nb ?? 0) * 40 });
    case 'too-many-snapshots': return say.msg('tooMany', { nb: v.nb });
    case 'offset-missing': return say.msg('noTable', { nb: v.nb });
    default: return say.msg('unaligned', { offset: v.offset, cluster: s.cluster ?? '?' });
  }
}

function logEvidence(s: ImageState): Evidence[] {
  const lines = s.log.problem ? [] : s.log.matches;
  return lines.length && s.log.output ? [excerpt(s.log.output, lines.slice(-LOG_LINES_SHOWN).map((m) => m.line))] : [];
}
