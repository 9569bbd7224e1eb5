/**
 * Where in a YAML document a path or a key starts (a character offset), so
 * that a configuration error names the file's line and column: the nearest
 * node on the path that has a range, or the document's top.
 */
import { isMap, isScalar, type Document } from 'yaml';

export function nodeOffset(doc: Document, path: readonly (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = (n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)) as { range?: [number, number, number] } | null | undefined;
    if (node && typeof node === 'object' && node.range) return node.range[0];
  }
  return undefined;
}

export function keyOffset(doc: Document, path: readonly (string | number)[], key: string): number | undefined {
  const parent = path.length ? doc.getIn(path, true) : doc.contents;
  if (isMap(parent)) {
    for (const pair of parent.items) {
      if (isScalar(pair.key) && pair.key.value === key && pair.key.range) return pair.key.range[0];
    }
  }
  return nodeOffset(doc, path);
}
