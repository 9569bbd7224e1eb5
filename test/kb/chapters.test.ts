import { describe, expect, it } from 'vitest';
import { text } from '../../src/i18n/text.js';
import { CATALOG, type Area } from '../../src/kb/catalog.js';
import * as chapters from '../../src/kb/chapters.js';
import { bilingualProblems, textsIn } from './bilingual-text.js';

const {
  dailyPreparation,
  dataCollection,
  faultTypes,
  faultTypeSigns,
  generalMethods,
  principles,
  recoveryOrder,
  recoveryOrderRule,
} = chapters;

describe('the bilingual rule itself', () => {
  it('rejects missing Chinese, Chinese in English and mismatched placeholders', () => {
    expect(bilingualProblems(text('Restart {host}', 'Restart {host}'))).toEqual(['zh without Chinese: Restart {host}']);
    expect(bilingualProblems(text('重启', '重启'))).toEqual(['en with Chinese or full-width characters: 重启']);
    expect(bilingualProblems(text('Restart（now）', '现在重启'))).toEqual(['en with Chinese or full-width characters: Restart（now）']);
    expect(bilingualProblems(text('Restart {host}', '重启 {vm}'))).toEqual(['placeholders differ: en [host] zh [vm]']);
    expect(bilingualProblems(text('', '重启'))).toContain('empty en');
    expect(bilingualProblems(text('Restart {host}', '重启 {host}'))).toEqual([]);
  });
});

describe('chapters', () => {
  it('has every text of every export in both languages', () => {
    const all = textsIn(chapters);
    expect(all.length).toBeGreaterThan(60);
    const problems = all.flatMap(([path, t]) => bilingualProblems(t).map((p) => `${path}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('keeps the principles of 2.1 and 2.2.1 with unique ids', () => {
    expect(principles.map((p) => p.section)).toEqual(['2.1', '2.2.1', '2.2.1', '2.2.1', '2.2.1', '2.2.1']);
    expect(new Set(principles.map((p) => p.id)).size).toBe(principles.length);
    expect(principles.find((p) => p.id === 'call-vendor-early')?.text.zh).toContain('新华三');
  });

  it('orders recovery tiers as guide 2.2.2 does, with the fourth tier marked as usdiag\'s', () => {
    expect(recoveryOrder.section).toBe('2.2.2');
    expect(recoveryOrder.tiers.map((t) => [t.cost, t.likelihood, t.rank, t.inGuide])).toEqual([
      ['short', 'high', 0, true],
      ['short', 'low', 1, true],
      ['long', 'high', 2, true],
      ['long', 'low', 3, false],
    ]);
    expect(recoveryOrderRule.en).toContain('2.2.2');
    expect(recoveryOrderRule.zh).toContain('2.2.2');
  });

  it('restores the damaged daily-preparation table', () => {
    expect(dailyPreparation.map((c) => c.category.zh)).toEqual([
      '设备级备份',
      '容灾（可选）',
      '备品备件',
      '日常告警清理',
      '基本信息',
      '人员要求',
    ]);
    const basic = dailyPreparation.find((c) => c.id === 'basic-information');
    expect(basic?.items.map((i) => i.zh)).toContain('相关接口人。');
    expect(basic?.items).toHaveLength(8);
    expect(dailyPreparation.filter((c) => c.reconstructed).map((c) => c.id)).toEqual(['spare-parts', 'staff']);
  });

  it('describes every catalogue area as a fault type with its chapter', () => {
    const areas = [...new Set(CATALOG.map((c) => c.area))];
    expect(Object.keys(faultTypes).sort()).toEqual([...areas].sort());
    for (const area of areas as Area[]) {
      const ft = faultTypes[area];
      expect(ft.area).toBe(area);
      expect(CATALOG.filter((c) => c.area === area).every((c) => c.section.startsWith(`${ft.section}.`))).toBe(true);
      expect(ft.examples.length).toBeGreaterThan(0);
      expect(ft.recognise.length).toBeGreaterThan(0);
    }
    expect(faultTypes.network.title.zh).toBe('网络相关异常');
    expect(faultTypeSigns).toHaveLength(4);
  });

  it('lists the general methods of 3.3, host restarts via support', () => {
    expect(generalMethods.map((m) => [m.id, m.viaSupport])).toEqual([
      ['restart-vm', false],
      ['restart-host', true],
      ['restart-network-devices', false],
      ['restart-services', false],
    ]);
    expect(generalMethods.find((m) => m.id === 'restart-services')?.command).toBe('service tomcat8 restart');
  });

  it('describes chapter 4 data collection with the UI labels verbatim', () => {
    expect(dataCollection.sections.map((s) => [s.section, s.viaSupport, s.steps.length])).toEqual([
      ['4.1', true, 0],
      ['4.2', false, 3],
      ['4.3', false, 1],
    ]);
    const labels = dataCollection.sections.flatMap((s) => s.steps.flatMap((st) => st.ui ?? []));
    expect(labels).toEqual(['系统', '操作日志/日志文件收集', '日志文件收集', '日志文件下载', '下载', '监控告警', '告警管理/实时告警', '告警信息']);
    for (const s of dataCollection.sections.flatMap((x) => x.steps)) {
      for (const label of s.ui ?? []) expect(s.text.zh).toContain(label);
    }
  });
});
