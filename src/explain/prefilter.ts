/**
 * Finding anchor words fast. Every raw line gets one look: does it (or its
 * joint with the previous line) contain an anchor? A regular expression
 * alternation of several hundred literals runs at about 50 MB/s in V8, so the
 * ASCII anchors go through an Aho-Corasick automaton instead (one table lookup
 * per character, case-insensitive); anchors with other characters (CJK) go
 * through a regular expression, only on text that has such characters. The
 * same automaton tells, for the few lines that are looked at closely, which
 * anchors they contain.
 */

import { escapeRegex } from './escape.js';

const ALPHABET = 128;
const WIDE = /[^\x00-\x7f]/;
// Full-width forms must become ASCII (NFKC) before the anchors can be seen.
const FULLWIDTH = /[\uff01-\uff5e\u3000]/;

/** The anchors compiled once: an automaton for the ASCII ones, a regular expression for the rest. */
export class AnchorAutomaton {
  /** delta[state + char] → next state, states pre-multiplied by 128 (failures folded in). */
  readonly delta: Int32Array;
  /** Indexed by state (not pre-multiplied): the anchors (indexes) that end there. */
  private readonly outputs: readonly (readonly number[])[];
  /** Indexed by pre-multiplied state: 1 when an anchor ends here. */
  readonly accepts: Uint8Array;
  /** Anchors with non-ASCII characters, longest first; null when there are none. */
  readonly wide: RegExp | null;
  private readonly wideScan: RegExp | null;
  private readonly wideIndex: ReadonlyMap<string, readonly number[]>;
  /** Longest anchor: how far into the next line a cut anchor can reach. */
  readonly width: number;

  /** `anchors` must be folded (lower case); their positions are the indexes reported by `find`. */
  constructor(anchors: readonly string[]) {
    this.width = anchors.reduce((n, a) => Math.max(n, a.length), 0);
    const wide = anchors.map((a, i) => ({ a, i })).filter(({ a }) => WIDE.test(a));
    wide.sort((x, y) => y.a.length - x.a.length);
    const source = wide.map(({ a }) => escapeRegex(a)).join('|');
    this.wide = wide.length > 0 ? new RegExp(source, 'i') : null;
    this.wideScan = wide.length > 0 ? new RegExp(source, 'g') : null;
    // A wide anchor found at a position stands for every wide anchor inside it too.
    this.wideIndex = new Map(wide.map(({ a }) => [a, wide.filter((w) => a.includes(w.a)).map((w) => w.i)]));

    // Trie of the ASCII anchors.
    const next: number[][] = [new Array<number>(ALPHABET).fill(-1)];
    const ends: number[][] = [[]];
    anchors.forEach((a, index) => {
      if (WIDE.test(a)) return;
      let s = 0;
      for (let i = 0; i < a.length; i++) {
        const c = a.charCodeAt(i);
        if (next[s]![c] === -1) {
          next[s]![c] = next.length;
          next.push(new Array<number>(ALPHABET).fill(-1));
          ends.push([]);
        }
        s = next[s]![c]!;
      }
      ends[s]!.push(index);
    });
    // Breadth-first: failure links, folded into a complete transition table;
    // a state's outputs include those of the states its failure chain reaches.
    const n = next.length;
    const fail = new Int32Array(n);
    const delta = new Int32Array(n * ALPHABET);
    const queue: number[] = [];
    for (let c = 0; c < ALPHABET; c++) {
      const t = next[0]![c]!;
      delta[c] = t === -1 ? 0 : t;
      if (t !== -1) queue.push(t);
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      ends[s] = [...ends[s]!, ...ends[fail[s]!]!];
      for (let c = 0; c < ALPHABET; c++) {
        const t = next[s]![c]!;
        const viaFail = delta[fail[s]! * ALPHABET + c]!;
        if (t === -1) {
          delta[s * ALPHABET + c] = viaFail;
        } else {
          fail[t] = viaFail;
          delta[s * ALPHABET + c] = t;
          queue.push(t);
        }
      }
    }
    for (let s = 0; s < n; s++) {
      // Case-insensitive, and a tab reads as a space.
      for (let c = 65; c <= 90; c++) delta[s * ALPHABET + c] = delta[s * ALPHABET + c + 32]!;
      delta[s * ALPHABET + 9] = delta[s * ALPHABET + 32]!;
    }
    // Pre-multiplied state numbers: the scan indexes with state + character.
    for (let i = 0; i < delta.length; i++) delta[i] = delta[i]! * ALPHABET;
    this.delta = delta;
    this.accepts = new Uint8Array(n * ALPHABET);
    for (let s = 0; s < n; s++) if (ends[s]!.length > 0) this.accepts[s * ALPHABET] = 1;
    this.outputs = ends;
  }

  /** The automaton state after `text` (only its last `width` characters matter). */
  stateAfter(text: string): number {
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      s = c >= ALPHABET ? 0 : this.delta[s + c]!;
    }
    return s;
  }

  /** True when a non-ASCII anchor occurs in `tail + head` across the point where they meet. */
  crossesWide(tail: string, head: string): boolean {
    const scan = this.wideScan;
    if (scan === null) return false;
    const text = tail + head;
    scan.lastIndex = 0;
    for (let m = scan.exec(text); m !== null; m = scan.exec(text)) {
      if (m.index < tail.length && m.index + m[0].length > tail.length) return true;
      scan.lastIndex = m.index + 1;
    }
    return false;
  }

  /** Calls `found` with the index of every anchor occurrence in `text` (repeats possible). */
  find(text: string, found: (anchor: number) => void): void {
    const { delta, accepts, outputs } = this;
    let s = 0;
    let wide = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= ALPHABET) {
        wide = true;
        s = 0;
        continue;
      }
      s = delta[s + c]!;
      if (accepts[s]) for (const a of outputs[s / ALPHABET]!) found(a);
    }
    const scan = this.wideScan;
    if (!wide || scan === null) return;
    scan.lastIndex = 0;
    for (let m = scan.exec(text); m !== null; m = scan.exec(text)) {
      // Wide anchors may overlap: resume right after this one's start.
      scan.lastIndex = m.index + 1;
      for (const a of this.wideIndex.get(m[0].toLowerCase()) ?? []) found(a);
    }
  }
}

/** One pass over one input: remembers the end of the previous line for joints. */
export class AnchorProbe {
  private endState = 0;
  private lastWordState = 0;
  private prevTail = '';

  constructor(private readonly automaton: AnchorAutomaton) {}

  /**
   * True when the line holds an anchor, or one cut by the line break shows
   * once the previous line is joined to it (directly or with a space).
   * `continued`: the line is the next piece of one cut for length, so the
   * automaton simply carries on.
   */
  probe(raw: string, continued = false): boolean {
    const line = FULLWIDTH.test(raw) ? raw.normalize('NFKC') : raw;
    const { delta, accepts, wide: wideAnchors, width } = this.automaton;
    let hit = false;
    let wide = false;
    let s = continued ? this.endState : 0;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (c >= ALPHABET) {
        wide = true;
        s = 0;
        continue;
      }
      s = delta[s + c]!;
      if (accepts[s]) hit = true;
    }
    if (!hit && !continued) hit = this.joint(line);
    if (!hit && wideAnchors !== null && (wide || WIDE.test(this.prevTail))) {
      hit = wideAnchors.test(line) || (!continued && this.automaton.crossesWide(this.prevTail, line.trimStart().slice(0, width)));
    }
    this.endState = s;
    const last = line.charCodeAt(line.length - 1);
    this.lastWordState = last === 32 || last === 9 ? this.automaton.stateAfter(line.trimEnd().slice(-width)) : s;
    this.prevTail = line.trimEnd().slice(-width);
    return hit;
  }

  /** Runs the head of the line on from where the previous line's last word left the automaton. */
  private joint(line: string): boolean {
    if (this.lastWordState === 0) return false;
    const { delta, accepts, width } = this.automaton;
    let from = 0;
    while (from < line.length && (line.charCodeAt(from) === 32 || line.charCodeAt(from) === 9)) from++;
    const stop = Math.min(line.length, from + width);
    for (const start of [this.lastWordState, delta[this.lastWordState + 32]!]) {
      let s = start;
      for (let i = from; i < stop; i++) {
        const c = line.charCodeAt(i);
        if (c >= ALPHABET) break;
        s = delta[s + c]!;
        if (accepts[s]) return true;
      }
    }
    return false;
  }
}
