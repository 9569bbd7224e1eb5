/**
 * Guide 3.5.4 — the host was restarted by OCFS2 storage fencing.
 *
 * Runs: the fence records of /var/log/ocfs2_fence_restart.log (bounded tail,
 * `Restarted at` lines), the host clock (`date +%s`), `stat` of the syslog
 * and its daily rotations, then for each of the newest restarts (at most 3,
 * in the last 30 days) the syslog lines of the 10 minutes before it, read
 * from the file that covers that time (lib/fence-syslog.ts).
 * Decides:
 * - a restart in the last 24 hours fails: an emergency diagnosis runs on the
 *   day of the incident, and that restart is the one being investigated;
 * - two or more restarts in the last 7 days fail too: the guide's first
 *   cause is a link that is unstable or keeps flapping, and it will strike
 *   again;
 * - a restart older than that but within 30 days warns: the weak link is
 *   still worth finding while the syslog (7 days) may still show it;
 * - older restarts are history (the fence log is never rotated, so every
 *   host that ever fenced would warn forever): ok, named in the summary.
 * The window: OCFS2 fences after 60 s without disk heartbeat (threshold 31)
 * or 30 s of idle node connection; iSCSI gives up a session after 120 s and
 * multipath may queue before that, so the cause starts within minutes: 10
 * minutes before, 30 s after (the record is written around the restart).
 * Recommends: the guide's link checks in the knowledge base's order, the
 * path the syslog points at (IP SAN / FC) first, and a concrete first step
 * for the NIC or disk named in the lines.
 */
import { evidence, problem } from '../../src/engine/outputs.js';
import type { CheckContext, CheckDefinition, CheckResult, CommandOutput, Evidence } from '../../src/engine/types.js';
import { text, type Text } from '../../src/i18n/text.js';
import { kbEntry } from '../../src/kb/index.js';
import type { RecoveryStep } from '../../src/kb/types.js';
import { type FenceRestart, parseFenceLog } from '../../src/parsers/fence-log.js';
import { hostNow, readLog } from '../shared/logs.js';
import { describeEvents, ioErrorDevices, LINK_KINDS, linkDownInterfaces } from './lib/fence-events.js';
import { readWindow, SYSLOG_FILE_TIMES, syslogFiles, type WindowEvent, type WindowRead } from './lib/fence-syslog.js';
import { findingStep } from './lib/io-steps.js';
import { clusterView } from '../shared/ocfs2-cluster.js';

const FENCE_LOG = '/var/log/ocfs2_fence_restart.log';
/** One line per fence and never rotated: 1 MB is years of restarts. */
const FENCE_LOG_BYTES = '1M';
const HOUR = 3600_000;
const RECENT_MS = 24 * HOUR;
const REPEAT_MS = 7 * 24 * HOUR;
const HISTORY_MS = 30 * 24 * HOUR;
const WINDOW_BEFORE_MS = 10 * 60_000;
const WINDOW_AFTER_MS = 30_000;
const RESTARTS_CORRELATED = 3;

interface Correlated {
  readonly restart: FenceRestart;
  readonly syslog: WindowRead;
}

async function run(ctx: CheckContext): Promise<CheckResult> {
  const [view, log, now] = await Promise.all([
    clusterView(ctx),
    readLog(ctx, [FENCE_LOG], 'Restarted at', { bytes: FENCE_LOG_BYTES, maxLines: 200 }),
    hostNow(ctx),
  ]);
  if (log.problem) return { status: 'unknown', message: log.problem, recovery: { steps: ['read-fence-log', 'read-syslog-before-restart'], vars: { host: ctx.host.name } } };
  const input = log.matches.map((m) => m.raw).join('\n');
  const restarts = [...parseFenceLog(input ? `${input}\n` : '').value].sort((a, b) => b.at.getTime() - a.at.getTime());
  const age = (r: FenceRestart) => now.getTime() - r.at.getTime();

  if (restarts.length === 0) {
    if (view.mounts.length === 0 && problem(view.confOutput)) {
      return {
        status: 'skipped',
        skipReason: 'not-applicable',
        summary: text('This host has no OCFS2 cluster (no cluster.conf, no pool mounted) and no fence record.', '此主机没有 OCFS2 集群（无 cluster.conf，未挂载共享存储池），也没有 fence 记录。'),
        recovery: { steps: [] },
      };
    }
    return { status: 'ok', summary: text(`No fence restart is recorded in ${FENCE_LOG}.`, `${FENCE_LOG} 中没有 fence 重启记录。`), data: { restarts: [] } };
  }

  const newest = restarts[0]!;
  const inWeek = restarts.filter((r) => age(r) <= REPEAT_MS);
  const recent = age(newest) <= RECENT_MS;
  // Old restarts still warn (the issue's rule): the link that flapped then may flap again.
  const status = recent || inWeek.length >= 2 ? 'fail' : 'warn';
  const logLines = input.split('\n');
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

  if (age(newest) > HISTORY_MS) {
    return {
      status,
      summary: text(
        `No fence restart in the last 30 days; the last one, ${ago(age(newest)).en}, was at ${newest.localTime} (${restartWhat(newest).en}).`,
        `最近 30 天没有 fence 重启；最后一次在 ${ago(age(newest)).zh}（${newest.localTime}，${restartWhat(newest).zh}）。`,
      ),
      evidence: [evidence(log.output!, [logLines[newest.line - 1]!])],
      recovery: { steps: ['read-fence-log'], vars: { host: ctx.host.name } },
      data: data([]),
    };
  }

  const statOut = await ctx.run(SYSLOG_FILE_TIMES);
  const files = syslogFiles(statOut);
  const statProblem = files.length === 0 ? problem(statOut) : undefined;
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
  const events = main.syslog.events.filter((e) => LINK_KINDS.includes(e.kind));
  const head = text(
    `Fence restart ${ago(age(newest)).en} at ${newest.localTime} (${restartWhat(newest).en})`,
    `${ago(age(newest)).zh}（${newest.localTime}）发生 fence 重启（${restartWhat(newest).zh}）`,
  );
  const repeated = inWeek.length >= 2 ? text(`; ${inWeek.length} fence restarts in the last 7 days`, `；最近 7 天共 ${inWeek.length} 次 fence 重启`) : text('', '');
  const summary = text(`${head.en}; ${before(main.syslog, newest).en}${repeated.en}.`, `${head.zh}；${before(main.syslog, newest).zh}${repeated.zh}。`);
  const ifaces = linkDownInterfaces(events);

  return {
    status,
    summary,
    evidence: [
      evidence(log.output!, toCorrelate.map((r) => logLines[r.line - 1]!), text(`${restarts.length} fence restart(s) recorded`, `共记录 ${restarts.length} 次 fence 重启`)),
      ...correlated.flatMap(syslogEvidence),
    ],
    recovery: {
      steps: orderedSteps(events.map((e) => e.kind), newest.kind === 'network'),
      vars: { host: ctx.host.name, ...(ifaces.length ? { iface: ifaces.join(', ') } : {}) },
      first: leadStep(events, newest),
    },
    data: data(correlated),
  };
}

function restartWhat(r: FenceRestart): Text {
  const dev = r.device ? `${r.device}${r.uuid ? ` ${r.uuid}` : ''}` : undefined;
  const why =
    r.kind === 'disk-heartbeat' ? text('disk heartbeat timeout', '磁盘心跳超时')
    : r.kind === 'network' ? text('TCP connection to the other nodes lost', '与其他节点的 TCP 连接断开')
    : text(r.reason, r.reason);
  return dev ? text(`${dev}, ${why.en}`, `${dev}，${why.zh}`) : why;
}

function before(w: WindowRead, r: FenceRestart): Text {
  if (w.problem && w.events.length === 0) return text(`the syslog of that time could not be read (${w.problem.en})`, `无法读取那段时间的 syslog（${w.problem.zh}）`);
  if (!w.covered && w.events.length === 0) return text('the syslog no longer covers that time', 'syslog 已不再包含那段时间的记录');
  const events = w.events.filter((e) => LINK_KINDS.includes(e.kind));
  if (events.length === 0) {
    return text(
      'the syslog shows no link or IO error in the 10 minutes before it: look at the storage array and the switches',
      'syslog 中重启前 10 分钟内没有链路或 IO 错误：请检查存储设备和交换机',
    );
  }
  const what = describeEvents(events, r.at);
  return text(`in the 10 minutes before: ${what.en}`, `重启前 10 分钟内：${what.zh}`);
}

function ago(ms: number): Text {
  const hours = Math.max(0, Math.round(ms / HOUR));
  if (hours < 48) return text(`${hours} h ago`, `${hours} 小时前`);
  const days = Math.round(ms / (24 * HOUR));
  return text(`${days} days ago`, `${days} 天前`);
}

/** The knowledge base's steps in its order, the transport the syslog points at first. */
function orderedSteps(kinds: readonly string[], network: boolean): string[] {
  const all = kbEntry('storage-fence')?.recovery.map((s) => s.id) ?? [];
  const promoted: string[] = [];
  if (network || kinds.includes('iscsi') || kinds.includes('link-down')) promoted.push('check-ip-san-path');
  if (kinds.includes('fc')) promoted.push('check-fc-path', 'check-fc-zoning');
  const reading = ['read-fence-log', 'read-syslog-before-restart'];
  return [...reading, ...promoted, ...all.filter((id) => !reading.includes(id) && !promoted.includes(id))];
}

function leadStep(events: readonly WindowEvent[], r: FenceRestart): RecoveryStep[] {
  const ifaces = linkDownInterfaces(events);
  if (ifaces.length) {
    return [findingStep('check-downed-nic', 'diagnostic', text(
      `${ifaces.join(', ')} went down before the fence restart at ${r.localTime}: check its cable or optics, the switch port and its error counters (usdiag check nic-fault,nic-packet-loss).`,
      `${ifaces.join('、')} 在 ${r.localTime} 的 fence 重启之前断开：检查其网线或光模块、交换机端口和错误计数（usdiag check nic-fault,nic-packet-loss）。`,
    ), `ethtool ${ifaces[0]}`)];
  }
  if (events.some((e) => e.kind === 'fc')) {
    return [findingStep('check-fc-port', 'diagnostic', text(
      `The FC link dropped before the fence restart at ${r.localTime}: check the HBA port state, the fibre and the FC switch port.`,
      `${r.localTime} 的 fence 重启之前 FC 链路中断：检查 HBA 端口状态、光纤和 FC 交换机端口。`,
    ), 'cat /sys/class/fc_host/host*/port_state')];
  }
  const devices = ioErrorDevices(events);
  if (devices.length) {
    return [findingStep('check-failed-disk-path', 'diagnostic', text(
      `IO to ${devices.join(', ')} failed before the fence restart at ${r.localTime}: check the paths of these disks (usdiag check multipath-wwid).`,
      `${r.localTime} 的 fence 重启之前 ${devices.join('、')} 的 IO 失败：检查这些磁盘的路径（usdiag check multipath-wwid）。`,
    ), 'multipath -ll')];
  }
  return [];
}

function syslogEvidence(c: Correlated): Evidence[] {
  const events = c.syslog.events.filter((e) => LINK_KINDS.includes(e.kind));
  const byOutput = new Map<CommandOutput, string[]>();
  for (const e of events) byOutput.set(e.output, [...(byOutput.get(e.output) ?? []), e.raw]);
  return [...byOutput.entries()].map(([out, raws]) => evidence(out, raws.slice(0, 8), text(
    `the 10 minutes before the restart at ${c.restart.localTime}${raws.length > 8 ? ` (${raws.length - 8} more lines)` : ''}`,
    `${c.restart.localTime} 重启前 10 分钟${raws.length > 8 ? `（另有 ${raws.length - 8} 行）` : ''}`,
  )));
}

export const check: CheckDefinition = { id: 'storage-fence', run };
