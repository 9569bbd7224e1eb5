/**
 * Guide 3.8.6 — enabling HA fails after the VMS clock was moved back
 * ("HA process did not respond in time").
 *
 * Runs: `date +%s` on the VMS, compared with the workstation's clock at the
 * middle of the command's round trip (its `startedAt` and `durationMs`); the
 * HA logs (bounded tail, each usual place that exists) for "SSL connection
 * error: protocol version mismatch"; the MySQL option files the server reads:
 * /etc/mysql/mysql.conf.d/mysql.cnf (the guide's file), /etc/mysql/my.cnf and
 * the files it includes (`!include`, `!includedir`, at most 20).
 * Decides: the host clock 10 days or more behind the workstation's fails (the
 * guide's trigger); more than a minute apart (beyond the round trip) warns;
 * the SSL error in an HA log fails when skip_ssl is missing, warns when it is
 * there (written, but the database was not restarted since); skip_ssl
 * missing alone is not a fault (the guide adds it only to recover).
 * Recommends: set the clock first, then add skip_ssl and enable HA again.
 */
import { defineCheck } from '../../src/engine/define-check.js';
import { evidence, excerpt, readProblem } from '../../src/engine/outputs.js';
import type { CheckContext, CommandOutput } from '../../src/engine/types.js';
import { list, type Msg } from '../../src/i18n/message.js';
import { type CnfOption, parseMyCnf, skipsSsl } from '../../src/parsers/mysql-cnf.js';
import { parseLsNames } from '../../src/parsers/sysfs-storage.js';
import { cmd } from '../../src/transport/command.js';
import { HOST_EPOCH, readLog } from '../shared/logs.js';
import { type Cause, causesResult, duration } from '../shared/platform.js';

/** The guide: moved back more than 10 days. */
const FAIL_BEHIND_S = 10 * 86400;
/** Beyond this (after the round trip), the clocks disagree. */
const WARN_APART_S = 60;
export const GUIDE_CNF = '/etc/mysql/mysql.conf.d/mysql.cnf';
const MY_CNF = '/etc/mysql/my.cnf';
const MAX_INCLUDED = 20;
/** Where the HA service of the platform logs (CAS-style log directory first). */
export const HA_LOGS = ['/var/log/caslog/cas_ha.log', '/var/log/caslog/ha.log', '/var/log/cas_ha/cas_ha.log', '/var/log/ha/ha.log'] as const;
export const SSL_ERROR = 'SSL connection error: protocol version mismatch';

const messages = {
  ok: {
    en: 'The VMS clock agrees with the workstation\'s ({offset} apart, ±{uncertainty}); no "SSL connection error" in {logs}; {skip}.',
    zh: 'VMS 时间与本地工作站一致（相差 {offset}，误差 ±{uncertainty}）；{logs} 中没有 "SSL connection error"；{skip}。',
  },
  skipPresent: { en: 'skip_ssl is set in {file}', zh: '{file} 中已配置 skip_ssl' },
  skipAbsent: { en: 'skip_ssl is not set (not needed while HA starts)', zh: '未配置 skip_ssl（HA 能正常启动时不需要）' },
  noHaLog: { en: 'no HA log found ({places})', zh: '未找到 HA 日志（{places}）' },
  clockBehind: {
    en: 'The VMS clock is {behind} behind the workstation\'s ({hostTime} on the host): moved back 10 days or more, HA cannot start (guide 3.8.6). Set it to the current time.',
    zh: 'VMS 时间比本地工作站慢 {behind}（主机时间 {hostTime}）：向过去调整超过 10 天，HA 无法启动（指南 3.8.6）。请把时间改为当前时间。',
  },
  clockOff: {
    en: 'The VMS clock is {offset} {direction} the workstation\'s ({hostTime} on the host).',
    zh: 'VMS 时间{direction}本地工作站 {offset}（主机时间 {hostTime}）。',
  },
  behind: { en: 'behind', zh: '慢于' },
  ahead: { en: 'ahead of', zh: '快于' },
  sslError: {
    en: '{file} logs "SSL connection error: protocol version mismatch" ({count} time(s), last {when}) and skip_ssl is not set in the MySQL configuration: the HA process cannot reach the database. Add skip_ssl to {cnf}.',
    zh: '{file} 中记录了 "SSL connection error: protocol version mismatch"（{count} 次，最近一次 {when}），且 MySQL 配置中没有 skip_ssl：HA 进程无法连接数据库。请在 {cnf} 中增加 skip_ssl。',
  },
  sslErrorDespiteSkip: {
    en: '{file} logs "SSL connection error: protocol version mismatch" ({count} time(s), last {when}) although skip_ssl is set in {cnf}: the database has not read it yet (restart it) or reads another file.',
    zh: '{file} 中记录了 "SSL connection error: protocol version mismatch"（{count} 次，最近一次 {when}），但 {cnf} 中已配置 skip_ssl：数据库尚未读取该配置（需重启）或读取的是其他文件。',
  },
  undated: { en: 'undated', zh: '无时间' },
  clockUnread: { en: 'The clock of the VMS could not be read: {why}', zh: '无法读取 VMS 的时间：{why}' },
  hostClock: { en: 'host clock {epoch}, workstation {local}, round trip {rtt} ms', zh: '主机时间 {epoch}，工作站 {local}，往返 {rtt} 毫秒' },
} as const;

interface Cnf {
  readonly file: string;
  readonly output: CommandOutput;
  readonly options: readonly CnfOption[];
}

export const check = defineCheck({
  id: 'ha-time-skew',
  needs: [HOST_EPOCH, cmd('cat', GUIDE_CNF), cmd('cat', MY_CNF)],
  messages,
  async run(ctx, say) {
    const clockOut = await ctx.run(HOST_EPOCH);
    const clockProblem = readProblem(clockOut);
    const hostEpoch = Number(clockOut.stdout.trim());
    if (clockProblem || !Number.isFinite(hostEpoch) || hostEpoch <= 0) {
      return say.unknown('clockUnread', { why: clockProblem ?? clockOut.stdout.trim() });
    }
    const rttMs = clockOut.durationMs;
    const localMid = Date.parse(clockOut.startedAt) + rttMs / 2;
    const skewS = hostEpoch - localMid / 1000;
    const uncertaintyS = rttMs / 2000 + 1;
    const hostTime = new Date(hostEpoch * 1000).toISOString().replace('.000Z', 'Z');
    const clockEv = evidence(clockOut, clockOut.stdout.trim(), say.msg('hostClock', { epoch: hostTime, local: new Date(localMid).toISOString(), rtt: rttMs }));

    const [cnfs, haLogs] = await Promise.all([readCnfs(ctx), Promise.all(HA_LOGS.map((f) => readLog(ctx, [f], SSL_ERROR, { maxLines: 50 })))]);
    const skip = cnfs.flatMap((c) => c.options.filter(skipsSsl).map((o) => ({ c, o })))[0];
    const readLogs = haLogs.filter((l) => l.output && l.output.read.kind !== 'absent');
    const errors = readLogs.filter((l) => l.matches.length);

    const causes: Cause<'compare-clock' | 'fix-clock' | 'check-skip-ssl' | 'add-skip-ssl'>[] = [];
    const apart = Math.abs(skewS) - uncertaintyS;
    if (-skewS >= FAIL_BEHIND_S) {
      causes.push({ severity: 'fail', message: say.msg('clockBehind', { behind: duration(skewS), hostTime }), evidence: [clockEv], steps: ['compare-clock', 'fix-clock'] });
    } else if (apart > WARN_APART_S) {
      causes.push({
        severity: 'warn',
        message: say.msg('clockOff', { offset: duration(skewS), direction: say.msg(skewS < 0 ? 'behind' : 'ahead'), hostTime }),
        evidence: [clockEv],
        steps: ['compare-clock', 'fix-clock'],
      });
    }
    for (const l of errors) {
      const last = l.matches.at(-1)!;
      const values = { file: l.file!, count: l.matches.length, when: last.stamp ?? /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/.exec(last.raw)?.[0] ?? say.msg('undated'), cnf: skip ? skip.c.file : GUIDE_CNF };
      const ev = excerpt(l.output!, l.matches.slice(-3).map((m) => m.line));
      if (skip) causes.push({ severity: 'warn', message: say.msg('sslErrorDespiteSkip', values), evidence: [ev, excerpt(skip.c.output, [skip.o.span])], steps: ['check-skip-ssl'] });
      else causes.push({ severity: 'fail', message: say.msg('sslError', values), evidence: [ev], steps: ['check-skip-ssl', 'add-skip-ssl'] });
    }
    const data = {
      hostEpoch, skewSeconds: Math.round(skewS), roundTripMs: rttMs,
      haLogsRead: readLogs.map((l) => l.file), sslErrors: errors.map((l) => ({ file: l.file, count: l.matches.length })),
      cnfRead: cnfs.map((c) => c.file), skipSsl: skip ? { file: skip.c.file, line: skip.o.span.first } : null,
    };
    if (causes.length) return causesResult(say, causes, data);

    const logs: Msg | ReturnType<typeof list> = readLogs.length ? list(readLogs.map((l) => l.file!)) : say.msg('noHaLog', { places: list([...HA_LOGS]) });
    const skipMsg = skip ? say.msg('skipPresent', { file: skip.c.file }) : say.msg('skipAbsent');
    return say.ok('ok', { offset: duration(skewS), uncertainty: duration(uncertaintyS), logs, skip: skipMsg }, { evidence: [clockEv], data });
  },
});

/** The guide's file, my.cnf, and what my.cnf includes (one level of includes, at most MAX_INCLUDED files). */
async function readCnfs(ctx: CheckContext): Promise<Cnf[]> {
  const read = async (file: string): Promise<Cnf | undefined> => {
    const output = await ctx.run(cmd('cat', file));
    if (readProblem(output)) return undefined;
    return { file, output, options: parseMyCnf(output.stdout).value.options };
  };
  const top = (await Promise.all([read(GUIDE_CNF), read(MY_CNF)])).filter((c): c is Cnf => c !== undefined);
  const main = top.find((c) => c.file === MY_CNF);
  const included: string[] = [];
  for (const inc of main ? parseMyCnf(main.output.stdout).value.includes : []) {
    if (inc.kind === 'file') included.push(inc.path);
    else {
      // a listing the verdict does not rest on: an include directory that cannot be listed reads as empty
      const ls = await ctx.run(cmd('ls', inc.path), { optional: true });
      if (!readProblem(ls)) included.push(...parseLsNames(ls.stdout).value.filter((n) => n.endsWith('.cnf')).sort().map((n) => `${inc.path.replace(/\/$/, '')}/${n}`));
    }
  }
  const more = await Promise.all([...new Set(included)].filter((f) => !top.some((t) => t.file === f)).slice(0, MAX_INCLUDED).map(read));
  return [...top, ...more.filter((c): c is Cnf => c !== undefined)];
}

