/**
 * The inventory file (contract: YAML with `defaults` and `hosts`). Every
 * mistake is reported with the file, line and key, so an engineer fixing it
 * at 3 a.m. does not have to guess; unknown keys are errors, not ignored.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { LineCounter, parseDocument } from 'yaml';
import { keyOffset, nodeOffset } from './yaml-locate.js';
import { z } from 'zod';
import { type Text, text } from '../i18n/text.js';
import { looksLikeAnsibleIni, looksLikeAnsibleYaml, parseAnsibleIni, parseAnsibleYaml } from './ansible.js';
import { ConfigError } from './errors.js';

export { ConfigError };
import type { Role } from '../core.js';

const role = z.enum(['vms', 'vks']);
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

const connection = {
  user: z.string().min(1).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  identityFile: z.string().min(1).optional(),
  knownHostsFile: z.string().min(1).optional(),
  /** Environment variable holding the SSH password for these hosts (never the password itself). */
  passwordEnv: envName.optional(),
  /** One jump host, OpenSSH style: [user@]host[:port]. */
  proxyJump: z.string().min(1).optional(),
  /** A non-root login: every command runs through `sudo -n` (as --sudo). */
  sudo: z.boolean().optional(),
};

const hostSchema = z.strictObject({
  name: z.string().min(1),
  /** Defaults to the name (a DNS name then). */
  address: z.string().min(1).optional(),
  role: z.union([role, z.array(role).min(1)]).optional(),
  cluster: z.string().min(1).optional(),
  ...connection,
});

const inventorySchema = z.strictObject({
  defaults: z.strictObject(connection).optional(),
  hosts: z.array(hostSchema).min(1),
});

export type Connection = z.infer<z.ZodObject<typeof connection>>;

export interface InventoryHost extends Connection {
  readonly name: string;
  readonly address: string;
  readonly roles: Role[];
  readonly cluster?: string | undefined;
}

export interface Inventory {
  readonly path: string;
  readonly hosts: readonly InventoryHost[];
  /** What an Ansible inventory held that usdiag ignored ("file:line: name ignored"). */
  readonly notes?: readonly string[];
}


export function expandHome(p: string | undefined): string | undefined {
  if (p === undefined) return undefined;
  return p === '~' ? homedir() : p.startsWith('~/') ? `${homedir()}${p.slice(1)}` : p;
}

export function loadInventory(path: string): Inventory {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(path, text(`cannot read the inventory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      `无法读取清单文件（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`));
  }
  return parseInventory(source, path);
}

/** usdiag's own YAML inventory, or an Ansible one (INI or YAML), told apart by their shape. */
export function parseInventory(source: string, path: string): Inventory {
  if (/\.(ini|cfg)$/i.test(path)) return fromAnsible(parseAnsibleIni(source, path), path);
  const probe = parseDocument(source, { prettyErrors: false });
  const value: unknown = probe.errors.length ? undefined : probe.toJS();
  const mapping = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (mapping && looksLikeAnsibleYaml(value)) return fromAnsible(parseAnsibleYaml(source, path), path);
  // `[vks]` is a YAML list and `cvknode11 ansible_host=...` a YAML string: an INI inventory reads as neither mapping.
  if (!mapping && looksLikeAnsibleIni(source)) return fromAnsible(parseAnsibleIni(source, path), path);
  return parseNative(source, path);
}

function fromAnsible(inv: ReturnType<typeof parseAnsibleIni>, path: string): Inventory {
  if (inv.hosts.length === 0) throw new ConfigError(path, text('the Ansible inventory lists no hosts', 'Ansible 清单中没有主机'));
  return {
    path,
    notes: inv.notes,
    hosts: inv.hosts.map((h) => ({
      name: h.name,
      address: h.address ?? h.name,
      roles: h.roles,
      ...(h.port !== undefined ? { port: h.port } : {}),
      ...(h.user !== undefined ? { user: h.user } : {}),
      ...(h.identityFile !== undefined ? { identityFile: expandHome(h.identityFile) } : {}),
    })),
  };
}

function parseNative(source: string, path: string): Inventory {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined) => (offset === undefined ? path : `${path}:${lineCounter.linePos(offset).line}`);
  if (doc.errors.length) {
    const err = doc.errors[0]!;
    const msg = err.message.split('\n')[0]!;
    throw new ConfigError(at(err.pos[0]), text(`not valid YAML: ${msg}`, `不是有效的 YAML：${msg}`));
  }
  const parsed = inventorySchema.safeParse(doc.toJS(), { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path_ = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const keyName = formatPath(path_);
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      const offset = keyOffset(doc, path_, key);
      const where = keyName ? `${keyName}.${key}` : key;
      throw new ConfigError(at(offset), text(`unknown key "${where}"`, `未知的键 "${where}"`));
    }
    const offset = nodeOffset(doc, path_);
    throw new ConfigError(at(offset), describeIssue(keyName || '(top level)', issue));
  }
  const inv = parsed.data;
  const defaults = inv.defaults ?? {};
  const seen = new Map<string, number>();
  const hosts = inv.hosts.map((h, i): InventoryHost => {
    if (seen.has(h.name)) {
      throw new ConfigError(at(nodeOffset(doc, ['hosts', i, 'name'])), text(
        `host name "${h.name}" appears twice (also hosts[${seen.get(h.name)}])`,
        `主机名 "${h.name}" 重复出现（另见 hosts[${seen.get(h.name)}]）`,
      ));
    }
    seen.set(h.name, i);
    const { role: r, ...rest } = h;
    return {
      ...defaults,
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
      identityFile: expandHome(h.identityFile ?? defaults.identityFile),
      knownHostsFile: expandHome(h.knownHostsFile ?? defaults.knownHostsFile),
      name: h.name,
      address: h.address ?? h.name,
      roles: r === undefined ? [] : Array.isArray(r) ? [...new Set(r)] : [r],
    };
  });
  return { path, hosts };
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function describeIssue(key: string, issue: z.core.$ZodIssue): Text {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return text(`missing required key "${key}"`, `缺少必需的键 "${key}"`);
      return text(`"${key}" must be ${article(issue.expected)}`, `"${key}" 的类型应为 ${issue.expected}`);
    case 'too_small':
      return issue.origin === 'array'
        ? text(`"${key}" must list at least ${issue.minimum} entr${issue.minimum === 1 ? 'y' : 'ies'}`, `"${key}" 至少需要 ${issue.minimum} 项`)
        : text(`"${key}" is too small or empty`, `"${key}" 过小或为空`);
    case 'too_big':
      return text(`"${key}" is too large`, `"${key}" 过大`);
    case 'invalid_value':
      return text(`"${key}" must be one of ${issue.values.join(', ')}`, `"${key}" 只能是 ${issue.values.join('、')} 之一`);
    case 'invalid_union':
      return text(`"${key}" must be vms, vks or a list of them`, `"${key}" 只能是 vms、vks 或它们的列表`);
    default:
      return text(`"${key}": ${issue.message}`, `"${key}"：${issue.message}`);
  }
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

