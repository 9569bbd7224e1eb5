/**
 * Where the elements of an XML document are printed, for cutting evidence:
 * the libvirt XML parsers (libvirt-xml-*.ts, on fast-xml-parser) give values
 * without lines; this gives, for each element of one name in document order,
 * the lines from its start tag to its end tag. The n-th span is the n-th
 * element the XML parsers return among its siblings of that name when the
 * elements are not nested in each other (rules of a filter, interfaces of a
 * domain). Comments and CDATA are skipped. One pass, linear.
 */
import type { Span } from './types.js';

const NAME_END = /[\s/>]/;

export function elementSpans(input: string, name: string): Span[] {
  const out: Span[] = [];
  const open: number[] = [];
  let line = 1;
  let i = 0;
  const n = input.length;
  const skipTo = (end: string): void => {
    const at = input.indexOf(end, i);
    const stop = at < 0 ? n : at + end.length;
    for (let k = i; k < stop; k++) if (input.charCodeAt(k) === 10) line++;
    i = stop;
  };
  while (i < n) {
    const c = input[i]!;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c !== '<') {
      i++;
      continue;
    }
    if (input.startsWith('<!--', i)) {
      skipTo('-->');
      continue;
    }
    if (input.startsWith('<![CDATA[', i)) {
      skipTo(']]>');
      continue;
    }
    const closing = input[i + 1] === '/';
    const start = i + (closing ? 2 : 1);
    const matches = input.startsWith(name, start) && NAME_END.test(input[start + name.length] ?? '');
    const startLine = line;
    // To the end of the tag (attribute values may hold '>', but libvirt escapes it).
    i++;
    skipTo('>');
    if (!matches) continue;
    if (closing) {
      const first = open.pop();
      if (first !== undefined) out.push({ first, last: line });
    } else if (input[i - 2] === '/') out.push({ first: startLine, last: line });
    else open.push(startLine);
  }
  return out.sort((a, b) => a.first - b.first);
}

/** The spans of `inner` elements that lie inside `outer`. */
export function within(spans: readonly Span[], outer: Span): Span[] {
  return spans.filter((s) => s.first >= outer.first && s.last <= outer.last);
}
