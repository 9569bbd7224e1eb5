/**
 * `usdiag scan|check ... --dry-run`: what would go on the wire, without
 * connecting. Per host, the first wave: the role probe when the role is not
 * known, the sudo preflight with --sudo, then what every selected check
 * always reads (its static `needs`), each line exactly as the policy
 * prepares it. What a check reads next depends on what these print (a
 * pool's mount point, a lock's owner), so it is named, not listed. The
 * inventory and the credential files are validated as the scan would use
 * them: an explicit key file must be readable, a password variable must be
 * set, an explicit known_hosts file must be readable. Exit 0 when all is
 * valid, 64 otherwise (every problem said, one line each).
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { checkDefinition } from '../../checks/index.js';
import { catalogEntry, type CheckId } from '../kb/catalog.js';
import { ROLE_PROBE } from '../engine/roles.js';
import { sudoProbe } from '../engine/sudo.js';
import type { HostInfo, Role } from '../engine/types.js';
import type { Lang } from '../i18n/text.js';
import { type Command, sampleKey } from '../transport/command.js';
import { prepare, RefusedCommand } from '../transport/policy.js';
import type { ScanConfig } from './flags.js';
import type { CliIO } from './io.js';
import { sshTargetInputs } from './targets.js';

const NODE_NAME: Command = { argv: ['uname', '-n'] };
const ALL_ROLES: readonly Role[] = ['vks', 'vms'];

export interface DryRunLine {
  readonly key: string;
  /** The line as it goes on the wire, or undefined when the policy refuses it. */
  readonly wire?: string;
  readonly refused?: string;
  /** Which checks read it (`roles` for the role probe, `sudo` for the preflight). */
  readonly for: readonly string[];
}

export interface DryRunHost {
  readonly name: string;
  readonly address: string;
  readonly user?: string | undefined;
  readonly port?: number | undefined;
  readonly roles: readonly Role[];
  readonly sudo: boolean;
  readonly commands: readonly DryRunLine[];
}

/** The first wave on one host, as the session would prepare it. */
export function firstWave(info: HostInfo, ids: readonly CheckId[], cfg: Pick<ScanConfig, 'timeoutSec' | 'probeSeconds' | 'imageTimeoutSec' | 'activeProbes'>): DryRunLine[] {
  const lines = new Map<string, { command: Command; for: string[] }>();
  const add = (c: Command, who: string) => {
    const id = sampleKey(c);
    const e = lines.get(id) ?? { command: c, for: [] };
    if (!e.for.includes(who)) e.for.push(who);
    lines.set(id, e);
  };
  const known = info.roles.length > 0;
  if (!known) {
    add(ROLE_PROBE, 'roles');
    add(NODE_NAME, 'roles');
  }
  const roles = known ? info.roles : ALL_ROLES;
  for (const id of ids) {
    const entry = catalogEntry(id);
    const def = checkDefinition(id);
    if (!entry || entry.observable === 'guide' || !def?.run) continue;
    if (!entry.roles.some((r) => roles.includes(r))) continue;
    for (const need of def.needs ?? []) add(need.command, id);
  }
  const seconds = (c: Command) => (c.kind === 'probe' ? cfg.probeSeconds : c.kind === 'image-check' ? cfg.imageTimeoutSec : cfg.timeoutSec);
  const out: DryRunLine[] = [];
  if (info.sudo) {
    const p = sudoProbe(cfg.timeoutSec);
    out.push({ key: p.key, wire: p.wire, for: ['sudo'] });
  }
  for (const e of lines.values()) {
    const timeoutSec = seconds(e.command);
    try {
      const p = prepare({ ...e.command, timeoutSec }, { timeoutSec, allowActive: cfg.activeProbes, sudo: info.sudo === true });
      out.push({ key: p.key, wire: p.wire, for: e.for });
    } catch (err) {
      if (!(err instanceof RefusedCommand)) throw err;
      out.push({ key: err.key, refused: err.reason, for: e.for });
    }
  }
  return out;
}

export async function runDryRun(ids: readonly CheckId[], cfg: ScanConfig, io: CliIO, lang: Lang): Promise<number> {
  const t = cfg.target;
  const problems: string[] = [];
  let hosts: DryRunHost[];
  if (t.kind === 'hosts' || t.kind === 'inventory') {
    const { resolveSshTarget } = await import('../transport/ssh/target.js');
    const { DEFAULT_PASSWORD_ENV } = await import('../transport/ssh/secrets.js');
    const inputs = await sshTargetInputs(cfg, io);
    hosts = inputs.map(({ info, input }) => {
      let target;
      try {
        target = resolveSshTarget(input, cfg.ssh.sshConfig);
      } catch (e) {
        problems.push(`${info.name}: ${(e as Error).message}`);
      }
      // Explicit files (flag or inventory) must be usable; those from ~/.ssh/config or the defaults only when none is.
      if (input.identityFile !== undefined) {
        const why = unreadable(input.identityFile);
        if (why) problems.push(msgFor(lang, info.name, `identity file ${input.identityFile} ${why}`, `私钥文件 ${input.identityFile} ${why}`));
      }
      const passwordEnv = input.passwordEnv ?? cfg.ssh.passwordEnv;
      if (passwordEnv !== undefined && !io.env[passwordEnv]) {
        problems.push(msgFor(lang, info.name, `the password variable ${passwordEnv} is not set`, `密码环境变量 ${passwordEnv} 未设置`));
      }
      if (input.knownHostsFile !== undefined) {
        const why = unreadable(input.knownHostsFile);
        // --accept-new creates a missing known_hosts file; one that exists must be readable.
        if (why && !(cfg.ssh.acceptNew && !existsSync(input.knownHostsFile))) {
          problems.push(msgFor(lang, info.name, `known_hosts file ${input.knownHostsFile} ${why}`, `known_hosts 文件 ${input.knownHostsFile} ${why}`));
        }
      } else if (target && !cfg.ssh.acceptNew && !target.knownHostsFiles.some((f) => unreadable(f) === undefined)) {
        problems.push(msgFor(lang, info.name, `no readable known_hosts file (${target.knownHostsFiles.join(', ')}): the host key cannot be checked; use --known-hosts or --accept-new`,
          `没有可读的 known_hosts 文件（${target.knownHostsFiles.join('、')}）：无法校验主机密钥；请用 --known-hosts 或 --accept-new`));
      }
      if (target && input.identityFile === undefined && !io.env.SSH_AUTH_SOCK && !cfg.ssh.askPassword && !io.env[passwordEnv ?? DEFAULT_PASSWORD_ENV]
        && !target.identityFiles.some((f) => unreadable(f) === undefined)) {
        problems.push(msgFor(lang, info.name, `no credentials: no readable key (${target.identityFiles.join(', ')}), no ssh-agent, no password variable`,
          `没有凭据：没有可读的私钥（${target.identityFiles.join('、')}）、没有 ssh-agent、没有密码环境变量`));
      }
      return {
        name: info.name, address: info.address, user: target?.user, port: target?.port,
        roles: info.roles, sudo: info.sudo === true, commands: firstWave(info, ids, cfg),
      };
    });
  } else if (t.kind === 'local') {
    const info: HostInfo = { name: 'localhost', address: 'localhost', roles: cfg.roles, ...(cfg.sudo ? { sudo: true } : {}) };
    hosts = [{ name: info.name, address: info.address, roles: info.roles, sudo: cfg.sudo, commands: firstWave(info, ids, cfg) }];
  } else {
    // A replay sends nothing anywhere: the capture is validated by loading it.
    const { buildTargets } = await import('./targets.js');
    const plans = await buildTargets(cfg, io);
    hosts = plans.map((p) => ({ name: p.info.name, address: p.info.address, roles: p.info.roles, sudo: false, commands: firstWave(p.info, ids, cfg) }));
  }
  for (const p of problems) io.stderr.write(`usdiag: ${p}\n`);
  if (cfg.format === 'json') {
    io.stdout.write(`${JSON.stringify({ tool: 'usdiag', dryRun: true, valid: problems.length === 0, problems, hosts }, null, 2)}\n`);
  } else {
    io.stdout.write(renderDryRun(hosts, lang, t.kind === 'replay', cfg.discover));
  }
  return problems.length ? 64 : 0;
}

export function renderDryRun(hosts: readonly DryRunHost[], lang: Lang, replay = false, discover = false): string {
  const zh = lang === 'zh';
  const out: string[] = [zh
    ? `试运行：不连接任何主机。以下是每台主机首批命令（即发送的原文）；后续命令取决于这些命令的输出。`
    : 'Dry run: no host is contacted. The first commands each host would get, exactly as sent; what follows depends on what these print.'];
  if (replay) out.push(zh ? '（--from：重放采集，不发送任何命令。）' : '(--from: a replay sends nothing; these are the captured commands the checks read first.)');
  for (const h of hosts) {
    const who = `${h.user !== undefined ? `${h.user}@` : ''}${h.address}${h.port !== undefined && h.port !== 22 ? `:${h.port}` : ''}`;
    const roles = h.roles.length ? h.roles.join('+') : zh ? '角色待识别' : 'role to be detected';
    out.push('', `${h.name} (${who}, ${roles}${h.sudo ? ', sudo -n' : ''}): ${h.commands.length} ${zh ? '条命令' : 'command(s)'}`);
    for (const c of h.commands) {
      out.push(c.wire !== undefined ? `  ${c.wire}` : `  # ${zh ? '策略拒绝' : 'refused by the policy'}: ${c.key}: ${c.refused}`);
      out.push(`      # ${c.for.join(', ')}`);
    }
  }
  if (discover) {
    out.push('', zh
      ? '--discover：cluster.conf 中的其他节点要连接后才能得知（每台所给主机先读 cat /etc/ocfs2/cluster.conf），因此未列出。'
      : '--discover: the other nodes of cluster.conf are known only once connected (each given host first reads cat /etc/ocfs2/cluster.conf), so they are not listed.');
  }
  out.push('', zh
    ? '后续命令（按挂载点、锁的属主、虚拟机磁盘等）取决于上述输出，因此不在此列出；它们同样经过只读策略。'
    : 'Follow-up commands (per mount point, lock owner, VM disk...) depend on what these print, so they are not listed; they pass the same read-only policy.');
  return `${out.join('\n')}\n`;
}

function unreadable(path: string): string | undefined {
  try {
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'does not exist' : `is not readable (${code ?? (e as Error).message})`;
  }
}

function msgFor(lang: Lang, host: string, en: string, zh: string): string {
  return `${host}: ${lang === 'zh' ? zh : en}`;
}
