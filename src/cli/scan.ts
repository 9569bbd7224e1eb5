/**
 * `usdiag scan` and `usdiag check`: validate, connect, run, report. Ctrl-C
 * once stops new work and prints what was found so far; twice quits at once.
 */
import { setMaxListeners } from 'node:events';
import { CaptureWriter } from '../capture/layout.js';
import { runChecks } from '../engine/runner.js';
import { msg, msgText } from '../i18n/messages.js';
import { CATALOG, type CheckId, isCheckId } from '../kb/catalog.js';
import { kbEntry } from '../kb/index.js';
import { buildReport } from '../report/model.js';
import { runExitCode } from '../report/status.js';
import type { Lang } from '../i18n/text.js';
import type { ExecResult } from '../transport/types.js';
import { checkDefinition } from '../../checks/index.js';
import { VERSION } from '../version.js';
import { parseScanFlags, type ScanFlags } from './flags.js';
import { type CliIO, UsageError, wantColor } from './io.js';
import { cliMsg } from './messages.js';
import { checkOutputs, prepareCaptureDir, writeOutputs } from './outputs.js';
import { buildTargets } from './targets.js';
import { renderMsg } from '../i18n/message.js';
import { loadWaivers, localDate, waiverMatcher, type WaiverMatcher } from '../report/waivers.js';

export function parseCheckIds(arg: string): CheckId[] {
  const ids = arg.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new UsageError(msgText('errUnknownCheck', { id: arg }));
  for (const id of ids) if (!isCheckId(id)) throw new UsageError(msgText('errUnknownCheck', { id }));
  return [...new Set(ids)] as CheckId[];
}

export async function runScanCommand(idsArg: string | undefined, flags: ScanFlags, io: CliIO, lang: Lang): Promise<number> {
  const ids = idsArg === undefined ? CATALOG.map((c) => c.id) : parseCheckIds(idsArg);
  const cfg = parseScanFlags(flags);
  // --watch samples USB devices while the engineer plugs one in: only that check waits for it
  if (cfg.watchSeconds !== undefined && (ids.length !== 1 || ids[0] !== 'usb-device')) throw new UsageError(msgText('errWatchOnlyUsb'));
  // Everything that would make the results unwritable is refused before any host is reached.
  checkOutputs(cfg.outputs);
  // A bad waiver file is a configuration error, said before any host is reached.
  const waivers = cfg.waiversPath !== undefined ? loadWaiverMatcher(cfg.waiversPath, io) : undefined;
  if (cfg.dryRun) {
    const { runDryRun } = await import('./dry-run.js');
    return runDryRun(ids, cfg, io, lang);
  }
  if (cfg.saveRaw) prepareCaptureDir(cfg.saveRaw, cfg.force);
  const plans = cfg.discover ? await (await import('./discover.js')).discoverTargets(cfg, io, lang) : await buildTargets(cfg, io);

  const controller = new AbortController();
  // Each host's deadline signal follows this one.
  setMaxListeners(0, controller.signal);
  let interrupts = 0;
  const off = io.onInterrupt(() => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    io.stderr.write(`\nusdiag: ${msg('interrupted', lang)}\n`);
    controller.abort('interrupted');
  });

  const spinner = await startSpinner(io, cfg.verbose, wantColor(io.stderr, io.env, cfg.color));
  const onCommand = cfg.verbose
    ? (host: string, r: ExecResult) => {
        const what = r.failure
          ? `${r.failure.kind}: ${r.failure.message}`
          : renderMsg(r.timedOut ? cliMsg('cmdTimedOut') : cliMsg('cmdExit', { code: String(r.exitCode) }), lang);
        io.stderr.write(`[${host}] ${r.key}  (${what}, ${r.durationMs} ms)\n`);
      }
    : undefined;
  try {
    const outcome = await runChecks(plans, {
      checks: ids,
      registry: checkDefinition,
      kb: kbEntry,
      timeoutSec: cfg.timeoutSec,
      hostTimeoutMs: cfg.hostTimeoutMs,
      concurrency: cfg.concurrency,
      maxConnections: cfg.maxConnections,
      sampleSeconds: cfg.sampleSeconds,
      probeSeconds: cfg.probeSeconds,
      ...(cfg.watchSeconds !== undefined ? { watchSeconds: cfg.watchSeconds } : {}),
      imageTimeoutSec: cfg.imageTimeoutSec,
      activeProbes: cfg.activeProbes,
      signal: controller.signal,
      capture: cfg.saveRaw ? new CaptureWriter(cfg.saveRaw) : undefined,
      onCommand,
      onProgress: spinner
        ? (p) => {
            spinner.text = msg('progress', lang, { done: p.hostsDone, total: p.hostsTotal, checks: p.checksDone, current: p.current ?? '' });
          }
        : undefined,
    });
    spinner?.stop();
    const report = buildReport(outcome, { lang, version: VERSION, kb: kbEntry, waivers });
    await writeOutputs(report, cfg.outputs, io, { lang, showAll: cfg.verbose || idsArg !== undefined, colorFlag: cfg.color });
    return runExitCode(report.results);
  } finally {
    spinner?.stop();
    off();
  }
}

/** The waivers of --waivers FILE, matched against the workstation's date (io.now in tests). */
function loadWaiverMatcher(path: string, io: CliIO): WaiverMatcher {
  const today = localDate(io.now ? io.now() : new Date());
  return waiverMatcher(loadWaivers(path), today);
}

/**
 * A spinner on stderr, only for a person watching a terminal whose width is
 * known: with a width of 0 (`script`, `ssh -tt` from a script, `docker exec
 * -t`) it would compute endless lines to clear. Progress never affects the run.
 */
async function startSpinner(io: CliIO, verbose: boolean, color: boolean) {
  if (!wantsSpinner(io, verbose)) return undefined;
  const { default: ora } = await import('ora');
  return ora({ stream: io.stderr as NodeJS.WritableStream, discardStdin: false, color: color ? 'cyan' : false }).start();
}

export function wantsSpinner(io: Pick<CliIO, 'stderr' | 'env'>, verbose: boolean): boolean {
  const cols = io.stderr.columns;
  return !verbose && io.stderr.isTTY === true && !io.env.CI && cols !== undefined && Number.isFinite(cols) && cols > 0;
}
