/**
 * `usdiag collect -o incident.tar.gz`: one archive per incident, for support
 * and for `usdiag scan --from incident.tar.gz` later. It runs the whole scan
 * with raw capture, renders the JSON, text and HTML reports, reads bounded
 * tails of the logs the guide names (through the same read-only policy), and
 * packs all of it, redacted, with a manifest (sizes, sha256, what was left
 * out and why) into one gzip tar.
 *
 * Ctrl-C once: no new command is sent, what was found is reported, the logs
 * not yet read are listed as not read, and the archive is still written
 * (complete and valid, `interrupted: true` in its manifest). Ctrl-C twice:
 * usdiag stops at once and leaves no archive (the half-written file and the
 * working directory are removed).
 */
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { CaptureWriter } from '../capture/layout.js';
import { INCIDENT_LOGS, type IncidentLog, MAX_QEMU_LOGS, qemuLog, safeVmName, tailCommand } from '../capture/incident-logs.js';
import { HostSession } from '../engine/host-session.js';
import type { HostPlan } from '../engine/runner.js';
import { runChecks } from '../engine/runner.js';
import type { HostInfo } from '../engine/types.js';
import { msg } from '../i18n/messages.js';
import { renderMsg } from '../i18n/message.js';
import type { Lang } from '../i18n/text.js';
import { CATALOG } from '../kb/catalog.js';
import { kbEntry } from '../kb/index.js';
import { redact } from '../redact/redact.js';
import { maskSecrets, registerSecret } from '../redact/secrets.js';
import { buildReport, type Report } from '../report/model.js';
import { runExitCode } from '../report/status.js';
import type { Transport } from '../transport/types.js';
import { checkDefinition } from '../../checks/index.js';
import { VERSION } from '../version.js';
import { parseScanFlags, type ScanConfig, type ScanFlags } from './flags.js';
import { type CliIO, UsageError } from './io.js';
import { checkOutputs, writeOutputs } from './outputs.js';
import { buildTargets } from './targets.js';

export type CollectFlags = Omit<ScanFlags, 'from' | 'format' | 'saveRaw' | 'watch'>;

export type LogState = 'read' | 'absent' | 'failed' | 'not-run';

export interface ManifestLog {
  host: string;
  path: string;
  section: string;
  check: string;
  /** Largest number of bytes read from the end of the file. */
  bound: number;
  state: LogState;
  /** Where the tail is in the archive (state read). */
  file?: string;
  bytes?: number;
  /** Why it was not read (failed, not-run). */
  reason?: string;
}

export interface Manifest {
  tool: 'usdiag';
  kind: 'incident-archive';
  formatVersion: 1;
  version: string;
  createdAt: string;
  startedAt: string;
  finishedAt: string;
  interrupted: boolean;
  root: string;
  hosts: { name: string; address: string; roles: string[]; error?: string }[];
  counts: Report['counts'];
  files: { path: string; size: number; sha256: string }[];
  logs: ManifestLog[];
  omitted: { what: string; why: string }[];
}

const text = (lang: Lang, en: string, zh: string) => (lang === 'zh' ? zh : en);

/** The archive name: a .tar.gz or .tgz file that does not exist yet (or --force), in a writable directory. */
function checkArchiveOutput(out: string | undefined, force: boolean): string {
  if (!out) throw new UsageError({ en: 'collect needs -o ARCHIVE.tar.gz (where to write the incident archive)', zh: 'collect 需要 -o ARCHIVE.tar.gz（事故归档写到哪里）' });
  if (!/\.(tar\.gz|tgz)$/i.test(out)) throw new UsageError({ en: `-o ${out}: the incident archive is a gzip tar; name it .tar.gz or .tgz`, zh: `-o ${out}：事故归档是 gzip 压缩的 tar，文件名请以 .tar.gz 或 .tgz 结尾` });
  checkOutputs([{ format: 'json', path: out }]);
  if (existsSync(out) && !force) {
    throw new UsageError({ en: `${out} already exists; give --force to overwrite it`, zh: `${out} 已存在；如需覆盖请加 --force` });
  }
  return out;
}

/** Every password or passphrase the run may use is masked in the archive, even if SSH never asked for it. */
async function registerRunSecrets(cfg: ScanConfig, env: NodeJS.ProcessEnv): Promise<void> {
  const names = new Set([cfg.ssh.passwordEnv ?? 'USDIAG_PASSWORD', 'USDIAG_KEY_PASSPHRASE']);
  if (cfg.target.kind === 'inventory') {
    const { loadInventory } = await import('../inventory/inventory.js');
    for (const h of loadInventory(cfg.target.path).hosts) if (h.passwordEnv) names.add(h.passwordEnv);
  }
  for (const n of names) registerSecret(env[n]);
}

/** The transport as the scan sees it, except that closing waits for the log tails that follow. */
function keepOpen(t: Transport): Transport {
  let connecting: Promise<void> | undefined;
  return {
    kind: t.kind,
    connect: () => (connecting ??= t.connect()),
    exec: (cmd, opts) => t.exec(cmd, opts),
    close: async () => undefined,
  };
}

async function pool<T>(items: readonly T[], n: number, f: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await f(items[next++]!);
  }));
}

export async function runCollect(flags: CollectFlags, io: CliIO, lang: Lang): Promise<number> {
  const force = flags.force ?? false;
  const out = checkArchiveOutput(flags.output, force);
  const cfg = parseScanFlags({ ...flags, output: undefined, format: undefined });
  await registerRunSecrets(cfg, io.env);
  const plans = await buildTargets(cfg, io);

  const work = mkdtempSync(join(tmpdir(), 'usdiag-collect-'));
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const rootName = `usdiag-incident-${stamp}`;
  const root = join(work, rootName);
  const partial = join(dirname(resolve(out)), `.${rootName}.partial-${process.pid}.tar.gz`);
  const removeAll = () => {
    rmSync(partial, { force: true });
    rmSync(work, { recursive: true, force: true });
  };

  let written = false;
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  let interrupts = 0;
  const off = io.onInterrupt(() => {
    interrupts++;
    if (interrupts > 1) {
      if (written) process.exit(130);
      removeAll();
      io.stderr.write(`\nusdiag: ${text(lang, `interrupted twice: stopped, no archive written (${out} is unchanged)`, `两次中断：已停止，未写入归档（${out} 未改动）`)}\n`);
      process.exit(130);
    }
    io.stderr.write(`\nusdiag: ${msg('interrupted', lang)}\n`);
    io.stderr.write(`usdiag: ${text(lang, 'the archive is still written with what was collected so far (Ctrl-C again: no archive)', '仍会用已收集的内容写出归档（再按一次 Ctrl-C：不写归档）')}\n`);
    controller.abort('interrupted');
  });

  const held = plans.map((p): HostPlan => ({ info: p.info, transport: keepOpen(p.transport) }));
  try {
    const captureDir = join(root, 'capture');
    mkdirSync(captureDir, { recursive: true });
    const outcome = await runChecks(held, {
      checks: CATALOG.map((c) => c.id),
      registry: checkDefinition,
      kb: kbEntry,
      timeoutSec: cfg.timeoutSec,
      hostTimeoutMs: cfg.hostTimeoutMs,
      concurrency: cfg.concurrency,
      maxConnections: cfg.maxConnections,
      sampleSeconds: cfg.sampleSeconds,
      probeSeconds: cfg.probeSeconds,
      imageTimeoutSec: cfg.imageTimeoutSec,
      activeProbes: cfg.activeProbes,
      signal: controller.signal,
      capture: new CaptureWriter(captureDir),
      onCommand: cfg.verbose ? (host, r) => void io.stderr.write(`[${host}] ${r.key}  (${r.failure ? `${r.failure.kind}: ${r.failure.message}` : r.timedOut ? 'timed out' : `exit ${r.exitCode}`}, ${r.durationMs} ms)\n`) : undefined,
    });
    const report = buildReport(outcome, { lang, version: VERSION, kb: kbEntry });
    const reports = [
      { format: 'json' as const, path: join(root, 'report.json') },
      { format: 'text' as const, path: join(root, 'report.txt') },
      { format: 'html' as const, path: join(root, 'report.html') },
    ];
    await writeOutputs(report, reports, io, { lang, showAll: true, colorFlag: false });

    const omitted: Manifest['omitted'] = [];
    const logs = await collectLogs(plans, held, report, cfg, controller.signal, root, omitted, io);
    omitted.push(
      { what: 'whole log files', why: 'only the last bytes of each log are read (tail -c, the bound is per log in "logs")' },
      { what: 'passwords, tokens, keys in outputs and logs', why: 'masked as ****** (the same redaction as reports and --save-raw)' },
      { what: 'the inventory, SSH keys and known_hosts', why: 'connection secrets stay on the workstation; hosts are listed by name and address' },
    );

    // Belt and braces: no file may carry a secret usdiag was given, whatever path it came by.
    const files = listFiles(root);
    for (const f of files) {
      const body = readFileSync(join(root, f), 'utf8');
      const masked = maskSecrets(body);
      if (masked !== body) writeFileSync(join(root, f), masked);
    }
    const manifest: Manifest = {
      tool: 'usdiag',
      kind: 'incident-archive',
      formatVersion: 1,
      version: VERSION,
      createdAt: new Date().toISOString(),
      startedAt: report.startedAt,
      finishedAt: report.finishedAt,
      interrupted: controller.signal.aborted,
      root: rootName,
      hosts: report.hosts.map((h) => ({ name: h.name, address: h.address, roles: h.roles, ...(h.error ? { error: h.error } : {}) })),
      counts: report.counts,
      files: files.map((f) => {
        const body = readFileSync(join(root, f));
        return { path: f, size: body.length, sha256: createHash('sha256').update(body).digest('hex') };
      }),
      logs,
      omitted,
    };
    writeFileSync(join(root, 'manifest.json'), redact(`${JSON.stringify(manifest, null, 2)}\n`));

    const { writeArchive } = await import('../transport/archive.js');
    const entries = ['manifest.json', ...files].map((f) => `${rootName}/${f}`);
    await writeArchive(partial, work, entries);
    renameSync(partial, out);
    written = true;
    const read = logs.filter((l) => l.state === 'read').length;
    const absent = logs.filter((l) => l.state === 'absent').length;
    const failed = logs.length - read - absent;
    io.stdout.write(
      `${text(lang,
        `usdiag: wrote ${out} (${statSync(out).size} bytes, ${files.length + 1} files): ${report.hosts.length} host(s), log tails read ${read}, absent ${absent}, not read ${failed}${manifest.interrupted ? ' (interrupted: partial)' : ''}`,
        `usdiag：已写入 ${out}（${statSync(out).size} 字节，${files.length + 1} 个文件）：${report.hosts.length} 台主机，日志读取 ${read}，不存在 ${absent}，未读取 ${failed}${manifest.interrupted ? '（已中断：不完整）' : ''}`)}\n`,
    );
    return runExitCode(report.results);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  } finally {
    off();
    await Promise.all(plans.map((p) => p.transport.close().catch(() => undefined)));
    rmSync(work, { recursive: true, force: true });
  }
}

/** The VMs the findings of a host name (`vm` in their message values), for their qemu logs. */
function vmsInFindings(report: Report, host: string): string[] {
  const vms = new Set<string>();
  for (const r of report.results) {
    if (r.host !== host || r.status === 'ok' || r.status === 'skipped') continue;
    const v = r.message.values.vm;
    if (typeof v === 'string' && v !== '') vms.add(v);
  }
  return [...vms].sort();
}

/** Reads every log of the list (and the qemu logs of VMs in findings) on every host that answered the scan. */
async function collectLogs(
  plans: readonly HostPlan[],
  held: readonly HostPlan[],
  report: Report,
  cfg: ScanConfig,
  signal: AbortSignal,
  root: string,
  omitted: Manifest['omitted'],
  io: CliIO,
): Promise<ManifestLog[]> {
  const byHost = new Map<string, ManifestLog[]>();
  const hostInfo = new Map(report.hosts.map((h) => [h.name, h]));
  await pool(held, cfg.concurrency, async (plan) => {
    const name = plan.info.name;
    const h = hostInfo.get(name);
    const vms = vmsInFindings(report, name);
    const unsafe = vms.filter((v) => !safeVmName(v));
    if (unsafe.length) omitted.push({ what: `qemu logs of ${unsafe.length} VM(s) on ${name}`, why: 'the VM name is not safe as a file name' });
    const safe = vms.filter(safeVmName);
    if (safe.length > MAX_QEMU_LOGS) omitted.push({ what: `qemu logs of ${safe.length - MAX_QEMU_LOGS} VM(s) on ${name}`, why: `at most ${MAX_QEMU_LOGS} qemu logs per host` });
    const list: IncidentLog[] = [...INCIDENT_LOGS, ...safe.slice(0, MAX_QEMU_LOGS).map(qemuLog)];
    const base = (l: IncidentLog) => ({ host: name, path: l.path, section: l.section, check: l.check, bound: l.bound });
    if (!h || h.problem) {
      const why = h?.problem === 'stuck' ? 'the host stopped answering during the scan' : 'the host could not be reached';
      byHost.set(name, list.map((l) => ({ ...base(l), state: 'not-run', reason: why })));
      omitted.push({ what: `the logs of ${name}`, why });
      return;
    }
    const info: HostInfo = { ...plan.info, roles: h.roles as HostInfo['roles'] };
    const session = new HostSession(info, plan.transport, {
      limits: { defaultSec: cfg.timeoutSec, probeSec: cfg.probeSeconds, imageSec: cfg.imageTimeoutSec },
      hostTimeoutMs: cfg.hostTimeoutMs,
      signal,
    });
    session.startBudget();
    const hostDir = name.replace(/[^A-Za-z0-9._-]+/g, '_');
    // One tail at a time: a sick host gets one more read in flight, never eleven; memory stays one log.
    const entries: ManifestLog[] = [];
    for (const l of list) entries.push(await readTail(l));
    async function readTail(l: IncidentLog): Promise<ManifestLog> {
      const o = await session.run(tailCommand(l));
      if (cfg.verbose) io.stderr.write(`[${name}] ${o.key}  (${o.read.kind}, ${o.durationMs} ms)\n`);
      if (o.failure?.kind === 'aborted') return { ...base(l), state: 'not-run', reason: redact(o.failure.message) };
      if (o.read.kind === 'absent' && o.read.what === 'file') return { ...base(l), state: 'absent' };
      if (o.read.kind !== 'ok') {
        const reason = o.read.kind === 'absent' ? `tail is not installed (exit ${o.exitCode})` : renderMsg(o.read.reason, 'en');
        return { ...base(l), state: 'failed', reason: redact(reason) };
      }
      const file = `logs/${hostDir}${l.path}`;
      mkdirSync(join(root, dirname(file)), { recursive: true });
      const body = redact(o.stdout);
      writeFileSync(join(root, file), body);
      return { ...base(l), state: 'read', file, bytes: Buffer.byteLength(body), ...(o.truncated ? { reason: 'output cap reached: head and tail kept' } : {}) };
    }
    await session.close();
    byHost.set(name, entries);
  });
  return plans.flatMap((p) => byHost.get(p.info.name) ?? []);
}

/** Files under `dir`, relative, sorted (directories are implied by them). */
function listFiles(dir: string): string[] {
  const outFiles: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else outFiles.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return outFiles.sort();
}
