/**
 * Guide 3.5.4 — the host was restarted by OCFS2 storage fencing.
 *
 * Runs: the fence records of /var/log/ocfs2_fence_restart.log (bounded tail,
 * `Restarted at` lines), the host clock (`date +%s`), `stat` of the syslog
 * and its daily rotations, then for each of the newest restarts (at most 3,
 * in the last 30 days) the syslog lines of the 10 minutes before it, read
 * from the file that covers that time (syslog-window.ts). `mount` and
 * cluster.conf only tell "nothing recorded" (ok) from "no OCFS2 here" (not
 * applicable).
 * Decides:
 * - a restart in the last 24 hours fails: an emergency diagnosis runs on the
 *   day of the incident, and that restart is the one being investigated;
 * - two or more restarts in the last 7 days fail too: the guide's first
 *   cause is a link that is unstable or keeps flapping, and it will strike
 *   again;
 * - a restart older than that but within 30 days warns: the weak link is
 *   still worth finding while the syslog (7 days) may still show it;
 * - older restarts warn as history (the link that flapped then may flap
 *   again), named in the summary, with only the fence log to read.
 * The window: OCFS2 fences after 60 s without disk heartbeat (threshold 31)
 * or 30 s of idle node connection; iSCSI gives up a session after 120 s and
 * multipath may queue before that, so the cause starts within minutes: 10
 * minutes before, 30 s after (the record is written around the restart).
 * Recommends: the guide's link checks in the knowledge base's order, the
 * path the syslog points at (IP SAN / FC) first, and a concrete first step
 * for the NIC or disk named in the lines.
 */
import { leadContext } from '../../../src/engine/context.js';
import { defineCheck, type SayOf } from '../../../src/engine/define-check.js';
import { excerpt, readProblem } from '../../../src/engine/outputs.js';
import type { CommandOutput, Evidence } from '../../../src/engine/types.js';
import { list, type Msg, type MsgValue, type MsgValues } from '../../../src/i18n/message.js';
import { entry } from '../../../src/kb/entries/storage-fence.js';
import type { StepIdOf } from '../../../src/kb/index.js';
import { type FenceRestart, parseFenceLog } from '../../../src/parsers/fence-log.js';
import { CLUSTER_CONF, logTail, MOUNT, NODE_NAME } from '../../shared/commands.js';
import { HOST_EPOCH, hostNow, readLog } from '../../shared/logs.js';
import { clusterView } from '../../shared/ocfs2-cluster.js';
import { describeEvents, ioErrorDevices, isLinkKind, linkDownInterfaces } from './events.js';
import { readWindow, SYSLOG_FILE_TIMES, syslogFiles, type WindowEvent, type WindowRead } from './syslog-window.js';

const FENCE_LOG = '/var/log/ocfs2_fence_restart.log';
const FENCE_PATTERN = 'Restarted at';
/** One line per fence and never rotated: 1 MB is years of restarts. */
const FENCE_READ = { bytes: '1M', maxLines: 200 };
const HOUR = 3600_000;
const RECENT_MS = 24 * HOUR;
const REPEAT_MS = 7 * 24 * HOUR;
const HISTORY_MS = 30 * 24 * HOUR;
const WINDOW_BEFORE_MS = 10 * 60_000;
const WINDOW_AFTER_MS = 30_000;
const RESTARTS_CORRELATED = 3;
/** Syslog lines shown per read. */
const LINES_SHOWN = 8;

const messages = {
  logUnreadable: { en: 'The fence log could not be read: {why}', zh: '无法读取 fence 日志：{why}' },
  noOcfs2: {
    en: 'This host has no OCFS2 cluster (no cluster.conf, no pool mounted) and no fence record.',
    zh: '此主机没有 OCFS2 集群（无 cluster.conf，未挂载共享存储池），也没有 fence 记录。',
  },
  noRestart: { en: 'No fence restart is recorded in {log}.', zh: '{log} 中没有 fence 重启记录。' },
  history: {
    en: 'No fence restart in the last 30 days; the last one, {ago}, was at {time} ({what}).',
    zh: '最近 30 天没有 fence 重启；最后一次在 {ago}（{time}，{what}）。',
  },
  restart: {
    en: 'Fence restart {ago} at {time} ({what}); {before}{repeated}.',
    zh: '{ago}（{time}）发生 fence 重启（{what}）；{before}{repeated}。',
  },
  repeated: { en: '; {count} fence restarts in the last 7 days', zh: '；最近 7 天共 {count} 次 fence 重启' },

  // the restart
  hoursAgo: { en: '{hours} h ago', zh: '{hours} 小时前' },
  daysAgo: { en: '{days} days ago', zh: '{days} 天前' },
  onDevice: { en: '{device}, {why}', zh: '{device}，{why}' },
  diskHeartbeat: { en: 'disk heartbeat timeout', zh: '磁盘心跳超时' },
  peersLost: { en: 'TCP connection to the other nodes lost', zh: '与其他节点的 TCP 连接断开' },

  // what the syslog says of the minutes before it
  syslogUnreadable: { en: 'the syslog of that time could not be read ({why})', zh: '无法读取那段时间的 syslog（{why}）' },
  rotatedAway: { en: 'the syslog no longer covers that time', zh: 'syslog 已不再包含那段时间的记录' },
  nothingBefore: {
    en: 'the syslog shows no link or IO error in the 10 minutes before it: look at the storage array and the switches',
    zh: 'syslog 中重启前 10 分钟内没有链路或 IO 错误：请检查存储设备和交换机',
  },
  eventsBefore: { en: 'in the 10 minutes before: {events}', zh: '重启前 10 分钟内：{events}' },

  // evidence notes
  recorded: { en: '{count} fence restart(s) recorded', zh: '共记录 {count} 次 fence 重启' },
  windowLines: { en: 'the 10 minutes before the restart at {time}{more}', zh: '{time} 重启前 10 分钟{more}' },
  moreLines: { en: ' ({count} more lines)', zh: '（另有 {count} 行）' },
} as const;

/** The first thing to look at, for what the syslog names (the guide's link checks follow). */
const steps = {
  'check-downed-nic': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'ethtool {nic}',
    text: {
      en: '{nics} went down before the fence restart at {restartTime}: check its cable or optics, the switch port and its error counters (usdiag check nic-fault,nic-packet-loss).',
      zh: '{nics} 在 {restartTime} 的 fence 重启之前断开：检查其网线或光模块、交换机端口和错误计数（usdiag check nic-fault,nic-packet-loss）。',
    },
  },
  'check-fc-port': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'cat /sys/class/fc_host/host*/port_state',
    text: {
      en: 'The FC link dropped before the fence restart at {restartTime}: check the HBA port state, the fibre and the FC switch port.',
      zh: '{restartTime} 的 fence 重启之前 FC 链路中断：检查 HBA 端口状态、光纤和 FC 交换机端口。',
    },
  },
  'check-failed-disk-path': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'multipath -ll',
    text: {
      en: 'IO to {disks} failed before the fence restart at {restartTime}: check the paths of these disks (usdiag check multipath-wwid).',
      zh: '{restartTime} 的 fence 重启之前 {disks} 的 IO 失败：检查这些磁盘的路径（usdiag check multipath-wwid）。',
    },
  },
} as const;

type SayFence = SayOf<'storage-fence', typeof messages, typeof steps>;
type FenceStep = StepIdOf<'storage-fence'> | keyof typeof steps;

interface Correlated {
  readonly restart: FenceRestart;
  readonly syslog: WindowRead;
}

export const check = defineCheck({
  id: 'storage-fence',
  needs: [
    logTail(FENCE_LOG, FENCE_PATTERN, FENCE_READ),
    { command: HOST_EPOCH, optional: true },
    // Only whether "nothing recorded" is an ok or a not-applicable: that is said only when
    // both were read (cluster.conf absent, a mount table without OCFS2); the ok rests on the log.
    { command: MOUNT, optional: true },
    { command: CLUSTER_CONF, optional: true },
    { command: NODE_NAME, optional: true },
  ],
  messages,
  steps,
  async run(ctx, say) {
    const [view, log, now] = await Promise.all([
      clusterView(leadContext(ctx)),
      readLog(ctx, [FENCE_LOG], FENCE_PATTERN, FENCE_READ),
      hostNow(ctx),
    ]);
    const host = ctx.host.name;
    if (log.problem) return say.unknown('logUnreadable', { why: log.problem }, { recovery: { steps: ['read-fence-log', 'read-syslog-before-restart'], vars: { host } } });
    const logOut = log.output!;
    const restarts = [...parseFenceLog(logOut.stdout).value].sort((a, b) => b.at.getTime() - a.at.getTime());
    const age = (r: FenceRestart) => now.getTime() - r.at.getTime();

    if (restarts.length === 0) {
      const noCluster = view.confOutput.read.kind === 'absent' && view.mountOutput.read.kind === 'ok' && view.mounts.length === 0;
      if (noCluster) return say.notApplicable('noOcfs2');
      return say.ok('noRestart', { log: FENCE_LOG }, { data: { restarts: [] } });
    }

    const newest = restarts[0]!;
    const inWeek = restarts.filter((r) => age(r) <= REPEAT_MS);
    const data = (correlated: readonly Correlated[]) => ({
      restarts: restarts.map((r) => {
        const c = correlated.find((x) => x.restart === r);
        return {
          at: r.at.toISOString(),
          localTime: r.localTime,
          device: r.device,
          uuid: r.uuid,
          kind: r.kind,
          reason: r.reason,
          ageHours: Math.round(age(r) / HOUR),
          ...(c ? { syslogFiles: c.syslog.files, syslogCovered: c.syslog.covered, events: c.syslog.events.map((e) => ({ kind: e.kind, time: e.time?.toISOString(), message: e.message })) } : {}),
        };
      }),
      inLast24h: restarts.filter((r) => age(r) <= RECENT_MS).length,
      inLast7d: inWeek.length,
    });
    const restart = { ago: ago(say, age(newest)), time: newest.localTime, what: restartWhat(say, newest) };

    // Older than 30 days: recent and repeated are both false, so it is a warning, read from the fence log alone.
    if (age(newest) > HISTORY_MS) {
      return say.warn('history', restart, {
        evidence: [excerpt(logOut, [newest.span])],
        recovery: { steps: ['read-fence-log'], vars: { host } },
        data: data([]),
      });
    }

    const statOut = await ctx.run(SYSLOG_FILE_TIMES);
    const files = syslogFiles(statOut);
    const statProblem = files.length === 0 ? readProblem(statOut) : undefined;
    const toCorrelate = restarts.filter((r) => age(r) <= HISTORY_MS).slice(0, RESTARTS_CORRELATED);
    const correlated: Correlated[] = [];
    for (const r of toCorrelate) {
      const syslog = statProblem ? { events: [], files: [], covered: false, problem: statProblem } : await readWindow(ctx, files, {
        start: new Date(r.at.getTime() - WINDOW_BEFORE_MS),
        end: new Date(r.at.getTime() + WINDOW_AFTER_MS),
        utcOffsetMinutes: r.utcOffsetMinutes,
      });
      correlated.push({ restart: r, syslog });
    }
    const main = correlated[0]!;
    const events = main.syslog.events.filter((e) => isLinkKind(e.kind));
    const status = age(newest) <= RECENT_MS || inWeek.length >= 2 ? 'fail' : 'warn';
    const repeated = inWeek.length >= 2 ? say.msg('repeated', { count: inWeek.length }) : '';
    const ifaces = linkDownInterfaces(events);
    const lead = leadStep(events);
    const vars: MsgValues = {
      host,
      restartTime: newest.localTime,
      // the guide's {iface}: the NICs as one plain name list
      ...(ifaces.length ? { iface: ifaces.join(', '), nics: list(ifaces), nic: ifaces[0] } : {}),
      disks: list(ioErrorDevices(events)),
    };
    return say.verdict(status, 'restart', { ...restart, before: before(say, main.syslog, newest), repeated }, {
      evidence: [
        excerpt(logOut, toCorrelate.map((r) => r.span), say.msg('recorded', { count: restarts.length })),
        ...correlated.flatMap((c) => syslogEvidence(say, c)),
      ],
      recovery: { steps: [...lead, ...orderedSteps(events.map((e) => e.kind), newest.kind === 'network')], vars },
      data: data(correlated),
    });
  },
});

function restartWhat(say: SayFence, r: FenceRestart): MsgValue {
  const why = r.kind === 'disk-heartbeat' ? say.msg('diskHeartbeat') : r.kind === 'network' ? say.msg('peersLost') : r.reason;
  if (!r.device) return why;
  return say.msg('onDevice', { device: r.uuid ? `${r.device} ${r.uuid}` : r.device, why });
}

function before(say: SayFence, w: WindowRead, r: FenceRestart): Msg {
  if (w.problem && w.events.length === 0) return say.msg('syslogUnreadable', { why: w.problem });
  if (!w.covered && w.events.length === 0) return say.msg('rotatedAway');
  const events = w.events.filter((e) => isLinkKind(e.kind));
  if (events.length === 0) return say.msg('nothingBefore');
  return say.msg('eventsBefore', { events: describeEvents(events, r.at) });
}

function ago(say: SayFence, ms: number): Msg {
  const hours = Math.max(0, Math.round(ms / HOUR));
  if (hours < 48) return say.msg('hoursAgo', { hours });
  return say.msg('daysAgo', { days: Math.round(ms / (24 * HOUR)) });
}

/** The knowledge base's steps in its order, the transport the syslog points at first. */
function orderedSteps(kinds: readonly string[], network: boolean): FenceStep[] {
  const all = entry.recovery.map((s) => s.id);
  const promoted: FenceStep[] = [];
  if (network || kinds.includes('iscsi') || kinds.includes('link-down')) promoted.push('check-ip-san-path');
  if (kinds.includes('fc')) promoted.push('check-fc-path', 'check-fc-zoning');
  const reading: FenceStep[] = ['read-fence-log', 'read-syslog-before-restart'];
  return [...reading, ...promoted, ...all.filter((id) => !reading.includes(id) && !promoted.includes(id))];
}

/** The concrete first step for what the lines name: the NIC that went down, the FC link, the disks that failed IO. */
function leadStep(events: readonly WindowEvent[]): FenceStep[] {
  if (linkDownInterfaces(events).length) return ['check-downed-nic'];
  if (events.some((e) => e.kind === 'fc')) return ['check-fc-port'];
  if (ioErrorDevices(events).length) return ['check-failed-disk-path'];
  return [];
}

/** The window's link and IO lines, per read: its first LINES_SHOWN, and how many more there are. */
function syslogEvidence(say: SayFence, c: Correlated): Evidence[] {
  const byOutput = new Map<CommandOutput, number[]>();
  for (const e of c.syslog.events.filter((x) => isLinkKind(x.kind))) byOutput.set(e.output, [...(byOutput.get(e.output) ?? []), e.line]);
  return [...byOutput].map(([out, lines]) => excerpt(out, lines.slice(0, LINES_SHOWN), say.msg('windowLines', {
    time: c.restart.localTime,
    more: lines.length > LINES_SHOWN ? say.msg('moreLines', { count: lines.length - LINES_SHOWN }) : '',
  })));
}
