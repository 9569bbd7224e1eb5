/**
 * libvirt XML (domain definitions, nwfilters) through fast-xml-parser, never
 * regexes. Snippets copied from documents often have several top-level
 * elements or `...` markers around them; those are read as a fragment (with an
 * issue saying so). Malformed XML is an issue, never an exception.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { issue, stripAnsi, type ParseIssue } from './types.js';

/** An element: attributes as `@_name`, text as `#text`, children as arrays. */
export type XmlNode = Readonly<Record<string, unknown>>;

const FRAGMENT = 'usdiag-fragment';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Every element is a list, so one child and many children read the same way.
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

export interface LoadedXml {
  /** The root element (or the fragment wrapper), with its name. */
  readonly root?: { readonly name: string; readonly node: XmlNode };
  readonly fragment: boolean;
  readonly issues: readonly ParseIssue[];
}

/** Element children named `name`, as nodes (empty and text-only elements included). */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const v = node?.[name];
  if (!Array.isArray(v)) return [];
  return v.map((c) => (typeof c === 'object' && c !== null ? (c as XmlNode) : { '#text': String(c) }));
}

export const child = (node: XmlNode | undefined, name: string): XmlNode | undefined => children(node, name)[0];

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.[`@_${name}`];
  return typeof v === 'string' ? v : undefined;
}

export function textOf(node: XmlNode | undefined): string | undefined {
  const v = node?.['#text'];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Validates and parses; falls back to a fragment wrapper for snippets. */
export function loadXml(input: string): LoadedXml {
  const text = stripAnsi(input).replace(/^\uFEFF/, '');
  if (text.trim() === '') return { fragment: false, issues: [issue(1, '', 'empty input')] };
  if (!/<[A-Za-z]/.test(text)) {
    const first = text.trim().split('\n')[0]!;
    return { fragment: false, issues: [issue(1, first, /^error:/i.test(first) ? 'virsh error' : 'not XML')] };
  }
  // libvirt never declares entities; refusing them avoids entity expansion attacks.
  if (/<!ENTITY/i.test(text)) return { fragment: false, issues: [issue(1, '', 'XML with entity declarations is not read')] };

  const tryParse = (xml: string): { doc?: Record<string, unknown>; error?: { line: number; msg: string } } => {
    const valid = XMLValidator.validate(xml);
    if (valid !== true) return { error: { line: valid.err.line, msg: valid.err.msg } };
    try {
      return { doc: parser.parse(xml) as Record<string, unknown> };
    } catch (e) {
      return { error: { line: 1, msg: (e as Error).message } };
    }
  };

  const whole = tryParse(text);
  const elements = whole.doc ? Object.keys(whole.doc).filter((k) => !k.startsWith('?') && !k.startsWith('#')) : [];
  if (whole.doc && elements.length === 1) {
    return { root: { name: elements[0]!, node: children(whole.doc, elements[0]!)[0] ?? {} }, fragment: false, issues: [] };
  }
  const wrapped = tryParse(`<${FRAGMENT}>${text.replace(/<\?xml[^>]*\?>/, '')}</${FRAGMENT}>`);
  if (wrapped.doc) {
    return {
      root: { name: FRAGMENT, node: children(wrapped.doc, FRAGMENT)[0] ?? {} },
      fragment: true,
      issues: [issue(1, text.split('\n')[0] ?? '', 'XML fragment (no single root element): read the elements it has')],
    };
  }
  const err = whole.error ?? wrapped.error!;
  const bad = text.split('\n')[err.line - 1] ?? '';
  return { fragment: false, issues: [issue(err.line, bad, `malformed XML: ${err.msg}`)] };
}
