// The real notice (Wuchang District, 2025) pinned: counts, units, roles, levels and warnings.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResultSchema } from '../../api/parse.js';
import { parseNotice, parseNoticeText } from './index.js';
import type { ParsedTask } from './types.js';

const SAMPLE_PATH = join(import.meta.dirname, '../../../examples/wuchang-2025-work-report-tasks.txt');
const sampleText = readFileSync(SAMPLE_PATH, 'utf8');
const r = parseNoticeText(sampleText);
const task = (source: number, number: string): ParsedTask => {
  const t = r.tasks.find((x) => x.source === source && x.number === number);
  if (!t) throw new Error(`no task ${source}:${number}`);
  return t;
};
const units = (t: ParsedTask) => t.assignments.map((a) => `${a.level}:${a.role}:${a.unit}#${a.clause}`);

describe('the Wuchang 2025 notice', () => {
  it('matches the JSON contract', () => {
    expect(parseResultSchema.safeParse(r).success).toBe(true);
  });

  it('reads the document header and signature', () => {
    expect(r.document).toEqual({
      title: '区人民政府办公室关于印发2025年省、市、区《政府工作报告》目标任务责任分解方案的通知',
      docNo: '武昌政办〔2025〕1号',
      issuer: '武汉市武昌区人民政府办公室',
      date: '2025-02-19',
    });
  });

  it('finds three sources with their levels, joining the split title of attachment 3', () => {
    expect(r.sources).toEqual([
      { index: 1, level: 'province', title: '2025年省《政府工作报告》目标任务(武昌区)责任分解方案' },
      { index: 2, level: 'city', title: '2025年市《政府工作报告》目标任务(武昌区)责任分解方案' },
      { index: 3, level: 'district', title: '2025年区《政府工作报告》目标任务及民生实事责任分解方案' },
    ]);
  });

  it('finds 35 province, 168 city and 68 district tasks, numbered 1..n without gaps', () => {
    for (const [source, count] of [
      [1, 35],
      [2, 168],
      [3, 68],
    ] as const) {
      const numbers = r.tasks.filter((t) => t.source === source).map((t) => Number(t.number));
      expect(numbers).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    }
    expect(r.tasks).toHaveLength(271);
  });

  it('takes no task from the notice body, its attachment list, the header table or the footer', () => {
    expect(Math.min(...r.tasks.map((t) => t.line))).toBe(23);
    expect(Math.max(...r.tasks.map((t) => t.line))).toBe(380);
    for (const t of r.tasks) {
      expect(t.text).not.toMatch(/网站标识码|ICP备|主办单位|附件\s*\d|政府工作报告》目标任务\(武昌区\)/);
    }
  });

  it('cuts `附件3` off the last city task', () => {
    const t = task(2, '168');
    expect(t.text).toBe('举办公园文化活动600场以上。');
    expect(t.line).toBe(302);
    expect(units(t)).toEqual(['city:lead:市园林林业局#0', 'district:lead:区城管局#0']);
  });

  it('reads a task whose number is followed by a figure (167.100名园艺师…)', () => {
    expect(task(2, '167').text).toBe('100名园艺师挂牌服务100个社区绿色驿站,常态化开展绿化管护及生态实践活动。');
  });

  it('keeps the heading path as printed', () => {
    expect(task(2, '4').section).toEqual([
      '二、十一个方面重点工作',
      '(一)在促进内外需协调发展上加力提效,着力推动经济持续回升向好',
      '——做强消费主引擎',
    ]);
    expect(task(1, '1').section).toEqual(['一、经济社会发展的主要预期目标']);
    expect(task(3, '59').section).toEqual(['三、民生实事']);
  });

  it('splits city task 47 into three clauses, each with its own units', () => {
    const t = task(2, '47');
    expect(t.text).toBe(
      '推动中心城区转型做优。高水平建设“两江四岸”核心区,推动老汉口地区转型和汉江两岸联动发展,有序疏解过密人口和非核心功能;建设一批特色总部经济、数字经济、楼宇经济集聚区;打造滨江数创走廊。',
    );
    expect(units(t)).toEqual([
      'city:lead:市自然资源和城乡建设局#0',
      'district:lead:区资建局#0',
      'city:lead:市发改委#1',
      'district:lead:区发改局#1',
      'city:lead:市科技创新局#2',
      'district:lead:区经科局#2',
    ]);
  });

  it('assigns a nested 〈〉 office to the unit that houses it', () => {
    expect(units(task(2, '88'))).toEqual(['city:lead:市委宣传部#0', 'district:lead:区委宣传部#0']);
    expect(units(task(2, '109'))).toEqual([
      'city:lead:市儿童友好城市建设工作领导小组办公室#0',
      'district:lead:区妇联#0',
      'district:lead:区发改局#0',
    ]);
  });

  it('reads every unit with mixed separators, collectives and units without a level prefix', () => {
    expect(units(task(1, '15'))).toEqual([
      'city:lead:市人才工作局#0',
      'city:lead:市教育局#0',
      'city:lead:市科技创新局#0',
      'city:lead:市人社局#0',
      'district:lead:区委组织部#0',
      'district:lead:区教育局#0',
      'district:lead:区经科局#0',
      'district:lead:区人资局#0',
    ]);
    expect(units(task(2, '128'))).toEqual([
      'district:responsible:区人民政府各部门#0',
      'district:responsible:各街道办事处#0',
    ]);
    expect(units(task(1, '8'))).toContain('city:lead:各区人民政府#0');
    expect(units(task(3, '51'))).toEqual([
      'district:responsible:区妇联#0',
      'district:responsible:区残联#0',
      'district:responsible:区红十字会#0',
      'district:responsible:区医保局#0',
      'district:responsible:武昌社保处#0',
      'district:responsible:民生实事牵头单位#0',
    ]);
    expect(units(task(3, '58'))).toEqual([
      'district:responsible:区纪委监委机关#0',
      'district:responsible:区委巡察办#0',
      'district:responsible:区审计局#0',
      'district:responsible:区政府各部门#0',
      'district:responsible:各街道办事处#0',
    ]);
    expect(units(task(2, '73'))).toEqual(['city:lead:市公安局#0', 'district:lead:武昌交通大队#0']);
  });

  it('gives every task at least one unit, 690 assignments in all', () => {
    for (const t of r.tasks) expect(t.assignments.length, `${t.source}:${t.number}`).toBeGreaterThan(0);
    expect(r.tasks.reduce((n, t) => n + t.assignments.length, 0)).toBe(690);
    const distinct = new Set(r.tasks.flatMap((t) => t.assignments.map((a) => a.unit)));
    expect(distinct.size).toBe(107);
  });

  it('keeps the printed level even where it looks wrong, and warns', () => {
    expect(units(task(1, '24'))).toEqual(['city:lead:市教育局#0', 'city:lead:区教育局#0']);
    expect(units(task(1, '30'))).toContain('district:lead:市水务局#0');
  });

  it('warns exactly about the inconsistencies the sample holds', () => {
    expect(r.warnings.map((w) => `${w.line} ${w.code}`)).toEqual([
      '24 implausible_figure', // 城镇调查失业率55%左右: a lost decimal point
      '40 implausible_figure', // 规上工业增加值增长75%左右: likewise (7.5%)
      '53 unit_level_mismatch', // 市级牵头单位:区教育局
      '58 unit_level_mismatch', // 市级牵头单位:区科技创新局
      '61 unit_level_mismatch', // 区级牵头单位:…市水务局
      '63 unit_alias', // 区城管局 / 区城管执法局
      '179 unit_alias', // 市生态环境局武昌分局 / 市生态环境局武昌区分局
      '366 unit_alias', // 区政府各部门 / 区人民政府各部门
    ]);
    const alias = r.warnings.find((w) => w.line === 179);
    expect(alias?.message).toContain('市生态环境局武昌分局');
    expect(alias?.message).toContain('市生态环境局武昌区分局');
    expect(r.warnings.find((w) => w.line === 53)?.message).toContain('区教育局');
  });

  it('reads indicators with their values, units and operators', () => {
    expect(task(1, '1').indicators).toEqual([
      { label: '经济增长', value: 6, unit: '%', op: '~', text: '经济增长6%左右' },
    ]);
    expect(task(3, '40').indicators).toContainEqual({
      label: '新增停车泊位',
      value: 10000,
      unit: '个',
      op: '=',
      text: '新增停车泊位1万个',
    });
    expect(task(2, '26').indicators).toContainEqual({
      label: '技术合同成交额',
      value: 2700,
      unit: '亿元',
      op: '>=',
      text: '技术合同成交额突破2700亿元',
    });
    expect(task(3, '6').indicators[0]).toMatchObject({ value: 30, unit: '个', op: '>=' });
    expect(task(2, '82').indicators[1]).toMatchObject({ value: 35, unit: '微克/立方米', op: '<=' });
    expect(task(2, '99').indicators[0]).toMatchObject({ value: 54000, unit: '套' });
    // Names that contain digits are not targets.
    expect(task(2, '82').indicators.map((i) => i.value)).not.toContain(2.5);
  });

  it('labels an indicator by its own noun, not by the examples enumerated before its figure', () => {
    // 加快…荆门石化特种油基地等5500个重大项目建设: the label is what the 5500 count, not the last example.
    expect(task(1, '6').indicators[0]).toMatchObject({ label: '重大项目建设', value: 5500, unit: '个' });
    // 开工绕城高速中洲至郑店段等5个项目; 10条精品旅游线路和100家精品旅游景区.
    const all = r.tasks.flatMap((t) => t.indicators);
    expect(all.find((i) => i.text.endsWith('郑店段等5个'))?.label).toBe('开工项目');
    expect(all.find((i) => i.text.endsWith('和100家'))?.label).toBe('精品旅游景区');
    // Nowhere in the notice does a label end on the enumeration (…等) or a conjunction, or start with 等.
    expect(all.filter((i) => /^等|(等|和|及)$/.test(i.label)).map((i) => i.label)).toEqual([]);
  });

  it('reads deadlines as printed', () => {
    expect(task(3, '16').deadline).toBe('上半年');
    expect(task(3, '60').deadline).toBe('年内');
    expect(task(1, '1').deadline).toBeNull();
  });

  it('gives the same result from UTF-8 bytes through the file entry point', async () => {
    const fromFile = await parseNotice(readFileSync(SAMPLE_PATH), 'sample.txt');
    expect(fromFile.input).toEqual({ format: 'text', encoding: 'utf-8' });
    expect(fromFile.tasks).toEqual(r.tasks);
  });

  it('writes warnings in English on request', () => {
    const en = parseNoticeText(sampleText, { locale: 'en' });
    expect(en.warnings.map((w) => w.code)).toEqual(r.warnings.map((w) => w.code));
    expect(en.warnings[2]?.message).toBe(
      'province task 24: "区教育局" is listed under "市级牵头单位" but looks like a district unit; check the level.',
    );
  });
});
