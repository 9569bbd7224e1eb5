/**
 * What the syslog lines before a fence restart say, in a report's words:
 * which NIC went down, which disks failed IO, which transport broke, and how
 * long before the restart it started (guide 3.5.4).
 */
import { defineMessages, list, type Msg, type MsgList } from '../../../src/i18n/message.js';
import type { StorageEventKind } from '../../../src/parsers/syslog.js';
import type { WindowEvent } from './syslog-window.js';

const eventMsg = defineMessages('fence-events', {
  'link-down': { en: 'NIC link down', zh: '网口链路断开' },
  fc: { en: 'FC link errors', zh: 'FC 链路异常' },
  iscsi: { en: 'iSCSI connection errors', zh: 'iSCSI 连接错误' },
  'io-error': { en: 'disk IO errors', zh: '磁盘 IO 错误' },
  multipath: { en: 'multipath paths failing', zh: '多路径路径失效' },
  'ocfs2-heartbeat': { en: 'OCFS2 heartbeat / node connection timeouts', zh: 'OCFS2 心跳或节点连接超时' },
  nicsDown: { en: '{nics} link down', zh: '{nics} 链路断开' },
  ioErrorsOn: { en: 'disk IO errors ({devices})', zh: '磁盘 IO 错误（{devices}）' },
  before: { en: '{what} {seconds} s before', zh: '{what}（提前 {seconds} 秒）' },
});

/** The kinds that tell why a host lost its storage or its peers. */
export const LINK_KINDS = ['link-down', 'fc', 'iscsi', 'io-error', 'multipath', 'ocfs2-heartbeat'] as const satisfies readonly StorageEventKind[];
type LinkKind = (typeof LINK_KINDS)[number];

export function isLinkKind(k: StorageEventKind): k is LinkKind {
  return (LINK_KINDS as readonly StorageEventKind[]).includes(k);
}

/** NIC names in link-down lines: `eth3: NIC Link is Down`, `link status definitely down for interface eth3`. */
export function linkDownInterfaces(events: readonly WindowEvent[]): string[] {
  const out = new Set<string>();
  for (const e of events.filter((x) => x.kind === 'link-down')) {
    const m = /\b([A-Za-z][\w.-]*\d[\w.-]*):? (?:NIC )?Link is Down/i.exec(e.message) ?? /for interface ([\w.-]+)/.exec(e.message);
    if (m) out.add(m[1]!);
  }
  return [...out];
}

/** Block devices in IO error lines: `I/O error, dev sdc, sector`, `Buffer I/O error on dev dm-1`. */
export function ioErrorDevices(events: readonly WindowEvent[]): string[] {
  const out = new Set<string>();
  for (const e of events.filter((x) => x.kind === 'io-error')) {
    const m = /\bdev ([\w-]+)/.exec(e.message) ?? /\[(sd[a-z]+)\]/.exec(e.message);
    if (m) out.add(m[1]!);
  }
  return [...out];
}

/** "eth3 link down 72 s before, iSCSI connection errors, disk IO errors (sdc, dm-1)", kinds in order of first appearance. */
export function describeEvents(events: readonly WindowEvent[], restartAt: Date): MsgList {
  const kinds = [...new Set(events.map((e) => e.kind))].filter(isLinkKind);
  const nics = linkDownInterfaces(events);
  const disks = ioErrorDevices(events);
  return list(kinds.map((k): Msg => {
    const first = events.find((e) => e.kind === k)!;
    const lead = first.time ? Math.round((restartAt.getTime() - first.time.getTime()) / 1000) : undefined;
    const what = k === 'link-down' && nics.length ? eventMsg('nicsDown', { nics: list(nics) })
      : k === 'io-error' && disks.length ? eventMsg('ioErrorsOn', { devices: list(disks) })
      : eventMsg(k);
    return lead !== undefined && lead >= 0 ? eventMsg('before', { what, seconds: lead }) : what;
  }));
}
