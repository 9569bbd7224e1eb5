/**
 * Shows an explain result: for a terminal (text, optionally coloured) or for
 * scripts (JSON), in English or Chinese. Entry titles and recovery steps come
 * from the knowledge base through the `kbEntry` lookup the caller passes in;
 * steps are resolved and worded exactly as in check reports.
 */
import { Chalk } from 'chalk';
import { msg } from '../i18n/messages.js';
import { render, type Lang } from '../i18n/text.js';
import type { CheckId } from '../kb/catalog.js';
import { resolveRecovery } from '../kb/recovery.js';
import type { KbEntry } from '../kb/types.js';
import { maskSecrets } from '../redact/secrets.js';
import { localizeStep, numberedSteps, type ReportStep, stepLine } from '../kb/render-steps.js';
import type { EntryMatch, ExplainResult } from './types.js';
import { varsFromText } from './vars.js';

/** The knowledge-base lookup; an entry it lacks (undefined or a throw) is shown by id, without recovery. */
export type KbLookup = (id: CheckId) => KbEntry | undefined;

export interface RenderOptions {
  readonly lang: Lang;
  readonly kbEntry: KbLookup;
}

export interface TextRenderOptions extends RenderOptions {
  /** Colour and bold; false for NO_COLOR, pipes and files. */
  readonly color: boolean;
}

export interface MatchJson {
  readonly id: CheckId;
  readonly section: string;
  readonly title: string;
  readonly score: number;
  readonly signatures: readonly { id: string; weight: number; count: number; why: string }[];
  readonly lines: readonly { line: number; text: string; signature: string; why: string }[];
  /** Ordered steps as single lines, as in the check report's `recovery`. */
  readonly recovery: readonly string[];
  /** The same steps with their kind, command and caution, as in the check report. */
  readonly recoverySteps: readonly ReportStep[];
}

export interface ExplainJson {
  readonly tool: 'usdiag';
  readonly input: { readonly bytes: number; readonly lines: number };
  readonly matches: readonly MatchJson[];
}


/** The KB entry, or undefined when the knowledge base has none (explain still shows the match). */
function lookup(kbEntry: KbLookup, id: CheckId): KbEntry | undefined {
  // A lookup that throws for unknown ids is accepted as well as one that returns undefined.
  try {
    return kbEntry(id);
  } catch {
    return undefined;
  }
}

function matchJson(m: EntryMatch, options: RenderOptions): MatchJson {
  const { lang } = options;
  const kb = lookup(options.kbEntry, m.id);
  // What the pasted lines name (an image path, a VM, a device) fills the steps; the rest stays visible as <name>.
  const steps = resolveRecovery(kb, { vars: varsFromText(m.lines.map((l) => l.text)) }).map((s) => localizeStep(s, lang));
  return {
    id: m.id,
    section: m.section,
    title: kb ? render(kb.title, lang) : m.id,
    score: m.score,
    signatures: m.signatures.map((s) => ({ id: s.id, weight: s.weight, count: s.count, why: render(s.why, lang) })),
    lines: m.lines.map((l) => ({ line: l.line, text: maskSecrets(l.text), signature: l.signature, why: render(l.why, lang) })),
    recovery: steps.map((s) => stepLine(s, lang)),
    recoverySteps: steps,
  };
}

/** The JSON document of `usdiag explain --format json`. */
export function explainJson(result: ExplainResult, options: RenderOptions): ExplainJson {
  return { tool: 'usdiag', input: result.input, matches: result.matches.map((m) => matchJson(m, options)) };
}

export function renderExplainJson(result: ExplainResult, options: RenderOptions): string {
  return `${JSON.stringify(explainJson(result, options), null, 2)}\n`;
}

/** Human-readable report; lines that matched are highlighted when `color` is on. */
export function renderExplainText(result: ExplainResult, options: TextRenderOptions): string {
  const { lang } = options;
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const { bytes, lines } = result.input;
  const read = msg('explainRead', lang, { lines, bytes });
  if (result.matches.length === 0) return `${msg('explainNone', lang)}\n${c.dim(`(${read})`)}\n`;

  const out: string[] = [c.bold(`usdiag explain: ${msg('explainMatched', lang, { count: result.matches.length })}`) + c.dim(` (${read})`), ''];
  result.matches.forEach((m, i) => {
    const json = matchJson(m, options);
    const heading = json.title === m.id ? c.bold(`${i + 1}. ${c.cyan(m.id)}`) : `${c.bold(`${i + 1}. ${json.title}`)}  ${c.cyan(m.id)}`;
    out.push(`${heading}  ${c.dim(`[${m.section}]  ${msg('explainScore', lang)} ${m.score}`)}`);
    out.push(`   ${msg('explainWhy', lang)}:`);
    for (const s of json.signatures) out.push(`     - ${s.why} ${c.dim(`(${s.id} ×${s.count})`)}`);
    out.push(`   ${msg('explainLines', lang)}:`);
    const width = String(Math.max(...json.lines.map((l) => l.line))).length;
    const shown = new Set<number>();
    for (const l of json.lines) {
      if (shown.has(l.line)) continue;
      shown.add(l.line);
      out.push(`     ${c.dim(String(l.line).padStart(width))}  ${c.yellow(l.text)}`);
    }
    out.push(`   ${msg('recovery', lang)}:`);
    if (json.recoverySteps.length === 0) out.push(`     ${c.dim(msg('explainNoRecovery', lang))}`);
    out.push(...numberedSteps(json.recoverySteps, lang, '     ', c));
    out.push('');
  });
  return out.join('\n');
}
