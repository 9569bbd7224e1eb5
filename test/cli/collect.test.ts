/**
 * `usdiag collect` end to end: the real CLI over SSH against simulated hosts
 * (every received command checked by the independent denylist), the archive
 * read back entry by entry, then replayed with `scan --from ARCHIVE`.
 */
import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { INCIDENT_LOGS } from '../../src/capture/incident-logs.js';
import type { Manifest } from '../../src/cli/collect.js';
import { clearSecretsForTest } from '../../src/redact/secrets.js';
import { reportSchema } from '../../src/report/schema.js';
import { startSimCluster } from '../../src/sim/index.js';
import type { SimCluster } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { violations } from '../support/denylist.js';
import { hostDir } from '../support/fixture-run.js';
import { type ProfileEntry, tempDir, writeProfile } from '../support/sim.js';

const SECRET = 'Xy7-incident-Secret-42';
const FENCE_LINE = 'Jun  7 10:37:52 cvknode21 kernel: o2hb: heartbeat write timeout to device dm-3 after 60000 milliseconds';

/** What a host printed for each log tail: syslog has the fence, messages is absent, the fence log is unreadable. */
function logEntries(): ProfileEntry[] {
  return INCIDENT_LOGS.map((l): ProfileEntry => {
    const command = `tail -c ${l.bound} -- ${l.path}`;
    if (l.path === '/var/log/syslog') {
      return { command, stdout: `${FENCE_LINE}\nJun  7 10:38:00 cvknode21 sshd[811]: operator typed ${SECRET} at the login prompt\nJun  7 10:38:01 cvknode21 app: db.password=hunter2hunter2\n` };
    }
    if (l.path === '/var/log/ocfs2_fence_restart.log') {
      return { command, stderr: `tail: cannot open '${l.path}' for reading: Permission denied\n`, meta: { exit: 1 } };
    }
    return { command, stderr: `tail: cannot open '${l.path}' for reading: No such file or directory\n`, meta: { exit: 1 } };
  });
}

/** Every entry of a gzip tar: path, type and (for files) content. */
async function readArchive(file: string): Promise<{ path: string; type: string; body: Buffer }[]> {
  const out: { path: string; type: string; body: Buffer }[] = [];
  await tar.t({
    file,
    onReadEntry: (e) => {
      const chunks: Buffer[] = [];
      e.on('data', (c: Buffer) => chunks.push(c));
      e.on('end', () => out.push({ path: e.path, type: e.type, body: Buffer.concat(chunks) }));
    },
  });
  return out;
}

const verdicts = (results: readonly { host: string; check: string; status: string; summary: string }[]) =>
  results.map((r) => `${r.host} ${r.check} ${r.status} ${r.summary}`).sort();

describe('usdiag collect', () => {
  let cluster: SimCluster;
  let tmp: ReturnType<typeof tempDir>;
  let archive: string;
  let run: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    tmp = tempDir('usdiag-collect-test-');
    const profile = writeProfile(join(tmp.dir, 'cvknode21'), { name: 'cvknode21', roles: ['vks'] }, logEntries());
    // inherit every command of the healthy VKS; only the log tails differ
    writeFileSync(join(profile, 'host.yaml'), `name: cvknode21\naddress: 127.0.0.1\nroles: [vks]\nextends: ${hostDir('vks-healthy')}\n`);
    cluster = await startSimCluster([{ profileDir: profile }, { profileDir: hostDir('vms-healthy') }]);
    archive = join(tmp.dir, 'incident.tar.gz');
    clearSecretsForTest();
    run = await runCli(['collect', '--inventory', cluster.inventoryPath, '-o', archive, '--password-env', 'SIM_PW', '--sample-seconds', '1'], { env: { SIM_PW: SECRET } });
  }, 180_000);

  afterAll(async () => {
    await cluster?.close();
    tmp?.cleanup();
    clearSecretsForTest();
  });

  it('sends only read-only commands, the log tails as tail -c BOUND -- FILE', () => {
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^usdiag: wrote .*incident\.tar\.gz \(\d+ bytes, \d+ files\): 2 host\(s\), log tails read 1, absent \d+, not read \d+\n$/);
    const recorded = cluster.recorded();
    expect(violations(recorded.map((r) => r.wire))).toEqual([]);
    const tails = recorded.filter((r) => r.host === 'cvknode21' && r.key?.startsWith('tail -c ') && r.key.includes(' -- /var/log/')).map((r) => r.key);
    expect(tails).toEqual(expect.arrayContaining(INCIDENT_LOGS.map((l) => `tail -c ${l.bound} -- ${l.path}`)));
    expect(recorded.every((r) => !/\btail\b.*(-f|-F|--follow)/.test(r.wire))).toBe(true);
  });

  it('writes one valid archive: capture, reports, log tails and a manifest with sizes and sha256', async () => {
    const entries = await readArchive(archive);
    const root = entries[0]!.path.split('/')[0]!;
    expect(root).toMatch(/^usdiag-incident-\d{8}T\d{6}Z$/);
    expect(entries.every((e) => e.path.startsWith(`${root}/`) && e.type === 'File')).toBe(true);
    const byPath = new Map(entries.map((e) => [e.path.slice(root.length + 1), e.body]));
    for (const f of ['manifest.json', 'report.json', 'report.txt', 'report.html', 'capture/cvknode21/host.yaml', 'capture/cvmnode01/host.yaml', 'logs/cvknode21/var/log/syslog']) {
      expect(byPath.has(f), f).toBe(true);
    }
    expect([...byPath.keys()].some((p) => /^capture\/cvknode21\/commands\/[^/]+\/command$/.test(p))).toBe(true);
    const manifest = JSON.parse(byPath.get('manifest.json')!.toString()) as Manifest;
    expect(manifest).toMatchObject({ tool: 'usdiag', kind: 'incident-archive', formatVersion: 1, interrupted: false, root });
    expect(manifest.hosts.map((h) => h.name).sort()).toEqual(['cvknode21', 'cvmnode01']);
    // every file but the manifest is listed, with its true size and digest
    expect(manifest.files.map((f) => f.path).sort()).toEqual([...byPath.keys()].filter((p) => p !== 'manifest.json').sort());
    for (const f of manifest.files) {
      const body = byPath.get(f.path)!;
      expect({ path: f.path, size: body.length, sha256: createHash('sha256').update(body).digest('hex') }).toEqual(f);
    }
    const logOf = (host: string, path: string) => manifest.logs.find((l) => l.host === host && l.path === path);
    expect(logOf('cvknode21', '/var/log/syslog')).toMatchObject({ state: 'read', section: '3.5.4', file: 'logs/cvknode21/var/log/syslog', bound: 4 * 1024 * 1024 });
    expect(logOf('cvknode21', '/var/log/messages')).toMatchObject({ state: 'absent' });
    expect(logOf('cvknode21', '/var/log/ocfs2_fence_restart.log')).toMatchObject({ state: 'failed', reason: expect.stringContaining('Permission denied') });
    // the healthy VMS has no fixture for the tails: the simulated host says "no fixture" (exit 127), never "absent"
    expect(logOf('cvmnode01', '/var/log/syslog')).toMatchObject({ state: 'failed' });
    expect(manifest.omitted.map((o) => o.what)).toContain('whole log files');
    // the reports in the archive are the live scan's
    const report = reportSchema.parse(JSON.parse(byPath.get('report.json')!.toString()));
    expect(report.results.length).toBeGreaterThan(20);
    expect(byPath.get('report.html')!.toString()).toMatch(/^<!DOCTYPE html>/i);
  });

  it('redacts: the --password-env password appears nowhere in the archive, nor a password= value', async () => {
    const raw = gunzipSync(readFileSync(archive));
    expect(raw.includes(Buffer.from(SECRET))).toBe(false);
    expect(raw.includes(Buffer.from('hunter2hunter2'))).toBe(false);
    const entries = await readArchive(archive);
    const syslog = entries.find((e) => e.path.endsWith('/logs/cvknode21/var/log/syslog'))!.body.toString();
    expect(syslog).toContain(FENCE_LINE);
    expect(syslog).toContain('operator typed ****** at the login prompt');
    expect(syslog).toContain('db.password=******');
  });

  it('scan --from ARCHIVE replays it with the same results as the live scan, and leaves no temporary directory', async () => {
    const entries = await readArchive(archive);
    const live = reportSchema.parse(JSON.parse(entries.find((e) => e.path.endsWith('/report.json'))!.body.toString()));
    const replay = await runCli(['scan', '--from', archive, '--format', 'json']);
    expect(replay.stderr).toBe('');
    const replayed = reportSchema.parse(JSON.parse(replay.stdout));
    expect(verdicts(replayed.results)).toEqual(verdicts(live.results));
    expect(replayed.hosts.map((h) => h.name).sort()).toEqual(['cvknode21', 'cvmnode01']);
    expect(newArchiveDirs()).toEqual([]);
  });

  it('refuses to overwrite the archive without --force (exit 64, before connecting)', async () => {
    const before = readFileSync(archive);
    const r = await runCli(['collect', '--inventory', cluster.inventoryPath, '-o', archive]);
    expect(r.code).toBe(64);
    expect(r.stderr).toBe(`usdiag: ${archive} already exists; give --force to overwrite it\n`);
    expect(readFileSync(archive).equals(before)).toBe(true);
    expect((await runCli(['collect', '--inventory', cluster.inventoryPath, '-o', join(tmp.dir, 'x.zip')])).code).toBe(64);
    expect((await runCli(['collect', '--inventory', cluster.inventoryPath])).stderr).toContain('collect needs -o ARCHIVE.tar.gz');
  });

  it('collects one --host like scan, and --force overwrites an existing archive', async () => {
    const h = cluster.hosts.find((x) => x.name === 'cvknode21')!;
    const out = join(tmp.dir, 'one-host.tar.gz');
    writeFileSync(out, 'an older archive\n');
    const r = await runCli(['collect', '--host', `root@${h.address}:${h.port}`, '--identity', cluster.identityPath, '--known-hosts', cluster.knownHostsPath,
      '--role', 'vks', '-o', out, '--force', '--verbose', '--sample-seconds', '1']);
    expect(r.stdout).toMatch(/: 1 host\(s\), log tails read 1, /);
    expect(r.stderr).toContain(`tail -c ${4 * 1024 * 1024} -- /var/log/syslog  (ok, `);
    const entries = await readArchive(out);
    const manifest = JSON.parse(entries.find((e) => e.path.endsWith('/manifest.json'))!.body.toString()) as Manifest;
    expect(manifest.hosts).toEqual([{ name: `${h.address}:${h.port}`, address: h.address, roles: ['vks'] }]);
    expect(violations(cluster.recorded().map((c) => c.wire))).toEqual([]);
  });

  it('lists the logs of a host it could not reach as not-run, and says why in omitted', async () => {
    const inv = parseYaml(readFileSync(cluster.inventoryPath, 'utf8')) as { hosts: Record<string, unknown>[] };
    const h = cluster.hosts.find((x) => x.name === 'cvknode21')!;
    inv.hosts = [{ name: 'deadnode', address: '127.0.0.1', port: 1, role: 'vks' }, { name: h.name, address: h.address, port: h.port, role: 'vks' }];
    const invPath = join(tmp.dir, 'with-dead.yaml');
    writeFileSync(invPath, stringifyYaml(inv));
    const out = join(tmp.dir, 'with-dead.tar.gz');
    const r = await runCli(['collect', '--inventory', invPath, '-o', out, '--sample-seconds', '1', '--connect-timeout', '3']);
    expect(r.code).toBe(3);
    const entries = await readArchive(out);
    const manifest = JSON.parse(entries.find((e) => e.path.endsWith('/manifest.json'))!.body.toString()) as Manifest;
    const dead = manifest.logs.filter((l) => l.host === 'deadnode');
    expect(dead.length).toBe(INCIDENT_LOGS.length);
    expect(dead.every((l) => l.state === 'not-run' && l.reason === 'the host could not be reached')).toBe(true);
    expect(manifest.omitted).toContainEqual({ what: 'the logs of deadnode', why: 'the host could not be reached' });
    expect(manifest.hosts.find((x) => x.name === 'deadnode')!.error).toBeTruthy();
    // the capture says so too: the replay reports the host unreachable, like the live scan did
    const replay = reportSchema.parse(JSON.parse((await runCli(['scan', '--from', out, '--format', 'json'])).stdout));
    expect(replay.hosts.find((x) => x.name === 'deadnode')!.error).toBeTruthy();
    const live = reportSchema.parse(JSON.parse(entries.find((e) => e.path.endsWith('/report.json'))!.body.toString()));
    const statuses = (rep: typeof live) => rep.results.filter((x) => x.host === 'deadnode').map((x) => `${x.check} ${x.status}`);
    expect(statuses(live).some((x) => x.endsWith(' error'))).toBe(true);
    expect(statuses(replay)).toEqual(statuses(live));
  });

  it('Ctrl-C once still writes a whole, valid archive, marked interrupted, with the logs not read listed', async () => {
    const out = join(tmp.dir, 'interrupted.tgz');
    const r = await runCli(['collect', '--inventory', cluster.inventoryPath, '-o', out, '--sample-seconds', '1'], { interrupt: (send) => send() });
    expect(r.stderr).toContain('the archive is still written with what was collected so far');
    const entries = await readArchive(out);
    const manifest = JSON.parse(entries.find((e) => e.path.endsWith('/manifest.json'))!.body.toString()) as Manifest;
    expect(manifest.interrupted).toBe(true);
    expect(manifest.logs.length).toBeGreaterThanOrEqual(2 * INCIDENT_LOGS.length);
    expect(manifest.logs.every((l) => l.state === 'not-run')).toBe(true);
    expect(entries.some((e) => e.path.endsWith('/report.json'))).toBe(true);
    expect(readdirSync(tmp.dir).filter((n) => n.includes('.partial-'))).toEqual([]);
  });

  it('explain --file ARCHIVE explains the collected log tails, and names which lines are whose', async () => {
    const r = await runCli(['explain', '--file', archive, '--format', 'json']);
    const plain = join(tmp.dir, 'syslog.txt');
    writeFileSync(plain, `${FENCE_LINE}\n`);
    const direct = JSON.parse((await runCli(['explain', '--file', plain, '--format', 'json'])).stdout) as { matches: { id: string }[] };
    expect(direct.matches.length).toBeGreaterThan(0);
    const fromArchive = JSON.parse(r.stdout) as { matches: { id: string }[] };
    expect(fromArchive.matches.map((m) => m.id)).toEqual(expect.arrayContaining([direct.matches[0]!.id]));
    expect(r.stderr).toMatch(/^usdiag: .*incident\.tar\.gz: 1 log tail\(s\), lines counted across them in this order:\n {2}1-3 {2}cvknode21\/var\/log\/syslog\n$/);
  });

  it('sent nothing but read-only commands in any of these runs', () => {
    const recorded = cluster.recorded();
    expect(recorded.length).toBeGreaterThan(100);
    expect(violations(recorded.map((r) => r.wire))).toEqual([]);
  });
});

describe('usdiag collect on a host with a frozen VM', () => {
  it('also reads the qemu log of the VM the finding names (guide 3.8.4)', async () => {
    const t = tempDir('usdiag-collect-vm-');
    const vmLog = '/var/log/libvirt/qemu/centos-db.log';
    const profile = writeProfile(join(t.dir, 'cvknode11'), { name: 'cvknode11' }, [
      { command: `tail -c 1048576 -- ${vmLog}`, stdout: '2023-06-07 10:37:52.416+0000: starting up libvirt version: 6.0.0\n' },
    ]);
    writeFileSync(join(profile, 'host.yaml'), `name: cvknode11\naddress: 127.0.0.1\nroles: [vks]\nextends: ${hostDir('vm-stuck', 'usb', 'cvknode11')}\n`);
    const cluster = await startSimCluster([{ profileDir: profile }]);
    try {
      const out = join(t.dir, 'vm.tar.gz');
      const r = await runCli(['collect', '--inventory', cluster.inventoryPath, '-o', out, '--sample-seconds', '1']);
      expect(r.code).toBe(2);
      expect(violations(cluster.recorded().map((c) => c.wire))).toEqual([]);
      const entries = await readArchive(out);
      const manifest = JSON.parse(entries.find((e) => e.path.endsWith('/manifest.json'))!.body.toString()) as Manifest;
      expect(manifest.logs.find((l) => l.path === vmLog)).toMatchObject({ host: 'cvknode11', state: 'read', section: '3.8.4', file: `logs/cvknode11${vmLog}` });
      expect(entries.find((e) => e.path.endsWith(`/logs/cvknode11${vmLog}`))!.body.toString()).toContain('starting up libvirt');
    } finally {
      await cluster.close();
      t.cleanup();
    }
  }, 120_000);
});

describe('explain --file on gzip', () => {
  it('gunzips a compressed log as it streams and finds what the plain file shows', async () => {
    const t = tempDir();
    try {
      const text = '2023-06-07 10:37:52.416+0000: 29917: qcow2: Preventing invalid write on metadata (overlaps with snapshot table); image marked as corrupt.\n';
      writeFileSync(join(t.dir, 'vm.log'), text);
      writeFileSync(join(t.dir, 'vm.log.1.gz'), gzipSync(text));
      const plain = await runCli(['explain', '--file', join(t.dir, 'vm.log'), '--format', 'json']);
      const gz = await runCli(['explain', '--file', join(t.dir, 'vm.log.1.gz'), '--format', 'json']);
      expect(gz.code).toBe(0);
      expect(JSON.parse(gz.stdout)).toEqual(JSON.parse(plain.stdout));
      expect((JSON.parse(gz.stdout) as { matches: { id: string }[] }).matches[0]!.id).toBe('qcow2-corrupt');
      // a broken gzip is a clear error, not a crash
      writeFileSync(join(t.dir, 'broken.gz'), Buffer.concat([gzipSync(text).subarray(0, 12), Buffer.from('garbage')]));
      const broken = await runCli(['explain', '--file', join(t.dir, 'broken.gz')]);
      expect(broken.code).toBe(64);
      expect(broken.stderr).toMatch(/^usdiag: cannot read .*broken\.gz: gzip: /);
    } finally {
      t.cleanup();
    }
  });
});

const PLANTED = `usdiag-planted-${process.pid}.txt`;
const archiveDirsBefore = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('usdiag-archive-')));
/** Temporary directories of archive reads left behind by this file's runs. */
const newArchiveDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith('usdiag-archive-') && !archiveDirsBefore.has(n));

describe('scan --from a crafted archive', () => {
  it.each([
    ['a .. path', (dir: string) => {
      // unpacked, ../PLANTED would land beside the temporary directory, in tmpdir()
      writeFileSync(join(dir, PLANTED), 'planted\n');
      return tar.c({ file: join(dir, 'evil.tar.gz'), gzip: true, cwd: join(dir, 'src'), preservePaths: true }, [`../${PLANTED}`]);
    }, /climbs out of the archive/],
    ['an absolute path', (dir: string) => tar.c({ file: join(dir, 'evil.tar.gz'), gzip: true, cwd: join(dir, 'src'), preservePaths: true }, [join(dir, 'outside.txt')]), /has an absolute path/],
    ['a symlink', (dir: string) => {
      symlinkSync('/etc', join(dir, 'src', 'capture-link'));
      return tar.c({ file: join(dir, 'evil.tar.gz'), gzip: true, cwd: join(dir, 'src') }, ['capture-link']);
    }, /is a SymbolicLink, not a plain file or directory/],
    ['a hard link', (dir: string) => {
      writeFileSync(join(dir, 'src', 'a'), 'x\n');
      linkSync(join(dir, 'src', 'a'), join(dir, 'src', 'b'));
      return tar.c({ file: join(dir, 'evil.tar.gz'), gzip: true, cwd: join(dir, 'src') }, ['a', 'b']);
    }, /is a Link, not a plain file or directory/],
  ])('refuses %s with a clear message (exit 64) and unpacks nothing', async (_what, make, message) => {
    const t = tempDir();
    try {
      mkdirSync(join(t.dir, 'src'));
      writeFileSync(join(t.dir, 'outside.txt'), 'planted\n');
      await make(t.dir);
      writeFileSync(join(t.dir, 'outside.txt'), 'original\n');
      const r = await runCli(['scan', '--from', join(t.dir, 'evil.tar.gz')]);
      expect(r.code).toBe(64);
      expect(r.stderr).toMatch(new RegExp(`^usdiag: .*evil\\.tar\\.gz: refused: entry .*${message.source}`));
      expect(readFileSync(join(t.dir, 'outside.txt'), 'utf8')).toBe('original\n');
      expect(existsSync(join(tmpdir(), PLANTED))).toBe(false);
      expect(newArchiveDirs()).toEqual([]);
    } finally {
      t.cleanup();
    }
  });

  it('replays a tar.gz of a plain capture directory like the directory itself', async () => {
    const t = tempDir();
    try {
      await tar.c({ file: join(t.dir, 'cap.tar.gz'), gzip: true, cwd: hostDir() }, ['vks-healthy']);
      const fromDir = await runCli(['scan', '--from', hostDir('vks-healthy'), '--format', 'json']);
      const fromTar = await runCli(['scan', '--from', join(t.dir, 'cap.tar.gz'), '--format', 'json']);
      expect(fromTar.stderr).toBe('');
      expect(verdicts(reportSchema.parse(JSON.parse(fromTar.stdout)).results)).toEqual(verdicts(reportSchema.parse(JSON.parse(fromDir.stdout)).results));
    } finally {
      t.cleanup();
    }
  });

  it('refuses a file that is not a gzip tar, and an archive with no capture', async () => {
    const t = tempDir();
    try {
      writeFileSync(join(t.dir, 'notes.txt'), 'hello\n');
      const r = await runCli(['scan', '--from', join(t.dir, 'notes.txt')]);
      expect(r.code).toBe(64);
      expect(r.stderr).toMatch(/notes\.txt: not a readable tar\.gz archive/);
      mkdirSync(join(t.dir, 'src'));
      writeFileSync(join(t.dir, 'src', 'readme'), 'x\n');
      await tar.c({ file: join(t.dir, 'empty.tar.gz'), gzip: true, cwd: join(t.dir, 'src') }, ['readme']);
      const e = await runCli(['scan', '--from', join(t.dir, 'empty.tar.gz')]);
      expect(e.code).toBe(64);
      expect(e.stderr).toMatch(/empty\.tar\.gz: capture: holds no host directories/);
      // explain reads only a collect archive's logs/: an archive without them is said to be one
      const ex = await runCli(['explain', '--file', join(t.dir, 'empty.tar.gz')]);
      expect(ex.code).toBe(64);
      expect(ex.stderr).toMatch(/empty\.tar\.gz: no logs\/ in this archive \(not made by usdiag collect\)/);
    } finally {
      t.cleanup();
    }
  });
});
