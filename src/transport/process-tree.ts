/**
 * Killing everything a local command started. Killing the shell's process
 * group is not enough: timeout(1), which every wire line starts with, moves
 * itself and the command into a process group of its own. So the tree is
 * walked through /proc and each descendant's group is killed too.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface ProcInfo {
  readonly ppid: number;
  readonly pgrp: number;
}

/** SIGKILLs `pid`, its process group and every descendant with its process group. */
export function killProcessTree(pid: number): void {
  // Twice: a process may fork while the first pass walks the tree.
  for (let pass = 0; pass < 2; pass++) {
    const table = processTable();
    const victims = [pid, ...descendants(pid, table)];
    const groups = new Set<number>([pid, ...victims.map((p) => table.get(p)?.pgrp ?? p)]);
    // Never our own group (a descendant could have joined it).
    groups.delete(table.get(process.pid)?.pgrp ?? -1);
    for (const g of groups) signal(-g);
    for (const p of victims) signal(p);
  }
}

function signal(target: number): void {
  try {
    process.kill(target, 'SIGKILL');
  } catch {
    // Already gone, or not ours.
  }
}

function descendants(root: number, table: ReadonlyMap<number, ProcInfo>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, info] of table) {
    const list = children.get(info.ppid) ?? [];
    list.push(pid);
    children.set(info.ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/** pid → parent and process group, from /proc/<pid>/stat (empty where /proc does not exist). */
function processTable(): Map<number, ProcInfo> {
  const table = new Map<number, ProcInfo>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return table;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may contain spaces and parentheses: the fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 3);
      table.set(Number(name), { ppid: Number(fields[1]), pgrp: Number(fields[2]) });
    } catch {
      // Exited while listing.
    }
  }
  return table;
}
