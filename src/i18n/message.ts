/**
 * Findings speak in message ids, not sentences. A check owns a table of
 * messages (`{ lockHeldBy: { en: '...{host}...', zh: '...{host}...' } }`);
 * a result carries `{ scope, id, values }` and the report layer renders it in
 * the reader's language. Scripts read the id and the values from the JSON
 * report; a copy edit of a sentence breaks neither them nor the tests.
 */
import type { Lang, Msg, MsgList, MsgValue, MsgValues, Text } from '../core.js';

export type { Msg, MsgList, MsgValue, MsgValues };

export interface MessageSpec {
  readonly en: string;
  readonly zh: string;
}

export type MessageTable = Readonly<Record<string, MessageSpec>>;


/** The `{name}` placeholders of a template, as a type. */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer R}` ? P | Placeholders<R> : never;

type ValuesOf<T extends MessageSpec> = { readonly [K in Placeholders<T['en']> | Placeholders<T['zh']>]: MsgValue };

/** A message's values: required when it has placeholders, optional (and empty) when it has none. */
export type MsgArgs<T extends MessageSpec> = [Placeholders<T['en']> | Placeholders<T['zh']>] extends [never]
  ? [values?: Readonly<Record<string, never>>]
  : [values: ValuesOf<T>];

/** The typed message builder of one table. */
export type MsgOf<M extends Readonly<Record<string, MessageSpec>>> = <K extends keyof M & string>(id: K, ...values: MsgArgs<M[K]>) => Msg;

/**
 * Registers a table under `scope` and returns its typed builder: shared
 * check modules (the OCFS2 cluster view, the lock trace) speak this way.
 */
export function defineMessages<const M extends Readonly<Record<string, MessageSpec>>>(scope: string, table: M): MsgOf<M> {
  registerMessages(scope, table);
  return ((id: string, values?: MsgValues) => ({ scope, id, ...(values && Object.keys(values).length ? { values } : {}) })) as MsgOf<M>;
}

const PLACEHOLDER = /\{([a-zA-Z][\w]*)\}/g;

/** The `{name}` placeholders of a template, in order of first appearance. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

const tables = new Map<string, MessageTable>();

/** Makes a table renderable under its scope (a check id, 'engine', a shared module's name). */
export function registerMessages(scope: string, table: MessageTable): void {
  const known = tables.get(scope);
  if (known && known !== table) throw new Error(`message scope "${scope}" is registered twice`);
  tables.set(scope, table);
}

export function registeredScopes(): ReadonlyMap<string, MessageTable> {
  return tables;
}

export function isMsg(v: unknown): v is Msg {
  return typeof v === 'object' && v !== null && 'scope' in v && 'id' in v;
}

function isList(v: unknown): v is MsgList {
  return typeof v === 'object' && v !== null && 'items' in v;
}

const DEFAULT_SEP: Text = { en: ', ', zh: '、' };

/** A value in one language. */
export function renderValue(v: MsgValue | undefined, lang: Lang, name = 'value'): string {
  if (v === undefined) return `<${name}>`;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (isMsg(v)) return renderMsg(v, lang);
  if (isList(v)) return v.items.map((i) => renderValue(i, lang, name)).join((v.sep ?? DEFAULT_SEP)[lang]);
  return v[lang];
}

/**
 * A message in one language. An unknown scope or id is a programming error
 * the message tests catch; at 3 a.m. it still shows what it can.
 */
export function renderMsg(m: Msg, lang: Lang): string {
  const spec = tables.get(m.scope)?.[m.id];
  const values = m.values ?? {};
  if (!spec) return `[${m.scope}.${m.id}] ${Object.entries(values).map(([k, v]) => `${k}=${renderValue(v, lang, k)}`).join(' ')}`.trim();
  return spec[lang].replace(PLACEHOLDER, (_m, name: string) => renderValue(values[name], lang, name));
}

/** Both languages at once (for code that still stores Text). */
export function msgText(m: Msg): Text {
  return { en: renderMsg(m, 'en'), zh: renderMsg(m, 'zh') };
}

/** Values for machine readers: plain data stays as it is, the rest is rendered in the report's language. */
export function plainValues(m: Msg, lang: Lang): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m.values ?? {})) {
    if (v === undefined) continue;
    out[k] = typeof v === 'number' || typeof v === 'string' ? v : renderValue(v, lang, k);
  }
  return out;
}

/** A list value; `sep` per language, e.g. ' → ' for a chain. */
export function list(items: readonly MsgValue[], sep?: string | Text): MsgList {
  return { items, ...(sep === undefined ? {} : { sep: typeof sep === 'string' ? { en: sep, zh: sep } : sep }) };
}

/** Differences between the two languages of a message: placeholders in one and not the other. */
export function placeholderMismatch(spec: MessageSpec): string | null {
  const en = placeholdersOf(spec.en).sort();
  const zh = placeholdersOf(spec.zh).sort();
  if (en.join(',') === zh.join(',')) return null;
  return `en has {${en.join('}, {')}}, zh has {${zh.join('}, {')}}`;
}
