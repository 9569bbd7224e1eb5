/**
 * Guide 3.8.1 — the web UI cannot be logged into: tomcat8 or rabbitmq.
 *
 * Runs (all reads): `service tomcat8 status` and the process list (tomcat's
 * java process and pid); `service rabbitmq-server status` (it prints the
 * broker's own errors: "Too short cookie string", nodedown, the boot failure
 * of its log directory, the distribution timeout of blocked ports); `stat` of
 * /var/lib/rabbitmq/.erlang.cookie (size, owner, mode: never its content)
 * and of /var/log/rabbitmq; `iptables -S` (filter table only); `date +%s`;
 * `df -P -- /`; and, while the broker runs, `rabbitmqctl list_permissions`.
 * `rabbitmq-server`, `jstack`, `jmap` and restarts are recovery steps for the
 * engineer, never run.
 * Decides, one cause per finding, in the guide's order of recovery:
 * tomcat8 down; the clock earlier than 2021-05; the cookie empty or not the
 * rabbitmq user's only (root filesystem full); the `cloud` user's
 * permissions not `.*`; /var/log/rabbitmq missing or not rabbitmq's; ports
 * 4369/5672 dropped or rejected by iptables (for a connection from this host
 * over lo and from another host); the broker down for no cause seen. Causes
 * of a broker that still runs (log directory, ports) only warn.
 */
import { defineCheck } from '../../../src/engine/define-check.js';
import { excerpt, parsedOnce, readProblem } from '../../../src/engine/outputs.js';
import type { Evidence } from '../../../src/engine/types.js';
import { list, type Msg } from '../../../src/i18n/message.js';
import { parseDf } from '../../../src/parsers/df.js';
import { parsePs, type PsRow } from '../../../src/parsers/ps.js';
import { parseRabbitPermissions, parseRabbitProblems, rabbitAnswered, type RabbitProblem } from '../../../src/parsers/rabbitmq.js';
import { cmd } from '../../../src/transport/command.js';
import { ERLANG_COOKIE } from '../../../src/transport/read-only-programs.js';
import { PROCESSES } from '../../shared/commands.js';
import { HOST_EPOCH } from '../../shared/logs.js';
import { type Cause, causesResult, ownerMsg, readOwners, readService, serviceEvidence, serviceStatus, statOwners } from '../../shared/platform.js';
import { blockingRule, IPTABLES_RULES, type PortVerdict, readFirewall } from './firewall.js';

const RABBIT_LOG_DIR = '/var/log/rabbitmq';
const RABBIT_PORTS = [4369, 5672] as const;
/** Guide 3.8.1: rabbitmq fails to initialise with a clock earlier than May 2021. */
const EARLIEST_CLOCK = Date.UTC(2021, 4, 1);
const ROOT_FULL_PERCENT = 100;
const ROOT_MIN_FREE = 64 * 1024 ** 2;
const ROOT_DF = cmd('df', '-P', '--', '/');
const PERMISSIONS = cmd('rabbitmqctl', 'list_permissions');

const messages = {
  ok: {
    en: 'tomcat8 runs{tomcatPid}; rabbitmq-server runs with its cookie, log directory and ports in order; the cloud user has .* .* .*; the clock ({date}) and / ({use}% used) are fine.',
    zh: 'tomcat8 正在运行{tomcatPid}；rabbitmq-server 正在运行，cookie、日志目录和端口均正常；cloud 用户权限为 .* .* .*；系统时间（{date}）和根目录（已用 {use}%）正常。',
  },
  pid: { en: ' (pid {pid})', zh: '（pid {pid}）' },
  tomcatDown: { en: 'tomcat8 is {state}: restart it (guide 3.8.1).', zh: 'tomcat8 {state}：请重启它（指南 3.8.1）。' },
  clockEarly: {
    en: 'The system clock says {date}, earlier than 2021-05: rabbitmq cannot initialise. Set the current time and restart the VMS.',
    zh: '系统时间为 {date}，早于 2021 年 5 月：rabbitmq 无法初始化。请改为当前时间并重启 VMS。',
  },
  cookieEmpty: {
    en: 'The Erlang cookie {file} is {size} bytes long ("Too short cookie string"): delete it and start rabbitmq.',
    zh: 'Erlang cookie 文件 {file} 只有 {size} 字节（"Too short cookie string"）：请删除它后启动 rabbitmq。',
  },
  cookieAccess: {
    en: 'The Erlang cookie {file} is owned by {owner} with mode {mode}; rabbitmq needs it to be the rabbitmq user\'s only: delete it and start rabbitmq.',
    zh: 'Erlang cookie 文件 {file} 的属主为 {owner}，权限 {mode}；rabbitmq 要求它只属于 rabbitmq 用户：请删除它后启动 rabbitmq。',
  },
  cookieSays: {
    en: 'rabbitmq reports "Too short cookie string": its Erlang cookie {file} is damaged; delete it and start rabbitmq.',
    zh: 'rabbitmq 报 "Too short cookie string"：Erlang cookie 文件 {file} 已损坏，请删除它后启动 rabbitmq。',
  },
  rootFull: {
    en: 'The root filesystem is full ({use}% used, {avail} MiB free): it damages the Erlang cookie; make room first.',
    zh: '根目录已满（已用 {use}%，剩余 {avail} MiB）：会损坏 Erlang cookie，请先清理空间。',
  },
  cloudPermissions: {
    en: 'The rabbitmq user cloud has configure "{configure}", write "{write}", read "{read}" on vhost {vhost}, not .* for all three: initialise the rabbitmq users again (rabbitmq-init.sh).',
    zh: 'rabbitmq 用户 cloud 在 vhost {vhost} 上的权限为 configure "{configure}"、write "{write}"、read "{read}"，并非三项都为 .*：请执行 rabbitmq-init.sh 重新初始化用户权限。',
  },
  cloudMissing: {
    en: 'The rabbitmq user cloud has no permissions on vhost /: initialise the rabbitmq users again (rabbitmq-init.sh).',
    zh: 'rabbitmq 用户 cloud 在 vhost / 上没有任何权限：请执行 rabbitmq-init.sh 重新初始化用户权限。',
  },
  logDirMissing: { en: 'The rabbitmq log directory {dir} does not exist{running}: create it for the rabbitmq user.', zh: 'rabbitmq 日志目录 {dir} 不存在{running}：请创建该目录并交给 rabbitmq 用户。' },
  logDirOwner: { en: 'The rabbitmq log directory {dir} is owned by {owner}, not rabbitmq{running}: give it to the rabbitmq user.', zh: 'rabbitmq 日志目录 {dir} 的属主是 {owner}，不是 rabbitmq{running}：请把它交给 rabbitmq 用户。' },
  logDirSays: {
    en: 'rabbitmq cannot open its log file in {dir} (permission denied): give the directory to the rabbitmq user.',
    zh: 'rabbitmq 无法打开 {dir} 中的日志文件（permission denied）：请把该目录交给 rabbitmq 用户。',
  },
  stillRuns: { en: ' (rabbitmq still runs, but will not start again like this)', zh: '（rabbitmq 目前仍在运行，但这样下次无法启动）' },
  portsBlocked: {
    en: 'iptables {action} port(s) {ports} that rabbitmq needs (rule "{rule}"){running}: allow 4369 and 5672.',
    zh: 'iptables {action}了 rabbitmq 需要的端口 {ports}（规则 "{rule}"）{running}：请放行 4369 和 5672。',
  },
  drops: { en: 'drops', zh: '丢弃' },
  rejects: { en: 'rejects', zh: '拒绝' },
  policyDrops: { en: 'policy {policy} of chain {chain}', zh: '链 {chain} 的默认策略 {policy}' },
  rabbitDown: {
    en: 'rabbitmq-server is {state}{says}; usdiag found none of the guide\'s causes: check the service and start it.',
    zh: 'rabbitmq-server {state}{says}；usdiag 未发现指南所列原因：请检查服务并启动它。',
  },
  says: { en: ' ("{line}")', zh: '（"{line}"）' },
  stopped: { en: 'stopped', zh: '已停止' },
  failed: { en: 'failed', zh: '启动失败' },
  missing: { en: 'not installed', zh: '未安装' },
  notRunning: { en: 'not running', zh: '没有运行' },
  tomcatUnread: { en: 'The state of tomcat8 could not be read: {why}', zh: '无法读取 tomcat8 的状态：{why}' },
} as const;

type LoginStep =
  | 'check-tomcat' | 'find-tomcat-pid' | 'dump-tomcat-threads' | 'dump-tomcat-heap' | 'restart-tomcat' | 'check-rabbitmq' | 'check-root-fs'
  | 'remove-erlang-cookie' | 'fix-rabbitmq-log-dir' | 'check-iptables-ports' | 'open-rabbitmq-ports' | 'start-rabbitmq'
  | 'check-cloud-permissions' | 'reinit-rabbitmq-users' | 'check-clock' | 'fix-clock';

export const check = defineCheck({
  id: 'ui-login',
  needs: [serviceStatus('tomcat8'), serviceStatus('rabbitmq-server'), statOwners(ERLANG_COOKIE), statOwners(RABBIT_LOG_DIR), IPTABLES_RULES, HOST_EPOCH, ROOT_DF, PROCESSES],
  messages,
  async run(ctx, say) {
    const [tomcat, rabbit, cookie, logDir, firewall, clock, root, ps] = await Promise.all([
      readService(ctx, 'tomcat8'), readService(ctx, 'rabbitmq-server'), readOwners(ctx, ERLANG_COOKIE), readOwners(ctx, RABBIT_LOG_DIR),
      readFirewall(ctx), ctx.run(HOST_EPOCH), ctx.run(ROOT_DF), ctx.run(PROCESSES),
    ]);
    if (tomcat.problem) return say.unknown('tomcatUnread', { why: tomcat.problem });
    const procs = readProblem(ps) ? [] : parsedOnce(ps, parsePs).value;
    const stateMsg = (s: string): Msg => say.msg(s === 'failed' ? 'failed' : s === 'missing' ? 'missing' : s === 'stopped' ? 'stopped' : 'notRunning');
    const causes: Cause<LoginStep>[] = [];

    // 1. tomcat8
    const java = procs.find(isTomcat);
    const tomcatUp = tomcat.state === 'running' || ((tomcat.state === 'exited' || tomcat.state === 'unknown') && java !== undefined);
    if (!tomcatUp) {
      causes.push({ severity: 'fail', message: say.msg('tomcatDown', { state: stateMsg(tomcat.state) }), evidence: [serviceEvidence(tomcat)], steps: ['check-tomcat', 'restart-tomcat'] });
    }

    // the broker's own words
    const rabbitText = `${rabbit.output.stdout}\n${rabbit.output.stderr}`;
    const problems = parseRabbitProblems(rabbitText).value;
    const problem = (k: RabbitProblem['kind']) => problems.find((p) => p.kind === k);
    const rabbitUp = rabbit.state === 'running' ? !problem('node-down') : rabbitAnswered(rabbitText) && rabbit.output.exitCode === 0;
    const said = (p: RabbitProblem | undefined): Evidence[] => (p ? [excerpt(rabbit.output, [p.line])] : []);
    const running = rabbitUp ? say.msg('stillRuns') : '';

    // 2. the clock
    const epoch = Number(clock.stdout.trim());
    const date = Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000).toISOString().slice(0, 10) : '?';
    if (Number.isFinite(epoch) && epoch > 0 && epoch * 1000 < EARLIEST_CLOCK) {
      causes.push({ severity: 'fail', message: say.msg('clockEarly', { date }), evidence: [excerpt(clock, [1])], steps: ['check-rabbitmq', 'check-clock', 'fix-clock'] });
    }

    // 3. the cookie and the root filesystem
    const rootEntry = readProblem(root) ? undefined : parseDf(root.stdout).value.entries[0];
    const rootFull = rootEntry?.usePercent !== undefined && (rootEntry.usePercent >= ROOT_FULL_PERCENT || (rootEntry.availBytes ?? Infinity) < ROOT_MIN_FREE);
    const c = cookie.byPath.get(ERLANG_COOKIE);
    const cookieSteps: LoginStep[] = [...(rootFull ? ['check-root-fs' as const] : []), 'remove-erlang-cookie', 'start-rabbitmq'];
    if (rootFull) {
      causes.push({
        severity: 'fail',
        message: say.msg('rootFull', { use: rootEntry!.usePercent!, avail: Math.floor((rootEntry!.availBytes ?? 0) / 1024 ** 2) }),
        evidence: [excerpt(root, [1, rootEntry!.line])],
        steps: ['check-root-fs'],
      });
    }
    if (c && c.size === 0) {
      causes.push({ severity: 'fail', message: say.msg('cookieEmpty', { file: ERLANG_COOKIE, size: c.size }), evidence: [excerpt(cookie.output, [c.span]), ...said(problem('cookie-too-short'))], steps: cookieSteps });
    } else if (c && (c.user !== 'rabbitmq' || !/^[46]00$/.test(c.perms))) {
      causes.push({
        severity: rabbitUp ? 'warn' : 'fail',
        message: say.msg('cookieAccess', { file: ERLANG_COOKIE, owner: ownerMsg(c), mode: c.perms }),
        evidence: [excerpt(cookie.output, [c.span]), ...said(problem('cookie-access'))],
        steps: cookieSteps,
      });
    } else if (problem('cookie-too-short')) {
      causes.push({ severity: 'fail', message: say.msg('cookieSays', { file: ERLANG_COOKIE }), evidence: said(problem('cookie-too-short')), steps: cookieSteps });
    }

    // 4. the cloud user's permissions (only a running broker can be asked)
    if (rabbitUp) {
      const perms = await ctx.run(PERMISSIONS);
      if (!readProblem(perms)) {
        const rows = parseRabbitPermissions(perms.stdout).value;
        const cloud = rows.find((r) => r.user === 'cloud' && r.vhost === '/') ?? rows.find((r) => r.user === 'cloud');
        if (!cloud) causes.push({ severity: 'fail', message: say.msg('cloudMissing'), evidence: [excerpt(perms, [{ first: 1, last: 4 }])], steps: ['check-cloud-permissions', 'reinit-rabbitmq-users'] });
        else if ([cloud.configure, cloud.write, cloud.read].some((p) => p !== '.*')) {
          causes.push({
            severity: 'fail',
            message: say.msg('cloudPermissions', { vhost: cloud.vhost, configure: cloud.configure, write: cloud.write, read: cloud.read }),
            evidence: [excerpt(perms, [cloud.span])],
            steps: ['check-cloud-permissions', 'reinit-rabbitmq-users'],
          });
        }
      }
    }

    // 5. the log directory
    const dir = logDir.byPath.get(RABBIT_LOG_DIR);
    const logSteps: LoginStep[] = ['fix-rabbitmq-log-dir', 'start-rabbitmq'];
    if (!logDir.problem && !dir) {
      causes.push({ severity: rabbitUp ? 'warn' : 'fail', message: say.msg('logDirMissing', { dir: RABBIT_LOG_DIR, running }), evidence: [...said(problem('log-permission'))], steps: logSteps });
    } else if (dir && dir.user !== 'rabbitmq') {
      causes.push({
        severity: rabbitUp ? 'warn' : 'fail',
        message: say.msg('logDirOwner', { dir: RABBIT_LOG_DIR, owner: ownerMsg(dir), running }),
        evidence: [excerpt(logDir.output, [dir.span]), ...said(problem('log-permission'))],
        steps: logSteps,
      });
    } else if (problem('log-permission')) {
      causes.push({ severity: 'fail', message: say.msg('logDirSays', { dir: RABBIT_LOG_DIR }), evidence: said(problem('log-permission')), steps: logSteps });
    }

    // 6. the ports
    const blocked = firewall.rules ? RABBIT_PORTS.map((p) => ({ port: p, verdict: blockingRule(firewall.rules!, p) })).filter((b) => b.verdict) : [];
    if (blocked.length) {
      const v = blocked[0]!.verdict as PortVerdict;
      const rule = v.rule ? v.rule.text : say.msg('policyDrops', { policy: v.policy!, chain: v.chain });
      causes.push({
        severity: rabbitUp ? 'warn' : 'fail',
        message: say.msg('portsBlocked', { action: say.msg(v.target === 'REJECT' ? 'rejects' : 'drops'), ports: list(blocked.map((b) => b.port)), rule, running }),
        evidence: [excerpt(firewall.output, [...new Set(blocked.map((b) => b.verdict!.rule?.span.first).filter((n): n is number => n !== undefined))]), ...said(problem('distribution-timeout'))],
        steps: ['check-iptables-ports', 'open-rabbitmq-ports', 'start-rabbitmq'],
      });
    }

    // 7. the broker down for no cause seen
    const rabbitCauses = causes.filter((x) => !x.steps.includes('restart-tomcat'));
    if (!rabbitUp && rabbitCauses.length === 0) {
      const line = problems[0]?.text;
      causes.push({
        severity: 'fail',
        message: say.msg('rabbitDown', { state: stateMsg(rabbit.state), says: line ? say.msg('says', { line: line.length > 160 ? `${line.slice(0, 160)}…` : line }) : '' }),
        evidence: [serviceEvidence(rabbit, problems.slice(0, 3).map((p) => p.line))],
        steps: ['check-rabbitmq', 'start-rabbitmq'],
      });
    }

    const data = {
      tomcat: { state: tomcat.state, pid: java?.pid ?? tomcat.status.mainPid ?? null },
      rabbitmq: { state: rabbit.state, running: rabbitUp, problems: problems.map((p) => p.kind) },
      cookie: c ? { size: c.size, owner: c.user, mode: c.perms } : null,
      logDir: dir ? { owner: dir.user, mode: dir.perms } : null,
      blockedPorts: blocked.map((b) => b.port),
      clock: date, rootUsePercent: rootEntry?.usePercent ?? null,
      causes: causes.map((x) => x.message.id),
    };
    if (causes.length) return causesResult(say, causes, data);
    const pid = java?.pid ?? tomcat.status.mainPid;
    return say.ok('ok', { tomcatPid: pid !== undefined ? say.msg('pid', { pid }) : '', date, use: rootEntry?.usePercent ?? '?' }, { data });
  },
});

function isTomcat(p: PsRow): boolean {
  return /\bjava\b/.test(p.args ?? '') && /catalina|tomcat8?/i.test(p.args ?? '');
}

