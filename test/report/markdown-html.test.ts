/**
 * Markdown (to paste into a ticket) and one self-contained HTML file: the
 * same incidents as the text, first. The HTML is read back with parse5, the
 * HTML parser browsers' algorithm is written after, not searched as text.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type DefaultTreeAdapterMap, parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/kb/catalog.js';
import { kbEntry } from '../../src/kb/index.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { buildReport } from '../../src/report/model.js';
import { runCli } from '../support/cli.js';
import { FIXTURES, runOnFixtures } from '../support/fixture-run.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const DEMO = join(FIXTURES, 'demo');
const demoHosts = readdirSync(DEMO).sort().map((h) => join(DEMO, h));
const demoReport = async (lang: 'en' | 'zh' = 'en') =>
  buildReport(await runOnFixtures(demoHosts, CATALOG.map((c) => c.id), { sampleSeconds: 0 }), { lang, version: '1.0.0', kb: kbEntry });

function elements(n: Node): Element[] {
  const out: Element[] = [];
  const walk = (x: Node) => {
    if ('tagName' in x) out.push(x);
    if ('childNodes' in x) x.childNodes.forEach(walk);
    if ('content' in x && x.content) walk(x.content as Node);
  };
  walk(n);
  return out;
}

const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;
const hasClass = (e: Element, c: string) => (attr(e, 'class') ?? '').split(/\s+/).includes(c);

function textOf(n: Node): string {
  if (n.nodeName === '#text') return (n as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in n ? n.childNodes.map(textOf).join('') : '';
}

describe('--format html', () => {
  it('is one file with no script and nothing to fetch, incidents first, evidence folded', async () => {
    const html = renderHtml(await demoReport(), { lang: 'en' });
    const doc = parse(html, { onParseError: (e) => { throw new Error(`HTML parse error ${e.code} at line ${e.startLine}`); } });
    const all = elements(doc);
    expect(all.filter((e) => e.tagName === 'script')).toEqual([]);
    // nothing from outside: no src, no stylesheet links, no url() in the CSS
    expect(all.filter((e) => attr(e, 'src') !== undefined || (e.tagName === 'link'))).toEqual([]);
    const css = all.filter((e) => e.tagName === 'style').map(textOf).join('');
    expect(css).not.toMatch(/url\(|@import/);
    expect(all.filter((e) => e.tagName === 'a').map((a) => attr(a, 'href')).every((h) => h?.startsWith('#incident-'))).toBe(true);

    const sections = all.filter((e) => e.tagName === 'section').map((e) => attr(e, 'id'));
    expect(sections).toEqual(['incidents', 'matrix', 'hosts']);
    const incidents = all.filter((e) => e.tagName === 'article' && hasClass(e, 'incident'));
    expect(incidents.map((e) => attr(e, 'id'))).toEqual(['incident-1', 'incident-2', 'incident-3', 'incident-4', 'incident-5', 'incident-6', 'incident-7', 'incident-8']);
    const first = incidents[0]!;
    expect(attr(first, 'data-kind')).toBe('storage-lock');
    const culprit = elements(first).find((e) => hasClass(e, 'culprit'))!;
    expect(textOf(culprit)).toBe('cvknode13 · dd (pid 27904) · pool /vms/IPsan-St-001');
    // the evidence is folded (details without open), once, the stuck process in it
    const details = elements(first).filter((e) => e.tagName === 'details');
    expect(details).toHaveLength(1);
    expect(attr(details[0]!, 'open')).toBeUndefined();
    expect(textOf(details[0]!).split('27904    3411 D+').length - 1).toBe(1);
    // one recovery, its commands as code
    const steps = elements(first).filter((e) => e.tagName === 'ol');
    expect(steps).toHaveLength(1);
    expect(elements(steps[0]!).filter((e) => e.tagName === 'pre').map(textOf)).toEqual(['$ ps -ef | grep kvm', '$ kill -9 <vmPid>', '$ reboot']);

    // the host × check matrix: a row per host, a cell per check, a finding linked to its incident
    const matrix = all.find((e) => e.tagName === 'table' && hasClass(e, 'matrix'))!;
    const rows = elements(matrix).filter((e) => e.tagName === 'tr');
    expect(rows.map((r) => elements(r).filter((c) => c.tagName === 'th' || c.tagName === 'td').map(textOf)[0])).toEqual(['host', 'cvknode11', 'cvknode12', 'cvknode13', 'vms01']);
    const cvknode13 = elements(rows[3]!).filter((c) => c.tagName === 'td');
    const blocked = cvknode13.find((c) => attr(c, 'title') === 'cvknode13 storage-blocked: WARN')!;
    expect(textOf(blocked)).toBe('W');
    expect(attr(elements(blocked).find((e) => e.tagName === 'a')!, 'href')).toBe('#incident-1');
  });

  it('escapes what hosts print, and speaks Chinese with --lang zh', async () => {
    const report = await demoReport('zh');
    const hostile = { ...report, incidents: report.incidents.map((i, n) => (n === 0 ? { ...i, summary: '<img src=x onerror=alert(1)> & "quotes"' } : i)) };
    const doc = parse(renderHtml(hostile, { lang: 'zh' }));
    const all = elements(doc);
    expect(all.filter((e) => e.tagName === 'img')).toEqual([]);
    expect(attr(all.find((e) => e.tagName === 'html')!, 'lang')).toBe('zh-CN');
    expect(textOf(all.find((e) => e.tagName === 'h2')!)).toBe('故障事件');
    expect(textOf(all.find((e) => hasClass(e, 'summary'))!)).toBe('<img src=x onerror=alert(1)> & "quotes"');
  });

  it('is written by usdiag scan --format html', async () => {
    const r = await runCli(['scan', '--from', DEMO, '--format', 'html']);
    expect(r.code).toBe(2);
    expect(r.stdout.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
  });
});

describe('--format markdown', () => {
  it('opens with the incidents, evidence in fenced blocks, commands as code', async () => {
    const md = renderMarkdown(await demoReport(), { lang: 'en' });
    const lines = md.split('\n');
    expect(lines[0]).toBe('# usdiag report');
    const headings = lines.filter((l) => l.startsWith('## '));
    expect(headings).toEqual(['## Incidents', '## Summary: hosts × checks']);
    const incidents = lines.filter((l) => l.startsWith('### '));
    expect(incidents[0]).toBe('### 1. FAIL: Shared storage blocked: the cluster becomes unusable (`storage-blocked`, 3.5.3)');
    expect(incidents).toHaveLength(8);
    expect(md).toContain('- **Culprit**: cvknode13 · dd (pid 27904) · pool /vms/IPsan-St-001');
    // markup in what hosts print stays text: underscores escaped in prose, verbatim in code blocks
    expect(md).toContain('ocfs2\\_cluster\\_lock.isra.30) is stuck');
    expect(md).toContain('  27904    3411 D+   ocfs2_cluster_lock.isra.30           5420 dd if=/dev/zero of=/vms/IPsan-St-001/test.img bs=1M count=10240');
    expect(md).toContain('   `kill -9 <vmPid>`');
    // fenced blocks open and close in pairs
    expect(lines.filter((l) => /^`{3,}/.test(l)).length % 2).toBe(0);
    // one cell per check: the blocked pool (F) and nothing but F, ?, ., - in the row
    expect(md).toMatch(/^\| cvknode11 (\| [F?.W\-] )+\|$/m);
    expect(md.split("\n").find((l) => l.startsWith("| cvknode11 "))).toContain("F");
  });

  it('keeps a code span whole when the command holds backticks', async () => {
    const { mdCode, mdText } = await import('../../src/report/markdown.js');
    expect(mdCode('echo `date`')).toBe('`` echo `date` ``');
    expect(mdText('a | b *c* <d>')).toBe('a \\| b \\*c\\* \\<d\\>');
  });

  it('is written by usdiag scan --format markdown', async () => {
    const r = await runCli(['check', 'storage-blocked', '--from', join(FIXTURES, 'hosts', 'storage-blocked', 'deadlock'), '--format', 'markdown']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('- **Alternative**: cvknode12 · pool /vms/IPsan-St-001');
  });
});
