/**
 * Ansible inventories, INI and YAML, as admins already keep them: groups and
 * `:children`, `:vars` and `all:vars`, host ranges (`cvknode[11:13]`), and
 * the connection variables usdiag understands (`ansible_host`, `ansible_port`,
 * `ansible_user`, `ansible_ssh_private_key_file`, and their old `ansible_ssh_*`
 * names). Groups named like the platform's roles (vms/cvm, vks/cvk) give the
 * hosts their role. Everything else is ignored with a note that names it;
 * passwords in the file are never used (usdiag takes them only from the
 * environment or a prompt).
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document, type YAMLMap } from 'yaml';
import type { Role } from '../core.js';
import { text } from '../i18n/text.js';
import { ConfigError } from './errors.js';

export interface AnsibleHost {
  readonly name: string;
  /** `ansible_host`, or undefined: the name is the address then. */
  readonly address?: string | undefined;
  readonly port?: number | undefined;
  readonly user?: string | undefined;
  readonly identityFile?: string | undefined;
  readonly roles: Role[];
  /** Where the host was first defined (file:line). */
  readonly where: string;
}

export interface AnsibleInventory {
  readonly hosts: AnsibleHost[];
  /** What was ignored, and where: one line each. */
  readonly notes: string[];
}

const ROLE_GROUPS: Readonly<Record<string, Role>> = { vms: 'vms', cvm: 'vms', cvms: 'vms', vks: 'vks', cvk: 'vks', cvks: 'vks' };

const CONNECTION_VARS: Readonly<Record<string, 'address' | 'port' | 'user' | 'identityFile'>> = {
  ansible_host: 'address',
  ansible_ssh_host: 'address',
  ansible_port: 'port',
  ansible_ssh_port: 'port',
  ansible_user: 'user',
  ansible_ssh_user: 'user',
  ansible_ssh_private_key_file: 'identityFile',
  ansible_private_key_file: 'identityFile',
};

const PASSWORD_VARS = new Set(['ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password', 'ansible_become_pass', 'ansible_become_password']);

type Vars = Record<string, { readonly value: string; readonly where: string }>;

interface Group {
  readonly hosts: Map<string, { readonly vars: Vars; readonly where: string }>;
  readonly children: Set<string>;
  readonly vars: Vars;
}

/** True when the YAML document is an Ansible inventory rather than usdiag's own (`hosts:` as a list). */
export function looksLikeAnsibleYaml(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const top = value as Record<string, unknown>;
  if (Array.isArray(top.hosts) || 'defaults' in top) return false;
  return Object.values(top).some((g) => g === null || (typeof g === 'object' && !Array.isArray(g) && ['hosts', 'children', 'vars'].some((k) => k in (g as object))));
}

/** True when the text reads as an INI inventory: `[group]` headers or bare host lines, no YAML mapping. */
export function looksLikeAnsibleIni(source: string): boolean {
  const first = source.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#') && !l.startsWith(';'));
  return first !== undefined && (/^\[[^\]]+\]$/.test(first) || /^[A-Za-z0-9_.-]+(?:\[[^\]]+\][A-Za-z0-9_.-]*)?(?:\s+\w+=.*)?$/.test(first));
}

export function parseAnsibleIni(source: string, path: string): AnsibleInventory {
  const groups = new Map<string, Group>();
  const group = (name: string) => {
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { hosts: new Map(), children: new Set(), vars: {} }));
    return g;
  };
  let section: { name: string; kind: 'hosts' | 'vars' | 'children' } = { name: 'ungrouped', kind: 'hosts' };
  source.split('\n').forEach((rawLine, i) => {
    const where = `${path}:${i + 1}`;
    const line = stripComment(rawLine).trim();
    if (line === '') return;
    const header = /^\[([^\]:]+)(?::(vars|children))?\]$/.exec(line);
    if (header) {
      section = { name: header[1]!, kind: (header[2] as 'vars' | 'children' | undefined) ?? 'hosts' };
      group(section.name);
      return;
    }
    if (line.startsWith('[')) throw new ConfigError(where, text(`not an inventory section header: ${line}`, `不是清单的节标题：${line}`));
    if (section.kind === 'children') {
      group(section.name).children.add(line.split(/\s+/)[0]!);
      group(line.split(/\s+/)[0]!);
      return;
    }
    if (section.kind === 'vars') {
      const kv = /^([A-Za-z_][\w]*)\s*=\s*(.*)$/.exec(line);
      if (!kv) throw new ConfigError(where, text(`expected "name=value" in [${section.name}:vars]`, `[${section.name}:vars] 中应为 "名称=值"`));
      group(section.name).vars[kv[1]!] = { value: unquote(kv[2]!.trim()), where };
      return;
    }
    const [pattern, ...assignments] = splitWords(line, where);
    const vars: Vars = {};
    for (const a of assignments) {
      const eq = a.indexOf('=');
      if (eq <= 0) throw new ConfigError(where, text(`expected "name=value" after the host name, got "${a}"`, `主机名后应为 "名称=值"，实际为 "${a}"`));
      vars[a.slice(0, eq)] = { value: unquote(a.slice(eq + 1)), where };
    }
    for (const name of expandHostPattern(pattern!, where)) {
      const g = group(section.name);
      if (!g.hosts.has(name)) g.hosts.set(name, { vars, where });
    }
  });
  return resolve(groups);
}

export function parseAnsibleYaml(source: string, path: string): AnsibleInventory {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const at = (node: unknown) => {
    const r = (node as { range?: [number, number, number] } | undefined)?.range;
    return r ? `${path}:${lineCounter.linePos(r[0]).line}` : path;
  };
  if (doc.errors.length) {
    const err = doc.errors[0]!;
    throw new ConfigError(`${path}:${lineCounter.linePos(err.pos[0]).line}`, text(`not valid YAML: ${err.message.split('\n')[0]}`, `不是有效的 YAML：${err.message.split('\n')[0]}`));
  }
  const groups = new Map<string, Group>();
  const group = (name: string) => {
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { hosts: new Map(), children: new Set(), vars: {} }));
    return g;
  };
  const varsOf = (node: unknown, where: string): Vars => {
    const out: Vars = {};
    if (!isMap(node)) return out;
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const v = pair.value;
      out[String(pair.key.value)] = { value: isScalar(v) ? String(v.value) : JSON.stringify((v as { toJSON?: () => unknown })?.toJSON?.() ?? null), where: at(pair.key) || where };
    }
    return out;
  };
  const walkGroup = (name: string, node: unknown) => {
    const g = group(name);
    if (node === null || (isScalar(node) && node.value === null)) return;
    if (!isMap(node)) throw new ConfigError(at(node), text(`group "${name}" must be a mapping (hosts, children, vars)`, `组 "${name}" 应为映射（hosts、children、vars）`));
    for (const pair of (node as YAMLMap).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = pair.value;
      if (key === 'hosts') {
        if (!isMap(value)) continue;
        for (const h of value.items) {
          if (!isScalar(h.key)) continue;
          const where = at(h.key);
          for (const host of expandHostPattern(String(h.key.value), where)) {
            if (!g.hosts.has(host)) g.hosts.set(host, { vars: varsOf(h.value, where), where });
          }
        }
      } else if (key === 'children') {
        if (!isMap(value)) continue;
        for (const c of value.items) {
          if (!isScalar(c.key)) continue;
          const child = String(c.key.value);
          g.children.add(child);
          walkGroup(child, c.value);
        }
      } else if (key === 'vars') {
        Object.assign(g.vars, varsOf(value, at(pair.key)));
      } else {
        throw new ConfigError(at(pair.key), text(`unknown key "${name}.${key}" (an Ansible group has hosts, children and vars)`, `未知的键 "${name}.${key}"（Ansible 组只有 hosts、children、vars）`));
      }
    }
  };
  const top = (doc as Document).contents;
  if (!isMap(top)) throw new ConfigError(path, text('expected a mapping of groups', '应为组的映射'));
  for (const pair of top.items) if (isScalar(pair.key)) walkGroup(String(pair.key.value), pair.value);
  return resolve(groups);
}

/** Hosts with their variables merged (host over its groups, nearer groups over farther, `all` last). */
function resolve(groups: Map<string, Group>): AnsibleInventory {
  const parents = new Map<string, string[]>();
  for (const [name, g] of groups) for (const c of g.children) parents.set(c, [...(parents.get(c) ?? []), name]);
  const ancestry = (name: string): string[] => {
    const out: string[] = [];
    const queue = [name];
    while (queue.length) {
      const n = queue.shift()!;
      if (out.includes(n)) continue;
      out.push(n);
      queue.push(...(parents.get(n) ?? []));
    }
    if (!out.includes('all')) out.push('all');
    return out;
  };
  const hostGroups = new Map<string, { groups: Set<string>; vars: Vars; where: string }>();
  for (const [name, g] of groups) {
    for (const [host, h] of g.hosts) {
      const known = hostGroups.get(host) ?? { groups: new Set<string>(), vars: {}, where: h.where };
      for (const a of ancestry(name)) known.groups.add(a);
      Object.assign(known.vars, h.vars);
      hostGroups.set(host, known);
    }
  }
  const notes = new Set<string>();
  const hosts = [...hostGroups].map(([name, h]): AnsibleHost => {
    // Farther groups first so nearer ones (and the host's own vars) win.
    const merged: Vars = {};
    for (const g of [...h.groups].reverse()) Object.assign(merged, groups.get(g)?.vars ?? {});
    Object.assign(merged, h.vars);
    const conn: { address?: string; port?: number; user?: string; identityFile?: string } = {};
    for (const [k, v] of Object.entries(merged)) {
      const field = CONNECTION_VARS[k];
      if (field === 'port') {
        const port = Number(v.value);
        if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(v.where, text(`${k} must be a port number (got "${v.value}")`, `${k} 应为端口号（实际为 "${v.value}"）`));
        conn.port = port;
      } else if (field) conn[field] = v.value;
      else if (PASSWORD_VARS.has(k)) notes.add(`${v.where}: ${k} ignored: usdiag takes passwords only from an environment variable or a prompt`);
      else notes.add(`${v.where}: ${k} ignored`);
    }
    const roles = [...new Set([...h.groups].map((g) => ROLE_GROUPS[g.toLowerCase()]).filter((r): r is Role => r !== undefined))].sort();
    return { name, ...conn, roles, where: h.where };
  });
  return { hosts, notes: [...notes] };
}

/** `cvknode[11:13]`, `node[a:c]`, `web[01:10:2]` (Ansible ranges, zero padding kept). */
export function expandHostPattern(pattern: string, where: string): string[] {
  const m = /^(.*?)\[([^\]:]+):([^\]:]+)(?::(\d+))?\](.*)$/.exec(pattern);
  if (!m) return [pattern];
  const [, head, from, to, stepText, tail] = m as unknown as [string, string, string, string, string | undefined, string];
  const step = stepText === undefined ? 1 : Number(stepText);
  const out: string[] = [];
  if (/^\d+$/.test(from) && /^\d+$/.test(to)) {
    const width = from.length > 1 && from.startsWith('0') ? from.length : 0;
    const a = Number(from);
    const b = Number(to);
    if (b < a || step < 1 || (b - a) / step > 10_000) throw new ConfigError(where, text(`host range [${from}:${to}] is empty or too large`, `主机范围 [${from}:${to}] 为空或过大`));
    for (let n = a; n <= b; n += step) out.push(...expandHostPattern(`${head}${String(n).padStart(width, '0')}${tail}`, where));
    return out;
  }
  if (/^[a-z]$/i.test(from) && /^[a-z]$/i.test(to) && from <= to) {
    for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c += step) out.push(...expandHostPattern(`${head}${String.fromCharCode(c)}${tail}`, where));
    return out;
  }
  throw new ConfigError(where, text(`cannot read the host range in "${pattern}"`, `无法识别 "${pattern}" 中的主机范围`));
}

function stripComment(line: string): string {
  // `#` or `;` starts a comment outside quotes
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if ((c === '#' || c === ';') && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

/** Words of a host line, quotes kept together (`key="a b"`). */
function splitWords(line: string, where: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  for (const c of line) {
    if (quote) {
      word += c;
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      word += c;
    } else if (/\s/.test(c)) {
      if (word) words.push(word);
      word = '';
    } else word += c;
  }
  if (quote) throw new ConfigError(where, text('a quote is not closed', '引号未闭合'));
  if (word) words.push(word);
  return words;
}

function unquote(v: string): string {
  const m = /^(["'])(.*)\1$/.exec(v);
  return m ? m[2]! : v;
}
