/**
 * Guide 3.4.3, second cause — a VM does not start: its definition keeps the
 * `<shmem>` device of an uninstalled antivirus, whose server socket
 * (/tmp/kvmsec) is gone.
 *
 * Runs: `virsh -r list --all`, `virsh -r dumpxml -- VM` of each VM; for
 * each server path a shmem device names, `stat -L -c '%A ...' -- PATH`
 * (metadata only: the first letter of the mode is `s` for a socket); for the
 * VMs with such a device, the tail of /var/log/libvirt/qemu/VM.log for
 * "Failed to connect to socket" / 'opening backend "socket" failed'.
 * Decides: a socket that is missing (or not a socket) fails for a VM that is
 * shut off (it cannot start) and warns for a running one (it runs on the
 * connection it made, and will not start again); a live socket is ok.
 * Recommends: the guide's removal of the exact `<shmem>` element shown, then
 * a start. usdiag never edits the definition.
 */
import { defineCheck } from '../../../src/engine/define-check.js';
import { evidence, excerpt, linesOf, readProblem } from '../../../src/engine/outputs.js';
import type { CommandOutput, Evidence } from '../../../src/engine/types.js';
import { list } from '../../../src/i18n/message.js';
import type { DomainShmem } from '../../../src/parsers/libvirt-xml.js';
import { parseStatOwners, STAT_OWNER_FORMAT, type StatOwner } from '../../../src/parsers/stat-owner.js';
import { elementSpans } from '../../../src/parsers/xml-lines.js';
import { type Command, cmd } from '../../../src/transport/command.js';
import { VIRSH_LIST } from '../../shared/commands.js';
import { type LogRead, readLog } from '../../shared/logs.js';
import { isActive, qemuLogPath, type VmDefinition, vmDefinitions } from '../../shared/vm-definitions.js';

export const SOCKET_LOG = 'Failed to connect to socket|opening backend "socket" failed|charshmem';
const statPath = (path: string): Command => cmd('stat', '-L', '-c', STAT_OWNER_FORMAT, '--', path);
const LOG_LINES_SHOWN = 4;

const messages = {
  noShmem: {
    en: '{vms} VM definition(s) read: none has a shmem device with a server socket.',
    zh: '已读取 {vms} 个虚拟机定义：没有带服务端 socket 的 shmem 设备。',
  },
  socketsLive: {
    en: '{count} shmem device(s) with a server socket, each socket present: {devices}.',
    zh: '{count} 个带服务端 socket 的 shmem 设备，socket 均存在：{devices}。',
  },
  deviceAt: { en: '{vm}: {device} -> {path}', zh: '{vm}：{device} -> {path}' },
  residue: {
    en: 'VM {vm} ({state}) on {host} keeps the shmem device {device} whose server socket {path} {what}{logged}: {effect}{more}',
    zh: '{host} 上的虚拟机 {vm}（{state}）保留着 shmem 设备 {device}，其服务端 socket {path} {what}{logged}：{effect}{more}',
  },
  gone: { en: 'is gone', zh: '已不存在' },
  notSocket: { en: 'is not a socket (mode {mode})', zh: '不是 socket（权限位 {mode}）' },
  logged: {
    en: '; its qemu log says "{line}"',
    zh: '；其 qemu 日志中有“{line}”',
  },
  cannotStart: {
    en: 'qemu exits while starting it (the antivirus was uninstalled; guide 3.4.3). Remove that element, then start it.',
    zh: 'qemu 启动时即退出（杀毒软件已卸载；指南 3.4.3）。删除该元素后再启动。',
  },
  willNotRestart: {
    en: 'it runs now, but will not start again once shut off. Remove that element at its next shutdown.',
    zh: '它目前仍在运行，但关机后将无法再启动。请在下次关机时删除该元素。',
  },
  more: { en: ' ({count} more VM(s) with the same device: {vms})', zh: '（另有 {count} 台虚拟机有同样的设备：{vms}）' },
  elementToRemove: {
    en: 'The element to remove, from <shmem to </shmem> (shown above as the definition of {vm} has it): {xml}',
    zh: '要删除的元素为从 <shmem 到 </shmem> 的整段（即上面证据中 {vm} 定义里的原文）：{xml}',
  },
  listUnread: { en: 'The VMs of this host could not be listed: {why}', zh: '无法列出此主机的虚拟机：{why}' },
  xmlUnread: { en: 'The definition of VM {vm} could not be read: {why}', zh: '无法读取虚拟机 {vm} 的定义：{why}' },
  statUnread: { en: 'Whether the shmem socket {path} of VM {vm} exists could not be read: {why}', zh: '无法确认虚拟机 {vm} 的 shmem socket {path} 是否存在：{why}' },
  noVms: { en: 'No VM is defined on this host.', zh: '此主机上没有定义虚拟机。' },
} as const;

interface Device {
  readonly def: VmDefinition;
  readonly shmem: DomainShmem & { readonly serverPath: string };
  /** The n-th `<shmem>` element of the definition, for cutting it out. */
  readonly index: number;
}

interface SocketState {
  readonly output: CommandOutput;
  readonly stat?: StatOwner | undefined;
  readonly absent: boolean;
}

export const check = defineCheck({
  id: 'vm-shmem-residue',
  needs: [VIRSH_LIST],
  messages,
  async run(ctx, say) {
    const host = ctx.host.name;
    const defs = await vmDefinitions(ctx);
    if (defs.problem) return say.unknown('listUnread', { why: defs.problem });
    if (defs.vms.length === 0) return say.notApplicable('noVms');
    const unread = defs.vms.find((v) => v.problem);
    const devices: Device[] = defs.vms.flatMap((def) => def.xml.shmem.flatMap((shmem, index) => (shmem.serverPath ? [{ def, shmem: shmem as Device['shmem'], index }] : [])));
    const paths = [...new Set(devices.map((d) => d.shmem.serverPath))];
    const sockets = new Map(await Promise.all(paths.map(async (p) => [p, await socketState(ctx, p)] as const)));
    const logs = new Map(await Promise.all([...new Set(devices.map((d) => d.def.vm))].map(async (vm) => [vm, await readLog(ctx, [qemuLogPath(vm)], SOCKET_LOG, { bytes: '4M', maxLines: 20 })] as const)));

    const broken = devices.filter((d) => {
      const s = sockets.get(d.shmem.serverPath)!;
      return s.absent || (s.stat !== undefined && !s.stat.mode.startsWith('s'));
    });
    // Shut-off VMs first: they are the ones that do not start.
    broken.sort((a, b) => Number(isActive(a.def.state)) - Number(isActive(b.def.state)));
    const data = {
      devices: devices.map((d) => ({ vm: d.def.vm, state: d.def.state, device: d.shmem.name, path: d.shmem.serverPath, socket: socketWord(sockets.get(d.shmem.serverPath)!) })),
    };
    const first = broken[0];
    if (first) {
      const s = sockets.get(first.shmem.serverPath)!;
      const log = logs.get(first.def.vm)!;
      const line = log.problem ? undefined : log.matches.find((m) => /Failed to connect to socket/.test(m.raw)) ?? log.matches[0];
      const span = elementSpans(first.def.output.stdout, 'shmem')[first.index];
      // On one line: a step is a wrapped sentence (the evidence shows the element as the host printed it).
      const xml = span ? linesOf(first.def.output.stdout, [span]).map((l) => l.trim()).join(' ') : `<shmem name='${first.shmem.name}'>`;
      const others = [...new Set(broken.slice(1).map((b) => b.def.vm).filter((vm) => vm !== first.def.vm))];
      const shutOff = !isActive(first.def.state);
      return say.verdict(shutOff ? 'fail' : 'warn', 'residue', {
        vm: first.def.vm, state: first.def.state, host, device: first.shmem.name, path: first.shmem.serverPath,
        what: s.absent ? say.msg('gone') : say.msg('notSocket', { mode: s.stat!.mode }),
        logged: line ? say.msg('logged', { line: line.message.trim() }) : '',
        effect: shutOff ? say.msg('cannotStart') : say.msg('willNotRestart'),
        more: others.length ? say.msg('more', { count: others.length, vms: list(others) }) : '',
      }, {
        evidence: [
          ...(span ? [excerpt(first.def.output, [span])] : []),
          s.stat ? excerpt(s.output, [s.stat.span]) : evidence(s.output, s.output.stderr.trim()),
          ...logEvidence(log),
        ],
        recovery: {
          steps: ['read-qemu-log', 'check-domain-xml', 'remove-shmem-device', 'start-vm'],
          vars: { host, vm: first.def.vm },
          found: { 'remove-shmem-device': say.msg('elementToRemove', { vm: first.def.vm, xml }) },
        },
        data,
      });
    }
    if (unread) return say.unknown('xmlUnread', { vm: unread.vm, why: unread.problem! }, { data });
    const undecided = devices.find((d) => {
      const s = sockets.get(d.shmem.serverPath)!;
      return !s.absent && s.stat === undefined;
    });
    if (undecided) {
      const s = sockets.get(undecided.shmem.serverPath)!;
      return say.unknown('statUnread', { vm: undecided.def.vm, path: undecided.shmem.serverPath, why: readProblem(s.output) ?? say.msg('gone') }, { evidence: [excerpt(s.output, [])], data });
    }
    if (devices.length === 0) return say.ok('noShmem', { vms: defs.vms.length }, { data });
    return say.ok('socketsLive', {
      count: devices.length,
      devices: list(devices.map((d) => say.msg('deviceAt', { vm: d.def.vm, device: d.shmem.name, path: d.shmem.serverPath }))),
    }, { data });
  },
});

async function socketState(ctx: Parameters<typeof vmDefinitions>[0], path: string): Promise<SocketState> {
  const output = await ctx.run(statPath(path));
  // "No such file or directory" is the answer the guide's fault gives; any other failure is not an answer.
  if (output.read.kind === 'absent') return { output, absent: true };
  if (readProblem(output)) return { output, absent: false };
  const rows = parseStatOwners(output.stdout).value;
  return { output, stat: rows.find((s) => s.path === path) ?? rows[0], absent: false };
}

function socketWord(s: SocketState): string {
  if (s.absent) return 'absent';
  if (!s.stat) return 'unknown';
  return s.stat.mode.startsWith('s') ? 'socket' : 'not-socket';
}

function logEvidence(log: LogRead): Evidence[] {
  return log.output && !log.problem && log.matches.length ? [excerpt(log.output, log.matches.slice(0, LOG_LINES_SHOWN).map((m) => m.line))] : [];
}
