/**
 * Guide 3.5.5 — forced repair of the shared file system after a power loss.
 *
 * Runs: `cat /proc/mounts` (the kernel's own view: an OCFS2 pool it turned
 * read-only shows `ro` there), `dmesg -T` (this boot) and the syslog, both
 * filtered on the host to OCFS2/journal/read-only lines, `last -x -F` boot
 * and shutdown records (was the last boot preceded by a clean shutdown?),
 * `multipath -ll`/`readlink -f` to tie dm-N in the log to its pool, and on
 * repair the other cluster nodes' `mount` (hosts.ts). It never runs fsck:
 * the read-only `fsck.ocfs2 -fn` is part of the repair procedure, after the
 * pool is stopped on every host.
 * Decides (per pool):
 * - mounted read-only now, or on-disk corruption reported in this boot
 *   (ocfs2_error, "On-disk corruption discovered"): fail;
 * - corruption reported before this boot (it may have been repaired since),
 *   or IO errors on the OCFS2 journal in this boot while the pool is still
 *   writable: warn; corruption whose boot is unknown (no boot records) warns
 *   without saying when;
 * - an unclean shutdown alone (power loss, crash, fence) is only mentioned:
 *   OCFS2 replays its journal on mount and every fenced host has one.
 * Recommends: the guide's all-host procedure with this host's device and
 * the cluster's hosts named; when only IO errors preceded the read-only
 * remount, fixing the storage path comes first.
 */
import { leadContext } from '../../../src/engine/context.js';
import { defineCheck, type SayOf, type VerdictExtras } from '../../../src/engine/define-check.js';
import { excerpt, readProblem } from '../../../src/engine/outputs.js';
import type { CheckContext, CommandOutput, Evidence } from '../../../src/engine/types.js';
import { list, type Msg, type MsgValue } from '../../../src/i18n/message.js';
import type { StepIdOf } from '../../../src/kb/index.js';
import { type LastRecord, parseLastX, uncleanReboots } from '../../../src/parsers/last.js';
import { type MountEntry, ocfs2Mounts, parseProcMounts } from '../../../src/parsers/mount.js';
import { parseMultipathLl } from '../../../src/parsers/multipath.js';
import { parseLogLines } from '../../../src/parsers/syslog.js';
import { type Command, cmd } from '../../../src/transport/command.js';
import { resolveDevicePaths } from '../../shared/block-devices.js';
import { CLUSTER_CONF, MOUNT, MULTIPATH_LL, NODE_NAME } from '../../shared/commands.js';
import { type LogMatch, readLog, SYSLOG_FILES } from '../../shared/logs.js';
import { type ClusterView, clusterView, ocfs2MountsOf } from '../../shared/ocfs2-cluster.js';
import { pipelineProblem } from '../../shared/pipeline-read.js';
import { describePoolHosts, type PoolHost, poolHosts } from './hosts.js';
import { type RepairSign, repairSign } from './signs.js';

const PROC_MOUNTS = cmd('cat', '/proc/mounts');
/** Host-side filter: every line a repair sign can be in (classified afterwards). */
const SIGN_WORDS = 'OCFS2|ocfs2|JBD2|[Jj]ournal|read-only|fsck';
const DMESG_SIGNS: Command = { argv: ['dmesg', '-T'], pipe: [['grep', '-a', '-E', '-e', SIGN_WORDS], ['tail', '-n', '200']] };
/** Newest first; 60 system records reach back dozens of boots. */
const BOOT_RECORDS: Command = { argv: ['last', '-x', '-F'], pipe: [['grep', '-a', '-E', '-e', '^(reboot|shutdown|runlevel) '], ['head', '-n', '60']] };
/** Log lines shown per read and pool. */
const SIGNS_SHOWN = 8;
/** A sign without its ocfs2 function is quoted by the start of its message. */
const QUOTED_CHARS = 80;

const messages = {
  mountsUnreadable: { en: 'The mounted file systems could not be read: {why}', zh: '无法读取已挂载的文件系统：{why}' },
  noOcfs2: { en: 'No OCFS2 pool is mounted or configured on this host.', zh: '此主机没有挂载或配置 OCFS2 共享存储池。' },
  logsUnreadable: { en: 'No pool is read-only, but the kernel log could not be read: {why}', zh: '没有只读的存储池，但无法读取内核日志：{why}' },
  allWritable: {
    en: '{count} OCFS2 pool(s) mounted read-write and no sign of on-disk inconsistency in the kernel log.{unclean}',
    zh: '{count} 个 OCFS2 存储池以读写方式挂载，内核日志中没有磁盘数据不一致的迹象。{unclean}',
  },
  uncleanBoot: {
    en: ' This boot ({boot}) followed an unclean shutdown; OCFS2 reported no error since.',
    zh: ' 本次启动（{boot}）之前主机非正常关机，此后 OCFS2 未报错。',
  },

  // findings: {pool} is poolAt or volumeAt; {procedure} the all-host order for a fail; {more} other pools
  readOnly: {
    en: '{pool} is mounted read-only: {why}{after}.{procedure}{more}',
    zh: '{pool}已变为只读挂载：{why}{after}。{procedure}{more}',
  },
  damaged: {
    en: '{pool} is damaged: {why}{after}.{procedure}{more}',
    zh: '{pool}数据已损坏：{why}{after}。{procedure}{more}',
  },
  corruptionEarlier: {
    en: 'OCFS2 reported on-disk corruption on {pool} before this boot ({sign}); it is writable now: make sure it was repaired.{more}',
    zh: '本次启动之前 OCFS2 曾报告 {pool}的磁盘数据损坏（{sign}）；目前可写：请确认是否已修复。{more}',
  },
  corruptionUndated: {
    en: 'OCFS2 reported on-disk corruption on {pool} ({sign}); it is writable now: make sure it was repaired.{more}',
    zh: 'OCFS2 曾报告 {pool}的磁盘数据损坏（{sign}）；目前可写：请确认是否已修复。{more}',
  },
  journalIo: {
    en: 'IO errors hit the OCFS2 journal of {pool} ({sign}){after}; it is still writable: fix the storage path before it turns read-only.{more}',
    zh: '{pool}的 OCFS2 日志（journal）遇到 IO 错误（{sign}）{after}；目前仍可写：请在其变为只读之前修复存储路径。{more}',
  },
  poolAt: { en: '{mount} ({device})', zh: '{mount}（{device}）' },
  volumeAt: { en: 'the OCFS2 volume {device}', zh: 'OCFS2 卷 {device} ' },
  corruption: { en: 'OCFS2 reported on-disk corruption ({sign})', zh: 'OCFS2 报告磁盘数据损坏（{sign}）' },
  journalErrors: { en: 'IO errors hit its journal ({sign})', zh: '其日志（journal）遇到 IO 错误（{sign}）' },
  noReason: { en: 'the kernel log no longer says why', zh: '内核日志中已找不到原因' },
  signAt: { en: '{what}, {stamp}', zh: '{what}，{stamp}' },
  afterUnclean: { en: ', after the unclean shutdown before the boot of {boot}', zh: '，发生在 {boot} 启动前的非正常关机之后' },
  pathFirst: {
    en: ' Fix the storage path first, then stop it on every host ({hosts}) and check it with fsck.ocfs2 -fn {device}.',
    zh: '先修复存储路径，再在所有主机（{hosts}）上停用它，并用 fsck.ocfs2 -fn {device} 检查。',
  },
  stopFirst: { en: ' Stop it on every host ({hosts}) before fsck.ocfs2 -fn {device}.', zh: '先在所有主机（{hosts}）上停用它，再执行 fsck.ocfs2 -fn {device}。' },
  morePools: { en: ' (+{count} more pool(s))', zh: '（另有 {count} 个存储池）' },

  // evidence notes, step values
  mountedReadOnly: { en: 'mounted read-only', zh: '只读挂载' },
  noShutdownRecord: {
    en: 'no shutdown record before the boot of {boot}: it followed a power loss, crash or fence',
    zh: '{boot} 的启动之前没有关机记录：之前发生了断电、崩溃或 fence',
  },
  ofCluster: { en: ' of cluster {cluster}', zh: '集群 {cluster} 中的' },
} as const;

const steps = {
  'fix-storage-path': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'multipath -ll',
    text: {
      en: 'Only IO errors precede this: find why {host} lost IO to {device} first (usdiag check storage-fence,multipath-wwid,disk-io-latency); fsck cannot repair a failing path.',
      zh: '在此之前只有 IO 错误：先查明 {host} 到 {device} 的 IO 为何失败（usdiag check storage-fence,multipath-wwid,disk-io-latency）；fsck 修复不了有故障的路径。',
    },
  },
  'pool-hosts': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    text: {
      en: '{pool} is used by these hosts{ofCluster}: {poolHosts}. It must be stopped on EVERY one of them before any fsck; the device name differs from host to host.',
      zh: '以下{ofCluster}主机使用 {pool}：{poolHosts}。执行任何 fsck 之前，必须在每一台主机上都停用它；各主机上的设备名可能不同。',
    },
  },
} as const;

type SayRepair = SayOf<'ocfs2-repair', typeof messages, typeof steps>;
type RepairStep = StepIdOf<'ocfs2-repair'> | keyof typeof steps;
type Recovery = VerdictExtras<RepairStep>['recovery'];

const REPAIR_STEPS: readonly RepairStep[] = ['stop-pool-all-hosts', 'fsck-check', 'fsck-repair', 'start-pool-all-hosts', 'start-vms'];

interface FoundSign extends RepairSign {
  readonly message: string;
  readonly stamp?: string | undefined;
  readonly time?: Date | undefined;
  /** In this boot (dmesg, or syslog after the boot record); undefined when unknown. */
  readonly current: boolean | undefined;
  readonly output: CommandOutput;
  /** Its line in the output (evidence). */
  readonly line: number;
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
  /** The finding; `procedure` (fail only) and `more` are what the verdict appends when it leads. */
  readonly message: (procedure: MsgValue, more: MsgValue) => Msg;
}

export const check = defineCheck({
  id: 'ocfs2-repair',
  needs: [
    // The kernel's own view of the mounts: `mount` (/etc/mtab on older util-linux) can miss a read-only remount.
    PROC_MOUNTS,
    // Whether this host is an OCFS2 node at all (not applicable), and who else mounts a pool.
    CLUSTER_CONF,
    // Which dm-N a pool is: a JBD2 line names only the device. readlink -f (required, in run) names it as well.
    { command: MULTIPATH_LL, optional: true },
    // This boot's kernel lines; the syslog holds the same ones (and older boots'), and both unreadable is said.
    { command: DMESG_SIGNS, optional: true },
    // Only the unclean-shutdown note and which syslog lines came before this boot.
    { command: BOOT_RECORDS, optional: true },
    // The fallback when /proc/mounts cannot be read (an ok then does not stand anyway).
    { command: MOUNT, optional: true },
    { command: NODE_NAME, optional: true },
  ],
  messages,
  steps,
  async run(ctx, say) {
    const [view, procMounts, dmesg, syslog, boots, ll] = await Promise.all([
      clusterView(leadContext(ctx)),
      ctx.run(PROC_MOUNTS),
      ctx.run(DMESG_SIGNS, { optional: true }),
      readLog(ctx, SYSLOG_FILES, SIGN_WORDS),
      ctx.run(BOOT_RECORDS, { optional: true }),
      ctx.run(MULTIPATH_LL, { optional: true }),
    ]);
    const procProblem = readProblem(procMounts);
    // `mount` is the fallback: older util-linux prints /etc/mtab, which may miss a kernel remount.
    const viaMount = procProblem ? await ocfs2MountsOf(leadContext(ctx)) : undefined;
    if (procProblem && viaMount?.problem) {
      return say.unknown('mountsUnreadable', { why: procProblem }, { recovery: { steps: ['check-kernel-log'], vars: { host: ctx.host.name } } });
    }
    const mountsOut = viaMount ? viaMount.output : procMounts;
    const mounts = viaMount ? viaMount.mounts : ocfs2Mounts(parseProcMounts(procMounts.stdout).value);
    const maps = readProblem(ll) ? [] : parseMultipathLl(ll.stdout).value.maps;
    // Required: a JBD2 line on a device not known as OCFS2 is not a sign, so an ok rests on these names.
    const kernelNames = (await resolveDevicePaths(ctx, mounts.map((m) => m.device), maps)).names;
    const ocfs2Devices = new Set(kernelNames.values());

    const bootRecords = readProblem(boots) ? [] : parseLastX(boots.stdout).value.records;
    const thisBoot = bootRecords.find((r) => r.kind === 'reboot');
    const unclean = uncleanReboots({ records: bootRecords });
    const dmesgProblem = pipelineProblem(dmesg);
    const signs = collectSigns(dmesgProblem ? undefined : dmesg, syslog.matches, syslog.output, ocfs2Devices, thisBoot?.start);
    const logsUnreadable = dmesgProblem !== undefined && (syslog.problem !== undefined || syslog.output === undefined);

    // cluster.conf absent or unreadable (the engine turns the latter into unknown): no OCFS2 node.
    if (mounts.length === 0 && signs.length === 0 && readProblem(view.confOutput)) return say.notApplicable('noOcfs2');

    const pools = poolsOf(mounts, kernelNames, signs);
    const verdicts = pools.flatMap((p) => judgePool(say, p, bootRecords) ?? []);
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
        return say.unknown('logsUnreadable', { why: dmesgProblem! }, {
          recovery: { steps: ['check-kernel-log'], vars: { host: ctx.host.name, device: mounts.map((m) => m.device).join(', ') || '<device>' } },
          data,
        });
      }
      const uncleanNote = thisBoot?.unclean ? say.msg('uncleanBoot', { boot: thisBoot.startText }) : '';
      return say.ok('allWritable', { count: mounts.length, unclean: uncleanNote }, { data });
    }

    verdicts.sort((a, b) => (a.severity === b.severity ? Number(a.ioOnly) - Number(b.ioOnly) : a.severity === 'fail' ? -1 : 1));
    const top = verdicts[0]!;
    const pool = top.pool;
    const poolName = pool.mount?.mountPoint;
    const hosts = poolName ? await poolHosts(ctx, view, poolName, pool.devicePath) : [];
    const more = verdicts.length - 1;
    const order = { hosts: list(hosts.map((h) => h.name)), device: pool.devicePath };
    const procedure = !hosts.length || top.severity !== 'fail' ? '' : top.ioOnly ? say.msg('pathFirst', order) : say.msg('stopFirst', order);
    return say.result(top.severity, top.message(procedure, more ? say.msg('morePools', { count: more }) : ''), {
      evidence: [...verdicts.flatMap((v) => poolEvidence(say, v.pool, mountsOut)), ...bootEvidence(say, boots, unclean, top.pool.signs)],
      recovery: recoveryFor(ctx, say, top, view, hosts),
      data: { ...data, hosts },
    });
  },
});

function collectSigns(
  dmesg: CommandOutput | undefined,
  syslog: readonly LogMatch[],
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
    for (const l of parseLogLines(dmesg.stdout).value) add({ message: l.message, stamp: l.stamp, time: l.time, current: true, output: dmesg, line: l.line });
  }
  if (syslogOut) {
    for (const m of syslog) {
      const current = bootStart && m.time ? m.time.getTime() >= bootStart.getTime() : undefined;
      add({ message: m.message, stamp: m.stamp, time: m.time, current, output: syslogOut, line: m.line });
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

/** A sign as the summary quotes it: its ocfs2 function (or the start of its message), with its stamp. */
function quoted(say: SayRepair, s: FoundSign): MsgValue {
  const what = s.function ?? s.message.slice(0, QUOTED_CHARS);
  return s.stamp ? say.msg('signAt', { what, stamp: s.stamp }) : what;
}

function judgePool(say: SayRepair, p: Pool, bootRecords: readonly LastRecord[]): PoolVerdict | undefined {
  const pool = p.mount ? say.msg('poolAt', { mount: p.mount.mountPoint, device: p.devicePath }) : say.msg('volumeAt', { device: p.devicePath });
  const corruption = p.signs.filter((s) => s.kind === 'corruption');
  const corruptNow = corruption.filter((s) => s.current === true);
  const io = p.signs.filter((s) => s.kind === 'journal-io' && s.current !== false);
  const after = afterUnclean(say, corruptNow[0] ?? io[0] ?? corruption[0], bootRecords);
  if (p.readOnly || corruptNow.length) {
    const c = corruptNow[0] ?? corruption[0];
    const why = c
      ? say.msg('corruption', { sign: quoted(say, c) })
      : io.length ? say.msg('journalErrors', { sign: io[0]!.stamp ?? io[0]!.message.slice(0, QUOTED_CHARS) }) : say.msg('noReason');
    const id = p.readOnly ? 'readOnly' : 'damaged';
    return { pool: p, severity: 'fail', ioOnly: !c && io.length > 0, message: (procedure, more) => say.msg(id, { pool, why, after, procedure, more }) };
  }
  if (corruption.length) {
    const sign = quoted(say, corruption[0]!);
    // "before this boot" only when the boot records say so; without them, when is unknown
    const id = corruption[0]!.current === false ? 'corruptionEarlier' : 'corruptionUndated';
    return { pool: p, severity: 'warn', ioOnly: false, message: (_procedure, more) => say.msg(id, { pool, sign, more }) };
  }
  if (io.length) {
    const sign = io[0]!.stamp ?? io[0]!.message.slice(0, QUOTED_CHARS);
    return { pool: p, severity: 'warn', ioOnly: true, message: (_procedure, more) => say.msg('journalIo', { pool, sign, after, more }) };
  }
  return undefined;
}

/** ", after the unclean shutdown before the boot of …" when the boot the sign came in followed one. */
function afterUnclean(say: SayRepair, sign: FoundSign | undefined, bootRecords: readonly LastRecord[]): MsgValue {
  if (!sign) return '';
  const boots = bootRecords.filter((r) => r.kind === 'reboot' && r.start);
  const boot = sign.current === true ? boots[0] : sign.time ? boots.find((r) => r.start!.getTime() <= sign.time!.getTime()) : undefined;
  return boot?.unclean ? say.msg('afterUnclean', { boot: boot.startText }) : '';
}

function recoveryFor(ctx: CheckContext, say: SayRepair, v: PoolVerdict, view: ClusterView, hosts: readonly PoolHost[]): Recovery {
  const p = v.pool;
  const pool = p.mount?.mountPoint ?? p.devicePath;
  const cluster = view.conf?.clusters[0]?.name;
  const vars = {
    host: ctx.host.name,
    device: p.devicePath,
    pool,
    poolHosts: describePoolHosts(hosts),
    ofCluster: cluster ? say.msg('ofCluster', { cluster }) : '',
  };
  // IO errors on a pool that is still writable: the path first, the repair only if it comes to that.
  const repair = !(v.severity === 'warn' && v.ioOnly);
  const first: RepairStep[] = [...(v.ioOnly ? ['fix-storage-path' as const] : []), ...(hosts.length && repair ? ['pool-hosts' as const] : [])];
  const rest: readonly RepairStep[] = !repair ? ['check-kernel-log'] : v.severity === 'warn' || v.ioOnly ? ['check-kernel-log', ...REPAIR_STEPS] : REPAIR_STEPS;
  return { steps: [...first, ...rest], vars };
}

function poolEvidence(say: SayRepair, p: Pool, mountsOut: CommandOutput): Evidence[] {
  const ev: Evidence[] = [];
  if (p.readOnly && p.mount) ev.push(excerpt(mountsOut, [p.mount.line], say.msg('mountedReadOnly')));
  const byOutput = new Map<CommandOutput, number[]>();
  for (const s of p.signs) byOutput.set(s.output, [...(byOutput.get(s.output) ?? []), s.line]);
  for (const [out, lines] of byOutput) ev.push(excerpt(out, lines.slice(0, SIGNS_SHOWN)));
  return ev;
}

/** The boot records down to the reboot that had no shutdown before it, and the record below it. */
function bootEvidence(say: SayRepair, boots: CommandOutput, unclean: readonly LastRecord[], signs: readonly FoundSign[]): Evidence[] {
  if (!unclean.length || !signs.length) return [];
  const last = unclean[0]!;
  return [excerpt(boots, [{ first: 1, last: last.line + 1 }], say.msg('noShutdownRecord', { boot: last.startText }))];
}
