/**
 * Guide 3.6.6 — malware on a host (VKS or VMS) opens masses of connections
 * to outside addresses, under the names of common commands, restarted from
 * /etc/crontab.
 *
 * Reads: `netstat -atunp` (`ss -tunap` where netstat is missing), `ps`,
 * `top -b -n 2 -d 1` (the second round: CPU of the last second), /etc/crontab
 * and the files of /etc/cron.d, `ip -o addr` (the host's own subnets: not
 * outside); for each suspect process, as a lead, `readlink /proc/PID/exe`.
 *
 * Decides: a process posing as a common command (ls, cd, echo, sh... or a
 * name of digits, the guide's "5") that holds a connection fails; so do 10
 * or more SYN_SENT sockets (or 5 outside addresses) to public addresses
 * outside the host's subnets and the inventory (fewer warn), and a cron
 * entry that runs from /tmp, /dev/shm, /var/tmp or a hidden path, pipes a
 * download or base64 into a shell or uses /dev/tcp. Such a process busy in
 * top or running for hours warns (fails when its program is deleted or in a
 * scratch directory); /etc/crontab entries beyond the platform's own warn on
 * a VKS (the guide lists them). Names the PID, the program, the peers and
 * the cron line; recovery is the guide's order with the PID and uplink.
 */
import { leadContext } from '../../../src/engine/context.js';
import { defineCheck } from '../../../src/engine/define-check.js';
import { excerpt, parsedOnce, readProblem } from '../../../src/engine/outputs.js';
import type { CheckContext, CommandOutput, Evidence } from '../../../src/engine/types.js';
import { list, type Msg, type MsgValue } from '../../../src/i18n/message.js';
import { type CronEntry, parseCrontab } from '../../../src/parsers/crontab.js';
import { parseIpOneline } from '../../../src/parsers/ip-oneline.js';
import { inScratchDir, parseProcExe, type ProcExe } from '../../../src/parsers/proc-exe.js';
import { parsePs, type PsRow } from '../../../src/parsers/ps.js';
import { type InetSocket, parseSockets } from '../../../src/parsers/sockets.js';
import { parseTop, type TopTask } from '../../../src/parsers/top.js';
import { cmd, type Command } from '../../../src/transport/command.js';
import { inSubnet, significantAddresses } from '../../shared/addresses.js';
import { PROCESSES } from '../../shared/commands.js';
import { IP_ADDR } from '../../shared/net-commands.js';
import { type Finding, findingsResult } from '../../shared/pool-findings.js';
import { type HostCompromisedStep, messages, type SayHostCompromised } from './messages.js';
import { cronSign, type CronSign, hasPeer, inVksBaseline, isLoopback, isPublic, posesWhenBusy, posesWithSocket, programName } from './signs.js';

const NETSTAT = cmd('netstat', '-atunp');
const SS = cmd('ss', '-tunap');
/** Two rounds a second apart: the first round's CPU is an average since each task started. */
const TOP: Command = { argv: ['top', '-b', '-n', '2', '-d', '1'] };
const CRONTAB = cmd('cat', '/etc/crontab');
const CRON_D = cmd('ls', '-1', '--', '/etc/cron.d');
const cronFile = (name: string): Command => cmd('cat', '--', `/etc/cron.d/${name}`);
const exeLink = (pid: number): Command => cmd('readlink', '--', `/proc/${pid}/exe`);

const SYN_FLOOD_SOCKETS = 10;
const SYN_FLOOD_PEERS = 5;
const SYN_WARN_SOCKETS = 3;
const BUSY_CPU = 25;
const LONG_RUNNING_S = 3600;
const MAX_EXE_READS = 10;
const MAX_CRON_FILES = 20;

interface CronFile {
  readonly file: string;
  readonly output: CommandOutput;
  readonly entries: readonly CronEntry[];
}

export const check = defineCheck({
  id: 'host-compromised',
  needs: [PROCESSES, CRONTAB, { command: NETSTAT, optional: true }, { command: TOP, optional: true }, { command: IP_ADDR, optional: true }, { command: CRON_D, optional: true }],
  waits: true,
  messages,
  async run(ctx, say) {
    const host = ctx.host.name;
    const vks = ctx.host.roles.includes('vks');
    let sockOut = await ctx.run(NETSTAT, { optional: true });
    if (sockOut.read.kind === 'absent') sockOut = await ctx.run(SS);
    const sockProblem = readProblem(sockOut);
    if (sockProblem) return say.unknown('socketsUnread', { host, why: sockProblem }, { recovery: { steps: ['list-connections'] } });
    const [psOut, topOut, cronOut, addrOut] = await Promise.all([ctx.run(PROCESSES), ctx.run(TOP, { optional: true }), ctx.run(CRONTAB), ctx.run(IP_ADDR, { optional: true })]);
    const psProblem = readProblem(psOut);
    if (psProblem) return say.unknown('psUnread', { host, why: psProblem }, { recovery: { steps: ['list-processes'] } });

    const sockets = parseSockets(sockOut.stdout).value.sockets;
    const ps = parsedOnce(psOut, parsePs).value;
    const byPid = new Map(ps.map((r) => [r.pid, r]));
    const tasks = readProblem(topOut) ? [] : parseTop(topOut.stdout).value.tasks;
    const addresses = readProblem(addrOut) ? [] : significantAddresses(parseIpOneline(addrOut.stdout).value.addresses);
    const inventory = new Set(ctx.inventory.map((h) => h.address));
    const outside = (a: string) => isPublic(a) && !inventory.has(a) && !addresses.some((o) => o.family === 'inet' && o.prefixLen !== undefined && inSubnet(a, o.address, o.prefixLen));
    const iface = addresses.find((a) => a.address === ctx.host.address)?.ifname ?? addresses[0]?.ifname ?? 'eth0';
    const procs = new Procs(ctx, say, psOut, byPid);

    const findings: Finding<HostCompromisedStep>[] = [];
    const data: Record<string, unknown> = {};
    const plan = (pid?: number): { steps: HostCompromisedStep[]; vars: Record<string, MsgValue> } => ({
      steps: [
        'list-connections', 'list-processes', 'check-crontab', 'capture-traffic', 'change-password',
        ...(pid !== undefined ? ['remove-malicious-process' as const] : []), 'clean-crontab', ...(vks ? ['reinstall-vks' as const] : []),
      ],
      vars: { iface, ...(pid !== undefined ? { pid } : {}) },
    });

    // 1. Processes posing as common commands with connections of their own.
    const disguised = new Map<number, { name: string; sockets: InetSocket[] }>();
    for (const s of sockets) {
      if (!hasPeer(s.peer.address, s.peer.port) || isLoopback(s.peer.address)) continue;
      for (const p of s.processes) {
        const name = byPid.get(p.pid)?.comm ?? programName(p.name);
        if (!posesWithSocket(name) && !posesWithSocket(programName(p.name))) continue;
        const d = disguised.get(p.pid) ?? { name, sockets: [] };
        d.sockets.push(s);
        disguised.set(p.pid, d);
      }
    }
    // The ones whose program is deleted or in a scratch directory first, then by their outside peers.
    const ranked = await Promise.all([...disguised].map(async ([pid, d]) => ({ pid, d, exe: await procs.exe(pid) })));
    ranked.sort((a, b) => Number(b.exe.suspect) - Number(a.exe.suspect)
      || b.d.sockets.filter((s) => outside(s.peer.address)).length - a.d.sockets.filter((s) => outside(s.peer.address)).length);
    for (const { pid, d, exe } of ranked) {
      findings.push({
        severity: 'fail',
        message: (more) => say.msg('disguisedSocket', {
          pid, name: d.name, host, command: procs.command(pid, d.name), count: d.sockets.length, peers: peersOf(say, d.sockets), exe: exe.note, more,
        }),
        evidence: [excerpt(sockOut, d.sockets.map((s) => s.line)), ...procs.evidence(pid), ...exe.evidence],
        recovery: plan(pid),
      });
    }
    data.disguised = [...disguised].map(([pid, d]) => ({ pid, name: d.name, peers: d.sockets.map((s) => `${s.peer.address}:${s.peer.port}`) }));

    // 2. SYN_SENT to outside addresses.
    const syn = sockets.filter((s) => s.state === 'SYN_SENT' && outside(s.peer.address));
    const synPeers = [...new Set(syn.map((s) => s.peer.address))];
    data.synSentOutside = { sockets: syn.length, peers: synPeers };
    if (syn.length >= SYN_WARN_SOCKETS || (syn.length && synPeers.length >= SYN_FLOOD_PEERS)) {
      const flood = syn.length >= SYN_FLOOD_SOCKETS || synPeers.length >= SYN_FLOOD_PEERS;
      const owners = [...new Map(syn.flatMap((s) => s.processes).map((p) => [p.pid, p])).values()];
      const procList: MsgValue = owners.length ? list(owners.map((p) => say.msg('proc', { pid: p.pid, name: p.name }))) : say.msg('noProc');
      const peers = list(synPeers.slice(0, 5).map((a) => a)) as MsgValue;
      const top = owners[0];
      findings.push({
        severity: flood ? 'fail' : 'warn',
        message: (more) => (flood
          ? say.msg('synFlood', { host, count: syn.length, distinct: synPeers.length, peers, procs: procList, more })
          : say.msg('outsideSynSent', { host, count: syn.length, peers, procs: procList, more })),
        evidence: [excerpt(sockOut, syn.slice(0, 10).map((s) => s.line)), ...(top ? procs.evidence(top.pid) : [])],
        recovery: flood ? plan(top?.pid) : { steps: ['list-connections', 'capture-traffic'], vars: { iface } },
      });
    }

    // 3. Such a process busy, or alive for hours.
    const busy = new Map<number, { name: string; task?: TopTask; row?: PsRow }>();
    for (const t of tasks) {
      const name = byPid.get(t.pid)?.comm ?? programName(t.command);
      if (!disguised.has(t.pid) && posesWhenBusy(name) && (t.cpu ?? 0) >= BUSY_CPU) busy.set(t.pid, { name, task: t });
    }
    for (const r of ps) {
      const name = r.comm ?? '';
      if (disguised.has(r.pid) || busy.has(r.pid) || /^\[.*\]$/.test(r.args ?? '')) continue;
      if (posesWhenBusy(name) && (r.elapsedSeconds ?? 0) >= LONG_RUNNING_S) busy.set(r.pid, { name, row: r });
    }
    for (const [pid, b] of busy) {
      const exe = await procs.exe(pid);
      const what = b.task ? say.msg('busyCpu', { cpu: b.task.cpu! }) : say.msg('busyLong', { hours: Math.floor((b.row!.elapsedSeconds ?? 0) / 3600) });
      findings.push({
        severity: exe.suspect ? 'fail' : 'warn',
        message: (more) => say.msg('disguisedBusy', { pid, name: b.name, host, command: procs.command(pid, b.name), busy: what, exe: exe.note, more }),
        evidence: [...(b.task ? [excerpt(topOut, [...(parseTop(topOut.stdout).value.headerLine ? [parseTop(topOut.stdout).value.headerLine!] : []), b.task.line])] : []), ...procs.evidence(pid), ...exe.evidence],
        recovery: exe.suspect ? plan(pid) : { steps: ['list-processes', 'list-connections'], vars: { iface } },
      });
    }
    data.busy = [...busy].map(([pid, b]) => ({ pid, name: b.name, cpu: b.task?.cpu, elapsedSeconds: b.row?.elapsedSeconds }));

    // 4. cron.
    const cronProblem = cronOut.read.kind === 'absent' ? undefined : readProblem(cronOut);
    const crontab = cronProblem || cronOut.read.kind === 'absent' ? [] : parseCrontab(cronOut.stdout, { system: true }).value.entries;
    const cronD = await readCronD(ctx);
    const files: CronFile[] = [{ file: '/etc/crontab', output: cronOut, entries: crontab }, ...cronD];
    for (const f of files) {
      for (const e of f.entries) {
        const sign = cronSign(e.command);
        if (!sign) continue;
        findings.push({
          severity: 'fail',
          message: (more) => say.msg('cronMalicious', {
            file: f.file, line: e.line, command: e.command, user: e.user ?? '?', schedule: e.schedule, why: say.msg(WHY[sign]), more,
          }),
          evidence: [excerpt(f.output, [e.line])],
          recovery: { steps: ['check-crontab', 'list-processes', 'list-connections', 'change-password', 'clean-crontab', ...(vks ? ['reinstall-vks' as const] : [])], vars: { iface } },
        });
      }
    }
    // The guide lists the platform's own /etc/crontab of a VKS; a VMS's own entries are not listed anywhere.
    const extra = vks ? crontab.filter((e) => !inVksBaseline(e) && !cronSign(e.command)) : [];
    if (extra.length) {
      findings.push({
        severity: 'warn',
        message: (more) => say.msg('cronPlanted', {
          host, count: extra.length, entries: list(extra.map((e) => say.msg('cronEntry', { line: e.line, command: e.command })), '; '), more,
        }),
        evidence: [excerpt(cronOut, extra.map((e) => e.line))],
        recovery: { steps: ['check-crontab', 'list-processes', 'list-connections'], vars: { iface } },
      });
    }
    data.cron = { entries: crontab.length, beyondBaseline: extra.map((e) => e.line), cronD: cronD.map((f) => f.file) };

    if (findings.length) return findingsResult(say, findings, data);
    if (cronProblem) return say.unknown('cronUnread', { host, why: cronProblem }, { data, recovery: { steps: ['check-crontab'] } });
    const cronDNote: MsgValue = cronD.length ? say.msg('cronDFiles', { files: list(cronD.map((f) => f.file.slice('/etc/cron.d/'.length))) }) : '';
    const cron = vks
      ? say.msg('cronBaseline', { entries: crontab.length, cronD: cronDNote })
      : say.msg('cronClean', { entries: crontab.length, cronD: cronDNote });
    return say.ok('ok', { host, sockets: sockets.length, tasks: tasks.length, cron }, { data });
  },
});

const WHY: Record<CronSign, 'whyScratch' | 'whyDownload' | 'whyEncoded' | 'whyHidden' | 'whyDevtcp'> = {
  scratch: 'whyScratch', download: 'whyDownload', encoded: 'whyEncoded', hidden: 'whyHidden', devtcp: 'whyDevtcp',
};

function peersOf(say: SayHostCompromised, sockets: readonly InetSocket[]): MsgValue {
  return list(sockets.slice(0, 5).map((s) => say.msg('peer', { address: s.peer.address, port: s.peer.port, state: s.state ?? s.proto })));
}

/** The files of /etc/cron.d (a lead: they are only searched for planted commands). */
async function readCronD(ctx: CheckContext): Promise<CronFile[]> {
  const lead = leadContext(ctx);
  const ls = await lead.run(CRON_D, { optional: true });
  if (readProblem(ls)) return [];
  const names = ls.stdout.split('\n').map((l) => l.trim()).filter((n) => n !== '' && !n.includes('/') && n !== '.placeholder').slice(0, MAX_CRON_FILES);
  return Promise.all(names.map(async (name) => {
    const output = await lead.run(cronFile(name), { optional: true });
    return { file: `/etc/cron.d/${name}`, output, entries: readProblem(output) ? [] : parseCrontab(output.stdout, { system: true }).value.entries };
  }));
}

/** What ps and /proc say of one process, each read once. */
class Procs {
  private readonly exes = new Map<number, Promise<{ link?: ProcExe; output: CommandOutput }>>();
  private reads = 0;
  constructor(
    private readonly ctx: CheckContext,
    private readonly say: SayHostCompromised,
    private readonly psOut: CommandOutput,
    private readonly byPid: ReadonlyMap<number, PsRow>,
  ) {}

  /** The command line, when it says more than the name. */
  command(pid: number, name: string): MsgValue {
    const args = this.byPid.get(pid)?.args;
    return args !== undefined && args !== name ? this.say.msg('commandLine', { command: args }) : '';
  }

  evidence(pid: number): Evidence[] {
    const r = this.byPid.get(pid);
    return r ? [excerpt(this.psOut, [...(r.headerLine ? [r.headerLine] : []), r.line])] : [];
  }

  /** Where its program lives (a lead, at most MAX_EXE_READS processes). */
  async exe(pid: number): Promise<{ note: MsgValue; evidence: Evidence[]; suspect: boolean }> {
    if (!this.exes.has(pid)) {
      if (this.reads++ >= MAX_EXE_READS) return { note: '', evidence: [], suspect: false };
      this.exes.set(pid, leadContext(this.ctx).run(exeLink(pid), { optional: true }).then((output) => ({
        output, ...(readProblem(output) ? {} : { link: parseProcExe(output.stdout).value.links[0] }),
      })));
    }
    const { link, output } = await this.exes.get(pid)!;
    if (!link) return { note: '', evidence: [], suspect: false };
    const suspect = link.deleted || inScratchDir(link.path);
    const note: Msg = link.deleted ? this.say.msg('exeDeleted', { path: link.path }) : this.say.msg('exePath', { path: link.path });
    return { note, evidence: [excerpt(output, [link.line])], suspect };
  }
}
