/**
 * The report an engineer reads at 3 a.m.: one fault seen from several hosts
 * is one incident, its culprit and root cause first, its evidence once.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../../src/engine/runner.js';
import { CATALOG, type CheckId } from '../../src/kb/catalog.js';
import { kbEntry } from '../../src/kb/index.js';
import { resolveRecovery } from '../../src/kb/recovery.js';
import { renderJson } from '../../src/report/json.js';
import { buildReport, type Report } from '../../src/report/model.js';
import { reportSchema } from '../../src/report/schema.js';
import { renderText } from '../../src/report/text.js';
import { displayWidth } from '../../src/report/wrap.js';
import { FIXTURES, hostDir, runOnFixtures } from '../support/fixture-run.js';

const DEMO = join(FIXTURES, 'demo');
const demoHosts = readdirSync(DEMO).sort().map((h) => join(DEMO, h));
const ALL = CATALOG.map((c) => c.id);
const report = (o: RunOutcome, lang: 'en' | 'zh' = 'en') => buildReport(o, { lang, version: '1.0.0', kb: kbEntry });
const text = (r: Report, width = 100, showAll = false) => renderText(r, { lang: r.lang, color: false, showAll, width });
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe('incidents', () => {
  it('makes the demo\'s blocked pool one incident: culprit cvknode13 and dd 27904, the holder as root cause', async () => {
    const r = report(await runOnFixtures(demoHosts, ALL, { sampleSeconds: 0 }));
    const first = r.incidents[0]!;
    expect(first).toMatchObject({
      id: 1,
      kind: 'storage-lock',
      status: 'fail',
      check: 'storage-blocked',
      culprit: { host: 'cvknode13', process: 'dd', pid: 27904, pool: '/vms/IPsan-St-001' },
      hosts: ['cvknode11', 'cvknode12', 'cvknode13'],
    });
    // the blocked nodes, the holder as root cause, and what the blocked pool causes elsewhere:
    // the UI hangs on every node, the images on the pool cannot be checked, their headers and chains not read
    expect(first.results.map((m) => [m.host, m.check, m.status, m.role])).toEqual([
      ['cvknode11', 'qcow2-snapshot-table', 'unknown', 'affected'],
      ['cvknode11', 'qcow2-corrupt', 'unknown', 'affected'],
      ['cvknode11', 'migration-ssh-cipher', 'unknown', 'affected'],
      ['cvknode11', 'storage-blocked', 'fail', 'affected'],
      ['cvknode11', 'ui-hang', 'fail', 'affected'],
      ['cvknode12', 'qcow2-snapshot-table', 'unknown', 'affected'],
      ['cvknode12', 'migration-ssh-cipher', 'unknown', 'affected'],
      ['cvknode12', 'storage-blocked', 'fail', 'affected'],
      ['cvknode12', 'ui-hang', 'fail', 'affected'],
      ['cvknode13', 'storage-blocked', 'warn', 'root'],
      ['cvknode13', 'ui-hang', 'warn', 'affected'],
    ]);
    // every result reference points at that result
    for (const m of first.results) expect(r.results[m.index]).toMatchObject({ host: m.host, check: m.check });
    // the evidence once: each host's command output at most once
    const shown = first.evidence.map((e) => `${e.host}$ ${e.command}`);
    expect(shown).toEqual([...new Set(shown)]);
    // results without incident data are incidents of their own: nothing is lost
    const findings = r.results.filter((x) => ['fail', 'warn', 'unknown', 'error'].includes(x.status)).length;
    expect(r.incidents.reduce((n, i) => n + i.results.length, 0)).toBe(findings);
    expect(r.incidents.map((i) => `${i.kind} ${i.hosts.join('+')}`)).toEqual([
      'storage-lock cvknode11+cvknode12+cvknode13',
      'nic-packet-loss cvknode11',
      'qcow2-corrupt cvknode12',
      'ip-conflict cvknode12',
      'hygon-rdrand cvknode13',
      'db-connection vms01',
      'lun-paths cvknode12',
      'nic-packet-loss vms01',
    ]);
    // the JSON keeps results as they were and adds incidents beside them
    const json = reportSchema.parse(JSON.parse(renderJson(r)));
    expect(json.incidents).toHaveLength(8);
    expect(json.results).toHaveLength(r.results.length);
  });

  it('opens the demo\'s text report with that incident, and shows each seeded fault\'s lines once', async () => {
    const r = report(await runOnFixtures(demoHosts, ALL, { sampleSeconds: 0 }));
    const lines = text(r).split('\n');
    // counted on lines too long to wrap, so a wrapped sentence counts too
    const t = text(r, 1000);
    expect(lines[0]).toBe('Incidents');
    expect(lines[1]).toMatch(/^ {2}#1 FAIL +storage-blocked 3\.5\.3 /);
    expect(lines[2]).toBe('     Culprit: cvknode13 · dd (pid 27904) · pool /vms/IPsan-St-001');
    expect(lines[3]).toBe('     Hosts: cvknode11 FAIL, cvknode12 FAIL, cvknode13 WARN (root cause)');
    // one line of each seeded fault's evidence, and the summary naming the holder, once each
    for (const line of [
      '27904    3411 D+   ocfs2_cluster_lock.isra.30',
      ' Granted     3     EX     -1    3:1446',
      'lacp_status: configured',
      '`- 2:0:0:1 sdd 8:48 failed faulty running',
      'ERROR cluster 274639 refcount=0 reference=1',
      'is held by node 3 (cvknode13, 172.16.51.13)',
      'waits in an OCFS2 lock on this host',
    ]) expect(count(t, line), line).toBe(1);
    // the holder's VMs are in the reboot procedure
    expect(t).toContain('win7 (pid 3520, VNC :0), centos-db (pid 3611, VNC :1)');
    // what the pool kept from being read is one line, not a verdict each; a verdict said alike on two nodes is one line
    const incident1 = t.slice(0, t.indexOf('  #2 '));
    expect(incident1).toMatch(/^ {5}Not checked because of it: cvknode11 [^;]*\bqcow2-corrupt\b[^;]*; cvknode12 /m);
    expect(count(incident1, 'UNKNOWN:')).toBe(0);
    expect(incident1).toMatch(/^ {5}Also: cvknode11, cvknode12 ui-hang FAIL: /m);
  });

  it('makes one LUN that lost a path on two nodes one incident of the storage side, both hosts named', async () => {
    const r = report(await runOnFixtures(['cvknode11', 'cvknode12'].map((h) => hostDir('multipath-wwid', 'lun-paths-cluster', h)), ['multipath-wwid'] as CheckId[]));
    expect(r.incidents.map((i) => [i.kind, i.culprit, i.hosts])).toEqual([
      ['lun-paths', { device: '36000eb34fe49de76000000000004064' }, ['cvknode11', 'cvknode12']],
    ]);
  });

  it('makes the deadlock one incident with one recommended node, the other as the alternative', async () => {
    const r = report(await runOnFixtures([hostDir('storage-blocked', 'deadlock', 'cvknode11'), hostDir('storage-blocked', 'deadlock', 'cvknode12')], ['storage-blocked']));
    expect(r.incidents).toHaveLength(1);
    const [i] = r.incidents;
    expect(i).toMatchObject({
      kind: 'storage-deadlock',
      culprit: { host: 'cvknode11', pool: '/vms/IPsan-St-001' },
      alternatives: [{ host: 'cvknode12', pool: '/vms/IPsan-St-001' }],
      reason: 'it runs the fewest VMs: cvknode11 1, cvknode12 2',
      hosts: ['cvknode11', 'cvknode12'],
    });
    const t = text(r);
    expect(t).toContain('Culprit: cvknode11 · pool /vms/IPsan-St-001');
    expect(t).toContain('Alternative: cvknode12 · pool /vms/IPsan-St-001');
    // one reboot procedure, for the recommended node only
    expect(t.match(/^ +\d+\. \[change\] Reboot (\S+)\./gm)).toEqual(['       3. [change] Reboot cvknode11.']);
  });

  it('folds a step whose command the evidence just showed into "(shown above)"', async () => {
    const r = report(await runOnFixtures([hostDir('multipath-wwid', 'one-path-failed')], ['multipath-wwid']));
    const [i] = r.incidents;
    expect(i!.evidence.map((e) => e.command)).toContain('multipath -ll');
    expect(i!.recoverySteps.filter((s) => s.command === 'multipath -ll').every((s) => s.shown)).toBe(true);
    const t = text(r);
    expect(t).toContain('(shown above)');
    expect(t).not.toMatch(/^ +\$ multipath -ll$/m);
    // the results keep their contract shape: no "shown" there
    expect(JSON.stringify(r.results)).not.toContain('"shown"');
  });

  it('folds a step the check marks as shown, even with another command', () => {
    const steps = resolveRecovery(kbEntry('nic-packet-loss'), { steps: ['check-counter-growth', 'grow-ring-buffer'], shown: ['check-counter-growth'] });
    expect(steps.map((s) => [s.id, s.shown])).toEqual([['check-counter-growth', true], ['grow-ring-buffer', undefined]]);
  });

  it('is one incident for a host that could not be reached, with the reason', async () => {
    const o = await runOnFixtures([hostDir('vks-healthy')], ['storage-blocked', 'multipath-wwid', 'ui-login']);
    const down: RunOutcome = {
      ...o,
      hosts: o.hosts.map((h) => ({ ...h, error: 'root@10.0.0.4:22: connection refused', problem: 'unreachable' as const })),
      results: o.results.map((x) => (x.check === 'ui-login' ? x : { ...x, status: 'error' as const })),
    };
    const r = report(down);
    expect(r.incidents.map((i) => [i.kind, i.summary, i.results.length])).toEqual([['host-unreachable', 'root@10.0.0.4:22: connection refused', 2]]);
    expect(text(r).split('\n').filter((l) => l.includes('connection refused'))).toEqual(['  #1 ERROR   cvknode11  unreachable: root@10.0.0.4:22: connection refused']);
  });
});

describe('the text report', () => {
  it('fits the width: summaries and evidence wrap, commands are never cut', async () => {
    const r = report(await runOnFixtures(demoHosts, ALL, { sampleSeconds: 0 }));
    for (const width of [80, 100, 120]) {
      for (const lang of ['en', 'zh'] as const) {
        const t = renderText(lang === 'en' ? r : report(await runOnFixtures(demoHosts, ALL, { sampleSeconds: 0 }), 'zh'), { lang, color: false, showAll: false, width });
        const long = t.split('\n').filter((l) => displayWidth(l) > width && !/^ *(\S+\$|\$) /.test(l));
        expect(long, `${lang} at ${width}`).toEqual([]);
      }
    }
    // a command longer than the line stays whole
    const t = text(r, 80);
    expect(t).toContain("cvknode12$ tail -c 4M /var/log/libvirt/qemu/mzgk.log | grep -a -E -e 'image marked as corrupt|Marking image as corrupt|Image is corrupt|Preventing invalid write on metadata' | tail -n 20");
  });

  it('keeps a healthy fleet short: no incidents, a matrix line per host; --verbose lists every ok', async () => {
    const one = await runOnFixtures([hostDir('vks-healthy')], ALL);
    const names = Array.from({ length: 30 }, (_, i) => `cvk${String(i + 1).padStart(2, '0')}`);
    const fleet: RunOutcome = {
      ...one,
      hosts: names.map((name) => ({ ...one.hosts[0]!, name })),
      results: names.flatMap((name) => one.results.map((x) => ({ ...x, host: name }))),
    };
    const r = report(fleet);
    expect(r.incidents).toEqual([]);
    const lines = text(r).split('\n');
    expect(lines.slice(0, 2)).toEqual(['Incidents', '  No faults found on the checked hosts.']);
    expect(lines.length).toBeLessThan(45);
    // one character per check: healthy or not applicable, nothing else
    expect(lines.find((l) => l.startsWith('  cvk01  '))).toMatch(/^ {2}cvk01 {2}[.\- ]+$/);
    expect(lines.filter((l) => /^ +OK /.test(l))).toEqual([]);
    const verbose = text(r, 100, true).split('\n');
    expect(verbose.filter((l) => /^ +OK +storage-blocked /.test(l))).toHaveLength(30);
  });

  it('counts per check instead of a matrix for a large fleet', async () => {
    const one = await runOnFixtures([hostDir('vks-healthy')], ['storage-blocked', 'multipath-wwid'] as CheckId[]);
    const names = Array.from({ length: 60 }, (_, i) => `h${i}`);
    const r = report({ ...one, hosts: names.map((name) => ({ ...one.hosts[0]!, name })), results: names.flatMap((name) => one.results.map((x) => ({ ...x, host: name }))) });
    const t = text(r);
    expect(t).toContain('Summary per check (60 hosts)');
    expect(t).toMatch(/^ {2}storage-blocked {2}60 OK$/m);
    expect(t).not.toContain('h59  ');
  });

  it('says so when nothing was checked, instead of "No faults found"', async () => {
    // ui-login as a check without a module (every catalogue entry a host shows has one now: the rule stays for any gap)
    const r = report(await runOnFixtures([hostDir('vms-healthy')], ['ui-login'], { registry: () => undefined }));
    const t = text(r, 200);
    expect(t).not.toContain('No faults found');
    expect(t).toContain('Nothing was checked, so nothing can be said about these hosts (exit status 3):');
    expect(t).toContain('ui-login: Not checked: usdiag has no automated check for this entry yet; read the guide entry with "usdiag show ui-login".');
  });
});
