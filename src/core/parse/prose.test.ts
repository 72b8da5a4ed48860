// Prose layouts of issue 14 (notes in the middle of paragraphs, one-line notices, tasks quoted in news
// reports, shared prefixes and 等-lists, the first-leads rule, ASCII punctuation) and "partial beats
// nothing". Each corpus fixture is scored against its expected tasks: ≥ 95 % found and units F1 ≥ 95 %.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DubanError } from '../errors.js';
import { parseNotice, parseNoticeText } from './index.js';
import { fold, resplitRunOn, splitLines } from './text.js';
import type { ParsedTask } from './types.js';

const CORPUS = join(import.meta.dirname, '../../../test/fixtures/notices/corpus');
const SAMPLE = readFileSync(join(import.meta.dirname, '../../../examples/wuchang-2025-work-report-tasks.txt'), 'utf8');

interface Expected {
  tasks: { number: string | null; textStart: string; units: { unit: string; role: string }[] }[];
}

/** Tasks found (matched by number and text start, in order) and units F1 over matched tasks. */
function score(tasks: ParsedTask[], expected: Expected): { found: number; f1: number } {
  const used = new Set<number>();
  let found = 0;
  let tp = 0;
  let fn = 0;
  let fp = 0;
  for (const e of expected.tasks) {
    const start = fold(e.textStart);
    const k = tasks.findIndex((t, i) => !used.has(i) && t.number === e.number && fold(t.text).startsWith(start));
    const want = new Set(e.units.map((u) => `${u.unit}/${u.role}`));
    if (k < 0) {
      fn += want.size;
      continue;
    }
    used.add(k);
    found++;
    const got = new Set((tasks[k] as ParsedTask).assignments.map((a) => `${a.unit}/${a.role}`));
    for (const u of got) if (want.has(u)) tp++;
    fp += [...got].filter((u) => !want.has(u)).length;
    fn += [...want].filter((u) => !got.has(u)).length;
  }
  fp += tasks
    .filter((_, i) => !used.has(i))
    .reduce((n, t) => n + new Set(t.assignments.map((a) => `${a.unit}/${a.role}`)).size, 0);
  const f1 = tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn);
  return { found: expected.tasks.length === 0 ? 1 : found / expected.tasks.length, f1 };
}

const FIXTURES = readdirSync(CORPUS)
  .filter((f) => /^(?:prose|sample)-.*\.txt$/.test(f))
  .sort();

describe('the prose corpus', () => {
  it('has a fixture for each prose layout and the two sample variants', () => {
    for (const layout of [
      'prose-paragraph-notes',
      'prose-one-line',
      'prose-quoted',
      'prose-shared-prefix',
      'prose-first-leads',
      'prose-ascii',
      'sample-one-line',
      'sample-ascii',
    ]) {
      expect(FIXTURES).toContain(`${layout}.txt`);
    }
  });

  for (const file of FIXTURES) {
    it(`reads ${file}: ≥ 95 % of tasks and units F1 ≥ 95 %`, async () => {
      const expected: Expected = JSON.parse(
        readFileSync(join(CORPUS, file.replace(/\.txt$/, '.expected.json')), 'utf8'),
      );
      const r = await parseNotice(readFileSync(join(CORPUS, file)), file);
      const s = score(r.tasks, expected);
      expect(s.found, `${file}: tasks found`).toBeGreaterThanOrEqual(0.95);
      expect(s.f1, `${file}: units F1`).toBeGreaterThanOrEqual(0.95);
    });
  }
});

const parse = (text: string) => parseNoticeText(text);
const units = (t: ParsedTask | undefined) => (t?.assignments ?? []).map((a) => `${a.role}:${a.unit}`);

describe('paragraph tasks with the unit note in the middle', () => {
  const r = parse(readFileSync(join(CORPUS, 'prose-paragraph-notes.txt'), 'utf8'));

  it('keeps the text on both sides of the note as one task, leaders as leaders', () => {
    const t = r.tasks[0];
    expect(t?.text).toBe(
      '推进高水平科技自立自强。围绕光电子信息、生物医药等领域组织实施重大科技专项20项以上。建设省实验室体系，新增国家级创新平台5个。',
    );
    expect(t?.leaders).toEqual(['分管副省长', '协管副秘书长']);
    expect(units(t)).toEqual(['lead:省科技厅']);
    expect(t?.confidence).toBe('high');
  });

  it('reads the standing rule (明确牵头部门的…不逐一列出，下同) as a rule, naming no unit', () => {
    for (const t of r.tasks) expect(t.assignments.map((a) => a.unit).join()).not.toMatch(/有关部门|下同|列出/);
    expect(r.tasks).toHaveLength(6);
  });

  it('gives a task whose note names only a leader no unit, and marks it low', () => {
    const t = r.tasks[5];
    expect(t?.leaders).toEqual(['分管副省长']);
    expect(t?.assignments).toEqual([]);
    expect(t?.confidence).toBe('low');
    expect(r.warnings.map((w) => w.code)).toContain('task_without_units');
  });
});

describe('unit lists', () => {
  it('completes later names from the first one’s level prefix, and says it inferred them', () => {
    const r = parse('1.推进开放。（省商务厅、财政厅、发展改革委负责）\n2.推进宣传。（省委宣传部、统战部牵头）');
    expect(units(r.tasks[0])).toEqual(['responsible:省商务厅', 'responsible:省财政厅', 'responsible:省发展改革委']);
    expect(units(r.tasks[1])).toEqual(['lead:省委宣传部', 'lead:省委统战部']);
    expect(r.tasks[0]?.confidence).toBe('medium');
  });

  it('never prefixes names with a place, a branch or a company of their own', () => {
    const r = parse(
      '1.推进金融服务。（牵头单位：区金融局；责任单位：人民银行武昌支行、武昌公安分局、国网武昌供电公司）',
    );
    expect(units(r.tasks[0])).toEqual([
      'lead:区金融局',
      'responsible:人民银行武昌支行',
      'responsible:武昌公安分局',
      'responsible:国网武昌供电公司',
    ]);
    expect(r.tasks[0]?.confidence).toBe('high');
  });

  it('drops 等 / 等相关部门 from the last name; （A、B等负责） with no lead makes all lead', () => {
    const r = parse(
      '1.推进A。（牵头单位：区发改局；配合单位：区财政局等相关部门）\n2.推进B。（区教育局、区卫健局等负责）',
    );
    expect(units(r.tasks[0])).toEqual(['lead:区发改局', 'co:区财政局']);
    expect(units(r.tasks[1])).toEqual(['lead:区教育局', 'lead:区卫健局']);
    expect(r.tasks[1]?.confidence).toBe('medium');
  });

  it('applies 排在第一位的为牵头单位 stated anywhere, even after the tasks', () => {
    const r = parse(readFileSync(join(CORPUS, 'prose-first-leads.txt'), 'utf8'));
    expect(units(r.tasks[3])).toEqual(['lead:市发展改革委', 'responsible:市财政局', 'responsible:市税务局']);
    expect(r.tasks[4]?.text).toBe('建立常态化政企沟通机制。');
  });
});

describe('tasks quoted in a news report', () => {
  const r = parse(readFileSync(join(CORPUS, 'prose-quoted.txt'), 'utf8'));

  it('reads number, quoted text, leader, lead and co units; the reporter’s words are not task text', () => {
    expect(r.tasks.map((t) => t.number)).toEqual(['1', '2', '3', '4']);
    expect(r.tasks[2]?.text).toBe('新增城镇就业5万人');
    expect(r.tasks[3]?.text).toBe('建成区域医疗中心2个');
    expect(r.tasks[0]?.leaders).toEqual(['王副市长']);
    expect(units(r.tasks[0])).toEqual(['lead:市经信局', 'co:市发改委', 'co:市科技局']);
  });

  it('reads Chinese numerals, a colon before the quote, 为 for 是, and a unit list run on with commas', () => {
    const q = parse(
      '会议明确，第五项任务：“推进供水管网改造”，其牵头领导为刘副县长，主责单位为县水利局，配合单位为县住建局，县财政局。',
    );
    expect(q.tasks.map((t) => [t.number, t.text, t.leaders])).toEqual([['5', '推进供水管网改造', ['刘副县长']]]);
    expect(units(q.tasks[0])).toEqual(['lead:县水利局', 'co:县住建局', 'co:县财政局']);
  });

  it('marks quoted tasks medium: read from prose, not from the notice', () => {
    expect(r.tasks.every((t) => t.confidence === 'medium')).toBe(true);
  });
});

describe('a notice on one line', () => {
  it('gets its lines back at numbering markers, 附件N and footer markers, in sequence only', () => {
    const lines = resplitRunOn(
      splitLines(
        '附件12025年区重点任务一、稳增长1.经济增长6.5%左右。(牵头单位:区发改局)2.统一、规范管理。(牵头单位:区财政局)',
      ),
    );
    expect(lines.map((l) => l.raw)).toEqual([
      '附件1',
      '2025年区重点任务',
      '一、稳增长',
      '1.经济增长6.5%左右。(牵头单位:区发改局)',
      '2.统一、规范管理。(牵头单位:区财政局)',
    ]);
    expect(lines.every((l) => l.no === 1)).toBe(true);
  });

  it('leaves an ordinary notice line for line: the Wuchang sample reads exactly as before', () => {
    const all = splitLines(SAMPLE);
    expect(resplitRunOn(all)).toEqual(all);
  });

  it('reads the Wuchang sample pasted on one line as it reads the original', () => {
    const original = parse(SAMPLE);
    const oneLine = parse(SAMPLE.split('\n').join(''));
    const key = (t: ParsedTask) => `${t.source}:${t.number}:${t.text}:${units(t).join(',')}`;
    expect(oneLine.tasks.map(key)).toEqual(original.tasks.map(key));
    expect(oneLine.sources.map((s) => s.level)).toEqual(['province', 'city', 'district']);
  });

  it('keeps sub-items of a paragraph on their line in an ordinary notice', () => {
    const text = [
      '2026年工作分工',
      '一、科技',
      '（一）推进科技创新。1.建设实验室；2.引进人才；3.培育企业。（省科技厅牵头）',
    ];
    text.push(
      '（二）推进成果转化。（省科技厅牵头）',
      '（三）壮大人才队伍。（省人社厅牵头）',
      '（四）建设平台。（省发改委牵头）',
    );
    const r = parse(text.join('\n'));
    expect(r.tasks.map((t) => t.number)).toEqual(['一', '二', '三', '四']);
    expect(r.tasks[0]?.text).toBe('推进科技创新。1.建设实验室；2.引进人才；3.培育企业。');
  });

  it('ends unnumbered tasks at their unit notes', () => {
    const r = parse('推进垃圾分类。（牵头单位：区城管局）建设口袋公园10个。（牵头单位：区园林局）');
    expect(r.tasks.map((t) => t.text)).toEqual(['推进垃圾分类。', '建设口袋公园10个。']);
  });
});

describe('partial beats nothing', () => {
  it('returns numbered tasks without units, each marked low with a warning', async () => {
    const r = await parseNotice(Buffer.from('2026年工作要点\n1.推进垃圾分类。\n2.建设口袋公园10个。\n'));
    expect(r.tasks.map((t) => [t.number, t.confidence])).toEqual([
      ['1', 'low'],
      ['2', 'low'],
    ]);
    expect(r.warnings.filter((w) => w.code === 'task_without_units')).toHaveLength(2);
  });

  it('returns a file whose unit notes belong to no task, with a no_task_found warning', async () => {
    const r = await parseNotice(Buffer.from('工作安排\n牵头单位：区发改局\n责任单位：区财政局\n'));
    expect(r.tasks).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toContain('no_task_found');
  });

  it('still refuses a file with no task-like structure at all', async () => {
    await expect(parseNotice(Buffer.from('这是一封普通的信。\n祝好。'))).rejects.toBeInstanceOf(DubanError);
  });
});
