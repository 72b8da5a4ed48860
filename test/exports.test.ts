// The Excel workbooks offices send around, read back with exceljs: the 台账 in the offices' columns
// (one sheet per source, frozen header, filters), scoped to a unit's own rows for unit users, and the
// 最多报一次 workbook grouped by city lead department — on every database.

import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import type { Ledger, Period, Submission, TaskSummary } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

async function workbook(res: { statusCode: number; rawPayload: Buffer; body: string }) {
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return book;
}

const cells = (sheet: ExcelJS.Worksheet | undefined) => {
  const out: string[][] = [];
  sheet?.eachRow((row) => {
    // row.values is sparse (holes for empty cells): Array.from visits the holes too.
    out.push(Array.from((row.values as unknown[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v))));
  });
  return out;
};

describeEachDatabase('Excel exports', (t) => {
  const clock = fakeClock(new Date('2025-04-02T02:00:00Z'));
  let app: App;
  let clerk: Caller;
  let staff: Caller;
  let other: Caller;
  let planId: string;
  let q1: Period;
  let cityTask: TaskSummary;

  const get = (url: string, caller: Caller) => app.inject({ url, headers: { cookie: caller.cookie } });
  const write = (method: 'PUT' | 'POST' | 'PATCH', url: string, caller: Caller, payload: object) =>
    app.inject({ method, url, headers: caller.headers, payload });

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    planId = await importSample(app, clerk);
    q1 = (await get(`/api/v1/plans/${planId}/periods`, clerk)).json().items[0];
    const units = (await get('/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const fagai = units.find((u) => u.name === '区发改局')?.id;
    const jingke = units.find((u) => u.name === '区经科局')?.id;
    staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username);
    other = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: jingke })).username);
    const mine = (await get('/api/v1/my/assignments?pageSize=500&level=city', staff)).json().items as TaskSummary[];
    // A city task 区发改局 serves under a city lead department, with an indicator to share.
    cityTask = mine.find(
      (x) => x.assignments.some((a) => a.level === 'city' && a.role === 'lead') && x.text.includes('%') === false,
    ) as TaskSummary;
    const assignmentId = cityTask.assignments.find((a) => a.unit.id === fagai)?.id as string;
    const ledger: Ledger = (await get(`/api/v1/assignments/${assignmentId}/ledger`, staff)).json();
    expect(
      (
        await write('PUT', `/api/v1/assignments/${assignmentId}/ledger`, staff, {
          version: ledger.version,
          measures: '建立项目调度台账，每月会商。',
          responsiblePerson: '王芳',
          phone: '027-88886666',
        })
      ).statusCode,
    ).toBe(200);
    await write('POST', `/api/v1/assignments/${assignmentId}/milestones`, staff, {
      title: '完成项目储备',
      dueOn: '2025-06-30',
    });
    if (ledger.localTargets[0]) {
      await write('PUT', `/api/v1/assignments/${assignmentId}/local-targets`, staff, {
        targets: [{ indicatorId: ledger.localTargets[0].indicatorId, value: 12 }],
      });
    }
    const pkg: Submission = (await get(`/api/v1/periods/${q1.id}/submission`, staff)).json();
    const item = pkg.items.find((i) => i.assignmentId === assignmentId) as Submission['items'][number];
    const saved = await write('PATCH', `/api/v1/item-reports/${item.id}`, staff, {
      version: item.version,
      status: 'lagging',
      lagReasons: ['funding', 'other'],
      lagReasonText: '征地手续未办结，用地、规划待批',
      progress: '一季度储备项目12个。',
      problems: '要素保障不足。',
    });
    expect(saved.statusCode).toBe(200);
  });

  it('writes the office’s 台账: one sheet per source, the offices’ columns, frozen and filtered', async () => {
    const book = await workbook(await get(`/api/v1/exports/ledger.xlsx?planId=${planId}&periodId=${q1.id}`, clerk));
    expect(book.worksheets.map((s) => s.name)).toEqual(['省级1', '市级2', '区级3']);
    const sheet = book.getWorksheet('市级2') as ExcelJS.Worksheet;
    const rows = cells(sheet);
    expect(rows[0]).toEqual([
      '序号',
      '任务内容',
      '市级牵头单位',
      '区级牵头单位',
      '责任单位',
      '工作措施',
      '时间节点',
      '责任人',
      '本期进展',
      '状态',
      '滞后原因',
      '存在问题',
      '领导批示及落实情况',
    ]);
    expect(rows).toHaveLength(169);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const row = rows.find((r) => r[1] === cityTask.text) as string[];
    expect(row[2]).not.toBe('');
    expect(row[5]).toContain('建立项目调度台账');
    expect(row[6]).toContain('2025-06-30 完成项目储备');
    expect(row[7]).toContain('王芳 027-88886666');
    expect(row[8]).toContain('一季度储备项目12个。');
    expect(row[9]).toContain('滞后');
    expect(row[10]).toContain('资金、其他：征地手续未办结，用地、规划待批');
    expect(row[11]).toContain('要素保障不足。');
  });

  it('gives a unit only its own rows, and nothing of another unit', async () => {
    const book = await workbook(await get(`/api/v1/exports/ledger.xlsx?planId=${planId}&periodId=${q1.id}`, other));
    const all = book.worksheets.flatMap((s) => cells(s).slice(1));
    const total = (await get('/api/v1/my/assignments?pageSize=1', other)).json().total;
    expect(all).toHaveLength(total);
    expect(JSON.stringify(all)).not.toContain('建立项目调度台账');
    expect(JSON.stringify(all)).not.toContain('王芳');
  });

  it('groups the upward report by city lead department (最多报一次)', async () => {
    const book = await workbook(await get(`/api/v1/exports/upward.xlsx?planId=${planId}&periodId=${q1.id}`, clerk));
    const lead = cityTask.assignments.find((a) => a.level === 'city' && a.role === 'lead')?.unit.name as string;
    const sheet = book.worksheets.find((s) => s.name === lead.slice(0, 28));
    expect(sheet, `a sheet for ${lead}`).toBeDefined();
    // The same sentence can be a province task too (居民收入…同步): match the city one.
    const row = cells(sheet).find(
      (r) => r[0] === '市级' && r[1] === cityTask.number && r[2] === cityTask.text,
    ) as string[];
    expect(row[3]).toContain('区发改局');
    expect(row[5]).toContain('一季度储备项目12个。');
    expect(cells(sheet)[0]?.[8]).toBe('滞后原因');
    expect(row[8]).toContain('资金、其他：征地手续未办结，用地、规划待批');
    // District tasks are not reported upward.
    expect(book.worksheets.flatMap((s) => cells(s).slice(1)).every((r) => r[0] === '省级' || r[0] === '市级')).toBe(
      true,
    );
  });

  it('refuses unknown plans and periods with a clean 4xx', async () => {
    expect((await get('/api/v1/exports/ledger.xlsx?planId=nope', clerk)).statusCode).toBe(400);
    const missing = await get(`/api/v1/exports/ledger.xlsx?planId=${crypto.randomUUID()}`, clerk);
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'not_found']);
    const wrongPeriod = await get(
      `/api/v1/exports/upward.xlsx?planId=${planId}&periodId=${crypto.randomUUID()}`,
      clerk,
    );
    expect(wrongPeriod.statusCode).toBe(404);
  });
});
