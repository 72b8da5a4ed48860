// Each task's rhythm (报送频次) on every database: the office sets a task monthly, a section 阅知 or every two weeks;
// the plan gains the periods once; a month's package holds the monthly items only and a quarter's every reported
// item; a unit with no monthly task has no package and no reminder in a month; the lights follow the rhythm; bad
// input changes nothing.

import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Period, Submission, TaskDetail, TaskSummary } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { auditEntries, notifications, reportingPeriods, tasks } from '../src/server/db/schema.js';
import { loadPlanLights } from '../src/server/services/lights.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, markRestNoProgress, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

const DAY = 86_400_000;

describeEachDatabase('task rhythms', (t) => {
  // 1 April 2025, 10:00 in China: the first quarter's report is due before the 10th.
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let office: Caller;
  let planId: string;
  const who: Record<string, Caller> = {};
  const unitIds: Record<string, string> = {};
  /** A task of 区发改局 that 区经科局 has no part in: it goes monthly. */
  let monthly: TaskSummary;

  const names: Record<string, string> = {};
  /** Moves the clock on; everyone signs in again (a session idles out long before a month has passed). */
  const advance = async (ms: number) => {
    clock.advance(ms);
    office = await signIn(app, names.office as string);
    for (const key of Object.keys(who)) who[key] = await signIn(app, names[key] as string);
  };
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const periodsOf = async (caller: Caller): Promise<Period[]> =>
    (await call('GET', `/api/v1/plans/${planId}/periods`, caller)).json().items;
  const periodNamed = async (label: string) => (await periodsOf(office)).find((p) => p.label === label) as Period;
  const open = (caller: Caller, period: Period) => call('GET', `/api/v1/periods/${period.id}/submission`, caller);
  const sign = async (staff: Caller, leader: Caller, pkg: Submission) => {
    await markRestNoProgress(app, staff, pkg.id);
    expect((await call('POST', `/api/v1/submissions/${pkg.id}/send`, staff)).statusCode).toBe(200);
    expect((await call('POST', `/api/v1/submissions/${pkg.id}/sign`, leader)).statusCode).toBe(200);
  };
  const rhythmCount = async () =>
    (
      await t.db
        .select({ n: sql<number>`count(*)::int` })
        .from(auditEntries)
        .where(eq(auditEntries.action, 'task.rhythm'))
    )[0]?.n ?? 0;
  const lightOf = async (unit: string, taskId: string) => {
    const lights = await loadPlanLights(t.db, planId, clock.now(), { behindMargin: 0.1 });
    return lights.items.find((i) => i.unitId === unitIds[unit] && i.taskId === taskId);
  };

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    names.office = (await makeUser(t.db, 'supervisor')).username;
    office = await signIn(app, names.office);
    planId = await importSample(app, office);
    const units = (await call('GET', '/api/v1/units', office)).json().items as { id: string; name: string }[];
    for (const [key, role, name] of [
      ['fagaiStaff', 'unit_staff', '区发改局'],
      ['fagaiLeader', 'unit_leader', '区发改局'],
      ['jingkeStaff', 'unit_staff', '区经科局'],
      ['jingkeLeader', 'unit_leader', '区经科局'],
    ] as const) {
      const unitId = units.find((u) => u.name === name)?.id as string;
      unitIds[name] = unitId;
      names[key] = (await makeUser(t.db, role, { unitId })).username;
      who[key] = await signIn(app, names[key]);
    }
    const listed = async (unit: string): Promise<TaskSummary[]> =>
      (await call('GET', `/api/v1/tasks?planId=${planId}&unitId=${unitIds[unit]}&pageSize=500`, office)).json().items;
    const jingke = new Set((await listed('区经科局')).map((x) => x.id));
    monthly = (await listed('区发改局')).find((x) => !jingke.has(x.id)) as TaskSummary;
    expect(monthly).toBeDefined();
    // Both units report the first quarter on time, before any rhythm is set.
    for (const unit of ['fagai', 'jingke']) {
      const q1 = (await open(who[`${unit}Staff`] as Caller, await periodNamed('2025年第一季度'))).json() as Submission;
      await sign(who[`${unit}Staff`] as Caller, who[`${unit}Leader`] as Caller, q1);
    }
    await advance(DAY); // 2 April
  });

  it('refuses a bad rhythm with a bilingual 400, a unit with 403, an unknown task with 404, and writes nothing', async () => {
    const before = (await periodsOf(office)).length;
    for (const body of [
      { kind: 'weeks' },
      { kind: 'weeks', everyWeeks: 9 },
      { kind: 'weeks', everyWeeks: 0 },
      { kind: 'monthly', everyWeeks: 2 },
      { kind: 'daily' },
      {},
    ]) {
      const res = await call('PUT', `/api/v1/tasks/${monthly.id}/rhythm`, office, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const missingWeeks = await app.inject({
      method: 'PUT',
      url: `/api/v1/tasks/${monthly.id}/rhythm`,
      headers: { ...office.headers, 'accept-language': 'en' },
      payload: { kind: 'weeks' },
    });
    expect(missingWeeks.json().error.message).toMatch(/everyWeeks/);
    const asUnit = await call('PUT', `/api/v1/tasks/${monthly.id}/rhythm`, who.fagaiStaff as Caller, {
      kind: 'monthly',
    });
    expect(asUnit.statusCode).toBe(403);
    const unknown = await call('PUT', '/api/v1/tasks/00000000-0000-4000-8000-000000000000/rhythm', office, {
      kind: 'monthly',
    });
    expect(unknown.statusCode).toBe(404);
    expect((await periodsOf(office)).length).toBe(before);
    expect(await rhythmCount()).toBe(0);
  });

  it('sets a task monthly: eight month periods once; the plan’s current period stays its quarter', async () => {
    const res = await call('PUT', `/api/v1/tasks/${monthly.id}/rhythm`, office, { kind: 'monthly' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ tasks: 1, periodsAdded: 8, rhythm: { kind: 'monthly', everyWeeks: null } });
    const again = await call('PUT', `/api/v1/tasks/${monthly.id}/rhythm`, office, { kind: 'monthly' });
    expect(again.json()).toMatchObject({ tasks: 0, periodsAdded: 0 });
    expect(await rhythmCount()).toBe(1);

    const periods = await periodsOf(office);
    expect(periods.filter((p) => p.kind === 'month').map((p) => p.label)).toEqual(
      ['1', '2', '4', '5', '7', '8', '10', '11'].map((m) => `2025年${m}月`),
    );
    expect(periods.find((p) => p.current)?.kind).toBe('quarter');
    expect(periods.find((p) => p.review)?.kind).toBe('quarter');
    const task = (await call('GET', `/api/v1/tasks/${monthly.id}`, office)).json() as TaskDetail;
    expect(task.rhythm).toMatchObject({ kind: 'monthly', everyWeeks: null });
    expect(task.rhythm.since).toBe(clock.now().toISOString());
  });

  it('shows a unit the months that ask it something — from the month after the rhythm was set — and no other unit', async () => {
    const fagai = (await periodsOf(who.fagaiStaff as Caller)).filter((p) => p.kind === 'month').map((p) => p.label);
    // January and February were due before 2 April: they ask nothing of a rhythm set then.
    expect(fagai).toEqual(['4', '5', '7', '8', '10', '11'].map((m) => `2025年${m}月`));
    const jingke = await periodsOf(who.jingkeStaff as Caller);
    expect(jingke.filter((p) => p.kind === 'month')).toEqual([]);
    expect(jingke.filter((p) => p.kind === 'quarter' || p.kind === 'annual').length).toBe(4);
  });

  it('a month’s package holds the monthly items only; a quarter’s holds every item; a unit without one has none', async () => {
    const april = await periodNamed('2025年4月');
    const pkg = (await open(who.fagaiStaff as Caller, april)).json() as Submission;
    expect(pkg.items.map((i) => i.task.id)).toEqual([monthly.id]);
    const q2 = (await open(who.fagaiStaff as Caller, await periodNamed('2025年第二季度'))).json() as Submission;
    expect(q2.items.map((i) => i.task.id)).toContain(monthly.id);
    expect(q2.items.length).toBeGreaterThan(1);

    // The office's review queue for the month waits for 区发改局 alone.
    const queue = (await call('GET', `/api/v1/periods/${april.id}/submissions`, office)).json();
    expect(queue.totals.due).toBe(1);
    expect(queue.items.map((i: Submission) => i.unit.name)).toEqual(['区发改局']);

    const none = await open(who.jingkeStaff as Caller, april);
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('nothing_due');
    expect(none.json().error.message).toContain('2025年4月');
    const inEnglish = await app.inject({
      url: `/api/v1/periods/${april.id}/submission`,
      headers: { cookie: (who.jingkeStaff as Caller).cookie, 'accept-language': 'en' },
    });
    expect(inEnglish.json().error.message).toContain('nothing to send');
  });

  it('reminds the monthly unit of its month, not the others; the light goes red when the month passes unreported', async () => {
    // 7 May: the April report is due before the 10th, two days ahead (the default reminds 5 and 1 days before).
    await advance(35 * DAY);
    const run = await call('POST', '/api/v1/scheduler/run', office);
    expect(run.statusCode, run.body).toBe(200);
    const reminded = async (unit: string) =>
      (
        await t.db
          .select({ title: notifications.title, key: notifications.dedupeKey })
          .from(notifications)
          .where(
            and(eq(notifications.kind, 'period_due'), sql`${notifications.dedupeKey} like ${`%:${unitIds[unit]}:%`}`),
          )
      ).map((n) => n.title);
    // Its staff and its leader, once each.
    expect(new Set(await reminded('区发改局'))).toEqual(new Set(['2025年4月报送将于2天后截止']));
    expect(await reminded('区经科局')).toEqual([]);

    // On time it is judged on its first quarter (reported): green or grey, not red.
    expect((await lightOf('区发改局', monthly.id))?.light).not.toBe('red');
    await advance(5 * DAY); // 12 May: April's report is overdue
    const late = await lightOf('区发改局', monthly.id);
    expect(late?.light).toBe('red');
    expect(late?.reasons).toContain('overdue_unreported');
    // A quarterly task of the same unit owes nothing until July.
    const quarterly = (await loadPlanLights(t.db, planId, clock.now(), { behindMargin: 0.1 })).items.find(
      (i) => i.unitId === unitIds['区发改局'] && i.taskId !== monthly.id,
    );
    expect(quarterly?.reasons).not.toContain('overdue_unreported');

    // Signed (late), the month is reported: no longer overdue.
    const april = (await open(who.fagaiStaff as Caller, await periodNamed('2025年4月'))).json() as Submission;
    await sign(who.fagaiStaff as Caller, who.fagaiLeader as Caller, april);
    const after = await lightOf('区发改局', monthly.id);
    expect(after?.reasons).not.toContain('overdue_unreported');
    expect(after?.reasons).toContain('late');
  });

  it('sets a whole section 阅知: no package asks for its tasks, no light judges them; back to quarterly restores both', async () => {
    const plan = (await call('GET', `/api/v1/plans/${planId}`, office)).json() as {
      sources: { sections: { id: string; title: string }[] }[];
    };
    const section = plan.sources.flatMap((s) => s.sections).find((s) => s.id) as { id: string };
    const inSection = await t.db
      .select({ id: tasks.id })
      .from(tasks)
      .where(sql`${tasks.sectionId} in (with recursive sub(id) as (select ${section.id}::uuid union all
        select s.id from sections s join sub on s.parent_id = sub.id) select id from sub)`);
    expect(inSection.length).toBeGreaterThan(0);
    const before = await rhythmCount();
    const res = await call('PUT', `/api/v1/sections/${section.id}/rhythm`, office, { kind: 'read_only' });
    expect(res.statusCode, res.body).toBe(200);
    const set = res.json().tasks as number;
    expect(set).toBe(inSection.length);
    expect(await rhythmCount()).toBe(before + set);
    expect(res.json().periodsAdded).toBe(0);

    const ids = new Set(inSection.map((x) => x.id));
    const lights = await loadPlanLights(t.db, planId, clock.now(), { behindMargin: 0.1 });
    expect(lights.items.filter((i) => ids.has(i.taskId))).toEqual([]);
    // A package opened now (the third quarter's) holds none of them.
    const q3 = await periodNamed('2025年第三季度');
    for (const unit of ['fagai', 'jingke']) {
      const pkg = (await open(who[`${unit}Staff`] as Caller, q3)).json() as Submission;
      expect(pkg.items.filter((i) => ids.has(i.task.id))).toEqual([]);
    }
    const back = await call('PUT', `/api/v1/sections/${section.id}/rhythm`, office, { kind: 'quarterly' });
    expect(back.json().tasks).toBe(set);
    const relit = await loadPlanLights(t.db, planId, clock.now(), { behindMargin: 0.1 });
    expect(relit.items.some((i) => ids.has(i.taskId))).toBe(true);
  });

  it('every two weeks: the plan gains its fortnights once, kept apart from weekly ones', async () => {
    const res = await call('PUT', `/api/v1/tasks/${monthly.id}/rhythm`, office, { kind: 'weeks', everyWeeks: 2 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().periodsAdded).toBeGreaterThan(20);
    const stored = await t.db
      .select({ weeks: reportingPeriods.everyWeeks })
      .from(reportingPeriods)
      .where(and(eq(reportingPeriods.planId, planId), eq(reportingPeriods.kind, 'weeks')));
    expect(new Set(stored.map((p) => p.weeks))).toEqual(new Set([2]));
    // Now fortnightly, the task is asked nothing by the months still to come.
    const may = await periodNamed('2025年5月');
    const none = await open(who.fagaiStaff as Caller, may);
    expect(none.statusCode).toBe(404);
    const fortnights = (await periodsOf(who.fagaiStaff as Caller)).filter((p) => p.kind === 'weeks');
    expect(fortnights.length).toBeGreaterThan(10);
    expect(fortnights.every((p) => p.everyWeeks === 2 && new Date(p.dueAt) > clock.now())).toBe(true);
  });
});
