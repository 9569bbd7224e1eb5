/**
 * Causes of a pool failing to start that lie in its LUN and the links to it:
 * no working multipath path, the LUN missing with the FC ports or the iSCSI
 * session down, or missing while the links are up (unmapped on the storage).
 */
import { excerpt } from '../../../src/engine/outputs.js';
import type { Evidence } from '../../../src/engine/types.js';
import { list, type Msg, type MsgValue } from '../../../src/i18n/message.js';
import { sessionLines, type IscsiSession } from '../../../src/parsers/iscsi.js';
import { failedPaths } from '../../../src/parsers/multipath.js';
import { type Cause, type HostFacts, type PoolLun, stderrEvidence } from './facts.js';
import type { SayPool } from './messages.js';
import { type SanLinks, sessionsFor, sessionUp } from './san.js';

const SEMICOLONS = { en: '; ', zh: '；' };
/** Lines of iscsiadm's tree shown at most. */
const ISCSI_LINES = 12;

export interface LunFindings {
  readonly causes: readonly Cause[];
  /** What was looked at for them (the map, the links), shown after the causes' own evidence. */
  readonly evidence: readonly Evidence[];
}

export function lunCauses(say: SayPool, lun: PoolLun, facts: HostFacts): LunFindings {
  const { san } = facts;
  const map = lun.volume.map;
  if (map && lun.usablePaths === 0) {
    return {
      causes: [{
        kind: 'no-working-path',
        summary: say.msg('noWorkingPath', { map: lun.volume.label, count: lun.totalPaths ?? 0, links: linkSuffix(say, san) }),
        steps: ['check-san-links', 'check-multipath', 'restore-storage-access'],
        decisive: true,
      }],
      evidence: [excerpt(facts.mapsOutput, [map.line, ...failedPaths(map).map((p) => p.line)]), ...linkEvidence(say, san)],
    };
  }
  if (map || lun.linkExists !== false) return { causes: [], evidence: [] };
  const { link } = lun;
  const what = link.kind === 'iscsi'
    ? say.msg('iscsiLunGone', { lun: link.lun ?? '?', path: link.path })
    : say.msg('lunGone', { lun: link.wwid ?? link.path, path: link.path });
  if (link.kind === 'iscsi') {
    const target = link.target!;
    const portal = link.portal!;
    const sessions = sessionsFor(san, target, portal);
    const ev = [iscsiEvidence(san, sessions.length ? sessions : san.iscsi)];
    if (!sessions.some(sessionUp)) {
      const summary = sessions.length
        ? say.msg('iscsiSessionIs', { what, target, portal, state: list(sessions.map(sessionState)) })
        : say.msg('iscsiNoSession', { what, target, portal });
      return {
        causes: [{ kind: 'lun-missing-iscsi-down', summary, steps: ['check-san-links', 'check-lun-mapping', 'restore-storage-access'], decisive: true }],
        evidence: ev,
      };
    }
    return { causes: [unmapped(say, what, san, lun)], evidence: ev };
  }
  const ev = linkEvidence(say, san);
  const fcDown = san.fc.length > 0 && !san.fc.some((p) => p.usable);
  const iscsiDown = san.fc.length === 0 && san.iscsi.length > 0 && !san.iscsi.some(sessionUp);
  if (fcDown || iscsiDown) {
    return {
      causes: [{
        kind: fcDown ? 'lun-missing-fc-down' : 'lun-missing-iscsi-down',
        summary: say.msg('linksDown', { what, links: list(linkParts(say, san), SEMICOLONS) }),
        steps: ['check-san-links', 'check-multipath', 'restore-storage-access'],
        ...(fcDown ? { first: ['check-fc-ports'] as const, vars: { ports: list(san.fc.map((p) => portState(say, p))) } } : {}),
        decisive: true,
      }],
      evidence: ev,
    };
  }
  return { causes: [unmapped(say, what, san, lun)], evidence: ev };
}

/** Links are up but the LUN is not there: the storage stopped presenting it to this host. */
function unmapped(say: SayPool, what: Msg, san: SanLinks, lun: PoolLun): Cause {
  const wwpns = san.fc.flatMap((p) => p.wwpn ?? []);
  const iqns = [...new Set(san.iscsi.flatMap((s) => s.initiatorName ?? []))];
  const initiators: MsgValue[] = [...wwpns.map((wwpn) => say.msg('initiatorWwpn', { wwpn })), ...iqns];
  return {
    kind: 'lun-unmapped',
    summary: say.msg('lunUnmapped', { what, links: linkSuffix(say, san) }),
    steps: ['check-lun-mapping', 'check-multipath', 'check-disk', 'restore-storage-access'],
    first: ['ask-lun-mapping'],
    vars: { lun: lun.link.wwid ?? lun.link.path, ...(initiators.length ? { initiators: list(initiators) } : {}) },
    decisive: true,
  };
}

/** "host1 (0x...) Linkdown": a port as the FC step names it. */
function portState(say: SayPool, p: SanLinks['fc'][number]): Msg {
  const state = p.state ?? '?';
  return p.wwpn ? say.msg('fcPortWithWwpn', { port: p.host, wwpn: p.wwpn, state }) : say.msg('nameState', { name: p.host, state });
}

function sessionState(s: IscsiSession): string {
  return s.sessionState ?? s.connectionState ?? '?';
}

/** "FC ports host1 Linkdown, host2 Linkdown", "iSCSI session <target> FAILED": the links that are down. */
function linkParts(say: SayPool, san: SanLinks): Msg[] {
  const parts: Msg[] = [];
  const down = san.fc.filter((p) => !p.usable);
  if (down.length) {
    const ports = list(down.map((p) => say.msg('nameState', { name: p.host, state: p.state ?? say.msg('stateUnreadable') })));
    const online = down.length === san.fc.length ? '' : say.msg('stillOnline', { count: san.fc.length - down.length });
    parts.push(say.msg(down.length > 1 ? 'fcPortsDown' : 'fcPortDown', { ports, online }));
  }
  const failed = san.iscsi.filter((s) => !sessionUp(s));
  if (failed.length) parts.push(say.msg('iscsiDown', { sessions: list(failed.map((s) => say.msg('nameState', { name: s.target, state: sessionState(s) }))) }));
  return parts;
}

/** "; FC ports ...; iSCSI session ..." after a cause, or nothing when every link is up. */
function linkSuffix(say: SayPool, san: SanLinks): MsgValue {
  const parts = linkParts(say, san);
  return parts.length ? say.msg('linkNotes', { notes: list(parts, SEMICOLONS) }) : '';
}

/** The FC ports when the host has any (a by-id LUN is FC there), else the iSCSI sessions. */
function linkEvidence(say: SayPool, san: SanLinks): Evidence[] {
  if (san.fc.length) {
    return san.fc.map((p) => excerpt(p.stateOutput, p.stateSpan ? [p.stateSpan] : [], p.wwpn ? say.msg('portWwpn', { port: p.host, wwpn: p.wwpn }) : p.host));
  }
  return san.iscsi.length || san.noSessions ? [iscsiEvidence(san, san.iscsi)] : [];
}

/** The sessions' target, portal, state and disk lines; iscsiadm's own words when it printed none. */
function iscsiEvidence(san: SanLinks, sessions: readonly IscsiSession[]): Evidence {
  return sessions.length ? excerpt(san.iscsiOutput, sessions.flatMap(sessionLines).slice(0, ISCSI_LINES)) : stderrEvidence(san.iscsiOutput);
}
