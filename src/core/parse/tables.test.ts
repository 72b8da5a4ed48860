// The table reader on tables as they come: one fixture per layout (written for this test, none
// copied from a real document) scored like the corpus, and generated tables in every layout.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseResultSchema } from '../../api/parse.js';
import { parseNotice, parseNoticeText } from './index.js';
import { splitPersons } from './tables.js';
import { fold } from './text.js';
import type { ParsedTask, ParseResult } from './types.js';

const CORPUS = join(import.meta.dirname, '../../../test/fixtures/notices/corpus');

interface Expected {
  tasks: { number: string | null; textStart: string; units: { unit: string; role: string }[] }[];
}

const squash = (s: string) => fold(s).replace(/\s+/g, '');

/** Share of expected tasks found (number and text start) with every expected unit in its role. */
function score(r: ParseResult, expected: Expected): { found: number; complete: number; missing: string[] } {
  let found = 0;
  let complete = 0;
  const missing: string[] = [];
  const used = new Set<ParsedTask>();
  for (const e of expected.tasks) {
    const task = r.tasks.find(
      (t) => !used.has(t) && t.number === e.number && squash(t.text).startsWith(squash(e.textStart)),
    );
    if (!task) {
      missing.push(`${e.number ?? '—'} ${e.textStart}: not found`);
      continue;
    }
    used.add(task);
    found++;
    const have = new Set(task.assignments.map((a) => `${a.role}:${squash(a.unit)}`));
    const lost = e.units.filter((u) => !have.has(`${u.role}:${squash(u.unit)}`));
    if (lost.length === 0) complete++;
    else missing.push(`${e.number ?? '—'} ${e.textStart}: ${lost.map((u) => `${u.role}:${u.unit}`).join(', ')}`);
  }
  return { found, complete, missing };
}

const fixtures = readdirSync(CORPUS)
  .filter((f) => /^table-.*\.(?:txt|html)$/.test(f))
  .sort();

describe('table layouts (test/fixtures/notices/corpus/table-*)', () => {
  it('has a fixture for each of at least nine layouts', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(9);
  });

  for (const file of fixtures) {
    it(`reads ${file}: every task with its units`, async () => {
      const expected = JSON.parse(
        readFileSync(join(CORPUS, file.replace(/\.(?:txt|html)$/, '.expected.json')), 'utf8'),
      ) as Expected;
      const { input: _input, ...r } = await parseNotice(new Uint8Array(readFileSync(join(CORPUS, file))), file);
      expect(parseResultSchema.safeParse(r).success).toBe(true);
      const s = score(r, expected);
      expect(s.missing).toEqual([]);
      expect(s.complete / expected.tasks.length).toBeGreaterThanOrEqual(0.95);
      // No task the document does not have.
      expect(r.tasks.length).toBe(expected.tasks.length);
    });
  }
});

const units = (t: ParsedTask | undefined) => (t?.assignments ?? []).map((a) => `${a.level}:${a.role}:${a.unit}`);
const codes = (r: ParseResult) => r.warnings.map((w) => w.code);
const corpus = async (name: string) => {
  const { input: _input, ...r } = await parseNotice(new Uint8Array(readFileSync(join(CORPUS, name))), name);
  return r;
};

describe('table reading rules', () => {
  it('keeps leaders as persons, splitting padded names only in a leader column', async () => {
    expect(splitPersons('陆 明俞 悦')).toEqual(['陆明', '俞悦']);
    expect(splitPersons('王小明俞 悦')).toEqual(['王小明', '俞悦']);
    expect(splitPersons('张三、李四')).toEqual(['张三', '李四']);
    expect(splitPersons('王副区长 张副区长')).toEqual(['王副区长', '张副区长']);
    const r = await corpus('table-lines-spaced-header.txt');
    expect(r.tasks.map((t) => t.leaders)).toEqual([
      ['陆明', '俞悦'],
      ['王小明'],
      ['陆明'],
      ['俞悦', '赵刚'],
      ['赵刚'],
      ['王小明', '俞悦'],
    ]);
    for (const t of r.tasks) expect(t.assignments.every((a) => !/陆|俞|赵|王小明/.test(a.unit))).toBe(true);
  });

  it('reads a section row as the section, its leader for the tasks under it, and an upper-level lead cell', async () => {
    const r = await corpus('table-lines-leader-sections.txt');
    expect(r.tasks[0]?.section).toEqual(['（一）王某副市长牵头重点工作']);
    expect(r.tasks[0]?.leaders).toEqual(['王某副市长']);
    expect(r.tasks[3]?.leaders).toEqual(['李某副市长']);
    expect(units(r.tasks[0])).toContain('province:lead:省农业农村厅');
    expect(units(r.tasks[0])).toContain('city:lead:市农业农村局');
    expect(r.warnings).toEqual([]);
  });

  it('reads an upper-level lead as an extra cell of a `|` row or as a note inside a unit cell', () => {
    const r = parseNoticeText(`2025年市政府工作报告重点任务分解表
序号 | 工作任务 | 牵头单位 | 责任单位 | 完成时限
1 | 粮食播种面积稳定在200万亩 | 省牵头单位：省农业农村厅 | 市农业农村局 | 市财政局 | 年底前
2 | 新建高标准农田8万亩 | 市农业农村局（省牵头单位：省农业农村厅） | 市财政局 | 年底前
`);
    for (const t of r.tasks) {
      expect(units(t).sort()).toEqual([
        'city:lead:市农业农村局',
        'city:responsible:市财政局',
        'province:lead:省农业农村厅',
      ]);
      expect(t.confidence).toBe('high');
    }
  });

  it('reads merged heading cells of a web table as sections', async () => {
    const r = await corpus('table-html-merged-sections.html');
    expect(r.tasks.map((t) => t.section[0])).toEqual([
      '一、经济发展',
      '一、经济发展',
      '二、城市建设',
      '二、城市建设',
      '三、民生保障',
      '三、民生保障',
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('gives each attachment table its source, numbering restarting at 1 without sequence warnings', async () => {
    const r = await corpus('table-attachments-restart.txt');
    expect(r.sources.map((s) => s.title)).toEqual(['2025年区政府工作报告重点任务分解表', '2025年区民生实事任务分解表']);
    expect(r.tasks.map((t) => `${t.source}:${t.number}`)).toEqual(['1:1', '1:2', '1:3', '2:1', '2:2', '2:3']);
    expect(codes(r)).not.toContain('number_sequence');
  });

  it('gives tables under their own title lines their own sections, numbering restarting at 1', async () => {
    const r = await corpus('table-titled-tables.txt');
    expect(r.tasks.map((t) => `${t.section[0]}:${t.number}`)).toEqual([
      '表1 2025年区政府工作报告重点任务清单:1',
      '表1 2025年区政府工作报告重点任务清单:2',
      '表2 2025年区民生实事清单:1',
      '表2 2025年区民生实事清单:2',
    ]);
    expect(codes(r)).not.toContain('number_sequence');
  });

  it('reads an excerpt starting at row 80 without a sequence warning', async () => {
    const r = await corpus('table-pipe-midtable.txt');
    expect(r.tasks.map((t) => t.number)).toEqual(['80', '81', '82', '83', '84', '85']);
    expect(codes(r)).not.toContain('number_sequence');
    expect(r.tasks.every((t) => t.confidence === 'high')).toBe(true);
  });

  it('marks rows placed by content as medium and says so; an unknown header column is ignored with a warning', async () => {
    const dropped = await corpus('table-lines-dropped-cells.txt');
    expect(dropped.tasks.map((t) => t.confidence)).toEqual(['high', 'medium', 'medium', 'medium', 'high']);
    expect(codes(dropped).filter((c) => c === 'table_row_inferred')).toHaveLength(3);
    expect(dropped.tasks[1]?.text).toBe('新增城市公园口袋公园20个，提升改造街头绿地10处');
    const extra = await corpus('table-pipe-no-number.txt');
    expect(codes(extra)).toContain('table_header_inferred');
    expect(extra.tasks.every((t) => t.deadline !== null && !/科/.test(t.deadline))).toBe(true);
  });

  it('infers the columns of rows with no header, every task medium, with one warning', async () => {
    const r = await corpus('table-pipe-headerless.txt');
    expect(r.tasks.map((t) => t.number)).toEqual(['23', '24', '25', '26', '27']);
    expect(r.tasks.every((t) => t.confidence === 'medium')).toBe(true);
    expect(codes(r)).toEqual(['table_header_inferred']);
    expect(r.tasks[2]?.leaders).toEqual(['吴敏', '陈晨']);
  });

  it('writes the table warnings in English on request', () => {
    const r = parseNoticeText(
      `2025年区重点任务清单\n序号 | 任务 | 牵头单位 | 责任单位 | 督办科室\n1 | 新建城市书房10个 | 区教育局 | 年底前\n`,
      { locale: 'en' },
    );
    expect(r.warnings.map((w) => w.message)).toEqual([
      'Header columns not recognised (督办科室); those columns were ignored.',
      'Table row does not match the header\'s columns; cells were placed by their content (please check): "新建城市书房10个 | 区教育局 | 年底前".',
    ]);
  });

  it('keeps the progress column out of the task and its units', async () => {
    const r = await corpus('table-progress.txt');
    expect(r.tasks[0]?.text).toBe('全年引进市外资金120亿元');
    expect(units(r.tasks[0])).toEqual(['county:lead:县招商局', 'county:co:县发改局', 'county:co:县经信局']);
  });

  it('joins wrapped cells to the task above', async () => {
    const r = await corpus('table-wrapped-cells.txt');
    expect(r.tasks.map((t) => t.text)).toEqual([
      '实施城市更新行动，完成老旧小区改造45个、背街小巷整治30条',
      '深化“放管服”改革，推行企业开办“一件事”集成服务，全程网办率达到95%',
      '新增城镇就业6000人',
      '推进长江大保护，完成岸线生态修复12公里，建设滨江绿道5公里',
      '建成社区嵌入式服务设施10个',
    ]);
  });

  it('reads a two-row header flattened one cell per line (责任单位 over 牵头单位 and 配合单位)', () => {
    const r = parseNoticeText(`2025年区重点任务分解表
序号
工作任务
责任单位
牵头单位
配合单位
完成时限
1
新建城市书房10个
区文旅局
区教育局
年底前
`);
    expect(units(r.tasks[0])).toEqual(['district:lead:区文旅局', 'district:co:区教育局']);
    expect(r.tasks[0]?.confidence).toBe('high');
  });

  it('reads a unit marked （牵头） in a unit column as the lead', () => {
    const r = parseNoticeText(`2025年区重点任务分解表
序号 | 任务 | 责任单位 | 完成时限
1 | 新建城市书房10个 | 区文旅局（牵头）、区教育局、区财政局 | 年底前
2 | 新增停车泊位3000个 | 区城管局（牵头） | 年底前
`);
    expect(units(r.tasks[1])).toEqual(['district:lead:区城管局']);
    expect(units(r.tasks[0])).toEqual([
      'district:lead:区文旅局',
      'district:responsible:区教育局',
      'district:responsible:区财政局',
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('reads a spreadsheet with merged cells filled in: a two-row header and spanning section rows', () => {
    const r = parseNoticeText(`2025年市政府工作报告重点工作责任分解表
序号 | 重点工作 | 责任分工 | 责任分工 | 完成时限
序号 | 重点工作 | 牵头单位 | 配合单位 | 完成时限
一、扩大有效投资 | 一、扩大有效投资 | 一、扩大有效投资 | 一、扩大有效投资 | 一、扩大有效投资
1 | 完成重大项目投资800亿元 | 市发展改革委 | 市财政局 | 年底前
2 | 新开工产业项目100个 | 市发展改革委 | 市经信局 | 年底前
`);
    expect(r.tasks.map((t) => [t.number, t.section[0]])).toEqual([
      ['1', '一、扩大有效投资'],
      ['2', '一、扩大有效投资'],
    ]);
    expect(units(r.tasks[1])).toEqual(['city:lead:市发展改革委', 'city:co:市经信局']);
    expect(r.warnings).toEqual([]);
  });

  it('ends a table where the notice goes on (a signature, a date, a paragraph), numbered or not', () => {
    const tail = '区人民政府办公室\n2025年3月1日\n各单位要于每季度末前报送进展情况。\n';
    const lines = parseNoticeText(
      `2025年区重点任务清单\n任务\n牵头单位\n责任单位\n新建城市书房10个\n区文旅局\n区教育局\n新增停车泊位3000个\n区城管局\n区交通大队\n${tail}`,
    );
    expect(lines.tasks.map((t) => t.text)).toEqual(['新建城市书房10个', '新增停车泊位3000个']);
    expect(units(lines.tasks[1])).toEqual(['district:lead:区城管局', 'district:responsible:区交通大队']);
    const pipe = parseNoticeText(
      `2025年区重点任务清单\n序号 | 任务 | 牵头单位 | 责任单位\n1 | 新建城市书房10个 | 区文旅局 | 区教育局\n${tail}`,
    );
    expect(pipe.tasks.map((t) => t.text)).toEqual(['新建城市书房10个']);
    expect(pipe.warnings).toEqual([]);
  });

  it('gives a task whose unit cells are all empty low confidence', () => {
    const r = parseNoticeText(`2025年区重点任务分解表
序号 | 任务 | 牵头单位 | 责任单位
1 | 新建城市书房10个 | 区文旅局 | 区教育局
2 | 新增停车泊位3000个 | — | /
`);
    expect(r.tasks.map((t) => t.confidence)).toEqual(['high', 'low']);
    const bare = parseNoticeText(`2025年区重点任务分解表
任务 | 牵头单位 | 责任单位
城市建设 | | |
新建城市书房10个 | 区文旅局 | 区教育局
新增停车泊位3000个 | | |
`);
    expect(bare.tasks.map((t) => [t.section[0], t.text, t.confidence])).toEqual([
      ['城市建设', '新建城市书房10个', 'high'],
      ['城市建设', '新增停车泊位3000个', 'low'],
    ]);
    expect(codes(r)).toContain('task_without_units');
  });
});

// ---- Generated tables in every layout ----

const TEXT_WORDS = ['任务', '工作任务', '目标任务', '重点工作', '重点工作任务'];
const LEAD_WORDS = ['牵头单位', '牵头责任单位', '主办单位', '主责单位'];
const RESP_WORDS: [string, 'responsible' | 'co'][] = [
  ['责任单位', 'responsible'],
  ['配合单位', 'co'],
  ['协办单位', 'co'],
];
const LEADER_WORDS = ['责任领导', '分管领导', '牵头领导', '分管县领导', '分管市领导'];
const DEADLINE_WORDS = ['完成时限', '时间节点'];
const UNITS = [
  '区发改局',
  '区财政局',
  '区住更局',
  '区城管局',
  '区教育局',
  '区人社局',
  '区卫健局',
  '区民政局',
  '各街道办事处',
  '区科技局',
];
const VERBS = ['新建', '完成', '推进', '新增', '实施', '改造'];
const OBJECTS = ['城市书房', '老旧小区', '停车泊位', '口袋公园', '5G基站', '农贸市场', '社区食堂', '充电桩'];
const PERSONS = ['张明', '李 华', '王小明', '陆 明俞 悦', '赵刚'];
const DEADLINES = ['年底前', '6月底前', '上半年', '三季度末'];
const SECTIONS = [
  '一、经济发展',
  '二、城市建设',
  '（一）张某副区长牵头重点工作',
  '（二）李某副区长牵头重点工作',
  '三、民生保障',
];

const rowArb = fc.record({
  verb: fc.constantFrom(...VERBS),
  object: fc.constantFrom(...OBJECTS),
  lead: fc.constantFrom(...UNITS),
  resp: fc.uniqueArray(fc.constantFrom(...UNITS), { minLength: 1, maxLength: 3 }),
  person: fc.constantFrom(...PERSONS),
  deadline: fc.constantFrom(...DEADLINES),
  progress: fc.constantFrom('已完成30%', '正在推进', '已开工建设', '完成年度目标的一半'),
  section: fc.option(fc.constantFrom(...SECTIONS), { freq: 3 }),
});

const tableArb = fc.record({
  layout: fc.constantFrom('pipe', 'lines', 'linesPipeEnd', 'linesBlank', 'linesBoth'),
  numberCol: fc.boolean(),
  rowsNumbered: fc.boolean(),
  firstNumber: fc.constantFrom(1, 1, 80),
  text: fc.constantFrom(...TEXT_WORDS),
  lead: fc.constantFrom(...LEAD_WORDS),
  resp: fc.constantFrom(...RESP_WORDS),
  leader: fc.option(fc.constantFrom(...LEADER_WORDS)),
  deadline: fc.option(fc.constantFrom(...DEADLINE_WORDS)),
  progress: fc.option(fc.constantFrom('进展情况', '名称')),
  spaced: fc.boolean(),
  pipeSpace: fc.constantFrom(' | ', '|', '  |  '),
  rows: fc.array(rowArb, { minLength: 1, maxLength: 8 }),
  tail: fc.boolean(),
});

type Table = typeof tableArb extends fc.Arbitrary<infer T> ? T : never;

/** Renders a generated table; returns the text and the tasks in it. */
function render(t: Table): { text: string; tasks: { number: string | null; text: string; units: string[] }[] } {
  const space = (w: string) => (t.spaced ? [...w].join(' ') : w);
  const header = [
    ...(t.numberCol ? ['序号'] : []),
    t.text,
    ...(t.progress ? [t.progress] : []),
    ...(t.leader ? [t.leader] : []),
    t.lead,
    t.resp[0],
    ...(t.deadline ? [t.deadline] : []),
  ].map(space);
  const numbered = t.numberCol && t.rowsNumbered;
  const lines: string[] = ['2025年区政府工作报告重点任务分解表'];
  const emitRow = (cells: string[]) => {
    if (t.layout === 'pipe') lines.push(cells.join(t.pipeSpace));
    else
      for (const c of cells) {
        lines.push(t.layout === 'linesPipeEnd' || t.layout === 'linesBoth' ? `${c} |` : c);
        if (t.layout === 'linesBlank' || t.layout === 'linesBoth') lines.push('');
      }
  };
  emitRow(header);
  const tasks: { number: string | null; text: string; units: string[] }[] = [];
  t.rows.forEach((r, k) => {
    if (r.section) {
      if (t.layout === 'pipe')
        lines.push(k % 2 === 0 ? r.section : [r.section, ...header.slice(1).map(() => '')].join(' | '));
      else emitRow([r.section]);
    }
    const number = numbered ? String(t.firstNumber + k) : null;
    const text = `${r.verb}${r.object}${k + 1}${k % 2 ? '个' : '处'}`;
    emitRow([
      ...(numbered ? [number as string] : []),
      text,
      ...(t.progress ? [r.progress] : []),
      ...(t.leader ? [r.person] : []),
      r.lead,
      r.resp.join('、'),
      ...(t.deadline ? [r.deadline] : []),
    ]);
    tasks.push({
      number,
      text,
      units: [`lead:${r.lead}`, ...r.resp.map((u) => `${t.resp[1]}:${u}`)],
    });
  });
  // The notice may go on after the table: a signature and a date.
  if (t.tail) lines.push('', '区人民政府办公室', '2025年3月1日');
  return { text: `${lines.join('\n')}\n`, tasks };
}

describe('generated tables (property)', () => {
  it('finds every generated task with its units, in every layout', () => {
    fc.assert(
      fc.property(tableArb, (t) => {
        const { text, tasks } = render(t);
        const r = parseNoticeText(text);
        expect(parseResultSchema.safeParse(r).success).toBe(true);
        expect(r.tasks.map((x) => [x.number, x.text])).toEqual(tasks.map((x) => [x.number, x.text]));
        tasks.forEach((e, k) => {
          const got = (r.tasks[k]?.assignments ?? []).map((a) => `${a.role}:${a.unit}`);
          expect(new Set(got)).toEqual(new Set(e.units));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on random cells under a real header, whatever the layout', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        '1',
        '80',
        '一、经济发展',
        '（一）',
        '省牵头单位：',
        '|',
        ' | ',
        '—',
        '区发改局、',
        '陆 明俞 悦',
        '年底前',
        '',
      ),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('序号 | 任务 | 牵头单位 | 责任单位', '序号\n任务\n分管领导\n牵头单位\n配合单位', ''),
        fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 12 }),
        fc.boolean(),
        (head, rows, pipes) => {
          const text = `${head}\n${rows.map((r) => r.join(pipes ? ' | ' : '\n')).join('\n')}\n`;
          const r = parseNoticeText(text);
          expect(parseResultSchema.safeParse(r).success).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
