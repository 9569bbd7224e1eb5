/**
 * Where a scan's reports go, decided and checked before anything connects:
 * `--format text,json --output -,report.json` writes the text to the
 * terminal and the JSON to a file in one run (CI keeps a JUnit file, the
 * engineer reads the text). A directory that does not exist, an output that
 * is a directory, or a `--save-raw` directory that already holds a capture
 * is refused at once (exit 64), not after a ten-minute scan.
 */
import { accessSync, constants, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Lang, Text } from '../i18n/text.js';
import type { Report } from '../report/model.js';
import { cliText } from './messages.js';
import { type CliIO, UsageError, wantColor } from './io.js';

export const REPORT_FORMATS = ['text', 'json', 'junit', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface OutputTarget {
  readonly format: ReportFormat;
  /** A file; undefined for standard output. */
  readonly path?: string | undefined;
}

function isFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

/** "text, json, junit, markdown or html" in the message's language. */
export function formatChoice(allowed: readonly string[]): Text {
  const last = allowed.at(-1)!;
  const head = allowed.slice(0, -1);
  return {
    en: head.length ? `${head.join(', ')} or ${last}` : last,
    zh: head.length ? `${head.join('、')} 或 ${last}` : last,
  };
}

/** A --format value that is not one of `allowed`: the message lists the ones that are. */
export function badFormat(value: string, allowed: readonly string[]): UsageError {
  const choice = formatChoice(allowed);
  const en = cliText('errFormatChoice', { allowed: choice.en, value }).en;
  const zh = cliText('errFormatChoice', { allowed: choice.zh, value }).zh;
  return new UsageError({ en, zh });
}

/**
 * `--format` and `--output` as targets. One format: `--output` is one file
 * (commas and all). Several: one `--output` entry per format, `-` for
 * standard output, at most one of them.
 */
export function parseOutputs(format: string | undefined, output: string | undefined): OutputTarget[] {
  const formats = (format ?? 'text').split(',').map((f) => f.trim());
  if (formats.some((f) => f === '')) throw new UsageError(cliText('errFormatEmpty', { value: format ?? '' }));
  for (const f of formats) if (!isFormat(f)) throw badFormat(f, REPORT_FORMATS);
  const chosen = formats as ReportFormat[];
  if (chosen.length === 1) return [{ format: chosen[0]!, path: output === undefined || output === '-' ? undefined : output }];
  if (output === undefined) throw new UsageError(cliText('errOutputsNeeded', { formats: chosen.length }));
  const paths = output.split(',').map((p) => p.trim());
  if (paths.length !== chosen.length) throw new UsageError(cliText('errOutputCount', { formats: chosen.length, outputs: paths.length }));
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError(cliText('errTwoStdout'));
  const seen = new Set<string>();
  for (const p of paths) {
    if (p === '-') continue;
    if (seen.has(resolve(p))) throw new UsageError(cliText('errSameOutput', { file: p }));
    seen.add(resolve(p));
  }
  return chosen.map((f, i) => ({ format: f, path: paths[i] === '-' ? undefined : paths[i] }));
}

/** Every output file can be written: its directory exists, it is not a directory, it is writable. */
export function checkOutputs(targets: readonly OutputTarget[]): void {
  for (const t of targets) {
    if (t.path === undefined) continue;
    const file = t.path;
    const st = statOf(file);
    if (st?.isDirectory()) throw new UsageError(cliText('errOutputIsDir', { file }));
    const dir = dirname(resolve(file));
    const dst = statOf(dir);
    if (!dst || !dst.isDirectory()) throw new UsageError(cliText('errOutputNoDir', { file, dir }));
    try {
      accessSync(st ? file : dir, constants.W_OK);
    } catch (e) {
      throw new UsageError(cliText('errOutputNotWritable', { file, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message }));
    }
  }
}

/**
 * The --save-raw directory: created now when new, refused when it is a
 * file, or when it already holds something (a second scan would be merged
 * into the first capture) unless `force`.
 */
export function prepareCaptureDir(dir: string, force: boolean): void {
  const st = statOf(dir);
  if (st && !st.isDirectory()) throw new UsageError(cliText('errSaveRawNotDir', { dir }));
  if (st) {
    const entries = readdirSync(dir).sort();
    if (entries.length && !force) throw new UsageError(cliText('errSaveRawNotEmpty', { dir, count: entries.length, first: entries[0]! }));
    return;
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(cliText('errSaveRawCreate', { dir, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message }));
  }
}

function statOf(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

export interface RenderSettings {
  readonly lang: Lang;
  /** Every check in the text report (check command, --verbose). */
  readonly showAll: boolean;
  /** --no-color was not given. */
  readonly colorFlag: boolean;
}

/** Renders and writes every target: files first, standard output last. */
export async function writeOutputs(report: Report, targets: readonly OutputTarget[], io: CliIO, s: RenderSettings): Promise<void> {
  const ordered = [...targets].sort((a, b) => Number(a.path === undefined) - Number(b.path === undefined));
  for (const t of ordered) {
    const toTerminal = t.path === undefined;
    const rendered = await render(report, t.format, {
      lang: s.lang,
      showAll: s.showAll,
      color: toTerminal && wantColor(io.stdout, io.env, s.colorFlag),
      width: toTerminal ? terminalWidth(io) : envWidth(io.env),
    });
    if (t.path === undefined) {
      io.stdout.write(rendered);
      continue;
    }
    try {
      writeFileSync(t.path, rendered);
    } catch (e) {
      throw new UsageError(cliText('errOutputNotWritable', { file: t.path, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message }));
    }
  }
}

async function render(report: Report, format: ReportFormat, o: { lang: Lang; showAll: boolean; color: boolean; width: number | undefined }): Promise<string> {
  switch (format) {
    case 'json': return (await import('../report/json.js')).renderJson(report);
    case 'junit': return (await import('../report/junit.js')).renderJunit(report);
    case 'markdown': return (await import('../report/markdown.js')).renderMarkdown(report, { lang: o.lang });
    case 'html': return (await import('../report/html.js')).renderHtml(report, { lang: o.lang });
    case 'text': return (await import('../report/text.js')).renderText(report, { lang: o.lang, color: o.color, showAll: o.showAll, ...(o.width ? { width: o.width } : {}) });
  }
}

/** The terminal's columns when standard output is one (0 or unknown: not a width), else $COLUMNS. */
export function terminalWidth(io: CliIO): number | undefined {
  const cols = io.stdout.isTTY === true ? io.stdout.columns : undefined;
  return cols !== undefined && cols > 0 ? cols : envWidth(io.env);
}

function envWidth(env: NodeJS.ProcessEnv): number | undefined {
  const n = Number(env.COLUMNS);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
