/**
 * Guide 3.7.2 — machine-check (MCE) alarm: the host's hardware fails.
 *
 * Runs: the last 4 MB of /var/log/mce.log (else /var/log/mcelog, RHEL's
 * name); `mcelog --client` when the mcelog daemon runs (process list; the
 * bare `mcelog` would drain /dev/mcelog and is refused); the kernel's
 * `mce:` / `Machine check` / EDAC lines in the syslog (bounded tail); the
 * EDAC counters: `ls /sys/devices/system/edac/mc`, each controller's
 * directory, then one `grep -H` of every ce_count/ue_count (and per-DIMM
 * dimm_ce_count, dimm_ue_count, dimm_label); the VMs (`virsh -r list`) to
 * name them in the recovery.
 * Decides: any uncorrected error fails; corrected errors that repeat (two or
 * more events, or EDAC corrected counts of two or more) fail: memory or a
 * CPU that keeps correcting is failing; one corrected event warns. Events
 * are counted per DIMM where the record names it, else per CPU and bank.
 * Recommends: migrate the host's VMs away (named), isolate the host,
 * replace the part; a single corrected event: read the log and the server's
 * hardware log first.
 */
import { defineCheck, type SayOf } from '../../src/engine/define-check.js';
import { excerpt, parsedOnce, readProblem } from '../../src/engine/outputs.js';
import { leadContext } from '../../src/engine/context.js';
import type { CheckContext, CommandOutput, Evidence } from '../../src/engine/types.js';
import { list, type Msg, type MsgValue } from '../../src/i18n/message.js';
import { kernelMceLine, type MceRecord, parseMcelog } from '../../src/parsers/mcelog.js';
import { parsePs } from '../../src/parsers/ps.js';
import { parseLsNames } from '../../src/parsers/sysfs-storage.js';
import { parseSysfsValues } from '../../src/parsers/sysfs-values.js';
import { parseVirshList } from '../../src/parsers/virsh.js';
import { type Command, cmd } from '../../src/transport/command.js';
import { PROCESSES, VIRSH_LIST } from '../shared/commands.js';
import { readLog, SYSLOG_FILES } from '../shared/logs.js';
import { sysfsRead } from '../shared/sysfs.js';

export const MCE_LOGS = ['/var/log/mce.log', '/var/log/mcelog'] as const;
const mceLog = (file: string): Command => ({ argv: ['tail', '-c', '4M', file], pipe: [['tail', '-n', '4000']] });
export const MCELOG_CLIENT = cmd('mcelog', '--client');
export const EDAC_DIR = '/sys/devices/system/edac/mc';
const KERNEL_PATTERN = String.raw`mce: |Machine [Cc]heck|\[Hardware Error\]|EDAC [A-Za-z0-9]+: [0-9]+ (CE|UE)`;
const GROUPS_SHOWN = 3;

const messages = {
  ok: { en: 'No machine-check event in {sources}.', zh: '{sources} 中没有 MCE 事件。' },
  edacZero: { en: 'EDAC counters ({count} controller(s)) are 0', zh: 'EDAC 计数（{count} 个控制器）均为 0' },
  noSources: { en: 'no mce.log, no mcelog daemon, no EDAC', zh: '没有 mce.log、mcelog 守护进程或 EDAC' },
  uncorrected: {
    en: '{count} uncorrected hardware error(s) on {host}, last {when}: {where}. The hardware is failing: move the VMs away, isolate the host and replace the part.',
    zh: '{host} 上有 {count} 个未纠正的硬件错误，最近一次 {when}：{where}。硬件故障：请迁走虚拟机、隔离主机并更换故障部件。',
  },
  repeating: {
    en: '{count} corrected hardware errors on {host}, last {when}: {where}. A part that keeps correcting errors is failing: move the VMs away, isolate the host and replace it.',
    zh: '{host} 上有 {count} 个已纠正的硬件错误，最近一次 {when}：{where}。反复纠错的部件正在失效：请迁走虚拟机、隔离主机并更换该部件。',
  },
  once: {
    en: 'One corrected hardware error on {host} ({when}): {where}. Watch it and check the server\'s hardware log.',
    zh: '{host} 上有一次已纠正的硬件错误（{when}）：{where}。请持续关注并检查服务器硬件日志。',
  },
  where: { en: '{place}: {count}', zh: '{place}：{count} 次' },
  cpuBank: { en: 'CPU {cpu} bank {bank}', zh: 'CPU {cpu} bank {bank}' },
  dimm: { en: 'DIMM {dimm}', zh: '内存 {dimm}' },
  edacCounter: { en: 'EDAC {where}', zh: 'EDAC {where}' },
  kernel: { en: 'kernel: {where}', zh: '内核：{where}' },
  undated: { en: 'time not recorded', zh: '未记录时间' },
  noVm: { en: 'none is running', zh: '没有运行中的虚拟机' },
  logsUnread: { en: 'The machine-check log could not be read: {why}', zh: '无法读取 MCE 日志：{why}' },
} as const;

interface Event {
  readonly corrected: boolean;
  readonly place: MsgValue;
  readonly placeKey: string;
  readonly count: number;
  readonly time?: Date | undefined;
  readonly evidence: () => Evidence;
}

export const check = defineCheck({
  id: 'mce',
  needs: [mceLog(MCE_LOGS[0]), PROCESSES, cmd('ls', EDAC_DIR)],
  messages,
  async run(ctx, say) {
    const [log, ps, edac, kernel] = await Promise.all([readMceLog(ctx), ctx.run(PROCESSES), readEdac(ctx), readLog(ctx, SYSLOG_FILES, KERNEL_PATTERN, { maxLines: 200 })]);
    if (log.problem) return say.unknown('logsUnread', { why: log.problem });
    const daemon = !readProblem(ps) && parsedOnce(ps, parsePs).value.some((p) => /(?:^|\/)mcelog\b/.test(p.args ?? '') && /--daemon|-d\b/.test(p.args ?? ''));
    const client = daemon ? await ctx.run(MCELOG_CLIENT, { optional: true }) : undefined;

    const events: Event[] = [];
    const seen = new Set<string>();
    const fromRecords = (out: CommandOutput | undefined) => {
      if (!out || readProblem(out)) return;
      for (const r of parseMcelog(out.stdout).value.records) {
        if (r.corrected === undefined && r.cpu === undefined) continue;
        const id = `${r.time?.getTime() ?? ''}/${r.cpu}/${r.bank}/${r.status ?? ''}`;
        if (seen.has(id)) continue;
        seen.add(id);
        events.push(recordEvent(say, r, out));
      }
    };
    fromRecords(log.output);
    fromRecords(client);
    // the kernel's lines count when no mcelog record tells of them (no daemon, no log)
    const kernelLines = kernel.matches.flatMap((m) => {
      const k = kernelMceLine(m.message);
      return k ? [{ m, k }] : [];
    });
    if (events.length === 0) {
      for (const { m, k } of kernelLines.filter((x) => x.k.kind !== 'logged' && x.k.kind !== 'edac')) {
        events.push({ corrected: k.corrected ?? true, place: say.msg('kernel', { where: k.where ?? m.message }), placeKey: `kernel ${k.where ?? ''}`, count: k.count, time: m.time, evidence: () => excerpt(kernel.output!, [m.line]) });
      }
    }
    for (const c of edac.counters) {
      if (c.ce > 0) events.push({ corrected: true, place: say.msg('edacCounter', { where: c.label }), placeKey: `edac ${c.label}`, count: c.ce, evidence: () => excerpt(edac.output!, c.lines) });
      if (c.ue > 0) events.push({ corrected: false, place: say.msg('edacCounter', { where: c.label }), placeKey: `edac ${c.label} ue`, count: c.ue, evidence: () => excerpt(edac.output!, c.lines) });
    }

    const uncorrected = events.filter((e) => !e.corrected);
    const corrected = events.filter((e) => e.corrected);
    const data = {
      sources: { log: log.file, mcelogClient: client !== undefined, syslog: kernel.file, edacControllers: edac.controllers },
      events: events.map((e) => ({ corrected: e.corrected, place: e.placeKey, count: e.count, time: e.time?.toISOString() })),
    };
    if (events.length === 0) {
      const sources = [
        ...(log.file ? [log.file] : []), ...(client ? ['mcelog --client'] : []), ...(kernel.file ? [kernel.file] : []),
        ...(edac.controllers.length ? [say.msg('edacZero', { count: edac.controllers.length })] : []),
      ];
      return say.ok('ok', { sources: sources.length ? list(sources) : say.msg('noSources') }, { data });
    }
    const chosen = uncorrected.length ? uncorrected : corrected;
    const count = chosen.reduce((n, e) => n + e.count, 0);
    const last = chosen.map((e) => e.time).filter((t): t is Date => t !== undefined).sort((a, b) => b.getTime() - a.getTime())[0] ?? kernelLines.at(-1)?.m.time;
    const values = { host: ctx.host.name, count, when: last ? last.toISOString().replace('.000Z', 'Z') : say.msg('undated'), where: places(say, chosen) };
    const evidence = dedupe([...chosen.slice(-3).map((e) => e.evidence()), ...(kernelLines.length ? [excerpt(kernel.output!, kernelLines.slice(-3).map(({ m }) => m.line))] : [])]);
    if (!uncorrected.length && count === 1) {
      return say.warn('once', values, { evidence, recovery: { steps: ['read-mce-log', 'check-hardware-log'], vars: { host: ctx.host.name } }, data });
    }
    const vm = await runningVms(ctx, say);
    return say.fail(uncorrected.length ? 'uncorrected' : 'repeating', values, {
      evidence,
      recovery: { steps: ['read-mce-log', 'check-hardware-log', 'migrate-vms', 'isolate-host', 'replace-faulty-hardware'], vars: { host: ctx.host.name, vm } },
      data,
    });
  },
});

type SayMce = SayOf<'mce', typeof messages>;

function recordEvent(say: SayMce, r: MceRecord, out: CommandOutput): Event {
  const place = r.dimm ? say.msg('dimm', { dimm: r.dimm }) : say.msg('cpuBank', { cpu: r.cpu ?? '?', bank: r.bank ?? '?' });
  return {
    corrected: r.corrected ?? true,
    place,
    placeKey: r.dimm ? `dimm ${r.dimm}` : `cpu ${r.cpu} bank ${r.bank}`,
    count: 1,
    time: r.time,
    evidence: () => excerpt(out, [r.span]),
  };
}

/** Events per place, most first: `CPU 3 bank 1: 5, DIMM socket 0 channel 1 dimm 0: 2`. */
function places(say: SayMce, events: readonly Event[]): MsgValue {
  const by = new Map<string, { place: MsgValue; count: number }>();
  for (const e of events) {
    const g = by.get(e.placeKey) ?? { place: e.place, count: 0 };
    g.count += e.count;
    by.set(e.placeKey, g);
  }
  return list([...by.values()].sort((a, b) => b.count - a.count).slice(0, GROUPS_SHOWN).map((g) => say.msg('where', g)));
}

function dedupe(ev: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return ev.filter((e) => {
    const id = `${e.command}\u0000${e.excerpt}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
}

/** mce.log, else RHEL's mcelog file; absent is not an error. */
async function readMceLog(ctx: CheckContext): Promise<{ file?: string; output?: CommandOutput; problem?: Msg }> {
  for (const file of MCE_LOGS) {
    const out = await ctx.run(mceLog(file));
    if (out.read.kind === 'absent') continue;
    const problem = readProblem(out);
    return problem ? { file, output: out, problem } : { file, output: out };
  }
  return {};
}

interface EdacCounter {
  readonly label: string;
  readonly ce: number;
  readonly ue: number;
  readonly lines: number[];
}

/** EDAC controllers and their counters (per DIMM when the driver has them); none when EDAC is not loaded. */
async function readEdac(ctx: CheckContext): Promise<{ controllers: string[]; counters: EdacCounter[]; output?: CommandOutput }> {
  const ls = await ctx.run(cmd('ls', EDAC_DIR));
  if (readProblem(ls)) return { controllers: [], counters: [] };
  const controllers = parseLsNames(ls.stdout).value.filter((n) => /^mc\d+$/.test(n));
  if (controllers.length === 0) return { controllers, counters: [] };
  const dirs = await Promise.all(controllers.map(async (mc) => {
    const d = await ctx.run(cmd('ls', `${EDAC_DIR}/${mc}`));
    return { mc, entries: readProblem(d) ? [] : parseLsNames(d.stdout).value.filter((n) => /^dimm\d+$/.test(n)) };
  }));
  const files = dirs.flatMap(({ mc, entries }) => [
    `${EDAC_DIR}/${mc}/ce_count`, `${EDAC_DIR}/${mc}/ue_count`,
    ...entries.flatMap((dimm) => [`${EDAC_DIR}/${mc}/${dimm}/dimm_ce_count`, `${EDAC_DIR}/${mc}/${dimm}/dimm_ue_count`, `${EDAC_DIR}/${mc}/${dimm}/dimm_label`]),
  ]);
  const read = await sysfsRead(ctx, files);
  if (!read.output) return { controllers, counters: [] };
  const values = new Map(parseSysfsValues(read.output.stdout).value.map((v) => [v.path, v]));
  const num = (p: string) => Number(values.get(p)?.value ?? 0) || 0;
  const lineOf = (...ps: string[]) => ps.flatMap((p) => (values.get(p) ? [values.get(p)!.line] : []));
  const counters: EdacCounter[] = [];
  for (const { mc, entries } of dirs) {
    const perDimm = entries.map((dimm) => {
      const base = `${EDAC_DIR}/${mc}/${dimm}`;
      return { label: `${mc.toUpperCase()} ${values.get(`${base}/dimm_label`)?.value || dimm}`, ce: num(`${base}/dimm_ce_count`), ue: num(`${base}/dimm_ue_count`), lines: lineOf(`${base}/dimm_ce_count`, `${base}/dimm_ue_count`, `${base}/dimm_label`) };
    });
    // per-DIMM counts say where; the controller's total only when the driver has no DIMM files
    if (perDimm.some((d) => d.ce || d.ue)) counters.push(...perDimm.filter((d) => d.ce || d.ue));
    else counters.push({ label: mc.toUpperCase(), ce: num(`${EDAC_DIR}/${mc}/ce_count`), ue: num(`${EDAC_DIR}/${mc}/ue_count`), lines: lineOf(`${EDAC_DIR}/${mc}/ce_count`, `${EDAC_DIR}/${mc}/ue_count`) });
  }
  return { controllers, counters, output: read.output };
}

/** The VMs running here, to name in the migration step (a lead: it never spoils the verdict). */
async function runningVms(ctx: CheckContext, say: SayMce): Promise<MsgValue> {
  if (!ctx.host.roles.includes('vks')) return say.msg('noVm');
  const out = await leadContext(ctx).run(VIRSH_LIST);
  const running = readProblem(out) ? [] : parsedOnce(out, parseVirshList).value.filter((d) => d.state === 'running').map((d) => d.name);
  return running.length ? list(running) : say.msg('noVm');
}

