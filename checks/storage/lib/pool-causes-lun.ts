/**
 * Causes of a pool failing to start that lie in its LUN and the links to it:
 * no working multipath path, the LUN missing with the FC ports or the iSCSI
 * session down, or missing while the links are up (unmapped on the storage).
 */
import { evidence, grepLines } from '../../../src/engine/outputs.js';
import type { CommandOutput, Evidence } from '../../../src/engine/types.js';
import { text, type Text } from '../../../src/i18n/text.js';
import type { RecoveryStep } from '../../../src/kb/types.js';
import { failedPaths } from '../../../src/parsers/multipath.js';
import type { Cause, HostFacts, PoolDiagnosis } from './pool-diagnosis.js';
import { type SanLinks, sessionsFor, sessionUp } from './pool-san.js';

export function lunCauses(lun: NonNullable<PoolDiagnosis['lun']>, facts: HostFacts, ev: Evidence[]): Cause[] {
  const { san } = facts;
  const name = lun.volume.label;
  const map = lun.volume.map;
  if (map && lun.usablePaths === 0) {
    const lines = facts.mapsOutput.stdout.split('\n');
    ev.push(evidence(facts.mapsOutput, [lines[map.line - 1]!, ...failedPaths(map).map((p) => lines[p.line - 1]!)]));
    ev.push(...linkEvidence(san));
    return [{
      kind: 'no-working-path',
      summary: text(
        `multipath map ${name} has no working path (${lun.totalPaths} failed)${linkNote(san).en}`,
        `多路径设备 ${name} 没有可用路径（${lun.totalPaths} 条全部失效）${linkNote(san).zh}`,
      ),
      steps: ['check-san-links', 'check-multipath', 'restore-storage-access'],
      decisive: true,
    }];
  }
  if (map || lun.linkExists !== false) return [];
  const what = lun.link.kind === 'iscsi'
    ? text(`iSCSI LUN ${lun.link.lun} is not visible (${lun.link.path} missing)`, `iSCSI LUN ${lun.link.lun} 不可见（${lun.link.path} 不存在）`)
    : text(`LUN ${lun.link.wwid ?? lun.link.path} is not visible (${lun.link.path} missing, no multipath map)`, `LUN ${lun.link.wwid ?? lun.link.path} 不可见（${lun.link.path} 不存在，也没有多路径设备）`);
  if (lun.link.kind === 'iscsi') {
    const sessions = sessionsFor(san, lun.link.target!, lun.link.portal!);
    ev.push(evidence(san.iscsiOutput, sessions.length ? iscsiLines(san, lun.link.target!) : firstLines(san.iscsiOutput)));
    if (!sessions.some(sessionUp)) {
      const state = sessions.length ? sessions.map((s) => s.sessionState ?? s.connectionState).join(', ') : undefined;
      return [{
        kind: 'lun-missing-iscsi-down',
        summary: text(
          `${what.en}: ${state ? `the iSCSI session to ${lun.link.target} at ${lun.link.portal} is ${state}` : `no iSCSI session to ${lun.link.target} at ${lun.link.portal}`}`,
          `${what.zh}：${state ? `到 ${lun.link.portal} 上 ${lun.link.target} 的 iSCSI 会话状态为 ${state}` : `没有到 ${lun.link.portal} 上 ${lun.link.target} 的 iSCSI 会话`}`,
        ),
        steps: ['check-san-links', 'check-lun-mapping', 'restore-storage-access'],
        decisive: true,
      }];
    }
    return [unmapped(what, san, lun)];
  }
  ev.push(...linkEvidence(san));
  const fcDown = san.fc.length > 0 && !san.fc.some((p) => p.usable);
  const iscsiDown = san.fc.length === 0 && san.iscsi.length > 0 && !san.iscsi.some(sessionUp);
  if (fcDown || iscsiDown) {
    return [{
      kind: fcDown ? 'lun-missing-fc-down' : 'lun-missing-iscsi-down',
      summary: text(`${what.en}: ${linkNote(san).en.replace(/^; /, '')}`, `${what.zh}：${linkNote(san).zh.replace(/^；/, '')}`),
      steps: ['check-san-links', 'check-multipath', 'restore-storage-access'],
      first: fcDown ? [fcStep(san)] : [],
      decisive: true,
    }];
  }
  return [unmapped(what, san, lun)];
}

/** Links are up but the LUN is not there: the storage stopped presenting it to this host. */
function unmapped(what: Text, san: SanLinks, lun: NonNullable<PoolDiagnosis['lun']>): Cause {
  const wwpns = san.fc.flatMap((p) => p.wwpn ?? []);
  const iqns = [...new Set(san.iscsi.flatMap((s) => s.initiatorName ?? []))];
  const initiators = [...wwpns.map((w) => `WWPN ${w}`), ...iqns].join(', ') || '<initiators>';
  return {
    kind: 'lun-unmapped',
    summary: text(
      `${what.en}, while the links are up: the storage no longer presents it to this host (mapping or host group changed)${linkNote(san).en}`,
      `${what.zh}，而链路正常：存储已不再把它映射给本主机（映射或主机组被改动）${linkNote(san).zh}`,
    ),
    steps: ['check-lun-mapping', 'check-multipath', 'check-disk', 'restore-storage-access'],
    first: [{
      id: 'ask-lun-mapping',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        `Ask the storage administrator whether LUN ${lun.link.wwid ?? lun.link.path} is still mapped to this host's initiators: ${initiators}.`,
        `请存储管理员确认 LUN ${lun.link.wwid ?? lun.link.path} 是否仍映射给本主机的启动器：${initiators}。`,
      ),
    }],
    decisive: true,
  };
}

function fcStep(san: SanLinks): RecoveryStep {
  const ports = san.fc.map((p) => `${p.host}${p.wwpn ? ` (${p.wwpn})` : ''} ${p.state ?? '?'}`).join(', ');
  return {
    id: 'check-fc-ports',
    kind: 'diagnostic',
    cost: 'short',
    likelihood: 'high',
    command: 'cat /sys/class/fc_host/host*/port_state',
    text: text(
      `No FC port of this host is online (${ports}): check the fibre cables and SFPs, the FC switch ports and their zoning.`,
      `本主机没有处于 Online 的 FC 端口（${ports}）：检查光纤和光模块、FC 交换机端口及其 zone 配置。`,
    ),
  };
}

/** "; FC ports host1 Linkdown, host2 Linkdown; iSCSI: no session" (empty when there is nothing to say). */
function linkNote(san: SanLinks): Text {
  const en: string[] = [];
  const zh: string[] = [];
  const down = san.fc.filter((p) => !p.usable);
  if (down.length) {
    const list = down.map((p) => `${p.host} ${p.state ?? 'unreadable'}`);
    en.push(`FC port${down.length > 1 ? 's' : ''} ${list.join(', ')}${down.length === san.fc.length ? '' : ` (${san.fc.length - down.length} online)`}`);
    zh.push(`FC 端口 ${list.join('、')}${down.length === san.fc.length ? '' : `（${san.fc.length - down.length} 个 Online）`}`);
  }
  const failed = san.iscsi.filter((s) => !sessionUp(s));
  if (failed.length) {
    const list = failed.map((s) => `${s.target} ${s.sessionState ?? s.connectionState}`);
    en.push(`iSCSI session ${list.join(', ')}`);
    zh.push(`iSCSI 会话 ${list.join('、')}`);
  }
  return en.length ? text(`; ${en.join('; ')}`, `；${zh.join('；')}`) : text('', '');
}

/** The FC ports when the host has any (a by-id LUN is FC there), else the iSCSI sessions. */
function linkEvidence(san: SanLinks): Evidence[] {
  if (san.fc.length) return san.fc.map((p) => evidence(p.stateOutput, [p.state ?? ''], text(`${p.host}${p.wwpn ? ` WWPN ${p.wwpn}` : ''}`, `${p.host}${p.wwpn ? ` WWPN ${p.wwpn}` : ''}`)));
  return san.iscsi.length || /No active sessions/.test(san.iscsiOutput.stderr) ? [evidence(san.iscsiOutput, firstLines(san.iscsiOutput))] : [];
}

function iscsiLines(san: SanLinks, target: string): string[] {
  return san.iscsiOutput.stdout.split('\n').filter((l) => l.includes(target) || /Current Portal|Session State|Connection State|Attached scsi disk/.test(l)).slice(0, 12);
}

function firstLines(out: CommandOutput): string[] {
  return (out.stdout.trim() ? grepLines(out.stdout, /Target:|Session State|Attached scsi disk|^\S+: \[\d+\]/, 12) : [out.stderr.trim()]).filter(Boolean);
}
