/**
 * The processes behind VMs and behind the platform's long tasks, read from
 * one `ps` (PROCESSES): each VM's qemu process (`-name guest=VM,...` or
 * `-name VM`), the threads of those processes in one `ps -L -p PIDS`, and
 * the tasks guide 3.8.3/3.8.4 name (backups, snapshots, VM destroys,
 * storage migrations), with how long each has run and the VM it works on.
 */
import { excerpt, parsedOnce, readProblem } from '../../src/engine/outputs.js';
import type { CommandOutput, Evidence, HostContext } from '../../src/engine/types.js';
import { parsePs, type PsRow } from '../../src/parsers/ps.js';
import type { Command } from '../../src/transport/command.js';
import { PROCESSES } from './commands.js';

export interface QemuProcess {
  readonly vm: string;
  readonly row: PsRow;
}

const QEMU = /(?:^|\/)(?:qemu-system-\S+|qemu-kvm|kvm)(?:\s|$)/;
const NAME = /\s-name\s+(?:guest=)?([^,\s]+)/;

/** Each VM's qemu process, by the `-name` of its command line. */
export function qemuProcesses(rows: readonly PsRow[]): QemuProcess[] {
  return rows.flatMap((row) => {
    const args = row.args ?? '';
    const m = QEMU.test(args) ? NAME.exec(args) : null;
    return m ? [{ vm: m[1]!, row }] : [];
  });
}

/** libvirt's pid file of a running VM: how a qemu that lost its command line (a zombie) is still found. */
export function qemuPidFile(vm: string): Command {
  return { argv: ['cat', `/var/run/libvirt/qemu/${vm}.pid`] };
}

/** Threads of the given processes: state and wait channel of each (a vCPU thread can sleep in D while the main thread does not). */
export function threadsOf(pids: readonly number[]): Command {
  return { argv: ['ps', '-L', '-o', 'pid,lwp,stat,wchan:32,etimes,comm', '-p', [...pids].sort((a, b) => a - b).join(',')] };
}

export interface ThreadRow {
  readonly pid: number;
  readonly tid: number;
  readonly stat: string;
  readonly wchan: string;
  readonly comm: string;
  readonly line: number;
  readonly headerLine: number;
}

export function parseThreads(out: CommandOutput): ThreadRow[] {
  if (readProblem(out)) return [];
  return parsedOnce(out, parsePs).value.flatMap((r) => {
    const tid = Number(r.columns.LWP);
    return Number.isInteger(tid) ? [{ pid: r.pid, tid, stat: r.stat ?? '?', wchan: r.wchan ?? '-', comm: r.columns.COMMAND ?? r.comm ?? '?', line: r.line, headerLine: r.headerLine }] : [];
  });
}

export type TaskKind = 'backup' | 'snapshot' | 'destroy' | 'migration' | 'snapshot-delete';

export interface LongTask {
  readonly kind: TaskKind;
  readonly row: PsRow;
  /** The VM it works on, when its command line names one of the host's VMs. */
  readonly vm?: string | undefined;
  readonly seconds: number;
  readonly command: string;
}

const TASKS: ReadonlyArray<[RegExp, TaskKind]> = [
  [/\bvirsh\b.*\bsnapshot-delete\b|\bqemu-img\s+(?:commit|snapshot\s+-d)\b|\bvirsh\b.*\bblockcommit\b/, 'snapshot-delete'],
  [/\bvirsh\b.*\b(?:snapshot-create(?:-as)?|snapshot-revert|blockpull)\b|\bqemu-img\s+snapshot\s+-[ca]\b/, 'snapshot'],
  [/\bvirsh\b.*\b(?:migrate|blockcopy)\b/, 'migration'],
  [/\bvirsh\b.*\b(?:destroy|undefine)\b|^(?:\/\S*\/)?rm\s.*\.(?:qcow2|img|raw|vmdk)\b/, 'destroy'],
  [/\bqemu-img\s+(?:convert|dd)\b|\bvzdump\b|\bmysqldump\b|\brsync\b.*\.(?:qcow2|img|raw)|\bcas_?backup\w*|\bbackup\w*\.(?:sh|py)\b|\bvirsh\b.*\bbackup-begin\b/, 'backup'],
];

/** Tasks running for at least `minSeconds`, the VM each works on where its command line names one of `vms`. */
export function longTasks(rows: readonly PsRow[], vms: readonly string[], minSeconds: number): LongTask[] {
  return rows.flatMap((row) => {
    const args = row.args ?? '';
    if ((row.elapsedSeconds ?? 0) < minSeconds || args.length > 4000 || QEMU.test(args)) return [];
    const hit = TASKS.find(([re]) => re.test(args));
    if (!hit) return [];
    const words = args.split(/\s+/);
    const vm = vms.find((v) => words.some((w) => w === v || w.split('/').pop()?.startsWith(`${v}.`) || w.split('/').pop() === v));
    return [{ kind: hit[1], row, vm, seconds: row.elapsedSeconds ?? 0, command: args.length > 160 ? `${args.slice(0, 160)}…` : args }];
  });
}

export interface Processes {
  readonly output: CommandOutput;
  readonly rows: readonly PsRow[];
}

export async function readProcesses(host: HostContext): Promise<Processes> {
  const output = await host.run(PROCESSES);
  return { output, rows: readProblem(output) ? [] : parsedOnce(output, parsePs).value };
}

/** `ps` rows as evidence, with their header. */
export function rowsEvidence(p: Processes, rows: readonly PsRow[]): Evidence {
  return excerpt(p.output, [rows[0]?.headerLine ?? 1, ...rows.map((r) => r.line)]);
}
