/**
 * Guide 3.8.4 — a VM is frozen or very slow.
 *
 * Runs: `virsh -r list --all` and the process list (each VM's qemu
 * process), `ps -L -p PIDS` of all qemu processes (a vCPU or IO thread in D
 * state freezes the guest while the main thread looks fine); for each VM
 * whose qemu process or a thread of it is in D or Z state: its kernel stack
 * (`cat /proc/PID/stack`, and the stuck thread's), its domain XML (`virsh -r
 * dumpxml`: USB, passed-through PCI devices, the antivirus shmem, spice),
 * the errors of its qemu log (bounded tail), `virsh -r domjobinfo` and the
 * process list for a storage migration or a snapshot deletion in progress,
 * and the verdict of storage-blocked on this host.
 * Decides: a stuck qemu fails, naming the VM, pid, state, wait channel and
 * the device the evidence points to: the kernel stack first (storage, USB,
 * VFIO, a module of neither: the antivirus driver when the VM has the
 * antivirus device), then the qemu log, then the unusual devices the VM has.
 * When its pool is blocked, it points to storage-blocked's finding. A storage
 * migration or snapshot deletion of a slow VM is expected slowness (warn).
 * A paused VM warns.
 * Recommends: the guide's diagnosis steps with the VM and pid filled in,
 * then what the cause calls for.
 */
import { defineCheck, type SayOf } from '../../src/engine/define-check.js';
import { evidence as evidenceOf, excerpt, parsedOnce, readProblem } from '../../src/engine/outputs.js';
import type { CheckContext, Evidence, IncidentLink } from '../../src/engine/types.js';
import { list, type Msg, type MsgValue } from '../../src/i18n/message.js';
import { parseKernelStack, type StackFrame } from '../../src/parsers/kstack.js';
import { type DomainXml, parseDomainXml } from '../../src/parsers/libvirt-xml.js';
import { parseDomjobinfo } from '../../src/parsers/virsh-jobinfo.js';
import { parseVirshList } from '../../src/parsers/virsh.js';
import { type Command, cmd } from '../../src/transport/command.js';
import { kernelStack, logTail, PROCESSES, VIRSH_LIST } from '../shared/commands.js';
import { mountPointOf } from '../shared/mount-probe.js';
import { affectedBy, duration, isFinding, pointTo } from '../shared/platform.js';
import { longTasks, parseThreads, qemuPidFile, type QemuProcess, qemuProcesses, readProcesses, rowsEvidence, threadsOf, type ThreadRow } from '../shared/vm-processes.js';

const dumpxml = (vm: string): Command => cmd('virsh', '-r', 'dumpxml', '--', vm);
const domjobinfo = (vm: string): Command => cmd('virsh', '-r', 'domjobinfo', '--', vm);
const threadStack = (pid: number, tid: number): Command => cmd('cat', `/proc/${pid}/task/${tid}/stack`);
export const QEMU_LOG_PATTERN = 'error|Error|ERROR|fail|warning|usb|spice|vfio|timed out|blocked|hung';
const qemuLog = (vm: string): Command => logTail(`/var/log/libvirt/qemu/${vm}.log`, QEMU_LOG_PATTERN, { bytes: '4M', maxLines: 40 });
const ANTIVIRUS_SOCKET = /kvmsec/i;
/** Modules of a stock kernel a qemu thread may wait in: anything else in its stack is a third-party driver. */
const STOCK_MODULES = /^(?:kvm|kvm_intel|kvm_amd|vhost|vhost_net|tun|ocfs2|ocfs2_dlm|ocfs2_dlmfs|ocfs2_stack_o2cb|ocfs2_nodemanager|jbd2|ext4|xfs|nfs|nfsv3|nfsv4|sunrpc|fuse|dm_mod|dm_multipath|scsi_mod|sd_mod|usbcore|usb_storage|vfio|vfio_pci|vfio_iommu_type1|virtio\w*|libiscsi|iscsi_tcp|bridge|openvswitch)$/;

const messages = {
  ok: { en: '{count} VM(s) running, no qemu process or thread in D or Z state{paused}.', zh: '{count} 台虚拟机正在运行，没有 qemu 进程或线程处于 D 或 Z 状态{paused}。' },
  noVms: { en: 'No VM is defined on this host.', zh: '此主机上没有定义虚拟机。' },
  frozen: {
    en: 'VM {vm} is frozen: qemu pid {pid}{thread} is in state {state} in {wchan}; the evidence points to {device}.{more}',
    zh: '虚拟机 {vm} 卡住：qemu 进程 {pid}{thread} 处于 {state} 状态，等待于 {wchan}；证据指向 {device}。{more}',
  },
  frozenOnStorage: {
    en: 'VM {vm} is frozen: qemu pid {pid}{thread} is in state {state} in {wchan}, waiting on its disk {disk} on {pool}, which is blocked: {finding}{more}',
    zh: '虚拟机 {vm} 卡住：qemu 进程 {pid}{thread} 处于 {state} 状态，等待于 {wchan}，在等它位于 {pool} 的磁盘 {disk}，而该存储池已阻塞：{finding}{more}',
  },
  zombie: {
    en: 'VM {vm}: its qemu process {pid} is a zombie (Z){thread}; the evidence points to {device}.{more}',
    zh: '虚拟机 {vm}：其 qemu 进程 {pid} 已成为僵尸进程（Z）{thread}；证据指向 {device}。{more}',
  },
  expected: {
    en: 'VM {vm} is slow while {operation} has run for {duration}: expected (guide 3.8.4), it ends with the operation.',
    zh: '虚拟机 {vm} 正在进行{operation}（已 {duration}），运行变慢属于正常现象（指南 3.8.4），操作结束后即恢复。',
  },
  paused: { en: 'VM {vm} is paused{reason}: it does not run until it is resumed.', zh: '虚拟机 {vm} 处于暂停状态{reason}：恢复之前不会运行。' },
  thread: { en: ' (thread {tid} {comm})', zh: '（线程 {tid} {comm}）' },
  more: { en: ' {count} more VM(s) stuck: {vms}.', zh: '另有 {count} 台虚拟机卡住：{vms}。' },
  pausedToo: { en: '; {vms} paused', zh: '；{vms} 处于暂停状态' },
  storageDisk: { en: 'its storage (disk {disk}{pool})', zh: '它的存储（磁盘 {disk}{pool}）' },
  onPool: { en: ' on {pool}', zh: '，位于 {pool}' },
  usbDevice: { en: 'its USB device {device}', zh: '它的 USB 设备 {device}' },
  pciDevice: { en: 'its passed-through PCI device {device}', zh: '它的透传 PCI 设备 {device}' },
  antivirus: { en: 'the antivirus driver {module} (the VM has the antivirus device {socket})', zh: '防病毒驱动 {module}（虚拟机配置了防病毒设备 {socket}）' },
  module: { en: 'the kernel module {module}', zh: '内核模块 {module}' },
  logSays: { en: 'what its qemu log says: "{line}"', zh: '其 qemu 日志中的报错："{line}"' },
  suspects: { en: 'one of its uncommon devices: {devices}', zh: '它的不常用设备之一：{devices}' },
  unknownCause: { en: 'nothing usdiag can name (read its kernel stack)', zh: 'usdiag 无法确定的原因（请查看其内核栈）' },
  spice: { en: 'spice graphics', zh: 'spice 图形' },
  storageMigration: { en: 'a storage migration', zh: '存储迁移' },
  snapshotDelete: { en: 'a snapshot deletion', zh: '删除快照' },
  listUnread: { en: 'The VMs of this host could not be listed: {why}', zh: '无法列出此主机的虚拟机：{why}' },
} as const;

type SayStuck = SayOf<'vm-stuck', typeof messages>;
type StuckStep = 'check-running-operation' | 'check-vm-devices' | 'read-qemu-log' | 'check-process-state' | 'check-process-usage' | 'read-process-stack' | 'follow-the-cause';

interface Stuck {
  readonly vm: string;
  readonly pid: number;
  readonly state: string;
  readonly wchan: string;
  readonly thread?: ThreadRow | undefined;
}

export const check = defineCheck({
  id: 'vm-stuck',
  needs: [VIRSH_LIST, PROCESSES],
  messages,
  async run(ctx, say) {
    const listOut = await ctx.run(VIRSH_LIST);
    const why = readProblem(listOut);
    if (why) return say.unknown('listUnread', { why });
    const domains = parsedOnce(listOut, parseVirshList).value;
    if (domains.length === 0) return say.notApplicable('noVms');
    const procs = await readProcesses(ctx);
    const named = qemuProcesses(procs.rows).filter((q) => domains.some((d) => d.name === q.vm));
    // a zombie qemu has lost its command line: libvirt's pid file still names it
    const unnamed = domains.filter((d) => (d.state === 'running' || d.state === 'paused') && !named.some((q) => q.vm === d.name));
    const byPidFile = (await Promise.all(unnamed.map(async (d): Promise<QemuProcess[]> => {
      const out = await ctx.run(qemuPidFile(d.name), { optional: true });
      const pid = Number(out.stdout.trim());
      const row = readProblem(out) ? undefined : procs.rows.find((r) => r.pid === pid);
      return row ? [{ vm: d.name, row }] : [];
    }))).flat();
    const qemus = [...named, ...byPidFile];
    const threadsOut = qemus.length ? await ctx.run(threadsOf(qemus.map((q) => q.row.pid))) : undefined;
    const threads = threadsOut ? parseThreads(threadsOut) : [];

    const stuck: Stuck[] = qemus.flatMap((q): Stuck[] => {
      const main = q.row.stat ?? '';
      const dThread = threads.find((t) => t.pid === q.row.pid && t.stat.startsWith('D'));
      if (main.startsWith('Z')) return [{ vm: q.vm, pid: q.row.pid, state: main, wchan: dThread?.wchan ?? q.row.wchan ?? '-', thread: dThread }];
      if (main.startsWith('D')) return [{ vm: q.vm, pid: q.row.pid, state: main, wchan: q.row.wchan ?? '-', thread: dThread && dThread.tid !== q.row.pid ? dThread : undefined }];
      if (dThread) return [{ vm: q.vm, pid: q.row.pid, state: dThread.stat, wchan: dThread.wchan, thread: dThread }];
      return [];
    });
    const paused = domains.filter((d) => d.state === 'paused');
    const data = {
      vms: domains.map((d) => ({ name: d.name, state: d.state, pid: qemus.find((q) => q.vm === d.name)?.row.pid })),
      stuck: stuck.map((s) => ({ vm: s.vm, pid: s.pid, state: s.state, wchan: s.wchan, tid: s.thread?.tid })),
    };
    if (stuck.length === 0) {
      if (paused.length) {
        const p = paused[0]!;
        return say.warn('paused', { vm: p.name, reason: '' }, { evidence: [evidenceOf(listOut)], recovery: { steps: ['check-running-operation', 'read-qemu-log'], vars: { vm: p.name } }, data });
      }
      return say.ok('ok', { count: domains.filter((d) => d.state === 'running').length, paused: '' }, { data });
    }

    const first = stuck[0]!;
    const more = stuck.length > 1 ? say.msg('more', { count: stuck.length - 1, vms: list(stuck.slice(1).map((s) => s.vm)) }) : '';
    const examined = await examine(ctx, say, first, procs);
    const vars = { vm: first.vm, pid: first.pid, host: ctx.host.name };
    const ev: Evidence[] = [rowsEvidence(procs, [qemus.find((q) => q.vm === first.vm)!.row]), ...(threadsOut && first.thread ? [excerpt(threadsOut, [first.thread.headerLine, first.thread.line])] : []), ...examined.evidence];
    const base = { vm: first.vm, pid: first.pid, state: first.state, wchan: first.wchan, thread: first.thread && first.thread.tid !== first.pid ? say.msg('thread', { tid: first.thread.tid, comm: first.thread.comm }) : '', more };
    const fullData = { ...data, device: examined.deviceKey, expected: examined.expected?.operationKey };

    if (examined.expected) {
      return say.warn('expected', { vm: first.vm, operation: examined.expected.operation, duration: examined.expected.duration }, {
        evidence: [...examined.expected.evidence, ...ev], recovery: { steps: ['check-running-operation'], vars }, data: fullData,
      });
    }
    if (examined.blockedPool) {
      return say.fail('frozenOnStorage', { ...base, disk: examined.blockedPool.disk, pool: examined.blockedPool.pool, finding: examined.blockedPool.finding }, {
        evidence: ev, recovery: { steps: ['check-process-state', 'read-process-stack', 'follow-the-cause'], vars }, data: fullData,
        ...(examined.blockedPool.incident ? { incident: examined.blockedPool.incident } : {}),
      });
    }
    const steps: StuckStep[] = ['check-vm-devices', 'read-qemu-log', 'check-process-state', 'check-process-usage', 'read-process-stack', 'follow-the-cause'];
    return say.fail(first.state.startsWith('Z') ? 'zombie' : 'frozen', { ...base, device: examined.device }, { evidence: ev, recovery: { steps, vars }, data: fullData });
  },
});

interface Examined {
  readonly device: MsgValue;
  readonly deviceKey: string;
  readonly evidence: Evidence[];
  readonly blockedPool?: { disk: string; pool: string; finding: MsgValue; incident?: IncidentLink | undefined } | undefined;
  readonly expected?: { operation: Msg; operationKey: string; duration: Msg; evidence: Evidence[] } | undefined;
}

/** One stuck VM: its stack, devices, log, running operations and pool, and what they point to. */
async function examine(ctx: CheckContext, say: SayStuck, s: Stuck, procs: Awaited<ReturnType<typeof readProcesses>>): Promise<Examined> {
  const [stackOut, threadOut, xmlOut, logOut, jobOut, blocked] = await Promise.all([
    ctx.run(kernelStack(s.pid)),
    s.thread && s.thread.tid !== s.pid ? ctx.run(threadStack(s.pid, s.thread.tid)) : Promise.resolve(undefined),
    ctx.run(dumpxml(s.vm)),
    ctx.run(qemuLog(s.vm), { optional: true }),
    ctx.run(domjobinfo(s.vm), { optional: true }),
    ctx.finding('storage-blocked'),
  ]);
  const frames: StackFrame[] = [stackOut, threadOut].flatMap((o) => (o && !readProblem(o) ? parseKernelStack(o.stdout).value : []));
  const stackEv = [stackOut, threadOut].flatMap((o) => (o && !readProblem(o) && o.stdout.trim() ? [excerpt(o, [{ first: 1, last: 8 }])] : []));
  const xml: DomainXml | undefined = readProblem(xmlOut) ? undefined : parsedOnce(xmlOut, parseDomainXml).value;
  const logLines = logOut && !readProblem(logOut) ? logOut.stdout.split('\n').map((l, i) => ({ l, i: i + 1 })).filter((x) => x.l.trim()) : [];
  const evidence: Evidence[] = [...stackEv];

  // an operation that makes a VM slow on purpose
  const job = readProblem(jobOut) ? undefined : parseDomjobinfo(jobOut.stdout).value;
  const jobOp = String(job?.operation ?? '');
  const task = longTasks(procs.rows, [s.vm], 0).find((t) => t.vm === s.vm && (t.kind === 'snapshot-delete' || t.kind === 'migration'));
  if (/storage migration|block copy|snapshot delete/i.test(jobOp) || task) {
    const deleting = task?.kind === 'snapshot-delete' || /snapshot/i.test(jobOp);
    const seconds = task ? task.seconds : (job?.timeElapsedMs ?? 0) / 1000;
    return {
      device: '', deviceKey: '', evidence,
      expected: {
        operation: say.msg(deleting ? 'snapshotDelete' : 'storageMigration'), operationKey: deleting ? 'snapshot-delete' : 'storage-migration', duration: duration(seconds),
        evidence: task ? [rowsEvidence(procs, [task.row])] : [excerpt(jobOut, [{ first: 1, last: 4 }])],
      },
    };
  }

  const symbols = frames.filter((f) => !f.unreliable).map((f) => f.symbol);
  const disks = (xml?.disks ?? []).filter((d) => d.device === 'disk' && d.source);
  const usb = (xml?.hostdevs ?? []).filter((h) => h.type === 'usb' || h.kind === 'redirdev');
  const pci = (xml?.hostdevs ?? []).filter((h) => h.kind === 'hostdev' && h.type === 'pci');
  const av = (xml?.shmem ?? []).find((m) => ANTIVIRUS_SOCKET.test(m.serverPath ?? '') || ANTIVIRUS_SOCKET.test(m.name));
  const spice = (xml?.graphics ?? []).some((g) => g.type === 'spice');

  // the stack first: what the kernel says the task waits for
  if (symbols.some((x) => /ocfs2|dlm|jbd2|io_schedule|blk_|wait_on_page|__lock_page|nfs_|fuse_|xfs_|ext4_|submit_bio|dm_|scsi_/.test(x))) {
    const mounts = blocked && isFinding(blocked) ? ((blocked.data as Array<{ mount: string; hung?: boolean; waitingLocks?: string[] }> | undefined) ?? []) : [];
    const hit = disks.map((d) => ({ d, mount: mountPointOf(d.source!, mounts.filter((m) => m.hung || (m.waitingLocks?.length ?? 0) > 0).map((m) => m.mount)) })).find((x) => x.mount);
    if (hit && blocked) return { device: '', deviceKey: `storage ${hit.d.target}`, evidence, blockedPool: { disk: hit.d.target ?? hit.d.source!, pool: hit.mount!, finding: pointTo('storage-blocked', blocked), incident: affectedBy(blocked) } };
    const d = disks[0];
    const pool = d?.source ? d.source.split('/').slice(0, 3).join('/') : undefined;
    return { device: say.msg('storageDisk', { disk: d?.target ?? d?.source ?? '?', pool: pool ? say.msg('onPool', { pool }) : '' }), deviceKey: `storage ${d?.target ?? ''}`, evidence };
  }
  if (symbols.some((x) => /^(?:usb_|usbdev|proc_do_submiturb|hub_|xhci_|ehci_|uhci_)/.test(x)) && usb.length) {
    const u = usb[0]!;
    return { device: say.msg('usbDevice', { device: u.vendor && u.product ? `${u.vendor}:${u.product}` : u.address ?? u.type ?? 'usb' }), deviceKey: 'usb', evidence };
  }
  if (symbols.some((x) => /^(?:vfio_|pci_)/.test(x)) && pci.length) {
    return { device: say.msg('pciDevice', { device: pci[0]!.address ?? '?' }), deviceKey: 'pci', evidence };
  }
  const foreign = frames.find((f) => f.module && !STOCK_MODULES.test(f.module));
  if (foreign) {
    return av
      ? { device: say.msg('antivirus', { module: foreign.module!, socket: av.serverPath ?? av.name }), deviceKey: 'antivirus', evidence }
      : { device: say.msg('module', { module: foreign.module! }), deviceKey: `module ${foreign.module}`, evidence };
  }
  // then the qemu log
  const logHit = [...logLines].reverse().find((x) => /usb|spice|vfio|error/i.test(x.l));
  if (logHit && logOut) {
    evidence.push(excerpt(logOut, logLines.slice(-4).map((x) => x.i)));
    return { device: say.msg('logSays', { line: logHit.l.length > 160 ? `${logHit.l.slice(0, 160)}…` : logHit.l.trim() }), deviceKey: 'qemu-log', evidence };
  }
  // then the devices it has that most VMs do not
  const suspects: MsgValue[] = [
    ...usb.map((u) => say.msg('usbDevice', { device: u.vendor && u.product ? `${u.vendor}:${u.product}` : u.address ?? 'usb' })),
    ...pci.map((p) => say.msg('pciDevice', { device: p.address ?? '?' })),
    ...(av ? [say.msg('antivirus', { module: '?', socket: av.serverPath ?? av.name })] : []),
    ...(spice ? [say.msg('spice')] : []),
  ];
  if (suspects.length) return { device: say.msg('suspects', { devices: list(suspects) }), deviceKey: 'suspects', evidence };
  return { device: say.msg('unknownCause'), deviceKey: 'unknown', evidence };
}
