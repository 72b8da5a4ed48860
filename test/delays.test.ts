// 延期排行 on every database: a package signed after its deadline, an extension approved and one refused, and the
// refused milestone overdue are each one delay case of the unit; the ranking counts them per period and over the
// year, a unit's cases name the task and item, units see their own row only (another unit's cases answer 404, as
// any other unit's row does), and 考评 takes the office's weight off per case.

import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { beforeAll, expect, it } from 'vitest';
import type { Bulletin } from '../src/api/bulletins.js';
import type { Delays } from '../src/api/delays.js';
import type { Evaluation } from '../src/api/evaluation.js';
import type { TaskOverview } from '../src/api/supervision.js';
import type { Period, Submission, TaskSummary } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import {
  type Caller,
  fakeClock,
  importSample,
  ledgerWithMilestone,
  makeApp,
  makeUser,
  markRestNoProgress,
  signIn,
} from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('delay count and ranking', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let clerk: Caller;
  let staff: Caller;
  let names: { clerk: string; staff: string; other: string; executive: string; admin: string };
  let planId: string;
  let periods: Period[];
  let zhugeng: string;
  let fagai: string;
  let packageId: string;
  let approvedItem: string; // 区住更局 on city task 69
  let refusedItem: string; // 区住更局 on district task 36

  const send = (method: 'GET' | 'PUT' | 'POST' | 'PATCH', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const delays = async (caller: Caller, query = ''): Promise<Delays> => {
    const res = await send('GET', `/api/v1/plans/${planId}/delays${query}`, caller);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return res.json();
  };
  const rowOf = (d: Delays, unitId: string) => d.rows.find((r) => r.unit.id === unitId);
  const moveTo = async (iso: string) => {
    clock.advance(Date.parse(iso) - clock.now().getTime());
    // Sessions idle out after 30 minutes of the fake clock.
    clerk = await signIn(app, names.clerk);
    staff = await signIn(app, names.staff);
  };
  /** A confirmed ledger with one milestone due 30 June; returns the milestone. */

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    names = {
      clerk: (await makeUser(t.db, 'supervisor')).username,
      staff: '',
      other: '',
      executive: (await makeUser(t.db, 'executive')).username,
      admin: (await makeUser(t.db, 'admin')).username,
    };
    clerk = await signIn(app, names.clerk);
    planId = await importSample(app, clerk);
    periods = (await send('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items;
    const units = (await send('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    zhugeng = units.find((u) => u.name === '区住更局')?.id as string;
    fagai = units.find((u) => u.name === '区发改局')?.id as string;
    names.staff = (await makeUser(t.db, 'unit_staff', { unitId: zhugeng })).username;
    names.other = (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username;
    const leaderName = (await makeUser(t.db, 'unit_leader', { unitId: zhugeng })).username;
    staff = await signIn(app, names.staff);
    const mine = (await send('GET', `/api/v1/my/assignments?planId=${planId}&pageSize=500`, staff)).json()
      .items as TaskSummary[];
    const pick = (level: string, number: string) =>
      mine.find((x) => x.source.level === level && x.number === number)?.assignments.find((a) => a.unit.id === zhugeng)
        ?.id as string;
    approvedItem = pick('city', '69');
    refusedItem = pick('district', '36');
    await t.db.execute(
      sql`update tasks set deadline = '6月底前' where id in (select task_id from assignments where id in (${approvedItem}, ${refusedItem}))`,
    );

    // Q1 is due by the end of 9 April; the package is signed on 12 April at 10:00: late by 2 days 10 hours, 3 days.
    const pkg: Submission = (await send('GET', `/api/v1/periods/${periods[0]?.id}/submission`, staff)).json();
    packageId = pkg.id;
    await markRestNoProgress(app, staff, pkg.id);
    await moveTo('2025-04-12T10:00:00+08:00');
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/send`, staff)).statusCode).toBe(200);
    const signed = await send('POST', `/api/v1/submissions/${pkg.id}/sign`, await signIn(app, leaderName));
    expect(signed.statusCode, signed.body).toBe(200);

    const approved = await ledgerWithMilestone(app, staff, clerk, approvedItem);
    const refused = await ledgerWithMilestone(app, staff, clerk, refusedItem);
    // 5 July: both milestones (30 June) are overdue; the unit asks to move them to 30 September.
    await moveTo('2025-07-05T09:00:00+08:00');
    const ask = async (milestoneId: string) => {
      const res = await send('POST', `/api/v1/milestones/${milestoneId}/extensions`, staff, {
        newDueOn: '2025-09-30',
        reason: '设备供货延迟',
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().id as string;
    };
    const yes = await ask(approved.id);
    const no = await ask(refused.id);
    // A pending request is not a delay yet.
    expect(rowOf(await delays(clerk), zhugeng)?.counts).toMatchObject({ extension_approved: 0, extension_refused: 0 });
    const decide = async (id: string, approve: boolean) =>
      expect((await send('POST', `/api/v1/extension-requests/${id}/decide`, clerk, { approve })).statusCode).toBe(200);
    await decide(yes, true);
    await decide(no, false);
  });

  it('counts each kind once over the year and ranks the unit with most delays first', async () => {
    const year = await delays(clerk);
    expect(year.period).toBeNull();
    expect(year.periods.map((p) => p.id)).toEqual(
      periods.filter((p) => ['quarter', 'annual'].includes(p.kind)).map((p) => p.id),
    );
    // The package late once, one extension approved, one refused, the refused milestone overdue (1–5 July).
    expect(rowOf(year, zhugeng)?.counts).toEqual({
      late_report: 1,
      extension_approved: 1,
      extension_refused: 1,
      milestone_overdue: 1,
      total: 4,
    });
    // Every other unit never sent Q1: one open late package each (Q2 is not due until 9 July).
    expect(rowOf(year, fagai)?.counts).toEqual({
      late_report: 1,
      extension_approved: 0,
      extension_refused: 0,
      milestone_overdue: 0,
      total: 1,
    });
    expect(year.rows[0]?.unit.id).toBe(zhugeng);
    expect(year.cases).toBeNull();
  });

  it('counts per period: the late package in Q1, the extensions and the overdue milestone in Q3 (July)', async () => {
    const [q1, q2, q3] = periods;
    expect(rowOf(await delays(clerk, `?periodId=${q1?.id}`), zhugeng)?.counts.total).toBe(1);
    expect(rowOf(await delays(clerk, `?periodId=${q2?.id}`), zhugeng)?.counts.total).toBe(0);
    expect(rowOf(await delays(clerk, `?periodId=${q3?.id}`), zhugeng)?.counts).toMatchObject({
      late_report: 0,
      extension_approved: 1,
      extension_refused: 1,
      milestone_overdue: 1,
      total: 3,
    });
  });

  it('lists a unit’s cases with the task, the item and the days', async () => {
    const cases = (await delays(clerk, `?unitId=${zhugeng}`)).cases ?? [];
    const byKind = Object.fromEntries(cases.map((c) => [c.kind, c]));
    expect(byKind.late_report).toMatchObject({
      task: null,
      item: { type: 'report', id: periods[0]?.id, label: periods[0]?.label, submissionId: packageId },
      on: '2025-04-09',
      days: 3,
      open: false,
    });
    expect(byKind.milestone_overdue).toMatchObject({
      task: { number: '36', sourceLevel: 'district' },
      assignmentId: refusedItem,
      item: { type: 'milestone', label: '建成投用', submissionId: null },
      on: '2025-06-30',
      days: 5,
      open: true,
    });
    expect(byKind.extension_approved).toMatchObject({ task: { number: '69', sourceLevel: 'city' }, days: 92 });
    expect(byKind.extension_refused).toMatchObject({ assignmentId: refusedItem, days: 92, on: '2025-07-05' });
  });

  it('counts on the task page what concerns the task: its item’s milestone cases and the late package', async () => {
    const taskOf = async (assignmentId: string) => {
      const [row] = (
        await t.db.execute<{ task_id: string }>(sql`select task_id from assignments where id = ${assignmentId}`)
      ).rows;
      const res = await send('GET', `/api/v1/tasks/${row?.task_id}/overview`, clerk);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      return (res.json() as TaskOverview).units.find((u) => u.assignmentId === assignmentId)?.delays;
    };
    // Task 36 (district): the refused extension and the milestone overdue since, and the Q1 package that held it.
    expect(await taskOf(refusedItem)).toEqual({
      late_report: 1,
      extension_approved: 0,
      extension_refused: 1,
      milestone_overdue: 1,
      total: 3,
    });
    // Task 69 (city): the approved extension, and the same late package.
    expect(await taskOf(approvedItem)).toMatchObject({ late_report: 1, extension_approved: 1, total: 2 });
  });

  it('shows a unit its own row and cases only; another unit’s cases answer 404', async () => {
    const own = await delays(staff);
    expect(own.rows.map((r) => r.unit.id)).toEqual([zhugeng]);
    expect((await delays(staff, `?unitId=${zhugeng}`)).cases).toHaveLength(4);
    const other = await signIn(app, names.other);
    expect((await send('GET', `/api/v1/plans/${planId}/delays?unitId=${zhugeng}`, other)).statusCode).toBe(404);
    expect((await delays(other)).rows.map((r) => r.unit.id)).toEqual([fagai]);
    // District leaders see every unit, as the office does; the administrator reads no supervision data.
    const executive = await signIn(app, names.executive);
    expect((await delays(executive)).rows.length).toBe((await delays(clerk)).rows.length);
    const admin = await signIn(app, names.admin);
    expect((await send('GET', `/api/v1/plans/${planId}/delays`, admin)).statusCode).toBe(403);
    // An unknown period is 404, not an empty ranking.
    expect((await send('GET', `/api/v1/plans/${planId}/delays?periodId=${planId}`, clerk)).statusCode).toBe(404);
  });

  it('the Q3 bulletin names the period’s delays as the ranking counts them: wording, .docx and .xlsx', async () => {
    const q3 = periods[2]?.id;
    const ranking = await delays(clerk, `?periodId=${q3}`);
    const res = await send('POST', '/api/v1/bulletins', clerk, { planId, periodId: q3 });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const bulletin: Bulletin = res.json();
    // Every unit with a case in Q3, most first, with the same counts as the dashboard's ranking.
    const expected = ranking.rows.filter((r) => r.counts.total > 0);
    expect(bulletin.data.delays.map((d) => [d.unit.id, d.period])).toEqual(expected.map((r) => [r.unit.id, r.counts]));
    const own = bulletin.data.delays.find((d) => d.unit.id === zhugeng);
    expect(own?.period.total).toBe(3);
    expect(own?.year).toBe(rowOf(await delays(clerk), zhugeng)?.counts.total);
    expect(bulletin.draft.submission).toContain('区住更局3次');

    const docx = await send('GET', `/api/v1/bulletins/${bulletin.id}/bulletin.docx`, clerk);
    const { value } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    expect(value).toContain('延期情况');
    expect(value).toContain('区住更局');
    const xlsx = await send('GET', `/api/v1/bulletins/${bulletin.id}/bulletin.xlsx`, clerk);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('延期情况');
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      '单位',
      '本期',
      '逾期报送',
      '节点逾期',
      '延期获批',
      '延期未批',
      '全年累计',
    ]);
    expect(sheet?.rowCount).toBe(expected.length + 1);
    expect(sheet?.getRow(2).getCell(1).value).toBe(expected[0]?.unit.name);
  });

  it('考评 takes the delay weight off per case of the period (0 by default), kept when a write leaves it out', async () => {
    const q1 = periods[0]?.id;
    const score = async () => {
      const e: Evaluation = (await send('GET', `/api/v1/evaluation?planId=${planId}&periodId=${q1}`, clerk)).json();
      const row = e.rows.find((r) => r.unit.id === zhugeng);
      expect(row?.delayCases).toBe(1);
      return row?.score as number;
    };
    const weights = (await send('GET', '/api/v1/settings/evaluation', clerk)).json();
    expect(weights.delays).toBe(0);
    const free = await score();
    expect((await send('PUT', '/api/v1/settings/evaluation', clerk, { ...weights, delays: 4 })).statusCode).toBe(200);
    expect(await score()).toBeCloseTo(free - 4, 5);
    const { delays: _, ...without } = weights;
    expect((await send('PUT', '/api/v1/settings/evaluation', clerk, without)).statusCode).toBe(200);
    expect((await send('GET', '/api/v1/settings/evaluation', clerk)).json().delays).toBe(4);
  });
});
