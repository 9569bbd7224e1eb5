import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainJson, renderExplainJson, renderExplainText, type KbLookup } from '../../src/explain/render.js';
import { explainText } from '../../src/explain/stream.js';
import { text } from '../../src/i18n/text.js';
import type { CheckId } from '../../src/kb/catalog.js';
import { kbEntry as realKb } from '../../src/kb/index.js';
import type { KbEntry } from '../../src/kb/types.js';

const SNAPSHOT: KbEntry = {
  id: 'qcow2-snapshot-table',
  title: text('VM does not start: "Could not read snapshots: File too large"', '虚拟机无法正常启动，报“Could not read snapshots: File too large”错误'),
  symptom: text('The VM log shows the error.', '虚拟机日志中存在该错误。'),
  impact: text('The VM cannot run.', '用户业务无法正常使用。'),
  causes: [text('The snapshot information in the qcow2 header is damaged.', '镜像文件快照信息损坏。')],
  diagnosis: [text('Dump the header.', '查看镜像头。')],
  recovery: [
    {
      id: 'dump-header',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text('Dump the qcow2 header of {image}.', '查看 {image} 的 qcow2 头。'),
      command: 'qcow2.py {image} dump-header',
    },
    {
      id: 'clear-snapshots',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text('Set nb_snapshots and snapshot_offset to 0.', '将 nb_snapshots 和 snapshot_offset 改为 0。'),
      command: 'qcow2.py {image} set-header nb_snapshots 0',
      warning: text('Back up the image first.', '修改前先备份镜像文件。'),
    },
  ],
};

const kbEntry: KbLookup = (id: CheckId) => {
  if (id === 'qcow2-snapshot-table') return SNAPSHOT;
  throw new Error(`no KB entry for ${id}`);
};

const INPUT = [
  'error: Failed to start domain centos',
  'kvm: -drive file=/vms/share/Centos6.5-tf.5-tf,if=none: could not open disk image /vms/share/Centos6.5-tf.5-tf: Could not read snapshots: File too large',
].join('\n');
const result = explainText(INPUT);
const BYTES = Buffer.byteLength(INPUT);
const ESC = '\x1b[';

describe('renderExplainText', () => {
  it('shows entries best first with section, title, why, matched lines and numbered recovery', () => {
    const out = renderExplainText(result, { lang: 'en', color: false, kbEntry });
    expect(out).not.toContain(ESC);
    expect(out).toContain(`usdiag explain: 2 guide entries match, best first (read 2 lines, ${BYTES} bytes)`);
    expect(out).toContain('1. VM does not start: "Could not read snapshots: File too large"  qcow2-snapshot-table  [3.4.4]  score 110');
    expect(out).toContain('qemu cannot read the snapshot table of the qcow2 image');
    expect(out).toContain('(qcow2-snapshot-table/file-too-large ×1)');
    expect(out).toMatch(/\n {5}2 {2}kvm: -drive file=\/vms\/share\/Centos6\.5-tf\.5-tf/);
    expect(out).toContain('Recovery (quick and likely first):');
    expect(out).toContain('1. [check] Dump the qcow2 header of <image>.');
    expect(out).toContain('$ qcow2.py <image> dump-header');
    expect(out).toContain('2. [change] Set nb_snapshots and snapshot_offset to 0.');
    expect(out).toContain('caution: Back up the image first.');
    // The second entry has no KB text here: it is still shown, by id.
    expect(out).toContain('2. vm-start-resources  [3.4.3]  score 30');
    expect(out).toContain('no recovery steps in the knowledge base');
    expect(out.indexOf('qcow2-snapshot-table')).toBeLessThan(out.indexOf('vm-start-resources'));
  });

  it('writes Chinese when asked', () => {
    const out = renderExplainText(result, { lang: 'zh', color: false, kbEntry });
    expect(out).toContain('个指导书条目匹配');
    expect(out).toContain('虚拟机无法正常启动，报“Could not read snapshots: File too large”错误');
    expect(out).toContain('匹配原因');
    expect(out).toContain('qemu 无法读取 qcow2 镜像的快照表');
    expect(out).toContain('1. [检查] 查看 <image> 的 qcow2 头。');
    expect(out).toContain('注意：修改前先备份镜像文件。');
  });

  it('colours only when asked', () => {
    const out = renderExplainText(result, { lang: 'en', color: true, kbEntry });
    expect(out).toContain(ESC);
    expect(out.replace(/\x1b\[[0-9;]*m/g, '')).toBe(renderExplainText(result, { lang: 'en', color: false, kbEntry }));
  });

  it('says when nothing matched and points to usdiag list', () => {
    const line = 'Nov 25 03:18:11 cvknode11 systemd[1]: Started Session 12 of user root.\n';
    const none = explainText(line);
    expect(renderExplainText(none, { lang: 'en', color: false, kbEntry })).toBe(
      `No guide entry matches this text. Run \`usdiag list\` to see all entries, or paste more of the log around the error.\n(read 1 lines, ${line.length} bytes)\n`,
    );
    expect(renderExplainText(none, { lang: 'zh', color: false, kbEntry })).toContain('运行 `usdiag list` 查看全部条目');
  });
});

describe('explain JSON', () => {
  it('has the documented shape', () => {
    const json = explainJson(result, { lang: 'en', kbEntry });
    expect(json.tool).toBe('usdiag');
    expect(json.input).toEqual({ bytes: BYTES, lines: 2 });
    expect(json.matches.map((m) => m.id)).toEqual(['qcow2-snapshot-table', 'vm-start-resources']);
    const top = json.matches[0]!;
    expect(top).toMatchObject({ id: 'qcow2-snapshot-table', section: '3.4.4', score: 110 });
    expect(top.title).toBe('VM does not start: "Could not read snapshots: File too large"');
    expect(top.lines).toEqual([
      {
        line: 2,
        text: INPUT.split('\n')[1],
        signature: 'qcow2-snapshot-table/file-too-large',
        why: expect.stringContaining('qemu cannot read the snapshot table'),
      },
      { line: 2, text: INPUT.split('\n')[1], signature: 'qcow2-snapshot-table/read-snapshot-table', why: expect.any(String) },
    ]);
    expect(top.recoverySteps).toEqual([
      { id: 'dump-header', kind: 'diagnostic', text: 'Dump the qcow2 header of <image>.', command: 'qcow2.py <image> dump-header' },
      {
        id: 'clear-snapshots',
        kind: 'changing',
        text: 'Set nb_snapshots and snapshot_offset to 0.',
        command: 'qcow2.py <image> set-header nb_snapshots 0',
        warning: 'Back up the image first.',
      },
    ]);
    expect(top.recovery).toEqual([
      '[check] Dump the qcow2 header of <image>. → qcow2.py <image> dump-header',
      '[change] Set nb_snapshots and snapshot_offset to 0. → qcow2.py <image> set-header nb_snapshots 0 (caution: Back up the image first.)',
    ]);
    expect(json.matches[1]).toMatchObject({ id: 'vm-start-resources', title: 'vm-start-resources', recovery: [], recoverySteps: [] });
  });

  it('renders as parseable JSON in either language', () => {
    const zh = JSON.parse(renderExplainJson(result, { lang: 'zh', kbEntry })) as { matches: { title: string; lines: { why: string }[] }[] };
    expect(zh.matches[0]!.title).toBe('虚拟机无法正常启动，报“Could not read snapshots: File too large”错误');
    expect(zh.matches[0]!.lines[0]!.why).toContain('qemu 无法读取');
    expect(JSON.parse(renderExplainJson(explainText(''), { lang: 'en', kbEntry }))).toEqual({
      tool: 'usdiag',
      input: { bytes: 0, lines: 0 },
      matches: [],
    });
  });
});

describe('with the real knowledge base', () => {
  it('titles every entry and lists its recovery', () => {
    const root = join(import.meta.dirname, '../../fixtures/explain/entries');
    for (const id of readdirSync(root)) {
      const file = readdirSync(join(root, id))[0]!;
      const json = explainJson(explainText(readFileSync(join(root, id, file), 'utf8')), { lang: 'zh', kbEntry: realKb });
      const top = json.matches[0]!;
      expect(top.id).toBe(id);
      expect(top.title, id).not.toBe(id);
      expect(top.recoverySteps.length, id).toBeGreaterThan(0);
      expect(top.recovery).toHaveLength(top.recoverySteps.length);
    }
  });
});
