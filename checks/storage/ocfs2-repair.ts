/**
 * Guide 3.5.5 — forced repair of the shared file system after a power loss.
 *
 * Runs: `cat /proc/mounts` (the kernel's own view: an OCFS2 pool it turned
 * read-only shows `ro` there), `dmesg -T` (this boot) and the syslog, both
 * filtered on the host to OCFS2/journal/read-only lines, `last -x -F` boot
 * and shutdown records (was the last boot preceded by a clean shutdown?),
 * `multipath -ll`/`readlink -f` to tie dm-N in the log to its pool, and on
 * repair the other cluster nodes' `mount` (lib/repair-hosts.ts). It never
 * runs fsck: the read-only `fsck.ocfs2 -fn` is part of the repair procedure,
 * after the pool is stopped on every host.
 * Decides (per pool):
 * - mounted read-only now, or on-disk corruption reported in this boot
 *   (ocfs2_error, "On-disk corruption discovered"): fail;
 * - corruption reported before this boot (it may have been repaired since),
 *   or IO errors on the OCFS2 journal in this boot while the pool is still
 *   writable: warn;
 * - an unclean shutdown alone (power loss, crash, fence) is only mentioned:
 *   OCFS2 replays its journal on mount and every fenced host has one.
 * Recommends: the guide's all-host procedure with this host's device and
 * the cluster's hosts named; when only IO errors preceded the read-only
 * remount, fixing the storage path comes first.
 */
import { evidence, problem } from '../../src/engine/outputs.js';
import type { CheckContext, CheckDefinition, CheckResult, CommandOutput, Evidence } from '../../src/engine/types.js';
import { text, type Text } from '../../src/i18n/text.js';
import type { RecoveryStep } from '../../src/kb/types.js';
import { type LastRecord, parseLastX, uncleanReboots } from '../../src/parsers/last.js';
import { type MountEntry, ocfs2Mounts, parseProcMounts } from '../../src/parsers/mount.js';
import { parseMultipathLl } from '../../src/parsers/multipath.js';
import { parseSyslogLine } from '../../src/parsers/syslog.js';
import { type Command, cmd } from '../../src/transport/command.js';
import { MULTIPATH_LL } from '../shared/commands.js';
import { readLog, SYSLOG_FILES } from '../shared/logs.js';
import { resolveDevicePaths } from './lib/io-devices.js';
import { pipelineProblem as pipelineMsg } from '../shared/pipeline-read.js';
import { msgText } from '../../src/i18n/message.js';
const pipelineProblem = (out: CommandOutput) => { const m = pipelineMsg(out); return m && msgText(m); };
import { findingStep } from './lib/io-steps.js';
import { clusterView, type ClusterView, ocfs2MountsOf } from '../shared/ocfs2-cluster.js';
import { describePoolHosts, poolHosts } from './lib/repair-hosts.js';
import { type RepairSign, repairSign } from './lib/repair-signs.js';

const PROC_MOUNTS = cmd('cat', '/proc/mounts');
/** Host-side filter: every line a repair sign can be in (classified afterwards). */
const SIGN_WORDS = 'OCFS2|ocfs2|JBD2|[Jj]ournal|read-only|fsck';
const DMESG_SIGNS: Command = { argv: ['dmesg', '-T'], pipe: [['grep', '-a', '-E', '-e', SIGN_WORDS], ['tail', '-n', '200']] };
/** Newest first; 60 system records reach back dozens of boots. */
const BOOT_RECORDS: Command = { argv: ['last', '-x', '-F'], pipe: [['grep', '-a', '-E', '-e', '^(reboot|shutdown|runlevel) '], ['head', '-n', '60']] };
const REPAIR_STEPS = ['stop-pool-all-hosts', 'fsck-check', 'fsck-repair', 'start-pool-all-hosts', 'start-vms'];

interface FoundSign extends RepairSign {
  readonly message: string;
  readonly raw: string;
  readonly stamp?: string | undefined;
  readonly time?: Date | undefined;
  /** In this boot (dmesg, or syslog after the boot record); undefined when unknown. */
  readonly current: boolean | undefined;
  readonly output: CommandOutput;
}

interface Pool {
  /** Mount point, or undefined for a volume only the log names. */
  readonly mount?: MountEntry | undefined;
  readonly kernelName?: string | undefined;
  readonly devicePath: string;
  readonly readOnly: boolean;
  readonly signs: FoundSign[];
}

interface PoolVerdict {
  readonly pool: Pool;
  readonly severity: 'fail' | 'warn';
  /** Only IO errors led here: the storage path comes before any fsck. */
  readonly ioOnly: boolean;
  readonly summary: Text;
}

async function run(ctx: CheckContext): Promise<CheckResult> {
  const [view, procMounts, dmesg, syslog, boots, ll] = await Promise.all([
    clusterView(ctx), ctx.run(PROC_MOUNTS), ctx.run(DMESG_SIGNS), readLog(ctx, SYSLOG_FILES, SIGN_WORDS), ctx.run(BOOT_RECORDS), ctx.run(MULTIPATH_LL),
  ]);
  const procProblem = problem(procMounts);
  // `mount` is the fallback: older util-linux prints /etc/mtab, which may miss a kernel remount.
  const viaMount = procProblem ? await ocfs2MountsOf(ctx) : undefined;
  if (viaMount?.problem) {
    return { status: 'unknown', summary: text(`The mounted file systems could not be read: ${procProblem!.en}`, `无法读取已挂载的文件系统：${procProblem!.zh}`), recovery: { steps: ['check-kernel-log'], vars: { host: ctx.host.name } } };
  }
  const mounts = viaMount ? viaMount.mounts : ocfs2Mounts(parseProcMounts(procMounts.stdout).value);
  const maps = problem(ll) ? [] : parseMultipathLl(ll.stdout).value.maps;
  const kernelNames = await resolveDevicePaths(ctx, mounts.map((m) => m.device), maps);
  const ocfs2Devices = new Set(kernelNames.values());

  const bootRecords = problem(boots) ? [] : parseLastX(boots.stdout).value.records;
  const thisBoot = bootRecords.find((r) => r.kind === 'reboot');
  const unclean = uncleanReboots({ records: bootRecords });
  const dmesgProblem = pipelineProblem(dmesg);
  const signs = collectSigns(dmesgProblem ? undefined : dmesg, syslog.matches, syslog.output, ocfs2Devices, thisBoot?.start);
  const logsUnreadable = dmesgProblem !== undefined && (syslog.problem !== undefined || syslog.output === undefined);

  if (mounts.length === 0 && signs.length === 0 && problem(view.confOutput)) {
    return { status: 'skipped', skipReason: 'not-applicable', summary: text('No OCFS2 pool is mounted or configured on this host.', '此主机没有挂载或配置 OCFS2 共享存储池。'), recovery: { steps: [] } };
  }

  const pools = poolsOf(mounts, kernelNames, signs);
  const verdicts = pools.flatMap((p) => {
    const v = judgePool(p, bootRecords);
    return v ? [v] : [];
  });
  const data = {
    pools: pools.map((p) => ({
      mount: p.mount?.mountPoint,
      device: p.devicePath,
      kernelName: p.kernelName,
      readOnly: p.readOnly,
      signs: p.signs.map((s) => ({ kind: s.kind, function: s.function, current: s.current, stamp: s.stamp, message: s.message })),
    })),
    thisBoot: thisBoot ? { start: thisBoot.startText, unclean: thisBoot.unclean } : undefined,
    uncleanBoots: unclean.map((r) => r.startText),
  };

  if (verdicts.length === 0) {
    if (logsUnreadable) {
      return {
        status: 'unknown',
        summary: text(`No pool is read-only, but the kernel log could not be read: ${dmesgProblem!.en}`, `没有只读的存储池，但无法读取内核日志：${dmesgProblem!.zh}`),
        recovery: { steps: ['check-kernel-log'], vars: { host: ctx.host.name, device: mounts.map((m) => m.device).join(', ') || '<device>' } },
        data,
      };
    }
    const uncleanNote = thisBoot?.unclean
      ? text(` This boot (${thisBoot.startText}) followed an unclean shutdown; OCFS2 reported no error since.`, ` 本次启动（${thisBoot.startText}）之前主机非正常关机，此后 OCFS2 未报错。`)
      : text('', '');
    return {
      status: 'ok',
      summary: text(
        `${mounts.length} OCFS2 pool(s) mounted read-write and no sign of on-disk inconsistency in the kernel log.${uncleanNote.en}`,
        `${mounts.length} 个 OCFS2 存储池以读写方式挂载，内核日志中没有磁盘数据不一致的迹象。${uncleanNote.zh}`,
      ),
      data,
    };
  }

  verdicts.sort((a, b) => (a.severity === b.severity ? Number(a.ioOnly) - Number(b.ioOnly) : a.severity === 'fail' ? -1 : 1));
  const top = verdicts[0]!;
  const pool = top.pool;
  const poolName = pool.mount?.mountPoint;
  const hosts = poolName ? await poolHosts(ctx, view, poolName, pool.devicePath) : [];
  const hostsText = hosts.length ? describePoolHosts(hosts) : undefined;
  const more = verdicts.length - 1;
  const names = hosts.map((h) => h.name);
  const procedure = !hostsText || top.severity !== 'fail'
    ? text('', '')
    : top.ioOnly
      ? text(` Fix the storage path first, then stop it on every host (${names.join(', ')}) and check it with fsck.ocfs2 -fn ${pool.devicePath}.`, `先修复存储路径，再在所有主机（${names.join('、')}）上停用它，并用 fsck.ocfs2 -fn ${pool.devicePath} 检查。`)
      : text(` Stop it on every host (${names.join(', ')}) before fsck.ocfs2 -fn ${pool.devicePath}.`, `先在所有主机（${names.join('、')}）上停用它，再执行 fsck.ocfs2 -fn ${pool.devicePath}。`);
  const summary = text(
    `${top.summary.en}${procedure.en}${more ? ` (+${more} more pool(s))` : ''}`,
    `${top.summary.zh}${procedure.zh}${more ? `（另有 ${more} 个存储池）` : ''}`,
  );
  return {
    status: top.severity,
    summary,
    evidence: verdicts.flatMap((v) => poolEvidence(v.pool, procMounts)).concat(bootEvidence(boots, unclean, top.pool.signs)),
    recovery: recoveryFor(ctx, top, view, hostsText),
    data: { ...data, hosts },
  };
}

function collectSigns(
  dmesg: CommandOutput | undefined,
  syslog: readonly { raw: string; message: string; time?: Date; stamp?: string }[],
  syslogOut: CommandOutput | undefined,
  ocfs2Devices: ReadonlySet<string>,
  bootStart: Date | undefined,
): FoundSign[] {
  const found: FoundSign[] = [];
  const seen = new Set<string>();
  const add = (s: Omit<FoundSign, keyof RepairSign>) => {
    const sign = repairSign(s.message, ocfs2Devices);
    const key = `${sign?.kind}|${sign?.device}|${s.message}`;
    if (!sign || seen.has(key)) return;
    seen.add(key);
    found.push({ ...sign, ...s });
  };
  if (dmesg) {
    for (const raw of dmesg.stdout.split('\n').filter((l) => l.trim() !== '')) {
      const line = parseSyslogLine(raw);
      add({ message: line?.message ?? raw, raw, stamp: line?.stamp, time: line?.time, current: true, output: dmesg });
    }
  }
  if (syslogOut) {
    for (const m of syslog) {
      const current = bootStart && m.time ? m.time.getTime() >= bootStart.getTime() : undefined;
      add({ message: m.message, raw: m.raw, stamp: m.stamp, time: m.time, current, output: syslogOut });
    }
  }
  return found;
}

function poolsOf(mounts: readonly MountEntry[], kernelNames: ReadonlyMap<string, string>, signs: readonly FoundSign[]): Pool[] {
  const pools: Pool[] = mounts.map((m) => ({
    mount: m,
    kernelName: kernelNames.get(m.device),
    devicePath: m.device,
    readOnly: m.options.includes('ro'),
    signs: [],
  }));
  // Errors come in bursts about one volume: a line naming no device belongs with the line before it.
  const lastNamed = new Map<CommandOutput, FoundSign>();
  for (const s of signs) {
    const device = s.device ?? lastNamed.get(s.output)?.device;
    if (s.device) lastNamed.set(s.output, s);
    let pool = device ? pools.find((p) => p.kernelName === device) : undefined;
    if (!pool && !device) {
      // "File system is now read-only" alone: the one read-only pool, or the only pool.
      const ro = pools.filter((p) => p.readOnly);
      pool = ro.length === 1 ? ro[0] : pools.length === 1 ? pools[0] : undefined;
    }
    if (!pool) {
      pool = { kernelName: device, devicePath: device ? `/dev/${device}` : '<device>', readOnly: false, signs: [] };
      pools.push(pool);
    }
    pool.signs.push(s);
  }
  return pools;
}

function judgePool(p: Pool, bootRecords: readonly LastRecord[]): PoolVerdict | undefined {
  const where = p.mount ? `${p.mount.mountPoint} (${p.devicePath})` : `the OCFS2 volume ${p.devicePath}`;
  const whereZh = p.mount ? `${p.mount.mountPoint}（${p.devicePath}）` : `OCFS2 卷 ${p.devicePath} `;
  const corruption = p.signs.filter((s) => s.kind === 'corruption');
  const corruptNow = corruption.filter((s) => s.current === true);
  const io = p.signs.filter((s) => s.kind === 'journal-io' && s.current !== false);
  const first = (list: readonly FoundSign[]) => list[0];
  const after = afterUnclean(first(corruptNow) ?? first(io) ?? first(corruption), bootRecords);
  if (p.readOnly || corruptNow.length) {
    const c = first(corruptNow) ?? first(corruption);
    const why = c
      ? text(`OCFS2 reported on-disk corruption (${c.function ?? c.message.slice(0, 80)}${c.stamp ? `, ${c.stamp}` : ''})`, `OCFS2 报告磁盘数据损坏（${c.function ?? c.message.slice(0, 80)}${c.stamp ? `，${c.stamp}` : ''}）`)
      : io.length
        ? text(`IO errors hit its journal (${first(io)!.stamp ?? first(io)!.message.slice(0, 80)})`, `其日志（journal）遇到 IO 错误（${first(io)!.stamp ?? first(io)!.message.slice(0, 80)}）`)
        : text('the kernel log no longer says why', '内核日志中已找不到原因');
    const state = p.readOnly ? text(`${where} is mounted read-only`, `${whereZh}已变为只读挂载`) : text(`${where} is damaged`, `${whereZh}数据已损坏`);
    return {
      pool: p,
      severity: 'fail',
      ioOnly: !c && io.length > 0,
      summary: text(`${state.en}: ${why.en}${after.en}.`, `${state.zh}：${why.zh}${after.zh}。`),
    };
  }
  if (corruption.length) {
    const c = first(corruption)!;
    return {
      pool: p,
      severity: 'warn',
      ioOnly: false,
      summary: text(
        `OCFS2 reported on-disk corruption on ${where} before this boot (${c.function ?? c.message.slice(0, 80)}${c.stamp ? `, ${c.stamp}` : ''}); it is writable now: make sure it was repaired.`,
        `本次启动之前 OCFS2 曾报告 ${whereZh}的磁盘数据损坏（${c.function ?? c.message.slice(0, 80)}${c.stamp ? `，${c.stamp}` : ''}）；目前可写：请确认是否已修复。`,
      ),
    };
  }
  if (io.length) {
    const s = first(io)!;
    return {
      pool: p,
      severity: 'warn',
      ioOnly: true,
      summary: text(
        `IO errors hit the OCFS2 journal of ${where} (${s.stamp ?? s.message.slice(0, 80)})${after.en}; it is still writable: fix the storage path before it turns read-only.`,
        `${whereZh}的 OCFS2 日志（journal）遇到 IO 错误（${s.stamp ?? s.message.slice(0, 80)}）${after.zh}；目前仍可写：请在其变为只读之前修复存储路径。`,
      ),
    };
  }
  return undefined;
}

/** ", after the unclean shutdown before the boot of …" when the boot the sign came in followed one. */
function afterUnclean(sign: FoundSign | undefined, bootRecords: readonly LastRecord[]): Text {
  if (!sign) return text('', '');
  const boots = bootRecords.filter((r) => r.kind === 'reboot' && r.start);
  const boot = sign.current === true ? boots[0] : sign.time ? boots.find((r) => r.start!.getTime() <= sign.time!.getTime()) : undefined;
  if (!boot?.unclean) return text('', '');
  return text(`, after the unclean shutdown before the boot of ${boot.startText}`, `，发生在 ${boot.startText} 启动前的非正常关机之后`);
}

function recoveryFor(ctx: CheckContext, v: PoolVerdict, view: ClusterView, hostsText: Text | undefined): CheckResult['recovery'] {
  const p = v.pool;
  const pool = p.mount?.mountPoint ?? p.devicePath;
  const cluster = view.conf?.clusters[0]?.name;
  const first: RecoveryStep[] = [];
  if (v.ioOnly) {
    first.push(findingStep('fix-storage-path', 'diagnostic', text(
      `Only IO errors precede this: find why ${ctx.host.name} lost IO to ${p.devicePath} first (usdiag check storage-fence,multipath-wwid,disk-io-latency); fsck cannot repair a failing path.`,
      `在此之前只有 IO 错误：先查明 ${ctx.host.name} 到 ${p.devicePath} 的 IO 为何失败（usdiag check storage-fence,multipath-wwid,disk-io-latency）；fsck 修复不了有故障的路径。`,
    ), 'multipath -ll'));
  }
  // IO errors on a pool that is still writable: the path first, the repair only if it comes to that.
  const repair = !(v.severity === 'warn' && v.ioOnly);
  if (hostsText && repair) {
    first.push(findingStep('pool-hosts', 'diagnostic', text(
      `${pool} is used by these hosts${cluster ? ` of cluster ${cluster}` : ''}: ${hostsText.en}. It must be stopped on EVERY one of them before any fsck; the device name differs from host to host.`,
      `以下${cluster ? `集群 ${cluster} 中的` : ''}主机使用 ${pool}：${hostsText.zh}。执行任何 fsck 之前，必须在每一台主机上都停用它；各主机上的设备名可能不同。`,
    )));
  }
  const steps = !repair ? ['check-kernel-log'] : v.severity === 'warn' || v.ioOnly ? ['check-kernel-log', ...REPAIR_STEPS] : REPAIR_STEPS;
  return { steps, vars: { host: ctx.host.name, device: p.devicePath, pool }, first };
}

function poolEvidence(p: Pool, procMounts: CommandOutput): Evidence[] {
  const ev: Evidence[] = [];
  if (p.readOnly && p.mount) {
    const line = procMounts.stdout.split('\n')[p.mount.line - 1];
    if (line) ev.push(evidence(procMounts, [line], text('mounted read-only', '只读挂载')));
  }
  const byOutput = new Map<CommandOutput, string[]>();
  for (const s of p.signs) byOutput.set(s.output, [...(byOutput.get(s.output) ?? []), s.raw]);
  for (const [out, raws] of byOutput) ev.push(evidence(out, raws.slice(0, 8)));
  return ev;
}

function bootEvidence(boots: CommandOutput, unclean: readonly LastRecord[], signs: readonly FoundSign[]): Evidence[] {
  if (!unclean.length || !signs.length) return [];
  const all = boots.stdout.split('\n');
  const last = unclean[0]!.line;
  return [evidence(boots, all.slice(0, Math.min(all.length, last + 1)).filter((l) => l.trim() !== ''), text(
    `no shutdown record before the boot of ${unclean[0]!.startText}: it followed a power loss, crash or fence`,
    `${unclean[0]!.startText} 的启动之前没有关机记录：之前发生了断电、崩溃或 fence`,
  ))];
}

export const check: CheckDefinition = { id: 'ocfs2-repair', run };
