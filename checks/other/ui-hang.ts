/**
 * Guide 3.8.3 — the web UI hangs on VM and storage pool pages.
 *
 * Runs: the process list (backups, snapshots, VM destroys, storage
 * migrations running for 2 minutes or more, and the VM each works on); on a
 * VKS `virsh -r list --all` and `virsh -r domjobinfo` of each running VM (at
 * most 50: a job libvirt runs for the VM, and for how long); and the
 * verdicts of storage-blocked, storage-fence and disk-io-latency on the same
 * host (run once and shared), which it points to instead of repeating.
 * Decides, in the guide's order: unfinished tasks warn (wait for them); IO
 * pressure takes disk-io-latency's status; a blocked or fenced pool fails
 * (storage-fence's warning of an older restart stays a warning).
 * Recommends: wait for the tasks; relieve the IO; recover the storage.
 */
import { defineCheck } from '../../src/engine/define-check.js';
import { excerpt, parsedOnce, readProblem } from '../../src/engine/outputs.js';
import type { CheckResult } from '../../src/engine/types.js';
import { list, type Msg } from '../../src/i18n/message.js';
import { parseDomjobinfo } from '../../src/parsers/virsh-jobinfo.js';
import { parseVirshList } from '../../src/parsers/virsh.js';
import { type Command, cmd } from '../../src/transport/command.js';
import { PROCESSES, VIRSH_LIST } from '../shared/commands.js';
import { affectedBy, type Cause, causesResult, duration, isFinding, pointTo } from '../shared/platform.js';
import { longTasks, readProcesses, rowsEvidence } from '../shared/vm-processes.js';

export const LONG_TASK_S = 120;
const MAX_JOB_READS = 50;
export const domjobinfo = (vm: string): Command => cmd('virsh', '-r', 'domjobinfo', '--', vm);

const messages = {
  ok: {
    en: 'No unfinished task{jobs}, no IO pressure and no blocked or fenced pool on this host.',
    zh: '此主机上没有未完成的任务{jobs}，没有 IO 压力，也没有阻塞或 fence 的存储池。',
  },
  jobsRead: { en: ' ({count} VM(s) without a libvirt job)', zh: '（{count} 台虚拟机没有 libvirt 任务）' },
  task: { en: '{task} of {vm} running for {duration} (pid {pid})', zh: '{vm} 的{task}已运行 {duration}（pid {pid}）' },
  taskNoVm: { en: '{task} running for {duration} (pid {pid}: {command})', zh: '{task}已运行 {duration}（pid {pid}：{command}）' },
  job: { en: 'libvirt job "{operation}" of {vm} running for {duration}', zh: '{vm} 的 libvirt 任务“{operation}”已运行 {duration}' },
  tasks: { en: 'Unfinished tasks make the UI wait: {tasks}. Wait for them to finish (the task console shows their progress).', zh: '未完成的任务导致界面等待：{tasks}。请等待任务完成（前台任务台可查看进度）。' },
  ioPressure: { en: 'Storage IO pressure on this host: {finding}', zh: '此主机存储 IO 压力大：{finding}' },
  storageFault: { en: 'The storage of this host is at fault: {finding}', zh: '此主机存储故障：{finding}' },
  backup: { en: 'a backup', zh: '备份' },
  snapshot: { en: 'a snapshot', zh: '快照' },
  'snapshot-delete': { en: 'a snapshot deletion', zh: '删除快照' },
  destroy: { en: 'destroying the VM', zh: '销毁虚拟机' },
  migration: { en: 'a migration', zh: '迁移' },
  storageUndecided: { en: 'No unfinished task, but the storage of this host could not be judged: {finding}', zh: '没有未完成的任务，但无法判断此主机的存储状态：{finding}' },
  processesUnread: { en: 'The process list could not be read: {why}', zh: '无法读取进程列表：{why}' },
} as const;

type HangStep = 'wait-for-tasks' | 'check-storage-io' | 'check-storage-pools';

export const check = defineCheck({
  id: 'ui-hang',
  needs: [PROCESSES],
  messages,
  async run(ctx, say) {
    const procs = await readProcesses(ctx);
    const why = readProblem(procs.output);
    if (why) return say.unknown('processesUnread', { why });
    const vks = ctx.host.roles.includes('vks');
    const listOut = vks ? await ctx.run(VIRSH_LIST) : undefined;
    const domains = listOut && !readProblem(listOut) ? parsedOnce(listOut, parseVirshList).value : [];
    const tasks = longTasks(procs.rows, domains.map((d) => d.name), LONG_TASK_S);
    const running = domains.filter((d) => d.state === 'running').slice(0, MAX_JOB_READS);
    const jobs = (await Promise.all(running.map(async (d) => {
      const out = await ctx.run(domjobinfo(d.name), { optional: true });
      const info = readProblem(out) ? undefined : parseDomjobinfo(out.stdout).value;
      return info && info.jobType && info.jobType !== 'None' ? [{ vm: d.name, info, out }] : [];
    }))).flat();

    const causes: Cause<HangStep>[] = [];
    if (tasks.length || jobs.length) {
      const items: Msg[] = [
        ...tasks.map((t) => (t.vm
          ? say.msg('task', { task: say.msg(t.kind), vm: t.vm, duration: duration(t.seconds), pid: t.row.pid })
          : say.msg('taskNoVm', { task: say.msg(t.kind), duration: duration(t.seconds), pid: t.row.pid, command: t.command }))),
        ...jobs.filter((j) => !tasks.some((t) => t.vm === j.vm)).map((j) => say.msg('job', { vm: j.vm, operation: String(j.info.operation ?? j.info.jobType), duration: duration((j.info.timeElapsedMs ?? 0) / 1000) })),
      ];
      causes.push({
        severity: 'warn',
        message: say.msg('tasks', { tasks: list(items, { en: '; ', zh: '；' }) }),
        evidence: [...(tasks.length ? [rowsEvidence(procs, tasks.map((t) => t.row))] : []), ...jobs.slice(0, 3).map((j) => excerpt(j.out, [{ first: 1, last: 4 }]))],
        steps: ['wait-for-tasks'],
        vars: { vm: tasks[0]?.vm ?? jobs[0]?.vm, pid: tasks[0]?.row.pid },
      });
    }
    const [io, blocked, fence] = await Promise.all((['disk-io-latency', 'storage-blocked', 'storage-fence'] as const).map((id) => ctx.finding(id)));
    if (isFinding(io!)) causes.push(pointing(io!, 'disk-io-latency', io!.status === 'fail' ? 'fail' : 'warn', say.msg('ioPressure', { finding: pointTo('disk-io-latency', io!) }), ['check-storage-io']));
    for (const [id, f] of [['storage-blocked', blocked!], ['storage-fence', fence!]] as const) {
      if (isFinding(f)) causes.push(pointing(f, id, f.status === 'fail' ? 'fail' : 'warn', say.msg('storageFault', { finding: pointTo(id, f) }), ['check-storage-pools']));
    }
    const data = {
      tasks: tasks.map((t) => ({ kind: t.kind, vm: t.vm, pid: t.row.pid, seconds: t.seconds, command: t.command })),
      jobs: jobs.map((j) => ({ vm: j.vm, type: j.info.jobType, operation: j.info.operation, elapsedMs: j.info.timeElapsedMs })),
      storage: { 'disk-io-latency': io!.status, 'storage-blocked': blocked!.status, 'storage-fence': fence!.status },
    };
    if (causes.length) return causesResult(say, causes, data);
    // "no IO pressure, no blocked pool" is only as good as those checks' own verdicts
    const undecided = ([['disk-io-latency', io!], ['storage-blocked', blocked!], ['storage-fence', fence!]] as const).find(([, f]) => f.status === 'unknown' || f.status === 'error');
    if (undecided) return say.unknown('storageUndecided', { finding: pointTo(undecided[0], undecided[1]) }, { data });
    return say.ok('ok', { jobs: running.length ? say.msg('jobsRead', { count: running.length }) : '' }, { data });
  },
});

/** A cause that is another check's finding: its evidence comes along, its reasoning is not repeated. */
function pointing(f: CheckResult, _id: string, severity: 'fail' | 'warn', message: Msg, steps: HangStep[]): Cause<HangStep> {
  return { severity, message, evidence: (f.evidence ?? []).slice(0, 2), steps, incident: affectedBy(f) };
}

