/**
 * Lines that fit a terminal: words wrapped at spaces, Chinese between any two
 * characters (each of which takes two columns), a word longer than the line
 * cut where it must. Commands are never given to these functions: a command
 * stays on one line so it can be copied.
 */

/** Columns a string takes on a terminal (East Asian wide and full-width characters take two). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}

function charWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp >= 0x300 && cp <= 0x36f) return 0;
  return isWide(cp) ? 2 : 1;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Words, runs of spaces, and single wide characters (a line may break before any of them). */
function tokens(s: string): string[] {
  const out: string[] = [];
  let word = '';
  let spaces = '';
  const flush = () => {
    if (word) out.push(word);
    if (spaces) out.push(spaces);
    word = '';
    spaces = '';
  };
  for (const ch of s) {
    if (ch === ' ') {
      if (word) {
        out.push(word);
        word = '';
      }
      spaces += ch;
    } else if (isWide(ch.codePointAt(0)!)) {
      flush();
      out.push(ch);
    } else {
      if (spaces) {
        out.push(spaces);
        spaces = '';
      }
      word += ch;
    }
  }
  flush();
  return out;
}

/**
 * `text` over lines of at most `width` columns, the first starting with
 * `indent`, the others with `hang`. Leading spaces of the text are kept
 * (an excerpt's own indentation); spaces at a break are dropped.
 */
export function wrap(text: string, width: number, indent = '', hang = indent): string[] {
  const lines: string[] = [];
  let line = indent;
  let used = displayWidth(indent);
  let fresh = true;
  const newLine = () => {
    lines.push(line.replace(/ +$/, ''));
    line = hang;
    used = displayWidth(hang);
    fresh = true;
  };
  for (const tok of tokens(text.replace(/\t/g, '    '))) {
    const w = displayWidth(tok);
    if (tok.startsWith(' ')) {
      // Spaces at the start of a continuation line are dropped; elsewhere they wait for the next word.
      if (!(fresh && lines.length > 0)) {
        line += tok;
        used += w;
      }
      continue;
    }
    if (!fresh && used + w > width) newLine();
    if (used + w > width) {
      // Longer than a whole line: cut it where it must.
      for (const ch of tok) {
        const cw = displayWidth(ch);
        if (!fresh && used + cw > width) newLine();
        line += ch;
        used += cw;
        fresh = false;
      }
      continue;
    }
    line += tok;
    used += w;
    fresh = false;
  }
  lines.push(line.replace(/ +$/, ''));
  return lines;
}
