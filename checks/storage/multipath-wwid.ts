/**
 * Guide 3.5.7 — adding shared storage fails: "configuring multipath failed"
 * (error 5106), and the multipath faults around it.
 *
 * Runs: `multipath -ll`, /etc/multipath/wwids and /etc/multipath/bindings,
 * multipath/WWID lines of the syslog (bounded tail on the host), and the
 * platform log of the management node when it is in the inventory.
 * Decides: a map with no working path fails; failed or faulty paths warn; a
 * WWID change in the log, or a claimed WWID that no map carries beside a map
 * of a WWID nobody claimed, is the 5106 case (the array changed the volume's
 * WWID after it was mapped).
 * Recommends: compare with the storage side, clear the stale map, rescan.
 */
import { defineCheck, type SayOf } from '../../src/engine/define-check.js';
import { excerpt, missingProgram, readProblem } from '../../src/engine/outputs.js';
import type { CheckContext, Evidence } from '../../src/engine/types.js';
import { list } from '../../src/i18n/message.js';
import type { StepIdOf } from '../../src/kb/index.js';
import { parseMultipathBindings, parseMultipathWwids } from '../../src/parsers/multipath-files.js';
import { activePathCount, failedPaths, type MultipathMap, mapPaths, parseMultipathLl, pathHealth } from '../../src/parsers/multipath.js';
import { classifyStorageEvent } from '../../src/parsers/syslog.js';
import { cmd } from '../../src/transport/command.js';
import { MULTIPATH_LL } from '../shared/commands.js';
import { HOST_EPOCH, hostNow, readLog, SYSLOG_FILES } from '../shared/logs.js';
import { type Finding, findingsResult } from '../shared/pool-findings.js';

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
/** The newest lines of each log quoted as evidence. */
const WWID_LINES_SHOWN = 5;
const PLATFORM_LINES_SHOWN = 3;

const messages = {
  notInstalled: { en: 'multipath is not installed on this host.', zh: '此主机未安装 multipath。' },
  unreadable: { en: 'multipath -ll could not be read: {why}', zh: '无法读取 multipath -ll：{why}' },
  noMaps: {
    en: 'No multipath map on this host (storage is not multipathed here).',
    zh: '此主机没有多路径设备（存储未使用多路径）。',
  },
  allWorking: {
    en: '{count} multipath map(s), every path working; no WWID change in the log.',
    zh: '{count} 个多路径设备，所有路径正常；日志中没有 WWID 变化。',
  },
  noWorkingPath: {
    en: 'multipath map {map} ({wwid}) has no working path: all {total} failed{more}',
    zh: '多路径设备 {map}（{wwid}）没有可用路径：{total} 条全部失效{more}',
  },
  pathsFailed: {
    en: 'multipath map {map} ({wwid}): {failed} of {total} paths failed ({devices}){more}',
    zh: '多路径设备 {map}（{wwid}）：{total} 条路径中 {failed} 条失效（{devices}）{more}',
  },
  wwidChanged: {
    en: 'the log reports a changed WWID ({count} line(s)): the volume was modified on the array after it was mapped (error 5106){more}',
    zh: '日志中记录了 WWID 变化（{count} 行）：卷在映射给主机之后被存储端修改过（错误码 5106）{more}',
  },
  staleWwid: {
    en: 'multipath remembers WWID {stale} that no map carries, while map {maps} is new: a volume may have changed its WWID (error 5106){more}',
    zh: 'multipath 记录的 WWID {stale} 已没有对应的多路径设备，同时出现了新设备 {maps}：卷的 WWID 可能被改过（错误码 5106）{more}',
  },
  mapOf: { en: '{map} ({wwid})', zh: '{map}（{wwid}）' },
  platform5106: {
    en: 'the platform on {platform} logged error 5106 (configuring multipath failed) {count} time(s){more}',
    zh: '{platform} 上的管理平台记录了 {count} 次错误码 5106（配置多路径失败）{more}',
  },
} as const;

const steps = {
  'check-failed-path-links': {
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'multipath -ll',
    text: {
      en: 'Check the links behind the failed paths ({devices}): FC port state and zoning, iSCSI sessions, cables and switch ports; see also "usdiag check storage-fence".',
      zh: '检查失效路径（{devices}）背后的链路：FC 端口状态与 zone 配置、iSCSI 会话、线缆和交换机端口；另见 "usdiag check storage-fence"。',
    },
  },
} as const;

type SayWwid = SayOf<'multipath-wwid', typeof messages, typeof steps>;
type WwidStep = StepIdOf<'multipath-wwid'> | keyof typeof steps;

const WWID_CHANGE: WwidStep[] = ['compare-wwid', 'ask-storage-admin', 'flush-stale-map', 'rescan-paths', 'retry-add-pool', 'remap-volume'];

export const check = defineCheck({
  id: 'multipath-wwid',
  needs: [
    MULTIPATH_LL,
    // The claimed WWIDs: without them a WWID that lost its map (the 5106 case) cannot be seen.
    WWIDS,
    // Only which alias a stale WWID had (data for scripts): no verdict rests on it.
    { command: BINDINGS, optional: true },
    { command: HOST_EPOCH, optional: true },
  ],
  messages,
  steps,
  async run(ctx, say) {
    const [ll, wwidsOut, bindingsOut, now] = await Promise.all([ctx.run(MULTIPATH_LL), ctx.run(WWIDS), ctx.run(BINDINGS, { optional: true }), hostNow(ctx)]);
    if (missingProgram(ll)) return say.notApplicable('notInstalled');
    const llProblem = readProblem(ll);
    if (llProblem) return say.unknown('unreadable', { why: llProblem });
    const maps = parseMultipathLl(ll.stdout).value.maps;
    const claimed = readProblem(wwidsOut) ? [] : parseMultipathWwids(wwidsOut.stdout).value;
    const bindings = readProblem(bindingsOut) ? [] : parseMultipathBindings(bindingsOut.stdout).value;
    // The syslog is what "no WWID change in the log" rests on: a read of it that failed leaves no ok.
    const log = await readLog(ctx, SYSLOG_FILES, '[Ww][Ww][Ii][Dd]|5106');
    const cutoff = now.getTime() - RECENT_DAYS * 86400_000;
    const recent = (m: { time?: Date | undefined }) => !m.time || m.time.getTime() >= cutoff;
    const wwidChanges = log.matches.filter((m) => classifyStorageEvent(m.message) === 'wwid-change' && recent(m));

    const host = ctx.host.name;
    const mapEvidence = (m: MultipathMap): Evidence => excerpt(ll, [m.line, ...mapPaths(m).filter((p) => pathHealth(p) !== 'usable').map((p) => p.span)]);
    const findings: Finding<WwidStep>[] = maps.flatMap((m) => pathFinding(say, host, m, mapEvidence) ?? []);

    // The 5106 situation: the array changed a volume's WWID after it was mapped.
    const mapWwids = new Set(maps.map((m) => m.wwid));
    const stale = claimed.filter((w) => !mapWwids.has(w.wwid));
    const claimedWwids = new Set(claimed.map((w) => w.wwid));
    const unclaimed = claimed.length ? maps.filter((m) => !claimedWwids.has(m.wwid)) : [];
    const vars = { host, wwid: stale[0]?.wwid, map: unclaimed[0]?.name };
    if (wwidChanges.length) {
      findings.push({
        severity: 'fail',
        message: (more) => say.msg('wwidChanged', { count: wwidChanges.length, more }),
        evidence: [excerpt(log.output!, wwidChanges.slice(-WWID_LINES_SHOWN).map((m) => m.line))],
        recovery: { steps: WWID_CHANGE, vars },
      });
    }
    if (stale.length && unclaimed.length) {
      findings.push({
        severity: wwidChanges.length ? 'fail' : 'warn',
        message: (more) => say.msg('staleWwid', {
          stale: list(stale.map((w) => w.wwid)),
          maps: list(unclaimed.map((m) => say.msg('mapOf', { map: m.name, wwid: m.wwid }))),
          more,
        }),
        evidence: [excerpt(wwidsOut, stale.map((w) => w.line)), ...unclaimed.map(mapEvidence)],
        recovery: { steps: WWID_CHANGE, vars },
      });
    }
    const platform = await platformFinding(ctx, say, cutoff, findings.some((f) => f.severity === 'fail'), vars);
    if (platform) findings.push(platform);

    const staleWwids = new Set(stale.map((w) => w.wwid));
    const data = {
      maps: maps.map((m) => ({ name: m.name, wwid: m.wwid, paths: mapPaths(m).length, usable: activePathCount(m), failed: failedPaths(m).map((p) => p.dev ?? p.hctl) })),
      staleWwids: [...staleWwids],
      unclaimedMaps: unclaimed.map((m) => m.name),
      staleBindings: bindings.filter((b) => staleWwids.has(b.wwid)).map((b) => b.alias),
      wwidChangeLines: wwidChanges.length,
    };
    if (findings.length) return findingsResult(say, findings, data);
    if (maps.length === 0) return say.notApplicable('noMaps', {}, { data });
    return say.ok('allWorking', { count: maps.length }, { data });
  },
});

/** A map without a working path fails; one with failed paths beside working ones warns. */
function pathFinding(say: SayWwid, host: string, m: MultipathMap, mapEvidence: (m: MultipathMap) => Evidence): Finding<WwidStep> | undefined {
  const failed = failedPaths(m);
  const total = mapPaths(m).length;
  if (failed.length === 0) return undefined;
  const devices = list(failed.map((p) => p.dev ?? p.hctl ?? '?'));
  const vars = { host, map: m.name, wwid: m.wwid, devices };
  const map = { map: m.name, wwid: m.wwid };
  // Every node of a cluster sees the same LUN: its failed paths on three hosts are one fault of the storage side.
  const incident = m.wwid ? { key: `lun-paths:${m.wwid}`, kind: 'lun-paths', culprit: { device: m.wwid }, role: 'affected' as const } : undefined;
  if (activePathCount(m) === 0) {
    return {
      severity: 'fail',
      message: (more) => say.msg('noWorkingPath', { ...map, total, more }),
      evidence: [mapEvidence(m)],
      recovery: { steps: ['check-failed-path-links', 'check-paths', 'compare-wwid'], vars },
      incident,
    };
  }
  return {
    severity: 'warn',
    message: (more) => say.msg('pathsFailed', { ...map, failed: failed.length, total, devices, more }),
    evidence: [mapEvidence(m)],
    recovery: { steps: ['check-failed-path-links', 'check-paths'], vars },
    incident,
  };
}

/**
 * The UI's error 5106 itself, logged on the management node. Its log is read
 * as this check's own (not optional): a logged 5106 warns on its own, so an ok
 * without that log would say what usdiag did not see.
 */
async function platformFinding(
  ctx: CheckContext,
  say: SayWwid,
  cutoff: number,
  failing: boolean,
  vars: { host: string; wwid: string | undefined; map: string | undefined },
): Promise<Finding<WwidStep> | undefined> {
  const vms = ctx.inventory.find((h) => h.roles.includes('vms') && h.name !== ctx.host.name);
  const platform = vms ? ctx.peer({ name: vms.name }) : undefined;
  if (!platform) return undefined;
  const plog = await readLog(platform, PLATFORM_LOGS, ERROR_5106, { maxLines: 50 });
  const recent = plog.matches.filter((m) => !m.time || m.time.getTime() >= cutoff);
  const out = plog.output;
  if (!recent.length || !out) return undefined;
  return {
    severity: failing ? 'fail' : 'warn',
    message: (more) => say.msg('platform5106', { platform: platform.host.name, count: recent.length, more }),
    evidence: [excerpt(out, recent.slice(-PLATFORM_LINES_SHOWN).map((m) => m.line))],
    recovery: { steps: ['check-paths', 'compare-wwid', 'ask-storage-admin'], vars },
  };
}
