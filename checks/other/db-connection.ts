/**
 * Guide 3.8.2 — the web UI does not open, its log says the database cannot
 * be reached.
 *
 * Runs: `service mysql status` (then `service mariadb status` when the host
 * has no mysql service); `stat` of /var/lib/mysql, /var/lib/mysql-share (the
 * data directory of a two-node VMS) and /var/log/mariadb; `id mysql`;
 * `ls -lnA` of each of them and of the data directory's subdirectories (the
 * schemas, at most 24); `df -P` of each (a probe: mysql-share may sit on
 * shared storage); the bounded tail of the error log (the first that exists
 * of /var/log/mariadb/mariadb.log, /var/log/mysql/error.log, /var/log/mysql.err,
 * /var/log/mysqld.log).
 * Decides: files or directories not owned by the mysql user fail when the
 * database is down (they keep it from starting) and warn while it runs (the
 * next restart fails); a full filesystem (100 %, or under 64 MiB free) fails,
 * 95 % warns; a database that is down for no reason usdiag can see fails
 * with the error log's lines (power loss: for technical support).
 * Debian's own root-owned files (debian-*.flag, mysql_upgrade_info) and
 * lost+found are not ownership faults.
 * Recommends: the guide's chown of the directory that is wrong, start the
 * database; support for power-loss damage and a full disk.
 */
import { defineCheck } from '../../src/engine/define-check.js';
import { excerpt, readProblem } from '../../src/engine/outputs.js';
import type { CheckContext, CommandOutput, Evidence } from '../../src/engine/types.js';
import { list } from '../../src/i18n/message.js';
import { parseDf } from '../../src/parsers/df.js';
import { parseIdUser, parseLsListing, type LsLongEntry } from '../../src/parsers/ls-long.js';
import { type Command, cmd } from '../../src/transport/command.js';
import { readLog } from '../shared/logs.js';
import { type Cause, causesResult, ownerMsg, readOwners, readService, type ServiceRead, serviceEvidence, serviceStatus, statOwners } from '../shared/platform.js';

export const DATA_DIR = '/var/lib/mysql';
export const SHARED_DATA_DIR = '/var/lib/mysql-share';
export const LOG_DIR = '/var/log/mariadb';
const ERROR_LOGS = ['/var/log/mariadb/mariadb.log', '/var/log/mysql/error.log', '/var/log/mysql.err', '/var/log/mysqld.log'];
const ERROR_PATTERN = String.raw`\[ERROR\]|InnoDB: (Database page corruption|Operating system error|Unable to lock|Cannot open|Error)|Can't create/write|Errcode: 13|Permission denied|No space left|Disk (is )?full|marked as crashed|mysqld_safe .* ended|crash recovery`;
const MAX_SCHEMAS = 24;
const FILES_NAMED = 5;
const FULL_PERCENT = 100;
const NEARLY_FULL_PERCENT = 95;
const MIN_FREE_BYTES = 64 * 1024 ** 2;
/** Files a Debian/Ubuntu package leaves owned by root on purpose. */
const ROOT_OWNED_OK = /^(?:debian-[\d.]+\.flag|mysql_upgrade_info|lost\+found)$/;

export const MYSQL_ID = { argv: ['id', 'mysql'], okExit: [0, 1] } as const satisfies Command;
const listDir = (dir: string): Command => cmd('ls', '-lnA', '--', dir);
const dfOf = (dir: string): Command => ({ argv: ['df', '-P', '--', dir], kind: 'probe', probes: dir });

const messages = {
  ok: {
    en: '{service} runs; {dirs} and their files belong to mysql ({owner}); {space}.',
    zh: '{service} 正在运行；{dirs} 及其中文件的属主均为 mysql（{owner}）；{space}。',
  },
  space: { en: '{mount} {use}% used', zh: '{mount} 已用 {use}%' },
  wrongOwner: {
    en: '{count} entr(ies) of {dir} are not owned by mysql ({mysql}), e.g. {files}{state}. Give the directory back to mysql.',
    zh: '{dir} 中有 {count} 个条目的属主不是 mysql（{mysql}），例如 {files}{state}。请把该目录的属主改回 mysql。',
  },
  wrongOwnerDir: {
    en: '{dir} itself is owned by {owner}, not mysql ({mysql}){state}. Give it back to mysql.',
    zh: '{dir} 目录本身的属主是 {owner}，不是 mysql（{mysql}）{state}。请把属主改回 mysql。',
  },
  fileOwner: { en: '{name} ({owner})', zh: '{name}（{owner}）' },
  whileDown: { en: ', and the database does not run', zh: '，且数据库没有运行' },
  whileUp: { en: '; the database runs now but will not start again like this', zh: '；数据库目前在运行，但这样下次无法启动' },
  full: {
    en: 'The filesystem of {dir} ({mount}) is full: {use}% used, {avail} MiB free; creating tables fails (guide 3.8.2: technical support).',
    zh: '{dir} 所在文件系统（{mount}）已满：已用 {use}%，剩余 {avail} MiB；建表会失败（指南 3.8.2：请联系技术支持）。',
  },
  nearlyFull: {
    en: 'The filesystem of {dir} ({mount}) is {use}% used, {avail} MiB free.',
    zh: '{dir} 所在文件系统（{mount}）已用 {use}%，剩余 {avail} MiB。',
  },
  dbDown: {
    en: '{service} does not run ({state}) and nothing usdiag can see explains it{log}: after a power loss this is for technical support (guide 3.8.2).',
    zh: '{service} 没有运行（{state}），usdiag 未发现原因{log}：断电导致的情况请联系技术支持（指南 3.8.2）。',
  },
  errorLog: { en: '; {file}: {line}', zh: '；{file}：{line}' },
  noMysqlUser: { en: 'the host has no mysql user', zh: '主机上没有 mysql 用户' },
  noDatabase: { en: 'No MySQL/MariaDB service and no data directory on this host.', zh: '此主机上没有 MySQL/MariaDB 服务，也没有数据目录。' },
  serviceUnread: { en: 'The database service state could not be read: {why}', zh: '无法读取数据库服务状态：{why}' },
  ownersUnread: { en: 'The owners of the database directories could not be read: {why}', zh: '无法读取数据库目录的属主：{why}' },
  stopped: { en: 'stopped', zh: '已停止' },
  failed: { en: 'failed', zh: '启动失败' },
} as const;

type DbStep = 'check-db-service' | 'check-db-ownership' | 'fix-db-ownership' | 'start-db-service' | 'check-db-space' | 'contact-support';

export const check = defineCheck({
  id: 'db-connection',
  needs: [serviceStatus('mysql'), MYSQL_ID, statOwners(DATA_DIR, SHARED_DATA_DIR, LOG_DIR)],
  messages,
  async run(ctx, say) {
    const svc = await databaseService(ctx);
    const owners = await readOwners(ctx, DATA_DIR, SHARED_DATA_DIR, LOG_DIR);
    if (svc.problem) return say.unknown('serviceUnread', { why: svc.problem });
    if (owners.problem) return say.unknown('ownersUnread', { why: owners.problem });
    const dirs = [SHARED_DATA_DIR, DATA_DIR, LOG_DIR].filter((d) => owners.byPath.has(d));
    if (svc.state === 'missing' && dirs.length === 0) return say.notApplicable('noDatabase');
    const down = svc.state !== 'running' && svc.state !== 'starting' && svc.state !== 'exited';
    const dataDir = owners.byPath.has(SHARED_DATA_DIR) ? SHARED_DATA_DIR : DATA_DIR;

    const idOut = await ctx.run(MYSQL_ID);
    const mysql = idOut.exitCode === 0 ? parseIdUser(idOut.stdout).value : undefined;
    const causes: Cause<DbStep>[] = [];
    const state = say.msg(down ? 'whileDown' : 'whileUp');
    const mysqlLabel = mysql ? `${mysql.uid}:${mysql.gid}` : say.msg('noMysqlUser');
    const wrongDirs: string[] = [];
    const ownership: { dir: string; wrong: number; first: string[] }[] = [];
    for (const dir of dirs) {
      const o = owners.byPath.get(dir)!;
      const dirWrong = !mysql || o.uid !== mysql.uid;
      const listing = await listTree(ctx, dir, dir === dataDir);
      const wrong = listing.entries.filter((e) => !ownedBy(e.entry, mysql));
      ownership.push({ dir, wrong: wrong.length + (dirWrong ? 1 : 0), first: wrong.slice(0, FILES_NAMED).map((w) => w.path) });
      if (!dirWrong && wrong.length === 0) continue;
      wrongDirs.push(dir);
      const ev: Evidence[] = [excerpt(owners.output, [o.span])];
      for (const [out, spans] of groupByOutput(wrong.slice(0, FILES_NAMED * 2))) ev.push(excerpt(out, spans));
      const message = wrong.length
        ? say.msg('wrongOwner', {
          count: wrong.length, dir, mysql: mysqlLabel, state,
          files: list(wrong.slice(0, FILES_NAMED).map((w) => say.msg('fileOwner', { name: w.path, owner: `${w.entry.owner}:${w.entry.group}` }))),
        })
        : say.msg('wrongOwnerDir', { dir, owner: ownerMsg(o), mysql: mysqlLabel, state });
      causes.push({ severity: down ? 'fail' : 'warn', message, evidence: [...ev, excerpt(idOut, [1])], steps: ['check-db-ownership', 'fix-db-ownership', 'start-db-service'] });
    }
    if (wrongDirs.length) {
      // one chown per wrong directory, in the guide's words
      for (const c of causes) Object.assign(c, { vars: { dir: wrongDirs.join(' ') } });
    }

    const space = await spaceOf(ctx, [dataDir, LOG_DIR].filter((d) => owners.byPath.has(d)));
    for (const s of space) {
      if (s.full) causes.push({ severity: 'fail', message: say.msg('full', s.values), evidence: [s.evidence], steps: ['check-db-space', 'contact-support'] });
      else if (s.nearlyFull) causes.push({ severity: 'warn', message: say.msg('nearlyFull', s.values), evidence: [s.evidence], steps: ['check-db-space'] });
    }

    const log = await readLog(ctx, ERROR_LOGS, ERROR_PATTERN, { maxLines: 40 });
    const logEv = log.output && log.matches.length ? [excerpt(log.output, log.matches.slice(-5).map((m) => m.line))] : [];
    if (down && causes.length === 0) {
      const last = log.matches.at(-1);
      causes.push({
        severity: 'fail',
        message: say.msg('dbDown', { service: svc.name, state: say.msg(svc.state === 'failed' ? 'failed' : 'stopped'), log: last ? say.msg('errorLog', { file: log.file!, line: last.message }) : '' }),
        evidence: [serviceEvidence(svc), ...logEv],
        steps: ['check-db-service', 'contact-support'],
      });
    } else if (causes.length) {
      causes[0] = { ...causes[0]!, evidence: [serviceEvidence(svc), ...causes[0]!.evidence, ...logEv] };
    }
    const data = {
      service: svc.name, state: svc.state, dataDir, dirs, mysqlUser: mysql ?? null, ownership,
      space: space.map((s) => ({ dir: s.values.dir, mount: s.values.mount, usePercent: s.values.use, availMiB: s.values.avail })),
      errorLog: log.file, errorLines: log.matches.map((m) => m.raw),
    };
    if (causes.length) return causesResult(say, causes, data);
    const spaceMsg = list(space.map((s) => say.msg('space', { mount: s.values.mount, use: s.values.use })));
    return say.ok('ok', { service: svc.name, dirs: list(dirs), owner: mysqlLabel, space: spaceMsg }, { data });
  },
});

/** mysql, else mariadb (the service is named after the package). */
async function databaseService(ctx: CheckContext): Promise<ServiceRead> {
  const mysql = await readService(ctx, 'mysql');
  if (mysql.state !== 'missing') return mysql;
  const mariadb = await readService(ctx, 'mariadb');
  return mariadb.state === 'missing' ? mysql : mariadb;
}

function ownedBy(e: LsLongEntry, mysql: { uid: number } | undefined): boolean {
  if (ROOT_OWNED_OK.test(e.name)) return true;
  return mysql !== undefined && e.owner === String(mysql.uid);
}

interface Listed {
  readonly path: string;
  readonly entry: LsLongEntry;
  readonly output: CommandOutput;
}

/** The directory's entries, and for the data directory those of each schema directory too. */
async function listTree(ctx: CheckContext, dir: string, withSchemas: boolean): Promise<{ entries: Listed[] }> {
  const read = async (d: string): Promise<Listed[]> => {
    const out = await ctx.run(listDir(d));
    if (readProblem(out)) return [];
    return parseLsListing(out.stdout).value.map((entry) => ({ path: d === dir ? entry.name : `${d.slice(dir.length + 1)}/${entry.name}`, entry, output: out }));
  };
  const top = await read(dir);
  if (!withSchemas) return { entries: top };
  const schemas = top.filter((e) => e.entry.type === 'dir').slice(0, MAX_SCHEMAS);
  const inner = await Promise.all(schemas.map((s) => read(`${dir}/${s.entry.name}`)));
  return { entries: [...top, ...inner.flat()] };
}

function groupByOutput(items: readonly Listed[]): Map<CommandOutput, number[]> {
  const out = new Map<CommandOutput, number[]>();
  for (const i of items) out.set(i.output, [...(out.get(i.output) ?? []), i.entry.span.first]);
  return out;
}

interface Space {
  readonly full: boolean;
  readonly nearlyFull: boolean;
  readonly values: { dir: string; mount: string; use: number; avail: number };
  readonly evidence: Evidence;
}

/** Usage of the filesystem of each directory, each filesystem once. */
async function spaceOf(ctx: CheckContext, dirs: readonly string[]): Promise<Space[]> {
  const out: Space[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    const df = await ctx.run(dfOf(dir));
    if (readProblem(df)) continue;
    const entry = parseDf(df.stdout).value.entries[0];
    if (!entry || seen.has(entry.mountPoint) || entry.usePercent === undefined) continue;
    seen.add(entry.mountPoint);
    const avail = entry.availBytes ?? Infinity;
    out.push({
      full: entry.usePercent >= FULL_PERCENT || avail < MIN_FREE_BYTES,
      nearlyFull: entry.usePercent >= NEARLY_FULL_PERCENT,
      values: { dir, mount: entry.mountPoint, use: entry.usePercent, avail: Number.isFinite(avail) ? Math.floor(avail / 1024 ** 2) : 0 },
      evidence: excerpt(df, [1, entry.line]),
    });
  }
  return out;
}

