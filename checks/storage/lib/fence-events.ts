/**
 * What the syslog lines before a fence restart say, in a report's words:
 * which NIC went down, which disks failed IO, which transport broke, and how
 * long before the restart it started (guide 3.5.4).
 */
import { text, type Text } from '../../../src/i18n/text.js';
import type { StorageEventKind } from '../../../src/parsers/syslog.js';
import type { WindowEvent } from './fence-syslog.js';

/** The kinds that tell why a host lost its storage or its peers. */
export const LINK_KINDS: readonly StorageEventKind[] = ['link-down', 'fc', 'iscsi', 'io-error', 'multipath', 'ocfs2-heartbeat'];

const KIND_LABEL: Record<string, Text> = {
  'link-down': text('NIC link down', '网口链路断开'),
  fc: text('FC link errors', 'FC 链路异常'),
  iscsi: text('iSCSI connection errors', 'iSCSI 连接错误'),
  'io-error': text('disk IO errors', '磁盘 IO 错误'),
  multipath: text('multipath paths failing', '多路径路径失效'),
  'ocfs2-heartbeat': text('OCFS2 heartbeat / node connection timeouts', 'OCFS2 心跳或节点连接超时'),
};

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
export function describeEvents(events: readonly WindowEvent[], restartAt: Date): Text {
  const kinds = [...new Set(events.map((e) => e.kind))].filter((k) => LINK_KINDS.includes(k));
  const parts = kinds.map((k) => {
    const first = events.find((e) => e.kind === k)!;
    const lead = first.time ? Math.round((restartAt.getTime() - first.time.getTime()) / 1000) : undefined;
    const before = lead !== undefined && lead >= 0 ? text(` ${lead} s before`, `（提前 ${lead} 秒）`) : text('', '');
    const label = KIND_LABEL[k]!;
    const what =
      k === 'link-down' && linkDownInterfaces(events).length
        ? text(`${linkDownInterfaces(events).join(', ')} link down`, `${linkDownInterfaces(events).join('、')} 链路断开`)
        : k === 'io-error' && ioErrorDevices(events).length
          ? text(`${label.en} (${ioErrorDevices(events).join(', ')})`, `${label.zh}（${ioErrorDevices(events).join('、')}）`)
          : label;
    return text(`${what.en}${before.en}`, `${what.zh}${before.zh}`);
  });
  return text(parts.map((p) => p.en).join(', '), parts.map((p) => p.zh).join('、'));
}
