/**
 * Guide 3.4.5 — VM fails to reboot, no boot disk: the qcow2 image is corrupt.
 *
 * Runs: `virsh -r list --all`, `virsh -r dumpxml` per VM (its qcow2 disks),
 * the tail of each VM's qemu log for "image marked as corrupt", and
 * `qemu-img check -U` per image (read-only, shared open: never -r).
 * Decides from qemu-img check's exit status: 2 (errors) fails, 3 (leaked
 * clusters only, "no harm to data") warns, 0 is clean; a corruption event in
 * the qemu log without errors now warns; a check that cannot open or finish
 * leaves the image undecided (unknown), never ok.
 * Recommends: back the image up, then `qemu-img check -r all`, then start.
 */
import { evidence, problem } from '../../src/engine/outputs.js';
import type { CheckContext, CheckDefinition, CheckResult, CommandOutput, Evidence } from '../../src/engine/types.js';
import { text, type Text } from '../../src/i18n/text.js';
import { parseDomainXml } from '../../src/parsers/libvirt-xml.js';
import { type QemuImgCheck, parseQemuImgCheck } from '../../src/parsers/qemu-img.js';
import { parseVirshList, type VirshDomain } from '../../src/parsers/virsh.js';
import { type Command, cmd } from '../../src/transport/command.js';
import { logTail, MOUNT, VIRSH_LIST } from '../shared/commands.js';
import { mountPointOf, probeMount } from '../shared/mount-probe.js';
import { parseMount } from '../../src/parsers/mount.js';

/** Images checked per host at most; VMs that are down or logged corruption go first. */
const MAX_IMAGES = 40;
const CORRUPTION_LOG = 'image marked as corrupt|Marking image as corrupt|Image is corrupt|Preventing invalid write on metadata';

const dumpxml = (vm: string): Command => cmd('virsh', '-r', 'dumpxml', '--', vm);
const qemuLog = (vm: string): Command => logTail(`/var/log/libvirt/qemu/${vm}.log`, CORRUPTION_LOG, { bytes: '4M', maxLines: 20 });
/**
 * qemu-img check reads every L1/L2 and refcount table: a few seconds for
 * usual images, up to minutes for multi-TB ones on slow storage (--image-timeout).
 * Its exit status is the verdict: 2 corrupt, 3 leaks only.
 */
const imageCheck = (image: string): Command => ({ argv: ['qemu-img', 'check', '-U', '--', image], kind: 'image-check', okExit: [0, 2, 3] });

interface ImageState {
  readonly vm: string;
  readonly vmState: string;
  readonly image: string;
  readonly check?: QemuImgCheck | undefined;
  readonly checkOutput?: CommandOutput | undefined;
  readonly undecided?: Text | undefined;
  readonly logLines: readonly string[];
  readonly logOutput?: CommandOutput | undefined;
}

async function run(ctx: CheckContext): Promise<CheckResult> {
  const listOut = await ctx.run(VIRSH_LIST);
  const listProblem = problem(listOut);
  if (listProblem) return { status: 'unknown', summary: listProblem };
  const domains = parseVirshList(listOut.stdout).value;
  if (domains.length === 0) {
    return { status: 'skipped', skipReason: 'not-applicable', summary: text('No VM is defined on this host.', '此主机上没有定义虚拟机。') };
  }
  const disks = (await Promise.all(domains.map((d) => qcow2Disks(ctx, d)))).flat();
  const logs = new Map(await Promise.all(domains.map(async (d) => [d.name, await ctx.run(qemuLog(d.name))] as const)));
  const corruptLog = (vm: string) => {
    const out = logs.get(vm);
    return out && !problem(out) ? out.stdout.split('\n').filter((l) => l.trim() !== '') : [];
  };
  // Down or crashed VMs and those whose log reported corruption first: they are what the engineer is chasing.
  const ordered = [...disks].sort((a, b) => priority(a, corruptLog) - priority(b, corruptLog));
  const chosen = ordered.slice(0, MAX_IMAGES);
  const hungPools = await hungPoolsOf(ctx, chosen.map((d) => d.image));
  const states: ImageState[] = await Promise.all(chosen.map(async (d): Promise<ImageState> => {
    const logLines = corruptLog(d.vm);
    const hung = hungPools.get(mountPointOf(d.image, [...hungPools.keys()]) ?? '');
    if (hung) return { ...d, logLines, logOutput: logs.get(d.vm), undecided: hung };
    const out = await ctx.run(imageCheck(d.image));
    const base = { ...d, logLines, logOutput: logs.get(d.vm), checkOutput: out };
    if (out.failure || out.timedOut) return { ...base, undecided: problem(out) };
    // qemu-img prints the per-cluster lines on stderr, before the summary it prints on stdout.
    const check = parseQemuImgCheck(`${out.stderr}\n${out.stdout}`, out.exitCode ?? undefined).value;
    if (check.verdict === 'unsupported') return { ...base, check };
    if (check.verdict === 'locked' || check.verdict === 'check-failed' || check.verdict === 'unknown') {
      return { ...base, check, undecided: text(`qemu-img check could not check ${d.image}: ${check.messages[0] ?? `exit ${out.exitCode}`}`, `qemu-img check 无法检查 ${d.image}：${check.messages[0] ?? `退出码 ${out.exitCode}`}`) };
    }
    return { ...base, check };
  }));

  const corrupt = states.filter((s) => s.check?.verdict === 'corrupt');
  const leaks = states.filter((s) => s.check?.verdict === 'leaks');
  const loggedOnly = states.filter((s) => s.logLines.length && s.check?.verdict === 'clean');
  const undecided = states.filter((s) => s.undecided);
  const cut = disks.length - chosen.length;
  const data = {
    images: states.map((s) => ({ vm: s.vm, vmState: s.vmState, image: s.image, verdict: s.check?.verdict ?? 'undecided', errors: s.check?.errors, leaks: s.check?.leaks, corruptionLogged: s.logLines.length > 0 })),
    notChecked: ordered.slice(MAX_IMAGES).map((d) => d.image),
  };
  const cutNote = cut > 0 ? text(` (${cut} more image(s) not checked)`, `（另有 ${cut} 个镜像未检查）`) : text('', '');

  const worst = corrupt[0] ?? leaks[0] ?? loggedOnly[0];
  if (worst) {
    const status = corrupt.length ? 'fail' : 'warn';
    const others = corrupt.length + leaks.length + loggedOnly.length - 1;
    const c = worst.check!;
    const what = worst.check?.verdict === 'corrupt'
      ? text(`${c.errors} error(s)${c.leaks ? ` and ${c.leaks} leaked cluster(s)` : ''}: data may be damaged`, `${c.errors} 个错误${c.leaks ? `、${c.leaks} 个泄漏簇` : ''}：数据可能已损坏`)
      : worst.check?.verdict === 'leaks'
        ? text(`${c.leaks} leaked cluster(s) only: space is wasted, data is intact`, `仅有 ${c.leaks} 个泄漏簇：浪费空间，数据无损`)
        : text('the qemu log says the image was marked corrupt, qemu-img check finds no error now', 'qemu 日志显示镜像曾被标记为损坏，qemu-img check 目前未发现错误');
    const logged = worst.logLines.length && worst.check?.verdict !== 'clean' ? text('; its qemu log says "image marked as corrupt"', '；其 qemu 日志有“image marked as corrupt”') : text('', '');
    const more = others > 0 ? text(` (+${others} more image(s))`, `（另有 ${others} 个镜像）`) : text('', '');
    return {
      status,
      summary: text(
        `VM ${worst.vm} (${worst.vmState}), disk ${worst.image}: ${what.en}${logged.en}${more.en}${cutNote.en}`,
        `虚拟机 ${worst.vm}（${worst.vmState}）的磁盘 ${worst.image}：${what.zh}${logged.zh}${more.zh}${cutNote.zh}`,
      ),
      evidence: [...corrupt, ...leaks, ...loggedOnly].slice(0, 4).flatMap(imageEvidence),
      recovery: {
        steps: ['read-qemu-log', 'check-image', 'backup-image', 'repair-image', 'start-vm'],
        vars: { host: ctx.host.name, vm: worst.vm, image: worst.image },
      },
      data,
    };
  }
  if (undecided.length) {
    const u = undecided[0]!;
    return {
      status: 'unknown',
      summary: text(
        `${undecided.length} image(s) could not be checked, e.g. VM ${u.vm}: ${u.undecided!.en}${cutNote.en}`,
        `${undecided.length} 个镜像无法检查，例如虚拟机 ${u.vm}：${u.undecided!.zh}${cutNote.zh}`,
      ),
      evidence: u.checkOutput ? [evidence(u.checkOutput, [...u.checkOutput.stderr.split('\n'), ...u.checkOutput.stdout.split('\n')].filter(Boolean).slice(0, 6))] : [],
      recovery: { steps: ['check-image'], vars: { host: ctx.host.name, vm: u.vm, image: u.image } },
      data,
    };
  }
  const checked = states.filter((s) => s.check?.verdict === 'clean').length;
  if (checked === 0) {
    return { status: 'skipped', skipReason: 'not-applicable', summary: text('No qcow2 disk image to check on this host.', '此主机上没有需要检查的 qcow2 磁盘镜像。'), data };
  }
  // Only healthy-looking images of running VMs may be left unchecked for an ok.
  const cutSuspects = ordered.slice(MAX_IMAGES).filter((d) => priority(d, corruptLog) < 3);
  return {
    status: cutSuspects.length ? 'unknown' : 'ok',
    summary: text(
      `${checked} qcow2 image(s) of ${domains.length} VM(s) checked: no errors, no leaks, no corruption in the qemu logs${cutNote.en}.`,
      `已检查 ${domains.length} 台虚拟机的 ${checked} 个 qcow2 镜像：无错误、无泄漏，qemu 日志中无损坏记录${cutNote.zh}。`,
    ),
    data,
  };
}

/** Shared pools a check could hang in: cluster and network file systems. */
const SHARED_FS = new Set(['ocfs2', 'nfs', 'nfs4', 'gfs2', 'glusterfs', 'cifs', 'ceph', 'fuse.glusterfs']);

/**
 * The shared pools holding these images that do not answer (the df probe
 * storage-blocked runs too, shared), with the reason: their images are not
 * checked, since qemu-img would hang in the same place.
 */
async function hungPoolsOf(ctx: CheckContext, images: readonly string[]): Promise<Map<string, Text>> {
  const out = await ctx.run(MOUNT);
  const shared = out.read.kind === 'ok' ? parseMount(out.stdout).value.filter((m) => SHARED_FS.has(m.fsType)).map((m) => m.mountPoint) : [];
  const used = [...new Set(images.map((i) => mountPointOf(i, shared)).filter((m): m is string => m !== undefined))];
  const probes = await Promise.all(used.map((mp) => probeMount(ctx, mp)));
  return new Map(probes.filter((p) => p.hung).map((p) => [p.mountPoint, text(
    `its pool ${p.mountPoint} does not answer (df did not return within ${ctx.options.probeSeconds} s): not checked, qemu-img would hang there too`,
    `所在存储池 ${p.mountPoint} 无响应（df 在 ${ctx.options.probeSeconds} 秒内未返回）：未检查，qemu-img 也会卡在那里`,
  )]));
}

interface Disk {
  readonly vm: string;
  readonly vmState: string;
  readonly image: string;
}

async function qcow2Disks(ctx: CheckContext, d: VirshDomain): Promise<Disk[]> {
  const out = await ctx.run(dumpxml(d.name));
  if (problem(out)) return [];
  const xml = parseDomainXml(out.stdout).value;
  return xml.disks
    .filter((k) => k.device === 'disk' && k.type === 'file' && k.driverType === 'qcow2' && k.source?.startsWith('/'))
    .map((k) => ({ vm: d.name, vmState: d.state, image: k.source! }));
}

function priority(d: Disk, corruptLog: (vm: string) => string[]): number {
  return (corruptLog(d.vm).length ? 0 : 2) + (d.vmState === 'running' ? 1 : 0);
}

function imageEvidence(s: ImageState): Evidence[] {
  const ev: Evidence[] = [];
  if (s.logLines.length && s.logOutput) ev.push(evidence(s.logOutput, s.logLines.slice(-3)));
  if (s.checkOutput && s.check) {
    const c = s.check;
    const summaryLines = [...s.checkOutput.stdout.split('\n'), ...s.checkOutput.stderr.split('\n')]
      .filter((l) => /errors were found|leaked clusters were found|No errors were found|Image end offset/.test(l));
    const more = c.errorLineCount > c.errorLines.length ? [`... ${c.errorLineCount - c.errorLines.length} more ERROR lines`] : [];
    ev.push(evidence(s.checkOutput, [...c.errorLines.slice(0, 5), ...more, ...summaryLines], text(`exit status ${s.checkOutput.exitCode}`, `退出码 ${s.checkOutput.exitCode}`)));
  }
  return ev;
}

export const check: CheckDefinition = { id: 'qcow2-corrupt', run };
