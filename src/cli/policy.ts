/**
 * `usdiag policy`: the read-only allowlist as the people who approve the tool
 * read it (every program, its allowed shape, why it cannot change the host),
 * and `usdiag policy test -- PROGRAM ARG...`: whether one command would be
 * sent, with the exact line, or refused, with the rule and the reason.
 *
 * Both read the one table the policy enforces (READ_ONLY_PROGRAMS) and the
 * verdict is the policy's own (`prepare`); nothing here decides anything.
 */
import { msg, msgText } from '../i18n/messages.js';
import type { Lang } from '../i18n/text.js';
import { ruleOutline, VALUE_KINDS } from '../transport/argspec.js';
import { type Command, commandKey, splitShellLine } from '../transport/command.js';
import { prepare, RefusedCommand } from '../transport/policy.js';
import { type ProgramRule, READ_ONLY_PROGRAMS } from '../transport/read-only-programs.js';
import { validateLang } from './flags.js';
import { type CliIO, UsageError } from './io.js';

export interface PolicyFlags {
  format?: string;
  lang?: string;
  /** `policy test --sudo -- ...`: show the line as --sudo sends it (sudo -n -- /bin/sh -c '...'). */
  sudo?: boolean;
}

/** The per-command limit `policy test` shows in the wire line (the scan default). */
const SHOWN_TIMEOUT_SEC = 30;

function validateFormat(format: string | undefined): 'text' | 'json' {
  const f = format ?? 'text';
  if (f !== 'text' && f !== 'json') throw new UsageError(msgText('errBadPolicyFormat', { value: f }));
  return f;
}

/** One labelled line: `label: value` (a full-width colon in Chinese). */
function field(label: 'policyWhy' | 'policyOptions' | 'policyAllowed' | 'policyWire' | 'policyRefused' | 'policyRule' | 'policyReason', value: string, lang: Lang): string {
  return msg(label, lang, { value });
}

function entryOf(program: string): ProgramRule | undefined {
  return Object.prototype.hasOwnProperty.call(READ_ONLY_PROGRAMS, program) ? READ_ONLY_PROGRAMS[program] : undefined;
}

export function runPolicyList(flags: PolicyFlags, io: CliIO, lang: Lang): number {
  validateLang(flags);
  const format = validateFormat(flags.format);
  const names = Object.keys(READ_ONLY_PROGRAMS);
  const programs = names.map((program) => {
    const e = READ_ONLY_PROGRAMS[program]!;
    const outline = ruleOutline(e.rule);
    return {
      program,
      shape: e.shape[lang],
      why: e.why[lang],
      filter: e.filter !== undefined,
      options: outline ? [...outline.flags, ...outline.valued.map((v) => (v.endsWith('[VALUE]') ? v : `${v} VALUE`))] : [],
    };
  });
  if (format === 'json') {
    const terms = Object.entries(VALUE_KINDS).map(([name, meaning]) => ({ name, meaning: meaning[lang] }));
    io.stdout.write(`${JSON.stringify({ tool: 'usdiag', lang, terms, programs }, null, 2)}\n`);
    return 0;
  }
  const out = [msg('policyTitle', lang), '', msg('policyIntro', lang, { count: names.length }), '', msg('policyTerms', lang)];
  for (const [name, meaning] of Object.entries(VALUE_KINDS)) out.push(`  ${name.padEnd(7)} ${meaning[lang]}`);
  for (const p of programs) {
    out.push('', p.program, `  ${p.shape}`, `  ${field('policyWhy', p.why, lang)}`);
    if (p.options.length) out.push(`  ${field('policyOptions', p.options.join(' '), lang)}`);
    if (p.filter) out.push(`  ${msg('policyFilter', lang)}`);
  }
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

/** The command words after the first `--` of the raw arguments; usage errors otherwise. */
function commandWords(words: readonly string[], argv: readonly string[]): string[] {
  const dd = argv.indexOf('--');
  if (dd < 0) throw new UsageError(msgText('errPolicyNoDashDash'));
  const after = argv.slice(dd + 1);
  // What commander left before the `--`: only options it does not know, or words that belong after it.
  const before = words.slice(0, Math.max(0, words.length - after.length)).filter((w) => w !== '--');
  const unknown = before.find((w) => w.startsWith('-'));
  if (unknown !== undefined) throw new UsageError(msgText('errUnknownOption', { option: unknown }));
  if (before.length) throw new UsageError(msgText('errPolicyNoDashDash'));
  if (after.length === 0) throw new UsageError(msgText('errPolicyNoCommand'));
  return after;
}

type Parsed = { command: Command } | { syntax: string[]; line: string };

/**
 * Stages split on a lone `|` word; one word holding a whole line (pasted from
 * a capture's `command` file) is split the way usdiag reads its own lines.
 */
function parseWords(words: readonly string[]): Parsed {
  let stages: string[][];
  if (words.length === 1 && /[\s|]/.test(words[0]!)) {
    const split = splitShellLine(words[0]!);
    if (split.syntax.length) return { syntax: [...new Set(split.syntax)], line: words[0]! };
    stages = split.stages;
  } else {
    stages = [[]];
    for (const w of words) (w === '|' ? stages.push([]) : stages[stages.length - 1]!.push(w));
  }
  return { command: { argv: stages[0]!, ...(stages.length > 1 ? { pipe: stages.slice(1) } : {}) } };
}

interface Refusal {
  readonly stage?: number;
  readonly program?: string;
  readonly rule: string;
  readonly why?: string;
  readonly reason: string;
}

/** Which stage the policy refused, and the rule it applied there (the policy's verdict decides; this only names it). */
function locate(c: Command, reason: string, lang: Lang): Refusal {
  const stages = [c.argv, ...(c.pipe ?? [])];
  for (let i = 0; i < stages.length; i++) {
    const [program, ...args] = stages[i]!;
    if (program === undefined) return { stage: i + 1, rule: '-', reason };
    const e = entryOf(program);
    if (!e) return { stage: i + 1, program, rule: msg('policyNoRule', lang, { program }), reason };
    const rule = i === 0 ? e.rule : e.filter;
    if (!rule) return { stage: i + 1, program, rule: msg('policyNotFilter', lang, { program }), why: e.why[lang], reason };
    if (rule(args) !== null) return { stage: i + 1, program, rule: e.shape[lang], why: e.why[lang], reason };
  }
  return { rule: '-', reason };
}

export function runPolicyTest(words: readonly string[], argv: readonly string[], flags: PolicyFlags, io: CliIO, lang: Lang): number {
  validateLang(flags);
  const format = validateFormat(flags.format);
  const parsed = parseWords(commandWords(words, argv));
  let verdict: { allowed: true; command: string; wire: string } | ({ allowed: false; command: string } & Refusal);
  if ('syntax' in parsed) {
    verdict = { allowed: false, command: parsed.line, rule: '-', reason: msg('policyShellSyntax', lang, { syntax: parsed.syntax.join(' ') }) };
  } else {
    const key = commandKey(parsed.command);
    try {
      verdict = { allowed: true, command: key, wire: prepare(parsed.command, { timeoutSec: SHOWN_TIMEOUT_SEC, sudo: flags.sudo === true }).wire };
    } catch (e) {
      if (!(e instanceof RefusedCommand)) throw e;
      verdict = { allowed: false, command: key, ...locate(parsed.command, e.reason, lang) };
    }
  }
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ tool: 'usdiag', lang, ...verdict }, null, 2)}\n`);
  } else if (verdict.allowed) {
    io.stdout.write(`${field('policyAllowed', verdict.command, lang)}\n${field('policyWire', verdict.wire, lang)}\n`);
  } else {
    const where = verdict.stage !== undefined && (parsed as { command?: Command }).command?.pipe?.length
      ? ` [${msg('policyStage', lang, { n: verdict.stage, program: verdict.program ?? '' })}]`
      : '';
    const lines = [
      field('policyRefused', `${verdict.command}${where}`, lang),
      field('policyRule', verdict.rule, lang),
      ...(verdict.why ? [field('policyWhy', verdict.why, lang)] : []),
      field('policyReason', verdict.reason, lang),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  return verdict.allowed ? 0 : 1;
}
