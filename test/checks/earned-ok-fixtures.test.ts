/**
 * The never-a-false-ok rules on the real checks and fixtures: unreadable
 * logs, a pool that does not answer, unreadable inputs, secrets that look
 * like the output, a stuck host among healthy ones.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderMsg } from '../../src/i18n/message.js';
import { automatedCheckIds } from '../../checks/index.js';
import { loadHostCapture } from '../../src/capture/layout.js';
import { type RunOutcome, runChecks } from '../../src/engine/runner.js';
import { kbEntry } from '../../src/kb/index.js';
import { clearSecretsForTest, registerSecret } from '../../src/redact/secrets.js';
import { buildReport } from '../../src/report/model.js';
import { renderText } from '../../src/report/text.js';
import { createReplayTransport } from '../../src/transport/replay.js';
import type { Transport } from '../../src/transport/types.js';
import { checkDefinition } from '../../checks/index.js';
import { scanSimCluster } from '../support/cli.js';
import { FIXTURES, hostDir, resultOf, runOnFixtures } from '../support/fixture-run.js';
import { writeProfile } from '../support/sim.js';

const DEMO = join(FIXTURES, 'demo');
const DEMO_HOSTS = ['cvknode11', 'cvknode12', 'cvknode13', 'vms01'].map((h) => join(DEMO, h));
const isLogRead = (key: string) => /^(tail|zcat|dmesg|journalctl|last)\b|^cat \/var\/log\//.test(key);

/** Replays a fixture host, except that every log read is refused as a host without permission would. */
function logsDenied(dir: string): { info: ReturnType<typeof loadHostCapture>['info']; transport: Transport } {
  const cap = loadHostCapture(dir);
  const replay = createReplayTransport(cap);
  return {
    info: cap.info,
    transport: {
      ...replay,
      async exec(cmd, opts) {
        if (!isLogRead(cmd.key)) return replay.exec(cmd, opts);
        const file = cmd.key.split(' | ')[0]!.split(' ').pop();
        return {
          key: cmd.key, sample: cmd.sample, startedAt: new Date().toISOString(), durationMs: 1, timedOut: false, truncated: false,
          stdout: '', stderr: `tail: cannot open '${file}' for reading: Permission denied\n`, exitCode: 1,
        };
      },
    },
  };
}

async function scan(plans: { info: ReturnType<typeof loadHostCapture>['info']; transport: Transport }[]): Promise<RunOutcome> {
  return runChecks(plans.map((p) => ({ info: { ...p.info }, transport: p.transport })), {
    checks: automatedCheckIds(), registry: checkDefinition, kb: kbEntry, timeoutSec: 30, hostTimeoutMs: 60_000, concurrency: 8,
    sampleSeconds: 0, probeSeconds: 2, signal: new AbortController().signal,
  });
}

describe('logs that cannot be read', () => {
  it('leave no ok for any check that needed a log', async () => {
    const dirs = [hostDir('vks-healthy'), ...DEMO_HOSTS];
    const normal = await scan(dirs.map((d) => ({ info: loadHostCapture(d).info, transport: createReplayTransport(loadHostCapture(d)) })));
    const needsLogs = normal.results.filter((r) => r.reads.some((x) => !x.optional && isLogRead(x.command)));
    // the log-reading checks exist on these hosts, and were ok with readable logs
    expect(new Set(needsLogs.map((r) => r.check)).size).toBeGreaterThanOrEqual(5);
    expect(needsLogs.filter((r) => r.status === 'ok').length).toBeGreaterThan(5);

    const denied = await scan(dirs.map(logsDenied));
    const okOverDeniedLog = denied.results.filter((r) => r.status === 'ok' && r.reads.some((x) => !x.optional && isLogRead(x.command)));
    expect(okOverDeniedLog.map((r) => `${r.host} ${r.check}`)).toEqual([]);
    for (const r of needsLogs) {
      const again = resultOf(denied, r.host, r.check);
      expect({ at: `${r.host} ${r.check}`, status: again.status }).not.toEqual({ at: `${r.host} ${r.check}`, status: 'ok' });
    }
  });
});

describe('a pool that does not answer', () => {
  it('is not read by qcow2-corrupt: its images are undecided, with the reason, and qemu-img is not sent there', async () => {
    const sent: string[] = [];
    const out = await runOnFixtures([hostDir('storage-blocked', 'io-path', 'cvknode11')], ['storage-blocked', 'qcow2-corrupt'], {
      onCommand: (_h, r) => sent.push(r.key),
    });
    expect(resultOf(out, 'cvknode11', 'storage-blocked').status).toBe('fail');
    const q = resultOf(out, 'cvknode11', 'qcow2-corrupt');
    expect(q.status).toBe('unknown');
    expect(renderMsg(q.message, 'en')).toContain('/vms/IPsan-St-001 does not answer');
    expect(sent.filter((k) => k.startsWith('qemu-img check') && k.includes('/vms/IPsan-St-001/'))).toEqual([]);
    // the image on the pool that answers was checked
    expect(sent).toContain('qemu-img check -U -- /vms/FC-St/win7.qcow2');
    // one df per pool for both checks
    expect(sent.filter((k) => k === 'df -P -- /vms/IPsan-St-001')).toHaveLength(1);
  });
});

describe('inputs that cannot be read', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('make storage-blocked unknown, not "no OCFS2 pool is mounted", when mount and cluster.conf both time out', async () => {
    dir = mkdtempSync(join(tmpdir(), 'usdiag-unread-'));
    const host = writeProfile(join(dir, 'h'), { name: 'cvknode11' }, [
      { command: 'mount', meta: { hang: true } },
      { command: 'cat /etc/ocfs2/cluster.conf', meta: { hang: true } },
      { command: 'uname -n', stdout: 'cvknode11\n' },
      { command: 'ps -e -o pid,ppid,stat,wchan:32,etimes,args', stdout: '  PID  PPID STAT WCHAN ELAPSED COMMAND\n    1     0 Ss   -         100 /sbin/init\n' },
    ]);
    const r = resultOf(await runOnFixtures([host], ['storage-blocked']), 'cvknode11', 'storage-blocked');
    expect(r.status).toBe('unknown');
    expect(r.skipReason).toBeUndefined();
  });
});

describe('secrets', () => {
  afterEach(() => clearSecretsForTest());

  it('are masked where text leaves the process, while checks parse what the host printed', async () => {
    // a password that happens to be a pool name: the checks must still find the pool
    registerSecret('IPsan-St-001');
    const out = await runOnFixtures(['cvknode11', 'cvknode12', 'cvknode13'].map((h) => hostDir('storage-blocked', 'chain', h)), ['storage-blocked']);
    const r = resultOf(out, 'cvknode11', 'storage-blocked');
    expect(r.status).toBe('fail');
    expect((r.data as Array<{ mount: string }>)[0]!.mount).toBe('/vms/IPsan-St-001');
    const report = buildReport(out, { lang: 'en', version: '1.0.0', kb: kbEntry });
    const shown = report.results.find((x) => x.host === 'cvknode11')!;
    expect(shown.summary).toContain('/vms/****** (/dev/sdb) is blocked');
    expect(JSON.stringify(shown.evidence)).not.toContain('IPsan-St-001');
  });
});

describe('a stuck host among healthy ones', () => {
  it('is one host-level error, found within about twice the command timeout', async () => {
    const t0 = Date.now();
    const run = await scanSimCluster(
      [{ profileDir: DEMO_HOSTS[0]!, hangEveryCommand: true }, DEMO_HOSTS[1]!, DEMO_HOSTS[2]!, DEMO_HOSTS[3]!],
      undefined,
      ['--timeout', '3'],
    );
    const took = (Date.now() - t0) / 1000;
    expect(took).toBeLessThan(2 * 3 + 4);
    const stuck = run.report.hosts.find((h) => h.name === 'cvknode11')!;
    expect(stuck).toMatchObject({ problem: 'stuck' });
    expect(stuck.error).toMatch(/^connected, but commands do not finish: (\d+) of \1 timed out after 3 s$/);
    // JSON keeps one error per check of the host for scripts; guide-only entries stay skipped
    const mine = run.report.results.filter((r) => r.host === 'cvknode11');
    expect(new Set(mine.map((r) => r.status))).toEqual(new Set(['error', 'skipped']));
    // the neighbours were scanned as usual
    expect(run.report.results.find((r) => r.host === 'cvknode13' && r.check === 'storage-blocked')!.status).not.toBe('error');
    // the text report names the host once
    const text = renderText(
      { ...run.report, results: run.report.results.map((r) => ({ ...r })) } as Parameters<typeof renderText>[0],
      { lang: 'en', color: false, showAll: false },
    );
    const lines = text.split('\n');
    // one incident line with the reason, not one error per check
    const incident = run.report.incidents.find((i) => i.kind === 'host-stuck')!;
    expect(incident).toMatchObject({ hosts: ['cvknode11'], culprit: { host: 'cvknode11' }, status: 'error' });
    expect(lines.filter((l) => l.includes('cvknode11') && /^ {2}#\d+ /.test(l))).toEqual([`  #${incident.id} ERROR   cvknode11  stuck: ${stuck.error}`]);
    expect(lines.filter((l) => /^ {2}#\d+ ERROR/.test(l))).toHaveLength(1);
    const section = lines.indexOf('  cvknode11 (127.0.0.11, vks)');
    expect(lines.slice(section + 1, section + 3)).toEqual([`    stuck, see #${incident.id}`, expect.stringMatching(/^ {4}\d+ checks could not run on this host$/)]);
    // neighbours that compare themselves with it cannot confirm their ok (its reads failed), and say so
    expect(run.report.results.find((r) => r.host === 'cvknode13' && r.check === 'shared-pool-start')!.status).toBe('unknown');
    // a neighbour comparing itself with the stuck host says it could not, it was not interrupted
    expect(text).not.toContain('Interrupted');
  }, 30_000);
});
