// The genre, not just the sample: other governments write the same document differently.
// Every fixture here is written for this test (none is copied from a real document).

import { describe, expect, it } from 'vitest';
import { parseResultSchema } from '../../api/parse.js';
import { parseNoticeText } from './index.js';
import type { ParsedTask, ParseResult } from './types.js';

function parse(text: string): ParseResult {
  const r = parseNoticeText(text);
  expect(parseResultSchema.safeParse(r).success).toBe(true);
  return r;
}
const units = (t: ParsedTask | undefined) => (t?.assignments ?? []).map((a) => `${a.level}:${a.role}:${a.unit}`);
const codes = (r: ParseResult) => r.warnings.map((w) => w.code);

describe('numbering styles', () => {
  it('reads `1、` tasks with full-width brackets and colons', () => {
    const r = parse(`2025年市政府工作报告重点任务分解方案
一、稳增长
1、地区生产总值增长6.5%左右。（牵头单位：市发改委；责任单位：市统计局、市财政局）
2、新增城镇就业不少于3万人。（牵头单位：市人社局）
`);
    expect(r.sources).toEqual([{ index: 1, level: 'city', title: '2025年市政府工作报告重点任务分解方案' }]);
    expect(r.tasks.map((t) => t.number)).toEqual(['1', '2']);
    expect(r.tasks[0]?.text).toBe('地区生产总值增长6.5%左右。');
    expect(r.tasks[0]?.section).toEqual(['一、稳增长']);
    expect(units(r.tasks[0])).toEqual(['city:lead:市发改委', 'city:responsible:市统计局', 'city:responsible:市财政局']);
    expect(r.tasks[1]?.indicators).toEqual([
      { label: '新增城镇就业', value: 30000, unit: '人', op: '>=', text: '新增城镇就业不少于3万人' },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('reads `1. ` with a space, and notes in [] and 【】', () => {
    const r = parse(`区2025年重点任务清单
1. 推进政务服务一网通办。[责任单位:区行政审批局]
2. 实施老旧小区改造。【牵头单位：区住更局；配合单位：区财政局】
`);
    expect(r.tasks.map((t) => [t.number, t.text])).toEqual([
      ['1', '推进政务服务一网通办。'],
      ['2', '实施老旧小区改造。'],
    ]);
    expect(units(r.tasks[1])).toEqual(['district:lead:区住更局', 'district:co:区财政局']);
  });

  it('takes （1） as the task level under `1.` headings, numbering restarting per heading', () => {
    const r = parse(`某区2025年政府工作报告任务分解
一、总体目标
1.经济发展
（1）地区生产总值增长6%。（牵头单位：区发改局）
（2）固定资产投资增长5%。（牵头单位：区发改局；责任单位：区统计局）
2.民生保障
（1）新增就业1.2万人。（牵头单位：区人资局）
`);
    expect(r.tasks.map((t) => t.number)).toEqual(['1', '2', '1']);
    expect(r.tasks[2]?.section).toEqual(['一、总体目标', '2.民生保障']);
    expect(codes(r)).toEqual([]);
  });

  it('takes （一） as the task level when it carries the unit notes', () => {
    const r = parse(`2025年县政府工作报告重点工作责任分解
一、重点工作
（一）加快建设县城污水处理厂。（责任单位：县住建局）
（二）完成农村公路提升50公里。（责任单位：县交通运输局）
`);
    expect(r.sources[0]?.level).toBe('county');
    expect(r.tasks.map((t) => t.number)).toEqual(['一', '二']);
    expect(units(r.tasks[1])).toEqual(['county:responsible:县交通运输局']);
    expect(r.tasks[1]?.indicators[0]).toMatchObject({ value: 50, unit: '公里' });
  });

  it('reads tasks without numbers: each ends at its unit note', () => {
    const r = parse(`区2025年重点工作任务分解
一、经济发展
全年地区生产总值增长6%左右。（牵头单位：区发改局）
推进城市更新，
完成老旧小区改造20个。（牵头单位：区住更局）
`);
    expect(r.tasks.map((t) => [t.number, t.text, t.line])).toEqual([
      [null, '全年地区生产总值增长6%左右。', 3],
      [null, '推进城市更新，完成老旧小区改造20个。', 4],
    ]);
    expect(units(r.tasks[1])).toEqual(['district:lead:区住更局']);
  });

  it('warns about a gap in the numbering but keeps both tasks', () => {
    const r = parse(`区2025年重点任务
1.任务甲。（责任单位：区发改局）
3.任务丙。（责任单位：区财政局）
`);
    expect(r.tasks.map((t) => t.number)).toEqual(['1', '3']);
    expect(r.warnings).toMatchObject([{ code: 'number_sequence', line: 3 }]);
  });
});

describe('unit notes', () => {
  it('reads notes on their own lines after the task, with leaders and a deadline', () => {
    const r = parse(`区2025年重点任务
1.推进数字政府建设，
上线一体化政务平台。
牵头单位：区政务服务局
责任单位：区经科局、区财政局
责任领导：王副区长
完成时限：年底前
2.完成人口普查数据发布。
牵头单位：区统计局
`);
    expect(r.tasks).toHaveLength(2);
    const [a, b] = r.tasks;
    expect(a?.text).toBe('推进数字政府建设，上线一体化政务平台。');
    expect(units(a)).toEqual([
      'district:lead:区政务服务局',
      'district:responsible:区经科局',
      'district:responsible:区财政局',
    ]);
    expect(a?.leaders).toEqual(['王副区长']);
    expect(a?.deadline).toBe('年底前');
    expect(units(b)).toEqual(['district:lead:区统计局']);
    expect(r.warnings).toEqual([]);
  });

  it('reads every label and level prefix', () => {
    const r = parse(`2025年县政府工作报告目标任务分解
1.推进项目建设。（省级牵头单位：省发改委；县级牵头责任单位：县发改局；协办单位：县财政局；参与单位：县统计局）
2.举办消费季活动。（主办单位：县商务局；协同单位：县文旅局）
3.建设智慧城市。（市级牵头单位:市数据局;县级责任单位:县数据中心,县经信局）
`);
    expect(units(r.tasks[0])).toEqual([
      'province:lead:省发改委',
      'county:lead:县发改局',
      'county:co:县财政局',
      'county:co:县统计局',
    ]);
    expect(units(r.tasks[1])).toEqual(['county:lead:县商务局', 'county:co:县文旅局']);
    expect(units(r.tasks[2])).toEqual([
      'city:lead:市数据局',
      'county:responsible:县数据中心',
      'county:responsible:县经信局',
    ]);
  });

  it('reads prose notes: （X负责，Y牵头）, trailing X牵头，Y配合, and a deadline in the note', () => {
    const r = parse(`区2025年重点任务
1.推进垃圾分类。（区城管局负责，区发改局牵头）
2.建设口袋公园10个。区园林局牵头，区住更局、区财政局配合。
3.落实双减政策。（区教育局负责，年内持续推进）
`);
    expect(units(r.tasks[0])).toEqual(['district:responsible:区城管局', 'district:lead:区发改局']);
    expect(r.tasks[1]?.text).toBe('建设口袋公园10个。');
    expect(units(r.tasks[1])).toEqual(['district:lead:区园林局', 'district:co:区住更局', 'district:co:区财政局']);
    expect(r.tasks[2]?.deadline).toBe('年内持续推进');
    expect(units(r.tasks[2])).toEqual(['district:responsible:区教育局']);
  });

  it('applies “the first listed unit leads” where the notice states it', () => {
    const text = `关于印发2025年区重点工作任务分解的通知
各单位：各项任务中排在第一位的为牵头单位，其余为责任单位。
附件1
2025年区《政府工作报告》任务分解
1.推进招商引资。（责任单位：区商务局、区发改局）
`;
    expect(units(parse(text).tasks[0])).toEqual(['district:lead:区商务局', 'district:responsible:区发改局']);
    const without = text.replace('各项任务中排在第一位的为牵头单位，其余为责任单位。', '请认真落实。');
    expect(units(parse(without).tasks[0])).toEqual(['district:responsible:区商务局', 'district:responsible:区发改局']);
  });

  it('keeps leaders as leaders, never as units, including leader-headed sections', () => {
    const r = parse(`2025年市政府工作报告重点工作分解
一、重点工作
（一）李四副市长牵头重点工作
1.推进轨道交通建设。（牵头市领导：李四；牵头单位：市交通局）
2.建设城市绿道。（分管领导：赵副市长；牵头单位：市园林局）
3.推进河湖治理。
分管县领导：钱副县长
牵头单位：市水务局
`);
    expect(r.tasks[0]?.section).toEqual(['一、重点工作', '（一）李四副市长牵头重点工作']);
    expect(r.tasks[0]?.leaders).toEqual(['李四副市长', '李四']);
    expect(r.tasks[1]?.leaders).toEqual(['李四副市长', '赵副市长']);
    expect(r.tasks[2]?.leaders).toEqual(['李四副市长', '钱副县长']);
    for (const t of r.tasks) expect(t.assignments.every((a) => !/李四|赵|钱/.test(a.unit))).toBe(true);
  });

  it('reads the same document alike in full-width and half-width punctuation', () => {
    const full = `区2025年重点任务
１．推进项目建设，完成投资１０亿元。（牵头单位：区发改局；责任单位：区财政局、区统计局）
`;
    const half = `区2025年重点任务
1.推进项目建设,完成投资10亿元。(牵头单位:区发改局;责任单位:区财政局,区统计局)
`;
    const a = parse(full).tasks[0];
    const b = parse(half).tasks[0];
    expect(units(a)).toEqual(units(b));
    expect(a?.indicators.map((i) => [i.value, i.unit])).toEqual([[10, '亿元']]);
    expect(b?.indicators.map((i) => [i.value, i.unit])).toEqual([[10, '亿元']]);
    expect(a?.text).toBe('推进项目建设，完成投资１０亿元。');
  });

  it('warns about a lost closing bracket but still reads the units', () => {
    const r = parse(`区2025年重点任务
1.推进项目建设。（牵头单位：区发改局；责任单位：区财政局
2.完成专项整治。（牵头单位：区城管局）
`);
    expect(units(r.tasks[0])).toEqual(['district:lead:区发改局', 'district:responsible:区财政局']);
    expect(r.warnings).toMatchObject([{ code: 'unbalanced_bracket', line: 2 }]);
  });

  it('warns about a task with no unit and a unit note with no task', () => {
    const r = parse(`区2025年重点任务
牵头单位：区发改局
1.推进项目建设。
2.完成专项整治。（牵头单位：区城管局）
`);
    expect(r.tasks).toHaveLength(2);
    expect(codes(r)).toEqual(['unit_note_without_task', 'task_without_units']);
  });
});

describe('tables', () => {
  it('reads a table flattened with | under a header row', () => {
    const r = parse(`2025年区政府工作报告重点任务分解表
序号 | 任务 | 分管领导 | 牵头单位 | 责任单位 | 完成时限
一、经济发展 | | | | |
1 | 新增停车泊位5000个 | 王副区长 | 区住更局 | 区城管局、区交通大队 | 年底前
2 | 地区生产总值增长6%左右 | 张区长 | 区发改局 | 区统计局 | 12月底前
`);
    expect(r.tasks.map((t) => t.number)).toEqual(['1', '2']);
    const [a, b] = r.tasks;
    expect(a?.text).toBe('新增停车泊位5000个');
    expect(a?.section).toEqual(['一、经济发展']);
    expect(a?.leaders).toEqual(['王副区长']);
    expect(a?.deadline).toBe('年底前');
    expect(units(a)).toEqual([
      'district:lead:区住更局',
      'district:responsible:区城管局',
      'district:responsible:区交通大队',
    ]);
    expect(a?.indicators[0]).toMatchObject({ value: 5000, unit: '个' });
    expect(b?.deadline).toBe('12月底前');
    expect(r.warnings).toEqual([]);
  });

  it('reads a table with one cell per line under a header block', () => {
    const r = parse(`2025年市政府工作报告任务分解表
序号
任务
牵头单位
责任单位
完成时限
1
建成城市书房20个
市文旅局
各区人民政府
上半年
2
完成河道整治30公里
市水务局
市城管委
年底前
`);
    expect(r.tasks.map((t) => [t.number, t.text, t.deadline])).toEqual([
      ['1', '建成城市书房20个', '上半年'],
      ['2', '完成河道整治30公里', '年底前'],
    ]);
    expect(units(r.tasks[0])).toEqual(['city:lead:市文旅局', 'city:responsible:各区人民政府']);
  });
});

describe('indicators and deadlines', () => {
  it('reads operators, magnitudes and Chinese numerals', () => {
    const r = parse(`区2025年重点任务
1.城镇调查失业率控制在4.5%以内，技术合同成交额突破2700亿元。（牵头单位：区经科局）
2.新建三个社区食堂，服务老年人约2万人次。（牵头单位：区民政局）
3.6月底前完成方案编制。（牵头单位：区发改局）
`);
    expect(r.tasks[0]?.indicators).toEqual([
      { label: '城镇调查失业率', value: 4.5, unit: '%', op: '<=', text: '城镇调查失业率控制在4.5%以内' },
      { label: '技术合同成交额', value: 2700, unit: '亿元', op: '>=', text: '技术合同成交额突破2700亿元' },
    ]);
    expect(r.tasks[1]?.indicators.map((i) => [i.value, i.unit, i.op])).toEqual([
      [20000, '人次', '~'],
      [3, '个', '='],
    ]);
    expect(r.tasks[2]?.deadline).toBe('6月底前');
  });
});
