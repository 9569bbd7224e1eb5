/**
 * The streaming core of `explain`. Lines (or pieces of very long lines) are
 * pushed one at a time; memory stays bounded by keeping only the last few
 * lines, what each multi-part signature saw last, and a few sample lines and a
 * count per signature.
 *
 * A pasted message is often wrapped ("Failed to connect to socket: No" / "such
 * file or directory", "Bad SSH2" / "cipher spec", '{"T' / 'oo short cookie
 * string"'), so every pattern is tried on a line alone and on the line joined
 * to the next one or two, with and without a space; a match counts at the line
 * where it starts, so it is found once.
 */
import type { CompiledSet } from './compile.js';
import { foldText, normalizeLine } from './normalize.js';
import { AnchorProbe } from './prefilter.js';

export interface SampleLine {
  readonly line: number;
  readonly text: string;
}

export interface SignatureTally {
  count: number;
  /** The first few matches, each with the lines it spans. */
  readonly samples: SampleLine[][];
  /** Longest text matched (tie-breaker between entries). */
  longest: number;
}

/** Lines kept: the window's first line and the two that may continue it, plus the newest. */
const RING = 4;
const SAMPLES = 3;
const EXCERPT = 240;
// Escape sequences and control characters must not reach the engineer's terminal.
const UNPRINTABLE = /\x1b\[[0-9;?]*[A-Za-z]|[\x00-\x08\x0b-\x1f\x7f]/g;
// Marks a window that starts inside a long line, so that "^" patterns do not match there.
const NOT_LINE_START = '\u0001';

interface PartSeen {
  readonly line: number;
  readonly lines: SampleLine[];
}

export class LineMatcher {
  private readonly raw: string[] = new Array<string>(RING).fill('');
  private readonly norm: (string | undefined)[] = new Array<string | undefined>(RING);
  /** Per line: patterns one of whose anchors it contains. */
  private readonly found: (number[] | undefined)[] = new Array<number[] | undefined>(RING);
  /** Per line: patterns with an anchor cut in two between it and the next line. */
  private readonly joint: (number[] | undefined)[] = new Array<number[] | undefined>(RING);
  private readonly lineNo = new Float64Array(RING);
  private readonly continued = new Uint8Array(RING);
  private readonly pending = new Uint8Array(RING);
  private seq = 0;
  private nextStart = 0;
  private readonly probe: AnchorProbe;
  private readonly tallies: (SignatureTally | undefined)[];
  private readonly lastStart: Float64Array;
  private readonly seen: (PartSeen | undefined)[][];
  private readonly stamp: Float64Array;
  /** For the current window: first of its lines (0-2) where the pattern's anchor shows. */
  private readonly earliest: Uint8Array;
  private evaluation = 0;

  constructor(private readonly set: CompiledSet) {
    const n = set.signatures.length;
    this.tallies = new Array<SignatureTally | undefined>(n);
    this.lastStart = new Float64Array(n).fill(-1);
    this.seen = set.signatures.map((s) => new Array<PartSeen | undefined>(s.parts));
    this.stamp = new Float64Array(set.patterns.length).fill(-1);
    this.earliest = new Uint8Array(set.patterns.length);
    this.probe = new AnchorProbe(set.automaton);
  }

  /**
   * Adds one line, or one piece of a line too long to hold whole
   * (`continued`: this piece carries on the previous one, same line number).
   */
  push(raw: string, line: number, continued = false): void {
    const s = this.seq++;
    const slot = s % RING;
    this.raw[slot] = raw;
    this.norm[slot] = undefined;
    this.found[slot] = undefined;
    this.joint[slot] = undefined;
    this.lineNo[slot] = line;
    this.continued[slot] = continued ? 1 : 0;
    this.pending[slot] = 0;

    if (this.probe.probe(raw, continued)) {
      for (let j = Math.max(this.nextStart, s - 2); j <= s; j++) this.pending[j % RING] = 1;
    }
    while (this.nextStart <= s - 2) {
      const j = this.nextStart++;
      if (this.pending[j % RING]) this.evaluate(j);
    }
  }

  /** Evaluates the windows still waiting for lines that will not come. */
  finish(): void {
    while (this.nextStart < this.seq) {
      const j = this.nextStart++;
      if (this.pending[j % RING]) this.evaluate(j);
    }
  }

  /** Per signature (CompiledSet order): what matched, or undefined. */
  result(): readonly (SignatureTally | undefined)[] {
    return this.tallies;
  }

  private normAt(j: number): string {
    const slot = j % RING;
    let n = this.norm[slot];
    if (n === undefined) {
      // A piece that continues a long line has no prefix of its own.
      n = this.continued[slot] ? foldText(this.raw[slot]!) : normalizeLine(this.raw[slot]!);
      this.norm[slot] = n;
    }
    return n;
  }

  /** Patterns whose anchors occur in `text` (repeats possible). */
  private scan(text: string): number[] {
    const { automaton, patternsByAnchor } = this.set;
    const out: number[] = [];
    automaton.find(text, (anchor) => {
      for (const p of patternsByAnchor[anchor]!) out.push(p);
    });
    return out;
  }

  private foundAt(j: number): number[] {
    const slot = j % RING;
    return (this.found[slot] ??= this.scan(this.normAt(j)));
  }

  private jointAt(j: number): number[] {
    const slot = j % RING;
    let list = this.joint[slot];
    if (list === undefined) {
      const width = this.set.automaton.width;
      const tail = this.normAt(j).slice(-width);
      const head = this.normAt(j + 1).slice(0, width);
      list = this.scan(`${tail}${head}\n${tail} ${head}`);
      this.joint[slot] = list;
    }
    return list;
  }

  /** Adds not yet seen patterns of `list` to `into`, noting the window line where they first show. */
  private collect(list: readonly number[], line: number, into: number[]): void {
    const id = this.evaluation;
    for (const p of list) {
      if (this.stamp[p] === id) continue;
      this.stamp[p] = id;
      this.earliest[p] = line;
      into.push(p);
    }
  }

  /** Tries the patterns anchored in lines j..j+2 on matches that start in line j. */
  private evaluate(j: number): void {
    const n0 = this.normAt(j);
    if (n0 === '') return;
    // A blank line ends a wrapped message.
    const n1 = j + 1 < this.seq ? this.normAt(j + 1) : '';
    const n2 = n1 !== '' && j + 2 < this.seq ? this.normAt(j + 2) : '';
    const lines = n1 === '' ? 1 : n2 === '' ? 2 : 3;

    this.evaluation++;
    const candidates: number[] = [];
    this.collect(this.foundAt(j), 0, candidates);
    if (lines > 1) {
      this.collect(this.jointAt(j), 1, candidates);
      this.collect(this.foundAt(j + 1), 1, candidates);
    }
    if (lines > 2) {
      this.collect(this.jointAt(j + 1), 2, candidates);
      this.collect(this.foundAt(j + 2), 2, candidates);
    }
    if (candidates.length === 0) return;

    const first = (this.continued[j % RING] ? NOT_LINE_START : '') + n0;
    // Texts to try: the line alone, then joined to one and two more lines, with and without a space.
    const texts: string[] = [];
    const text = (k: number): string => {
      let t = texts[k];
      if (t === undefined) {
        t = k === 0 ? first : k === 1 ? `${first} ${n1}` : k === 2 ? first + n1 : k === 3 ? `${first} ${n1} ${n2}` : first + n1 + n2;
        texts[k] = t;
      }
      return t;
    };
    const variants = lines === 1 ? 1 : lines === 2 ? 3 : 5;
    for (const p of candidates) {
      const { re, oneLine } = this.set.patterns[p]!;
      const from = this.earliest[p] === 0 ? 0 : this.earliest[p] === 1 ? 1 : 3;
      const to = oneLine ? 1 : variants;
      for (let k = from; k < to; k++) {
        const t = text(k);
        const m = re.exec(t);
        if (m === null || m.index >= first.length) continue;
        const gap = k === 1 || k === 3 ? 1 : 0;
        const joinedLines = k === 0 ? 1 : k < 3 ? 2 : 3;
        const end = m.index + m[0].length;
        const secondEnd = first.length + gap + n1.length;
        const last = joinedLines === 3 && end > secondEnd + gap ? 2 : joinedLines > 1 && end > first.length + gap ? 1 : 0;
        this.hit(p, j, last, m[0], t.slice(0, last === 0 ? first.length : last === 1 ? secondEnd : t.length));
        break;
      }
    }
  }

  private hit(p: number, j: number, last: number, matched: string, span: string): void {
    const pattern = this.set.patterns[p]!;
    const si = pattern.signature;
    const sig = this.set.signatures[si]!;
    for (const u of sig.unless) if (u.test(span)) return;
    // Sample lines are only kept for the first few matches; later ones are just counted.
    const wanted = (this.tallies[si]?.samples.length ?? 0) < SAMPLES;
    if (sig.parts === 1) {
      if (this.lastStart[si] === j) return;
      this.lastStart[si] = j;
      this.record(si, wanted ? this.sample(j, last, matched) : [], matched.length);
      return;
    }
    const line = this.lineNo[j % RING]!;
    const seen = this.seen[si]!;
    seen[pattern.part] = { line, lines: wanted ? this.sample(j, last, matched) : [] };
    let earliest = line;
    for (const s of seen) {
      if (s === undefined) return;
      earliest = Math.min(earliest, s.line);
    }
    if (line - earliest > sig.window || this.lastStart[si] === j) return;
    this.lastStart[si] = j;
    const lines = new Map<number, SampleLine>();
    for (const s of seen) for (const l of s!.lines) if (!lines.has(l.line)) lines.set(l.line, l);
    this.record(
      si,
      [...lines.values()].sort((a, b) => a.line - b.line),
      matched.length,
    );
  }

  private record(si: number, lines: SampleLine[], length: number): void {
    let t = this.tallies[si];
    if (t === undefined) {
      t = { count: 0, samples: [], longest: 0 };
      this.tallies[si] = t;
    }
    t.count++;
    if (t.samples.length < SAMPLES && lines.length > 0) t.samples.push(lines);
    if (length > t.longest) t.longest = length;
  }

  /** The input lines a match spans; pieces of one long line are put back together. */
  private sample(j: number, last: number, matched: string): SampleLine[] {
    const pieces: { line: number; raw: string }[] = [];
    for (let k = j; k <= j + last; k++) {
      const line = this.lineNo[k % RING]!;
      const raw = this.raw[k % RING]!;
      const prev = pieces[pieces.length - 1];
      if (prev !== undefined && prev.line === line) prev.raw += raw;
      else pieces.push({ line, raw });
    }
    return pieces.map((piece, i) => ({ line: piece.line, text: excerpt(piece.raw, i === 0 ? matched : '') }));
  }
}

/** The line for display: printable, and cut around the match when it is very long. */
function excerpt(raw: string, matched: string): string {
  const clean = raw.replace(UNPRINTABLE, '');
  if (clean.length <= EXCERPT) return detach(clean);
  const probe = matched.replace(NOT_LINE_START, '').slice(0, 12);
  const at = probe === '' ? -1 : clean.toLowerCase().indexOf(probe);
  const start = Math.max(0, at - 80);
  const end = Math.min(clean.length, start + EXCERPT);
  return `${start > 0 ? '…' : ''}${clean.slice(start, end)}${end < clean.length ? '…' : ''}`;
}

/**
 * A copy of `s` that does not share memory with the input. Lines are slices of
 * the chunk they were read in; a kept slice would keep the whole chunk alive
 * (V8 flattens a concatenation into a new string before slicing it).
 */
function detach(s: string): string {
  return ` ${s}`.slice(1);
}
