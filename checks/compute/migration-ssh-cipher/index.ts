/**
 * Guide 3.4.8 — Cloud Rainbow migration fails with a file copy error ("Bad
 * SSH2 cipher spec").
 *
 * Runs: `ssh -Q cipher` (the ciphers this host's OpenSSH supports; -Q only
 * queries, it opens no connection); on the management node (role vms) the
 * tail of cas.log, searched in the usual places, for the SCP command lines
 * and "Bad SSH2 cipher spec"; on a vks host `virsh -r list --all`, each VM's
 * domain XML (shared with the other compute checks) and `qemu-img info -U
 * --backing-chain --output=json` per qcow2 disk, after the df probe of the
 * shared pools that hold them.
 * Decides: the refusal in cas.log fails, naming the VM whose copy failed and
 * the ciphers of the old list this OpenSSH no longer offers; on vks, VMs
 * whose disks have a backing chain or internal snapshots warn: only those
 * migrations copy files with SCP, so only they hit the refusal. Images on a
 * pool that does not answer are not read (unknown, joining the pool's
 * incident); a failed read is unknown, never ok.
 * Recommends: merge the chain into a single-level file, then migrate online.
 */
import { affectedBy } from '../../shared/incidents.js';
import { defineCheck, type SayOf } from '../../../src/engine/define-check.js';
import { evidence, excerpt, parsedOnce, readProblem } from '../../../src/engine/outputs.js';
import type { CheckContext, CommandOutput, Evidence } from '../../../src/engine/types.js';
import { list, type Msg } from '../../../src/i18n/message.js';
import { parseQemuImgInfoJson } from '../../../src/parsers/qemu-img.js';
import { parseScpCipherLog, parseSshQuery, type ScpCipherRecord } from '../../../src/parsers/ssh.js';
import { parseVirshList } from '../../../src/parsers/virsh.js';
import { cmd } from '../../../src/transport/command.js';
import { VIRSH_LIST } from '../../shared/commands.js';
import { type Disk, hungPoolOf, hungPools, imageInfo, qcow2DisksOf, readDomain } from '../../shared/image-reads.js';
import { readLog } from '../../shared/logs.js';

export const SSH_CIPHERS = cmd('ssh', '-Q', 'cipher');
/** Where the management platform writes cas.log, most usual first. */
export const CAS_LOGS = ['/var/log/caslog/cas.log', '/var/log/cas/cas.log', '/var/log/cas.log'] as const;
const CAS_PATTERN = "Bad SSH2 cipher spec|Ciphers=";
/** The list the Cloud Rainbow interface of E0710P11 and earlier passes to scp (guide 3.4.8). */
export const OLD_CIPHERS = ['arcfour128', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr'] as const;
const MAX_IMAGES = 60;
const VMS_SHOWN = 6;
const LOG_LINES_SHOWN = 4;

const messages = {
  badSpec: {
    en: 'cas.log ({file}) shows {count} SCP cop(ies) refused with "Bad SSH2 cipher spec \'{spec}\'"{vmPart}: the old Cloud Rainbow passes ciphers this OpenSSH no longer accepts{missingPart}. Only migrations that copy files (offline, or disks with backing chains or snapshots) hit this.',
    zh: 'cas.log（{file}）中有 {count} 次 SCP 拷贝因“Bad SSH2 cipher spec \'{spec}\'”失败{vmPart}：老版本云彩虹下发的加密算法已不被此 OpenSSH 接受{missingPart}。只有需要拷贝文件的迁移（离线迁移，或磁盘带后端链、快照）才会遇到。',
  },
  vmPart: { en: ', last for VM {vm} ({source})', zh: '，最近一次是虚拟机 {vm}（{source}）' },
  missingPart: { en: ' ({missing} missing from `ssh -Q cipher` here)', zh: '（本机 `ssh -Q cipher` 中没有 {missing}）' },
  noErrors: { en: 'cas.log ({file}) has no "Bad SSH2 cipher spec"{ciphers}.', zh: 'cas.log（{file}）中没有“Bad SSH2 cipher spec”{ciphers}。' },
  noCasLog: { en: 'No cas.log on this host ({files}): not the management node of a migration.', zh: '此主机上没有 cas.log（{files}）：不是迁移所用的管理节点。' },
  casUnreadable: { en: 'cas.log ({file}) could not be read: {why}', zh: '无法读取 cas.log（{file}）：{why}' },
  acceptsOld: { en: '; this OpenSSH still accepts the old cipher list', zh: '；此 OpenSSH 仍接受老版本的加密算法列表' },
  rejectsOld: { en: '; this OpenSSH rejects the old cipher list ({missing} not offered)', zh: '；此 OpenSSH 不接受老版本的加密算法列表（不支持 {missing}）' },
  scpVms: {
    en: '{count} VM(s) have disks with a backing chain or internal snapshots and would be migrated by SCP, which fails from E0710P11 or earlier to E0718 or later: {vms}{ciphers}.',
    zh: '{count} 台虚拟机的磁盘带有后端链或内部快照，迁移时会走 SCP，从 E0710P11 及更早版本迁到 E0718 及更新版本时会失败：{vms}{ciphers}。',
  },
  scpAccepted: {
    en: '{count} VM(s) have disks with a backing chain or internal snapshots and would be migrated by SCP: {vms}; this OpenSSH still accepts the old cipher list, so their copies do not fail here.',
    zh: '{count} 台虚拟机的磁盘带有后端链或内部快照，迁移时会走 SCP：{vms}；此 OpenSSH 仍接受老版本的加密算法列表，因此在本机拷贝不会失败。',
  },
  vmChain: { en: '{vm} ({image}: {what})', zh: '{vm}（{image}：{what}）' },
  chainLevels: { en: '{levels}-level chain', zh: '{levels} 级镜像链' },
  snapshots: { en: '{count} internal snapshot(s)', zh: '{count} 个内部快照' },
  chainAndSnapshots: { en: '{levels}-level chain, {count} internal snapshot(s)', zh: '{levels} 级镜像链、{count} 个内部快照' },
  singleLevel: {
    en: 'The disks of {vms} VM(s) ({images} qcow2 image(s)) are single-level files without snapshots: online migration goes through libvirt, no SCP{ciphers}.',
    zh: '{vms} 台虚拟机的磁盘（{images} 个 qcow2 镜像）都是无快照的单级文件：在线迁移走 libvirt，不用 SCP{ciphers}。',
  },
  noVmImages: { en: 'No VM with a qcow2 disk on this host{ciphers}.', zh: '此主机上没有带 qcow2 磁盘的虚拟机{ciphers}。' },
  listUnreadable: { en: 'The VMs of this host could not be listed: {why}', zh: '无法列出此主机的虚拟机：{why}' },
  undecided: { en: '{count} disk(s) could not be read, e.g. VM {vm}, {image}: {why}', zh: '{count} 个磁盘无法读取，例如虚拟机 {vm} 的 {image}：{why}' },
  infoFailed: { en: 'qemu-img info failed: {why}', zh: 'qemu-img info 失败：{why}' },
  ciphersNote: { en: 'the ciphers this OpenSSH supports', zh: '此 OpenSSH 支持的加密算法' },
} as const;

type Say = SayOf<'migration-ssh-cipher', typeof messages>;

interface CipherRead {
  readonly out: CommandOutput;
  /** Undefined when the read failed. */
  readonly offered?: ReadonlySet<string>;
  readonly missing: readonly string[];
}

interface ChainState extends Disk {
  readonly levels: number;
  readonly snapshots: number;
  readonly out?: CommandOutput;
  readonly undecided?: Msg | undefined;
  readonly undecidedEvidence?: readonly Evidence[];
  readonly poolHung?: boolean;
}

export const check = defineCheck({
  id: 'migration-ssh-cipher',
  needs: [{ command: SSH_CIPHERS, optional: true }],
  messages,
  async run(ctx, say) {
    const ciphers = await readCiphers(ctx);
    const cipherNote = ciphersValue(say, ciphers);
    const cipherEvidence = ciphers.offered ? [excerpt(ciphers.out, parseSshQuery(ciphers.out.stdout).value.names.map((n) => n.line), say.msg('ciphersNote'))] : [];
    const isVms = ctx.host.roles.includes('vms');
    // A host without a role is read as a vks host: it runs VMs or it has none.
    const isVks = ctx.host.roles.includes('vks') || !isVms;

    let vmsOk: ReturnType<Say['ok']> | undefined;
    if (isVms) {
      const log = await readLog(ctx, CAS_LOGS, CAS_PATTERN, { bytes: '16M', maxLines: 200 });
      if (log.problem) return say.unknown('casUnreadable', { file: log.file ?? CAS_LOGS[0], why: log.problem });
      if (log.output && log.output.read.kind !== 'absent') {
        const records = parseScpCipherLog(log.output.stdout).value;
        const refused = records.filter((r) => r.kind === 'bad-spec');
        const last = refused[refused.length - 1];
        if (last) {
          const copy = lastCopyBefore(records, last);
          const source = copy?.source;
          const path = source?.replace(/^[^/]*:/, '');
          const vm = path?.split('/').pop();
          const missing = ciphers.offered ? last.ciphers.filter((c) => !ciphers.offered!.has(c)) : [];
          const shown = [...(copy ? [copy.span] : []), ...refused.slice(-LOG_LINES_SHOWN).map((r) => r.span)];
          return say.fail('badSpec', {
            file: log.file!,
            count: refused.length,
            spec: last.ciphers.join(','),
            vmPart: vm ? say.msg('vmPart', { vm, source: source! }) : '',
            missingPart: missing.length ? say.msg('missingPart', { missing: list(missing, ', ') }) : '',
          }, {
            evidence: [excerpt(log.output, shown), ...cipherEvidence],
            recovery: { steps: ['check-cas-log', 'check-disk-chain', 'merge-images', 'migrate-online'], vars: { vm: vm ?? '?', image: path ?? '?' } },
            data: { file: log.file, refused: refused.map((r) => ({ ciphers: r.ciphers, stamp: r.stamp })), vm, source, missing },
          });
        }
        vmsOk = say.ok('noErrors', { file: log.file!, ciphers: cipherNote });
      }
    }
    if (!isVks) return vmsOk ?? say.notApplicable('noCasLog', { files: list([...CAS_LOGS], ', ') });

    const listOut = await ctx.run(VIRSH_LIST);
    const listProblem = readProblem(listOut);
    if (listProblem) return say.unknown('listUnreadable', { why: listProblem });
    const domains = parsedOnce(listOut, parseVirshList).value;
    const disks = (await Promise.all(domains.map(async (d) => qcow2DisksOf(d, (await readDomain(ctx, d)).xml)))).flat().slice(0, MAX_IMAGES);
    if (disks.length === 0) return vmsOk ?? say.notApplicable('noVmImages', { ciphers: cipherNote });
    const hung = await hungPools(ctx, disks.map((d) => d.image));
    const states = await Promise.all(disks.map(async (d): Promise<ChainState> => {
      const pool = hungPoolOf(hung, d.image);
      if (pool) return { ...d, levels: 0, snapshots: 0, undecided: pool.why, undecidedEvidence: pool.evidence, poolHung: true };
      return { ...d, ...(await readChain(ctx, say, d.image)) };
    }));
    const data = {
      offered: ciphers.offered ? [...ciphers.offered] : undefined,
      oldListAccepted: ciphers.offered ? ciphers.missing.length === 0 : undefined,
      disks: states.map((s) => ({ vm: s.vm, image: s.image, levels: s.levels, snapshots: s.snapshots, undecided: s.undecided !== undefined })),
    };
    const scp = states.filter((s) => s.levels > 1 || s.snapshots > 0);
    const first = scp[0];
    if (first) {
      const vms = scp.slice(0, VMS_SHOWN).map((s) => say.msg('vmChain', { vm: s.vm, image: s.image, what: chainWhat(say, s) }));
      // Only a host whose ssh refuses the old list fails the copy: elsewhere the chains are worth knowing, not a fault.
      if (ciphers.offered && ciphers.missing.length === 0) {
        return say.ok('scpAccepted', { count: new Set(scp.map((s) => s.vm)).size, vms: list(vms, '; ') }, { data });
      }
      return say.warn('scpVms', { count: new Set(scp.map((s) => s.vm)).size, vms: list(vms, '; '), ciphers: cipherNote }, {
        evidence: [...scp.slice(0, 3).map((s) => evidence(s.out!)), ...cipherEvidence],
        recovery: { steps: ['check-disk-chain', 'merge-images', 'migrate-online'], vars: { vm: first.vm, image: first.image } },
        data,
      });
    }
    const undecided = states.filter((s) => s.undecided);
    const u = undecided[0];
    if (u) {
      const incident = undecided.every((s) => s.poolHung) ? affectedBy(await ctx.finding('storage-blocked')) : undefined;
      return say.unknown('undecided', { count: undecided.length, vm: u.vm, image: u.image, why: u.undecided! }, {
        evidence: u.undecidedEvidence ?? [],
        recovery: { steps: ['check-disk-chain'], vars: { vm: u.vm, image: u.image } },
        data,
        ...(incident ? { incident } : {}),
      });
    }
    return say.ok('singleLevel', { vms: new Set(states.map((s) => s.vm)).size, images: states.length, ciphers: cipherNote }, { data });
  },
});

async function readCiphers(ctx: CheckContext): Promise<CipherRead> {
  const out = await ctx.run(SSH_CIPHERS, { optional: true });
  if (readProblem(out) || out.read.kind === 'absent') return { out, missing: [] };
  const offered = new Set(parseSshQuery(out.stdout).value.names.map((n) => n.name));
  if (offered.size === 0) return { out, missing: [] };
  return { out, offered, missing: OLD_CIPHERS.filter((c) => !offered.has(c)) };
}

function ciphersValue(say: Say, c: CipherRead): Msg | '' {
  if (!c.offered) return '';
  return c.missing.length ? say.msg('rejectsOld', { missing: list([...c.missing], ', ') }) : say.msg('acceptsOld');
}

/** The scp command line logged last before a refusal (the copy it refused). */
function lastCopyBefore(records: readonly ScpCipherRecord[], refusal: ScpCipherRecord): ScpCipherRecord | undefined {
  return records.filter((r) => r.kind === 'scp' && r.line < refusal.line).pop();
}

/** The levels of an image's backing chain and its internal snapshots, from qemu-img info. */
async function readChain(ctx: CheckContext, say: Say, image: string): Promise<Omit<ChainState, keyof Disk>> {
  const out = await ctx.run(imageInfo(image, true));
  const problem = readProblem(out);
  const parsed = parseQemuImgInfoJson(out.stdout);
  const images = parsed.value.images;
  if (problem || images.length === 0) {
    const why = problem ?? parsed.value.errors[0] ?? out.stderr.trim().split('\n')[0] ?? '?';
    return { levels: 0, snapshots: 0, out, undecided: say.msg('infoFailed', { why }), undecidedEvidence: [evidence({ ...out, stdout: out.stderr || out.stdout })] };
  }
  // A chain is the image and its backing files; snapshots of any level need the copy too.
  const levels = Math.max(images.length, images[0]!.backingFile ? 2 : 1);
  return { levels, snapshots: images.reduce((n, i) => n + i.snapshots.length, 0), out };
}

function chainWhat(say: Say, s: ChainState): Msg {
  if (s.levels > 1 && s.snapshots > 0) return say.msg('chainAndSnapshots', { levels: s.levels, count: s.snapshots });
  if (s.levels > 1) return say.msg('chainLevels', { levels: s.levels });
  return say.msg('snapshots', { count: s.snapshots });
}
