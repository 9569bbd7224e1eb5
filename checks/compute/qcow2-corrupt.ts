/**
 * Guide 3.4.5 — VM fails to reboot, no boot disk: the qcow2 image is corrupt.
 *
 * Runs: `virsh -r list --all`, `virsh -r dumpxml` per VM (its qcow2 disks),
 * the tail of each VM's qemu log for "image marked as corrupt", and
 * `qemu-img check -U` per image (read-only, shared open: never -r), after a
 * df probe of the shared pools that hold them (shared with storage-blocked).
 * Decides from qemu-img check's exit status: 2 (errors) fails, 3 (leaked
 * clusters only, "no harm to data") warns, 0 is clean; a corruption event in
 * the qemu log without errors now warns; a check that cannot open or finish,
 * or an image on a pool that does not answer (not checked: qemu-img would
 * hang there too), leaves the image undecided (unknown), never ok.
 * Recommends: back the image up, then `qemu-img check -r all`, then start.
 */
import { affectedBy } from '../shared/incidents.js';
import { defineCheck, type SayOf } from '../../src/engine/define-check.js';
import { excerpt } from '../../src/engine/outputs.js';
import type { Evidence } from '../../src/engine/types.js';
import type { Msg } from '../../src/i18n/message.js';
import type { QemuImgCheck } from '../../src/parsers/qemu-img.js';
import type { Span } from '../../src/parsers/types.js';
import { VIRSH_LIST } from '../shared/commands.js';
import { type Disk, type ImageCheckRead, checkImage, hungPoolOf, hungPools, vmImages } from '../shared/image-reads.js';
import type { LogMatch, LogRead } from '../shared/logs.js';

/** Images checked per host at most; VMs that are down or logged corruption go first. */
const MAX_IMAGES = 40;
const CORRUPTION_LOG = 'image marked as corrupt|Marking image as corrupt|Image is corrupt|Preventing invalid write on metadata';
/** Images quoted as evidence, and per image its newest log lines and its first ERROR lines. */
const IMAGES_SHOWN = 4;
const LOG_LINES_SHOWN = 3;
const ERROR_LINES_SHOWN = 5;

const messages = {
  listUnreadable: { en: 'The VMs of this host could not be listed: {why}', zh: '无法列出此主机的虚拟机：{why}' },
  noVms: { en: 'No VM is defined on this host.', zh: '此主机上没有定义虚拟机。' },
  noImages: { en: 'No qcow2 disk image to check on this host.', zh: '此主机上没有需要检查的 qcow2 磁盘镜像。' },
  allClean: {
    en: '{images} qcow2 image(s) of {vms} VM(s) checked: no errors, no leaks, no corruption in the qemu logs{notChecked}.',
    zh: '已检查 {vms} 台虚拟机的 {images} 个 qcow2 镜像：无错误、无泄漏，qemu 日志中无损坏记录{notChecked}。',
  },
  suspectsNotChecked: {
    en: '{images} qcow2 image(s) of {vms} VM(s) checked clean, but {count} image(s) of VMs that are down or logged corruption were not checked (at most {max} per run).',
    zh: '已检查 {vms} 台虚拟机的 {images} 个 qcow2 镜像，均无问题；但另有 {count} 个已关机或日志记录过损坏的虚拟机镜像未检查（每次最多检查 {max} 个）。',
  },
  notChecked: { en: ' ({count} more image(s) not checked)', zh: '（另有 {count} 个镜像未检查）' },
  image: {
    en: 'VM {vm} ({vmState}), disk {image}: {what}{logged}{more}{notChecked}',
    zh: '虚拟机 {vm}（{vmState}）的磁盘 {image}：{what}{logged}{more}{notChecked}',
  },
  errors: { en: '{errors} error(s){andLeaks}: data may be damaged', zh: '{errors} 个错误{andLeaks}：数据可能已损坏' },
  andLeaks: { en: ' and {leaks} leaked cluster(s)', zh: '、{leaks} 个泄漏簇' },
  leaksOnly: { en: '{leaks} leaked cluster(s) only: space is wasted, data is intact', zh: '仅有 {leaks} 个泄漏簇：浪费空间，数据无损' },
  loggedOnly: {
    en: 'the qemu log says the image was marked corrupt, qemu-img check finds no error now',
    zh: 'qemu 日志显示镜像曾被标记为损坏，qemu-img check 目前未发现错误',
  },
  loggedToo: { en: '; its qemu log says "image marked as corrupt"', zh: '；其 qemu 日志有“image marked as corrupt”' },
  moreImages: { en: ' (+{count} more image(s))', zh: '（另有 {count} 个镜像）' },
  undecided: {
    en: '{count} image(s) could not be checked, e.g. VM {vm}: {why}{notChecked}',
    zh: '{count} 个镜像无法检查，例如虚拟机 {vm}：{why}{notChecked}',
  },
  exitStatus: { en: 'exit status {code}', zh: '退出码 {code}' },
  exitStatusMore: { en: 'exit status {code}; {count} more ERROR line(s) not shown', zh: '退出码 {code}；另有 {count} 行 ERROR 未显示' },
} as const;

type SayQcow2 = SayOf<'qcow2-corrupt', typeof messages>;

interface ImageState extends Disk, ImageCheckRead {
  /** The VM's qemu log read, and its corruption lines when the read worked. */
  readonly log: LogRead;
  readonly logLines: readonly LogMatch[];
  /** Not checked because its pool does not answer (storage-blocked's finding, not one of this check). */
  readonly poolHung?: boolean;
}

export const check = defineCheck({
  id: 'qcow2-corrupt',
  needs: [VIRSH_LIST],
  messages,
  async run(ctx, say) {
    const vms = await vmImages(ctx, CORRUPTION_LOG);
    if ('listProblem' in vms) return say.unknown('listUnreadable', { why: vms.listProblem });
    const { domains, disks, logs } = vms;
    if (domains.length === 0) return say.notApplicable('noVms');
    // Every read is one the verdict rests on: a VM's XML that failed hides its disks, a qemu
    // log that failed hides a logged corruption, a mount or a probe that failed hides a pool qemu-img
    // must stay out of. None of them is optional, so no ok stands on one of them failing.
    const corruptLog = (vm: string): readonly LogMatch[] => {
      const log = logs.get(vm);
      return log && !log.problem ? log.matches : [];
    };
    // Down or crashed VMs and those whose log reported corruption first: they are what the engineer is chasing.
    const priority = (d: Disk) => (corruptLog(d.vm).length ? 0 : 2) + (d.vmState === 'running' ? 1 : 0);
    const ordered = [...disks].sort((a, b) => priority(a) - priority(b));
    const chosen = ordered.slice(0, MAX_IMAGES);
    const hung = await hungPools(ctx, chosen.map((d) => d.image));
    const states = await Promise.all(chosen.map(async (d): Promise<ImageState> => {
      const base = { ...d, log: logs.get(d.vm)!, logLines: corruptLog(d.vm) };
      const pool = hungPoolOf(hung, d.image);
      if (pool) return { ...base, undecided: pool.why, undecidedEvidence: pool.evidence, poolHung: true };
      return { ...base, ...(await checkImage(ctx, d.image)) };
    }));

    const corrupt = states.filter((s) => s.check?.verdict === 'corrupt');
    const leaks = states.filter((s) => s.check?.verdict === 'leaks');
    const loggedOnly = states.filter((s) => s.logLines.length && s.check?.verdict === 'clean');
    const undecided = states.filter((s) => s.undecided);
    const cut = disks.length - chosen.length;
    const notChecked = cut > 0 ? say.msg('notChecked', { count: cut }) : '';
    const data = {
      images: states.map((s) => ({ vm: s.vm, vmState: s.vmState, image: s.image, verdict: s.check?.verdict ?? 'undecided', errors: s.check?.errors, leaks: s.check?.leaks, corruptionLogged: s.logLines.length > 0 })),
      notChecked: ordered.slice(MAX_IMAGES).map((d) => d.image),
    };

    const found = [...corrupt, ...leaks, ...loggedOnly];
    const worst = found[0];
    if (worst) {
      const more = found.length - 1;
      return say.verdict(corrupt.length ? 'fail' : 'warn', 'image', {
        vm: worst.vm,
        vmState: worst.vmState,
        image: worst.image,
        what: whatIsWrong(say, worst.check!),
        logged: worst.logLines.length && worst.check?.verdict !== 'clean' ? say.msg('loggedToo') : '',
        more: more > 0 ? say.msg('moreImages', { count: more }) : '',
        notChecked,
      }, {
        evidence: found.slice(0, IMAGES_SHOWN).flatMap((s) => imageEvidence(say, s)),
        recovery: { steps: ['read-qemu-log', 'check-image', 'backup-image', 'repair-image', 'start-vm'], vars: { host: ctx.host.name, vm: worst.vm, image: worst.image } },
        data,
      });
    }
    const u = undecided[0];
    if (u) {
      // Images left unchecked only because their pool hangs are part of the blocked pool's incident.
      const incident = undecided.every((s) => s.poolHung) ? affectedBy(await ctx.finding('storage-blocked')) : undefined;
      return say.unknown('undecided', { count: undecided.length, vm: u.vm, why: u.undecided!, notChecked }, {
        evidence: u.undecidedEvidence ?? [],
        recovery: { steps: ['check-image'], vars: { host: ctx.host.name, vm: u.vm, image: u.image } },
        data,
        ...(incident ? { incident } : {}),
      });
    }
    const images = states.filter((s) => s.check?.verdict === 'clean').length;
    if (images === 0) return say.notApplicable('noImages', {}, { data });
    // Only healthy-looking images of running VMs may be left unchecked for an ok.
    const suspects = ordered.slice(MAX_IMAGES).filter((d) => priority(d) < 3);
    if (suspects.length) return say.unknown('suspectsNotChecked', { images, vms: domains.length, count: suspects.length, max: MAX_IMAGES }, { data });
    return say.ok('allClean', { images, vms: domains.length, notChecked }, { data });
  },
});

function whatIsWrong(say: SayQcow2, c: QemuImgCheck): Msg {
  if (c.verdict === 'corrupt') return say.msg('errors', { errors: c.errors, andLeaks: c.leaks ? say.msg('andLeaks', { leaks: c.leaks }) : '' });
  if (c.verdict === 'leaks') return say.msg('leaksOnly', { leaks: c.leaks });
  return say.msg('loggedOnly');
}

/** The image's qemu log lines, and its check: the first ERROR lines and the summary, with the exit status. */
function imageEvidence(say: SayQcow2, s: ImageState): Evidence[] {
  const ev: Evidence[] = [];
  if (s.logLines.length && s.log.output) ev.push(excerpt(s.log.output, s.logLines.slice(-LOG_LINES_SHOWN).map((m) => m.line)));
  if (s.checkOutput && s.check) {
    const c = s.check;
    const errors = c.spans.errors.slice(0, ERROR_LINES_SHOWN);
    const hidden = c.errorLineCount - errors.length;
    const code = s.checkOutput.exitCode ?? '?';
    const note = hidden > 0 ? say.msg('exitStatusMore', { code, count: hidden }) : say.msg('exitStatus', { code });
    const spans: Span[] = [...errors, ...(c.spans.summary ? [c.spans.summary] : [])];
    ev.push(excerpt(s.checkOutput, spans, note));
  }
  return ev;
}
