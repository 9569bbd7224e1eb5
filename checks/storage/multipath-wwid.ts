/**
 * Guide 3.5.7 — adding shared storage fails: "configuring multipath failed"
 * (error 5106), and the multipath faults around it.
 *
 * Runs: `multipath -ll`, /etc/multipath/wwids and /etc/multipath/bindings,
 * multipath/WWID lines of the syslog (bounded tail on the host).
 * Decides: a map with no working path fails; failed or faulty paths warn; a
 * WWID change in the log, or a claimed WWID that no map carries beside a map
 * of a WWID nobody claimed, is the 5106 case (the array changed the volume's
 * WWID after it was mapped).
 * Recommends: compare with the storage side, clear the stale map, rescan.
 */
import { evidence, missingProgram, problem } from '../../src/engine/outputs.js';
import type { CheckContext, CheckDefinition, CheckResult, Evidence } from '../../src/engine/types.js';
import { text, type Text } from '../../src/i18n/text.js';
import type { RecoveryStep } from '../../src/kb/types.js';
import { activePathCount, failedPaths, mapPaths, pathHealth } from '../../src/parsers/multipath-health.js';
import { parseMultipathBindings, parseMultipathWwids } from '../../src/parsers/multipath-files.js';
import { type MultipathMap, parseMultipathLl } from '../../src/parsers/multipath.js';
import { classifyStorageEvent } from '../../src/parsers/syslog.js';
import { cmd } from '../../src/transport/command.js';
import { MULTIPATH_LL } from '../shared/commands.js';
import { hostNow, readLog, SYSLOG_FILES } from '../shared/logs.js';

const WWIDS = cmd('cat', '/etc/multipath/wwids');
const BINDINGS = cmd('cat', '/etc/multipath/bindings');
/** WWID changes older than this are history, not the reason of today's failure. */
const RECENT_DAYS = 7;
/**
 * The management platform's log on the VMS, where the "configure multipath
 * failed (5106)" of the UI is recorded. The guide names cas.log (3.4.8) but
 * not its directory; this is where the CAS-based platform keeps it.
 */
export const PLATFORM_LOGS = ['/var/log/caslog/cas.log'] as const;
const ERROR_5106 = '5106|配置多路径失败';

interface Finding {
  readonly severity: 'fail' | 'warn';
  readonly summary: Text;
  readonly evidence: Evidence[];
  readonly first?: RecoveryStep[];
  readonly steps: string[];
  readonly vars: Record<string, string>;
}

async function run(ctx: CheckContext): Promise<CheckResult> {
  const [ll, wwidsOut, bindingsOut, now] = await Promise.all([ctx.run(MULTIPATH_LL), ctx.run(WWIDS), ctx.run(BINDINGS), hostNow(ctx)]);
  if (missingProgram(ll)) {
    return { status: 'skipped', skipReason: 'not-applicable', summary: text('multipath is not installed on this host.', '此主机未安装 multipath。') };
  }
  const llProblem = problem(ll);
  if (llProblem) return { status: 'unknown', summary: llProblem };
  const parsed = parseMultipathLl(ll.stdout).value;
  const maps = parsed.maps;
  const claimed = wwidsOut.exitCode === 0 ? parseMultipathWwids(wwidsOut.stdout).value.map((w) => w.wwid) : [];
  const bindings = bindingsOut.exitCode === 0 ? parseMultipathBindings(bindingsOut.stdout).value : [];
  const log = await readLog(ctx, SYSLOG_FILES, '[Ww][Ww][Ii][Dd]|5106');
  const cutoff = now.getTime() - RECENT_DAYS * 86400_000;
  const wwidChanges = log.matches.filter((m) => classifyStorageEvent(m.message) === 'wwid-change' && (!m.time || m.time.getTime() >= cutoff));

  const findings: Finding[] = [];
  const llLines = ll.stdout.split('\n');
  const mapEvidence = (m: MultipathMap, note?: Text) =>
    evidence(ll, [llLines[m.line - 1]!, ...mapPaths(m).filter((p) => pathHealth(p) !== 'usable').map((p) => llLines[p.line - 1]!)], note);

  for (const m of maps) {
    const failed = failedPaths(m);
    const usable = activePathCount(m);
    const total = mapPaths(m).length;
    const vars = { host: ctx.host.name, map: m.name, wwid: m.wwid };
    if (total > 0 && usable === 0 && failed.length > 0) {
      findings.push({
        severity: 'fail',
        summary: text(`multipath map ${m.name} (${m.wwid}) has no working path: all ${total} failed`, `多路径设备 ${m.name}（${m.wwid}）没有可用路径：${total} 条全部失效`),
        evidence: [mapEvidence(m)],
        first: [linkStep(failed.map((p) => p.dev ?? p.hctl ?? '?'))],
        steps: ['check-paths', 'compare-wwid'],
        vars,
      });
    } else if (failed.length) {
      findings.push({
        severity: 'warn',
        summary: text(
          `multipath map ${m.name} (${m.wwid}): ${failed.length} of ${total} paths failed (${failed.map((p) => p.dev ?? p.hctl ?? '?').join(', ')})`,
          `多路径设备 ${m.name}（${m.wwid}）：${total} 条路径中 ${failed.length} 条失效（${failed.map((p) => p.dev ?? p.hctl ?? '?').join('、')}）`,
        ),
        evidence: [mapEvidence(m)],
        first: [linkStep(failed.map((p) => p.dev ?? p.hctl ?? '?'))],
        steps: ['check-paths'],
        vars,
      });
    }
  }

  // The 5106 situation: the array changed a volume's WWID after it was mapped.
  const mapWwids = new Set(maps.map((m) => m.wwid));
  const stale = claimed.filter((w) => !mapWwids.has(w));
  const unclaimed = claimed.length ? maps.filter((m) => !claimed.includes(m.wwid)) : [];
  if (wwidChanges.length) {
    findings.push({
      severity: 'fail',
      summary: text(
        `the log reports a changed WWID (${wwidChanges.length} line(s)): the volume was modified on the array after it was mapped (error 5106)`,
        `日志中记录了 WWID 变化（${wwidChanges.length} 行）：卷在映射给主机之后被存储端修改过（错误码 5106）`,
      ),
      evidence: [evidence(log.output!, wwidChanges.slice(-5).map((m) => m.raw))],
      steps: ['compare-wwid', 'ask-storage-admin', 'flush-stale-map', 'rescan-paths', 'retry-add-pool', 'remap-volume'],
      vars: { host: ctx.host.name, wwid: stale[0] ?? '<wwid>', map: unclaimed[0]?.name ?? '<map>' },
    });
  }
  if (stale.length && unclaimed.length) {
    findings.push({
      severity: wwidChanges.length ? 'fail' : 'warn',
      summary: text(
        `multipath remembers WWID ${stale.join(', ')} that no map carries, while map ${unclaimed.map((m) => `${m.name} (${m.wwid})`).join(', ')} is new: a volume may have changed its WWID (error 5106)`,
        `multipath 记录的 WWID ${stale.join('、')} 已没有对应的多路径设备，同时出现了新设备 ${unclaimed.map((m) => `${m.name}（${m.wwid}）`).join('、')}：卷的 WWID 可能被改过（错误码 5106）`,
      ),
      evidence: [evidence(wwidsOut, stale.map((w) => `/${w}/`)), ...unclaimed.map((m) => mapEvidence(m))],
      steps: ['compare-wwid', 'ask-storage-admin', 'flush-stale-map', 'rescan-paths', 'retry-add-pool', 'remap-volume'],
      vars: { host: ctx.host.name, wwid: stale[0]!, map: unclaimed[0]!.name },
    });
  }
  // The UI error itself is logged on the management node.
  const vms = ctx.inventory.find((h) => h.roles.includes('vms') && h.name !== ctx.host.name);
  const platform = vms ? ctx.peer({ name: vms.name }) : undefined;
  if (platform) {
    const plog = await readLog(platform, PLATFORM_LOGS, ERROR_5106, { maxLines: 50 });
    const recent = plog.matches.filter((m) => !m.time || m.time.getTime() >= cutoff);
    if (recent.length && plog.output) {
      findings.push({
        severity: findings.some((f) => f.severity === 'fail') ? 'fail' : 'warn',
        summary: text(
          `the platform on ${platform.host.name} logged error 5106 (configuring multipath failed) ${recent.length} time(s)`,
          `${platform.host.name} 上的管理平台记录了 ${recent.length} 次错误码 5106（配置多路径失败）`,
        ),
        evidence: [evidence(plog.output, recent.slice(-3).map((m) => m.raw))],
        steps: ['check-paths', 'compare-wwid', 'ask-storage-admin'],
        vars: { host: ctx.host.name, wwid: stale[0] ?? '<wwid>', map: unclaimed[0]?.name ?? '<map>' },
      });
    }
  }
  const boundGone = bindings.filter((b) => !mapWwids.has(b.wwid) && stale.includes(b.wwid));
  const data = {
    maps: maps.map((m) => ({ name: m.name, wwid: m.wwid, paths: mapPaths(m).length, usable: activePathCount(m), failed: failedPaths(m).map((p) => p.dev ?? p.hctl) })),
    staleWwids: stale,
    unclaimedMaps: unclaimed.map((m) => m.name),
    staleBindings: boundGone.map((b) => b.alias),
    wwidChangeLines: wwidChanges.length,
  };

  if (findings.length === 0) {
    if (maps.length === 0) {
      return {
        status: 'skipped',
        skipReason: 'not-applicable',
        summary: text('No multipath map on this host (storage is not multipathed here).', '此主机没有多路径设备（存储未使用多路径）。'),
        data,
      };
    }
    return {
      status: 'ok',
      summary: text(`${maps.length} multipath map(s), every path working; no WWID change in the log.`, `${maps.length} 个多路径设备，所有路径正常；日志中没有 WWID 变化。`),
      data,
    };
  }
  findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'fail' ? -1 : 1));
  const top = findings[0]!;
  const summary = findings.length > 1
    ? text(`${top.summary.en} (+${findings.length - 1} more)`, `${top.summary.zh}（另有 ${findings.length - 1} 项）`)
    : top.summary;
  return {
    status: top.severity,
    summary,
    evidence: findings.flatMap((f) => f.evidence),
    recovery: { steps: top.steps, vars: top.vars, ...(top.first ? { first: top.first } : {}) },
    data,
  };
}

function linkStep(devices: readonly string[]): RecoveryStep {
  return {
    id: 'check-failed-path-links',
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    text: text(
      `Check the links behind the failed paths (${devices.join(', ')}): FC port state and zoning, iSCSI sessions, cables and switch ports; see also "usdiag check storage-fence".`,
      `检查失效路径（${devices.join('、')}）背后的链路：FC 端口状态与 zone 配置、iSCSI 会话、线缆和交换机端口；另见 "usdiag check storage-fence"。`,
    ),
    command: 'multipath -ll',
  };
}

export const check: CheckDefinition = { id: 'multipath-wwid', run };
