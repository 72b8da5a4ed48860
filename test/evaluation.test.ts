// 考评 on every database: scores from real reports, the office's rating and weights, ranks, a unit's own
// view, the yearly mean and the .xlsx.

import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import type { Evaluation } from '../src/api/evaluation.js';
import type { Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { assignments, supervisionNotices, tasks } from '../src/server/db/schema.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, markRestNoProgress, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('evaluation', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let clerk: Caller;
  let staffName: string;
  let leaderName: string;
  let planId: string;
  let q1: Period;
  let fagai: string;
  let jingke: string;
  let items: number;

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const evaluation = async (caller = clerk, period = true): Promise<Evaluation> =>
    (await call('GET', `/api/v1/evaluation?planId=${planId}${period ? `&periodId=${q1.id}` : ''}`, caller)).json();
  const row = (e: Evaluation, unitId: string) => e.rows.find((r) => r.unit.id === unitId);

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    const supervisor = await makeUser(t.db, 'supervisor');
    clerk = await signIn(app, supervisor.username);
    planId = await importSample(app, clerk);
    q1 = (await call('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items[0];
    const units = (await call('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    fagai = units.find((u) => u.name === '区发改局')?.id as string;
    jingke = units.find((u) => u.name === '区经科局')?.id as string;
    staffName = (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username;
    leaderName = (await makeUser(t.db, 'unit_leader', { unitId: fagai })).username;
    const leader = leaderName;
    const staff = await signIn(app, staffName);
    const pkg: Submission = (await call('GET', `/api/v1/periods/${q1.id}/submission`, staff)).json();
    items = pkg.items.length;
    const item = pkg.items[0] as Submission['items'][number];
    await call('PATCH', `/api/v1/item-reports/${item.id}`, staff, {
      version: item.version,
      status: 'blocked',
      lagReasons: ['funding'],
      progress: '受阻',
    });
    await markRestNoProgress(app, staff, pkg.id);
    await call('POST', `/api/v1/submissions/${pkg.id}/send`, staff);
    await call('POST', `/api/v1/submissions/${pkg.id}/sign`, await signIn(app, leader));
    clock.advance(Date.parse('2025-04-12T09:00:00+08:00') - clock.now().getTime());
    clerk = await signIn(app, supervisor.username);
  });

  it('scores a period from the data and ranks the units', async () => {
    const e = await evaluation();
    expect(e.period?.label).toBe('2025年第一季度');
    const f = row(e, fagai);
    expect(f?.components).toEqual({
      onTime: 100,
      completion: Math.round((1000 * (items - 1)) / items) / 10,
      indicators: null,
      supervision: 100,
      quality: null,
      filled: 100,
    });
    expect(row(e, jingke)?.components).toMatchObject({ onTime: 0, completion: 0 });
    expect(f?.rank).toBe(1);
    expect(row(e, jingke)?.rank).toBeNull();
    expect(e.rows.some((r) => r.unit.name === '市发改委')).toBe(false);
  });

  it('lists units that never reported apart (未参评), never tied with those that did', async () => {
    const e = await evaluation();
    const silent = row(e, jingke);
    expect(silent).toMatchObject({ participated: false, rank: null, score: 0 });
    expect(silent?.components).toMatchObject({ onTime: 0, completion: 0, supervision: 0, filled: 0 });
    // Only units that reported are ranked: no never-reported unit shares a rank with them.
    const ranked = e.rows.filter((r) => r.rank !== null);
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.every((r) => r.participated)).toBe(true);
    expect(e.rows.filter((r) => !r.participated).every((r) => r.rank === null)).toBe(true);
    // The ranked units come first, the 未参评 ones after them.
    expect(e.rows.findIndex((r) => !r.participated)).toBe(ranked.length);
  });

  it('ranks a unit under an open red 督办单 behind the others while the weight says it costs', async () => {
    const first = await evaluation();
    const other = first.rows.find((r) => r.unit.id !== fagai && r.unit.id !== jingke && r.items > 0);
    const otherId = other?.unit.id as string;
    const otherStaff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: otherId })).username);
    const otherLeader = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId: otherId })).username);
    const pkg: Submission = (await call('GET', `/api/v1/periods/${q1.id}/submission`, otherStaff)).json();
    await markRestNoProgress(app, otherStaff, pkg.id);
    await call('POST', `/api/v1/submissions/${pkg.id}/send`, otherStaff);
    expect((await call('POST', `/api/v1/submissions/${pkg.id}/sign`, otherLeader)).statusCode).toBe(200);

    const fagaiStaff = await signIn(app, staffName);
    const own: Submission = (await call('GET', `/api/v1/periods/${q1.id}/submission`, fagaiStaff)).json();
    const issued = await call('POST', '/api/v1/supervision-notices', clerk, {
      assignmentId: own.items[0]?.assignmentId,
      reason: '受阻事项未见推进。',
      severity: 'red',
      respondBy: '2025-04-20',
    });
    expect(issued.statusCode).toBe(200);
    const before = row(first, fagai);
    const vetoed = await evaluation();
    expect(row(vetoed, fagai)).toMatchObject({ openRedNotices: 1, score: Math.max(0, (before?.score ?? 0) - 20) });
    expect(vetoed.rows[0]?.unit.id).toBe(otherId);
    expect(vetoed.rows[0]?.rank).toBe(1);
    expect((row(vetoed, fagai)?.rank ?? 0) > 1).toBe(true);

    // Closed, it costs nothing any more.
    const id = issued.json().id as string;
    await call('POST', `/api/v1/supervision-notices/${id}/respond`, fagaiStaff, { response: '已协调解决。' });
    expect((await call('POST', `/api/v1/supervision-notices/${id}/close`, clerk, { note: '已办结' })).statusCode).toBe(
      200,
    );
    expect(row(await evaluation(), fagai)).toMatchObject({ openRedNotices: 0, score: before?.score });
  });

  it('counts a 督办单 in the period of the office’s day it was issued (Asia/Shanghai), not UTC', async () => {
    const periods: Period[] = (await call('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items;
    const q2 = periods[1] as Period;
    const fagaiStaff = await signIn(app, staffName);
    const own: Submission = (await call('GET', `/api/v1/periods/${q1.id}/submission`, fagaiStaff)).json();
    const [task] = await t.db
      .select({ taskId: assignments.taskId })
      .from(assignments)
      .where(eq(assignments.id, own.items[0]?.assignmentId as string));
    const q2Supervision = async () =>
      row((await call('GET', `/api/v1/evaluation?planId=${planId}&periodId=${q2.id}`, clerk)).json(), fagai)?.components
        ?.supervision as number;
    const before = await q2Supervision();
    // 00:30 on 1 April in Wuchang is still 31 March in UTC: the notice is the second quarter's.
    await t.db.insert(supervisionNotices).values({
      year: 2025,
      seq: 900,
      taskId: task?.taskId as string,
      unitId: fagai,
      reason: '测试',
      severity: 'blue',
      status: 'closed',
      issuedAt: new Date('2025-03-31T16:30:00Z'),
      closedAt: new Date('2025-03-31T17:00:00Z'),
    });
    expect(await q2Supervision()).toBe(before - 20);
    await t.db.delete(supervisionNotices).where(eq(supervisionNotices.seq, 900));
  });

  it('takes the office’s rating and weights, and refuses bad ones', async () => {
    expect(
      (await call('PUT', '/api/v1/evaluation/ratings', clerk, { unitId: fagai, periodId: q1.id, score: 101 }))
        .statusCode,
    ).toBe(400);
    const staff = await signIn(app, staffName);
    expect(
      (await call('PUT', '/api/v1/evaluation/ratings', staff, { unitId: fagai, periodId: q1.id, score: 90 }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await call('PUT', '/api/v1/evaluation/ratings', clerk, {
          unitId: fagai,
          periodId: q1.id,
          score: 90,
          note: '材料翔实',
        })
      ).statusCode,
    ).toBe(200);
    expect(row(await evaluation(), fagai)?.components?.quality).toBe(90);
    const zero = { onTime: 0, completion: 0, indicators: 0, supervision: 0, quality: 0 };
    expect((await call('PUT', '/api/v1/settings/evaluation', clerk, zero)).statusCode).toBe(400);
    expect((await call('PUT', '/api/v1/settings/evaluation', clerk, { ...zero, onTime: 100 })).statusCode).toBe(200);
    const onTimeOnly = await evaluation();
    expect([row(onTimeOnly, fagai)?.score, row(onTimeOnly, jingke)?.score]).toEqual([100, 0]);
  });

  it('shows a unit only its own row; the year is the mean of the periods scored', async () => {
    const staff = await signIn(app, staffName);
    const own = await evaluation(staff);
    expect(own.rows.map((r) => r.unit.id)).toEqual([fagai]);
    const year = await evaluation(clerk, false);
    expect(year.period).toBeNull();
    expect(row(year, fagai)?.periods.map((p) => p.label)).toEqual(['2025年第一季度']);
    expect(row(year, fagai)?.score).toBe(row(await evaluation(), fagai)?.score);
    const xlsx = await call('GET', `/api/v1/evaluation.xlsx?planId=${planId}&periodId=${q1.id}`, clerk);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet?.getRow(1).getCell(1).value).toBe('名次');
    expect(sheet?.rowCount).toBe(year.rows.length + 1);
  });
  it('counts indicator values only in the periods the unit reported them for', async () => {
    const periods: Period[] = (await call('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items;
    const [q2, q3] = [periods[1] as Period, periods[2] as Period];
    const staff = await signIn(app, staffName);
    const pkg: Submission = (await call('GET', `/api/v1/periods/${q2.id}/submission`, staff)).json();
    const item = pkg.items.find((i) => i.indicatorActuals.length > 0) as Submission['items'][number];
    const edited = await call('PATCH', `/api/v1/item-reports/${item.id}`, staff, {
      version: item.version,
      indicatorActuals: [{ indicatorId: item.indicatorActuals[0]?.indicatorId, value: 1 }],
    });
    expect(edited.statusCode).toBe(200);
    await markRestNoProgress(app, staff, pkg.id);
    await call('POST', `/api/v1/submissions/${pkg.id}/send`, staff);
    const signed = await call('POST', `/api/v1/submissions/${pkg.id}/sign`, await signIn(app, leaderName));
    expect(signed.json().status).toBe('submitted');
    const of = async (period: Period) =>
      row((await call('GET', `/api/v1/evaluation?planId=${planId}&periodId=${period.id}`, clerk)).json(), fagai)
        ?.components?.indicators;
    expect(await of(q2)).toEqual(expect.any(Number));
    // Not reported for Q3 (not yet due): the value reported for Q2 is not Q3's.
    expect(await of(q3)).toBeNull();
  });

  it('takes points off once for an item finished after its deadline (逾期完成), in the period that said so', async () => {
    const periods: Period[] = (await call('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items;
    const q2 = periods[1] as Period;
    const staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: jingke })).username);
    const leader = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId: jingke })).username);
    const pkg: Submission = (await call('GET', `/api/v1/periods/${q2.id}/submission`, staff)).json();
    const item = pkg.items[0] as Submission['items'][number];
    // The notice printed 5月底前 for this task: done by the end of June is done late.
    const [{ taskId } = { taskId: '' }] = await t.db
      .select({ taskId: assignments.taskId })
      .from(assignments)
      .where(eq(assignments.id, item.assignmentId));
    await t.db.update(tasks).set({ deadline: '5月底前' }).where(eq(tasks.id, taskId));
    const done = await call('PATCH', `/api/v1/item-reports/${item.id}`, staff, {
      version: item.version,
      status: 'completed',
      progress: '已全部完成。',
    });
    expect(done.statusCode).toBe(200);
    await markRestNoProgress(app, staff, pkg.id);
    await call('POST', `/api/v1/submissions/${pkg.id}/send`, staff);
    expect((await call('POST', `/api/v1/submissions/${pkg.id}/sign`, leader)).json().status).toBe('submitted');

    const inQ2 = async () =>
      row((await call('GET', `/api/v1/evaluation?planId=${planId}&periodId=${q2.id}`, clerk)).json(), jingke);
    const late = await inQ2();
    // −5 for the late finish; −2 more because 已完成 came without evidence (a quality flag, scored apart).
    expect(late).toMatchObject({ completedLate: 1, flaggedItems: 1, score: 93 });
    expect(late?.progress.completed_late).toBe(1);
    expect(late?.progress.completed).toBe(0);
    // Q1 knew nothing of it.
    expect(row(await evaluation(), jingke)?.completedLate).toBe(0);

    // At 0 the office does not deduct for it; the weight is kept when a write leaves it out.
    const weights = (await call('GET', '/api/v1/settings/evaluation', clerk)).json();
    expect(weights.completedLate).toBe(5);
    await call('PUT', '/api/v1/settings/evaluation', clerk, { ...weights, completedLate: 0 });
    // The quality flag (已完成 without evidence) still costs its own 2.
    expect((await inQ2())?.score).toBe(98);
    const { completedLate: _, ...without } = weights;
    await call('PUT', '/api/v1/settings/evaluation', clerk, without);
    expect((await call('GET', '/api/v1/settings/evaluation', clerk)).json().completedLate).toBe(0);
    expect(
      (await call('PUT', '/api/v1/settings/evaluation', clerk, { ...weights, completedLate: -1 })).statusCode,
    ).toBe(400);
  });
});
